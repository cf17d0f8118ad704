"""`tt ls`: default filter, sorting, limits, output formats and the filter language (§4–5)."""

from __future__ import annotations

import csv
import io

import pytest
from integration_helpers import day, ids


def listed(tt, *words: str) -> list[int]:
    return ids(tt.ok("ls", "--format", "ids", "--limit", "0", *words))


def check(tt, cases: dict[tuple[str, ...], list[int]]) -> None:
    """Run every filter; compare all results at once so one failure shows every mismatch."""
    got = {words: listed(tt, *words) for words in cases}
    assert got == cases


@pytest.fixture
def team_tasks(tt, open_ctx):
    """Seven tasks covering every field a filter can look at (ids 1–7; #5 is closed)."""
    tt.ok("group", "add", "dev", "--member", "bob")
    tt.ok("add", "Fix login page", "@bob", "+bug", "due:today", "!high", "@support-l1")  # 1
    tt.ok("add", "Логин не работает", "@alice", "+bug", "+mobile")  # 2
    tt.ok("add", "Deploy release", "+ops", "due:+3d", "-w", "carol", "-g", "dev")  # 3
    tt.ok(
        "add", "Write docs", "-m", "contains a long phrase here", "@alice", "due:yesterday", "!low"
    )  # 4
    tt.ok("add", "Old bug", "+bug", "@bob", "due:yesterday")  # 5
    tt.ok("close", "5")
    tt.ok("add", "Invoice question", "--requester", "client@x.example", "!urgent", user="bob")  # 6
    # A channel other than the CLI: the inbound service path (email) that pollers use.
    from teamtask.services.tasks import NewTask, create_task

    create_task(
        open_ctx("alice"),
        NewTask(title="Mail from a customer", channel="email", requester="@tg_user"),
    )  # 7
    return tt


def test_default_filter_is_open_tasks(team_tasks):
    tt = team_tasks
    assert listed(tt) == listed(tt, "status:open")
    assert 5 not in listed(tt)
    assert sorted(listed(tt)) == [1, 2, 3, 4, 6, 7]
    # A filter that does not speak of status still means open tasks.
    assert sorted(listed(tt, "+bug")) == [1, 2]


def test_sort_by_due_puts_tasks_without_due_last(tt):
    tt.ok("add", "in three days", "due:+3d")  # 1
    tt.ok("add", "no due A")  # 2
    tt.ok("add", "today", "due:today")  # 3
    tt.ok("add", "tomorrow", "due:tomorrow")  # 4
    tt.ok("add", "no due B")  # 5
    tt.ok("add", "yesterday", "due:yesterday")  # 6
    assert listed(tt) == [6, 3, 4, 1, 2, 5]
    assert listed(tt, "--sort", "due") == [6, 3, 4, 1, 2, 5]
    assert listed(tt, "--sort", "-due") == [1, 4, 3, 6, 2, 5]
    titles = [t["title"] for t in tt.ok("ls", "--format", "json").json()]
    assert titles == ["yesterday", "today", "tomorrow", "in three days", "no due A", "no due B"]


def test_sort_by_priority_descending(tt):
    for title, priority in [
        ("a", "low"),
        ("b", "urgent"),
        ("c", "normal"),
        ("d", "high"),
        ("e", "urgent"),
    ]:
        tt.ok("add", title, "-p", priority)
    assert listed(tt, "--sort", "-priority") == [2, 5, 4, 3, 1]
    assert listed(tt, "--sort", "priority") == [1, 3, 4, 2, 5]


def test_limit(tt):
    for number in range(5):
        tt.ok("add", f"task {number}", f"due:+{number + 1}d")
    assert ids(tt.ok("ls", "--format", "ids", "--limit", "2")) == [1, 2]
    assert len(tt.ok("ls", "--format", "json", "--limit", "3").json()) == 3
    assert ids(tt.ok("ls", "--format", "ids", "--limit", "0")) == [1, 2, 3, 4, 5]
    bad = tt("ls", "--limit", "-1")
    assert bad.code == 2


def test_csv_format(tt):
    tricky = 'Fix "quoted", comma; Логин'
    tt.ok("add", tricky, "@bob", "+bug", "-d", "2026-12-01", "@support-l1", "!high")
    tt.ok("add", "Plain")
    out = tt.ok("ls", "--format", "csv").out
    rows = list(csv.reader(io.StringIO(out)))
    header, *body = rows
    assert header[:1] == ["id"] and "title" in header and "assignee" in header
    records = [dict(zip(header, row, strict=True)) for row in body]
    assert [r["id"] for r in records] == ["1", "2"]
    first = records[0]
    assert first["title"] == tricky
    assert (first["assignee"], first["status"], first["priority"]) == ("bob", "todo", "high")
    assert first["group"] == "support-l1"
    assert first["due"] == "2026-12-01"
    assert records[1]["assignee"] == "" and records[1]["due"] == ""
    # --columns chooses the columns; nothing but CSV on stdout.
    chosen = tt.ok("ls", "--format", "csv", "--columns", "id,title,tags").out
    assert list(csv.reader(io.StringIO(chosen))) == [
        ["id", "title", "tags"],
        ["1", tricky, "+bug"],
        ["2", "Plain", ""],
    ]


def test_ids_format(tt):
    tt.ok("add", "one", "due:tomorrow")
    tt.ok("add", "two", "due:today")
    out = tt.ok("ls", "--format", "ids").out
    assert out == "2\n1\n"
    assert [t["id"] for t in tt.ok("ls", "--format", "json").json()] == [2, 1]


# -- the filter language --------------------------------------------------------------------


def test_text_filters(team_tasks):
    check(
        team_tasks,
        {
            ("login",): [1],
            ("LOGIN",): [1],
            ("логин",): [2],  # Cyrillic, case-insensitive, on SQLite too
            ("ЛОГИН",): [2],
            ("РАБОТАЕТ",): [2],
            ("phrase",): [4],  # descriptions are searched too
            ("long phrase",): [4],  # one shell word: a phrase
            ("phrase long",): [],
            ("long", "here"): [4],  # two words: both must occur
            ("docs", "missing"): [],
        },
    )


def test_people_filters(team_tasks):
    check(
        team_tasks,
        {
            ("@me",): [4, 2],
            ("@bob",): [1],
            ("@bob", "status:any"): [5, 1],
            ("@none",): [3, 6, 7],
            ("is:unassigned",): [3, 6, 7],
            ("assignee:alice",): [4, 2],
            ("watcher:carol",): [3],
            ("author:bob",): [6],
            ("author:alice", "+bug"): [1, 2],
        },
    )


def test_tag_filters_and_boolean_structure(team_tasks):
    check(
        team_tasks,
        {
            ("+bug",): [1, 2],
            ("+bug", "status:any"): [5, 1, 2],
            ("+mobile",): [2],
            ("+BUG",): [1, 2],
            ("tag:ops",): [3],
            ("--", "-+bug"): [4, 3, 6, 7],
            ("+bug", "or", "+ops"): [1, 3, 2],
            ("(", "+ops", "or", "@bob", ")", "due:today"): [1],
            ("--", "(+ops", "or", "@bob)", "-due:today"): [3],
            ("(+bug", "or", "+ops)", "(@alice", "or", "@none)"): [3, 2],
            ("--", "-(+bug", "or", "+ops)"): [4, 6, 7],
        },
    )


def test_negated_tag_is_a_filter_on_the_command_line(team_tasks):
    """`tt ls -+bug` reads as "not +bug", not as an unknown option `-+`."""
    result = team_tasks("ls", "-+bug", "--format", "ids")
    assert result.code == 0, result.err
    assert ids(result) == [4, 3, 6, 7]


def test_negation_keeps_tasks_without_the_field(team_tasks):
    """`-@me` is every task not assigned to me, unassigned ones included (no SQL NULL leaks)."""
    check(
        team_tasks,
        {
            ("--", "-@me"): [1, 3, 6, 7],
            ("--", "-@bob"): [4, 3, 2, 6, 7],
            ("--", "-group:support-l1"): [4, 3, 2, 6, 7],
            ("--", "-due:today"): [4, 3, 2, 6, 7],
            ("--", "-requester:x.example"): [4, 1, 3, 2, 7],
            ("--", "-watcher:carol"): [4, 1, 2, 6, 7],
        },
    )


def test_status_filters(team_tasks):
    tt = team_tasks
    tt.ok("move", "3", "doing")
    tt.ok("move", "6", "cancelled")
    check(
        tt,
        {
            ("status:closed",): [5, 6],
            ("status:any",): [4, 5, 1, 3, 2, 6, 7],
            ("status:doing",): [3],
            ("status:done",): [5],
            ("status:todo,doing",): [4, 1, 3, 2, 7],
            ("status:open",): [4, 1, 3, 2, 7],
            ("--", "-status:done", "status:any"): [4, 1, 3, 2, 6, 7],
        },
    )


def test_date_filters(team_tasks):
    tt = team_tasks
    # An instant late in the evening of tomorrow, Moscow time, and one just after midnight:
    # both are due *tomorrow* where the team lives (UTC puts the second one on today).
    tt.ok("add", "Evening call", "-d", f"{day(1)} 23:30")  # 8
    tt.ok("add", "Night deploy", "-d", f"{day(1)} 01:00")  # 9
    check(
        tt,
        {
            (f"due:{day(0)}",): [1],
            ("due:today",): [1],
            ("due:tomorrow",): [8, 9],
            ("due:+3d",): [3],
            (f"due.before:{day(0)}",): [4],
            ("due.before:today", "status:any"): [4, 5],
            (f"due.after:{day(0)}",): [8, 9, 3],
            ("due.after:tomorrow",): [3],
            ("due:none",): [2, 6, 7],
            ("is:overdue",): [4],
            ("is:overdue", "status:any"): [4],
            ("created.after:yesterday",): [4, 1, 8, 9, 3, 2, 6, 7],
            ("created.after:today",): [],
            ("created.before:today",): [],
            ("created.before:tomorrow", "+bug"): [1, 2],
        },
    )


def test_match_filters(team_tasks):
    check(
        team_tasks,
        {
            ("group:support-l1",): [1],
            ("group:dev",): [3],
            ("group:support-l1,dev",): [1, 3],
            ("priority:high",): [1],
            ("priority:urgent,low",): [4, 6],
            ("id:1,3",): [1, 3],
            ("id:5",): [5],  # naming a task by number finds it even when closed
            ("requester:client@x.example",): [6],
            ("requester:x.example",): [6],
            ("requester:@tg_user",): [7],
            ("channel:email",): [7],
            ("channel:cli",): [4, 1, 3, 2, 6],
        },
    )
