"""The filter bar: the filter language of `tt ls`, applied as you type.

A mistake is shown under the bar, with a caret under the offending word when the parser
knows where it is, and the list below keeps its last good content: a half-typed filter
must never blank the screen or crash it.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input, Static

from teamtask.domain.errors import GrammarError, Invalid
from teamtask.tui.widgets.plain import Plain

DEBOUNCE = 0.08  # seconds: one query per pause in typing, not one per key


class FilterBar(Vertical):
    class Applied(Message):
        def __init__(self, bar: FilterBar, text: str) -> None:
            super().__init__()
            self.bar = bar
            self.text = text

    def __init__(self, *, placeholder: str, value: str = "", id: str | None = None) -> None:
        super().__init__(id=id, classes="filter-bar")
        self.placeholder = placeholder
        self.initial = value
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Input(self.initial, placeholder=self.placeholder, classes="filter-input")
        error = Plain("", classes="filter-error")
        error.display = False
        yield error

    @property
    def input(self) -> Input:
        return self.query_one(Input)

    @property
    def text(self) -> str:
        return self.input.value

    def set_text(self, text: str) -> None:
        """Replace the filter (a saved view was picked) and apply it at once."""
        with self.input.prevent(Input.Changed):
            self.input.value = text
        self._apply()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DEBOUNCE, self._apply)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._apply()

    def _apply(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self.post_message(self.Applied(self, self.text))

    def show_error(self, error: Invalid | None) -> None:
        label = self.query_one(".filter-error", Static)
        self.set_class(error is not None, "-invalid")
        label.display = error is not None
        if error is None:
            label.update("")
            return
        message = Text()
        position = error.position if isinstance(error, GrammarError) else None
        if position is not None and position <= len(self.text):
            message.append(" " * position + "^ ", style="bold red")
        message.append(str(error), style="red")
        label.update(message)
