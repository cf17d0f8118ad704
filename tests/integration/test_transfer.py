"""`tt export` → `tt import`: a team moves from its SQLite file to PostgreSQL (or another
SQLite file) without losing anything, and importing twice creates nothing twice (§4, §7).

The source is always a fresh SQLite file filled through the CLI; the target is the `db_url`
database of each kind (fresh, migrated, empty).
"""

from __future__ import annotations

import base64
import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from integration_helpers import BINARY, add_team, build_rich_database, query


def lines(result) -> list[dict]:
    return [json.loads(line) for line in result.out.splitlines() if line.strip()]


def of_type(records: list[dict], kind: str) -> list[dict]:
    return [r for r in records if r["type"] == kind]


@pytest.fixture
def source(runner_for, sqlite_template, tmp_path):
    path = tmp_path / "source" / "teamtask.db"
    path.parent.mkdir()
    shutil.copy(sqlite_template, path)
    tt = runner_for(f"sqlite:///{path}", tmp_path / "source")
    add_team(tt)
    build_rich_database(tt, tmp_path / "files")
    return tt


@pytest.fixture
def exported(source, tmp_path) -> Path:
    path = tmp_path / "tasks.jsonl"
    path.write_text(source.ok("export").out, encoding="utf-8")
    return path


@pytest.fixture
def target(db_url, runner_for, tmp_path):
    """The empty database of each kind; the person moving the team runs the import."""
    return runner_for(db_url, tmp_path / "target", user="admin")


def test_export_is_complete(source, exported):
    records = [json.loads(line) for line in exported.read_text(encoding="utf-8").splitlines()]
    assert records[0]["type"] == "header" and records[0]["tasks"] == 10
    tasks = {t["id"]: t for t in of_type(records, "task")}
    assert sorted(tasks) == list(range(1, 11))
    assert {t["status"] for t in tasks.values()} == {
        "todo",
        "doing",
        "waiting",
        "done",
        "cancelled",
    }
    files = {a["filename"]: a for a in tasks[9]["attachments"]}
    assert base64.b64decode(files["dump.bin"]["data"]) == BINARY
    assert [c["public"] for c in tasks[3]["comments"]] == [False, True]
    assert tasks[2]["parent"] == 10 and tasks[6]["parent"] == 1
    assert tasks[2]["due_at"] is not None
    assert len(tasks[7]["comments"]) == 1  # "repeated 2 times"
    assert {u["handle"]: u["kind"] for u in of_type(records, "user")}["carol"] == "contractor"


def test_round_trip_keeps_every_task(source, exported, target):
    result = target.ok("import", str(exported))
    assert "imported 10 tasks" in result.err
    original = lines(source.ok("export"))
    copied = lines(target.ok("export"))
    assert of_type(copied, "header") == of_type(original, "header")
    problems = [
        (a["id"], {k: (a[k], b.get(k)) for k in a if a[k] != b.get(k)})
        for a, b in zip(of_type(original, "task"), of_type(copied, "task"), strict=True)
        if a != b
    ]
    assert problems == []


def test_round_trip_keeps_people_and_groups(source, exported, db_url, runner_for, tmp_path):
    """alice, a member with a name and an email, moves the team. On an empty database she is
    created on first sight, before the import runs: the import must still bring her details."""
    target = runner_for(db_url, tmp_path / "target-alice", user="alice")
    target.ok("import", str(exported))

    def people(tt) -> tuple[dict, dict]:
        records = lines(tt.ok("export"))
        users = {
            u["handle"]: {**u, "rate": None if u["rate"] is None else Decimal(u["rate"])}
            for u in of_type(records, "user")
        }
        users["alice"].pop("created_at")  # she existed before the import, by necessity
        return users, {g["name"]: g for g in of_type(records, "group")}

    (users_after, groups_after), (users_before, groups_before) = people(target), people(source)
    lost = {
        handle: {
            k: (v, users_after.get(handle, {}).get(k))
            for k, v in user.items()
            if users_after.get(handle, {}).get(k) != v
        }
        for handle, user in users_before.items()
        if users_after.get(handle) != user
    }
    assert lost == {}
    assert sorted(users_after) == sorted(users_before)
    assert groups_after == groups_before
    assert (
        target.ok("contact", "ls", "--json").json() == source.ok("contact", "ls", "--json").json()
    )


def test_round_trip_looks_the_same_to_users(source, exported, target):
    """`tt show --json` of every task is the same after the move (row ids aside)."""
    target.ok("import", str(exported))

    def view(tt, task_id: int) -> dict:
        data = tt.ok("show", str(task_id), "--json").json()
        for item in (*data["comments"], *data["attachments"]):
            item.pop("id")
        return data

    differing = [n for n in range(1, 11) if view(source, n) != view(target, n)]
    assert differing == []
    for attachment in source.ok("show", "9", "--json").json()["attachments"]:
        name = attachment["filename"]
        [copy] = [
            a
            for a in target.ok("show", "9", "--json").json()["attachments"]
            if a["filename"] == name
        ]
        out = target.tmp_path / f"out-{copy['id']}"
        target.ok("attachment", "get", str(copy["id"]), "-o", str(out))
        original = source.tmp_path / f"orig-{attachment['id']}"
        source.ok("attachment", "get", str(attachment["id"]), "-o", str(original))
        assert out.read_bytes() == original.read_bytes()


def test_import_twice_creates_nothing_twice(source, exported, target):
    target.ok("import", str(exported))
    first = target.ok("export").out
    counts = {
        table: query(target.db_url, f"SELECT count(*) FROM {table}")[0][0]
        for table in (
            "tasks",
            "comments",
            "history",
            "attachments",
            "contacts",
            "users",
            "groups",
            "group_members",
            "task_tags",
            "task_watchers",
        )
    }
    again = target.ok("import", str(exported))
    assert "imported 0 tasks" in again.err and "10 already present" in again.err
    assert target.ok("export").out == first
    assert counts == {
        table: query(target.db_url, f"SELECT count(*) FROM {table}")[0][0] for table in counts
    }


def test_new_tasks_after_import_get_fresh_numbers(source, exported, target):
    target.ok("import", str(exported))
    assert target.ok("add", "After the move").out == "#11 After the move\n"
    assert target.ok("show", "1", "--json").json()["title"] == "Fix login"


def test_import_reads_stdin(source, exported, target):
    result = target.ok("import", "-", stdin=exported.read_text(encoding="utf-8"))
    assert "imported 10 tasks" in result.err


def test_import_rejects_garbage(target, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"type": "header", "format": "teamtask-export/1", "tasks": 0}\nnot json\n')
    result = target("import", str(bad))
    assert result.code == 2 and "line 2" in result.err
    assert query(target.db_url, "SELECT count(*) FROM tasks") == [(0,)]


def test_comments_by_requesters_keep_their_author(source, db_url, runner_for, tmp_path):
    """Replies that came in from a requester (email or Telegram) stay theirs after the move."""
    from teamtask.config import load_settings
    from teamtask.services.comments import insert_comment
    from teamtask.services.context import open_context

    ctx = open_context(
        load_settings(db=source.db_url, user="alice", config=source.env["TEAMTASK_CONFIG"])
    )
    try:
        [(email_contact,)] = query(
            source.db_url, "SELECT id FROM contacts WHERE email = 'client@x.example'"
        )
        [(tg_contact,)] = query(
            source.db_url, "SELECT id FROM contacts WHERE telegram_username = 'tg_client'"
        )
        with ctx.db.transaction():
            insert_comment(
                ctx,
                3,
                "Спасибо, получили",
                public=True,
                channel="email",
                author_contact_id=email_contact,
                external_id="<m1@x.example>",
            )
            insert_comment(
                ctx,
                8,
                "Когда будет готово?",
                public=True,
                channel="telegram",
                author_contact_id=tg_contact,
                external_id="tg:42",
            )
    finally:
        ctx.db.close()
    exported = tmp_path / "with-replies.jsonl"
    exported.write_text(source.ok("export").out, encoding="utf-8")
    target = runner_for(db_url, tmp_path / "target-replies", user="admin")
    target.ok("import", str(exported))

    def authors(tt, task_id: int) -> list[tuple]:
        return [
            (c["author"], c["body"], c["public"], c["channel"])
            for c in tt.ok("show", str(task_id), "--json").json()["comments"]
        ]

    assert authors(target, 3) == authors(source, 3)
    assert authors(target, 8) == authors(source, 8)
    assert authors(source, 8)[-1][0] is not None, "a Telegram requester's reply has an author"
