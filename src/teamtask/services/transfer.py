"""Export and import with full fidelity, so a team can move from SQLite to PostgreSQL.

The format is JSON lines: first the people and forms the tasks refer to, then one line per
task with everything attached to it. Task numbers are kept when they are free in the
target (people remember "#42"). Each imported task is recorded in the inbound log under
channel `import`, keyed by its source number and creation time, so importing the same file
twice creates nothing twice.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from teamtask.domain.errors import Invalid
from teamtask.services.context import Context
from teamtask.services.queries import select_ids
from teamtask.store.tasks import load_records
from teamtask.store.values import as_datetime

FORMAT = "teamtask-export/1"


def _ts(value: Any) -> str | None:
    moment = as_datetime(value)
    return None if moment is None else moment.isoformat(timespec="microseconds")


def export_lines(ctx: Context, words: Sequence[str]) -> Iterator[dict[str, Any]]:
    from teamtask.domain.filters import parse_filter

    node = parse_filter(words, now=ctx.local_now())
    ids = select_ids(ctx, node, sort="id")
    yield {"type": "header", "format": FORMAT, "tasks": len(ids)}
    for r in ctx.db.all(
        "SELECT handle, name, email, telegram, kind, rate, active, created_at FROM users ORDER BY id"
    ):
        yield {
            "type": "user",
            "handle": r[0],
            "name": r[1],
            "email": r[2],
            "telegram": r[3],
            "kind": r[4],
            "rate": None if r[5] is None else str(r[5]),
            "active": bool(r[6]),
            "created_at": _ts(r[7]),
        }
    members: dict[str, list[str]] = {}
    for group, handle in ctx.db.all(
        "SELECT g.name, u.handle FROM group_members m JOIN groups g ON g.id = m.group_id"
        " JOIN users u ON u.id = m.user_id ORDER BY u.handle"
    ):
        members.setdefault(group, []).append(handle)
    for name, title, created in ctx.db.all(
        "SELECT name, title, created_at FROM groups ORDER BY id"
    ):
        yield {
            "type": "group",
            "name": name,
            "title": title,
            "members": members.get(name, []),
            "created_at": _ts(created),
        }
    for r in ctx.db.all(
        "SELECT key, version, title, definition, current, created_at FROM forms ORDER BY id"
    ):
        yield {
            "type": "form",
            "key": r[0],
            "version": r[1],
            "title": r[2],
            "definition": json.loads(r[3]),
            "current": bool(r[4]),
            "created_at": _ts(r[5]),
        }
    for start in range(0, len(ids), 200):
        yield from _task_lines(ctx, ids[start : start + 200])


def _contact(ctx: Context, contact_id: int | None) -> dict[str, Any] | None:
    """A contact by its identities (address, chat), which is how the target finds it again."""
    if contact_id is None:
        return None
    c = ctx.db.one(
        "SELECT name, email, telegram_chat_id, telegram_username, organisation"
        " FROM contacts WHERE id = ?",
        (contact_id,),
    )
    if c is None:
        return None
    return {
        "name": c[0],
        "email": c[1],
        "telegram_chat_id": c[2],
        "telegram_username": c[3],
        "organisation": c[4],
    }


def _task_lines(ctx: Context, ids: list[int]) -> Iterator[dict[str, Any]]:
    for record in load_records(ctx.db, ids):
        row = ctx.db.one(
            "SELECT due_date, due_at, created_at, updated_at, closed_at, dedupe_key, version"
            " FROM tasks WHERE id = ?",
            (record.id,),
        )
        assert row is not None
        requester = _contact(ctx, record.requester.id) if record.requester else None
        comments = [
            {
                "author": r[0],
                "author_contact": _contact(ctx, r[1]),
                "body": r[2],
                "public": bool(r[3]),
                "channel": r[4],
                "external_id": r[5],
                "created_at": _ts(r[6]),
                "edited_at": _ts(r[7]),
            }
            for r in ctx.db.all(
                "SELECT u.handle, c.author_contact_id, c.body, c.public, c.channel, c.external_id,"
                " c.created_at, c.edited_at FROM comments c"
                " LEFT JOIN users u ON u.id = c.author_user_id"
                " WHERE c.task_id = ? ORDER BY c.created_at, c.id",
                (record.id,),
            )
        ]
        history = [
            {
                "actor": r[0],
                "actor_contact": _contact(ctx, r[1]),
                "at": _ts(r[2]),
                "action": r[3],
                "changes": json.loads(r[4]),
                "note": r[5],
            }
            for r in ctx.db.all(
                "SELECT u.handle, h.actor_contact_id, h.at, h.action, h.changes, h.note FROM history h"
                " LEFT JOIN users u ON u.id = h.actor_user_id"
                " WHERE h.task_id = ? ORDER BY h.at, h.id",
                (record.id,),
            )
        ]
        attachments = [
            {
                "filename": r[0],
                "content_type": r[1],
                "sha256": r[2],
                "created_at": _ts(r[3]),
                "uploaded_by": r[4],
                "data": base64.b64encode(bytes(r[5])).decode("ascii"),
            }
            for r in ctx.db.all(
                "SELECT a.filename, a.content_type, a.sha256, a.created_at, u.handle, a.data"
                " FROM attachments a LEFT JOIN users u ON u.id = a.uploaded_by_id"
                " WHERE a.task_id = ? ORDER BY a.id",
                (record.id,),
            )
        ]
        yield {
            "type": "task",
            "id": record.id,
            "title": record.title,
            "description": record.description,
            "status": record.status,
            "closed": record.closed,
            "priority": record.priority,
            "author": record.author,
            "assignee": record.assignee,
            "group": record.group,
            "form": record.form,
            "form_version": record.form_version,
            "fields": record.fields,
            "due_date": None if row[0] is None else str(row[0])[:10],
            "due_at": _ts(row[1]),
            "created_at": _ts(row[2]),
            "updated_at": _ts(row[3]),
            "closed_at": _ts(row[4]),
            "parent": record.parent,
            "requester": requester,
            "channel": record.channel,
            "dedupe_key": row[5],
            "version": row[6],
            "watchers": record.watchers,
            "tags": record.tags,
            "comments": comments,
            "history": history,
            "attachments": attachments,
        }


@dataclass
class ImportResult:
    created: int = 0
    skipped: int = 0
    people: int = 0


def import_lines(ctx: Context, lines: Iterable[str]) -> ImportResult:
    from teamtask.services.transfer_import import Importer

    importer = Importer(ctx)
    with ctx.db.transaction():
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                raise Invalid(f"line {number} is not JSON: {exc.msg}") from None
            if not isinstance(item, dict) or "type" not in item:
                raise Invalid(f"line {number} is not a teamtask export record")
            importer.take(item, number)
        importer.finish()
    ctx.forget_people()
    return importer.result
