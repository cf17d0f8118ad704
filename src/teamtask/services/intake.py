"""Automation intake: JSON objects from scripts and monitoring become tasks.

One object per line (`tt add --from-json`); each line stands alone, so one bad alert never
stops the others. A `dedupe_key` makes repeated alerts update one open task.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from teamtask.domain.errors import DomainError, Invalid
from teamtask.services.context import Context
from teamtask.services.tasks import NewTask, create_task

FIELDS = {
    "title": str,
    "description": str,
    "group": str,
    "form": str,
    "fields": dict,
    "assignee": str,
    "watchers": list,
    "tags": list,
    "due": str,
    "priority": str,
    "requester": str,
    "dedupe_key": str,
}


@dataclass
class LineResult:
    line: int
    ok: bool
    id: int | None = None
    created: bool = False
    title: str | None = None
    error: str | None = None

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"line": self.line, "ok": self.ok}
        if self.ok:
            data.update(id=self.id, created=self.created, title=self.title)
        else:
            data["error"] = self.error
        return data

    def text(self) -> str:
        if not self.ok:
            return f"line {self.line}: error: {self.error}"
        verb = "created" if self.created else "repeated"
        return f"line {self.line}: #{self.id} {verb}: {self.title}"


def new_task_from_object(ctx: Context, data: Any) -> NewTask:
    if not isinstance(data, dict):
        raise Invalid("expected a JSON object")
    unknown = sorted(set(data) - set(FIELDS))
    if unknown:
        raise Invalid(f"unknown keys {', '.join(unknown)}; expected {', '.join(FIELDS)}")
    for key, kind in FIELDS.items():
        if key in data and data[key] is not None and not isinstance(data[key], kind):
            raise Invalid(f"{key} must be a {kind.__name__}")
    if not data.get("title"):
        raise Invalid("title is required")
    due = None
    if data.get("due"):
        from teamtask.domain.dates import parse_date

        due = parse_date(data["due"], now=ctx.local_now())
    return NewTask(
        title=data["title"],
        description=data.get("description") or "",
        group=data.get("group"),
        form=data.get("form"),
        fields=data.get("fields") or {},
        assignee=(data.get("assignee") or "").lstrip("@") or None,
        watchers=[str(w).lstrip("@") for w in data.get("watchers") or []],
        tags=[str(t) for t in data.get("tags") or []],
        due=due,
        priority=data.get("priority") or "normal",
        requester=data.get("requester"),
        dedupe_key=data.get("dedupe_key"),
        channel="automation",
    )


def intake_line(ctx: Context, number: int, line: str) -> LineResult:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        return LineResult(number, False, error=f"not JSON: {exc.msg} at column {exc.colno}")
    try:
        created = create_task(ctx, new_task_from_object(ctx, data))
    except DomainError as exc:
        return LineResult(number, False, error=str(exc))
    return LineResult(number, True, created.id, created.created, created.title)
