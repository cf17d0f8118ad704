"""Helpers for the integration suite: guarded CLI runs, service contexts, extra databases.

The `tt` and `db_url` fixtures live in tests/conftest.py; this file only adds to them:

- `open_ctx` builds a service `Context` on the same database as `tt`, for the few tests
  that drive services directly (optimistic locking, a non-CLI channel);
- `runner_for` makes another `tt` runner on another database (export/import, demo);
- `pg_database` creates an extra empty PostgreSQL database and drops it afterwards.
"""

from __future__ import annotations

import contextlib
import os
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

# Test modules here import `integration_helpers` (pytest puts their directory on sys.path);
# conftest.py is imported before any of them, so it makes the directory importable itself.
if str(Path(__file__).resolve().parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parent))

from integration_helpers import dsn as _dsn

ROOT_CONFTEST = Path(__file__).resolve().parents[1] / "conftest.py"


def root_conftest(config: pytest.Config) -> ModuleType:
    """The module object pytest loaded from tests/conftest.py (for TT, require_service…)."""
    for plugin in config.pluginmanager.get_plugins():
        path = getattr(plugin, "__file__", None)
        if path and Path(path).resolve() == ROOT_CONFTEST:
            return plugin  # type: ignore[return-value]
    raise RuntimeError("tests/conftest.py is not loaded")


@pytest.fixture
def runner_for(request) -> Callable[..., Any]:
    """`runner_for(url, directory, user="alice")` → a `tt` runner on another database."""
    module = root_conftest(request.config)

    def make(url: str, directory: Path, user: str = "alice"):
        directory.mkdir(parents=True, exist_ok=True)
        return module.TT(url, directory, user=user)

    return make


@pytest.fixture
def open_ctx(tt) -> Iterator[Callable[[str], Any]]:
    """`open_ctx("bob")` → a service Context on the `tt` database acting as bob."""
    from teamtask.config import load_settings
    from teamtask.services.context import open_context

    opened = []

    def make(user: str = "alice"):
        saved = os.environ.get("TEAMTASK_TZ")
        os.environ["TEAMTASK_TZ"] = tt.env["TEAMTASK_TZ"]
        try:
            settings = load_settings(db=tt.db_url, user=user, config=tt.env["TEAMTASK_CONFIG"])
        finally:
            if saved is None:
                os.environ.pop("TEAMTASK_TZ", None)
            else:
                os.environ["TEAMTASK_TZ"] = saved
        ctx = open_context(settings)
        opened.append(ctx)
        return ctx

    yield make
    for ctx in opened:
        ctx.db.close()


@pytest.fixture
def pg_admin_url(request) -> str:
    """The admin URL of the test PostgreSQL server; skips locally / fails in CI without one."""
    server = request.getfixturevalue("pg_server")
    return server.admin_url


@contextlib.contextmanager
def new_pg_database(admin_url: str) -> Iterator[str]:
    """An empty PostgreSQL database (no tables at all) for one test; dropped afterwards."""
    import psycopg

    name = f"teamtask_it_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(_dsn(admin_url), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    base, _, _ = admin_url.rpartition("/")
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(_dsn(admin_url), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def pg_database(pg_admin_url) -> Iterator[str]:
    with new_pg_database(pg_admin_url) as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_db_url(request, tmp_path) -> Iterator[str]:
    """A database of each kind with no schema at all (nothing migrated)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    admin_url = request.getfixturevalue("pg_admin_url")
    with new_pg_database(admin_url) as url:
        yield url
