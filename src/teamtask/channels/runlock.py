"""One run at a time: a lock that keeps two pollers of the same source off the same data.

Two `tt poll telegram` (a cron job and a forgotten `--watch`) would both fetch the same
updates; the dedupe record keeps the tasks right, but replies could go out twice and offsets
race. So a poller holds a lock for its whole run, keyed by what it polls and where it writes:

- SQLite: `fcntl.flock` on a file in the platform data dir, named by a hash of the database
  path. Every process on the machine sees it, and the kernel drops it when the process dies
  (even on `kill -9`), so a crash never leaves a stale lock behind.
- PostgreSQL: `pg_try_advisory_lock` on a connection of its own. Pollers on different
  machines share the database, not a file system; the server releases the lock when the
  connection closes, so again a dead poller frees it.

Both are non-blocking: the caller learns at once that another run is busy (`RunLockBusy`).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from teamtask.domain.errors import Conflict

__all__ = ["RunLockBusy", "lock_key", "run_lock"]


class RunLockBusy(Conflict):
    """Another process holds the lock (the CLI maps Conflict to exit 1)."""


def lock_key(db_url: str, name: str) -> str:
    """A stable key for (database, lock name). SQLite URLs are resolved to the absolute file
    path, so `sqlite:///./x.db` and `x.db` lock the same database."""
    from teamtask.db import DatabaseUrl

    url = DatabaseUrl.parse(db_url)
    where = str(url.path.resolve()) if url.path is not None else str(url.dsn)
    return hashlib.sha256(f"{name}\0{where}".encode()).hexdigest()


def _advisory_id(key: str) -> int:
    """pg_try_advisory_lock takes one signed 64-bit integer."""
    return int.from_bytes(bytes.fromhex(key[:16]), "big", signed=True)


@contextmanager
def run_lock(db_url: str, name: str, *, lock_dir: Path | None = None) -> Iterator[None]:
    """Hold the lock `name` for this database while the block runs, or raise RunLockBusy.

    `name` says what is polled ("telegram", "email:support"); `lock_dir` overrides the
    platform data dir (tests, read-only homes)."""
    from teamtask.db import DatabaseUrl

    key = lock_key(db_url, name)
    url = DatabaseUrl.parse(db_url)
    if url.dialect == "postgresql":
        with _advisory_lock(url.dsn or "", key, name):
            yield
        return
    with _file_lock(lock_dir, key, name):
        yield


@contextmanager
def _file_lock(lock_dir: Path | None, key: str, name: str) -> Iterator[None]:
    import fcntl

    from teamtask.config import data_dir

    directory = (lock_dir or data_dir()) / "locks"
    directory.mkdir(parents=True, exist_ok=True)
    safe_name = "".join(c if c.isalnum() else "-" for c in name)
    path = directory / f"{safe_name}-{key[:16]}.lock"
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise RunLockBusy(_busy_message(name)) from None
        # The pid is only a hint for a puzzled human; the lock itself is the flock.
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        yield
    finally:
        os.close(fd)  # closing releases the flock


@contextmanager
def _advisory_lock(dsn: str, key: str, name: str) -> Iterator[None]:
    import psycopg

    from teamtask.db import EnvironmentProblem

    try:
        conn: Any = psycopg.connect(dsn, autocommit=True, connect_timeout=10)
    except psycopg.OperationalError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise EnvironmentProblem(f"cannot connect to PostgreSQL: {first}") from exc
    try:
        lock_id = _advisory_id(key)
        got = conn.execute("SELECT pg_try_advisory_lock(%s)", (lock_id,)).fetchone()
        if not (got and got[0]):
            raise RunLockBusy(_busy_message(name))
        try:
            yield
        finally:
            with suppress(Exception):  # the connection may be gone; closing frees it anyway
                conn.execute("SELECT pg_advisory_unlock(%s)", (lock_id,))
    finally:
        conn.close()


def _busy_message(name: str) -> str:
    return f"another `{name}` poller is running on this database; try again when it has finished"
