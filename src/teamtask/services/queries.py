"""Read use cases shared by the CLI and the TUI: lists, the inbox, one task in full."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from teamtask.domain import filters as f
from teamtask.domain.errors import NotFound
from teamtask.services.context import Context
from teamtask.store.filters import FilterScope, compile_filter, order_by
from teamtask.store.tasks import TaskRecord, load_record, load_records
from teamtask.store.values import as_datetime, iso

DEFAULT_FILTER = "status:open"


def known_statuses(ctx: Context) -> frozenset[str]:
    from teamtask.domain.statuses import PLAIN

    keys = set(PLAIN.keys())
    if ctx.db.scalar("SELECT 1 FROM forms LIMIT 1"):
        from teamtask.services.forms import all_statuses

        keys |= all_statuses(ctx)
    return frozenset(keys)


def field_types(ctx: Context) -> dict[str, str]:
    """Field key → type over the current version of every form (empty before any form)."""
    if not ctx.db.scalar("SELECT 1 FROM forms LIMIT 1"):
        return {}
    from teamtask.services.forms import all_field_types

    return all_field_types(ctx)


def scope(ctx: Context) -> FilterScope:
    def view_filter(name: str) -> Any:
        from teamtask.services.views import view_node

        return view_node(ctx, name)

    return FilterScope(
        me=ctx.user_id,
        tz=ctx.tz,
        today=ctx.local_now().date(),
        user_id_of=ctx.user_id_of,
        group_id_of=ctx.group_id_of,
        field_types=field_types(ctx),
        view_filter=view_filter,
        statuses=known_statuses(ctx),
    )


def parse(ctx: Context, words: str | Sequence[str] | None) -> f.Node | None:
    if words is None or (not isinstance(words, str) and not words):
        words = DEFAULT_FILTER
    return f.parse_filter(words, now=ctx.local_now())


def with_default_status(node: f.Node | None) -> f.Node | None:
    """`tt ls +bug` means open bugs: add `status:open` unless the filter speaks of status."""

    def mentions_status(n: Any) -> bool:
        if isinstance(n, f.Status | f.Ids) or (
            isinstance(n, f.Is) and n.flag in ("open", "closed")
        ):
            return True
        if isinstance(n, f.Match) and n.key == "view":
            return True
        children = getattr(n, "nodes", None) or ([n.node] if isinstance(n, f.Not) else [])
        return any(mentions_status(c) for c in children)

    if node is None:
        return f.Status("open")
    if mentions_status(node):
        return node
    return f.And((f.Status("open"), node))


@dataclass
class Page:
    records: list[TaskRecord]
    more: bool  # rows beyond the page exist (an exact count of 100k rows costs ~200 ms)


def select_ids(
    ctx: Context,
    node: f.Node | None,
    *,
    sort: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[int]:
    s = scope(ctx)
    compiled = compile_filter(node, s)
    params = list(compiled.params)
    order = order_by(sort, s.field_types, params)
    sql = f"SELECT t.id FROM tasks t WHERE {compiled.where} ORDER BY {order}"
    if limit is not None:
        sql += f" LIMIT {int(limit)} OFFSET {int(offset)}"
    return [r[0] for r in ctx.db.all(sql, params)]


def count(ctx: Context, node: f.Node | None) -> int:
    compiled = compile_filter(node, scope(ctx))
    return int(
        ctx.db.scalar(f"SELECT count(*) FROM tasks t WHERE {compiled.where}", compiled.params)
    )


def list_tasks(
    ctx: Context,
    words: str | Sequence[str] | None = None,
    *,
    sort: str | None = None,
    limit: int | None = 50,
    offset: int = 0,
) -> Page:
    node = with_default_status(f.parse_filter(words or "", now=ctx.local_now()))
    ids = select_ids(
        ctx, node, sort=sort, limit=None if limit is None else limit + 1, offset=offset
    )
    more = limit is not None and len(ids) > limit
    return Page(load_records(ctx.db, ids[:limit] if more else ids), more)


# -- inbox -------------------------------------------------------------------------------

INBOX_REASONS = {
    "assigned": "Assigned to me",
    "approval": "Awaiting my approval",
    "group": "Unassigned in my groups",
    "unseen": "New activity",
}


@dataclass
class InboxEntry:
    reason: str
    record: TaskRecord


def inbox(ctx: Context, *, limit: int = 200) -> list[InboxEntry]:
    """What needs me, grouped by reason (a task appears once, under its first reason)."""
    me = ctx.user_id
    if me is None:
        return []
    queries: list[tuple[str, str]] = [
        ("assigned", "status:open @me"),
        ("approval", "status:open approver:me"),
        ("group", "status:open @none"),
        ("unseen", "status:any is:unseen (@me or watcher:me or author:me)"),
    ]
    my_groups = [
        r[0]
        for r in ctx.db.all(
            "SELECT g.name FROM group_members m JOIN groups g ON g.id = m.group_id"
            " WHERE m.user_id = ?",
            (me,),
        )
    ]
    seen: set[int] = set()
    grouped: list[tuple[str, list[int]]] = []
    for reason, text in queries:
        if reason == "group":
            if not my_groups:
                continue
            text += " group:" + ",".join(my_groups)
        ids = [
            i
            for i in select_ids(ctx, f.parse_filter(text, now=ctx.local_now()), limit=limit)
            if i not in seen
        ]
        seen.update(ids)
        grouped.append((reason, ids))
    records = {r.id: r for r in load_records(ctx.db, list(seen))}
    return [InboxEntry(reason, records[i]) for reason, ids in grouped for i in ids if i in records]


# -- one task in full ----------------------------------------------------------------------


@dataclass
class TimelineItem:
    kind: str  # "comment" | "event"
    at: datetime
    who: str | None
    body: str
    public: bool = False
    channel: str | None = None
    id: int | None = None
    changes: dict[str, Any] = field(default_factory=dict)


@dataclass
class AttachmentInfo:
    id: int
    filename: str
    content_type: str
    size: int
    sha256: str
    created_at: datetime

    def as_json(self, tz) -> dict[str, Any]:
        return {
            "id": self.id,
            "filename": self.filename,
            "content_type": self.content_type,
            "size": self.size,
            "sha256": self.sha256,
            "created_at": iso(self.created_at.astimezone(tz)),
        }


@dataclass
class TaskDetail:
    record: TaskRecord
    comments: list[TimelineItem]
    events: list[TimelineItem]
    attachments: list[AttachmentInfo]

    @property
    def timeline(self) -> list[TimelineItem]:
        return sorted([*self.comments, *self.events], key=lambda item: (item.at, item.kind))

    def as_json(self, tz) -> dict[str, Any]:
        data = self.record.as_json(tz)
        data["comments"] = [
            {
                "id": c.id,
                "author": c.who,
                "body": c.body,
                "public": c.public,
                "created_at": iso(c.at.astimezone(tz)),
                "channel": c.channel,
            }
            for c in self.comments
        ]
        data["history"] = [
            {"at": iso(e.at.astimezone(tz)), "who": e.who, "action": e.body, "changes": e.changes}
            for e in self.events
        ]
        data["attachments"] = [a.as_json(tz) for a in self.attachments]
        return data


def task_detail(ctx: Context, task_id: int) -> TaskDetail:
    record = load_record(ctx.db, task_id)
    if record is None:
        raise NotFound(f"task #{task_id} does not exist")
    comments = [
        TimelineItem(
            kind="comment",
            id=r[0],
            at=as_datetime(r[1]),  # type: ignore[arg-type]
            who=r[2] or (f"{r[3]} <{r[4]}>" if r[4] else r[3]),
            body=r[5],
            public=bool(r[6]),
            channel=r[7],
        )
        for r in ctx.db.all(
            "SELECT c.id, c.created_at, u.handle, k.name, k.email, c.body, c.public, c.channel"
            " FROM comments c LEFT JOIN users u ON u.id = c.author_user_id"
            " LEFT JOIN contacts k ON k.id = c.author_contact_id"
            " WHERE c.task_id = ? ORDER BY c.created_at, c.id",
            (task_id,),
        )
    ]
    events = [
        TimelineItem(
            kind="event",
            at=as_datetime(r[0]),  # type: ignore[arg-type]
            who=r[1] or r[2],
            body=r[3],
            changes=json.loads(r[4] or "{}"),
            id=r[5],
        )
        for r in ctx.db.all(
            "SELECT h.at, u.handle, k.name, h.action, h.changes, h.id FROM history h"
            " LEFT JOIN users u ON u.id = h.actor_user_id"
            " LEFT JOIN contacts k ON k.id = h.actor_contact_id"
            " WHERE h.task_id = ? ORDER BY h.at, h.id",
            (task_id,),
        )
    ]
    attachments = [
        AttachmentInfo(r[0], r[1], r[2], r[3], r[4], as_datetime(r[5]))  # type: ignore[arg-type]
        for r in ctx.db.all(
            "SELECT id, filename, content_type, size, sha256, created_at FROM attachments"
            " WHERE task_id = ? ORDER BY id",
            (task_id,),
        )
    ]
    return TaskDetail(record, comments, events, attachments)
