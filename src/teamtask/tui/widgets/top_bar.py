"""The strip at the top: the three places (clickable), who you are, which database kind."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from teamtask.tui.widgets.plain import Plain

PLACES = (("inbox", "1 Inbox"), ("registry", "2 Registry"), ("board", "3 Board"))


class Tab(Static):
    """One clickable place; clicking does what its number key does."""

    def __init__(self, mode: str, label: str, *, active: bool) -> None:
        super().__init__(label, classes="tab -active" if active else "tab", markup=False)
        self.mode = mode

    def on_click(self) -> None:
        self.app.run_action(f"go('{self.mode}')")


class TopBar(Horizontal):
    def __init__(self, active: str | None, who: str, where: str) -> None:
        super().__init__(id="top-bar")
        self.active = active
        self.who = who
        self.where = where

    def compose(self) -> ComposeResult:
        yield Plain("teamtask", id="brand")
        for mode, label in PLACES:
            yield Tab(mode, label, active=mode == self.active)
        yield Plain(f"@{self.who} · {self.where}", id="who")
