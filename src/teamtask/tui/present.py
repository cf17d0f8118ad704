"""How values look on screen. Absolute dates only: relative ones ("2 h ago") would make the
same screen differ from one minute to the next, which hurts snapshot tests and, more to
the point, screenshots pasted into a chat an hour later."""

from __future__ import annotations

import json
from datetime import date, datetime, tzinfo
from typing import Any

from rich.text import Text

from teamtask.domain.dates import format_due, local_day

PRIORITY_STYLE = {"urgent": "bold red", "high": "yellow", "normal": "", "low": "dim"}
PRIORITY_MARK = {"urgent": "‼", "high": "!", "normal": "", "low": "↓"}


def due_text(due: date | datetime | None, tz: tzinfo, today: date) -> Text:
    """Due date, red when overdue, bold when today."""
    if due is None:
        return Text("")
    day = local_day(due, tz)
    style = "red" if day < today else "bold" if day == today else ""
    return Text(format_due(due, tz), style=style)


def priority_text(priority: str) -> Text:
    return Text(priority, style=PRIORITY_STYLE.get(priority, ""))


def person(handle: str | None) -> str:
    return f"@{handle}" if handle else "—"


def stamp(moment: datetime, tz: tzinfo) -> str:
    return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M")


def value_text(value: Any) -> str:
    """A form field value in one cell: money with its currency, lists joined."""
    if value is None:
        return ""
    if isinstance(value, dict) and "amount" in value:
        return f"{value['amount']} {value.get('currency', '')}".strip()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        if value and isinstance(value[0], dict):
            return f"{len(value)} rows"
        return ", ".join(map(str, value))
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


def minutes_text(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return f"{hours}h {rest}m"
    return f"{hours}h" if hours else f"{rest}m"
