"""`Plain`: a Static that never parses console markup.

Titles, names and comments come from people and mail; "[urgent] fix" must show as typed,
not fail as a markup tag. Every text widget of the TUI is a Plain (styling is done with
Rich `Text` objects, never with markup strings).
"""

from __future__ import annotations

from typing import Any

from textual.widgets import Static


class Plain(Static):
    def __init__(self, content: Any = "", **kwargs: Any) -> None:
        kwargs.setdefault("markup", False)
        super().__init__(content, **kwargs)
