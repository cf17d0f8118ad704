"""Replies that thread in the client's mail program and come back to the right task."""

from __future__ import annotations

import smtplib
from datetime import UTC, datetime
from typing import Any

import pytest

from teamtask.channels.compose import (
    compose_reply,
    strip_reply_prefixes,
    subject_task_id,
    tag_subject,
)
from teamtask.channels.mime import parse_message


def reply(**overrides: Any) -> tuple[Any, str]:
    arguments: dict[str, Any] = {
        "from_address": "support@example.com",
        "to_address": "ivan@example.ru",
        "to_name": "Иван Петров",
        "subject": "Не работает печать",
        "task_id": 12,
        "body": "Здравствуйте!\nПереустановите драйвер.\n",
        "in_reply_to": "<client-1@example.ru>",
        "references": ["<client-0@example.ru>"],
        "domain": "example.com",
    }
    return compose_reply(**(arguments | overrides))


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        ("Не работает печать", "Re: Не работает печать [#12]"),
        ("Re: Не работает печать", "Re: Не работает печать [#12]"),
        ("RE: Re: re:Не работает печать", "Re: Не работает печать [#12]"),
        ("Ответ: На: Fwd: Не работает печать", "Re: Не работает печать [#12]"),
        ("Re[2]: AW: Не работает печать", "Re: Не работает печать [#12]"),
        ("Re: Не работает печать [#12]", "Re: Не работает печать [#12]"),
        ("Re: [#12] Не работает печать", "Re: Не работает печать [#12]"),
        ("Не работает [#7] печать", "Re: Не работает [#7] печать [#12]"),  # another task's tag
        ("", "Re: [#12]"),
        ("   ", "Re: [#12]"),
    ],
)
def test_tag_subject(subject: str, expected: str) -> None:
    assert tag_subject(subject, 12) == expected


def test_subject_task_id_and_prefixes() -> None:
    assert subject_task_id("Re: Не работает печать [#12]") == 12
    assert subject_task_id("Fwd: [#3] old, Re: new [#45]") == 45
    assert subject_task_id("No tag #12 or [12] or [# 12]") is None
    assert subject_task_id(None) is None
    assert strip_reply_prefixes("Re: Fwd: RE: Ответ: Тема") == "Тема"
    assert strip_reply_prefixes("Regarding the invoice") == "Regarding the invoice"


def test_reply_headers() -> None:
    message, message_id = reply(date=datetime(2024, 3, 4, 12, 0, tzinfo=UTC))

    assert message["Subject"] == "Re: Не работает печать [#12]"
    assert message["From"] == "support@example.com"
    assert message["To"] == "Иван Петров <ivan@example.ru>"
    assert message["In-Reply-To"] == "<client-1@example.ru>"
    assert message["References"] == "<client-0@example.ru> <client-1@example.ru>"
    assert message["Message-ID"] == message_id
    assert message_id.startswith("<") and message_id.endswith("@example.com>")
    assert message["X-Teamtask-Loop"] == "support@example.com"
    assert message["Date"] == "Mon, 04 Mar 2024 12:00:00 +0000"
    assert message.get_content_charset() == "utf-8"
    assert message.get_content() == "Здравствуйте!\r\nПереустановите драйвер.\r\n"  # SMTP
    raw = message.as_bytes()
    assert raw.isascii()  # headers RFC 2047-encoded, body base64/QP: any relay takes it
    assert "Иван".encode() not in raw


def test_every_reply_gets_a_fresh_message_id() -> None:
    ids = {reply()[1] for _ in range(50)}
    assert len(ids) == 50


def test_references_are_normalised_deduplicated_and_capped() -> None:
    message, _ = reply(
        in_reply_to="bare@example.ru", references=["<a@x>", "a@x", "<bare@example.ru>"]
    )
    assert message["In-Reply-To"] == "<bare@example.ru>"
    assert message["References"] == "<a@x> <bare@example.ru>"

    long_chain = [f"<r{n}@x>" for n in range(60)]
    capped, _ = reply(references=long_chain, in_reply_to="<r59@x>")
    refs = capped["References"].split()
    assert len(refs) == 20 and refs[0] == "<r0@x>" and refs[-1] == "<r59@x>"

    first, _ = reply(in_reply_to=None, references=[])
    assert first["In-Reply-To"] is None and first["References"] is None


def test_reply_round_trips_through_our_own_parser() -> None:
    message, message_id = reply()
    parsed = parse_message(message.as_bytes())

    assert parsed.is_ours  # never re-imported if it lands in the support mailbox
    assert parsed.message_id == message_id
    assert parsed.subject == "Re: Не работает печать [#12]"
    assert subject_task_id(parsed.subject) == 12
    assert parsed.in_reply_to == "<client-1@example.ru>"
    assert parsed.to == ("ivan@example.ru",)
    assert parsed.text == "Здравствуйте!\nПереустановите драйвер."


def test_internationalised_domain_and_bad_addresses() -> None:
    message, _ = reply(to_address="info@пример.рф")
    assert message["To"].addresses[0].addr_spec == "info@xn--e1afmkfd.xn--p1ai"
    with pytest.raises(ValueError, match="SMTPUTF8"):
        reply(to_address="иван@example.ru")
    with pytest.raises(ValueError):
        reply(to_address="not-an-address")
    with pytest.raises(ValueError):
        reply(to_address="a@b@c\r\nBcc: victim@example.com")


def test_reply_delivered_through_a_real_smtp_server(smtp_server: Any) -> None:
    message, message_id = reply(to_name="Иван Петров, ООО «Ромашка»")
    with smtplib.SMTP(smtp_server.host, smtp_server.port, timeout=5) as client:
        client.login(smtp_server.user, smtp_server.password)
        client.send_message(message)

    (received,) = smtp_server.wait_for(1)
    assert received.mail_from == "support@example.com"
    assert received.rcpt_tos == ("ivan@example.ru",)
    parsed = parse_message(received.data)
    assert parsed.message_id == message_id
    assert parsed.is_ours
    assert parsed.text == "Здравствуйте!\nПереустановите драйвер."
    assert parsed.to == ("ivan@example.ru",)  # the comma inside the name split nothing
    assert ("To", "Иван Петров, ООО «Ромашка» <ivan@example.ru>") in parsed.headers
