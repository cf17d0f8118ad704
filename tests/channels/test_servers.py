"""The test servers behave like the real ones, proven with the real client libraries:
imapclient against Dovecot, smtplib against aiosmtpd, python-telegram-bot against the Bot API
server."""

from __future__ import annotations

import asyncio
import io
import json
import smtplib
import socket
import threading
import time
import urllib.error
import urllib.request
from datetime import timedelta
from email.message import EmailMessage
from typing import Any

import pytest
from telegram import Bot
from telegram.error import BadRequest, Forbidden, InvalidToken, RetryAfter

from teamtask.channels.tg_updates import UpdateKind, classify_update

pytestmark = pytest.mark.slow

SIMPLE = (
    b"From: Ivan <ivan@example.ru>\r\nSubject: Hello\r\nMessage-ID: <m1@example.ru>\r\n\r\nHi\r\n"
)


def numbered(n: int) -> bytes:
    return (
        f"From: c{n}@example.ru\r\nSubject: Message {n}\r\nMessage-ID: <n{n}@example.ru>\r\n\r\n"
        f"Body {n}\r\n"
    ).encode()


# --- Dovecot ------------------------------------------------------------------------------


def test_dovecot_append_then_peek_leaves_message_unseen(dovecot: Any) -> None:
    uid = dovecot.append(SIMPLE)

    assert dovecot.fetch(uid) == SIMPLE
    assert b"\\Seen" not in dovecot.flags(uid)
    # The contrast that makes the check meaningful: a plain BODY[] fetch marks it read.
    with dovecot.client("INBOX") as client:
        client.fetch([uid], ["BODY[]"])
    assert b"\\Seen" in dovecot.flags(uid)


def test_dovecot_append_with_flags_and_many(dovecot: Any) -> None:
    seen_uid = dovecot.append(SIMPLE, flags=["\\Seen"])
    uids = dovecot.append_many(numbered(n) for n in range(250))

    assert b"\\Seen" in dovecot.flags(seen_uid)
    assert uids == list(range(seen_uid + 1, seen_uid + 251))
    assert dovecot.uids() == [seen_uid, *uids]


def test_dovecot_folders_and_second_mailbox(dovecot: Any) -> None:
    dovecot.create_folder("Processed")
    uid = dovecot.append(SIMPLE, "Processed")
    dovecot.add_user("sales", "other-secret")

    assert dovecot.uids("Processed") == [uid]
    assert dovecot.uids() == []
    sales = dovecot.connect("sales", "other-secret")
    try:
        assert sales.select_folder("INBOX")[b"EXISTS"] == 0
    finally:
        sales.logout()


def test_dovecot_uidvalidity_change_keeps_messages_and_flags(dovecot: Any) -> None:
    first = dovecot.append(numbered(1), flags=["\\Seen"])
    dovecot.append(numbered(2))
    dovecot.create_folder("Processed")
    before = dovecot.uidvalidity()

    after = dovecot.reset_uidvalidity()

    assert after != before
    assert dovecot.uidvalidity() == after
    uids = dovecot.uids()
    assert len(uids) == 2
    bodies = {dovecot.fetch(uid) for uid in uids}
    assert bodies == {numbered(1), numbered(2)}
    seen = [uid for uid in uids if b"\\Seen" in dovecot.flags(uid)]
    assert [dovecot.fetch(uid) for uid in seen] == [numbered(1)]
    assert first in uids  # UIDs restart from 1: a stored (UIDVALIDITY, UID) cursor is stale


def test_dovecot_stop_and_start(dovecot: Any) -> None:
    dovecot.append(SIMPLE)
    client = dovecot.connect()
    client.select_folder("INBOX")

    dovecot.stop()
    with pytest.raises(Exception):  # noqa: B017 - the exact error depends on timing
        client.noop()
    with pytest.raises(OSError):
        socket.create_connection((dovecot.host, dovecot.port), timeout=1)

    dovecot.start()
    assert len(dovecot.uids()) == 1


def test_dovecot_idle_sees_new_mail(dovecot: Any) -> None:
    client = dovecot.connect()
    try:
        client.select_folder("INBOX")
        client.idle()
        dovecot.append(SIMPLE)
        responses = client.idle_check(timeout=5)
        client.idle_done()
    finally:
        client.logout()
    assert any(response[1:2] == (b"EXISTS",) for response in responses)


def test_dovecot_wrong_password_is_refused(dovecot: Any) -> None:
    from imapclient.exceptions import LoginError

    with pytest.raises(LoginError):
        dovecot.connect(password="wrong")


# --- SMTP ---------------------------------------------------------------------------------


def _mail(to: str = "client@example.ru") -> EmailMessage:
    message = EmailMessage()
    message["From"] = "support@example.com"
    message["To"] = to
    message["Subject"] = "Ответ"
    message.set_content("Здравствуйте!")
    return message


def test_smtp_receives_with_login(smtp_server: Any) -> None:
    with smtplib.SMTP(smtp_server.host, smtp_server.port, timeout=5) as client:
        client.login(smtp_server.user, smtp_server.password)
        client.send_message(_mail())

    (received,) = smtp_server.wait_for(1)
    assert received.mail_from == "support@example.com"
    assert received.rcpt_tos == ("client@example.ru",)
    assert received.authenticated_as == smtp_server.user
    assert received.message["Subject"] == "Ответ"
    assert received.message.get_content().strip() == "Здравствуйте!"


def test_smtp_anonymous_and_wrong_password(smtp_server: Any) -> None:
    with smtplib.SMTP(smtp_server.host, smtp_server.port, timeout=5) as client:
        with pytest.raises(smtplib.SMTPAuthenticationError):
            client.login(smtp_server.user, "wrong")
        client.send_message(_mail())
    assert smtp_server.wait_for(1)[0].authenticated_as is None


def test_smtp_rejection_then_success(smtp_server: Any) -> None:
    smtp_server.reject_next(1, "451 4.3.0 Mailbox busy")
    with smtplib.SMTP(smtp_server.host, smtp_server.port, timeout=5) as client:
        with pytest.raises(smtplib.SMTPDataError) as error:
            client.send_message(_mail())
        assert error.value.smtp_code == 451
        assert b"Mailbox busy" in error.value.smtp_error
        client.send_message(_mail())
    assert len(smtp_server.wait_for(1)) == 1


def test_smtp_down_then_up(smtp_server: Any) -> None:
    smtp_server.stop()
    with pytest.raises(OSError):
        smtplib.SMTP(smtp_server.host, smtp_server.port, timeout=2)

    smtp_server.start()
    with smtplib.SMTP(smtp_server.host, smtp_server.port, timeout=5) as client:
        client.send_message(_mail())
    assert len(smtp_server.wait_for(1)) == 1


# --- Bot API: python-telegram-bot's real HTTP stack ---------------------------------------


def _bot(bot_api: Any, token: str | None = None) -> Bot:
    return Bot(
        token or bot_api.token, base_url=bot_api.base_url, base_file_url=bot_api.base_file_url
    )


def _seconds(value: int | timedelta) -> float:
    """PTB 22 returns ints (deprecated) or timedeltas (with PTB_TIMEDELTA set)."""
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def test_ptb_get_me_and_updates_with_offset(bot_api: Any) -> None:
    text = bot_api.push_text("Не работает печать")
    photo = bot_api.push_photo(b"\xff\xd8JPEG" * 100, caption="Скриншот ошибки")

    async def scenario() -> tuple[Any, ...]:
        async with _bot(bot_api) as bot:
            first = await bot.get_updates(timeout=0)
            again = await bot.get_updates(timeout=0)  # nothing confirmed yet: same updates
            after = await bot.get_updates(offset=first[-1].update_id + 1, timeout=0)
            return bot.username, first, again, after

    username, first, again, after = asyncio.run(scenario())

    assert username == "teamtask_test_bot"
    assert [u.update_id for u in first] == [text["update_id"], photo["update_id"]]
    assert [u.update_id for u in again] == [u.update_id for u in first]
    assert first[0].message.text == "Не работает печать"
    assert first[1].message.caption == "Скриншот ошибки"
    assert after == ()
    assert bot_api.pending_update_ids() == []  # confirmed by the higher offset


def test_ptb_long_poll_returns_when_an_update_arrives(bot_api: Any) -> None:
    timer = threading.Timer(0.3, lambda: bot_api.push_text("hello"))

    async def scenario() -> tuple[Any, float]:
        async with _bot(bot_api) as bot:
            started = time.monotonic()
            timer.start()
            updates = await bot.get_updates(timeout=10)
            return updates, time.monotonic() - started

    updates, elapsed = asyncio.run(scenario())
    assert [u.message.text for u in updates] == ["hello"]
    assert elapsed < 5


def test_ptb_send_message_and_download_file(bot_api: Any) -> None:
    data = b"%PDF-1.4 " + bytes(range(256)) * 40
    update = bot_api.push_document(data, "Акт сверки №3.pdf", caption="Вот акт")

    async def scenario() -> tuple[Any, bytes, Any]:
        async with _bot(bot_api) as bot:
            sent = await bot.send_message(chat_id=555001, text="Получили, спасибо!")
            file = await bot.get_file(update["message"]["document"]["file_id"])
            buffer = io.BytesIO()
            await file.download_to_memory(buffer)
            return sent, buffer.getvalue(), file

    sent, downloaded, file = asyncio.run(scenario())
    assert sent.text == "Получили, спасибо!" and sent.chat.id == 555001
    assert [(m.chat_id, m.text) for m in bot_api.sent] == [(555001, "Получили, спасибо!")]
    assert downloaded == data
    assert file.file_size == len(data)


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")  # retry_after int
def test_ptb_errors_401_403_429(bot_api: Any) -> None:
    bot_api.block_chat(777)
    bot_api.fail_sends(1, retry_after=3)

    async def scenario() -> list[Exception]:
        errors: list[Exception] = []
        try:
            async with _bot(bot_api, token="123456789:wrong-token"):
                pass
        except InvalidToken as exc:
            errors.append(exc)
        async with _bot(bot_api) as bot:
            for chat_id in (555001, 777):
                try:
                    await bot.send_message(chat_id=chat_id, text="x")
                except (RetryAfter, Forbidden) as exc:
                    errors.append(exc)
            await bot.send_message(chat_id=555001, text="after the pause")
        return errors

    invalid, retry, blocked = asyncio.run(scenario())
    assert isinstance(invalid, InvalidToken)
    assert isinstance(retry, RetryAfter) and _seconds(retry.retry_after) == 3
    assert isinstance(blocked, Forbidden) and "blocked" in blocked.message
    assert [m.text for m in bot_api.sent] == ["after the pause"]
    assert [c.status for c in bot_api.calls_of("sendMessage")] == [429, 403, 200]


def test_ptb_file_too_big_for_bots(bot_api: Any) -> None:
    update = bot_api.push_document(b"x", "huge.zip", declared_size=25 * 1024 * 1024)

    async def scenario() -> None:
        async with _bot(bot_api) as bot:
            await bot.get_file(update["message"]["document"]["file_id"])

    with pytest.raises(BadRequest, match="too big"):
        asyncio.run(scenario())


def test_ptb_updates_classify_like_the_raw_json(bot_api: Any) -> None:
    """tg_updates works on dicts; PTB's Update.to_dict() must give it the same shape."""
    original = bot_api.push_text("Первое сообщение")
    bot_api.push_text("/start")
    bot_api.push_voice(b"OggS" * 50)
    bot_api.push_edit(original, "Первое сообщение (исправлено)")
    bot_api.push_group_text("всем привет")
    bot_api.push_channel_post("новости")
    bot_api.push({"my_chat_member": {"chat": {"id": 1, "type": "private"}}})

    async def scenario() -> tuple[Any, ...]:
        async with _bot(bot_api) as bot:
            return await bot.get_updates(timeout=0)

    updates = asyncio.run(scenario())
    kinds = [classify_update(update.to_dict()).kind for update in updates]
    assert kinds == [
        UpdateKind.PRIVATE_MESSAGE,
        UpdateKind.COMMAND,
        UpdateKind.PRIVATE_MESSAGE,
        UpdateKind.EDITED_MESSAGE,
        UpdateKind.GROUP,
        UpdateKind.CHANNEL_POST,
        UpdateKind.OTHER,
    ]
    voice = classify_update(updates[2].to_dict())
    assert voice.files[0].kind == "voice" and voice.files[0].mime == "audio/ogg"


# --- Bot API: raw HTTP, the way curl or another client would call it ----------------------


def _http(url: str, data: bytes | None = None, content_type: str | None = None) -> Any:
    request = urllib.request.Request(url, data=data)
    if content_type:
        request.add_header("Content-Type", content_type)
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_raw_http_json_form_query_and_errors(bot_api: Any) -> None:
    root = f"{bot_api.base_url}{bot_api.token}"
    body = json.dumps({"chat_id": 42, "text": "json"}).encode()
    assert _http(f"{root}/sendMessage", body, "application/json")[0] == 200
    form = b"chat_id=42&text=form"
    assert _http(f"{root}/sendMessage", form, "application/x-www-form-urlencoded")[0] == 200
    assert _http(f"{root}/sendMessage?chat_id=42&text=query")[0] == 200
    assert [m.text for m in bot_api.sent] == ["json", "form", "query"]

    assert _http(f"{bot_api.base_url}1:bad/getMe") == (
        401,
        {"ok": False, "error_code": 401, "description": "Unauthorized"},
    )
    assert _http(f"{root}/noSuchMethod")[0] == 404
    status, answer = _http(f"{root}/sendMessage?chat_id=42&text=")
    assert (status, answer["description"]) == (400, "Bad Request: message text is empty")
    status, answer = _http(f"{root}/sendMessage?chat_id=42&text={'x' * 4097}")
    assert (status, answer["description"]) == (400, "Bad Request: message is too long")


def test_raw_get_updates_negative_offset_keeps_the_last(bot_api: Any) -> None:
    ids = [bot_api.push_text(f"m{n}")["update_id"] for n in range(3)]
    root = f"{bot_api.base_url}{bot_api.token}"
    status, answer = _http(f"{root}/getUpdates?offset=-1")
    assert status == 200
    assert [u["update_id"] for u in answer["result"]] == ids[-1:]
    assert bot_api.pending_update_ids() == ids[-1:]
