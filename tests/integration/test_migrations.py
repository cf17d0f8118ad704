"""Schema: Alembic migrations on both databases, and what `tt` does when the schema is not
at head (issue 2, §2 and §7)."""

from __future__ import annotations

import pytest
from integration_helpers import query

from teamtask.db import SCHEMA_HEAD, Database, DatabaseUrl
from teamtask.migrate import alembic_config, head_revision, upgrade


def revision_of(url: str) -> str | None:
    db = Database(DatabaseUrl.parse(url))
    try:
        return db.schema_revision()
    finally:
        db.close()


def older_revisions() -> list[str]:
    """Every revision below head, newest first (empty while there is only one)."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    return [r.revision for r in script.walk_revisions() if r.revision != script.get_current_head()]


def schema_differences(url: str) -> list:
    """Differences between the migrated schema and the SQLModel metadata (autogenerate)."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlalchemy import create_engine, pool
    from sqlmodel import SQLModel

    import teamtask.models  # noqa: F401  (fills SQLModel.metadata)
    from teamtask.migrate import include_object  # the hand-made full-text objects, as env.py

    engine = create_engine(DatabaseUrl.parse(url).url, poolclass=pool.NullPool)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection,
                opts={"compare_type": True, "include_object": include_object},
            )
            return compare_metadata(context, SQLModel.metadata)
    finally:
        engine.dispose()


def test_schema_head_matches_the_migrations():
    assert head_revision() == SCHEMA_HEAD


def test_upgrade_from_empty_to_head(empty_db_url):
    assert revision_of(empty_db_url) is None
    upgrade(DatabaseUrl.parse(empty_db_url).url)
    assert revision_of(empty_db_url) == head_revision()


def test_migrated_schema_matches_the_models(empty_db_url):
    upgrade(DatabaseUrl.parse(empty_db_url).url)
    assert schema_differences(empty_db_url) == []


def test_db_current_reports_head(tt):
    result = tt.ok("db", "current")
    assert head_revision() in result.out
    assert "up to date" in result.out


@pytest.mark.postgres
def test_postgres_behind_stops_every_command(pg_database, runner_for, tmp_path):
    """A shared database is never migrated behind the team's back: exit 3, say what to run."""
    tt = runner_for(pg_database, tmp_path / "empty")
    result = tt.subprocess("ls")
    assert result.code == 3
    assert "tt db upgrade" in result.err
    result = tt("add", "Fix", "login")
    assert result.code == 3 and "tt db upgrade" in result.err
    assert revision_of(pg_database) is None
    assert query(pg_database, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == [
        (0,)
    ]

    current = tt("db", "current")
    assert "empty" in current.out and "tt db upgrade" in current.out

    tt.ok("db", "upgrade")
    assert revision_of(pg_database) == head_revision()
    tt.ok("add", "Fix", "login")
    assert tt.ok("ls", "--format", "json").json()[0]["title"] == "Fix login"


@pytest.mark.postgres
@pytest.mark.parametrize("revision", older_revisions() or ["base"])
def test_postgres_at_an_older_revision_stops(pg_database, runner_for, tmp_path, revision):
    if revision != "base":
        upgrade(DatabaseUrl.parse(pg_database).url, revision)
    tt = runner_for(pg_database, tmp_path / "older")
    result = tt.subprocess("ls")
    assert result.code == 3
    assert "tt db upgrade" in result.err
    assert revision_of(pg_database) == (None if revision == "base" else revision)
    assert head_revision() in tt("db", "current").out


def test_unreachable_postgres_exits_3(runner_for, tmp_path):
    tt = runner_for("postgresql://postgres@127.0.0.1:1/nothing_here", tmp_path / "unreachable")
    result = tt.subprocess("ls")
    assert result.code == 3
    assert result.err.startswith("tt: ")
    assert len(result.err.strip().splitlines()) == 1


def test_unusable_sqlite_path_exits_3(runner_for, tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where a directory should be")
    tt = runner_for(f"sqlite:///{blocker}/teamtask.db", tmp_path / "blocked")
    result = tt("ls")
    assert result.code == 3
    assert result.err.startswith("tt: ")


def test_fresh_sqlite_file_is_created_and_migrated_on_first_add(runner_for, tmp_path):
    path = tmp_path / "new" / "nested" / "teamtask.db"
    tt = runner_for(f"sqlite:///{path}", tmp_path / "fresh", user="alice")
    assert not path.exists()
    assert tt.ok("add", "First", "task").out == "#1 First task\n"
    assert path.exists()
    assert revision_of(f"sqlite:///{path}") == head_revision()
    [task] = tt.ok("ls", "--format", "json").json()
    assert (task["title"], task["author"]) == ("First task", "alice")
    # A bare path works as well as a URL.
    plain = tmp_path / "plain.db"
    other = runner_for(str(plain), tmp_path / "plain")
    other.ok("add", "Second")
    assert revision_of(str(plain)) == head_revision()


@pytest.mark.parametrize("revision", older_revisions() or ["base"])
def test_embedded_sqlite_behind_is_upgraded_on_use(runner_for, tmp_path, revision):
    path = tmp_path / "old.db"
    if revision != "base":
        upgrade(f"sqlite:///{path}", revision)
    else:
        path.touch()
    tt = runner_for(f"sqlite:///{path}", tmp_path / "old")
    tt.ok("ls")
    assert revision_of(f"sqlite:///{path}") == head_revision()
    tt.ok("add", "Works")
