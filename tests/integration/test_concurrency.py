"""Several processes write at once: 4 × 200 `tt add` → exactly 800 tasks, no errors (§2, §7).

Each worker is a real process that calls the CLI entry point in a loop (one `tt add` = one
`main()` call, with its own connection), so the database sees four independent writers
without paying the interpreter start-up 800 times. The workers wait at a barrier so that
they really write at the same moment.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

WORKERS = 4
TASKS_EACH = 200

DRIVER = r"""
import contextlib, io, os, sys, time
from pathlib import Path

from teamtask.cli.main import main

worker, count, barrier = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
(barrier / f"ready-{worker}").touch()
deadline = time.monotonic() + 120
while not (barrier / "go").exists():
    if time.monotonic() > deadline:
        sys.exit("the barrier never opened")
    time.sleep(0.005)
failures = 0
for number in range(count):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["add", f"load {worker}-{number}", "+load", f"@{'bob' if number % 2 else 'alice'}"])
    if code != 0 or not out.getvalue().startswith("#"):
        failures += 1
        sys.stderr.write(f"add {number} -> {code}: {err.getvalue()}")
    sys.stdout.write(out.getvalue())
sys.exit(1 if failures else 0)
"""


@pytest.mark.slow
def test_four_processes_add_800_tasks(tt, tmp_path):
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER, encoding="utf-8")
    barrier = tmp_path / "barrier"
    barrier.mkdir()
    env = {**os.environ, **tt.env}
    procs = [
        subprocess.Popen(
            [sys.executable, str(driver), str(worker), str(TASKS_EACH), str(barrier)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for worker in range(WORKERS)
    ]
    try:
        deadline = time.monotonic() + 120
        while len(list(barrier.glob("ready-*"))) < WORKERS and time.monotonic() < deadline:
            if any(p.poll() is not None for p in procs):
                break
            time.sleep(0.01)
        (barrier / "go").touch()
        results = [p.communicate(timeout=300) for p in procs]
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
    for proc, (out, err) in zip(procs, results, strict=True):
        assert proc.returncode == 0, err[-2000:]
        assert "locked" not in err and "busy" not in err and "Traceback" not in err, err[-2000:]
        assert len(out.splitlines()) == TASKS_EACH

    printed = sorted(int(line.split()[0][1:]) for out, _ in results for line in out.splitlines())
    assert len(set(printed)) == WORKERS * TASKS_EACH, "every add printed its own task number"

    tasks = tt.ok("ls", "+load", "--limit", "0", "--format", "json").json()
    assert len(tasks) == WORKERS * TASKS_EACH
    assert sorted(t["id"] for t in tasks) == printed
    assert {t["title"] for t in tasks} == {
        f"load {w}-{n}" for w in range(WORKERS) for n in range(TASKS_EACH)
    }
    assert all(t["tags"] == ["load"] and t["author"] == "alice" for t in tasks)
    assert sum(t["assignee"] == "bob" for t in tasks) == WORKERS * TASKS_EACH // 2
    assert len(tt.ok("ls", "status:any", "--limit", "0", "--format", "ids").out.split()) == 800
