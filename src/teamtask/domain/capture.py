"""The one-line capture grammar of ``tt add``: ``Fix login @alice +bug due:fri !high``.

Mentions are kept as typed: whether ``@alice`` is a person or a group, and whether it exists,
is decided later by the service that can see the directory.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from teamtask.domain.dates import format_due, local_day, parse_date
from teamtask.domain.errors import GrammarError

PRIORITIES = ("low", "normal", "high", "urgent")
PRIORITY_ALIASES = {
    **{name: name for name in PRIORITIES},
    "низкий": "low",
    "обычный": "normal",
    "высокий": "high",
    "срочно": "urgent",
}

_DUE_KEYS = ("due:", "срок:")
# Punctuation that ends a sentence or clause sticks to the last word ("ask @alice, then …").
_TRAILING = r"""([.,;:!?)\]}»"'…]*)"""
_MENTION = re.compile(r"@(\w[\w.-]*?)" + _TRAILING)
# A tag starts with a letter or _ so that "+3" and "+3d" stay ordinary title text.
_TAG = re.compile(r"\+([^\W\d][\w.:-]*?)" + _TRAILING)
_ESCAPABLE = ("@", "+", "!", "\\")
_WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass(frozen=True, slots=True)
class Capture:
    title: str
    mentions: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    due: date | datetime | None = None
    priority: str | None = None


def parse_capture(text: str | Sequence[str], *, now: datetime) -> Capture:
    """Split a capture line into title, mentions, tags, due date and priority.

    A ``str`` is split on whitespace. A sequence is argv: a word with whitespace inside was
    quoted by the user and is title text, unless it is ``due:`` directly followed by a value
    (``due:"01.12 15:00"`` reaches us as one word).
    """
    title: list[str] = []
    mentions: dict[str, str] = {}
    tags: dict[str, None] = {}
    due: date | datetime | None = None
    priority: str | None = None
    for word, position in _words(text):
        if _is_quoted_phrase(word):
            title.append(" ".join(word.split()))
            continue
        if due_value := _due_value(word):
            try:
                due = parse_date(due_value, now=now)
            except GrammarError as exc:
                raise exc.located(word, position) from None
            continue
        if word.casefold() in _DUE_KEYS:
            raise GrammarError(
                f'"{word}" needs a date right after the colon, e.g. due:fri',
                token=word,
                position=position,
                expected="a date",
            )
        if word.startswith("!") and word[1:].casefold() in PRIORITY_ALIASES:
            priority = PRIORITY_ALIASES[word[1:].casefold()]
        elif m := _MENTION.fullmatch(word):
            mentions.setdefault(m[1].casefold(), m[1])
        elif m := _TAG.fullmatch(word):
            tags[m[1].lower()] = None
        else:
            title.append(_unescape(word))
    joined = " ".join(title)
    if not joined:
        raise GrammarError("a task needs a title", expected="some title text")
    return Capture(joined, tuple(mentions.values()), tuple(tags), due, priority)


def describe(capture: Capture, tz: tzinfo) -> str:
    """One-line preview: ``“Fix login” → @alice · +bug · due Fri 2026-12-04 · !high``."""
    parts = [f"@{name}" for name in capture.mentions]
    parts += [f"+{name}" for name in capture.tags]
    if capture.due is not None:
        weekday = _WEEKDAY_NAMES[local_day(capture.due, tz).weekday()]
        parts.append(f"due {weekday} {format_due(capture.due, tz)}")
    if capture.priority is not None:
        parts.append(f"!{capture.priority}")
    head = f"“{capture.title}”"
    return f"{head} → {' · '.join(parts)}" if parts else head


def _words(text: str | Sequence[str]) -> Iterator[tuple[str, int]]:
    """Words with their character offset (argv offsets count one space between words)."""
    if isinstance(text, str):
        for m in re.finditer(r"\S+", text):
            yield m[0], m.start()
        return
    offset = 0
    for word in text:
        if word.strip():
            yield word, offset
        offset += len(word) + 1


def _is_quoted_phrase(word: str) -> bool:
    return any(c.isspace() for c in word) and _due_value(word) is None


def _due_value(word: str) -> str | None:
    folded = word.casefold()
    for key in _DUE_KEYS:
        if folded.startswith(key) and len(word) > len(key) and not word[len(key)].isspace():
            return word[len(key) :]
    return None


def _unescape(word: str) -> str:
    rest = word[1:]
    if word.startswith("\\") and (rest.startswith(_ESCAPABLE) or _due_value(rest) is not None):
        return rest
    return word
