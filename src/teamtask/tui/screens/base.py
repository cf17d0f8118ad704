"""What every full screen shares: top bar, banner, footer, and live reload.

A screen that is not on top when data changes only marks itself stale and reloads when
it is shown again: three idle screens re-querying 100,000 tasks on every commit would
keep the database busy for nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer

from teamtask.tui.widgets.banner import ConnectionBanner
from teamtask.tui.widgets.top_bar import TopBar

if TYPE_CHECKING:
    from teamtask.tui.app import TeamtaskApp


class BaseScreen(Screen):
    """Subclasses compose their body in `compose_body` and fetch in `reload`."""

    MODE: str | None = None

    def __init__(self) -> None:
        super().__init__()
        self.stale = False

    @property
    def tapp(self) -> TeamtaskApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        ctx = self.tapp.ctx
        where = "SQLite" if ctx.db.dialect == "sqlite" else "PostgreSQL"
        yield TopBar(self.MODE, ctx.user_handle or "?", where)
        yield ConnectionBanner()
        yield from self.compose_body()
        yield Footer()

    def compose_body(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        self.tapp.data_screens.add(self)
        self.reload()

    def on_unmount(self) -> None:
        self.tapp.data_screens.discard(self)

    def on_screen_resume(self) -> None:
        if self.stale:
            self.stale = False
            self.reload()

    def data_changed(self) -> None:
        if not self.is_attached:
            return
        if self.is_current:
            self.reload()
        else:
            self.stale = True

    def reload(self) -> None:
        """Fetch in a worker and render; called on mount and when data changes."""

    def focus_filter(self) -> bool:
        """Put the cursor in this screen's filter bar; False when it has none."""
        return False
