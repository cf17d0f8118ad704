"""A form task's fields; table fields (invoice items) as real tables."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from teamtask.tui.present import value_text

if TYPE_CHECKING:
    from teamtask.domain.forms import FieldDef, FormDef


def _table_field(field: FieldDef, rows: list[dict[str, Any]]) -> Table:
    table = Table(title=Text(field.title), title_justify="left", box=box.SIMPLE_HEAD, expand=False)
    for column in field.columns:
        right = column.type in ("number", "money")
        table.add_column(Text(column.title), justify="right" if right else "left")
    for row in rows:
        table.add_row(*(Text(value_text(row.get(c.key))) for c in field.columns))
    if not rows:
        table.add_row(*("" for _ in field.columns))
    return table


def fields_renderable(form: FormDef, values: dict[str, Any]) -> RenderableType:
    scalars = Table.grid(padding=(0, 2))
    scalars.add_column(style="dim", no_wrap=True)
    scalars.add_column()
    tables: list[RenderableType] = []
    for field in form.fields:
        value = values.get(field.key)
        if field.type == "table":
            tables.append(_table_field(field, value or []))
            continue
        shown = value_text(value) if value not in (None, "") else "—"
        scalars.add_row(
            Text(field.title), Text(shown, style="" if value not in (None, "") else "dim")
        )
    return Group(Text(form.title, style="bold"), scalars, *tables)


class FieldsView(Static):
    def __init__(self, form: FormDef, values: dict[str, Any]) -> None:
        super().__init__(fields_renderable(form, values), classes="task-section")
