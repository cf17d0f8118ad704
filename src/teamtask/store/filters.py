"""The one compiler of the filter language: AST (domain.filters) → SQL for both dialects.

`tt ls`, the TUI registry and board, saved views and the inbox all call `compile_filter`.
The SQL is written once with `?` placeholders; `Database.sql` adapts it to psycopg.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from teamtask.domain import filters as f
from teamtask.domain.errors import Invalid
from teamtask.domain.statuses import priority_rank

NUMERIC_TYPES = {"number", "money"}
DATE_TYPES = {"date", "datetime"}


@dataclass
class FilterScope:
    """What the compiler needs to know about the world, supplied by the caller."""

    me: int | None
    tz: ZoneInfo
    today: date
    user_id_of: Callable[[str], int]
    group_id_of: Callable[[str], int]
    field_types: dict[str, str] = field(default_factory=dict)
    # Saved views expand to their own filter; a view that names itself is an error.
    view_filter: Callable[[str], Any] | None = None
    expanding: tuple[str, ...] = ()
    # Every status of the plain workflow and of the forms: a typo is an error, not "no tasks".
    statuses: frozenset[str] = frozenset()


@dataclass
class Compiled:
    where: str
    params: list[Any]


def compile_filter(node: f.Node | None, scope: FilterScope) -> Compiled:
    params: list[Any] = []
    if node is None:
        return Compiled("1=1", params)
    return Compiled(_compile(node, scope, params), params)


def _like_pattern(text: str) -> str:
    escaped = text.casefold().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _day_start(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time.min, tzinfo=tz)


def _compile(node: Any, scope: FilterScope, params: list[Any]) -> str:
    if isinstance(node, f.And):
        return "(" + " AND ".join(_compile(n, scope, params) for n in node.nodes) + ")"
    if isinstance(node, f.Or):
        return "(" + " OR ".join(_compile(n, scope, params) for n in node.nodes) + ")"
    if isinstance(node, f.Not):
        # SQL's NOT of NULL is NULL: `-@bob` must keep unassigned tasks, so NULL counts as false.
        return f"NOT COALESCE({_compile(node.node, scope, params)}, FALSE)"
    if isinstance(node, f.Text):
        params.append(_like_pattern(node.text))
        return "t.search_text LIKE ? ESCAPE '\\'"
    if isinstance(node, f.Tag):
        params.append(node.name.lower())
        return "EXISTS (SELECT 1 FROM task_tags g WHERE g.task_id = t.id AND g.tag = ?)"
    if isinstance(node, f.Status):
        if node.value == "open":
            return "t.closed = FALSE"
        if node.value == "closed":
            return "t.closed = TRUE"
        if node.value == "any":
            return "1=1"
        if scope.statuses and node.value not in scope.statuses:
            known = ", ".join(["open", "closed", "any", *sorted(scope.statuses)])
            raise Invalid(f"unknown status {node.value!r}: expected one of {known}")
        params.append(node.value)
        return "t.status = ?"
    if isinstance(node, f.Person):
        return _person(node, scope, params)
    if isinstance(node, f.Match):
        return _match(node, scope, params)
    if isinstance(node, f.Ids):
        params.extend(node.ids)
        return f"t.id IN ({','.join('?' * len(node.ids))})"
    if isinstance(node, f.DateCmp):
        return _date(node, scope, params)
    if isinstance(node, f.Is):
        return _is(node, scope, params)
    if isinstance(node, f.FieldCmp):
        return _field(node, scope, params)
    raise Invalid(f"this filter term cannot be used here: {node!r}")


def _person(node: f.Person, scope: FilterScope, params: list[Any]) -> str:
    if node.handle == "none":
        user_id = None
    elif node.handle == "me":
        if scope.me is None:
            raise Invalid("@me needs a current user: pass --user or set TEAMTASK_USER")
        user_id = scope.me
    else:
        user_id = scope.user_id_of(node.handle)
    if node.role in ("assignee", "author"):
        column = f"t.{node.role}_id"
        if user_id is None:
            return f"{column} IS NULL"
        params.append(user_id)
        return f"{column} = ?"
    if node.role == "watcher":
        if user_id is None:
            return "NOT EXISTS (SELECT 1 FROM task_watchers w WHERE w.task_id = t.id)"
        params.append(user_id)
        return "EXISTS (SELECT 1 FROM task_watchers w WHERE w.task_id = t.id AND w.user_id = ?)"
    if node.role == "approver":
        from teamtask.store.approvals import pending_approver_sql

        return pending_approver_sql(user_id, params)
    raise Invalid(f"unknown person role {node.role!r}")


def _match(node: f.Match, scope: FilterScope, params: list[Any]) -> str:
    values = list(node.values)
    marks = ",".join("?" * len(values))
    if node.key == "group":
        params.extend(scope.group_id_of(v) for v in values)
        return f"t.group_id IN ({marks})"
    if node.key == "priority":
        params.extend(priority_rank(v) for v in values)
        return f"t.priority IN ({marks})"
    if node.key == "channel":
        params.extend(values)
        return f"t.channel IN ({marks})"
    if node.key == "form":
        if values == ["none"]:
            return "t.form_key IS NULL"
        params.extend(values)
        return f"t.form_key IN ({marks})"
    if node.key == "requester":
        clauses = []
        for value in values:
            value = value.lower()
            if value.startswith("@"):
                params.append(value[1:])
                clauses.append("c.telegram_username = ?")
            elif "@" in value:
                params.append(value)
                clauses.append("c.email = ?")
            else:  # a domain: requester:acme.com
                params.append("%@" + value.replace("%", ""))
                clauses.append("c.email LIKE ?")
        return (
            "EXISTS (SELECT 1 FROM contacts c WHERE c.id = t.requester_id AND ("
            + " OR ".join(clauses)
            + "))"
        )
    if node.key == "view":
        if scope.view_filter is None:
            raise Invalid("saved views are not available here")
        parts = []
        for name in values:
            if name in scope.expanding:
                raise Invalid(f"saved view {name!r} refers to itself")
            inner = FilterScope(**{**scope.__dict__, "expanding": (*scope.expanding, name)})
            parts.append(_compile_or_true(scope.view_filter(name), inner, params))
        return "(" + " OR ".join(parts) + ")"
    raise Invalid(f"unknown filter key {node.key!r}")


def _compile_or_true(node: Any, scope: FilterScope, params: list[Any]) -> str:
    return "1=1" if node is None else _compile(node, scope, params)


def _date(node: f.DateCmp, scope: FilterScope, params: list[Any]) -> str:
    if node.field == "due":
        if node.value is None:
            return "t.due_date IS NULL" if node.op == "on" else "t.due_date IS NOT NULL"
        day = (
            node.value.astimezone(scope.tz).date()
            if isinstance(node.value, datetime)
            else node.value
        )
        params.append(day)
        return {"on": "t.due_date = ?", "before": "t.due_date < ?", "after": "t.due_date > ?"}[
            node.op
        ]
    column = f"t.{node.field}_at"
    if node.value is None:
        return f"{column} IS NULL"
    if isinstance(node.value, datetime):
        params.append(node.value)
        return f"{column} {'<' if node.op == 'before' else '>' if node.op == 'after' else '='} ?"
    start = _day_start(node.value, scope.tz)
    end = _day_start(node.value + timedelta(days=1), scope.tz)
    if node.op == "before":
        params.append(start)
        return f"{column} < ?"
    if node.op == "after":
        params.append(end)
        return f"{column} >= ?"
    params.extend([start, end])
    return f"({column} >= ? AND {column} < ?)"


def _is(node: f.Is, scope: FilterScope, params: list[Any]) -> str:
    if node.flag == "overdue":
        params.append(scope.today)
        return "(t.closed = FALSE AND t.due_date < ?)"
    if node.flag == "unassigned":
        return "t.assignee_id IS NULL"
    if node.flag == "open":
        return "t.closed = FALSE"
    if node.flag == "closed":
        return "t.closed = TRUE"
    if node.flag == "unseen":
        if scope.me is None:
            return "1=0"
        params.extend([scope.me, scope.me])
        return (
            "EXISTS (SELECT 1 FROM history h WHERE h.task_id = t.id"
            " AND (h.actor_user_id IS NULL OR h.actor_user_id <> ?)"
            " AND h.at > COALESCE((SELECT r.seen_at FROM read_marks r"
            " WHERE r.task_id = t.id AND r.user_id = ?), t.created_at))"
        )
    raise Invalid(f"unknown is: flag {node.flag!r}")


def _typed(key: str, kind: str, raw: str) -> Any:
    if kind in NUMERIC_TYPES:
        try:
            return Decimal(raw.replace(",", ".").replace(" ", ""))
        except InvalidOperation:
            raise Invalid(f"{key} is a number: {raw!r} is not a number") from None
    if kind in DATE_TYPES:
        try:
            return date.fromisoformat(raw[:10])
        except ValueError:
            raise Invalid(f"{key} is a date: {raw!r} is not a date (YYYY-MM-DD)") from None
    return raw.casefold()


def _field(node: f.FieldCmp, scope: FilterScope, params: list[Any]) -> str:
    kind = scope.field_types.get(node.key)
    if kind is None:
        known = ", ".join(sorted(scope.field_types)) or "none yet (no forms)"
        raise Invalid(f"unknown field {node.key!r} in filter; form fields: {known}")
    exists = "EXISTS (SELECT 1 FROM task_fields v WHERE v.task_id = t.id AND v.key = ?"
    params.append(node.key)
    if node.op == "none":
        return "NOT " + exists + ")"
    column = (
        "v.value_num"
        if kind in NUMERIC_TYPES
        else "v.value_date"
        if kind in DATE_TYPES
        else "v.value_folded"
    )
    if node.op == "~":
        value = node.value if isinstance(node.value, str) else " ".join(node.value or ())
        params.append(_like_pattern(value))
        return exists + " AND v.value_folded LIKE ? ESCAPE '\\')"
    values = node.value if isinstance(node.value, tuple) else (node.value or "",)
    typed = [_typed(node.key, kind, v) for v in values]
    # `!=` means "has the field, with another value", as in routing conditions
    # (domain.evaluate): a task without the field matches neither = nor !=.
    negate = "NOT " if node.op == "!=" else ""
    if kind == "multichoice" and node.op in ("=", "!="):
        # Stored folded as ",a,b," so that one option matches as a whole word.
        params.extend(f"%,{v},%" for v in typed)
        any_of = " OR ".join("v.value_folded LIKE ?" for _ in typed)
        return exists + f" AND {negate}({any_of}))"
    if node.op in ("=", "!="):
        params.extend(typed)
        return exists + f" AND {negate}{column} IN ({','.join('?' * len(typed))}))"
    sql_op = {"=": "=", "<": "<", "<=": "<=", ">": ">", ">=": ">="}[node.op]
    params.append(typed[0])
    return exists + f" AND {column} {sql_op} ?)"


SORT_COLUMNS = {
    "id": "t.id",
    "title": "t.search_text",
    "status": "t.status",
    "priority": "t.priority",
    "due": "t.due_date",
    "created": "t.created_at",
    "updated": "t.updated_at",
    "closed": "t.closed_at",
    "assignee": "(SELECT u.handle FROM users u WHERE u.id = t.assignee_id)",
    "group": "(SELECT g.name FROM groups g WHERE g.id = t.group_id)",
}


def order_by(sort: str | None, field_types: dict[str, str], params: list[Any]) -> str:
    """`due` (default), `-priority`, `title,-created`, or a form field key like `-total`."""
    keys = [k.strip() for k in (sort or "due").split(",") if k.strip()]
    parts = []
    for key in keys:
        descending = key.startswith("-")
        name = key.lstrip("-+")
        direction = "DESC" if descending else "ASC"
        if name in SORT_COLUMNS:
            expr = SORT_COLUMNS[name]
        elif name in field_types:
            kind = field_types[name]
            column = (
                "value_num"
                if kind in NUMERIC_TYPES
                else "value_date"
                if kind in DATE_TYPES
                else "value_folded"
            )
            params.append(name)
            expr = f"(SELECT v.{column} FROM task_fields v WHERE v.task_id = t.id AND v.key = ?)"
        else:
            choices = ", ".join([*SORT_COLUMNS, *sorted(field_types)])
            raise Invalid(f"cannot sort by {name!r}: expected one of {choices}")
        parts.append(f"{expr} {direction} NULLS LAST")
    if not any(k.lstrip("-+") == "id" for k in keys):
        parts.append("t.id ASC")
    return ", ".join(parts)
