"""Issue 2: "Everything a user sees must be the same on both". The same commands on SQLite
and on PostgreSQL print the same JSON, row for row (moments in time aside)."""

from __future__ import annotations

import shutil

import pytest
from integration_helpers import add_team, build_rich_database, empty_postgres

MOMENTS = {"created_at", "updated_at", "closed_at", "at"}


def without_moments(value):
    if isinstance(value, dict):
        return {k: without_moments(v) for k, v in value.items() if k not in MOMENTS}
    if isinstance(value, list):
        return [without_moments(v) for v in value]
    return value


@pytest.fixture
def both(runner_for, sqlite_template, pg_server, tmp_path):
    """The same team and tasks on a fresh SQLite file and on the session PostgreSQL database."""
    path = tmp_path / "lite.db"
    shutil.copy(sqlite_template, path)
    empty_postgres(pg_server.url)
    runners = {
        "sqlite": runner_for(f"sqlite:///{path}", tmp_path / "lite"),
        "postgres": runner_for(pg_server.url, tmp_path / "pg"),
    }
    for tt in runners.values():
        add_team(tt)
        build_rich_database(tt, tmp_path / "files")
    return runners


def on_both(both, *args: str) -> dict:
    return {kind: without_moments(tt.ok(*args).json()) for kind, tt in both.items()}


@pytest.mark.postgres
def test_tasks_look_the_same(both):
    listing = on_both(both, "ls", "status:any", "--limit", "0", "--format", "json")
    assert listing["sqlite"] == listing["postgres"]
    differing = []
    for number in range(1, 11):
        shown = on_both(both, "show", str(number), "--json")
        if shown["sqlite"] != shown["postgres"]:
            differing.append((number, shown))
    assert differing == []
    csv = {kind: tt.ok("ls", "status:any", "--format", "csv").out for kind, tt in both.items()}
    assert csv["sqlite"] == csv["postgres"]


@pytest.mark.postgres
def test_people_look_the_same(both):
    for args in (("user", "ls", "--json"), ("group", "ls", "--json"), ("contact", "ls", "--json")):
        seen = on_both(both, *args)
        assert seen["sqlite"] == seen["postgres"], args


@pytest.mark.postgres
def test_inbox_looks_the_same(both):
    for user in ("alice", "bob", "carol", "dmitry"):
        seen = {
            kind: without_moments(tt.ok("inbox", "--json", user=user).json())
            for kind, tt in both.items()
        }
        assert seen["sqlite"] == seen["postgres"], user
