"""History events: every change a use case makes is recorded in the same transaction."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from teamtask.services.context import Context


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, set | tuple):
        return sorted(value) if isinstance(value, set) else list(value)
    return value


def record(
    ctx: Context,
    task_id: int,
    action: str,
    changes: dict[str, tuple[Any, Any]] | None = None,
    *,
    note: str | None = None,
    actor_contact_id: int | None = None,
    as_user: bool = True,
) -> None:
    payload = {k: [_plain(old), _plain(new)] for k, (old, new) in (changes or {}).items()}
    ctx.db.execute(
        "INSERT INTO history (task_id, actor_user_id, actor_contact_id, at, action, changes, note)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            task_id,
            ctx.user_id if as_user and actor_contact_id is None else None,
            actor_contact_id,
            ctx.now(),
            action,
            json.dumps(payload, ensure_ascii=False, sort_keys=True),
            note,
        ),
    )


def touch(ctx: Context, task_id: int) -> None:
    """Bump updated_at and version: other writers' stale copies must now conflict."""
    ctx.db.execute(
        "UPDATE tasks SET updated_at = ?, version = version + 1 WHERE id = ?",
        (ctx.now(), task_id),
    )
