"""One timeline of comments and history. Internal notes (yellow, "internal") and public
replies (green, "PUBLIC → requester") must never be mistaken for each other: a client
reads the second kind."""

from __future__ import annotations

import json
from datetime import tzinfo
from typing import TYPE_CHECKING, Any

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.text import Text
from textual.widgets import Static

from teamtask.tui.present import stamp

if TYPE_CHECKING:
    from teamtask.services.queries import TimelineItem


def _plain(value: Any) -> str:
    if value in (None, "", []):
        return "∅"
    if isinstance(value, dict) and "amount" in value:
        return f"{value['amount']} {value.get('currency', '')}".strip()
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def item_renderable(item: TimelineItem, tz: tzinfo) -> RenderableType:
    when = stamp(item.at, tz)
    who = item.who or "system"
    if item.kind == "comment":
        if item.public:
            label, style = "PUBLIC → requester", "green"
        else:
            label, style = "internal", "yellow"
        title = Text.assemble((f"{when} · {who} · ", ""), (label, f"bold {style}"))
        return Panel(Text(item.body), title=title, title_align="left", border_style=style)
    changes = ", ".join(
        f"{key}: {_plain(old)} → {_plain(new)}" for key, (old, new) in item.changes.items()
    )
    line = Text(f"{when} · {who} · {item.body}", style="dim")
    if changes:
        line.append(" " + changes, style="dim italic")
    return line


def timeline_renderable(items: list[TimelineItem], tz: tzinfo) -> RenderableType:
    if not items:
        return Text("No activity yet.", style="dim")
    return Group(Text("Timeline", style="bold"), *(item_renderable(i, tz) for i in items))


class Timeline(Static):
    def __init__(self, items: list[TimelineItem], tz: tzinfo) -> None:
        super().__init__(timeline_renderable(items, tz), classes="task-section timeline")
