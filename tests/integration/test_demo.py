"""`tt demo`: a realistic team on a separate database, created once and then reused (§4)."""

from __future__ import annotations

from collections import Counter

import pytest


@pytest.fixture
def demo(runner_for, tmp_path, monkeypatch):
    """A runner on a demo file in tmp, with an empty config and no user chosen."""
    monkeypatch.delenv("TEAMTASK_USER", raising=False)
    tt = runner_for(f"sqlite:///{tmp_path / 'demo.db'}", tmp_path / "demo")
    del tt.env["TEAMTASK_USER"]
    assert (tmp_path / "demo" / "config.toml").read_text() == ""
    return tt


def test_demo_builds_a_team_and_reuses_it(demo, tmp_path):
    result = demo("--db", str(tmp_path / "demo.db"), "demo")
    assert result.code == 0, result.err
    assert "created" in result.err
    assert result.out.strip(), "the demo opens the default interface (inbox and tasks)"

    tasks = demo.ok("ls", "status:any", "--limit", "0", "--format", "json", user="anna").json()
    assert 45 <= len(tasks) <= 100  # "about sixty"
    statuses = Counter(t["status"] for t in tasks)
    assert {"todo", "doing", "done"} <= set(statuses), statuses
    assert any(t["closed"] for t in tasks) and any(not t["closed"] for t in tasks)
    assert any(t["requester"] for t in tasks)
    assert any(t["due"] for t in tasks) and any(t["tags"] for t in tasks)
    users = demo.ok("user", "ls", "--json", user="anna").json()
    assert any(u["kind"] == "contractor" and u["rate"] for u in users)
    assert len(users) >= 5
    groups = demo.ok("group", "ls", "--json", user="anna").json()
    assert len(groups) >= 2 and all(g["members"] for g in groups)
    assert any(
        demo.ok("show", str(t["id"]), "--json", user="anna").json()["comments"] for t in tasks
    )

    again = demo("--db", str(tmp_path / "demo.db"), "demo")
    assert again.code == 0, again.err
    assert "reused" in again.err
    after = demo.ok("ls", "status:any", "--limit", "0", "--format", "ids", user="anna").out.split()
    assert len(after) == len(tasks)
