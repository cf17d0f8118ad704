"""`tt poll email --watch`: IMAP IDLE picks up mail at once, replies go out between idles, and
a restarted server is reconnected to with backoff."""

from __future__ import annotations

import signal
import time
from typing import Any

import pytest

from .servers import wait_until
from .test_email_helpers import mail, message

__all__ = ["mail"]

pytestmark = pytest.mark.slow


def test_watch_idles_delivers_reconnects_and_stops_on_sigterm(mail: Any) -> None:
    proc = mail.spawn("poll", "email", "--watch", env={"TEAMTASK_EMAIL_IDLE_SECONDS": "1"})
    try:
        mail.append(message("Первое", "1\n", message_id="<w1@example.ru>"))
        wait_until(lambda: len(mail.tasks()) == 1, 20, "the watcher did not import mail")
        task_id = mail.tasks()[0]["id"]
        mail.reply(task_id, "Ответ")
        wait_until(lambda: len(mail.smtp.received) == 1, 20, "the reply was not sent")

        mail.dovecot.stop()
        time.sleep(1.5)  # the watcher notices and backs off
        mail.dovecot.start()
        mail.append(message("Re: Первое", "2\n", in_reply_to="<w1@example.ru>"))
        mail.append(message("Второе", "3\n"))
        wait_until(lambda: len(mail.tasks()) == 2, 30, "no import after the server restart")
        wait_until(lambda: len(mail.comments(task_id)) == 2, 10, "the follow-up is missing")
    finally:
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=20)
    assert proc.returncode == 0, err
    assert "reconnecting in" in err
    assert "support: 1 new task" in out
