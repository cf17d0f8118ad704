"""One column of the board: a title with the WIP count over a list of cards.

The cards are options of one OptionList, not a widget each: a board of 5×25 cards is then
10 widgets, and moving a card is two list edits instead of mounting and laying out
widgets (≈ 2 s → a few ms on the bench machine). Clicking a card selects it; clicking a
column's title or its empty space moves the selected card there.
"""

from __future__ import annotations

from datetime import date, tzinfo
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from teamtask.tui.widgets.card import card_text
from teamtask.tui.widgets.plain import Plain

if TYPE_CHECKING:
    from teamtask.services.board import Column
    from teamtask.store.tasks import TaskRecord


class Lanes(Horizontal, can_focus=True):
    """Holds the columns and, alone, the keyboard focus of the board.

    The lists themselves never take focus: moving a card then changes no focus, and a
    focus change costs a restyle, a footer rebuild and a layout pass (~70 ms here).
    """


class CardList(OptionList, inherit_bindings=False, can_focus=False):
    """A column's cards; the board's keys drive it (up/down, H/L, enter)."""

    BINDINGS: ClassVar[list[BindingType]] = []

    class Picked(Message):
        def __init__(self, cards: CardList) -> None:
            super().__init__()
            self.cards = cards

    class EmptyClicked(Message):
        def __init__(self, cards: CardList) -> None:
            super().__init__()
            self.cards = cards

    async def _on_click(self, event: events.Click) -> None:
        event.stop()
        index = event.style.meta.get("option")
        if index is None:
            self.post_message(self.EmptyClicked(self))
            return
        self.highlighted = index
        self.post_message(self.Picked(self))


class BoardColumn(Vertical):
    class Clicked(Message):
        def __init__(self, column: BoardColumn) -> None:
            super().__init__()
            self.column = column

    def __init__(self, column: Column) -> None:
        super().__init__(classes="board-column -closed" if column.closed else "board-column")
        self.status = column.status
        self.title = column.title
        self.closed = column.closed
        self.total = column.total
        self.records: list[TaskRecord] = list(column.cards)
        self.current = False
        self._tz: tzinfo | None = None
        self._today: date | None = None

    def compose(self) -> ComposeResult:
        yield Plain(self._title_text(), classes="column-title")
        yield CardList(classes="cards")

    @property
    def cards(self) -> CardList:
        return self.query_one(CardList)

    def _title_text(self) -> str:
        mark = "▶ " if self.current else ""
        return f"{mark}{self.title} ({self.total})"

    def _retitle(self) -> None:
        # Fixed size (one line, 1fr): no layout pass, which would re-measure every card.
        self.query_one(".column-title", Static).update(self._title_text(), layout=False)

    def set_current(self, current: bool) -> None:
        """Marked in the title, not by a CSS class: a class change restyles and re-lays
        out the board (~40 ms), a title update does not."""
        if current != self.current:
            self.current = current
            self._retitle()

    def show(self, column: Column | None, tz: tzinfo, today: date) -> None:
        """Redraw from `column` (a reload) or from `self.records` (after a local move)."""
        if column is not None:
            self.total = column.total
            self.records = list(column.cards)
        self._tz, self._today = tz, today
        cards = self.cards
        keep = cards.highlighted_option.id if cards.highlighted_option else None
        width = max(12, (cards.size.width or 24) - 1)
        cards.clear_options()
        cards.add_options(
            Option(card_text(r, tz, today, width), id=str(r.id)) for r in self.records
        )
        hidden = self.total - len(self.records)
        if hidden > 0:
            cards.add_option(Option(Text(f"… {hidden} more", style="dim"), disabled=True))
        self._retitle()
        if keep is not None:
            self.highlight(int(keep))

    def on_resize(self) -> None:
        """Cards are cut to the column's width: redraw them when it changes."""
        if getattr(self, "_tz", None) is not None:
            self.show(None, self._tz, self._today)

    def highlight(self, task_id: int) -> bool:
        ids = [r.id for r in self.records]
        if task_id not in ids:
            return False
        self.cards.highlighted = ids.index(task_id)
        return True

    def selected(self) -> TaskRecord | None:
        index = self.cards.highlighted
        if index is None or index >= len(self.records):
            return None
        return self.records[index]

    def take(self, task_id: int) -> TaskRecord | None:
        """Remove a card here and now (one list edit; no redraw of the other cards)."""
        for index, record in enumerate(self.records):
            if record.id == task_id:
                self.total -= 1
                self.records.pop(index)
                self.cards.remove_option(str(task_id))
                self._retitle()
                return record
        return None

    def put(self, record: TaskRecord) -> None:
        self.records.insert(0, record)
        self.total += 1

    def on_click(self, event: events.Click) -> None:
        self.post_message(self.Clicked(self))

    def on_card_list_empty_clicked(self, event: CardList.EmptyClicked) -> None:
        event.stop()
        self.post_message(self.Clicked(self))
