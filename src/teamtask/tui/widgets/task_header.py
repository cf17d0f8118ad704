"""The top of the task view: title and the facts people scan first."""

from __future__ import annotations

from datetime import date, tzinfo
from typing import TYPE_CHECKING

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from teamtask.tui.present import due_text, person, priority_text, stamp

if TYPE_CHECKING:
    from teamtask.store.tasks import TaskRecord


def header_renderable(r: TaskRecord, tz: tzinfo, today: date) -> Group:
    title = Text(f"#{r.id} ", style="bold")
    title.append(r.title, style="bold")
    status = Text(r.status, style="bold green" if not r.closed else "dim")
    if r.closed:
        status.append(" (closed)", style="dim")
    grid = Table.grid(padding=(0, 2))
    for _ in range(4):
        grid.add_column(style="dim", no_wrap=True)
        grid.add_column()

    def t(value: str) -> Text:
        return Text(value)  # people's data, never console markup

    grid.add_row(
        "status", status,
        "assignee", t(person(r.assignee)),
        "due", due_text(r.due, tz, today) if r.due else t("—"),
        "priority", priority_text(r.priority),
    )  # fmt: skip
    grid.add_row(
        "group", t(r.group or "—"),
        "requester", t(r.requester.label if r.requester else "—"),
        "author", t(person(r.author)),
        "form", t(f"{r.form} v{r.form_version}" if r.form else "—"),
    )  # fmt: skip
    grid.add_row(
        "tags", t(" ".join("+" + tag for tag in r.tags) or "—"),
        "watchers", t(" ".join("@" + w for w in r.watchers) or "—"),
        "created", stamp(r.created_at, tz),
        "updated", stamp(r.updated_at, tz),
    )  # fmt: skip
    return Group(title, grid)


class TaskHeader(Static):
    def __init__(self, record: TaskRecord, tz: tzinfo, today: date) -> None:
        super().__init__(header_renderable(record, tz, today), classes="task-header")
