"""`?`: every binding, with the key in force (after `[tui.keys]`) and its id to remap it."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen

from teamtask.tui import keys
from teamtask.tui.widgets.plain import Plain


def effective_key(binding: Binding, keymap: dict[str, str]) -> str:
    return keymap.get(binding.id, binding.key) if binding.id else binding.key


def bindings_table(keymap: dict[str, str]) -> Table:
    table = Table.grid(padding=(0, 3))
    table.add_column(style="bold cyan", no_wrap=True)
    table.add_column()
    table.add_column(style="dim")
    for title, bindings in keys.SECTIONS:
        table.add_row(Text(title, style="bold underline"), "", "")
        for b in bindings:
            table.add_row(keys.describe_key(effective_key(b, keymap)), b.description, b.id or "")
        table.add_row("", "", "")
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS = keys.HELP

    def compose(self) -> ComposeResult:
        keymap = getattr(self.app, "keymap_overrides", {})
        with Vertical(id="dialog", classes="help"):
            yield Plain("Keys", classes="dialog-title")
            with VerticalScroll():
                yield Plain(bindings_table(dict(keymap)), id="help-table")
            yield Plain(
                'Remap any key in the config file: [tui.keys] "task.close" = "ctrl+x" · '
                "ctrl+p opens the command palette with every action",
                classes="hint",
            )

    def action_dismiss_help(self) -> None:
        self.dismiss(None)
