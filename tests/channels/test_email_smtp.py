"""Public replies leave by SMTP with the right headers, exactly once; internal ones never do."""

from __future__ import annotations

from typing import Any

import pytest

from .test_email_helpers import CLIENT, SUPPORT, mail, message

__all__ = ["mail"]

pytestmark = pytest.mark.slow


def _task_from_client(mail: Any, subject: str = "Не работает печать") -> int:
    mail.append(message(subject, "Принтер не печатает\n", message_id="<c1@example.ru>"))
    mail.append(
        message(
            f"Re: {subject}",
            "Ещё деталь\n",
            message_id="<c2@example.ru>",
            in_reply_to="<c1@example.ru>",
            references="<c1@example.ru>",
        )
    )
    mail.poll_ok()
    [task] = mail.tasks()
    return int(task["id"])


def test_public_reply_is_delivered_with_threading_headers(mail: Any) -> None:
    task_id = _task_from_client(mail)
    mail.reply(task_id, "Здравствуйте! Переустановите драйвер.")
    mail.reply(task_id, "Внутренняя заметка: клиент VIP", public=False)

    result = mail.poll_ok()

    assert result.out.strip().endswith("1 reply sent")
    [received] = mail.smtp.wait_for(1)
    sent = received.message
    assert received.mail_from == SUPPORT and received.rcpt_tos == (CLIENT,)
    assert received.authenticated_as == mail.smtp.user
    assert sent["From"] == SUPPORT
    assert sent["To"].addresses[0].addr_spec == CLIENT
    assert sent["Subject"] == f"Re: Не работает печать [#{task_id}]"
    assert sent["In-Reply-To"] == "<c2@example.ru>"  # the client's last message
    assert sent["References"].split() == ["<c1@example.ru>", "<c2@example.ru>"]
    assert sent["X-Teamtask-Loop"] == SUPPORT
    assert "Переустановите драйвер" in sent.get_content()
    [item] = mail.outbox()
    assert item["status"] == "sent" and item["external_id"] == sent["Message-ID"]
    # Nothing is sent twice, and the internal note never leaves.
    mail.poll_ok()
    assert len(mail.smtp.received) == 1
    assert all("VIP" not in r.data.decode("utf-8", "replace") for r in mail.smtp.received)


def test_clients_answer_to_our_reply_threads_back(mail: Any) -> None:
    task_id = _task_from_client(mail)
    mail.reply(task_id, "Попробуйте ещё раз")
    mail.poll_ok()
    ours = mail.outbox()[0]["external_id"]
    mail.append(message("Re: другая тема", "Заработало!\n", in_reply_to=ours))

    mail.poll_ok()

    assert len(mail.tasks()) == 1
    assert mail.comments(task_id)[-1]["body"] == "Заработало!"


def test_smtp_down_then_up(mail: Any) -> None:
    task_id = _task_from_client(mail)
    mail.smtp.stop()
    mail.reply(task_id, "Ответ")

    down = mail.poll()

    assert down.code == 3
    assert "cannot connect to SMTP server" in down.err
    [item] = mail.outbox()
    assert item["status"] == "pending" and item["attempts"] == 1
    assert "refused" in item["last_error"].lower()
    listed = mail.tt.ok("outbox", "--json").json()
    assert listed[0]["status"] == "pending" and listed[0]["next_attempt_at"]
    table = mail.tt.ok("outbox", "--status", "pending").out
    assert "pending" in table and CLIENT in table

    mail.smtp.start()
    assert mail.poll_ok().out.strip().endswith("0 replies sent")  # backoff: not due yet
    retried = mail.tt("outbox", "--retry", str(item["id"]))

    assert retried.code == 0, retried.err
    assert "sent to" in retried.err
    assert len(mail.smtp.wait_for(1)) == 1
    assert mail.outbox()[0]["status"] == "sent"
    mail.poll_ok()
    assert len(mail.smtp.received) == 1


def test_temporary_then_permanent_rejection_keeps_the_servers_answer(mail: Any) -> None:
    task_id = _task_from_client(mail)
    mail.reply(task_id, "Ответ")
    mail.smtp.reject_next(1, "451 4.3.0 Try again later")

    first = mail.poll()

    assert first.code == 1
    [item] = mail.outbox()
    assert (item["status"], item["last_error"]) == ("pending", "451 4.3.0 Try again later")
    mail.execute("UPDATE outbox SET next_attempt_at = NULL")  # time passes
    mail.smtp.reject_next(1, "550 5.1.1 User unknown")

    second = mail.poll()

    assert second.code == 1
    [item] = mail.outbox()
    assert (item["status"], item["last_error"]) == ("failed", "550 5.1.1 User unknown")
    failed = mail.tt.ok("outbox", "--status", "failed", "--json").json()
    assert [f["id"] for f in failed] == [item["id"]]
    assert mail.smtp.received == []


def test_crash_after_smtp_accepted_resends_with_the_same_message_id(mail: Any) -> None:
    task_id = _task_from_client(mail)
    mail.reply(task_id, "Ответ")

    crashed = mail.run("poll", "email", "--once", env={"TEAMTASK_TEST_CRASH_AFTER": "smtp"})

    assert crashed.code == -9
    [first] = mail.smtp.wait_for(1)
    [item] = mail.outbox()
    assert item["status"] == "sending" and item["external_id"] == first.message["Message-ID"]
    mail.poll_ok()
    assert len(mail.smtp.received) == 1  # still "sending": not retried before it is stale
    mail.execute("UPDATE outbox SET next_attempt_at = ?", ("2000-01-01T00:00:00+00:00",))

    mail.poll_ok()

    second = mail.smtp.wait_for(2)[1]
    assert second.message["Message-ID"] == first.message["Message-ID"]
    assert mail.outbox()[0]["status"] == "sent"
