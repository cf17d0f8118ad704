"""Optimistic locking: concurrent edits never silently overwrite (issue 2, §3)."""

from __future__ import annotations

import sys

import pytest

from teamtask.domain.errors import Conflict
from teamtask.services.tasks import TaskChanges, edit_task, move_task, require_row


def show(tt, task_id: int = 1) -> dict:
    return tt.ok("show", str(task_id), "--json").json()


def test_stale_version_conflicts_and_overwrites_nothing(tt, open_ctx):
    tt.ok("add", "Fix", "login")
    alice, bob = open_ctx("alice"), open_ctx("bob")
    version = require_row(alice, 1)["version"]
    assert require_row(bob, 1)["version"] == version

    new_version = edit_task(alice, 1, TaskChanges(title="Alice's title"), expected_version=version)
    assert new_version > version
    with pytest.raises(Conflict):
        edit_task(
            bob, 1, TaskChanges(title="Bob's title", priority="high"), expected_version=version
        )

    task = show(tt)
    assert (task["title"], task["priority"]) == ("Alice's title", "normal")
    updates = [e for e in task["history"] if e["action"] != "created"]
    assert [(e["who"], e["changes"]) for e in updates] == [
        ("alice", {"title": ["Fix login", "Alice's title"]}),
    ]
    # Bob reloads and tries again: now it goes through.
    fresh = require_row(bob, 1)["version"]
    edit_task(bob, 1, TaskChanges(priority="high"), expected_version=fresh)
    assert show(tt)["priority"] == "high"


def test_comment_makes_open_copies_stale(tt, open_ctx):
    """A comment changes the task too: an editor opened before it must not win silently."""
    tt.ok("add", "Fix", "login")
    alice = open_ctx("alice")
    version = require_row(alice, 1)["version"]
    tt.ok("comment", "1", "I am on it", user="bob")
    with pytest.raises(Conflict):
        edit_task(alice, 1, TaskChanges(title="Renamed"), expected_version=version)
    with pytest.raises(Conflict):
        move_task(alice, 1, "doing", expected_version=version)
    task = show(tt)
    assert (task["title"], task["status"]) == ("Fix login", "todo")


def test_editor_session_conflicts_with_a_change_made_meanwhile(tt, tmp_path):
    """`tt edit --editor` holds the version it opened; a change made while the editor is open
    makes the edit fail with exit 1 instead of overwriting it."""
    script = tmp_path / "slow_editor.py"
    script.write_text(
        "import os, subprocess, sys, pathlib\n"
        "subprocess.run([sys.executable, '-m', 'teamtask', 'edit', '1', '--title',"
        " 'Changed meanwhile'], check=True, env={**os.environ, 'TEAMTASK_USER': 'bob'})\n"
        "pathlib.Path(sys.argv[1]).write_text('Mine\\n\\nmy description', encoding='utf-8')\n",
        encoding="utf-8",
    )
    tt.ok("add", "Fix", "login")
    tt.env["EDITOR"] = tt.env["VISUAL"] = f"{sys.executable} {script}"
    result = tt("edit", "1", "--editor")
    assert result.code == 1, result.err
    assert "changed" in result.err
    task = show(tt)
    assert (task["title"], task["description"]) == ("Changed meanwhile", "")
