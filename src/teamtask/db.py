"""Connections to the embedded SQLite file or the shared PostgreSQL database.

Deliberately DB-API, not SQLAlchemy: `tt add` must answer in a meeting within ~150 ms and
importing SQLAlchemy alone costs ~300 ms here (SQLModel ~550 ms). The schema itself is
defined by SQLModel in `models.py` and created by Alembic; this module only connects,
applies the SQLite pragmas that let several processes write at once, and checks that the
schema is at the revision this code expects.
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from teamtask.domain.errors import DomainError

# Bumped with every Alembic revision; tests/integration/test_migrations.py checks it equals
# the head of migrations/ so the check below never needs to import Alembic.
SCHEMA_HEAD = "0002"

SQLITE_BUSY_TIMEOUT_MS = 30_000
NOTIFY_CHANNEL = "teamtask"


class EnvironmentProblem(DomainError):
    """The database is unreachable, its schema is behind, or the configuration is wrong (exit 3)."""


@dataclass(frozen=True)
class DatabaseUrl:
    dialect: str  # "sqlite" | "postgresql"
    path: Path | None  # SQLite file
    dsn: str | None  # libpq connection string for psycopg
    url: str  # the SQLAlchemy URL, for Alembic

    @classmethod
    def parse(cls, value: str) -> DatabaseUrl:
        """Accept SQLAlchemy-style URLs (`sqlite:///x.db`, `postgresql+psycopg://…`) or a path."""
        if value.startswith("sqlite:"):
            path_part = value.split("sqlite:///", 1)[1] if "sqlite:///" in value else ""
            if not path_part or path_part == ":memory:":
                raise EnvironmentProblem(
                    "an in-memory SQLite database cannot be shared between commands; give a file"
                )
            path = Path(path_part).expanduser()
            return cls("sqlite", path, None, f"sqlite:///{path}")
        match = re.match(r"^(postgres(?:ql)?)(\+\w+)?://", value)
        if match:
            dsn = "postgresql://" + value[match.end() :]
            return cls("postgresql", None, dsn, "postgresql+psycopg://" + value[match.end() :])
        if "://" in value:
            raise EnvironmentProblem(
                f"unsupported database URL {value!r}: use sqlite:///PATH or postgresql://…"
            )
        path = Path(value).expanduser()
        return cls("sqlite", path, None, f"sqlite:///{path}")


def _casefold(value: str | None) -> str | None:
    return None if value is None else value.casefold()


class Database:
    """One database; hands out connections and runs short transactions on them."""

    def __init__(self, url: DatabaseUrl) -> None:
        self.url = url
        self.dialect = url.dialect
        self._local = threading.local()

    # -- connections -------------------------------------------------------------------
    def _connect(self) -> Any:
        if self.dialect == "sqlite":
            assert self.url.path is not None
            self.url.path.parent.mkdir(parents=True, exist_ok=True)
            # isolation_level=None: we issue BEGIN ourselves (BEGIN IMMEDIATE for writes).
            conn = sqlite3.connect(
                self.url.path,
                timeout=SQLITE_BUSY_TIMEOUT_MS / 1000,
                isolation_level=None,
                check_same_thread=False,
            )
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.create_function("casefold", 1, _casefold, deterministic=True)
            return conn
        try:
            import psycopg
        except ImportError as exc:  # pragma: no cover - dependency is declared
            raise EnvironmentProblem("psycopg is not installed") from exc
        try:
            return psycopg.connect(self.url.dsn, autocommit=True, connect_timeout=10)
        except psycopg.OperationalError as exc:
            raise EnvironmentProblem(
                f"cannot connect to PostgreSQL: {str(exc).strip().splitlines()[0]}"
            ) from exc

    @property
    def connection(self) -> Any:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._connect()
            self._local.conn = conn
        return conn

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    # -- SQL ---------------------------------------------------------------------------
    def sql(self, text: str) -> str:
        """Queries are written with `?` placeholders; psycopg wants `%s` (and `%%`)."""
        if self.dialect == "sqlite":
            return text
        return text.replace("%", "%%").replace("?", "%s")

    def adapt(self, value: Any) -> Any:
        """SQLite keeps dates and timestamps as ISO text (sortable, UTC for instants)."""
        if self.dialect == "sqlite":
            if isinstance(value, datetime):
                return value.astimezone(UTC).isoformat(timespec="microseconds")
            if isinstance(value, date):
                return value.isoformat()
            if isinstance(value, Decimal):
                return str(value)
        return value

    def execute(self, text: str, params: Sequence[Any] = ()) -> Any:
        cur = self.connection.cursor()
        try:
            cur.execute(self.sql(text), tuple(self.adapt(p) for p in params))
        except Exception as exc:
            raise environment_problem(exc) or exc from exc
        return cur

    def all(self, text: str, params: Sequence[Any] = ()) -> list[tuple]:
        return list(self.execute(text, params).fetchall())

    def one(self, text: str, params: Sequence[Any] = ()) -> tuple | None:
        return self.execute(text, params).fetchone()

    def scalar(self, text: str, params: Sequence[Any] = ()) -> Any:
        row = self.one(text, params)
        return None if row is None else row[0]

    def insert(self, text: str, params: Sequence[Any] = ()) -> int:
        """Run an INSERT … and return the new row's id on both dialects."""
        row = self.one(text + " RETURNING id", params)
        assert row is not None
        return int(row[0])

    @contextmanager
    def transaction(self) -> Iterator[Database]:
        """A write transaction. SQLite takes the write lock up front (BEGIN IMMEDIATE) so
        that read-modify-write use cases never hit a lock upgrade deadlock."""
        conn = self.connection
        depth = getattr(self._local, "depth", 0)
        if depth:
            # Nested use cases (import calling create) join the outer transaction.
            self._local.depth = depth + 1
            try:
                yield self
            finally:
                self._local.depth = depth
            return
        self.execute("BEGIN IMMEDIATE" if self.dialect == "sqlite" else "BEGIN")
        self._local.depth = 1
        try:
            yield self
        except BaseException:
            self._local.depth = 0
            # The connection may already be gone; the error being raised is what matters.
            with contextlib.suppress(Exception):
                conn.execute("ROLLBACK")
            raise
        self._local.depth = 0
        if self.dialect == "postgresql":
            # Open TUIs LISTEN on this channel and refresh (delivered only if we commit).
            self.execute(f"NOTIFY {NOTIFY_CHANNEL}")
        self.execute("COMMIT")

    # -- schema ------------------------------------------------------------------------
    def schema_revision(self) -> str | None:
        try:
            if self.dialect == "sqlite":
                exists = self.scalar(
                    "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
                )
            else:
                exists = self.scalar("SELECT to_regclass('alembic_version') IS NOT NULL")
            if not exists:
                return None
            return self.scalar("SELECT version_num FROM alembic_version")
        except EnvironmentProblem:
            raise
        except Exception as exc:  # pragma: no cover - mapped for the user
            raise EnvironmentProblem(f"cannot read the database schema version: {exc}") from exc

    def ensure_schema(self, *, auto_upgrade: bool) -> None:
        """Stop with a clear message unless the schema is at SCHEMA_HEAD.

        The embedded SQLite file is created and migrated on first use (auto_upgrade); a
        shared PostgreSQL database is never migrated behind a team's back.
        """
        revision = self.schema_revision()
        if revision == SCHEMA_HEAD:
            return
        if auto_upgrade:
            self.upgrade()
            return
        where = "empty" if revision is None else f"at revision {revision}"
        raise EnvironmentProblem(
            f"the database schema is {where}, this teamtask needs {SCHEMA_HEAD}: "
            "run `tt db upgrade`"
        )

    def upgrade(self) -> None:
        from teamtask.migrate import upgrade

        self.close()  # Alembic uses its own connection; SQLite must not be held open here.
        upgrade(self.url.url)

    def executemany(self, text: str, rows: Sequence[Sequence[Any]]) -> None:
        cur = self.connection.cursor()
        try:
            cur.executemany(self.sql(text), [tuple(self.adapt(p) for p in row) for row in rows])
        except Exception as exc:
            raise environment_problem(exc) or exc from exc

    def data_version(self) -> int:
        """Changes committed by other connections (SQLite's PRAGMA data_version)."""
        return int(self.scalar("PRAGMA data_version"))


def environment_problem(exc: BaseException) -> EnvironmentProblem | None:
    """Connection failures are the environment's fault (exit 3); SQL errors are bugs (None)."""
    if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
        return EnvironmentProblem(f"the database is busy: {exc}")
    if type(exc).__module__.startswith("psycopg"):
        import psycopg

        # Subclasses too: a terminated backend raises AdminShutdown, an OperationalError.
        if isinstance(exc, psycopg.OperationalError | psycopg.InterfaceError):
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            return EnvironmentProblem(f"lost the PostgreSQL connection: {first}")
    return None
