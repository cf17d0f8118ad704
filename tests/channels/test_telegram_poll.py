"""`tt poll telegram` end to end: the loopback Bot API server (tests/channels/servers.py),
python-telegram-bot's real HTTP stack, and a real SQLite file and PostgreSQL database.

Every scenario runs the poller as the CLI would (`run_poll` with a fresh State), so each poll
is a separate run: what survives between runs is only what the database and the server keep.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from teamtask.channels.telegram import CRASH_ENV, deliver_pending, run_poll
from teamtask.cli.state import State

pytestmark = pytest.mark.slow

TOKEN_ENV = "TT_TEST_TELEGRAM_TOKEN"
CHAT = 555001  # CLIENT_USER's private chat in servers.py
GREETING = "Здравствуйте! Опишите, пожалуйста, проблему — мы ответим здесь."
POLL_SCRIPT = (
    "import sys\n"
    "from teamtask.channels.telegram import run_poll\n"
    "from teamtask.cli.state import State\n"
    "state = State(db=sys.argv[1], user='alice', config=sys.argv[2])\n"
    "sys.exit(run_poll(state, once=sys.argv[3] == 'once', watch=sys.argv[3] == 'watch'))\n"
)


@dataclass
class Run:
    code: int
    out: str
    err: str
    seconds: float


class Telegram:
    """The poller of one test: its config file, database and Bot API server."""

    def __init__(self, tt: Any, api: Any, monkeypatch: pytest.MonkeyPatch) -> None:
        self.tt, self.api = tt, api
        self.config = Path(tt.tmp_path) / "config.toml"
        self.env = {TOKEN_ENV: api.token, "XDG_DATA_HOME": str(Path(tt.tmp_path) / "data")}
        for key, value in self.env.items():
            monkeypatch.setenv(key, value)
        self.configure()

    def configure(self, **keys: Any) -> None:
        values: dict[str, Any] = {
            "token_env": TOKEN_ENV,
            "api_url": self.api.api_url,
            "group": "support-l1",
            "form": "support",
            "greeting": GREETING,
            "max_file_bytes": 20971520,
            **keys,
        }
        lines = ["[telegram]"] + [f"{k} = {json.dumps(v)}" for k, v in values.items()]
        self.config.write_text("\n".join(lines) + "\n", encoding="utf-8")

    def state(self) -> State:
        return State(db=self.tt.db_url, user="alice", config=str(self.config))

    def poll(self, *, quiet: bool = False) -> Run:
        state = self.state()
        out, err = io.StringIO(), io.StringIO()
        started = time.monotonic()
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = run_poll(state, once=True, watch=False, quiet=quiet)
        finally:
            state.close()
        return Run(code, out.getvalue(), err.getvalue(), time.monotonic() - started)

    def ok(self) -> Run:
        run = self.poll()
        assert run.code == 0, run.err
        return run

    def spawn(
        self, mode: str, *, stderr: Any = subprocess.PIPE, **env: str
    ) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, "-c", POLL_SCRIPT, self.tt.db_url, str(self.config), mode],
            env={**os.environ, **self.env, **env},
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
        )

    # Reading what happened --------------------------------------------------------------

    def show(self, task_id: int) -> dict[str, Any]:
        return self.tt.ok("show", str(task_id), "--json").json()

    def task_ids(self) -> list[int]:
        rows = self.tt.ok("ls", "status:any", "--format", "json", "--limit", "0").json()
        return sorted(row["id"] for row in rows)

    def sql(self, query: str, params: tuple[Any, ...] = ()) -> list[tuple]:
        from teamtask.db import Database, DatabaseUrl

        db = Database(DatabaseUrl.parse(self.tt.db_url))
        try:
            return db.all(query, params)
        finally:
            db.close()

    def outbox(self) -> list[dict[str, Any]]:
        """Every outbox item, as `tt outbox --json` renders one."""
        from teamtask.services.outbox import list_outbox

        state = self.state()
        try:
            ctx = state.context()
            return [item.as_json(ctx.tz) for item in list_outbox(ctx)]
        finally:
            state.close()

    def texts(self) -> list[str]:
        return [message.text for message in self.api.sent]


@pytest.fixture
def telegram(tt: Any, bot_api: Any, monkeypatch: pytest.MonkeyPatch) -> Telegram:
    return Telegram(tt, bot_api, monkeypatch)


def public(comments: list[dict[str, Any]]) -> list[str]:
    return [c["body"] for c in comments if c["public"]]


# --- intake -------------------------------------------------------------------------------


def test_first_message_then_follow_ups(telegram: Telegram) -> None:
    api = telegram.api
    api.push_text("Не печатается счёт\nОшибка 0x17 при печати")

    first = telegram.ok()

    assert first.out.strip() == (
        "telegram: 1 new task, 0 comments, 0 edits, 0 ignored, 0 failed, 0 replies sent"
    )
    [task_id] = telegram.task_ids()
    task = telegram.show(task_id)
    assert task["title"] == "Не печатается счёт"
    assert task["description"] == "Не печатается счёт\nОшибка 0x17 при печати"
    assert (task["status"], task["channel"], task["group"], task["form"]) == (
        "new",
        "telegram",
        "support-l1",
        "support",
    )
    contact = telegram.sql(
        "SELECT name, telegram_chat_id, telegram_username FROM contacts WHERE id ="
        " (SELECT requester_id FROM tasks WHERE id = ?)",
        (task_id,),
    )
    assert contact == [("Иван Петров", CHAT, "ivan_petrov")]
    assert api.pending_update_ids() == []  # confirmed at Telegram after the commit

    api.push_text("Пробовал перезапустить — не помогло")
    api.push_text("Версия 5.2")
    second = telegram.ok()

    assert "0 new tasks, 2 comments" in second.out
    assert telegram.task_ids() == [task_id]
    task = telegram.show(task_id)
    assert public(task["comments"]) == ["Пробовал перезапустить — не помогло", "Версия 5.2"]
    assert task["status"] == "waiting_support"  # the client's turn is over
    assert telegram.ok().out.startswith("telegram: 0 new tasks, 0 comments")  # nothing twice


def test_message_after_close_opens_a_new_task_linking_the_old(telegram: Telegram) -> None:
    telegram.api.push_text("Не открывается отчёт")
    telegram.ok()
    [old] = telegram.task_ids()
    telegram.tt.ok("edit", str(old), "-F", "solution=Переустановили модуль")
    telegram.tt.ok("close", str(old))

    telegram.api.push_text("Снова ошибка, уже в другом отчёте")
    telegram.ok()

    old_task, new = telegram.task_ids()
    assert old_task == old
    task = telegram.show(new)
    assert task["title"] == "Снова ошибка, уже в другом отчёте"
    assert task["status"] == "new"
    assert task["parent"] == old
    assert telegram.show(old)["closed"] is True


def test_start_greets_and_new_starts_a_separate_task(telegram: Telegram) -> None:
    api = telegram.api
    api.push_text("/start")
    run = telegram.ok()

    assert telegram.texts() == [GREETING]
    assert telegram.task_ids() == []
    assert "0 new tasks" in run.out

    api.push_text("Первая проблема")
    api.push_text("/new")
    telegram.ok()  # /new in one run, the message in the next: the flag is persisted
    api.push_text("Совсем другая проблема")
    api.push_text("Подробности ко второй")
    telegram.ok()

    first, second = telegram.task_ids()
    assert telegram.show(first)["closed"] is False
    assert telegram.show(second)["title"] == "Совсем другая проблема"
    assert telegram.show(second)["parent"] is None  # a separate topic, not a sub-task
    assert public(telegram.show(second)["comments"]) == ["Подробности ко второй"]
    assert public(telegram.show(first)["comments"]) == []


def _attachments(telegram: Telegram, task_id: int) -> dict[str, tuple[str, int | None]]:
    rows = telegram.sql(
        "SELECT filename, sha256, comment_id FROM attachments WHERE task_id = ? ORDER BY id",
        (task_id,),
    )
    return {name: (digest, comment) for name, digest, comment in rows}


def test_photo_document_voice_and_video_note_become_attachments(telegram: Telegram) -> None:
    api = telegram.api
    photo = b"\xff\xd8\xff\xe0JPEG" + bytes(range(256)) * 30
    pdf = b"%PDF-1.4 " + bytes(range(256)) * 50
    voice, video = b"OggS" + b"\x01" * 700, b"\x00\x00\x00\x18ftypmp42" + b"\x02" * 900
    api.push_photo(photo, caption="Скриншот ошибки")
    api.push_document(pdf, "Акт сверки.pdf", caption="Вот акт")
    api.push_voice(voice)
    api.push_video_note(video)

    run = telegram.ok()

    assert "1 new task, 3 comments" in run.out
    [task_id] = telegram.task_ids()
    task = telegram.show(task_id)
    assert task["title"] == "Скриншот ошибки"  # the caption is the text
    assert public(task["comments"])[0] == "Вот акт"
    stored = _attachments(telegram, task_id)
    digests = sorted(digest for digest, _ in stored.values())
    assert digests == sorted(hashlib.sha256(d).hexdigest() for d in (photo, pdf, voice, video))
    assert "Акт сверки.pdf" in stored and stored["Акт сверки.pdf"][1] is not None
    assert any(name.endswith(".jpg") and comment is None for name, (_, comment) in stored.items())


def test_oversize_file_is_not_taken_and_a_note_says_why(telegram: Telegram) -> None:
    api = telegram.api
    api.push_text("Прикладываю выгрузку")
    api.push_document(b"x" * 100, "Выгрузка.zip", "application/zip", declared_size=26_000_000)
    telegram.configure(max_file_bytes=1000)
    api.push_document(b"y" * 1500, "Журнал.log", "text/plain", caption="И журнал")

    telegram.ok()

    [task_id] = telegram.task_ids()
    task = telegram.show(task_id)
    notes = [c["body"] for c in task["comments"] if not c["public"]]
    assert len(notes) == 2
    assert "Выгрузка.zip" in notes[0] and "24.8 MB" in notes[0] and "over the limit" in notes[0]
    assert "Журнал.log" in notes[1] and "1000 bytes" in notes[1]
    assert _attachments(telegram, task_id) == {}
    assert api.calls_of("getFile") == []  # the declared size was checked before getFile
    assert public(task["comments"]) == ["(no text)", "И журнал"]


def _history(telegram: Telegram, task_id: int) -> list[str]:
    return [event["action"] for event in telegram.show(task_id)["history"]]


def test_edited_messages_update_and_write_history_only_on_change(telegram: Telegram) -> None:
    api = telegram.api
    first = api.push_text("Не работает импорт")
    follow = api.push_text("Файл во вложении")
    telegram.ok()
    [task_id] = telegram.task_ids()
    before = _history(telegram, task_id)

    api.push_edit(first, "Не работает импорт из 1С")
    api.push_edit(follow, "Файл во вложении (формат xml)")
    run = telegram.ok()

    assert "2 edits" in run.out
    task = telegram.show(task_id)
    assert task["description"] == "Не работает импорт из 1С"
    assert public(task["comments"]) == ["Файл во вложении (формат xml)"]
    changed = _history(telegram, task_id)
    assert len(changed) == len(before) + 2

    api.push_edit(first, "Не работает импорт из 1С")  # formatting-only edit: same text
    run = telegram.ok()

    assert "0 edits, 1 ignored" in run.out
    assert _history(telegram, task_id) == changed


def test_group_chats_channel_posts_and_other_updates_are_ignored(telegram: Telegram) -> None:
    api = telegram.api
    api.push_group_text("Всем привет")
    api.push_channel_post("Новости компании")
    api.push({"my_chat_member": {"chat": {"id": CHAT, "type": "private"}, "date": 0}})

    run = telegram.ok()

    assert "0 new tasks, 0 comments, 0 edits, 3 ignored" in run.out
    assert telegram.task_ids() == []
    assert api.pending_update_ids() == []  # ignored, but confirmed


def test_group_chats_become_conversations_when_configured(telegram: Telegram) -> None:
    telegram.configure(accept_groups=True)
    telegram.api.push_group_text("Не работает обмен", chat_id=-100_200_300)

    telegram.ok()

    [task_id] = telegram.task_ids()
    assert telegram.show(task_id)["description"] == "Иван Петров: Не работает обмен"
    requester = telegram.sql(
        "SELECT c.name, c.telegram_chat_id FROM contacts c JOIN tasks t"
        " ON t.requester_id = c.id WHERE t.id = ?",
        (task_id,),
    )
    assert requester == [("Клиенты", -100_200_300)]


@pytest.mark.parametrize("stage", ["commit", "cursor"])
def test_killed_mid_run_every_message_is_imported_once(telegram: Telegram, stage: str) -> None:
    api = telegram.api
    for text in ("Первое", "Второе", "Третье"):
        api.push_text(text)

    crashed = telegram.spawn("once", **{CRASH_ENV: stage})
    crashed.communicate(timeout=60)

    assert crashed.returncode == 137  # died like kill -9: no cleanup, no confirmation
    assert len(api.pending_update_ids()) == 3
    assert len(telegram.task_ids()) == 1

    run = telegram.ok()

    assert "0 new tasks, 2 comments" in run.out
    [task_id] = telegram.task_ids()
    task = telegram.show(task_id)
    assert task["description"] == "Первое"
    assert public(task["comments"]) == ["Второе", "Третье"]
    assert api.pending_update_ids() == []
    assert telegram.sql("SELECT count(*) FROM inbound_messages") == [(3,)]


def test_a_message_the_rules_refuse_is_quarantined_not_blocking(telegram: Telegram) -> None:
    telegram.configure(form="kb")  # the kb form needs fields a chat message cannot give
    telegram.api.push_text("Статья про печать")

    run = telegram.ok()

    assert "0 new tasks, 0 comments, 0 edits, 0 ignored, 1 failed" in run.out
    assert "quarantined" in run.err
    assert telegram.task_ids() == []
    [(status, reason, raw)] = telegram.sql("SELECT status, reason, raw FROM inbound_messages")
    assert status == "quarantined" and reason
    assert "Статья про печать" in bytes(raw).decode()  # kept, to be imported by hand
    assert telegram.api.pending_update_ids() == []


def test_an_offset_older_than_telegrams_retention_is_not_trusted(telegram: Telegram) -> None:
    from datetime import UTC, datetime, timedelta

    from teamtask.services.inbound import set_cursor

    state = telegram.state()
    try:
        # After a week without updates Telegram may restart update ids below our offset.
        saved_at = (datetime.now(UTC) - timedelta(days=8)).isoformat()
        value = {"offset": 10**9, "fresh_chats": [], "saved_at": saved_at}
        set_cursor(state.context(), "telegram", "123456789", value)
    finally:
        state.close()
    telegram.api.push_text("Сообщение после долгой тишины")

    assert "1 new task" in telegram.ok().out
    assert telegram.api.calls_of("getUpdates")[0].params.get("offset") is None


# --- replies ------------------------------------------------------------------------------


def _conversation(telegram: Telegram) -> int:
    telegram.api.push_text("Помогите с настройкой")
    telegram.ok()
    [task_id] = telegram.task_ids()
    return task_id


def test_public_reply_is_delivered_split_and_rate_limited(telegram: Telegram) -> None:
    task_id = _conversation(telegram)
    telegram.tt.ok("comment", str(task_id), "--public", "Проверьте, пожалуйста, версию драйвера")
    paragraph = "Шаг настройки: " + "откройте раздел параметров и " * 40
    long_text = "\n\n".join([paragraph.strip()] * 7)  # ~8k characters: three messages
    telegram.tt.ok("comment", str(task_id), "--public", long_text)

    run = telegram.ok()

    assert "2 replies sent" in run.out
    texts = telegram.texts()
    assert texts[0] == "Проверьте, пожалуйста, версию драйвера"
    assert len(texts) == 4 and all(len(t.encode("utf-16-le")) // 2 <= 4096 for t in texts)
    assert " ".join(" ".join(texts[1:]).split()) == " ".join(long_text.split())
    assert {m.chat_id for m in telegram.api.sent} == {CHAT}
    assert run.seconds >= len(texts) - 1.2  # about one message per second in one chat
    assert [item["status"] for item in telegram.outbox()] == ["sent", "sent"]
    assert telegram.poll().out.endswith("0 replies sent\n")  # sent once


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")  # PTB's own
@pytest.mark.parametrize("timedelta_mode", ["", "1"], ids=["int", "timedelta"])
def test_too_many_requests_then_success_honours_retry_after(
    telegram: Telegram, timedelta_mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # PTB 22 gives RetryAfter.retry_after as an int, or as a timedelta with PTB_TIMEDELTA=1.
    monkeypatch.setenv("PTB_TIMEDELTA", timedelta_mode)
    task_id = _conversation(telegram)
    telegram.tt.ok("comment", str(task_id), "--public", "Ответ после паузы")
    telegram.api.fail_sends(1, retry_after=1)

    run = telegram.ok()

    sends = [call.status for call in telegram.api.calls_of("sendMessage")]
    assert sends == [429, 200]
    assert run.seconds >= 1.0  # waited as told before sending again
    assert telegram.texts() == ["Ответ после паузы"]
    assert "1 reply sent" in run.out


def test_blocked_by_the_user_fails_the_outbox_item_with_the_reason(telegram: Telegram) -> None:
    task_id = _conversation(telegram)
    telegram.api.block_chat(CHAT)
    telegram.tt.ok("comment", str(task_id), "--public", "Вы здесь?")

    run = telegram.ok()

    assert "1 failed, 0 replies sent" in run.out
    [item] = telegram.outbox()
    assert item["status"] == "failed"
    from teamtask.cli.app import COMMANDS

    if "outbox" in COMMANDS:  # `tt outbox` comes with the channel CLI
        shown = telegram.tt.ok("outbox", "--json").json()
        assert [(i["id"], i["status"], i["last_error"]) for i in shown] == [
            (item["id"], "failed", item["last_error"])
        ]
    assert "blocked" in item["last_error"] and "403" in item["last_error"]
    assert telegram.texts() == []
    telegram.ok()
    assert len(telegram.api.calls_of("sendMessage")) == 1  # a permanent failure is not retried


def test_internal_comment_is_never_sent(telegram: Telegram) -> None:
    task_id = _conversation(telegram)
    telegram.tt.ok("comment", str(task_id), "Клиент путает версии, уточнить у Боба")

    run = telegram.ok()

    assert "0 replies sent" in run.out
    assert telegram.api.calls_of("sendMessage") == []
    assert telegram.outbox() == []


def test_deliver_pending_sends_without_polling(telegram: Telegram) -> None:
    task_id = _conversation(telegram)
    telegram.tt.ok("comment", str(task_id), "--public", "Готово")
    state = telegram.state()
    try:
        assert deliver_pending(state.context()) == (1, 0)
        assert deliver_pending(state.context()) == (0, 0)
    finally:
        state.close()
    assert telegram.texts() == ["Готово"]


# --- errors and runs ----------------------------------------------------------------------


def test_wrong_token_exits_3_without_showing_it(
    telegram: Telegram, monkeypatch: pytest.MonkeyPatch
) -> None:
    wrong = "987654321:WRONG-secret-token"
    monkeypatch.setenv(TOKEN_ENV, wrong)

    run = telegram.poll()

    assert run.code == 3
    assert "rejected the bot token" in run.err and TOKEN_ENV in run.err
    assert wrong not in run.err + run.out and "WRONG-secret" not in run.err


def test_network_error_exits_3_with_once(telegram: Telegram) -> None:
    telegram.api.stop()

    run = telegram.poll()

    assert run.code == 3
    assert "cannot use the Telegram Bot API" in run.err
    assert telegram.api.token not in run.err


def test_watch_rides_out_an_outage_then_imports(telegram: Telegram) -> None:
    api = telegram.api
    api.stop()
    log = telegram.tt.tmp_path / "watch.err"
    with log.open("w") as sink:
        watcher = telegram.spawn("watch", stderr=sink)
    try:
        # Wait for at least one failed attempt (a loaded machine may take seconds to start).
        deadline = time.monotonic() + 30
        while "retrying in" not in log.read_text() and time.monotonic() < deadline:
            time.sleep(0.1)
        api.start()
        api.push_text("Сообщение после сбоя")
        deadline = time.monotonic() + 20
        while not telegram.task_ids() and time.monotonic() < deadline:
            time.sleep(0.2)
        watcher.send_signal(signal.SIGTERM)
        out, _ = watcher.communicate(timeout=30)
    finally:
        if watcher.poll() is None:
            watcher.kill()
    err = log.read_text()
    assert watcher.returncode == 0, err
    assert "retrying in" in err
    assert "telegram: 1 new task" in out
    assert len(telegram.task_ids()) == 1
    assert api.pending_update_ids() == []  # confirmed before leaving


def test_a_second_poller_does_not_run_while_one_holds_the_lock(telegram: Telegram) -> None:
    from teamtask.channels.runlock import RunLock
    from teamtask.config import load_settings
    from teamtask.services.context import open_context

    telegram.api.push_text("Одно сообщение")
    holder = open_context(load_settings(db=telegram.tt.db_url, user="alice"))
    lock = RunLock(holder, "telegram")
    assert lock.acquire()
    try:
        run = telegram.poll()
    finally:
        lock.release()
        holder.db.close()
    assert run.code == 1
    assert "another `telegram` poller is running" in run.err
    assert telegram.task_ids() == []
    assert telegram.api.calls == []  # not even getMe
    assert "1 new task" in telegram.ok().out
