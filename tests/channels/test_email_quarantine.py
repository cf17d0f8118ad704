"""`tt quarantine ls|show|retry|drop` over what the poller could not import."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest

from .test_email_helpers import mail, message, raw_message

__all__ = ["mail"]

pytestmark = pytest.mark.slow

NO_SENDER = raw_message("Subject: без отправителя\nMessage-ID: <nosender@example.ru>", "текст")


def test_ls_show_raw_and_drop(mail: Any) -> None:
    mail.append(NO_SENDER)
    assert mail.poll().code == 1

    listed = mail.tt.ok("quarantine", "ls", "--json").json()
    assert len(listed) == 1
    record = listed[0]
    assert record["subject"] == "без отправителя"
    assert record["reason"].startswith("no sender address")
    assert record["raw_bytes"] == len(NO_SENDER)
    shown = mail.tt.ok("quarantine", "show", str(record["id"]))
    assert "reason:   no sender address" in shown.out
    assert "Message-ID: <nosender@example.ru>" in shown.out
    assert mail.tt.ok("quarantine", "ls").out.count("без отправителя") == 1
    assert mail.run_bytes("quarantine", "show", str(record["id"]), "--raw") == NO_SENDER

    still = mail.tt("quarantine", "retry", str(record["id"]))
    assert still.code == 1 and "still cannot import" in still.err
    assert len(mail.tt.ok("quarantine", "ls", "--json").json()) == 1

    mail.tt.ok("quarantine", "drop", str(record["id"]))
    assert mail.tt.ok("quarantine", "ls", "--json").json() == []
    assert mail.tt("quarantine", "show", str(record["id"])).code == 1
    # Dropped stays dropped, even when the folder is rescanned.
    mail.dovecot.reset_uidvalidity()
    assert mail.poll_ok()
    assert mail.tt.ok("quarantine", "ls", "--json").json() == []
    assert len(mail.dovecot.uids()) == 1  # the message itself is left for a person


def test_retry_imports_stored_bytes_and_the_record_becomes_imported(mail: Any) -> None:
    raw = message("Починили импорт", "Текст письма\n", message_id="<later@example.ru>")
    # A message quarantined by an earlier failure (say, a bug since fixed).
    mail.execute(
        "INSERT INTO inbound_messages (channel, account, dedupe_key, external_id, content_sha256,"
        " status, reason, headers, raw, received_at)"
        " VALUES ('email', 'support', '<later@example.ru>', '<later@example.ru>', ?,"
        " 'quarantined', 'cannot import: bug', ?, ?, ?)",
        (
            hashlib.sha256(raw).hexdigest(),
            json.dumps({"Subject": "Починили импорт"}),
            raw,
            "2024-01-01T00:00:00+00:00",
        ),
    )
    [record] = mail.tt.ok("quarantine", "ls", "--json").json()

    result = mail.tt("quarantine", "retry", str(record["id"]))

    assert result.code == 0, result.err
    [task] = mail.tasks()
    assert f"imported as task #{task['id']}" in result.err
    assert task["title"] == "Починили импорт"
    assert [(r["key"], r["status"]) for r in mail.inbound()] == [("<later@example.ru>", "imported")]
    assert mail.tt.ok("quarantine", "ls", "--json").json() == []


def test_retry_of_an_oversize_message_fetches_it_from_the_server(mail: Any) -> None:
    mail.configure(max_message_bytes=10_000)
    big = message(
        "Большое",
        "см. вложение\n",
        message_id="<big@example.ru>",
        attachments=[("big.bin", "application/octet-stream", b"y" * 20_000)],
    )
    uid = mail.append(big)
    assert mail.poll().code == 1
    [record] = mail.tt.ok("quarantine", "ls", "--json").json()
    assert record["raw_bytes"] is None

    result = mail.tt("quarantine", "retry", str(record["id"]))

    assert result.code == 0, result.err
    [task] = mail.tasks()
    assert task["title"] == "Большое"
    size = mail.scalar("SELECT size FROM attachments WHERE task_id = ?", (task["id"],))
    assert size == 20_000
    assert mail.seen(uid)
    assert mail.poll_ok()  # nothing left to do, nothing imported twice
    assert len(mail.tasks()) == 1
