"""Durations for estimates and time logs, always counted in whole minutes.

Days are deliberately not a unit: whether ``1d`` means 8 or 24 hours depends on who asks.
"""

from __future__ import annotations

import re

from teamtask.domain.errors import GrammarError

DURATION_HELP = "45m, 1h, 1h30m, 1.5h, 1ч30м or 90 (minutes)"

# Six digits per part keeps every result inside a 32-bit integer column.
_NUMBER = r"([0-9]{1,6})(?:[.,]([0-9]{1,4}))?"
_DURATION = re.compile(rf"(?:{_NUMBER}\s*(?:h|ч))?\s*(?:{_NUMBER}\s*(?:min|m|мин|м))?")
_BARE_MINUTES = re.compile(r"[0-9]{1,9}")


def parse_duration(text: str) -> int:
    """Minutes in ``text``; a bare number means minutes. Fractions round to the nearest minute."""
    word = text.strip().casefold()
    negative = word.startswith("-")
    if negative:
        word = word[1:].lstrip()
    if _BARE_MINUTES.fullmatch(word):
        minutes = int(word)
    elif word and (m := _DURATION.fullmatch(word)):
        minutes = _minutes(m[1], m[2], 60) + _minutes(m[3], m[4], 1)
    else:
        raise _not_a_duration(text, f"expected {DURATION_HELP}")
    if minutes <= 0 or negative:
        raise _not_a_duration(text, "it must be longer than zero")
    return minutes


def format_minutes(minutes: int) -> str:
    """The shortest form ``parse_duration`` reads back: ``1h30m``, ``2h``, ``45m``, ``0m``."""
    if minutes < 0:
        return "-" + format_minutes(-minutes)
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest}m"
    return f"{hours}h{rest}m" if rest else f"{hours}h"


def _minutes(whole: str | None, fraction: str | None, per_unit: int) -> int:
    if whole is None:
        return 0
    # Integer arithmetic on the typed digits: 1.1h is exactly 66 minutes, no float drift.
    scale = 10 ** len(fraction or "")
    scaled = int(whole) * scale + int(fraction or 0)
    return (scaled * per_unit * 2 + scale) // (2 * scale)


def _not_a_duration(text: str, detail: str) -> GrammarError:
    stripped = text.strip()
    shown = stripped if len(stripped) <= 40 else stripped[:39] + "…"
    return GrammarError(
        f'"{shown}" is not a duration: {detail}',
        token=stripped,
        position=len(text) - len(text.lstrip()),
        expected=DURATION_HELP,
    )
