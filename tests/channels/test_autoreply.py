"""Which mail counts as automatic (issue 5, "Loops and auto-replies")."""

from __future__ import annotations

import pytest

from teamtask.channels.autoreply import AutoKind, classify
from teamtask.channels.mime import parse_message

PERSON = [
    ("From", "ivan@example.ru"),
    ("Subject", "Помогите"),
    ("Return-Path", "<ivan@example.ru>"),
]


@pytest.mark.parametrize(
    ("headers", "kind", "reason"),
    [
        ([("Auto-Submitted", "auto-replied")], AutoKind.AUTO_REPLY, "Auto-Submitted: auto-replied"),
        ([("auto-submitted", "Auto-Generated; owner-email=x")], AutoKind.AUTO_REPLY, None),
        ([("Auto-Submitted", "auto-notified")], AutoKind.AUTO_REPLY, None),
        ([("Precedence", "bulk")], AutoKind.BULK, "Precedence: bulk"),
        ([("Precedence", "JUNK")], AutoKind.BULK, "Precedence: junk"),
        ([("Precedence", "list")], AutoKind.LIST, "Precedence: list"),
        ([("X-Auto-Response-Suppress", "All")], AutoKind.AUTO_REPLY, None),
        ([("X-Auto-Response-Suppress", "OOF, AutoReply")], AutoKind.AUTO_REPLY, None),
        ([("X-Loop", "helpdesk@example.ru")], AutoKind.LOOP, "X-Loop: helpdesk@example.ru"),
        ([("Return-Path", "<>")], AutoKind.AUTO_REPLY, "Return-Path: <>"),
        ([("Return-Path", "< >")], AutoKind.AUTO_REPLY, None),
        ([("X-Autoreply", "yes")], AutoKind.AUTO_REPLY, None),
    ],
)
def test_automatic_headers(headers: list[tuple[str, str]], kind: AutoKind, reason: str | None):
    verdict = classify([("From", "ivan@example.ru"), *headers])
    assert verdict is not None and verdict.kind is kind
    if reason:
        assert verdict.reason == reason


@pytest.mark.parametrize(
    "headers",
    [
        PERSON,
        [*PERSON, ("Auto-Submitted", "no")],
        [*PERSON, ("Auto-Submitted", " No ")],
        [*PERSON, ("X-Auto-Response-Suppress", "None")],
        [*PERSON, ("Precedence", "first-class")],
        [("From", "ivan@example.ru")],  # no Return-Path at all: APPENDed or local mail
    ],
)
def test_mail_from_people(headers: list[tuple[str, str]]) -> None:
    assert classify(headers) is None


@pytest.mark.parametrize(
    "sender", ["MAILER-DAEMON@mx.example.com", "postmaster@example.ru", "mailer_daemon@x.ru"]
)
def test_bounce_senders(sender: str) -> None:
    verdict = classify(PERSON, from_address=sender.lower())
    assert verdict is not None and verdict.kind is AutoKind.BOUNCE


def test_reports() -> None:
    dsn = classify(PERSON, content_type="multipart/report", report_type="delivery-status")
    receipt = classify(
        PERSON, content_type="multipart/report", report_type="disposition-notification"
    )
    assert dsn is not None and dsn.kind is AutoKind.BOUNCE
    assert receipt is not None and receipt.kind is AutoKind.AUTO_REPLY
    assert "disposition-notification" in receipt.reason


def test_bounce_wins_over_other_signals() -> None:
    """A bounce also has Auto-Submitted and an empty Return-Path; the poller must still know
    it is a bounce, to fail the outbox item it refers to."""
    headers = [("Auto-Submitted", "auto-replied"), ("Return-Path", "<>")]
    verdict = classify(headers, from_address="mailer-daemon@mx.example.com")
    assert verdict is not None and verdict.kind is AutoKind.BOUNCE


def test_person_named_like_a_daemon_only_by_display_name() -> None:
    assert classify(PERSON, from_address="postmaster.ivanov@example.ru") is None


def test_outlook_out_of_office_parsed_end_to_end() -> None:
    raw = (
        "From: Ivan Petrov <ivan@example.ru>\r\n"
        "Subject: =?utf-8?B?0JDQstGC0L7QvtGC0LLQtdGCOiDQl9Cw0Y/QstC60LA=?= [#12]\r\n"
        "X-Auto-Response-Suppress: All\r\n"
        "Auto-Submitted: auto-generated\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\n"
        "Я в отпуске.\r\n"
    ).encode()
    parsed = parse_message(raw)
    assert parsed.auto is AutoKind.AUTO_REPLY
    assert parsed.subject == "Автоответ: Заявка [#12]"
