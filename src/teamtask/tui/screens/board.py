"""Board: tasks of one workflow in columns by status (the form's statuses with
`form:KEY` in the filter, the plain ones otherwise).

Moving a card repaints at once and writes in the background: the move is the user's
intent and the board should follow the hand. If the service refuses (a required field,
someone changed the task meanwhile) the board reloads and says why.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import OptionList

from teamtask.domain.errors import DomainError
from teamtask.tui import keys
from teamtask.tui.backend import environment_problem
from teamtask.tui.screens.task_actions import TaskActionsScreen
from teamtask.tui.widgets.board_column import BoardColumn, CardList, Lanes
from teamtask.tui.widgets.filter_bar import FilterBar
from teamtask.tui.widgets.plain import Plain

if TYPE_CHECKING:
    from teamtask.services.board import Column
    from teamtask.store.tasks import TaskRecord

CARDS = 15  # per column: a screenful; the title says how many more there are


class BoardScreen(TaskActionsScreen):
    MODE = "board"
    BINDINGS = keys.BOARD
    AUTO_FOCUS = ""  # the first card, once painted; not the filter bar

    def __init__(self) -> None:
        super().__init__()
        self.text = ""
        self.selected_id: int | None = None
        self.current_status: str | None = None  # the column the keys act on
        self.statuses: tuple[str, ...] = ()
        self.signature: tuple | None = None
        self.loads = 0
        self.last_move_ms: float | None = None

    def compose_body(self) -> ComposeResult:
        with Vertical(id="board", classes="body"):
            yield FilterBar(
                placeholder="/ filter the board: @me +client form:invoice",
                id="board-filter",
            )
            yield Lanes(id="columns")
            yield Plain(
                "H/L or shift+←/→ move the card · click a card, then a column's title · "
                "enter opens",
                classes="summary",
            )

    # -- loading ------------------------------------------------------------------------
    def focus_filter(self) -> bool:
        self.query_one(FilterBar).input.focus()
        return True

    def action_leave_filter(self) -> None:
        self._restore_selection(force_focus=True)

    def on_filter_bar_applied(self, event: FilterBar.Applied) -> None:
        self.text = event.text
        self.reload()

    def reload(self) -> None:
        self._load(self.text)

    @work(exclusive=True, group="load")
    async def _load(self, text: str) -> None:
        from teamtask.services.board import build_board

        bar = self.query_one(FilterBar)
        try:
            columns = await self.tapp.backend.call(build_board, text, cards=CARDS)
        except Exception as exc:
            if isinstance(exc, DomainError) and environment_problem(exc) is None:
                bar.show_error(exc)  # type: ignore[arg-type]
            else:
                self.tapp.report(exc)
            return
        bar.show_error(None)
        await self._paint(columns)
        self.loads += 1

    async def _paint(self, columns: list[Column]) -> None:
        signature = tuple(
            (c.status, c.total, tuple((r.id, r.version) for r in c.cards)) for c in columns
        )
        if signature == self.signature:
            return
        self.signature = signature
        ctx = self.tapp.ctx
        today = ctx.local_now().date()
        statuses = tuple(c.status for c in columns)
        if statuses != self.statuses:
            container = self.query_one(Lanes)
            await container.remove_children()
            await container.mount_all(BoardColumn(c) for c in columns)
            self.statuses = statuses
            for widget in self._columns():
                widget.show(None, ctx.tz, today)
        else:
            for widget, column in zip(self._columns(), columns, strict=True):
                widget.show(column, ctx.tz, today)
        self._restore_selection()

    def _columns(self) -> list[BoardColumn]:
        return list(self.query(BoardColumn))

    def _restore_selection(self, *, force_focus: bool = False) -> None:
        """Keep the same task selected across reloads, wherever it went."""
        typing = self.query_one(FilterBar).input.has_focus
        columns = self._columns()
        holder = next((c for c in columns if self.selected_id is not None
                       and self.selected_id in [r.id for r in c.records]), None)  # fmt: skip
        if holder is None:
            holder = next((c for c in columns if c.records), None)
            if holder is None:
                return
            self.selected_id = holder.records[0].id
        self._make_current(holder)
        holder.highlight(self.selected_id)  # type: ignore[arg-type]
        if force_focus or not typing:
            self.query_one(Lanes).focus()

    def _make_current(self, column: BoardColumn) -> None:
        self.current_status = column.status
        for other in self._columns():
            other.set_current(other is column)

    def _current(self) -> BoardColumn | None:
        return next((c for c in self._columns() if c.status == self.current_status), None)

    # -- selection ------------------------------------------------------------------------
    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        current = self._current()
        if current is not None and event.option_list is current.cards and event.option.id:
            self.selected_id = int(event.option.id)

    def on_card_list_picked(self, event: CardList.Picked) -> None:
        column = event.cards.parent
        if isinstance(column, BoardColumn):
            self._make_current(column)
            record = column.selected()
            self.selected_id = record.id if record else None
        self.query_one(Lanes).focus()

    # -- keyboard navigation --------------------------------------------------------------
    def action_focus_card(self, step: int) -> None:
        current = self._current()
        if current is None:
            self._restore_selection(force_focus=True)
            return
        cards = current.cards
        cards.action_cursor_down() if step > 0 else cards.action_cursor_up()
        record = current.selected()
        self.selected_id = record.id if record else self.selected_id

    def action_focus_column(self, step: int) -> None:
        columns = self._columns()
        current = self._current()
        if current is None:
            self._restore_selection(force_focus=True)
            return
        row = current.cards.highlighted or 0
        index = columns.index(current) + step
        while 0 <= index < len(columns):
            target = columns[index]
            if target.records:
                self._make_current(target)
                target.cards.highlighted = min(row, len(target.records) - 1)
                self.selected_id = target.records[target.cards.highlighted].id
                return
            index += step

    # -- moving cards ---------------------------------------------------------------------
    def action_move_card(self, step: int) -> None:
        columns = self._columns()
        source = self._current()
        if source is None or source.selected() is None:
            self.notify("Select a card first.", severity="warning")
            return
        target = columns.index(source) + step
        if 0 <= target < len(columns):
            self._move(source, columns[target])

    def on_board_column_clicked(self, event: BoardColumn.Clicked) -> None:
        source = self._current()
        if source is not None and event.column is not source and source.selected() is not None:
            self._move(source, event.column)

    def _move(self, source: BoardColumn, target: BoardColumn) -> None:
        started = time.perf_counter()
        record = source.selected()
        if record is None:
            return
        ctx = self.tapp.ctx
        today = ctx.local_now().date()
        source.take(record.id)
        target.put(record)
        target.show(None, ctx.tz, today)
        self._make_current(target)
        target.highlight(record.id)
        self.selected_id = record.id
        self.signature = None  # the next reload must repaint whatever it finds

        def painted() -> None:
            self.last_move_ms = (time.perf_counter() - started) * 1000

        self.call_after_refresh(painted)
        self._write_move(record, target.status, target.title)

    @work(group="write")
    async def _write_move(self, record: TaskRecord, status: str, title: str) -> None:
        from teamtask.services.tasks import move_task

        try:
            record.version = await self.tapp.backend.call(
                move_task, record.id, status, expected_version=record.version
            )
        except Exception as exc:
            self.tapp.report(exc)
            self.signature = None
            self.reload()
            return
        record.status = status
        self.notify(f"#{record.id} → {title}")
        self.tapp.data_changed()

    def selected_task(self) -> TaskRecord | None:
        current = self._current()
        return current.selected() if current is not None else None
