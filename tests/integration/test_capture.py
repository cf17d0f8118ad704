"""Capture (`tt add`) and the task JSON contract, on SQLite and PostgreSQL (issue 2, §4)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from integration_helpers import today

TASK_KEYS = {
    "id",
    "title",
    "description",
    "status",
    "closed",
    "priority",
    "author",
    "assignee",
    "group",
    "watchers",
    "tags",
    "due",
    "created_at",
    "updated_at",
    "closed_at",
    "parent",
    "requester",
    "channel",
    "form",
    "fields",
}
DETAIL_KEYS = TASK_KEYS | {"comments", "history", "attachments"}
COMMENT_KEYS = {"id", "author", "body", "public", "created_at", "channel"}
VOLATILE = {"id", "created_at", "updated_at"}


def without_volatile(task: dict) -> dict:
    return {k: v for k, v in task.items() if k not in VOLATILE}


def assert_iso_with_offset(value: str) -> None:
    moment = datetime.fromisoformat(value)
    assert moment.utcoffset() == timedelta(hours=3), f"{value!r} is not in Europe/Moscow time"


# -- capture grammar ------------------------------------------------------------------------


def test_inline_tokens_equal_options(tt):
    inline = tt.ok("add", "Fix", "login", "@bob", "+bug", "due:fri", "--json").json()
    options = tt.ok("add", "Fix login", "-a", "bob", "-t", "bug", "-d", "fri", "--json").json()
    assert without_volatile(inline) == without_volatile(options)
    assert inline["id"] != options["id"]
    assert (inline["title"], inline["assignee"], inline["tags"]) == ("Fix login", "bob", ["bug"])
    due = date.fromisoformat(inline["due"])
    assert due.weekday() == 4 and today() <= due <= today() + timedelta(days=7)
    shown = [tt.ok("show", str(t["id"]), "--json").json() for t in (inline, options)]
    assert without_volatile(shown[0]) | {"history": None} == without_volatile(shown[1]) | {
        "history": None
    }


def test_add_prints_number_and_title(tt):
    assert tt.ok("add", "Fix", "login", "@bob", "+bug").out == "#1 Fix login\n"
    assert tt.ok("add", "Second", "one").out == "#2 Second one\n"


def test_group_mention_sets_the_group(tt):
    task = tt.ok("add", "Triage", "the", "queue", "@support-l1", "--json").json()
    assert (task["title"], task["group"], task["assignee"]) == (
        "Triage the queue",
        "support-l1",
        None,
    )


def test_second_user_mention_becomes_a_watcher(tt):
    task = tt.ok("add", "Pair", "on", "review", "@bob", "@carol", "--json").json()
    assert (task["assignee"], task["watchers"]) == ("bob", ["carol"])
    both = tt.ok("add", "Triage", "@support-l1", "@carol", "@bob", "--json").json()
    assert (both["group"], both["assignee"], both["watchers"]) == ("support-l1", "carol", ["bob"])


def test_priority_token(tt):
    assert tt.ok("add", "Outage", "!high", "--json").json()["priority"] == "high"
    assert tt.ok("add", "Outage", "!urgent", "--json").json()["priority"] == "urgent"
    assert tt.ok("add", "Later", "--json").json()["priority"] == "normal"
    assert tt.ok("add", "Later", "-p", "low", "--json").json()["priority"] == "low"


def test_description_from_stdin(tt):
    text = "First line\nвторая строка"
    task = tt.ok("add", "Notes", "-m", "-", "--json", stdin=text).json()
    assert task["description"] == text
    assert tt.ok("show", str(task["id"]), "--json").json()["description"] == text


def test_parent(tt):
    parent = tt.ok("add", "Epic", "--json").json()
    child = tt.ok("add", "Part", "one", "--parent", str(parent["id"]), "--json").json()
    assert child["parent"] == parent["id"]
    missing = tt("add", "Orphan", "--parent", "999")
    assert missing.code == 1 and "999" in missing.err
    assert tt.ok("ls", "--format", "ids").out.split() == [str(parent["id"]), str(child["id"])]


def test_requester_creates_one_contact(tt):
    task = tt.ok("add", "Invoice", "missing", "--requester", "client@x.example", "--json").json()
    assert task["requester"]["email"] == "client@x.example"
    assert set(task["requester"]) == {"name", "email", "telegram"}
    tt.ok("add", "Another", "request", "--requester", "Client@X.example")
    contacts = tt.ok("contact", "ls", "--json").json()
    assert [(c["email"], c["tasks"]) for c in contacts] == [("client@x.example", 2)]
    tg = tt.ok("add", "From", "telegram", "--requester", "@client_tg", "--json").json()
    assert tg["requester"]["telegram"] == "client_tg"
    assert len(tt.ok("contact", "ls", "--json").json()) == 2


def test_task_with_requester_records_the_cli_user_as_creator(tt):
    """alice typed the task; the requester is who asked for it, not who created the row."""
    task = tt.ok("add", "Call", "back", "--requester", "client@x.example", "--json").json()
    history = tt.ok("show", str(task["id"]), "--json").json()["history"]
    assert history[0]["action"] == "created"
    assert history[0]["who"] == "alice"


def test_dedupe_key_absorbs_repeats_until_closed(tt):
    first = tt.ok("add", "Disk", "full", "on", "db1", "--dedupe-key", "disk-db1", "--json").json()
    again = tt("add", "Disk", "full", "on", "db1", "--dedupe-key", "disk-db1")
    assert again.code == 0
    assert again.out.startswith(f"#{first['id']} ")
    third = tt.ok("add", "Disk", "full", "on", "db1", "--dedupe-key", "disk-db1", "--json").json()
    assert third["id"] == first["id"]
    assert tt.ok("ls", "--format", "ids").out.split() == [str(first["id"])]

    comments = tt.ok("show", str(first["id"]), "--json").json()["comments"]
    bodies = [c["body"] for c in comments]
    assert len(bodies) == 2, bodies
    assert bodies[0].startswith("repeated 2 times") and bodies[1].startswith("repeated 3 times")
    assert not any(c["public"] for c in comments)

    tt.ok("close", str(first["id"]))
    fresh = tt.ok("add", "Disk", "full", "on", "db1", "--dedupe-key", "disk-db1", "--json").json()
    assert fresh["id"] != first["id"]
    assert tt.ok("show", str(fresh["id"]), "--json").json()["comments"] == []
    assert tt.ok("ls", "--format", "ids").out.split() == [str(fresh["id"])]


# -- the JSON contract ----------------------------------------------------------------------


def test_task_json_shape(tt):
    tt.ok("add", "Parent", "task")
    created = tt.ok(
        "add",
        "Fix",
        "login",
        "@bob",
        "@carol",
        "+bug",
        "@support-l1",
        "!high",
        "-d",
        "2026-12-01T15:00",
        "--parent",
        "1",
        "--requester",
        "client@x.example",
        "--json",
    ).json()
    assert set(created) == TASK_KEYS
    assert created["author"] == "alice"
    assert created["assignee"] == "bob"
    assert created["watchers"] == ["carol"]
    assert created["group"] == "support-l1"
    assert created["tags"] == ["bug"]
    assert created["parent"] == 1
    assert created["status"] == "todo" and created["closed"] is False
    assert created["form"] is None and created["fields"] == {}
    assert created["channel"] == "cli"
    assert created["requester"] == {"name": "client", "email": "client@x.example", "telegram": None}
    # Stored in UTC, shown in the configured zone.
    assert created["due"] == "2026-12-01T15:00:00+03:00"
    assert_iso_with_offset(created["created_at"])
    assert_iso_with_offset(created["updated_at"])
    assert created["closed_at"] is None

    tt.ok("comment", "2", "looks", "like", "a", "cache", "issue")
    detail = tt.ok("show", "2", "--json").json()
    assert set(detail) == DETAIL_KEYS
    assert {k: detail[k] for k in TASK_KEYS - {"updated_at"}} == {
        k: created[k] for k in TASK_KEYS - {"updated_at"}
    }
    [comment] = detail["comments"]
    assert set(comment) == COMMENT_KEYS
    assert (comment["author"], comment["public"], comment["channel"]) == ("alice", False, "cli")
    assert_iso_with_offset(comment["created_at"])
    assert all(isinstance(e, dict) for e in detail["history"]) and detail["history"]
    assert detail["attachments"] == []

    listed = tt.ok("ls", "--format", "json").json()
    assert [set(item) for item in listed] == [TASK_KEYS, TASK_KEYS]
    [item] = [t for t in listed if t["id"] == 2]
    assert item == {k: detail[k] for k in TASK_KEYS}


def test_date_only_due_is_a_plain_date(tt):
    task = tt.ok("add", "Report", "-d", "01.12.2026", "--json").json()
    assert task["due"] == "2026-12-01"
    assert tt.ok("add", "Report", "due:2026-12-02", "--json").json()["due"] == "2026-12-02"


def test_closed_task_json(tt):
    tt.ok("add", "Done", "soon")
    tt.ok("close", "1")
    task = tt.ok("show", "1", "--json").json()
    assert (task["status"], task["closed"]) == ("done", True)
    assert_iso_with_offset(task["closed_at"])


def test_json_output_is_only_json(tt):
    assert tt.ok("ls", "--format", "json").json() == []
    assert tt.ok("ls", "--format", "ids").out == ""
    tt.ok("add", "One")
    result = tt.ok("ls", "--format", "json")
    assert result.err == ""
    assert [t["title"] for t in result.json()] == ["One"]
    inbox = tt.ok("inbox", "--json").json()
    assert isinstance(inbox, list)
