"""Attachments and time logged: the small print at the side of a task."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from teamtask.tui.present import minutes_text

if TYPE_CHECKING:
    from teamtask.services.queries import AttachmentInfo
    from teamtask.services.timelog import ReportRow


def facts_renderable(attachments: list[AttachmentInfo], time: list[ReportRow]) -> RenderableType:
    parts: list[RenderableType] = []
    files = Table.grid(padding=(0, 2))
    files.add_column(style="dim")
    files.add_column()
    files.add_column(justify="right", style="dim")
    for a in attachments:
        files.add_row(str(a.id), Text(a.filename), f"{a.size:,} B")
    parts.append(Text(f"Attachments ({len(attachments)})", style="bold"))
    if attachments:
        parts.append(files)
    total = sum(row.minutes for row in time)
    parts.append(Text(f"Time logged: {minutes_text(total) if total else 'none'}", style="bold"))
    if time:
        people = Table.grid(padding=(0, 2))
        people.add_column()
        people.add_column(justify="right")
        for row in time:
            people.add_row(Text(f"@{row.key}"), minutes_text(row.minutes))
        parts.append(people)
    return Group(*parts)


class TaskFacts(Static):
    def __init__(self, attachments: list[AttachmentInfo], time: list[ReportRow]) -> None:
        super().__init__(facts_renderable(attachments, time), classes="task-section facts")
