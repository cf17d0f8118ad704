"""Messages the app broadcasts to its screens."""

from __future__ import annotations

from textual.message import Message


class DataChanged(Message):
    """Something was committed (by us or anyone else): visible screens reload."""


class ConnectionLost(Message):
    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


class ConnectionRestored(Message):
    """The watcher reached the database again."""
