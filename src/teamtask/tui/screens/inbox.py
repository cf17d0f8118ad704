"""Inbox, the start screen: what needs me, grouped by reason, each group by due date."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.css.query import NoMatches
from textual.widgets import DataTable, Static

from teamtask.tui.present import due_text, person, priority_text
from teamtask.tui.screens.task_actions import TaskActionsScreen
from teamtask.tui.widgets.plain import Plain
from teamtask.tui.widgets.task_table import literal

if TYPE_CHECKING:
    from teamtask.services.queries import InboxEntry
    from teamtask.store.tasks import TaskRecord

COLUMNS = ("#", "Status", "Due", "Priority", "Assignee", "Group", "Title")


def by_due(record: TaskRecord) -> tuple[bool, date, int]:
    day = record.due.date() if hasattr(record.due, "hour") else record.due  # type: ignore[union-attr]
    return (day is None, day or date.max, record.id)  # type: ignore[return-value]


class InboxScreen(TaskActionsScreen):
    MODE = "inbox"

    def __init__(self) -> None:
        super().__init__()
        self.records: dict[int, TaskRecord] = {}
        self.loaded = False

    def compose_body(self) -> ComposeResult:
        with Vertical(id="inbox", classes="body"):
            yield Plain("Loading your inbox…", id="inbox-summary", classes="summary")
            yield DataTable(id="inbox-table", cursor_type="row")

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns(*COLUMNS)
        super().on_mount()

    def reload(self) -> None:
        self._load()

    @work(exclusive=True, group="load")
    async def _load(self) -> None:
        from teamtask.services.queries import inbox

        try:
            entries = await self.tapp.backend.call(inbox)
        except Exception as exc:
            self.tapp.report(exc)
            return
        self._paint(entries)

    def _paint(self, entries: list[InboxEntry]) -> None:
        from teamtask.services.queries import INBOX_REASONS

        try:
            table = self.query_one(DataTable)
            summary = self.query_one("#inbox-summary", Static)
        except NoMatches:
            return  # the screen is being closed: a load that ends now has nowhere to show
        keep = self._cursor_key()
        ctx = self.tapp.ctx
        today = ctx.local_now().date()
        table.clear()
        self.records = {e.record.id: e.record for e in entries}
        for reason, title in INBOX_REASONS.items():
            group = sorted((e.record for e in entries if e.reason == reason), key=by_due)
            if not group:
                continue
            label = Text(f"{title} ({len(group)})", style="bold")
            table.add_row("", "", "", "", "", "", label, key=f"reason:{reason}")
            for r in group:
                table.add_row(
                    *map(literal, (
                        str(r.id),
                        r.status,
                        due_text(r.due, ctx.tz, today),
                        priority_text(r.priority),
                        person(r.assignee) if r.assignee else "",
                        r.group or "",
                        r.title,
                    )),
                    key=f"task:{r.id}",
                )  # fmt: skip
        if entries:
            summary.update(f"{len(entries)} tasks need you · enter opens · ? lists every key")
        else:
            summary.update("Inbox zero: nothing needs you. Press 2 for the registry.")
        self._restore_cursor(keep)
        self.loaded = True

    def _cursor_key(self) -> str | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def _restore_cursor(self, key: str | None) -> None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return
        if key is not None and key in table.rows:
            table.move_cursor(row=table.get_row_index(key))
        elif table.row_count > 1:
            table.move_cursor(row=1)  # the first task, not the first group's title

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        key = event.row_key.value or ""
        if key.startswith("reason:") and event.cursor_row + 1 < event.data_table.row_count:
            # Group titles are not tasks: step over them in the direction of travel.
            previous = getattr(self, "_last_row", 0)
            step = -1 if event.cursor_row < previous and event.cursor_row > 0 else 1
            event.data_table.move_cursor(row=event.cursor_row + step)
        self._last_row = event.cursor_row

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if (event.row_key.value or "").startswith("task:"):
            self.action_open_task()

    def selected_task(self) -> TaskRecord | None:
        key = self._cursor_key()
        if key is None or not key.startswith("task:"):
            return None
        return self.records.get(int(key.split(":", 1)[1]))
