"""`tt poll email --once` against a real Dovecot, on SQLite and PostgreSQL: new mail becomes a
task, follow-ups become comments, automatic mail never does, and bad mail never blocks."""

from __future__ import annotations

import json
from typing import Any

import pytest

from .test_email_helpers import CLIENT, SUPPORT, b64, mail, message, raw_message

__all__ = ["mail"]  # the fixture, imported for pytest

pytestmark = pytest.mark.slow


def test_new_mail_becomes_a_task_and_is_marked_seen(mail: Any) -> None:
    uid = mail.append(
        message(
            "Не работает печать",
            "Здравствуйте!\nПринтер не печатает.\n\n-- \nИван Петров\nООО Ромашка\n",
            message_id="<first@example.ru>",
        )
    )

    result = mail.poll_ok()

    assert result.out.strip() == (
        "support: 1 new task, 0 comments, 0 auto-replies skipped, 0 quarantined, 0 replies sent"
    )
    [task] = mail.tasks()
    assert task["title"] == "Не работает печать"
    assert "Принтер не печатает." in task["description"]
    assert (task["status"], task["channel"], task["form"], task["group"]) == (
        "new",
        "email",
        "support",
        "support-l1",
    )
    assert (task["email"], task["name"]) == (CLIENT, "Иван Петров")
    [record] = mail.inbound()
    assert (record["key"], record["status"], record["task"]) == (
        "<first@example.ru>",
        "imported",
        task["id"],
    )
    headers = json.loads(mail.scalar("SELECT headers FROM inbound_messages"))
    assert headers["Subject"] == "Не работает печать"
    assert headers["_imap"]["uid"] == uid
    assert mail.seen(uid)
    # A second run finds nothing new.
    again = mail.poll_ok()
    assert "0 new tasks, 0 comments" in again.out
    assert len(mail.tasks()) == 1


def test_follow_up_by_in_reply_to_is_a_public_comment_and_wakes_the_task(mail: Any) -> None:
    mail.append(message("Не работает печать", "Первое письмо\n", message_id="<a1@example.ru>"))
    mail.poll_ok()
    [task] = mail.tasks()
    mail.tt.ok("move", str(task["id"]), "waiting_client")
    mail.append(
        message(
            "Re: Не работает печать",
            "Драйвер переустановил, не помогло.\n\nOn Mon, 1 Apr 2024, Support wrote:\n> Первое\n",
            message_id="<a2@example.ru>",
            in_reply_to="<a1@example.ru>",
            references="<a1@example.ru>",
        )
    )

    result = mail.poll_ok()

    assert "0 new tasks, 1 comment," in result.out
    assert len(mail.tasks()) == 1
    [comment] = mail.comments(task["id"])
    assert comment["body"] == "Драйвер переустановил, не помогло."  # quotes left out
    assert (comment["public"], comment["channel"], comment["author"]) == (True, "email", CLIENT)
    assert mail.tasks()[0]["status"] == "waiting_support"


def test_follow_up_reopens_a_closed_task(mail: Any) -> None:
    mail.append(message("Вопрос", "Текст\n", message_id="<c1@example.ru>"))
    mail.poll_ok()
    task_id = mail.tasks()[0]["id"]
    mail.tt.ok("edit", str(task_id), "--status", "resolved", "-F", "solution=Готово")
    mail.append(message("Re: Вопрос", "Снова не работает\n", in_reply_to="<c1@example.ru>"))

    mail.poll_ok()

    [task] = mail.tasks()
    assert task["status"] == "waiting_support"


def test_subject_tag_threads_for_the_requester_only(mail: Any) -> None:
    mail.append(message("Счёт", "Нужен счёт\n"))
    mail.poll_ok()
    task_id = mail.tasks()[0]["id"]
    mail.append(message(f"Re: Счёт [#{task_id}]", "Спасибо, получил\n"))  # no In-Reply-To
    mail.append(
        message(f"Про заявку [#{task_id}]", "Я тоже хочу счёт\n", sender="stranger@evil.example")
    )

    result = mail.poll_ok()

    assert "1 new task, 1 comment," in result.out
    tasks = mail.tasks()
    assert [t["email"] for t in tasks] == [CLIENT, "stranger@evil.example"]
    assert [c["body"] for c in mail.comments(task_id)] == ["Спасибо, получил"]


def test_html_only_mail_becomes_readable_text(mail: Any) -> None:
    html = (
        "<html><body><p>Добрый день!</p><ul><li>первое</li><li>второе</li></ul>"
        "<blockquote>старое письмо</blockquote></body></html>"
    )
    mail.append(message("HTML", None, html=html))  # type: ignore[arg-type]

    mail.poll_ok()

    [task] = mail.tasks()
    assert "Добрый день!" in task["description"]
    assert "первое" in task["description"] and "<li>" not in task["description"]


@pytest.mark.parametrize("charset", ["cp1251", "koi8-r"])
def test_raw_8bit_and_declared_cyrillic_charsets(mail: Any, charset: str) -> None:
    subject = "Счёт на оплату".encode(charset)
    body = "Добрый день, пришлите счёт.\n".encode(charset)
    mail.append(
        raw_message(
            "From: =?utf-8?b?0JjQstCw0L0=?= <ivan@example.ru>\nTo: support@example.com\n"
            f"Message-ID: <{charset}@example.ru>\nMIME-Version: 1.0\n"
            f"Content-Type: text/plain; charset={charset}\nContent-Transfer-Encoding: 8bit",
            body,
        ).replace(b"\r\nTo:", b"\r\nSubject: " + subject + b"\r\nTo:")  # raw 8-bit header
    )

    mail.poll_ok()

    [task] = mail.tasks()
    assert task["title"] == "Счёт на оплату"
    assert task["description"] == "Добрый день, пришлите счёт."
    assert task["name"] == "Иван"


def test_attachments_are_stored_with_the_task(mail: Any) -> None:
    pdf = b"%PDF-1.4\n" + bytes(range(256)) * 40
    mail.append(
        message(
            "Скан договора",
            "Во вложении\n",
            attachments=[
                ("договор.pdf", "application/pdf", pdf),
                ("фото.png", "image/png", b"\x89PNG"),
            ],
        )
    )

    mail.poll_ok()

    task_id = mail.tasks()[0]["id"]
    rows = mail.all(
        "SELECT filename, content_type, data FROM attachments WHERE task_id = ? ORDER BY id",
        (task_id,),
    )
    assert [(r[0], r[1], bytes(r[2])) for r in rows] == [
        ("договор.pdf", "application/pdf", pdf),
        ("фото.png", "image/png", b"\x89PNG"),
    ]


def test_oversize_mail_is_quarantined_and_left_unseen(mail: Any) -> None:
    mail.configure(max_message_bytes=20_000)
    big = message(
        "Большое",
        "см. вложение\n",
        message_id="<big@example.ru>",
        attachments=[("big.bin", "application/octet-stream", b"x" * 30_000)],
    )
    big_uid = mail.append(big)
    small_uid = mail.append(message("Маленькое", "текст\n"))

    result = mail.poll()

    assert result.code == 1
    assert "1 new task, 0 comments, 0 auto-replies skipped, 1 quarantined" in result.out
    assert "message too large" in result.err
    [record] = [r for r in mail.inbound() if r["status"] == "quarantined"]
    assert record["key"] == "<big@example.ru>"
    assert record["reason"].startswith("message too large:")
    assert not record["has_raw"]  # left on the server, not copied into the database
    assert big_uid in mail.dovecot.uids() and not mail.seen(big_uid)
    assert mail.seen(small_uid)
    assert mail.poll_ok()  # not quarantined twice


def test_auto_replies_and_bounces_never_open_tasks(mail: Any) -> None:
    mail.append(message("Вопрос", "Текст\n", message_id="<q1@example.ru>"))
    mail.poll_ok()
    task_id = mail.tasks()[0]["id"]
    mail.reply(task_id, "Ответ поддержки")
    mail.poll_ok()
    [sent] = mail.outbox()
    assert sent["status"] == "sent"
    # Vacation reply to our answer, a bulk newsletter, and a bounce of our answer.
    mail.append(
        message(
            f"Автоответ: Re: Вопрос [#{task_id}]",
            "Я в отпуске до понедельника.\n",
            headers={"Auto-Submitted": "auto-replied"},
            in_reply_to=sent["external_id"],
        )
    )
    mail.append(
        message("Скидки!", "Купите\n", sender="news@shop.example", headers={"Precedence": "bulk"})
    )
    mail.append(bounce(sent["external_id"], CLIENT))

    result = mail.poll_ok()

    assert "0 new tasks, 0 comments, 3 auto-replies skipped" in result.out
    assert len(mail.tasks()) == 1
    notes = [c for c in mail.comments(task_id) if not c["public"]]
    assert len(notes) == 2
    assert any("Я в отпуске" in note["body"] for note in notes)
    assert any("550 5.1.1" in note["body"] for note in notes)
    [item] = mail.outbox()
    assert item["status"] == "failed" and "550 5.1.1" in item["last_error"]
    assert len(mail.smtp.received) == 1  # no answer to any of them
    statuses = [r["status"] for r in mail.inbound()]
    assert statuses.count("skipped") == 1  # the newsletter: recorded, attached to nothing


def bounce(original_id: str, recipient: str) -> bytes:
    return raw_message(
        "From: Mail Delivery System <MAILER-DAEMON@mx.example.com>\n"
        f"To: {SUPPORT}\nSubject: Undelivered Mail Returned to Sender\n"
        "Message-ID: <bounce-1@mx.example.com>\nAuto-Submitted: auto-replied\n"
        'MIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary="R"',
        "--R\r\nContent-Type: text/plain\r\n\r\nYour message could not be delivered.\r\n"
        "--R\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.com\r\n"
        f"\r\nFinal-Recipient: rfc822; {recipient}\r\nAction: failed\r\nStatus: 5.1.1\r\n"
        "Diagnostic-Code: smtp; 550 5.1.1 User unknown\r\n"
        "--R\r\nContent-Type: text/rfc822-headers\r\n\r\n"
        f"From: {SUPPORT}\r\nTo: {recipient}\r\nMessage-ID: {original_id}\r\nSubject: Re\r\n"
        "--R--\r\n",
    )


def test_our_own_mail_is_never_imported(mail: Any) -> None:
    mail.append(
        message("Re: Вопрос [#1]", "Ответ\n", sender=SUPPORT, headers={"X-Teamtask-Loop": SUPPORT})
    )

    result = mail.poll_ok()

    assert mail.tasks() == []
    assert "1 auto-reply skipped" in result.out


def test_duplicate_message_id_same_content_once_other_content_with_warning(mail: Any) -> None:
    first = message("Вопрос", "Один\n", message_id="<dup@example.ru>")
    mail.append(first)
    mail.append(b"Received: from relay2.example.ru\r\n" + first)  # the same mail, another path
    mail.append(message("Другое", "Два\n", message_id="<dup@example.ru>"))  # a reused id

    result = mail.poll_ok()

    assert [t["title"] for t in mail.tasks()] == ["Вопрос", "Другое"]
    assert "reused" in result.err and "<dup@example.ru>" in result.err
    keys = [r["key"] for r in mail.inbound()]
    assert keys[0] == "<dup@example.ru>"
    assert keys[1].startswith("<dup@example.ru> sha256:")


def test_missing_message_id_is_keyed_by_content(mail: Any) -> None:
    raw = message("Без идентификатора", "Текст\n", message_id=None)
    mail.append(raw)
    mail.append(raw)  # an identical copy

    mail.poll_ok()

    assert len(mail.tasks()) == 1
    [record] = mail.inbound()
    assert record["key"].startswith("sha256:")


def test_processed_folder_receives_imported_mail(mail: Any) -> None:
    mail.configure(processed_folder="Processed")
    mail.append(message("Раз", "1\n"))
    mail.append(raw_message("Subject: без отправителя", "x"))  # no sender: quarantined

    result = mail.poll()

    assert result.code == 1
    assert len(mail.dovecot.uids("Processed")) == 1
    assert len(mail.dovecot.uids("INBOX")) == 1  # the quarantined one stays in place


def test_uidvalidity_change_rescans_without_duplicates(mail: Any) -> None:
    for n in range(3):
        mail.append(message(f"Письмо {n}", f"{n}\n"))
    mail.poll_ok()
    new = mail.dovecot.reset_uidvalidity()
    mail.append(message("После переноса", "новое\n"))

    result = mail.poll_ok()

    assert "renumbered" in result.err
    assert "1 new task" in result.out
    assert len(mail.tasks()) == 4
    cursor = json.loads(mail.scalar("SELECT value FROM poller_cursors"))
    assert cursor["uidvalidity"] == new


HOSTILE = {
    "truncated_mime": raw_message(
        'From: a@example.ru\nSubject: обрезано\nContent-Type: multipart/mixed; boundary="Z"',
        "--Z\r\nContent-Type: text/plain\r\n\r\nначало\r\n--Z\r\nContent-Type: application/pdf\r\n"
        "Content-Transfer-Encoding: base64\r\n\r\nJVBER",
    ),
    "nested_multiparts": raw_message(
        "From: deep@example.ru\nSubject: deep\n"
        + "".join(
            f'Content-Type: multipart/mixed; boundary="b{n}"\n\n--b{n}\n' for n in range(300)
        ),
        "Content-Type: text/plain\r\n\r\nleaf\r\n",
    ),
    "huge_header": b"From: a@example.ru\r\nSubject: " + b"x" * 500_000 + b"\r\n\r\nbody\r\n",
    "many_headers": b"From: a@example.ru\r\nSubject: many\r\n"
    + b"X-H: v\r\n" * 20_000
    + b"\r\nbody\r\n",
    "invalid_base64": raw_message(
        "From: a@example.ru\nSubject: b64\nContent-Type: text/plain\n"
        "Content-Transfer-Encoding: base64",
        "!!!not*base64***===\r\nQUJD\r\n",
    ),
    "zero_byte_parts": raw_message(
        'From: a@example.ru\nSubject: zero\nContent-Type: multipart/mixed; boundary="E"',
        "--E\r\n\r\n--E\r\nContent-Type: text/plain\r\n\r\n--E\r\nContent-Type: image/png\r\n"
        "\r\n--E--\r\n",
    ),
    "no_from": raw_message("Subject: nobody", "who sent this?"),
    "no_subject": raw_message("From: quiet@example.ru", "no subject here"),
    "unknown_charset": raw_message(
        "From: a@example.ru\nSubject: =?x-klingon?q?tlhIngan?=\n"
        "Content-Type: text/plain; charset=x-klingon",
        "Qapla'",
    ),
    "garbage_content_type": raw_message(
        "From: a@example.ru\nSubject: ct\nContent-Type: ;;;===", "x"
    ),
    "attachment_invalid_base64": raw_message(
        'From: a@example.ru\nSubject: att\nContent-Type: multipart/mixed; boundary="Q"',
        f"--Q\r\nContent-Type: text/plain\r\n\r\nsee file\r\n--Q\r\nContent-Type: image/png\r\n"
        f"Content-Disposition: attachment; filename=x.png\r\nContent-Transfer-Encoding: base64\r\n"
        f"\r\n%%%%{b64(b'ok')}\r\n--Q--\r\n",
    ),
}


def test_hostile_corpus_does_not_stop_the_mailbox(mail: Any) -> None:
    mail.append(message("До", "обычное письмо\n"))
    for raw in HOSTILE.values():
        mail.append(raw)
    mail.append(message("После", "обычное письмо\n"))

    result = mail.poll()

    assert result.code in (0, 1), result.text
    titles = [t["title"] for t in mail.tasks()]
    assert titles[0] == "До" and titles[-1] == "После"
    records = mail.inbound()
    assert len(records) == len(HOSTILE) + 2  # every message accounted for, exactly once
    quarantined = [r for r in records if r["status"] == "quarantined"]
    assert all(r["reason"] for r in quarantined)
    assert {r["status"] for r in records} <= {"imported", "quarantined"}
    again = mail.poll()
    assert "0 new tasks" in again.out and "0 quarantined" in again.out


def test_two_accounts_poll_all_quiet_and_replies_from_the_right_address(
    mail: Any, monkeypatch
) -> None:
    from .test_email_helpers import account_toml

    mail.dovecot.add_user("sales", "sales-secret")
    monkeypatch.setenv("TT_TEST_SALES_PASSWORD", "sales-secret")
    sales = account_toml(
        mail.dovecot,
        mail.smtp,
        name="sales",
        username="sales",
        password_env="TT_TEST_SALES_PASSWORD",
        from_address="sales@example.com",
    )
    mail.configure(extra=sales)
    mail.append(message("В поддержку", "1\n"))
    sales_client = mail.dovecot.connect("sales", "sales-secret")
    try:
        sales_client.append("INBOX", message("В продажи", "2\n", sender="buyer@example.org"))
    finally:
        sales_client.logout()

    result = mail.tt("poll", "all", "--quiet")

    assert result.code == 0, result.err
    assert result.out == ""
    tasks = {t["title"]: t["id"] for t in mail.tasks()}
    assert set(tasks) == {"В поддержку", "В продажи"}
    mail.reply(tasks["В продажи"], "Счёт во вложении")
    mail.reply(tasks["В поддержку"], "Смотрим")

    one = mail.poll("--account", "sales")

    assert one.code == 0 and one.out.startswith("sales: 0 new tasks")
    senders = sorted((r.message["From"], r.rcpt_tos[0]) for r in mail.smtp.wait_for(2))
    assert senders == [("sales@example.com", "buyer@example.org"), (SUPPORT, CLIENT)]
