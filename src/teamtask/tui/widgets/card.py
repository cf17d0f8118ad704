"""How a task looks as a card on the board: two lines, id and title, then who and when."""

from __future__ import annotations

from datetime import date, tzinfo
from typing import TYPE_CHECKING

from rich.text import Text

from teamtask.domain.dates import format_due, local_day
from teamtask.tui.present import PRIORITY_MARK

if TYPE_CHECKING:
    from teamtask.store.tasks import TaskRecord


def card_text(record: TaskRecord, tz: tzinfo, today: date, width: int = 24) -> Text:
    """Exactly `width` columns or less on each line: OptionList would wrap a longer one."""
    head = Text(f"#{record.id} ", style="bold")
    head.append(record.title)
    head.truncate(width, overflow="ellipsis")
    meta = Text()
    if record.assignee:
        meta.append(f"@{record.assignee} ", style="cyan")
    if record.due is not None:
        overdue = local_day(record.due, tz) < today
        meta.append(format_due(record.due, tz) + " ", style="red" if overdue else "")
    mark = PRIORITY_MARK.get(record.priority, "")
    if mark:
        meta.append(mark, style="bold red" if record.priority == "urgent" else "yellow")
    meta.truncate(width, overflow="ellipsis")
    rule = Text("┄" * width, style="dim")  # cards apart, at no layout cost
    return Text("\n").join([head, meta, rule])
