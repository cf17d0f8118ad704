"""Time tracking: hours logged on tasks, reported per user, task, day or form, with costs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from teamtask.domain.errors import Forbidden, Invalid
from teamtask.services import history
from teamtask.services.context import Context
from teamtask.services.tasks import require_row

GROUPINGS = ("user", "task", "day", "form")


def log_time(
    ctx: Context,
    task_id: int,
    minutes: int,
    *,
    note: str = "",
    on: date | None = None,
    user: str | None = None,
) -> int:
    if minutes <= 0:
        raise Invalid("logged time must be positive")
    if minutes > 24 * 60:
        raise Invalid("more than 24 hours in one entry; split it by day with --on")
    user_id = ctx.user_id_of(user) if user else ctx.user_id
    if user_id is None:
        raise Forbidden("no current user to log time for")
    with ctx.db.transaction():
        require_row(ctx, task_id)
        entry = ctx.db.insert(
            "INSERT INTO time_entries (task_id, user_id, minutes, on_date, note, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (task_id, user_id, minutes, on or ctx.local_now().date(), note, ctx.now()),
        )
        history.record(
            ctx,
            task_id,
            "time logged",
            {"minutes": (None, minutes)},
            note=f"@{ctx.handle_of(user_id)} {note}".strip(),
        )
    return entry


@dataclass
class ReportRow:
    key: str
    minutes: int
    cost: Decimal | None

    def as_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "minutes": self.minutes,
            "hours": round(self.minutes / 60, 2),
            "cost": None if self.cost is None else str(self.cost),
        }


def report(
    ctx: Context,
    words: list[str],
    *,
    by: str = "user",
    since: date | None = None,
    until: date | None = None,
) -> list[ReportRow]:
    if by not in GROUPINGS:
        raise Invalid(f"--by {by!r}: expected one of {', '.join(GROUPINGS)}")
    from teamtask.domain.filters import parse_filter
    from teamtask.services.queries import scope
    from teamtask.store.filters import compile_filter

    node = parse_filter(words or "status:any", now=ctx.local_now())
    compiled = compile_filter(node, scope(ctx))
    key_sql = {
        "user": "u.handle",
        "task": "'#' || t.id || ' ' || t.title",
        "day": "e.on_date",
        "form": "COALESCE(t.form_key, '(no form)')",
    }[by]
    conditions = [compiled.where]
    params: list[Any] = list(compiled.params)
    if since:
        conditions.append("e.on_date >= ?")
        params.append(since)
    if until:
        conditions.append("e.on_date <= ?")
        params.append(until)
    rows = ctx.db.all(
        f"SELECT {key_sql} AS k, sum(e.minutes),"
        " sum(CASE WHEN u.rate IS NULL THEN NULL ELSE e.minutes * u.rate END)"
        " FROM time_entries e JOIN tasks t ON t.id = e.task_id JOIN users u ON u.id = e.user_id"
        f" WHERE {' AND '.join(conditions)} GROUP BY {key_sql} ORDER BY k",
        params,
    )
    return [
        ReportRow(
            str(r[0])[:10] if by == "day" else str(r[0]),
            int(r[1]),
            None if r[2] is None else (Decimal(str(r[2])) / 60).quantize(Decimal("0.01")),
        )
        for r in rows
    ]
