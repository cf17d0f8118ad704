"""Pure helpers over Telegram Bot API JSON: what an update is, what it says, which files it
carries, how to cut a reply to Telegram's size and how fast replies may go.

They work on the dicts of the Bot API (`Update.to_dict()` in python-telegram-bot gives the
same shape), so they are tested without a bot and without a network.
"""

from __future__ import annotations

import asyncio
import bisect
import time
from collections.abc import Awaitable, Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from teamtask.channels.mime import clean_text, sanitize_filename

__all__ = [
    "MESSAGE_LIMIT",
    "FileRef",
    "IncomingUpdate",
    "RateLimiter",
    "UpdateKind",
    "classify_update",
    "extract_files",
    "extract_text",
    "split_text",
    "utf16_length",
]

MESSAGE_LIMIT = 4096  # sendMessage text limit, counted in UTF-16 code units
DEFAULT_COMMANDS = frozenset({"start", "new"})


class UpdateKind(StrEnum):
    PRIVATE_MESSAGE = "private_message"
    EDITED_MESSAGE = "edited_message"  # in a private chat
    COMMAND = "command"  # a known command (/start, /new) in a private chat
    GROUP = "group"  # message or edit in a group or supergroup
    CHANNEL_POST = "channel_post"
    OTHER = "other"  # callback queries, member updates, polls...


@dataclass(frozen=True)
class FileRef:
    kind: str  # photo, document, voice, video_note, video, audio, animation
    file_id: str  # for getFile
    file_unique_id: str  # stable across bots and time: dedupe key for stored files
    size: int | None  # bytes, when Telegram says; files over 20 MB cannot be downloaded by bots
    name: str  # safe file name (generated for photos, voice and video notes)
    mime: str | None


@dataclass(frozen=True)
class IncomingUpdate:
    update_id: int
    kind: UpdateKind
    chat_id: int | None = None
    chat_type: str | None = None
    message_id: int | None = None
    user_id: int | None = None
    username: str | None = None
    sender_name: str | None = None
    date: datetime | None = None
    edit_date: datetime | None = None
    text: str = ""  # text or caption
    command: str | None = None  # "start", "new": lowercased, without "/" and "@botname"
    command_args: str = ""
    files: tuple[FileRef, ...] = ()
    unsupported: tuple[str, ...] = ()  # content we do not take: sticker, location, contact...


_UNSUPPORTED_CONTENT = ("sticker", "location", "venue", "contact", "poll", "dice", "game")


# Updates are JSON from the network: take a field only when it has the documented type.
def _integer(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _string(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _timestamp(value: Any) -> datetime | None:
    if _integer(value) is None:
        return None
    try:
        return datetime.fromtimestamp(value, UTC)
    except (OverflowError, OSError, ValueError):
        return None


def extract_text(message: Mapping[str, Any]) -> str:
    """The message text, or the caption of a photo, document, voice or video."""
    value = message.get("text")
    if not isinstance(value, str):
        value = message.get("caption")
    return clean_text(value) if isinstance(value, str) else ""


def _file_ref(kind: str, item: Mapping[str, Any], default_name: str, mime: str | None) -> FileRef:
    file_id = str(item.get("file_id", ""))
    unique = str(item.get("file_unique_id") or file_id)
    name = _string(item.get("file_name"))
    mime_type = _string(item.get("mime_type")) or mime
    return FileRef(
        kind=kind,
        file_id=file_id,
        file_unique_id=unique,
        size=_integer(item.get("file_size")),
        name=sanitize_filename(name or default_name, mime_type or "application/octet-stream"),
        mime=mime_type,
    )


def extract_files(message: Mapping[str, Any]) -> tuple[FileRef, ...]:
    """Every file the message carries. A photo comes in several sizes: only the largest is
    taken (the last one in Telegram's list, but compare to be sure)."""
    files: list[FileRef] = []
    photos = message.get("photo")
    if isinstance(photos, list) and photos:
        sizes = [p for p in photos if isinstance(p, Mapping) and p.get("file_id")]
        if sizes:
            largest = max(
                sizes,
                key=lambda p: (_integer(p.get("file_size")) or 0, _integer(p.get("width")) or 0),
            )
            unique = largest.get("file_unique_id") or largest["file_id"]
            files.append(_file_ref("photo", largest, f"photo_{unique}.jpg", "image/jpeg"))
    defaults = {
        "document": ("document", None),
        "voice": ("voice_{}.ogg", "audio/ogg"),
        "video_note": ("video_note_{}.mp4", "video/mp4"),
        "video": ("video_{}.mp4", "video/mp4"),
        "audio": ("audio_{}.mp3", "audio/mpeg"),
    }
    # An animation (GIF) also arrives as `document`; take it once.
    if not isinstance(message.get("document"), Mapping):
        defaults["animation"] = ("animation_{}.mp4", "video/mp4")
    for kind, (pattern, mime) in defaults.items():
        item = message.get(kind)
        if isinstance(item, Mapping) and item.get("file_id"):
            unique = item.get("file_unique_id") or item["file_id"]
            files.append(_file_ref(kind, item, pattern.format(unique), mime))
    return tuple(files)


def _command(message: Mapping[str, Any], text: str) -> tuple[str | None, str]:
    """A bot_command entity at offset 0 → (name, arguments)."""
    entities = message.get("entities")
    if not isinstance(entities, list) or not text.startswith("/"):
        return None, ""
    for entity in entities:
        if (
            isinstance(entity, Mapping)
            and entity.get("type") == "bot_command"
            and entity.get("offset") == 0
        ):
            length = _integer(entity.get("length")) or 0
            length = length if length > 1 else len(text.split()[0])
            # Offsets are UTF-16 code units; a command itself is ASCII, so they coincide here.
            name = text[1:length].split("@", 1)[0].lower()
            return name, text[length:].strip()
    return None, ""


def classify_update(
    update: Mapping[str, Any], *, commands: Collection[str] = DEFAULT_COMMANDS
) -> IncomingUpdate:
    """What the poller must do with one update (see UpdateKind). Unknown commands in private
    chats are ordinary messages: a client typing "/help" still gets heard."""
    update_id = _integer(update.get("update_id")) or 0
    edited = not isinstance(update.get("message"), Mapping)
    message = update.get("edited_message" if edited else "message")
    if not isinstance(message, Mapping):
        for key in ("channel_post", "edited_channel_post"):
            if isinstance(update.get(key), Mapping):
                return _describe(update_id, UpdateKind.CHANNEL_POST, update[key])
        return IncomingUpdate(update_id=update_id, kind=UpdateKind.OTHER)

    chat_type = _mapping(message.get("chat")).get("type")
    if chat_type in ("group", "supergroup"):
        return _describe(update_id, UpdateKind.GROUP, message)
    if chat_type == "channel":
        return _describe(update_id, UpdateKind.CHANNEL_POST, message)
    if chat_type != "private":
        return _describe(update_id, UpdateKind.OTHER, message)
    if edited:
        return _describe(update_id, UpdateKind.EDITED_MESSAGE, message)
    text = extract_text(message)
    name, args = _command(message, text)
    if name is not None and name in commands:
        return _describe(update_id, UpdateKind.COMMAND, message, command=name, command_args=args)
    return _describe(update_id, UpdateKind.PRIVATE_MESSAGE, message)


def _describe(
    update_id: int,
    kind: UpdateKind,
    message: Mapping[str, Any],
    *,
    command: str | None = None,
    command_args: str = "",
) -> IncomingUpdate:
    chat = _mapping(message.get("chat"))
    sender = _mapping(message.get("from"))
    names = [_string(sender.get("first_name")), _string(sender.get("last_name"))]
    sender_name = " ".join(name for name in names if name and name.strip()) or None
    return IncomingUpdate(
        update_id=update_id,
        kind=kind,
        chat_id=_integer(chat.get("id")),
        chat_type=_string(chat.get("type")),
        message_id=_integer(message.get("message_id")),
        user_id=_integer(sender.get("id")),
        username=_string(sender.get("username")),
        sender_name=clean_text(sender_name) if sender_name else None,
        date=_timestamp(message.get("date")),
        edit_date=_timestamp(message.get("edit_date")),
        text=extract_text(message),
        command=command,
        command_args=command_args,
        files=extract_files(message),
        unsupported=tuple(key for key in _UNSUPPORTED_CONTENT if key in message),
    )


def utf16_length(text: str) -> int:
    """Telegram counts text in UTF-16 code units: an emoji outside the BMP counts twice."""
    return len(text.encode("utf-16-le")) // 2


def _fit(text: str, limit: int) -> int:
    """The longest prefix length (in characters) whose UTF-16 length is within `limit`."""
    if utf16_length(text) <= limit:
        return len(text)
    low, high = 0, min(len(text), limit)
    while low < high:  # binary search: prefix lengths grow monotonically
        middle = (low + high + 1) // 2
        if utf16_length(text[:middle]) <= limit:
            low = middle
        else:
            high = middle - 1
    return low


def split_text(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Cut `text` into messages Telegram accepts: at a paragraph break if one lies in the
    second half of the window, else a line break, else a space, else mid-word. Whitespace at
    the cuts is dropped; blank text gives no message at all (Telegram rejects empty text)."""
    if limit < 2:
        raise ValueError("limit must be at least 2")
    chunks: list[str] = []
    rest = text.strip()
    while rest:
        end = _fit(rest, limit)
        if end >= len(rest):
            chunks.append(rest)
            break
        window = rest[:end]
        cut = -1
        for separator in ("\n\n", "\n", " "):
            position = window.rfind(separator)
            if position >= end // 2:
                cut = position
                break
        if cut <= 0:
            cut = max(end, 1)  # no break in sight: cut mid-word (an astral char stays whole)
        chunk = rest[:cut].rstrip()
        if chunk:
            chunks.append(chunk)
        rest = rest[cut:].lstrip()
    return chunks


class RateLimiter:
    """Spaces replies: one message per `per_chat_interval` seconds in a chat, and any two sends
    at least 1/`global_per_second` apart overall (Telegram documents about 1/s per chat and
    30/s per bot). `reserve` books the earliest free slot and says how long to wait, so one
    limiter serves a synchronous loop and asyncio alike; the clock is injectable for tests.
    A chat paused by `retry_after` books its slot late without holding up other chats."""

    def __init__(
        self,
        *,
        per_chat_interval: float = 1.0,
        global_per_second: float = 30,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._per_chat_interval = per_chat_interval
        self._gap = 1.0 / global_per_second
        self._clock = clock
        self._chat_next: dict[int | str, float] = {}
        self._booked: list[float] = []  # sorted send times, recent and future
        self._paused_until = 0.0

    def reserve(self, chat_id: int | str) -> float:
        """Book a send to `chat_id`; return the seconds to wait before sending it."""
        now = self._clock()
        del self._booked[: bisect.bisect_left(self._booked, now - self._gap)]
        at = max(now, self._chat_next.get(chat_id, now), self._paused_until)
        index = bisect.bisect_right(self._booked, at - self._gap + _EPSILON)
        while index < len(self._booked) and self._booked[index] < at + self._gap - _EPSILON:
            at = self._booked[index] + self._gap  # too close to a booked send: go after it
            index += 1
        bisect.insort(self._booked, at)
        self._chat_next[chat_id] = at + self._per_chat_interval
        self._forget_idle_chats(now)
        return at - now

    def retry_after(self, chat_id: int | str, seconds: float, *, whole_bot: bool = False) -> None:
        """Honour a 429 answer: nothing goes to the chat (or anywhere) for `seconds`."""
        until = self._clock() + seconds
        if whole_bot:
            self._paused_until = max(self._paused_until, until)
        self._chat_next[chat_id] = max(self._chat_next.get(chat_id, 0.0), until)

    async def wait(
        self,
        chat_id: int | str,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        delay = self.reserve(chat_id)
        if delay > 0:
            await sleep(delay)

    def _forget_idle_chats(self, now: float) -> None:
        if len(self._chat_next) > 10_000:  # bound memory on a bot with many clients
            for chat_id in [chat for chat, at in self._chat_next.items() if at < now]:
                del self._chat_next[chat_id]


_EPSILON = 1e-9  # float slack when comparing booked times
