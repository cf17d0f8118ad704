"""One labelled, typed input for a form field or a task attribute, with its own error.

Widgets follow the field type (choices as selects, checkboxes, users with completion,
dates with the date grammar and a preview of the day understood, tables as grids) and
check values with the same pure `validate_value` the service uses, so a mistake shows
next to the field while typing, before anything is sent.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Select, SelectionList, Static, TextArea

from teamtask.domain.errors import Invalid
from teamtask.domain.forms import validate_value
from teamtask.tui.widgets.plain import Plain
from teamtask.tui.widgets.table_grid import TableGrid

if TYPE_CHECKING:
    from teamtask.domain.forms import FieldDef


@dataclass
class Checked:
    ok: bool
    value: Any = None
    error: str | None = None


def initial_text(field: FieldDef, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict) and "amount" in value:
        return f"{value['amount']} {value.get('currency', field.currency)}"
    return str(value)


class FieldEditor(Vertical):
    """`validator` replaces `validate_value` for task attributes (due, tags, title)."""

    class Changed(Message):
        def __init__(self, editor: FieldEditor) -> None:
            super().__init__()
            self.editor = editor

    def __init__(
        self,
        field: FieldDef,
        value: Any,
        *,
        now: Callable[[], datetime],
        users: list[str] = (),  # type: ignore[assignment]
        validator: Callable[[Any], Any] | None = None,
        preview: Callable[[Any], str] | None = None,
        editor_id: str | None = None,
    ) -> None:
        super().__init__(classes="field-editor", id=editor_id)
        self.field = field
        self.original = value
        self.now = now
        self.users = list(users)
        self.validator = validator
        self.preview = preview

    def compose(self) -> ComposeResult:
        marker = " *" if self.field.required else ""
        with Horizontal(classes="field-row"):
            yield Label(f"{self.field.title}{marker}", classes="field-label", markup=False)
            yield self._input()
        yield Plain("", classes="field-note")

    def on_mount(self) -> None:
        self._note("")
        if self.field.type not in ("text", "longtext", "checkbox", "table"):
            self.query_one(".field-input").tooltip = self.field.expected()

    def _input(self) -> Widget:
        f, value = self.field, self.original
        if f.type == "longtext":
            return TextArea(initial_text(f, value), classes="field-input long", compact=True)
        if f.type == "checkbox":
            return Checkbox(Text(f.title), bool(value), classes="field-input")
        if f.type == "choice":
            options = [(Text(o), o) for o in f.options]
            current = value if value in f.options else Select.NULL
            return Select(
                options,
                value=current,
                allow_blank=not f.required,
                classes="field-input",
                compact=True,
                prompt="—",
            )
        if f.type == "multichoice":
            chosen = set(value or [])
            return SelectionList(
                *[(Text(o), o, o in chosen) for o in f.options], classes="field-input"
            )
        if f.type == "table":
            return TableGrid(f, value)
        suggester = SuggestFromList(self.users, case_sensitive=False) if f.type == "user" else None
        placeholder = f.expected() if f.type not in ("text",) else ""
        return Input(
            initial_text(f, value),
            suggester=suggester,
            classes="field-input",
            compact=True,
            placeholder=placeholder,
        )

    # -- reading and checking ---------------------------------------------------------------
    def raw(self) -> Any:
        widget = self.query_one(".field-input, .table-grid")
        if isinstance(widget, TextArea):
            return widget.text
        if isinstance(widget, Checkbox):
            return widget.value
        if isinstance(widget, Select):
            return None if widget.value is Select.NULL else widget.value
        if isinstance(widget, SelectionList):
            return list(widget.selected)
        if isinstance(widget, TableGrid):
            return widget.value()
        return widget.value  # type: ignore[attr-defined]

    def check(self) -> Checked:
        raw = self.raw()
        try:
            if self.validator is not None:
                value = self.validator(raw)
            else:
                value = validate_value(self.field, raw, now=self.now(), users=set(self.users))
        except Invalid as exc:
            return Checked(False, error=str(exc))
        if self.field.required and value in (None, "", []):
            return Checked(False, error=f"{self.field.title} is required")
        return Checked(True, value)

    def refresh_note(self) -> Checked:
        checked = self.check()
        self.set_class(not checked.ok, "-invalid")
        if not checked.ok:
            self._note(f"✗ {checked.error}")
        elif self.preview is not None and checked.value not in (None, ""):
            self._note(self.preview(checked.value))
        else:
            self._note("")
        return checked

    def _note(self, text: str) -> None:
        note = self.query_one(".field-note", Static)
        note.update(text)
        note.display = bool(text)

    def show_error(self, message: str) -> None:
        self.add_class("-invalid")
        self._note(f"✗ {message}")

    def set_value(self, value: Any) -> None:
        """Show a value saved by someone else (conflict: keep editing)."""
        self.original = value
        widget = self.query_one(".field-input, .table-grid")
        if isinstance(widget, TextArea):
            widget.text = initial_text(self.field, value)
        elif isinstance(widget, Checkbox):
            widget.value = bool(value)
        elif isinstance(widget, Select):
            widget.value = value if value in self.field.options else Select.NULL
        elif isinstance(widget, SelectionList):
            widget.deselect_all()
            for option in value or []:
                widget.select(option)
        elif isinstance(widget, TableGrid):
            widget.set_value(value)
        else:
            widget.value = initial_text(self.field, value)  # type: ignore[attr-defined]
        self.refresh_note()

    # -- events ----------------------------------------------------------------------------
    def _changed(self) -> None:
        self.refresh_note()
        self.post_message(self.Changed(self))

    def on_input_changed(self, event: Input.Changed) -> None:
        if not event.input.has_class("cell-editor"):
            self._changed()

    def on_text_area_changed(self) -> None:
        self._changed()

    def on_checkbox_changed(self) -> None:
        self._changed()

    def on_select_changed(self) -> None:
        self._changed()

    def on_selection_list_selected_changed(self) -> None:
        self._changed()

    def on_table_grid_changed(self) -> None:
        self._changed()
