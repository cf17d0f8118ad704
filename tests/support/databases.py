"""Database helpers shared by every test folder."""

from __future__ import annotations


def dsn(url: str) -> str:
    """The libpq connection string of a PostgreSQL URL (any SQLAlchemy-style spelling)."""
    from teamtask.db import DatabaseUrl

    value = DatabaseUrl.parse(url).dsn
    assert value is not None
    return value


def empty_postgres(url: str) -> None:
    """Delete every row and restart every sequence: the same clean slate as TRUNCATE … RESTART
    IDENTITY, but ~15 ms instead of ~500 ms per test (TRUNCATE recreates 20+ relation files)."""
    import psycopg

    with psycopg.connect(dsn(url), autocommit=True) as conn:
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
        order: list[str] = []  # children before the tables they refer to
        remaining = set(tables)
        while remaining:
            free = sorted(
                t
                for t in remaining
                if not any(p == t and c in remaining and c != t for c, p in edges)
            )
            if not free:  # a cycle between tables: fall back to the slow, sure way
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
