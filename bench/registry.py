"""Registry filters on form fields over 100,000 invoice tasks on SQLite.

    uv run python bench/registry.py [--tasks 100000] [--runs 20]

Target (issue 3): `tt ls form:invoice 'total>10000'` ≤ 300 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from capture import prepare, report, timed

SUPPLIERS = ['ООО "Ромашка"', 'АО "Вектор"', 'ООО "Альфа"', "ИП Петров", 'ООО "Лютик"']


def build_database(path: Path, tasks: int) -> None:
    """Bulk rows straight into the migrated schema: a bench fixture, not product code."""
    from teamtask.config import load_settings
    from teamtask.services.context import open_context
    from teamtask.services.forms import form_definition

    ctx = open_context(load_settings(db=str(path), user="bench", config=os.devnull))
    version = form_definition(ctx, "invoice").version
    rng = random.Random(7)
    now = datetime.now(UTC)
    task_rows, field_rows = [], []
    for n in range(1, tasks + 1):
        supplier = rng.choice(SUPPLIERS)
        total = Decimal(rng.randint(100, 500_000_00)) / 100
        created = (now - timedelta(minutes=tasks - n)).isoformat(timespec="microseconds")
        title = f"Счёт {n} от {supplier}: {total} RUB"
        closed = rng.random() < 0.5
        task_rows.append(
            (
                n,
                title,
                title.casefold(),
                "paid" if closed else "approval",
                closed,
                version,
                created,
                created,
            )
        )
        day = (now - timedelta(days=rng.randint(0, 365))).date().isoformat()
        for key, value, num, date_value, folded in (
            ("number", str(n), None, None, str(n)),
            ("supplier_name", supplier, None, None, supplier.casefold()),
            (
                "total",
                {"amount": f"{total:.2f}", "currency": "RUB"},
                str(total),
                None,
                f"{total:.2f}",
            ),
            ("date", day, None, day, day),
        ):
            field_rows.append(
                (n, key, json.dumps(value, ensure_ascii=False), num, date_value, folded)
            )
    with ctx.db.transaction():
        ctx.db.executemany(
            "INSERT INTO tasks (id, title, description, search_text, status, closed, priority,"
            " form_key, form_version, created_at, updated_at, channel, version)"
            " VALUES (?, ?, '', ?, ?, ?, 1, 'invoice', ?, ?, ?, 'cli', 1)",
            task_rows,
        )
        ctx.db.executemany(
            "INSERT INTO task_fields (task_id, key, value_json, value_num, value_date, value_folded)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            field_rows,
        )
    ctx.db.execute("ANALYZE")
    ctx.db.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "registry.db"
        started = time.perf_counter()
        build_database(db, args.tasks)
        print(
            f"built {args.tasks:,} invoice tasks with fields in {time.perf_counter() - started:.1f} s"
        )
        tt, env = prepare(db, "bench")
        timed([tt, "ls", "form:invoice"], env, 2)
        cases = [
            ["ls", "form:invoice", "total>10000"],
            ["ls", "form:invoice", "total>10000", "--sort", "-total"],
            ["ls", "form:invoice", "supplier_name~ромашка", "--format", "json"],
            ["ls", "form:invoice", "date<2026-06-01", "status:any", "--format", "csv"],
        ]
        for case in cases:
            report("tt " + " ".join(case), timed([tt, *case], env, args.runs))


if __name__ == "__main__":
    main()
