"""Comments (internal by default, public ones through the outbox) and `tt inbox` (§4)."""

from __future__ import annotations

from integration_helpers import query


def outbox(tt) -> list[tuple]:
    return query(
        tt.db_url,
        "SELECT comment_id, task_id, channel, recipient, status, attempts FROM outbox ORDER BY id",
    )


def comments(tt, task_id: int) -> list[dict]:
    return tt.ok("show", str(task_id), "--json").json()["comments"]


# -- comments -------------------------------------------------------------------------------


def test_comments_are_internal_by_default(tt):
    tt.ok("add", "Task")
    tt.ok("comment", "1", "Looked", "at", "the", "logs")
    [comment] = comments(tt, 1)
    assert (comment["body"], comment["public"], comment["author"], comment["channel"]) == (
        "Looked at the logs",
        False,
        "alice",
        "cli",
    )
    assert tt.ok("show", "1", "--json").json()["history"][-1]["action"] == "commented"
    assert outbox(tt) == []


def test_comment_from_stdin(tt):
    tt.ok("add", "Task")
    text = "Line one\nстрока два"
    tt.ok("comment", "1", "-", stdin=text)
    assert [c["body"] for c in comments(tt, 1)] == [text]


def test_public_comment_without_requester_queues_nothing(tt):
    tt.ok("add", "Task")
    result = tt.ok("comment", "1", "Done", "on", "our", "side", "--public")
    assert "requester" in result.err
    [comment] = comments(tt, 1)
    assert comment["public"] is True
    assert outbox(tt) == []


def test_public_comment_to_email_requester_goes_to_outbox(tt):
    tt.ok("add", "Invoice", "missing", "--requester", "client@x.example")  # 1
    tt.ok("add", "Unrelated")  # 2
    tt.ok("comment", "1", "Internal", "note")
    tt.ok("comment", "2", "Internal", "elsewhere")
    assert outbox(tt) == []

    result = tt.ok("comment", "1", "We", "sent", "the", "invoice", "again", "--public")
    assert "client@x.example" in result.err
    public = [c for c in comments(tt, 1) if c["public"]]
    assert [c["body"] for c in public] == ["We sent the invoice again"]
    assert outbox(tt) == [(public[0]["id"], 1, "email", "client@x.example", "pending", 0)]

    tt.ok("comment", "1", "Another", "internal", "one")
    tt.ok("close", "1", "-m", "closing note")
    assert len(outbox(tt)) == 1, "internal comments and closing notes never reach the outbox"


# -- inbox ----------------------------------------------------------------------------------


def inbox(tt, user: str | None = None) -> list[tuple[str, int]]:
    return [(e["reason"], e["task"]["id"]) for e in tt.ok("inbox", "--json", user=user).json()]


def test_inbox_assigned_to_me(tt):
    tt.ok("add", "Mine", "@alice")  # 1
    tt.ok("add", "Also", "mine", "@alice")  # 2
    tt.ok("add", "Bob's", "@bob")  # 3
    tt.ok("close", "2")
    assert inbox(tt) == [("assigned", 1)]
    assert inbox(tt, user="bob") == [("assigned", 3)]


def test_inbox_unassigned_in_my_groups(tt):
    tt.ok("group", "add", "dev", "--member", "carol")
    tt.ok("add", "Queue", "item", "@support-l1")  # 1: alice is in support-l1
    tt.ok("add", "Taken", "@support-l1", "@bob")  # 2: assigned, not for the group
    tt.ok("add", "Dev", "item", "-g", "dev")  # 3: not alice's group
    tt.ok("add", "No", "group")  # 4
    assert inbox(tt) == [("group", 1)]
    assert ("group", 1) in inbox(tt, user="bob")
    assert inbox(tt, user="carol") == [("group", 3)]


def test_inbox_unseen_activity(tt):
    tt.ok("add", "Ask", "bob", "@bob")  # 1: alice's task, bob's work
    assert inbox(tt) == []
    tt.ok("comment", "1", "Which", "browser?", user="bob")
    assert inbox(tt) == [("unseen", 1)]
    tt.ok("show", "1")
    assert inbox(tt) == []
    # My own activity never counts as unseen.
    tt.ok("comment", "1", "Firefox")
    assert inbox(tt) == []
    # A change by someone else on a task I watch.
    tt.ok("add", "Bob's", "own", user="bob")  # 2
    tt.ok("watch", "2", "alice", user="bob")
    tt.ok("show", "2")
    tt.ok("edit", "2", "-p", "high", user="bob")
    assert inbox(tt) == [("unseen", 2)]
    tt.ok("show", "2", "--json")
    assert inbox(tt) == []


def test_inbox_lists_each_task_once(tt):
    tt.ok("add", "Mine", "@alice")
    tt.ok("comment", "1", "ping", user="bob")
    assert inbox(tt) == [("assigned", 1)]
    entries = tt.ok("inbox", "--json").json()
    assert set(entries[0]) == {"reason", "task"}
    assert entries[0]["task"]["title"] == "Mine"
