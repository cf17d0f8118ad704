"""Fixtures for the forms/workflow suite (issue 3), on top of tests/conftest.py.

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
