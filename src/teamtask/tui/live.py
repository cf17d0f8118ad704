"""Live refresh: notice commits made by anyone (CLI, pollers, other TUIs) within a second.

SQLite: `PRAGMA data_version` changes whenever another connection commits; reading it is
a few microseconds, so polling it twice a second is free. PostgreSQL: LISTEN on the
`teamtask` channel (every write transaction NOTIFYs it, see `Database.transaction`) and, as a
safety net for writers outside teamtask, also compare `max(updated_at), count(*)` of tasks
once a second.

The loop runs in its own thread (a Textual thread worker), so it has its own connection,
and it is the one place that notices a lost database: it reports the loss once, keeps
retrying, and reports the recovery.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from teamtask.db import NOTIFY_CHANNEL as CHANNEL
from teamtask.db import Database
from teamtask.tui.backend import environment_problem

SQLITE_INTERVAL = 0.5
POSTGRES_INTERVAL = 1.0
RETRY_INTERVAL = 2.0


@dataclass
class Listener:
    on_change: Callable[[], None]
    on_lost: Callable[[str], None]
    on_restored: Callable[[], None]


class Watcher:
    """One database's change detector; `run` blocks until `stop` is called."""

    def __init__(self, db: Database, listener: Listener, *, interval: float | None = None) -> None:
        self.db = db
        self.listener = listener
        default = SQLITE_INTERVAL if db.dialect == "sqlite" else POSTGRES_INTERVAL
        self.interval = interval or default
        self._stop = threading.Event()
        self._listening = False
        self._suspect = False

    def suspect(self) -> None:
        """Another thread lost the database: report the recovery once a probe succeeds."""
        self._suspect = True

    def stop(self) -> None:
        self._stop.set()

    def run(self) -> None:
        last: Any = None
        lost = False
        try:
            while not self._stop.is_set():
                try:
                    token, notified = self._probe()
                except Exception as exc:
                    problem = environment_problem(exc) or exc
                    self._drop_connection()
                    if not lost:
                        lost = True
                        self.listener.on_lost(str(problem))
                    self._stop.wait(RETRY_INTERVAL)
                    continue
                if lost or self._suspect:
                    lost = self._suspect = False
                    self.listener.on_restored()
                    self.listener.on_change()
                elif notified or (last is not None and token != last):
                    self.listener.on_change()
                last = token
                if self.db.dialect == "sqlite":
                    self._stop.wait(self.interval)
        finally:
            self._drop_connection()

    def _probe(self) -> tuple[Any, bool]:
        if self.db.dialect == "sqlite":
            path = self.db.url.path
            if path is not None and not path.exists():
                # Reconnecting would silently create an empty database file.
                raise FileNotFoundError(f"the database file {path} is gone")
            return self.db.data_version(), False
        return self._probe_postgres()

    def _probe_postgres(self) -> tuple[Any, bool]:
        conn = self.db.connection
        if not self._listening:
            self.db.execute(f"LISTEN {CHANNEL}")
            self._listening = True
        # Wait for a notification (or the interval), then drain whatever else arrived.
        notified = any(True for _ in conn.notifies(timeout=self.interval, stop_after=1))
        if notified:
            for _ in conn.notifies(timeout=0.01):
                pass
        token = self.db.one("SELECT max(updated_at), count(*) FROM tasks")
        return token, notified

    def _drop_connection(self) -> None:
        self._listening = False
        with contextlib.suppress(Exception):  # already broken; the next probe reconnects
            self.db.close()
