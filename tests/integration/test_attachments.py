"""Attachments live in the database: byte-identical round trip, safe names, a size limit (§2)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from integration_helpers import query

PAYLOAD = bytes(range(256)) * 41 + b"\x00\xff tail"


def show(tt, task_id: int = 1) -> dict:
    return tt.ok("show", str(task_id), "--json").json()


def attach(tt, task_id: int, *paths: Path) -> list[tuple[int, str, int]]:
    out = tt.ok("attach", str(task_id), *map(str, paths)).out
    rows = [line.split("\t") for line in out.splitlines()]
    return [(int(i), name, int(size)) for i, name, size in rows]


def test_round_trip_is_byte_identical(tt, tmp_path):
    tt.ok("add", "Crash", "report")
    source = tmp_path / "core.bin"
    source.write_bytes(PAYLOAD)
    note = tmp_path / "заметка.txt"
    note.write_text("логи во вложении\n", encoding="utf-8")
    stored = attach(tt, 1, source, note)
    assert [(name, size) for _, name, size in stored] == [
        ("core.bin", len(PAYLOAD)),
        ("заметка.txt", note.stat().st_size),
    ]

    target = tmp_path / "out" / "copy.bin"
    target.parent.mkdir()
    tt.ok("attachment", "get", str(stored[0][0]), "-o", str(target))
    assert target.read_bytes() == PAYLOAD
    tt.ok("attachment", "get", str(stored[1][0]), "-o", str(target.parent))
    assert (target.parent / "заметка.txt").read_bytes() == note.read_bytes()

    attachments = show(tt)["attachments"]
    assert [(a["id"], a["filename"], a["size"], a["sha256"]) for a in attachments] == [
        (stored[0][0], "core.bin", len(PAYLOAD), hashlib.sha256(PAYLOAD).hexdigest()),
        (
            stored[1][0],
            "заметка.txt",
            note.stat().st_size,
            hashlib.sha256(note.read_bytes()).hexdigest(),
        ),
    ]
    assert {"content_type", "created_at"} <= set(attachments[0])
    event = show(tt)["history"][-1]
    assert event["action"] == "attached"
    assert event["changes"]["attachments"][1] == ["core.bin", "заметка.txt"]


def test_get_without_output_saves_under_its_name(tt, tmp_path, monkeypatch):
    tt.ok("add", "Task")
    source = tmp_path / "report.pdf"
    source.write_bytes(b"%PDF-1.4 fake")
    [(attachment_id, _, _)] = attach(tt, 1, source)
    workdir = tmp_path / "work"
    workdir.mkdir()
    monkeypatch.chdir(workdir)
    tt.ok("attachment", "get", str(attachment_id))
    assert (workdir / "report.pdf").read_bytes() == b"%PDF-1.4 fake"


def test_file_names_are_sanitized(tt, tmp_path, open_ctx):
    tt.ok("add", "Task")
    # Backslashes and control characters are legal in Linux file names; a Windows-style path
    # must not become directories when someone saves the attachment.
    evil = tmp_path / "..\\..\\etc\\passwd"
    evil.write_bytes(b"root:x:0:0")
    bell = tmp_path / "report\x07 final.txt"
    bell.write_bytes(b"text")
    stored = attach(tt, 1, evil, bell)
    names = [name for _, name, _ in stored]
    for name in names:
        assert "/" not in name and "\\" not in name and ".." not in name
        assert all(ord(ch) >= 32 for ch in name)
    assert names[0] == "passwd"
    # Names that arrive from channels (an email's attachment) go through the same service.
    from teamtask.services.attachments import attach as attach_service

    ctx = open_ctx("alice")
    channel_names = [
        s.filename
        for s in attach_service(
            ctx, 1, [("../../etc/passwd", b"a"), ("..", b"b"), ("/abs/path/x.txt", b"c")]
        )
    ]
    assert channel_names[0] == "passwd"
    assert channel_names[1] not in ("", ".", "..")
    assert channel_names[2] == "x.txt"
    assert {a["filename"] for a in show(tt)["attachments"]} == {*names, *channel_names}

    outdir = tmp_path / "downloads"
    outdir.mkdir()
    tt.ok("attachment", "get", str(stored[0][0]), "-o", str(outdir))
    assert [p.name for p in outdir.iterdir()] == ["passwd"]
    assert (outdir / "passwd").read_bytes() == b"root:x:0:0"


def test_size_limit_from_config(tt, tmp_path):
    Path(tt.env["TEAMTASK_CONFIG"]).write_text("[attachments]\nmax_bytes = 10\n", encoding="utf-8")
    tt.ok("add", "Task")
    small, big = tmp_path / "small.txt", tmp_path / "big.txt"
    small.write_bytes(b"0123456789")  # exactly the limit
    big.write_bytes(b"0123456789A")
    result = tt("attach", "1", str(big))
    assert result.code == 2
    assert "limit" in result.err and "big.txt" in result.err
    # A batch with one file over the limit stores none of them.
    assert tt("attach", "1", str(small), str(big)).code == 2
    task = show(tt)
    assert task["attachments"] == []
    assert [e["action"] for e in task["history"]] == ["created"]
    assert query(tt.db_url, "SELECT count(*) FROM attachments") == [(0,)]

    attach(tt, 1, small)
    assert [a["size"] for a in show(tt)["attachments"]] == [10]


def test_attach_to_missing_task_or_missing_file(tt, tmp_path):
    source = tmp_path / "a.txt"
    source.write_bytes(b"x")
    assert tt("attach", "999", str(source)).code == 1
    tt.ok("add", "Task")
    assert tt("attach", "1", str(tmp_path / "missing.txt")).code == 2
    assert query(tt.db_url, "SELECT count(*) FROM attachments") == [(0,)]
