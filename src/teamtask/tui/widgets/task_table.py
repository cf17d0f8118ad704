"""The registry's table: which columns a list of tasks gets, and how a page is drawn.

Columns follow the filter: `form:invoice` adds the invoice's scalar fields (number,
supplier, total…) after the common ones; tables, long texts and files stay in the
task view, where they have room.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, tzinfo
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.widgets import DataTable

from teamtask.tui.present import due_text, person, priority_text, shorten, value_text

if TYPE_CHECKING:
    from teamtask.domain.forms import FormDef
    from teamtask.store.tasks import TaskRecord

HIDDEN_FIELD_TYPES = {"table", "longtext", "file"}


def literal(cell: Any) -> Any:
    """DataTable parses plain strings as console markup: "[urgent] fix" would lose its
    first word and "[/]" would crash the table. Text is shown as typed."""
    return Text(cell) if isinstance(cell, str) else cell


RIGHT_ALIGNED = {"number", "money"}


@dataclass(frozen=True)
class Column:
    key: str  # also the sort key understood by `order_by`
    label: str
    cell: Callable[[TaskRecord, tzinfo, date], Any]
    width: int | None = None


def _field_cell(key: str, kind: str, width: int) -> Callable[[TaskRecord, tzinfo, date], Any]:
    def cell(r: TaskRecord, _tz: tzinfo, _today: date) -> Any:
        value = shorten(value_text(r.fields.get(key)), width)
        return Text(value, justify="right") if kind in RIGHT_ALIGNED else value

    return cell


# Cells are cut to a width, the columns themselves size to their content: a page is
# 100 rows, so measuring them is cheap next to drawing them.
BASE_COLUMNS = [
    Column("id", "#", lambda r, tz, today: str(r.id)),
    Column("status", "Status", lambda r, tz, today: shorten(r.status, 12)),
    Column("priority", "Priority", lambda r, tz, today: priority_text(r.priority)),
    Column("due", "Due", lambda r, tz, today: due_text(r.due, tz, today)),
    Column("assignee", "Assignee", lambda r, tz, today: shorten(person(r.assignee), 14)
           if r.assignee else ""),
    Column("group", "Group", lambda r, tz, today: shorten(r.group or "", 12)),
]  # fmt: skip
TITLE = Column("title", "Title", lambda r, tz, today: shorten(r.title, 44))
SHORT_TITLE = Column("title", "Title", lambda r, tz, today: shorten(r.title, 28))
TAGS = Column("tags", "Tags", lambda r, tz, today: shorten(" ".join("+" + t for t in r.tags), 20))
FIELD_WIDTHS = {"money": 16, "number": 10, "date": 10, "datetime": 16, "checkbox": 5,
                "choice": 12, "multichoice": 16, "user": 12, "email": 24, "phone": 16}  # fmt: skip
TEXT_WIDTH = 20


_FORM_COLUMNS: dict[tuple[str, int], list[Column]] = {}


def columns_for(form: FormDef | None) -> list[Column]:
    """Cached per form version, so the same filter twice keeps the same header."""
    if form is None:
        return [BASE_COLUMNS[0], TITLE, *BASE_COLUMNS[1:], TAGS]
    # The fields the title template names identify a task (an invoice: number, supplier,
    # total), so they come first; the rest follow in form order.
    cached = _FORM_COLUMNS.get((form.key, form.version))
    if cached is not None:
        return cached
    named = re.findall(r"\{([a-z_][a-z0-9_]*)\}", form.title_template or "")
    order = {key: i for i, key in enumerate(named)}
    shown = [f for f in form.fields if f.type not in HIDDEN_FIELD_TYPES]
    shown.sort(key=lambda f: order.get(f.key, len(order)))
    fields = []
    for f in shown:
        width = FIELD_WIDTHS.get(f.type, TEXT_WIDTH)
        fields.append(Column(f.key, f.title, _field_cell(f.key, f.type, width)))
    spec = [
        BASE_COLUMNS[0],
        SHORT_TITLE,
        BASE_COLUMNS[1],
        BASE_COLUMNS[3],
        BASE_COLUMNS[4],
        *fields,
    ]
    _FORM_COLUMNS[(form.key, form.version)] = spec
    return spec


class TaskTable(DataTable):
    """A DataTable that knows its columns and appends pages of task records."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row")
        self.spec: list[Column] = []
        self.sort: str | None = None

    def set_columns(self, spec: list[Column], sort: str | None) -> None:
        """Redraw the header when the columns or the sort arrow change."""
        labels = [self._label(c, sort) for c in spec]
        current = [str(c.label) for c in self.columns.values()]
        if spec == self.spec and labels == current:
            return
        self.spec = spec
        self.sort = sort
        self.clear(columns=True)
        for column, label in zip(spec, labels, strict=True):
            self.add_column(Text(label), key=column.key, width=column.width)

    @staticmethod
    def _label(column: Column, sort: str | None) -> str:
        current = (sort or "due").split(",")[0]
        if current.lstrip("-") != column.key or column is TAGS:
            return column.label
        return column.label + (" ▼" if current.startswith("-") else " ▲")

    def add_records(self, records: list[TaskRecord], tz: tzinfo, today: date) -> None:
        for r in records:
            self.add_row(*(literal(c.cell(r, tz, today)) for c in self.spec), key=str(r.id))
