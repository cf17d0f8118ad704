"""Per-invocation state shared by every command: global options and the lazy service context."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from teamtask.config import Settings
    from teamtask.services.context import Context


@dataclass
class State:
    db: str | None = None
    user: str | None = None
    config: str | None = None
    _settings: Settings | None = field(default=None, repr=False)
    _context: Context | None = field(default=None, repr=False)

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            from teamtask.config import load_settings

            self._settings = load_settings(db=self.db, user=self.user, config=self.config)
        return self._settings

    def context(self) -> Context:
        """Connect on first use, so `tt --help` and `tt ocr` never touch a database."""
        if self._context is None:
            from teamtask.services.context import open_context

            self._context = open_context(self.settings)
        return self._context

    def close(self) -> None:
        if self._context is not None:
            self._context.db.close()


def state_of(ctx) -> State:
    """The State of this invocation, from any (sub)command's Typer context."""
    return ctx.find_root().obj
