"""Someone saved the task while you were editing it: show both sides and let you choose.

Overwrite sends only your changed fields (theirs on other fields stay); discard drops
yours; keep editing takes their values into the fields you had not touched.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button

from teamtask.tui import keys
from teamtask.tui.widgets.plain import Plain

Change = tuple[str, str, str]  # field, before, after


def _lines(changes: list[Change], empty: str) -> str:
    if not changes:
        return empty
    return "\n".join(
        f"• {name}: {before or '∅'} → {after or '∅'}" for name, before, after in changes
    )


class ConflictScreen(ModalScreen[str]):
    BINDINGS = keys.CONFLICT

    def __init__(
        self, task_id: int, *, theirs: list[Change], mine: list[Change], who: list[str]
    ) -> None:
        super().__init__()
        self.task_id = task_id
        self.theirs = theirs
        self.mine = mine
        self.who = who

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="conflict"):
            yield Plain(
                f"#{self.task_id} was changed by someone else while you edited it",
                classes="dialog-title",
            )
            by = f" ({', '.join(self.who)})" if self.who else ""
            yield Plain(f"Their changes{by}:", classes="bold")
            yield Plain(_lines(self.theirs, "(only comments or history)"), id="theirs")
            yield Plain("Your unsaved changes:", classes="bold")
            yield Plain(_lines(self.mine, "(none)"), id="mine")
            with Horizontal(classes="buttons"):
                yield Button("Overwrite with mine (o)", id="overwrite", variant="error")
                yield Button("Discard mine (d)", id="discard")
                yield Button("Keep editing (k)", id="keep", variant="primary")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id or "keep")

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)
