"""The terminal UI over 100,000 tasks on SQLite.

    uv run python bench/tui.py [--tasks 100000] [--runs 10] [--keep PATH]

Targets (issue 4): first screen painted ≤ 1.0 s after start; filter typed → table
updated ≤ 150 ms; card moved → board repainted ≤ 50 ms. Headless Textual (no terminal
I/O), so the figures are the app's own work; a real terminal adds its drawing time.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

USERS = [f"user{n}" for n in range(1, 20)]
WORDS = ["login", "export", "invoice", "queue", "report", "backup", "release", "ошибка",
         "выгрузка", "клиент", "сертификат", "пакеты", "мобильное", "registry", "board"]  # fmt: skip
TAGS = ["bug", "feature", "client", "ops", "docs"]
PLAIN = ["todo", "todo", "doing", "waiting", "done", "done", "cancelled"]
FILTERS = ["+bug", "@user3", "login", "due.before:eow", "клиент +client", "@me status:any",
           "form:invoice total>10000", "priority:high due.after:2026-01-01"]  # fmt: skip


def build_database(path: Path, tasks: int) -> None:
    """Bulk rows straight into the migrated schema: a bench fixture, not product code."""
    from teamtask.config import load_settings
    from teamtask.services.context import open_context
    from teamtask.services.forms import form_definition
    from teamtask.services.people import add_user

    ctx = open_context(load_settings(db=str(path), user="bench", config=os.devnull))
    for handle in USERS:
        add_user(ctx, handle, name=handle)
    ctx.forget_people()
    user_ids = list(ctx.users().values())
    invoice_version = form_definition(ctx, "invoice").version
    rng = random.Random(4)
    now = datetime.now(UTC)
    today = date.today()
    task_rows, tag_rows, field_rows = [], [], []
    for n in range(1, tasks + 1):
        invoice = n % 5 == 0
        created = (now - timedelta(minutes=tasks - n)).isoformat(timespec="microseconds")
        due = (
            (today + timedelta(days=rng.randint(-30, 60))).isoformat()
            if rng.random() < 0.6
            else None
        )
        if invoice:
            total = rng.randint(100, 500_000)
            title = f"Счёт {n}: {total}.00 RUB"
            status = rng.choice(["draft", "approval", "approved", "paid"])
            closed = status == "paid"
            field_rows += [
                (n, "number", json.dumps(str(n)), None, None, str(n)),
                (n, "total", json.dumps({"amount": f"{total}.00", "currency": "RUB"}),
                 str(total), None, f"{total}.00"),
            ]  # fmt: skip
        else:
            title = " ".join(rng.sample(WORDS, 3)).capitalize() + f" #{n}"
            status = rng.choice(PLAIN)
            closed = status in ("done", "cancelled")
        assignee = rng.choice(user_ids) if rng.random() < 0.8 else None
        task_rows.append((
            n, title, title.casefold(), status, closed, rng.randint(0, 3), assignee,
            "invoice" if invoice else None, invoice_version if invoice else None, due,
            created, created,
        ))  # fmt: skip
        if rng.random() < 0.3:
            tag_rows.append((n, rng.choice(TAGS)))
    with ctx.db.transaction():
        ctx.db.executemany(
            "INSERT INTO tasks (id, title, description, search_text, status, closed, priority,"
            " assignee_id, form_key, form_version, due_date, created_at, updated_at, channel,"
            " version) VALUES (?, ?, '', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'cli', 1)",
            task_rows,
        )
        ctx.db.executemany("INSERT INTO task_tags (task_id, tag) VALUES (?, ?)", tag_rows)
        ctx.db.executemany(
            "INSERT INTO task_fields (task_id, key, value_json, value_num, value_date, value_folded)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            field_rows,
        )
    ctx.db.execute("ANALYZE")
    ctx.db.close()


# -- 1. start-up, in a fresh process ------------------------------------------------------


def child_startup(db: str) -> None:
    """Runs in a fresh interpreter: open the app as `tt ui` would, report two instants."""
    from teamtask.cli.state import State
    from teamtask.tui.app import TeamtaskApp

    state = State(db=db, user="bench")
    app = TeamtaskApp(state.context(), live=False)
    marks: dict[str, float] = {}

    async def pilot(p) -> None:
        marks["painted"] = time.time()  # the app is running and has drawn its first frame
        while not getattr(p.app.screen, "loaded", False):
            await asyncio.sleep(0.005)
        await p.pause()
        marks["inbox"] = time.time()
        p.app.exit()

    app.run(headless=True, size=(120, 40), auto_pilot=pilot)
    print(json.dumps(marks))


def startup(db: Path, runs: int) -> tuple[list[float], list[float]]:
    env = {**os.environ, "TEAMTASK_CONFIG": os.devnull, "TEAMTASK_TZ": "UTC"}
    painted, filled = [], []
    for _ in range(runs + 1):  # the first run compiles bytecode; not counted
        started = time.time()
        out = subprocess.run([sys.executable, __file__, "--child", str(db)], env=env,
                             capture_output=True, text=True, check=True).stdout  # fmt: skip
        marks = json.loads(out.strip().splitlines()[-1])
        painted.append(marks["painted"] - started)
        filled.append(marks["inbox"] - started)
    return painted[1:], filled[1:]


# -- 2 and 3. filter and board, in process ------------------------------------------------


async def interactive(db: Path, runs: int) -> dict[str, list[float]]:
    from teamtask.config import load_settings
    from teamtask.services.context import open_context
    from teamtask.tui.app import TeamtaskApp
    from teamtask.tui.widgets.filter_bar import FilterBar

    ctx = open_context(load_settings(db=str(db), user="bench", config=os.devnull))
    app = TeamtaskApp(ctx, live=False)
    figures: dict[str, list[float]] = {"filter": [], "page": [], "move": [], "board reload": []}

    async def until(predicate, timeout: float = 30.0) -> None:
        deadline = time.perf_counter() + timeout
        while not predicate():
            if time.perf_counter() > deadline:
                raise TimeoutError
            await asyncio.sleep(0.001)

    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")
        await until(lambda: getattr(app.screen, "loads", 0) > 0)
        registry = app.screen
        bar = registry.query_one(FilterBar)
        for _ in range(runs):
            for text in FILTERS:
                await until(app.is_idle)
                done = registry.loads
                bar.input.value = text
                started = time.perf_counter()
                bar.post_message(FilterBar.Applied(bar, text))
                await until(
                    lambda d=done, s=started: registry.loads > d and registry.painted_at > s
                )
                figures["filter"].append((registry.painted_at - started) * 1000)
                figures.setdefault(f"  filter {text}", []).append(figures["filter"][-1])
        bar.set_text("")
        await pilot.pause(0.5)
        table = registry.query_one("#registry-table")
        for _ in range(runs):
            await until(app.is_idle)
            done = registry.loads
            started = time.perf_counter()
            table.move_cursor(row=table.row_count - 1)
            await until(lambda d=done, s=started: registry.loads > d and registry.painted_at > s)
            figures["page"].append((registry.painted_at - started) * 1000)
        await pilot.press("3")
        await until(
            lambda: getattr(app.screen, "loads", 0) > 0 and app.screen.selected_id is not None
        )
        board = app.screen
        for step in [1, -1] * runs:
            await until(app.is_idle)
            await pilot.pause(0.2)  # the reload that follows the previous write
            await until(app.is_idle)
            board.last_move_ms = None
            await pilot.press("L" if step > 0 else "H")
            await until(lambda: board.last_move_ms is not None)
            figures["move"].append(board.last_move_ms)
        for _ in range(runs):
            await until(app.is_idle)
            loads = board.loads
            board.signature = None  # repaint even when nothing changed
            started = time.perf_counter()
            board.reload()
            await until(lambda lo=loads: board.loads > lo)
            await pilot.pause()
            figures["board reload"].append((time.perf_counter() - started) * 1000)
    return figures


def show(name: str, values: list[float], unit: str, target: float | None = None) -> None:
    values = sorted(values)
    p90 = values[min(len(values) - 1, int(len(values) * 0.9))]
    goal = f"  (target ≤ {target:g} {unit})" if target else ""
    print(f"{name:<38} median {statistics.median(values):7.1f} {unit}   p90 {p90:7.1f} {unit}"
          f"   n={len(values)}{goal}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--keep", type=Path, help="build (or reuse) the database here")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child_startup(args.child)
        return
    os.environ.setdefault("TEAMTASK_TZ", "UTC")
    with tempfile.TemporaryDirectory() as tmp:
        db = args.keep or Path(tmp) / "tui.db"
        if not db.exists():
            started = time.perf_counter()
            build_database(db, args.tasks)
            print(f"built {args.tasks:,} tasks in {time.perf_counter() - started:.1f} s")
        painted, filled = startup(db, args.runs)
        show("start → first screen painted", [s * 1000 for s in painted], "ms", 1000)
        show("start → inbox filled", [s * 1000 for s in filled], "ms")
        figures = asyncio.run(interactive(db, args.runs))
        show("filter applied → table updated", figures["filter"], "ms", 150)
        for name in sorted(k for k in figures if k.startswith("  filter ")):
            show(name, figures[name], "ms")
        show("cursor at the end → next page shown", figures["page"], "ms")
        show("card moved → board repainted", figures["move"], "ms", 50)
        show("board reloaded and repainted", figures["board reload"], "ms")


if __name__ == "__main__":
    main()
