"""One poller per source and database at a time, however it was started (cron, service, hand).

Used by every channel: `email:NAME` per mailbox, the email outbox, `telegram`.

The lock must live where the contenders meet. For the embedded SQLite file that is this
machine: an `flock` on a file in the platform data directory, keyed by the database file and
the lock name; the kernel drops it when the process dies, even by `kill -9`. A shared
PostgreSQL database is polled from several machines, so there it is a session-level advisory
lock on the very connection the run uses: it too vanishes with the session.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import time
from pathlib import Path
from typing import IO

from teamtask.domain.errors import Conflict
from teamtask.services.context import Context

POLL_INTERVAL = 0.1


class RunLockBusy(Conflict):
    """Another process holds the lock (the CLI maps Conflict to exit 1)."""


def busy_message(name: str) -> str:
    return f"another `{name}` poller is running on this database; try again when it has finished"


class RunLock:
    """A non-reentrant, process-wide exclusive lock named `name` for the context's database."""

    def __init__(self, ctx: Context, name: str) -> None:
        self.ctx = ctx
        self.name = name
        self._file: IO[str] | None = None
        self._held = False

    @property
    def key(self) -> int:
        """The advisory lock key: 64 bits of a hash of database and name (PostgreSQL wants a
        bigint). Advisory locks are cluster-wide, so two teamtask databases on one server
        must not share keys."""
        database = self.ctx.db.scalar("SELECT current_database()")
        digest = hashlib.sha256(f"teamtask:{database}:{self.name}".encode()).digest()
        return int.from_bytes(digest[:8], "big", signed=True)

    @property
    def path(self) -> Path:
        from teamtask.config import data_dir

        url = self.ctx.db.url
        where = str(url.path.resolve()) if url.path is not None else url.url
        slug = re.sub(r"[^A-Za-z0-9_.-]+", "_", self.name)[:60]
        digest = hashlib.sha256(where.encode()).hexdigest()[:16]
        return data_dir() / "locks" / f"{slug}-{digest}.lock"

    def acquire(self, *, wait: float = 0.0) -> bool:
        """True when the lock is ours; False when someone else still holds it after `wait` s."""
        deadline = time.monotonic() + wait
        while True:
            if self._try():
                self._held = True
                return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(POLL_INTERVAL)

    def release(self) -> None:
        if not self._held:
            return
        self._held = False
        if self.ctx.db.dialect == "postgresql":
            # A lost connection already released it; nothing to report then.
            with contextlib.suppress(Exception):
                self.ctx.db.scalar("SELECT pg_advisory_unlock(?)", (self.key,))
            return
        if self._file is not None:
            import fcntl

            fcntl.flock(self._file, fcntl.LOCK_UN)
            self._file.close()
            self._file = None

    def _try(self) -> bool:
        if self.ctx.db.dialect == "postgresql":
            return bool(self.ctx.db.scalar("SELECT pg_try_advisory_lock(?)", (self.key,)))
        import fcntl

        path = self.path
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = path.open("a+")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            return False
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")  # who holds it, for a person looking at the file
        handle.flush()
        self._file = handle
        return True

    def __enter__(self) -> RunLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
