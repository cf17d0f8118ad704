"""Fixtures for the forms/workflow suite (issue 3), on top of tests/conftest.py.

- `db_url` is the shared fixture with a faster PostgreSQL clean slate (DELETE + sequence
  reset instead of TRUNCATE, which recreates every relation file and costs ~0.5 s a test);
- `tt` is the shared runner, and no command may print a traceback;
- `team` adds what the invoice route needs: user dave and the groups managers (bob),
  finance (carol) and ceo (dave);
- `rows` counts rows of a table straight from the database, to prove nothing was written.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

# Test modules here import `workflow_helpers`; under --import-mode=importlib pytest does not put
# their directory on sys.path, so this conftest (loaded first) does.
if str(Path(__file__).resolve().parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parent))

TABLES_WRITTEN_BY_ADD = ("tasks", "task_fields", "history", "approval_steps", "approvers")


def _dsn(url: str) -> str:
    from teamtask.db import DatabaseUrl

    dsn = DatabaseUrl.parse(url).dsn
    assert dsn is not None
    return dsn


def _empty_postgres(url: str) -> None:
    import psycopg

    with psycopg.connect(_dsn(url), autocommit=True) as conn:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                " AND tablename <> 'alembic_version'"
            )
        ]
        edges = conn.execute(
            "SELECT child.relname, parent.relname FROM pg_constraint c"
            " JOIN pg_class child ON child.oid = c.conrelid"
            " JOIN pg_class parent ON parent.oid = c.confrelid"
            " JOIN pg_namespace n ON n.oid = c.connamespace"
            " WHERE c.contype = 'f' AND n.nspname = 'public'"
        ).fetchall()
        order: list[str] = []  # children first
        remaining = set(tables)
        while remaining:
            free = sorted(
                t
                for t in remaining
                if not any(p == t and c in remaining and c != t for c, p in edges)
            )
            if not free:
                conn.execute(
                    "TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"
                )
                return
            order += free
            remaining -= set(free)
        with conn.transaction():
            for table in order:
                conn.execute(f'DELETE FROM "{table}"')
            for (sequence,) in conn.execute(
                "SELECT format('%I.%I', schemaname, sequencename) FROM pg_sequences"
                " WHERE schemaname = 'public'"
            ).fetchall():
                conn.execute("SELECT setval(%s::regclass, 1, false)", (sequence,))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request, tmp_path) -> str:
    """A fresh, migrated, empty database of each kind (as tests/conftest.py's `db_url`)."""
    if request.param == "sqlite":
        import shutil

        target = tmp_path / "teamtask.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), target)
        return f"sqlite:///{target}"
    server = request.getfixturevalue("pg_server")
    _empty_postgres(server.url)
    return server.url


@pytest.fixture
def tt(tt, monkeypatch):
    """The shared runner; users never see a traceback, so no command may print one."""
    cls = type(tt)
    call = cls.__call__

    def guarded(self, *args, **kwargs):
        result = call(self, *args, **kwargs)
        for stream in (result.err, result.out):
            assert "Traceback" not in stream, f"tt {' '.join(args)} printed a traceback:\n{stream}"
        return result

    monkeypatch.setattr(cls, "__call__", guarded)
    return tt


@pytest.fixture
def team(tt):
    """The invoice route's approvers: managers = bob, finance = carol, ceo = dave."""
    tt.ok("user", "add", "dave", "--name", "Dave")
    tt.ok("group", "add", "managers", "--member", "bob")
    tt.ok("group", "add", "finance", "--member", "carol")
    tt.ok("group", "add", "ceo", "--member", "dave")
    return tt


@pytest.fixture
def rows(db_url) -> Iterator[Callable[..., Any]]:
    """`rows("tasks")` → row count; `rows()` → counts of every table `tt add` writes."""
    from teamtask.db import Database, DatabaseUrl

    db = Database(DatabaseUrl.parse(db_url))

    def count(table: str | None = None) -> Any:
        if table is None:
            return {t: count(t) for t in TABLES_WRITTEN_BY_ADD}
        return int(db.scalar(f"SELECT count(*) FROM {table}"))

    yield count
    db.close()
