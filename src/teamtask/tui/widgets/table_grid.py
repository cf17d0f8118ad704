"""An editable grid for a table field (invoice items): enter edits a cell in the line
under the grid, ctrl+n adds a row, ctrl+d deletes one. Cells hold text as typed; the
form's column types are checked by `validate_value` like any other field."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Input

from teamtask.tui import keys
from teamtask.tui.present import value_text

if TYPE_CHECKING:
    from teamtask.domain.forms import FieldDef


class Grid(DataTable):
    BINDINGS = keys.GRID

    class EditCell(Message):
        pass

    class AddRow(Message):
        pass

    class DeleteRow(Message):
        pass

    def action_edit_cell(self) -> None:
        self.post_message(self.EditCell())

    def action_add_row(self) -> None:
        self.post_message(self.AddRow())

    def action_delete_row(self) -> None:
        self.post_message(self.DeleteRow())


class TableGrid(Vertical):
    class Changed(Message):
        pass

    def __init__(self, field: FieldDef, rows: list[dict[str, Any]] | None) -> None:
        super().__init__(classes="table-grid")
        self.field = field
        self.rows: list[dict[str, str]] = [
            {c.key: value_text(row.get(c.key)) for c in field.columns} for row in rows or []
        ]
        self._editing: tuple[int, int] | None = None

    def compose(self) -> ComposeResult:
        yield Grid(cursor_type="cell")
        yield Input(classes="cell-editor", placeholder="enter edits the cell · ctrl+n adds a row")

    def on_mount(self) -> None:
        grid = self.query_one(Grid)
        for column in self.field.columns:
            grid.add_column(Text(column.title), key=column.key)
        self._redraw()

    def _redraw(self) -> None:
        grid = self.query_one(Grid)
        cursor = grid.cursor_coordinate
        grid.clear()
        for row in self.rows:
            grid.add_row(*(Text(row.get(c.key, "")) for c in self.field.columns))
        if grid.row_count:
            grid.move_cursor(row=min(cursor.row, grid.row_count - 1), column=cursor.column)

    def value(self) -> list[dict[str, str]]:
        return [dict(row) for row in self.rows if any(v.strip() for v in row.values())]

    def set_value(self, rows: list[dict[str, Any]] | None) -> None:
        self.rows = [
            {c.key: value_text(r.get(c.key)) for c in self.field.columns} for r in rows or []
        ]
        self._redraw()

    def on_grid_add_row(self, event: Grid.AddRow) -> None:
        event.stop()
        self.rows.append({c.key: "" for c in self.field.columns})
        self._redraw()
        grid = self.query_one(Grid)
        grid.move_cursor(row=len(self.rows) - 1, column=0)
        self.post_message(self.Changed())

    def on_grid_delete_row(self, event: Grid.DeleteRow) -> None:
        event.stop()
        grid = self.query_one(Grid)
        if self.rows:
            del self.rows[min(grid.cursor_row, len(self.rows) - 1)]
            self._redraw()
            self.post_message(self.Changed())

    def on_grid_edit_cell(self, event: Grid.EditCell) -> None:
        event.stop()
        grid = self.query_one(Grid)
        if not self.rows:
            self.on_grid_add_row(Grid.AddRow())
        row, column = grid.cursor_coordinate
        key = self.field.columns[column].key
        self._editing = (row, column)
        editor = self.query_one(".cell-editor", Input)
        editor.placeholder = f"{self.field.columns[column].title}, row {row + 1}"
        editor.value = self.rows[row].get(key, "")
        editor.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if not event.input.has_class("cell-editor"):
            return
        event.stop()
        if self._editing is not None:
            row, column = self._editing
            self.rows[row][self.field.columns[column].key] = event.value
            self._editing = None
            self._redraw()
            event.input.value = ""
            self.query_one(Grid).focus()
            self.post_message(self.Changed())

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()  # the grid reports its own change on submit
