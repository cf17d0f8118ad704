"""Quick capture speed: `tt add` and `tt ls` on a SQLite database with 100,000 tasks.

    uv run python bench/capture.py [--tasks 100000] [--runs 30]

Prints p50/p90 wall time of whole `tt` processes beside `python -c pass` (the floor).
Targets (issue 2): p50 `tt add` ≤ 150 ms, p50 `tt ls` ≤ 250 ms on 2 cores.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path


def build_database(path: Path, tasks: int) -> None:
    """Bulk rows straight into the migrated schema: a bench fixture, not product code."""
    from teamtask.config import load_settings
    from teamtask.services.context import open_context
    from teamtask.services.people import add_group, add_user

    ctx = open_context(load_settings(db=str(path), user="bench", config=os.devnull))
    for handle in ("alice", "bob", "carol", "dmitry"):
        add_user(ctx, handle)
    add_group(ctx, "support-l1", members=["alice", "bob"])
    users = list(ctx.users().values())
    rng = random.Random(1)
    now = datetime.now(UTC)
    words = [
        "login",
        "payment",
        "report",
        "import",
        "export",
        "queue",
        "batch",
        "Логин",
        "обработка",
        "пакетов",
        "счёт",
    ]
    rows = []
    for n in range(tasks):
        title = " ".join(rng.sample(words, 4)) + f" {n}"
        closed = rng.random() < 0.6
        due = (now + timedelta(days=rng.randint(-30, 60))).date() if rng.random() < 0.5 else None
        created = now - timedelta(minutes=tasks - n)
        rows.append(
            (
                title,
                "",
                title.casefold(),
                "done" if closed else rng.choice(["todo", "doing"]),
                closed,
                rng.randint(0, 3),
                rng.choice(users),
                rng.choice([*users, None]),
                due.isoformat() if due else None,
                created.isoformat(timespec="microseconds"),
                created.isoformat(timespec="microseconds"),
            )
        )
    with ctx.db.transaction():
        ctx.db.executemany(
            "INSERT INTO tasks (title, description, search_text, status, closed, priority,"
            " author_id, assignee_id, due_date, created_at, updated_at, channel, version)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,'cli',1)",
            rows,
        )
    ctx.db.execute("ANALYZE")
    ctx.db.close()


def compile_bytecode() -> None:
    """Installed packages ship .pyc files; a checkout under PYTHONDONTWRITEBYTECODE=1 (as on
    these machines) would otherwise recompile every module on every run."""
    import compileall
    import site

    for folder in [str(Path(__file__).resolve().parents[1] / "src"), *site.getsitepackages()]:
        compileall.compile_dir(folder, quiet=1, workers=2)


def prepare(db: Path, user: str) -> tuple[str, dict[str, str]]:
    """The `tt` executable and the environment that points it at `db`, bytecode compiled."""
    env = {
        **os.environ,
        "TEAMTASK_DB": str(db),
        "TEAMTASK_USER": user,
        "TEAMTASK_CONFIG": os.devnull,
        "NO_COLOR": "1",
    }
    compile_bytecode()
    return str(Path(sys.executable).with_name("tt")), env


def timed(command: list[str], env: dict[str, str], runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        result = subprocess.run(command, env=env, capture_output=True, text=True)
        samples.append((time.perf_counter() - start) * 1000)
        if result.returncode != 0:
            raise SystemExit(f"{' '.join(command)} failed: {result.stderr}")
    return samples


def report(name: str, samples: list[float]) -> None:
    ordered = sorted(samples)
    p90 = ordered[int(len(ordered) * 0.9) - 1]
    print(
        f"{name:<34} p50 {statistics.median(ordered):7.1f} ms   p90 {p90:7.1f} ms   n={len(ordered)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        started = time.perf_counter()
        build_database(db, args.tasks)
        print(f"built {args.tasks:,} tasks in {time.perf_counter() - started:.1f} s")
        tt, env = prepare(db, "alice")
        timed([tt, "ls"], env, 2)  # warm the page cache and .pyc files
        report("python -c pass", timed([sys.executable, "-c", "pass"], env, args.runs))
        report(
            "tt add Fix login @bob +bug due:fri",
            timed([tt, "add", "Fix", "login", "@bob", "+bug", "due:fri"], env, args.runs),
        )
        report("tt ls (status:open, 50 rows)", timed([tt, "ls"], env, args.runs))
        report(
            "tt ls логин @me --format json",
            timed([tt, "ls", "логин", "@me", "--format", "json"], env, args.runs),
        )
        report("tt --help", timed([tt, "--help"], env, args.runs))


if __name__ == "__main__":
    main()
