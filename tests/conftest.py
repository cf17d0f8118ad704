"""Shared fixtures: a real SQLite file and a real PostgreSQL database for every scenario.

`TEAMTASK_TEST_PG_URL` names a PostgreSQL server (CI sets it); the suite creates one fresh
database per test session there and drops it at the end. Without it the PostgreSQL half
skips with a reason, except under `CI=true`, where a missing service is a failure.
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

# Shared helpers (tests/support) import as `support.…` under --import-mode=importlib.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from support.databases import dsn, empty_postgres

PG_ENV = "TEAMTASK_TEST_PG_URL"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def require_service(reason: str) -> None:
    """Skip locally, fail in CI: nothing may skip silently there."""
    if IN_CI:
        pytest.fail(f"CI=true but {reason}")
    pytest.skip(reason)


@dataclass
class PgServer:
    admin_url: str
    url: str
    name: str


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    admin_url = os.environ.get(PG_ENV)
    if not admin_url:
        require_service(f"{PG_ENV} is not set (e.g. postgresql+psycopg://postgres@127.0.0.1/test)")
    import psycopg

    name = f"teamtask_test_{uuid.uuid4().hex[:10]}"
    try:
        admin = psycopg.connect(dsn(admin_url), autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:
        require_service(f"PostgreSQL at {admin_url} is unreachable: {exc}")
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    base, _, _ = admin_url.rpartition("/")
    url = f"{base}/{name}"
    from teamtask.migrate import upgrade

    upgrade(url.replace("postgresql://", "postgresql+psycopg://", 1))
    yield PgServer(admin_url, url, name)
    with psycopg.connect(dsn(admin_url), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    """Migrate once, copy per test: Alembic costs a second, a file copy nothing."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    from teamtask.migrate import upgrade

    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request, tmp_path) -> str:
    """A fresh, migrated, empty database of each kind."""
    if request.param == "sqlite":
        import shutil

        target = tmp_path / "teamtask.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), target)
        return f"sqlite:///{target}"
    server: PgServer = request.getfixturevalue("pg_server")
    empty_postgres(server.url)
    return server.url


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self):
        import json

        return json.loads(self.out)


def _no_traceback(args: tuple[str, ...], result: Result) -> Result:
    """Users never see a traceback: any command that prints one fails its test."""
    for stream in (result.err, result.out):
        assert "Traceback" not in stream, f"tt {' '.join(args)} printed a traceback:\n{stream}"
    return result


class TT:
    """Runs `tt` in-process against one database (fast), or as a subprocess when asked."""

    def __init__(self, db_url: str, tmp_path: Path, user: str = "alice") -> None:
        self.db_url = db_url
        self.tmp_path = tmp_path
        self.user = user
        self.env = {
            "TEAMTASK_DB": db_url,
            "TEAMTASK_USER": user,
            "TEAMTASK_CONFIG": str(tmp_path / "config.toml"),
            "TEAMTASK_TZ": "Europe/Moscow",
            "NO_COLOR": "1",
            "COLUMNS": "200",
        }
        (tmp_path / "config.toml").touch()

    def __call__(self, *args: str, user: str | None = None, stdin: str | None = None) -> Result:
        from teamtask.cli.main import main

        env = {**self.env, **({"TEAMTASK_USER": user} if user else {})}
        out, err = io.StringIO(), io.StringIO()
        saved = {k: os.environ.get(k) for k in env}
        os.environ.update(env)
        old_stdin = sys.stdin
        if stdin is not None:
            sys.stdin = io.StringIO(stdin)
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = main(list(args))
        finally:
            sys.stdin = old_stdin
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
        return _no_traceback(args, Result(code, out.getvalue(), err.getvalue()))

    def ok(self, *args: str, **kwargs) -> Result:
        result = self(*args, **kwargs)
        assert result.code == 0, f"tt {' '.join(args)} → {result.code}\n{result.err}{result.out}"
        return result

    def subprocess(self, *args: str, timeout: float = 60, user: str | None = None) -> Result:
        env = {**os.environ, **self.env, **({"TEAMTASK_USER": user} if user else {})}
        proc = subprocess.run(
            [sys.executable, "-m", "teamtask", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        return _no_traceback(args, Result(proc.returncode, proc.stdout, proc.stderr))


@pytest.fixture
def tt(db_url, tmp_path) -> TT:
    """`tt` as the user alice, who exists together with bob, carol and group support-l1."""
    runner = TT(db_url, tmp_path)
    # The first command on an empty database bootstraps its acting user: `admin` here.
    runner.ok(
        "user", "add", "alice", "--name", "Alice", "--email", "alice@example.com", user="admin"
    )
    runner.ok("user", "add", "bob", "--name", "Bob")
    runner.ok("user", "add", "carol", "--name", "Carol", "--contractor", "--rate", "1500")
    runner.ok("group", "add", "support-l1", "--member", "alice", "--member", "bob")
    return runner
