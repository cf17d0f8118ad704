"""Saved views beside the registry: picking one puts `view:NAME` in the filter bar."""

from __future__ import annotations

from typing import Any

from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

ALL_OPEN = "__all_open__"


class ViewsList(OptionList):
    class Picked(Message):
        def __init__(self, filter_text: str) -> None:
            super().__init__()
            self.filter_text = filter_text

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.border_title = "Views"

    def show(self, views: list[dict[str, Any]]) -> None:
        highlighted = self.highlighted
        self.clear_options()
        self.add_option(Option("All open tasks", id=ALL_OPEN))
        for view in views:
            self.add_option(Option(view["name"], id=view["name"]))
        if highlighted is not None and highlighted < self.option_count:
            self.highlighted = highlighted

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option_id = event.option.id or ALL_OPEN
        self.post_message(self.Picked("" if option_id == ALL_OPEN else f"view:{option_id}"))
