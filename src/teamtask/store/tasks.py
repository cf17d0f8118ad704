"""Reading tasks: one task's row, and the read model every interface renders.

Reads are batched per page (one query per related table, never one per task) so that
`tt ls` and the TUI registry cost the same for 50 rows out of 100 or out of 100,000.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from teamtask.domain.statuses import priority_name
from teamtask.store.values import as_date, as_datetime, iso

if TYPE_CHECKING:
    from teamtask.db import Database

TASK_COLUMNS = (
    "id, title, description, status, closed, priority, author_id, assignee_id, group_id, "
    "form_key, form_version, due_date, due_at, created_at, updated_at, closed_at, parent_id, "
    "requester_id, channel, dedupe_key, version"
)
_NAMES = [c.strip() for c in TASK_COLUMNS.split(",")]


def task_row(db: Database, task_id: int, *, for_update: bool = False) -> dict[str, Any] | None:
    lock = " FOR UPDATE" if for_update and db.dialect == "postgresql" else ""
    row = db.one(f"SELECT {TASK_COLUMNS} FROM tasks WHERE id = ?{lock}", (task_id,))
    return None if row is None else dict(zip(_NAMES, row, strict=True))


@dataclass
class Requester:
    id: int
    name: str
    email: str | None
    telegram: str | None
    telegram_chat_id: int | None = None

    def as_json(self) -> dict[str, Any]:
        return {"name": self.name, "email": self.email, "telegram": self.telegram}

    @property
    def label(self) -> str:
        if self.email:
            return f"{self.name} <{self.email}>" if self.name else self.email
        if self.telegram:
            return f"{self.name} (@{self.telegram})" if self.name else f"@{self.telegram}"
        return self.name or f"contact {self.id}"


@dataclass
class TaskRecord:
    """A task as every interface shows it: people by handle, dates as dates."""

    id: int
    title: str
    description: str
    status: str
    closed: bool
    priority: str
    author: str | None
    assignee: str | None
    group: str | None
    form: str | None
    form_version: int | None
    due: date | datetime | None
    created_at: datetime
    updated_at: datetime
    closed_at: datetime | None
    parent: int | None
    requester: Requester | None
    channel: str
    dedupe_key: str | None
    version: int
    watchers: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    fields: dict[str, Any] = field(default_factory=dict)

    @property
    def due_date(self) -> date | None:
        return self.due if not isinstance(self.due, datetime) else None

    def as_json(self, tz) -> dict[str, Any]:
        due: str | None
        if isinstance(self.due, datetime):
            due = iso(self.due.astimezone(tz))
        elif isinstance(self.due, date):
            due = self.due.isoformat()
        else:
            due = None
        return {
            "id": self.id,
            "title": self.title,
            "description": self.description,
            "status": self.status,
            "closed": self.closed,
            "priority": self.priority,
            "author": self.author,
            "assignee": self.assignee,
            "group": self.group,
            "watchers": self.watchers,
            "tags": self.tags,
            "due": due,
            "created_at": iso(self.created_at.astimezone(tz)),
            "updated_at": iso(self.updated_at.astimezone(tz)),
            "closed_at": iso(self.closed_at.astimezone(tz)) if self.closed_at else None,
            "parent": self.parent,
            "requester": self.requester.as_json() if self.requester else None,
            "channel": self.channel,
            "form": self.form,
            "fields": self.fields,
        }


def _in(ids: Sequence[int]) -> str:
    return ",".join("?" * len(ids))


def load_records(db: Database, ids: Sequence[int]) -> list[TaskRecord]:
    """Read models for `ids`, in the order given."""
    if not ids:
        return []
    ids = list(ids)
    marks = _in(ids)
    rows = db.all(
        f"""
        SELECT t.id, t.title, t.description, t.status, t.closed, t.priority,
               au.handle, asg.handle, g.name, t.form_key, t.form_version, t.due_date, t.due_at,
               t.created_at, t.updated_at, t.closed_at, t.parent_id,
               c.id, c.name, c.email, c.telegram_username, c.telegram_chat_id,
               t.channel, t.dedupe_key, t.version
        FROM tasks t
        LEFT JOIN users au ON au.id = t.author_id
        LEFT JOIN users asg ON asg.id = t.assignee_id
        LEFT JOIN groups g ON g.id = t.group_id
        LEFT JOIN contacts c ON c.id = t.requester_id
        WHERE t.id IN ({marks})
        """,
        ids,
    )
    watchers: dict[int, list[str]] = defaultdict(list)
    for task_id, handle in db.all(
        f"SELECT w.task_id, u.handle FROM task_watchers w JOIN users u ON u.id = w.user_id "
        f"WHERE w.task_id IN ({marks}) ORDER BY u.handle",
        ids,
    ):
        watchers[task_id].append(handle)
    tags: dict[int, list[str]] = defaultdict(list)
    for task_id, tag in db.all(
        f"SELECT task_id, tag FROM task_tags WHERE task_id IN ({marks}) ORDER BY tag", ids
    ):
        tags[task_id].append(tag)
    fields: dict[int, dict[str, Any]] = defaultdict(dict)
    for task_id, key, value in db.all(
        f"SELECT task_id, key, value_json FROM task_fields WHERE task_id IN ({marks})", ids
    ):
        fields[task_id][key] = json.loads(value)

    records: dict[int, TaskRecord] = {}
    for r in rows:
        due_at = as_datetime(r[12])
        requester = (
            Requester(id=r[17], name=r[18], email=r[19], telegram=r[20], telegram_chat_id=r[21])
            if r[17] is not None
            else None
        )
        records[r[0]] = TaskRecord(
            id=r[0],
            title=r[1],
            description=r[2],
            status=r[3],
            closed=bool(r[4]),
            priority=priority_name(r[5]),
            author=r[6],
            assignee=r[7],
            group=r[8],
            form=r[9],
            form_version=r[10],
            due=due_at if due_at is not None else as_date(r[11]),
            created_at=as_datetime(r[13]),  # type: ignore[arg-type]
            updated_at=as_datetime(r[14]),  # type: ignore[arg-type]
            closed_at=as_datetime(r[15]),
            parent=r[16],
            requester=requester,
            channel=r[22],
            dedupe_key=r[23],
            version=r[24],
            watchers=watchers.get(r[0], []),
            tags=tags.get(r[0], []),
            fields=fields.get(r[0], {}),
        )
    return [records[i] for i in ids if i in records]


def load_record(db: Database, task_id: int) -> TaskRecord | None:
    found = load_records(db, [task_id])
    return found[0] if found else None
