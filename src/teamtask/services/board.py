"""The board: tasks of one workflow in columns by status, for the CLI and the TUI."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from teamtask.domain import filters as f
from teamtask.domain.statuses import PLAIN, Workflow
from teamtask.services.context import Context
from teamtask.services.queries import count, select_ids
from teamtask.store.tasks import TaskRecord, load_records

CARDS_PER_COLUMN = 50


@dataclass
class Column:
    status: str
    title: str
    closed: bool
    total: int
    cards: list[TaskRecord] = field(default_factory=list)

    def as_json(self, tz) -> dict[str, Any]:
        return {
            "status": self.status,
            "title": self.title,
            "closed": self.closed,
            "count": self.total,
            "cards": [c.as_json(tz) for c in self.cards],
        }


def form_in_filter(node: Any) -> str | None:
    """The form a filter is about (`form:invoice …`), if it names exactly one."""
    if isinstance(node, f.Match) and node.key == "form" and len(node.values) == 1:
        return node.values[0]
    for child in getattr(node, "nodes", ()) or ():
        found = form_in_filter(child)
        if found:
            return found
    return None


def board_workflow(ctx: Context, node: Any, form: str | None) -> tuple[Workflow, str | None]:
    form = form or form_in_filter(node)
    if not form:
        return PLAIN, None
    from teamtask.services.forms import form_definition

    return form_definition(ctx, form).workflow, form


def build_board(
    ctx: Context,
    words: list[str] | str,
    *,
    form: str | None = None,
    cards: int = CARDS_PER_COLUMN,
    include_closed: bool = True,
) -> list[Column]:
    node = f.parse_filter(words or "", now=ctx.local_now())
    workflow, form = board_workflow(ctx, node, form)
    base: list[Any] = [node] if node is not None else []
    # A plain board shows plain tasks only: form tasks have columns of their own.
    base.append(f.Match("form", (form or "none",)))
    columns = []
    for status in workflow.statuses:
        if status.closed and not include_closed:
            continue
        column_node = f.And((*base, f.Status(status.key)))
        ids = select_ids(ctx, column_node, sort="-priority,due", limit=cards)
        total = len(ids) if len(ids) < cards else count(ctx, column_node)
        columns.append(
            Column(status.key, status.title, status.closed, total, load_records(ctx.db, ids))
        )
    return columns
