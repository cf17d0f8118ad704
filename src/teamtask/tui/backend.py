"""Service calls off the UI thread, on a small pool of threads with a connection each.

Why a pool and not one thread worker per call: `Database` keeps one connection per thread,
so a fresh thread per call would open (and leak until garbage collection) a connection per
call, which on PostgreSQL costs a network round trip and a backend process. Two threads
let a slow count run beside a page load; SQLite in WAL mode lets them read concurrently.
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from teamtask.db import EnvironmentProblem
from teamtask.db import environment_problem as database_problem

if TYPE_CHECKING:
    from teamtask.services.context import Context

P = ParamSpec("P")
T = TypeVar("T")


def environment_problem(exc: BaseException) -> EnvironmentProblem | None:
    """The error as a lost-database problem, or None when it is something else.

    `Database` maps psycopg connection failures and SQLite lock time-outs (`database_problem`
    also covers errors raised outside `Database.execute`, e.g. by a cursor); a SQLite file
    that vanished or went read-only surfaces as a raw `sqlite3.OperationalError`, which
    for a UI is the same thing: the database is not there right now.
    """
    if isinstance(exc, EnvironmentProblem):
        return exc
    mapped = database_problem(exc)
    if mapped is not None:
        return mapped
    if isinstance(exc, sqlite3.OperationalError | sqlite3.DatabaseError):
        return EnvironmentProblem(f"the database is unavailable: {exc}")
    return None


class Backend:
    """Runs `fn(ctx, *args)` in the pool; awaitable from Textual workers."""

    def __init__(self, ctx: Context, *, threads: int = 2) -> None:
        self.ctx = ctx
        self._pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="teamtask-db")
        # Counts over 100,000 rows take ~100 ms and cannot be cancelled: they get their
        # own lane so that a page load never queues behind a stale count.
        self._slow = ThreadPoolExecutor(max_workers=1, thread_name_prefix="teamtask-count")

    async def call(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, partial(self._run, fn, args, kwargs))

    async def call_slow(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Like `call`, on the lane for long read-only queries (counts)."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._slow, partial(self._run, fn, args, kwargs))

    def _run(self, fn: Callable[..., T], args: tuple[Any, ...], kwargs: dict[str, Any]) -> T:
        try:
            return fn(self.ctx, *args, **kwargs)
        except Exception as exc:
            problem = environment_problem(exc)
            if problem is None:
                raise
            # A broken connection stays broken: drop this thread's one so the next call
            # reconnects (the banner's retry depends on it).
            with contextlib.suppress(Exception):  # already unusable; nothing to save
                self.ctx.db.close()
            raise problem from exc

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._slow.shutdown(wait=False, cancel_futures=True)
