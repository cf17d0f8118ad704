"""Exactly once under kill -9, and one poller per account: real processes, real Dovecot."""

from __future__ import annotations

import random
import signal
import time
from typing import Any

import pytest

from teamtask.channels.runlock import RunLock
from teamtask.services.context import Context

from .test_email_helpers import mail, message

__all__ = ["mail"]

pytestmark = pytest.mark.slow

CRASH = "TEAMTASK_TEST_CRASH_AFTER"


def _fill(mail: Any, count: int) -> list[int]:
    return mail.dovecot.append_many(
        message(f"Письмо {n}", f"Текст {n}\n", message_id=f"<m{n}@example.ru>")
        for n in range(count)
    )


def _assert_exactly_once(mail: Any, count: int, uids: list[int]) -> None:
    titles = sorted(t["title"] for t in mail.tasks())
    assert titles == sorted(f"Письмо {n}" for n in range(count))
    assert len(mail.inbound()) == count
    assert all(mail.seen(uid) for uid in uids)


@pytest.mark.parametrize("point", ["commit", "mark", "commit:60"])
def test_kill_9_between_commit_and_marking_then_rerun(mail: Any, point: str) -> None:
    uids = _fill(mail, 70)  # two batches: a crash in the second keeps the first batch's cursor

    crashed = mail.run("poll", "email", "--once", env={CRASH: point})

    assert crashed.code == -signal.SIGKILL
    done = len(mail.tasks())
    assert 1 <= done < 70
    # The message committed just before the kill is not marked yet; the rerun must see it as
    # a duplicate, mark it, and import the rest.
    rerun = mail.run("poll", "email", "--once")
    assert rerun.code == 0, rerun.text
    _assert_exactly_once(mail, 70, uids)


def test_kill_9_at_random_moments(mail: Any) -> None:
    uids = _fill(mail, 120)
    rng = random.Random(5)
    for _ in range(3):
        proc = mail.spawn("poll", "email", "--once")
        time.sleep(rng.uniform(0.3, 1.5))
        proc.kill()
        proc.wait()

    final = mail.run("poll", "email", "--once")

    assert final.code == 0, final.text
    _assert_exactly_once(mail, 120, uids)


def test_two_pollers_started_at_once(mail: Any) -> None:
    uids = _fill(mail, 200)

    first, second = mail.spawn("poll", "email", "--once"), mail.spawn("poll", "email", "--once")
    results = [(*proc.communicate(timeout=120), proc.returncode) for proc in (first, second)]

    assert [code for _out, _err, code in results] == [0, 0], results
    assert sum("already running" in err for _out, err, _code in results) == 1
    _assert_exactly_once(mail, 200, uids)


def test_a_held_lock_makes_the_poller_exit_0_at_once(mail: Any) -> None:
    from teamtask.config import load_settings
    from teamtask.services.context import open_context

    mail.append(message("Письмо", "текст\n"))
    holder: Context = open_context(load_settings(db=mail.tt.db_url, user="alice"))
    lock = RunLock(holder, "email:support")
    assert lock.acquire()
    try:
        started = time.monotonic()
        result = mail.poll()
        assert result.code == 0
        assert "already running" in result.err
        assert time.monotonic() - started < 5
        assert mail.tasks() == []
    finally:
        lock.release()
        holder.db.close()
    mail.poll_ok()
    assert len(mail.tasks()) == 1
