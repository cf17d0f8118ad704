"""Registry: every task, through the filter language, a page at a time.

Never the whole table: a page is `select_ids(limit, offset)` + `load_records` (three
batched queries), the next page loads when the cursor or the scroll nears the end, and
the total is counted in a separate worker so the rows never wait for the count.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.widgets import DataTable, Static

from teamtask.domain.errors import DomainError, Invalid
from teamtask.tui import keys
from teamtask.tui.backend import environment_problem
from teamtask.tui.screens.task_actions import TaskActionsScreen
from teamtask.tui.widgets.filter_bar import FilterBar
from teamtask.tui.widgets.plain import Plain
from teamtask.tui.widgets.task_table import TaskTable, columns_for
from teamtask.tui.widgets.views_list import ViewsList

if TYPE_CHECKING:
    from teamtask.domain.filters import Node
    from teamtask.domain.forms import FormDef
    from teamtask.services.context import Context
    from teamtask.store.tasks import TaskRecord

PAGE = 100
MORE_WHEN_WITHIN = 20  # rows from the end of what is loaded
SORTS = ("due", "-priority", "-updated", "id", "title")


@dataclass
class Query:
    text: str
    node: Any
    sort: str | None


def fetch_page(
    ctx: Context, node: Node | None, sort: str | None, limit: int, offset: int
) -> tuple[list[TaskRecord], FormDef | None]:
    from teamtask.services.board import form_in_filter
    from teamtask.services.queries import select_ids
    from teamtask.store.tasks import load_records

    form_key = form_in_filter(node)
    form = None
    if form_key:
        from teamtask.services.forms import form_definition

        form = form_definition(ctx, form_key)
    ids = select_ids(ctx, node, sort=sort, limit=limit, offset=offset)
    return load_records(ctx.db, ids), form


class RegistryScreen(TaskActionsScreen):
    MODE = "registry"
    BINDINGS = keys.REGISTRY
    AUTO_FOCUS = "#registry-table"

    def __init__(self) -> None:
        super().__init__()
        self.query_state = Query("", None, None)
        self.records: list[TaskRecord] = []
        self.exhausted = False
        self.form: FormDef | None = None
        self.total: int | None = None
        self.loads = 0  # completed loads, for tests and the bench
        self.painted_at = 0.0  # perf_counter() after the last load reached the screen

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="registry", classes="body"):
            yield ViewsList(id="views")
            with Vertical(id="registry-main"):
                yield FilterBar(
                    placeholder="/ filter: @me +bug due.before:eow form:invoice total>10000",
                    id="registry-filter",
                )
                yield TaskTable(id="registry-table")
                yield Plain("", id="registry-status", classes="summary")

    def on_mount(self) -> None:
        table = self.query_one(TaskTable)
        self.watch(table, "scroll_y", self._maybe_more, init=False)
        self._apply("")
        self.tapp.data_screens.add(self)
        self._load_views()

    # -- filter ---------------------------------------------------------------------------
    def focus_filter(self) -> bool:
        self.query_one(FilterBar).input.focus()
        return True

    def action_leave_filter(self) -> None:
        self.query_one(TaskTable).focus()

    def on_filter_bar_applied(self, event: FilterBar.Applied) -> None:
        self._apply(event.text)

    def _apply(self, text: str) -> None:
        from teamtask.domain import filters as f
        from teamtask.services.queries import with_default_status

        bar = self.query_one(FilterBar)
        try:
            node = with_default_status(f.parse_filter(text, now=self.tapp.ctx.local_now()))
        except Invalid as exc:
            bar.show_error(exc)
            return
        self.query_state = Query(text, node, self.query_state.sort)
        self._load(reset=True)

    def on_views_list_picked(self, event: ViewsList.Picked) -> None:
        self.query_one(FilterBar).set_text(event.filter_text)
        self.query_one(TaskTable).focus()

    # -- loading --------------------------------------------------------------------------
    def reload(self) -> None:
        self._load(reset=False, keep=True)
        self._load_views()

    @work(exclusive=True, group="load")
    async def _load(self, *, reset: bool, keep: bool = False) -> None:
        state = self.query_state
        bar = self.query_one(FilterBar)
        if keep:
            limit, offset = max(PAGE, len(self.records)), 0
        else:
            limit, offset = PAGE, 0 if reset else len(self.records)
        try:
            records, form = await self.tapp.backend.call(
                fetch_page, state.node, state.sort, limit, offset
            )
        except Exception as exc:
            if isinstance(exc, DomainError) and environment_problem(exc) is None:
                bar.show_error(exc)  # type: ignore[arg-type]
            else:
                self.tapp.report(exc)
            return
        bar.show_error(None)
        self._show(records, form, append=not (reset or keep), keep_cursor=keep)
        self.exhausted = len(records) < limit
        self.call_after_refresh(self._painted)
        if reset or keep:
            self._count(state)
        self.loads += 1

    def _show(
        self, records: list[TaskRecord], form: FormDef | None, *, append: bool, keep_cursor: bool
    ) -> None:
        table = self.query_one(TaskTable)
        ctx = self.tapp.ctx
        today = ctx.local_now().date()
        cursor = table.cursor_row
        scroll = table.scroll_y
        current = self.selected_task()
        if append:
            self.records.extend(records)
        else:
            self.form = form
            self.records = list(records)
            table.set_columns(columns_for(form), self.query_state.sort)
            table.clear()
        table.add_records(records, ctx.tz, today)
        if keep_cursor and table.row_count:
            # Stay on the same task, wherever the reload put it (its due date may have
            # moved it); fall back to the same row when it left the list.
            ids = [r.id for r in self.records]
            row = ids.index(current.id) if current and current.id in ids else cursor
            table.move_cursor(row=min(row, table.row_count - 1), scroll=False)
            if row == cursor:
                table.scroll_y = scroll
        elif not append and table.row_count:
            table.move_cursor(row=0)
        self._update_status()

    def _painted(self) -> None:
        self.painted_at = time.perf_counter()

    @work(exclusive=True, group="count")
    async def _count(self, state: Query) -> None:
        from teamtask.services.queries import count

        try:
            total = await self.tapp.backend.call_slow(count, state.node)
        except Exception as exc:
            self.tapp.report(exc)
            return
        if state is self.query_state:
            self.total = total
            self._update_status()

    def _update_status(self) -> None:
        shown = len(self.records)
        total = "…" if self.total is None else f"{self.total:,}"
        sort = self.query_state.sort or "due"
        parts = [f"{shown:,} of {total} tasks", f"sorted by {sort}"]
        if self.form is not None:
            parts.append(f"form {self.form.key}")
        parts.append("click a column title to sort · s saves the filter as a view")
        try:
            status = self.query_one("#registry-status", Static)
        except NoMatches:
            return  # the screen is being closed: a count that ends now has nowhere to show
        status.update(" · ".join(parts))

    def _maybe_more(self, *_args: Any) -> None:
        table = self.query_one(TaskTable)
        near_end = table.cursor_row >= table.row_count - MORE_WHEN_WITHIN
        scrolled_down = table.max_scroll_y and table.scroll_y >= table.max_scroll_y - 3
        if self.exhausted or not self.records or not (near_end or scrolled_down):
            return
        if any(w.group == "load" and not w.is_finished for w in self.workers):
            return
        self._load(reset=False)

    def on_data_table_row_highlighted(self, _event: DataTable.RowHighlighted) -> None:
        self._maybe_more()

    def on_data_table_row_selected(self, _event: DataTable.RowSelected) -> None:
        self.action_open_task()

    # -- sorting --------------------------------------------------------------------------
    def on_data_table_header_selected(self, event: DataTable.HeaderSelected) -> None:
        key = str(event.column_key.value)
        if key == "tags":
            self.notify("Tags cannot be sorted; pick another column.", severity="warning")
            return
        current = self.query_state.sort or "due"
        self._sort_by(f"-{key}" if current == key else key)

    def action_cycle_sort(self) -> None:
        current = self.query_state.sort or "due"
        following = SORTS[(SORTS.index(current) + 1) % len(SORTS)] if current in SORTS else SORTS[0]
        self._sort_by(following)

    def _sort_by(self, sort: str) -> None:
        state = self.query_state
        self.query_state = Query(state.text, state.node, sort)
        self._load(reset=True)

    # -- views ----------------------------------------------------------------------------
    @work(exclusive=True, group="views")
    async def _load_views(self) -> None:
        from teamtask.services.views import list_views

        try:
            views = await self.tapp.backend.call(list_views)
        except Exception as exc:
            self.tapp.report(exc)
            return
        self.query_one(ViewsList).show(views)

    def action_save_view(self) -> None:
        from teamtask.services.views import save_view
        from teamtask.tui.screens.prompt import PromptScreen

        text = self.query_state.text.strip()
        if not text:
            self.notify("Type a filter first; the view saves it.", severity="warning")
            return

        async def submit(name: str) -> str:
            saved = await self.tapp.backend.call(save_view, name.strip(), text)
            return f"view {name.strip()} saved: {saved}"

        self.app.push_screen(
            PromptScreen(
                f"Save “{text}” as a view",
                submit=submit,
                placeholder="view name (letters, digits, _ . -)",
            )
        )

    # -- the current task -----------------------------------------------------------------
    def selected_task(self) -> TaskRecord | None:
        table = self.query_one(TaskTable)
        if not table.row_count or table.cursor_row >= len(self.records):
            return None
        return self.records[table.cursor_row]
