"""Telegram update classification, text splitting and reply pacing, on Bot API JSON."""

from __future__ import annotations

import asyncio
import itertools
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from teamtask.channels.tg_updates import (
    RateLimiter,
    UpdateKind,
    classify_update,
    extract_files,
    extract_text,
    split_text,
    utf16_length,
)

CLIENT = {"id": 555001, "is_bot": False, "first_name": "Иван", "last_name": "Петров",
          "username": "ivan_petrov"}  # fmt: skip
PRIVATE = {"id": 555001, "type": "private", "first_name": "Иван"}


def message(chat: dict[str, Any] = PRIVATE, **content: Any) -> dict[str, Any]:
    return {"message_id": 7, "from": CLIENT, "chat": chat, "date": 1709535600, **content}


def command(text: str) -> dict[str, Any]:
    length = len(text.split()[0])
    return {"update_id": 1, "message": message(
        text=text, entities=[{"type": "bot_command", "offset": 0, "length": length}])}  # fmt: skip


# --- classify_update ----------------------------------------------------------------------


def test_private_text_message() -> None:
    update = classify_update({"update_id": 42, "message": message(text="Не работает печать")})
    assert update.kind is UpdateKind.PRIVATE_MESSAGE
    assert update.update_id == 42
    assert (update.chat_id, update.chat_type, update.message_id) == (555001, "private", 7)
    assert (update.user_id, update.username, update.sender_name) == (
        555001,
        "ivan_petrov",
        "Иван Петров",
    )
    assert update.text == "Не работает печать"
    assert update.date == datetime(2024, 3, 4, 7, 0, tzinfo=UTC)
    assert update.files == () and update.command is None


@pytest.mark.parametrize(
    ("text", "name", "args"),
    [
        ("/start", "start", ""),
        ("/new", "new", ""),
        ("/START", "start", ""),
        ("/start@teamtask_test_bot deep-link", "start", "deep-link"),
        ("/new  Принтер не печатает", "new", "Принтер не печатает"),
    ],
)
def test_known_commands(text: str, name: str, args: str) -> None:
    update = classify_update(command(text))
    assert update.kind is UpdateKind.COMMAND
    assert (update.command, update.command_args) == (name, args)


def test_unknown_command_and_slash_without_entity_are_messages() -> None:
    assert classify_update(command("/help")).kind is UpdateKind.PRIVATE_MESSAGE
    plain = {"update_id": 1, "message": message(text="/start but typed without entity")}
    assert classify_update(plain).kind is UpdateKind.PRIVATE_MESSAGE
    custom = classify_update(command("/help"), commands={"help"})
    assert custom.kind is UpdateKind.COMMAND and custom.command == "help"


def test_edited_messages() -> None:
    edited = message(text="исправлено", edit_date=1709539200)
    update = classify_update({"update_id": 2, "edited_message": edited})
    assert update.kind is UpdateKind.EDITED_MESSAGE
    assert update.text == "исправлено" and update.message_id == 7
    assert update.edit_date == datetime(2024, 3, 4, 8, 0, tzinfo=UTC)

    group_edit = message(chat={"id": -100, "type": "group"}, text="x", edit_date=1)
    assert classify_update({"update_id": 3, "edited_message": group_edit}).kind is UpdateKind.GROUP


@pytest.mark.parametrize(
    ("update", "kind"),
    [
        ({"message": message(chat={"id": -5, "type": "group", "title": "g"}, text="hi")},
         UpdateKind.GROUP),
        ({"message": message(chat={"id": -1005, "type": "supergroup"}, text="hi")},
         UpdateKind.GROUP),
        ({"channel_post": {"message_id": 1, "chat": {"id": -1009, "type": "channel"},
                           "date": 1, "text": "news"}}, UpdateKind.CHANNEL_POST),
        ({"edited_channel_post": {"message_id": 1, "chat": {"id": -1009, "type": "channel"},
                                  "date": 1, "text": "news"}}, UpdateKind.CHANNEL_POST),
        ({"callback_query": {"id": "1", "from": CLIENT, "data": "x"}}, UpdateKind.OTHER),
        ({"my_chat_member": {"chat": PRIVATE}}, UpdateKind.OTHER),
        ({}, UpdateKind.OTHER),
    ],
)  # fmt: skip
def test_non_private_and_other_updates(update: dict[str, Any], kind: UpdateKind) -> None:
    assert classify_update({"update_id": 9, **update}).kind is kind


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)
FIELDS = st.sampled_from(["text", "caption", "photo", "document", "voice", "video_note",
                          "entities", "chat", "from", "date", "edit_date", "message_id",
                          "animation", "sticker"])  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["message", "edited_message", "channel_post", "callback_query"]),
    st.dictionaries(FIELDS, JSON, max_size=8),
    st.sampled_from(["private", "group", "channel", None]),
)
def test_classify_never_fails_on_odd_json(key: str, body: dict[str, Any], chat_type: Any) -> None:
    if chat_type is not None and not isinstance(body.get("chat"), dict):
        body["chat"] = {"id": 1, "type": chat_type}
    update = classify_update({"update_id": 5, key: body})
    assert isinstance(update.kind, UpdateKind)


# --- text and files -----------------------------------------------------------------------


def test_caption_is_the_text() -> None:
    assert extract_text(message(caption="Скриншот", photo=[])) == "Скриншот"
    assert extract_text(message(text="a\x00b")) == "ab"
    assert extract_text(message(sticker={"file_id": "s"})) == ""


def test_photo_takes_the_largest_size() -> None:
    sizes = [
        {"file_id": "small", "file_unique_id": "u1", "width": 90, "height": 67, "file_size": 1000},
        {"file_id": "big", "file_unique_id": "u3", "width": 1280, "height": 960, "file_size": 9000},
        {"file_id": "mid", "file_unique_id": "u2", "width": 320, "height": 240, "file_size": 4000},
    ]
    (photo,) = extract_files(message(photo=sizes, caption="ошибка"))
    assert (photo.kind, photo.file_id, photo.file_unique_id) == ("photo", "big", "u3")
    assert (photo.size, photo.name, photo.mime) == (9000, "photo_u3.jpg", "image/jpeg")


def test_document_voice_video_note() -> None:
    document = {"file_id": "d", "file_unique_id": "ud", "file_name": "../Акт сверки.pdf",
                "mime_type": "application/pdf", "file_size": 12345}  # fmt: skip
    voice = {"file_id": "v", "file_unique_id": "uv", "duration": 3, "file_size": 777}
    note = {"file_id": "n", "file_unique_id": "un", "length": 240, "duration": 5}
    files = extract_files(message(document=document))
    files += extract_files(message(voice=voice))
    files += extract_files(message(video_note=note))
    assert [(f.kind, f.name, f.mime, f.size) for f in files] == [
        ("document", "Акт сверки.pdf", "application/pdf", 12345),
        ("voice", "voice_uv.ogg", "audio/ogg", 777),
        ("video_note", "video_note_un.mp4", "video/mp4", None),
    ]


def test_animation_arrives_once() -> None:
    gif = {"file_id": "g", "file_unique_id": "ug", "file_name": "fun.mp4", "mime_type": "video/mp4"}
    files = extract_files(message(animation=gif, document=gif))
    assert [f.kind for f in files] == ["document"]


def test_unsupported_content_is_reported() -> None:
    update = classify_update({"update_id": 1, "message": message(sticker={"file_id": "s"})})
    assert update.kind is UpdateKind.PRIVATE_MESSAGE
    assert update.unsupported == ("sticker",) and update.text == ""


# --- split_text ---------------------------------------------------------------------------


def test_split_short_and_blank() -> None:
    assert split_text("Привет") == ["Привет"]
    assert split_text("x" * 4096) == ["x" * 4096]
    assert split_text("   \n\n ") == []


def test_split_prefers_paragraphs_then_lines_then_words() -> None:
    paragraphs = "A" * 30 + "\n\n" + "B" * 30 + "\nC" * 5
    assert split_text(paragraphs, limit=40) == ["A" * 30, "B" * 30 + "\nC" * 5]
    assert split_text(paragraphs, limit=39) == ["A" * 30, "B" * 30 + "\nC" * 4, "C"]
    lines = "\n".join(["line"] * 20)
    assert all(len(chunk) <= 22 and not chunk.startswith("\n") for chunk in split_text(lines, 22))
    words = " ".join(["слово"] * 30)
    chunks = split_text(words, limit=50)
    assert all(chunk.startswith("слово") and chunk.endswith("слово") for chunk in chunks)


def test_split_mid_word_when_there_is_no_break() -> None:
    assert split_text("x" * 10_000) == ["x" * 4096, "x" * 4096, "x" * 1808]


def test_split_counts_utf16_units() -> None:
    emoji = "😀" * 3000  # 6000 UTF-16 units
    chunks = split_text(emoji)
    assert [utf16_length(c) for c in chunks] == [4096, 1904]
    assert "".join(chunks) == emoji


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("ab cd\n\nЁж😀")), max_size=500),
    st.integers(min_value=2, max_value=60),
)
def test_split_property(text: str, limit: int) -> None:
    chunks = split_text(text, limit)
    assert all(0 < utf16_length(chunk) <= limit for chunk in chunks)
    assert all(chunk == chunk.strip() for chunk in chunks)
    assert "".join("".join(chunks).split()) == "".join(text.split())  # nothing lost


# --- RateLimiter --------------------------------------------------------------------------


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_one_message_per_second_per_chat() -> None:
    clock = FakeClock()
    limiter = RateLimiter(clock=clock)
    assert limiter.reserve(1) == 0
    assert limiter.reserve(1) == pytest.approx(1.0)
    assert limiter.reserve(1) == pytest.approx(2.0)
    clock.now += 5
    assert limiter.reserve(1) == 0


def test_thirty_per_second_overall() -> None:
    clock = FakeClock()
    limiter = RateLimiter(clock=clock)
    delays = [limiter.reserve(chat) for chat in range(60)]
    assert delays[0] == 0
    assert delays[29] == pytest.approx(29 / 30)
    assert delays[59] == pytest.approx(59 / 30)  # 60 messages to 60 chats take two seconds
    assert all(b > a for a, b in itertools.pairwise(delays))


def test_retry_after_pauses_a_chat_or_the_bot() -> None:
    clock = FakeClock()
    limiter = RateLimiter(clock=clock)
    limiter.reserve(1)
    limiter.retry_after(1, 7)
    assert limiter.reserve(1) == pytest.approx(7)
    assert limiter.reserve(2) < 1  # other chats go on

    limiter.retry_after(3, 4, whole_bot=True)
    clock.now += 1
    assert limiter.reserve(4) == pytest.approx(3)


def test_async_wait_sleeps_for_the_booked_delay() -> None:
    clock = FakeClock()
    limiter = RateLimiter(clock=clock)
    slept: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        slept.append(seconds)

    async def scenario() -> None:
        for _ in range(3):
            await limiter.wait(555001, sleep=fake_sleep)

    asyncio.run(scenario())
    assert slept == [pytest.approx(1.0), pytest.approx(2.0)]
