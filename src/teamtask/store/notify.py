"""Tell live readers (the TUI) that tasks changed: PostgreSQL NOTIFY on channel `teamtask`.

Call `notify(db)` inside a write transaction (e.g. just before `Database.transaction`
commits): PostgreSQL delivers a NOTIFY only when its transaction commits and drops it on
rollback, so listeners never refresh for a change that did not happen. On SQLite it does
nothing: readers there watch `PRAGMA data_version`, which every commit bumps for free.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from teamtask.db import Database

CHANNEL = "teamtask"


def notify(db: Database, payload: str = "") -> None:
    """Queue a notification for listeners of `CHANNEL` (payload: e.g. a task id, ≤ 8000 bytes)."""
    if db.dialect != "postgresql":
        return
    db.execute("SELECT pg_notify(?, ?)", (CHANNEL, payload))
