"""The lost-connection banner. Every screen has one; all follow `App.connection_problem`,
so the banner stays put whichever screen the user switches to while it is shown."""

from __future__ import annotations

from textual.widgets import Static


class ConnectionBanner(Static):
    def __init__(self) -> None:
        super().__init__("", id="banner", markup=False)

    def on_mount(self) -> None:
        self.watch(self.app, "connection_problem", self._show)

    def _show(self, problem: str | None) -> None:
        self.set_class(problem is not None, "-visible")
        if problem:
            self.update(f"⚠ Database unreachable — retrying every few seconds. {problem}")
