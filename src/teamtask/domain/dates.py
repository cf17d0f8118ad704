"""Dates as people type them: ``fri``, ``+3d``, ``2026-12-01 15:00``, ``01.12``, ``завтра``.

Day-only input yields a ``date``; input with a time of day yields an aware ``datetime`` in UTC,
because stored instants are UTC while a typed time means the user's own clock (``now.tzinfo``).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo

from teamtask.domain.errors import GrammarError

DATE_HELP = (
    "today, tomorrow, mon…sun, eow, eom, eoy, +3d, +2w, +1m, -2d, "
    "2026-12-01, 2026-12-01 15:00, 01.12.2026, 01.12 or завтра, пт"
)

_DAY_OFFSETS = {
    "today": 0,
    "tomorrow": 1,
    "yesterday": -1,
    "сегодня": 0,
    "завтра": 1,
    "вчера": -1,
    "послезавтра": 2,
}

_WEEKDAYS = {
    "mon": 0, "monday": 0,
    "tue": 1, "tues": 1, "tuesday": 1,
    "wed": 2, "wednesday": 2,
    "thu": 3, "thur": 3, "thurs": 3, "thursday": 3,
    "fri": 4, "friday": 4,
    "sat": 5, "saturday": 5,
    "sun": 6, "sunday": 6,
    "пн": 0, "понедельник": 0,
    "вт": 1, "вторник": 1,
    "ср": 2, "среда": 2, "среду": 2,
    "чт": 3, "четверг": 3,
    "пт": 4, "пятница": 4, "пятницу": 4,
    "сб": 5, "суббота": 5, "субботу": 5,
    "вс": 6, "воскресенье": 6,
}  # fmt: skip

# [0-9] rather than \d: \d also matches Arabic-Indic and other digits that int() accepts,
# and bounded repeats keep int() far away from its 4300-digit limit.
_RELATIVE = re.compile(r"([+-])([0-9]{1,5})([dwmy])")
_ISO = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})"
    r"(?:(?:t|\s+)([0-9]{1,2}):([0-9]{2})(?::([0-9]{2})(?:\.([0-9]{1,6}))?)?"
    r"(z|[+-][0-9]{2}:?[0-9]{2})?)?"
)
_DOTTED = re.compile(
    r"([0-9]{1,2})\.([0-9]{1,2})(?:\.([0-9]{4}|[0-9]{2}))?(?:\s+([0-9]{1,2}):([0-9]{2}))?"
)

_SHOWN_LIMIT = 40


def parse_date(text: str, *, now: datetime) -> date | datetime:
    """Parse one date as typed by a user whose clock currently reads ``now``."""
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    stripped = text.strip()
    word = stripped.casefold()
    try:
        result = _parse_word(word, now)
    except (ValueError, OverflowError) as exc:
        raise _not_a_date(text, stripped, reason=_reason(exc)) from None
    if result is None:
        raise _not_a_date(text, stripped, reason=None)
    return result


def format_due(value: date | datetime, tz: tzinfo) -> str:
    """``2026-12-01`` for a day, ``2026-12-01 15:00`` (in ``tz``) for an instant."""
    if isinstance(value, datetime):
        local = _as_aware(value).astimezone(tz)
        return f"{local.date().isoformat()} {local.hour:02d}:{local.minute:02d}"
    return value.isoformat()


def local_day(value: date | datetime, tz: tzinfo) -> date:
    """The calendar day ``value`` falls on for someone living in ``tz``."""
    if isinstance(value, datetime):
        return _as_aware(value).astimezone(tz).date()
    return value


def _parse_word(word: str, now: datetime) -> date | datetime | None:
    today = now.date()
    if word in ("now", "сейчас"):
        return now.astimezone(UTC)
    if word in _DAY_OFFSETS:
        return today + timedelta(days=_DAY_OFFSETS[word])
    if word in _WEEKDAYS:
        ahead = (_WEEKDAYS[word] - today.weekday()) % 7 or 7
        return today + timedelta(days=ahead)
    if word == "eow":
        return today + timedelta(days=6 - today.weekday())
    if word == "eom":
        return today.replace(day=_days_in_month(today.year, today.month))
    if word == "eoy":
        return today.replace(month=12, day=31)
    if m := _RELATIVE.fullmatch(word):
        return _shift(today, int(m[2]) * (1 if m[1] == "+" else -1), m[3])
    if m := _ISO.fullmatch(word):
        return _iso(m, now)
    if m := _DOTTED.fullmatch(word):
        return _dotted(m, now)
    return None


def _shift(day: date, amount: int, unit: str) -> date:
    if unit == "d":
        return day + timedelta(days=amount)
    if unit == "w":
        return day + timedelta(weeks=amount)
    months = amount * (12 if unit == "y" else 1)
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    if not 1 <= year <= 9999:
        raise OverflowError("that is too far away")
    return date(year, month, min(day.day, _days_in_month(year, month)))


def _iso(m: re.Match[str], now: datetime) -> date | datetime:
    day = date(int(m[1]), int(m[2]), int(m[3]))
    if m[4] is None:
        return day
    microseconds = int((m[7] or "0").ljust(6, "0"))
    zone: tzinfo = _offset(m[8]) if m[8] else (now.tzinfo or UTC)
    moment = datetime(
        day.year, day.month, day.day, int(m[4]), int(m[5]), int(m[6] or 0),
        microseconds, tzinfo=zone,
    )  # fmt: skip
    return moment.astimezone(UTC)


def _dotted(m: re.Match[str], now: datetime) -> date | datetime:
    year_text = m[3]
    if year_text is None:
        year = now.year
    elif len(year_text) == 2:
        year = 2000 + int(year_text)
    else:
        year = int(year_text)
    day = date(year, int(m[2]), int(m[1]))
    if m[4] is None:
        return day
    moment = datetime(
        day.year, day.month, day.day, int(m[4]), int(m[5]), tzinfo=(now.tzinfo or UTC)
    )
    return moment.astimezone(UTC)


def _offset(text: str) -> tzinfo:
    if text == "z":
        return UTC
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:])
    if hours > 23 or minutes > 59:
        raise ValueError("the UTC offset is out of range")
    sign = 1 if text[0] == "+" else -1
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _days_in_month(year: int, month: int) -> int:
    # Avoids importing calendar (and through it locale) on the `tt add` path.
    if month == 12:
        return 31
    return (date(year, month + 1, 1) - date(year, month, 1)).days


def _as_aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _reason(exc: Exception) -> str:
    # datetime's own messages ("day is out of range for month") are clear enough to show;
    # arithmetic past year 9999 is not.
    if isinstance(exc, OverflowError) or str(exc) == "date value out of range":
        return "that is too far away"
    return str(exc)


def _not_a_date(text: str, stripped: str, *, reason: str | None) -> GrammarError:
    shown = stripped if len(stripped) <= _SHOWN_LIMIT else stripped[: _SHOWN_LIMIT - 1] + "…"
    detail = reason or f"expected {DATE_HELP}"
    return GrammarError(
        f'"{shown}" is not a date: {detail}',
        token=stripped,
        position=len(text) - len(text.lstrip()),
        expected=DATE_HELP,
    )
