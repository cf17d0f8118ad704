"""Refinement after the meeting: edit, assign, watch, close, reopen, move (issue 2, §3–4).

Every change must write a history event with old and new values, visible in `tt show --json`.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from integration_helpers import ids


def show(tt, task_id: int = 1) -> dict:
    return tt.ok("show", str(task_id), "--json").json()


def last_event(tt, task_id: int = 1) -> dict:
    return show(tt, task_id)["history"][-1]


def test_each_edit_option_writes_history_with_old_and_new(tt):
    tt.ok("add", "Fix", "login")  # 1
    tt.ok("add", "Epic")  # 2
    steps = [
        (("--title", "Fix the login page"), "title", "Fix login", "Fix the login page"),
        (("-m", "Steps to reproduce"), "description", "", "Steps to reproduce"),
        (("--status", "doing"), "status", "todo", "doing"),
        (("-p", "urgent"), "priority", "normal", "urgent"),
        (("-a", "bob"), "assignee", None, "bob"),
        (("-g", "support-l1"), "group", None, "support-l1"),
        (("-d", "2026-12-01"), "due", None, "2026-12-01"),
        (("-w", "carol"), "watchers", [], ["carol"]),
        (("-t", "bug"), "tags", [], ["bug"]),
        (("--parent", "2"), "parent", None, 2),
        (("--unassign",), "assignee", "bob", None),
        (("--untag", "bug"), "tags", ["bug"], []),
        (("--due", "none"), "due", "2026-12-01", None),
        (("-g", ""), "group", "support-l1", None),
        (("--parent", "0"), "parent", 2, None),
    ]
    seen = len(show(tt)["history"])
    problems = []
    for args, field, old, new in steps:
        tt.ok("edit", "1", *args)
        history = show(tt)["history"]
        if len(history) != seen + 1:
            problems.append(f"{args}: {len(history) - seen} events instead of 1")
        seen = len(history)
        event = history[-1]
        if event["who"] != "alice" or event["changes"].get(field) != [old, new]:
            problems.append(f"{args}: {event}")
    assert problems == []
    task = show(tt)
    assert (task["title"], task["description"], task["status"]) == (
        "Fix the login page",
        "Steps to reproduce",
        "doing",
    )
    assert (task["assignee"], task["group"], task["due"], task["parent"]) == (
        None,
        None,
        None,
        None,
    )
    assert (task["priority"], task["watchers"], task["tags"]) == ("urgent", ["carol"], [])


def test_one_edit_with_many_options_is_one_event(tt):
    tt.ok("add", "Fix", "login")
    before = len(show(tt)["history"])
    task = tt.ok(
        "edit", "1", "--title", "New", "-a", "bob", "-t", "bug", "-p", "high", "--json"
    ).json()
    assert (task["title"], task["assignee"], task["tags"], task["priority"]) == (
        "New",
        "bob",
        ["bug"],
        "high",
    )
    history = show(tt)["history"]
    assert len(history) == before + 1
    assert history[-1]["changes"] == {
        "title": ["Fix login", "New"],
        "assignee": [None, "bob"],
        "tags": [[], ["bug"]],
        "priority": ["normal", "high"],
    }


def test_edit_without_a_change_writes_nothing(tt):
    tt.ok("add", "Fix", "login", "@bob")
    before = show(tt)
    tt.ok("edit", "1", "--title", "Fix login", "-a", "bob")
    after = show(tt)
    assert after["history"] == before["history"]
    assert after["updated_at"] == before["updated_at"]


def test_edit_datetime_due(tt):
    tt.ok("add", "Call")
    task = tt.ok("edit", "1", "-d", "2026-12-01T15:00", "--json").json()
    assert task["due"] == "2026-12-01T15:00:00+03:00"
    old, new = last_event(tt)["changes"]["due"]
    assert old is None
    assert datetime.fromisoformat(new) == datetime.fromisoformat("2026-12-01T15:00:00+03:00")


def test_assign(tt):
    tt.ok("add", "Task")
    tt.ok("assign", "1", "bob")
    assert show(tt)["assignee"] == "bob"
    tt.ok("assign", "1", "@carol")
    event = last_event(tt)
    assert event["changes"] == {"assignee": ["bob", "carol"]}
    assert event["who"] == "alice"
    assert show(tt)["assignee"] == "carol"


def test_watch_and_unwatch(tt):
    tt.ok("add", "Task")
    tt.ok("watch", "1", "bob", "carol")
    assert show(tt)["watchers"] == ["bob", "carol"]
    assert last_event(tt)["changes"] == {"watchers": [[], ["bob", "carol"]]}
    tt.ok("unwatch", "1", "carol")
    assert show(tt)["watchers"] == ["bob"]
    assert last_event(tt)["changes"] == {"watchers": [["bob", "carol"], ["bob"]]}
    count = len(show(tt)["history"])
    tt.ok("watch", "1", "bob")  # already watching: nothing changes
    assert len(show(tt)["history"]) == count


def test_close_with_note(tt):
    tt.ok("add", "Task", "@bob")
    tt.ok("close", "1", "-m", "Fixed in 4.2")
    task = show(tt)
    assert (task["status"], task["closed"]) == ("done", True)
    closed_at = datetime.fromisoformat(task["closed_at"])
    assert closed_at.utcoffset() is not None
    assert abs(closed_at - datetime.fromisoformat(task["updated_at"])) < timedelta(minutes=1)
    assert [(c["body"], c["public"]) for c in task["comments"]] == [("Fixed in 4.2", False)]
    assert task["history"][-1]["changes"]["status"] == ["todo", "done"]
    assert ids(tt.ok("ls", "--format", "ids")) == []
    assert ids(tt.ok("ls", "status:closed", "--format", "ids")) == [1]


def test_close_several(tt):
    for title in ("a", "b", "c"):
        tt.ok("add", title)
    tt.ok("close", "1", "3")
    assert ids(tt.ok("ls", "--format", "ids")) == [2]
    assert ids(tt.ok("ls", "status:done", "--format", "ids")) == [1, 3]


def test_reopen(tt):
    tt.ok("add", "Task")
    tt.ok("close", "1")
    tt.ok("reopen", "1")
    task = show(tt)
    assert (task["status"], task["closed"], task["closed_at"]) == ("todo", False, None)
    assert task["history"][-1]["changes"]["status"] == ["done", "todo"]
    assert ids(tt.ok("ls", "--format", "ids")) == [1]


def test_move_through_the_board(tt):
    tt.ok("add", "Task")
    for status, closed in [
        ("doing", False),
        ("waiting", False),
        ("cancelled", True),
        ("todo", False),
        ("done", True),
    ]:
        tt.ok("move", "1", status)
        task = show(tt)
        assert (task["status"], task["closed"]) == (status, closed)
        assert (task["closed_at"] is not None) == closed
        assert task["history"][-1]["changes"]["status"][1] == status
    assert ids(tt.ok("ls", "status:cancelled", "--format", "ids")) == []
    assert ids(tt.ok("ls", "status:closed", "--format", "ids")) == [1]


def test_edit_in_editor(tt, tmp_path):
    """`tt edit --editor`: first line is the title, the rest the description."""
    import sys

    script = tmp_path / "editor.py"
    script.write_text(
        "import sys, pathlib\n"
        "path = pathlib.Path(sys.argv[1])\n"
        "old = path.read_text(encoding='utf-8')\n"
        "assert old.startswith('Fix login\\n'), old\n"
        "path.write_text('Fix the login page\\n\\nSteps:\\n1. open /login', encoding='utf-8')\n",
        encoding="utf-8",
    )
    tt.ok("add", "Fix", "login")
    tt.env["EDITOR"] = f"{sys.executable} {script}"
    tt.env["VISUAL"] = tt.env["EDITOR"]
    tt.ok("edit", "1", "--editor")
    task = show(tt)
    assert (task["title"], task["description"]) == ("Fix the login page", "Steps:\n1. open /login")
    assert task["history"][-1]["changes"]["title"] == ["Fix login", "Fix the login page"]
