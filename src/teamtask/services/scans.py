"""Filling a form from a recognized scan (`tt ocr --task ID` / `tt ocr --create`).

The OCR engine (teamtask.ocr) says what the document contains; this use case decides what
goes into the task: only keys the task's form has, only values its field types accept, never
over what a person already typed (unless asked), the scan attached, one history event, and an
internal comment that lists what a person should check.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from teamtask.domain.errors import Invalid
from teamtask.domain.forms import FormDef, missing_required, validate_value
from teamtask.services import history
from teamtask.services.context import Context


@dataclass
class Scan:
    filename: str
    data: bytes
    values: dict[str, Any]  # form key → value as recognized (None: not found)
    notes: list[str] = field(default_factory=list)  # warnings, low-confidence fields


@dataclass
class Filled:
    task_id: int
    filled: list[str]
    kept: list[str]  # already filled by a person, left alone
    rejected: list[str]  # recognized, but not a valid value for the field
    created: bool = False
    approval_started: bool = False


def _usable(
    ctx: Context, form: FormDef, values: dict[str, Any]
) -> tuple[dict[str, Any], list[str]]:
    """Values the form accepts, and notes on those it does not (a misread date, say)."""
    accepted: dict[str, Any] = {}
    rejected: list[str] = []
    now = ctx.local_now()
    for key, value in values.items():
        if value is None or value == [] or not form.has_field(key):
            continue
        try:
            accepted[key] = validate_value(form.field(key), value, now=now, users=set(ctx.users()))
        except Invalid as exc:
            rejected.append(f"{key}: {exc}")
    return accepted, rejected


def _comment(ctx: Context, task_id: int, scan: Scan, result: Filled) -> None:
    from teamtask.services.comments import insert_comment

    lines = [f"Filled from scan {scan.filename}: {', '.join(result.filled) or 'nothing'}."]
    if result.kept:
        lines.append("Kept what was already filled: " + ", ".join(result.kept) + ".")
    lines += [f"- check {note}" for note in scan.notes]
    lines += [f"- not taken: {reason}" for reason in result.rejected]
    insert_comment(ctx, task_id, "\n".join(lines), public=False, channel="ocr")


def fill_task(ctx: Context, task_id: int, scan: Scan, *, overwrite: bool = False) -> Filled:
    from teamtask.services.attachments import store_attachment
    from teamtask.services.forms import current_values, form_definition, update_fields
    from teamtask.services.tasks import require_row

    with ctx.db.transaction():
        row = require_row(ctx, task_id, for_update=True)
        if not row["form_key"]:
            raise Invalid(f"task #{task_id} has no form to fill; create it with --form invoice")
        form = form_definition(ctx, row["form_key"], row["form_version"])
        accepted, rejected = _usable(ctx, form, scan.values)
        before = current_values(ctx, task_id)
        kept = [k for k in accepted if not overwrite and before.get(k) not in (None, "", [])]
        changes = {k: v for k, v in accepted.items() if k not in kept}
        diff = update_fields(ctx, row, changes, None) if changes else {}
        store_attachment(ctx, task_id, scan.filename, scan.data)
        result = Filled(task_id, sorted(k.removeprefix("field.") for k in diff), kept, rejected)
        history.record(ctx, task_id, "filled from scan", diff, note=scan.filename)
        _comment(ctx, task_id, scan, result)
        history.touch(ctx, task_id)
    return result


def create_from_scan(ctx: Context, form_key: str, scan: Scan) -> Filled:
    """A new task of the form, titled by its template; its approval route starts when the
    scan gave every field the route needs, else the task waits as a draft with a note."""
    from teamtask.services.attachments import store_attachment
    from teamtask.services.forms import form_definition
    from teamtask.services.tasks import NewTask, create_task

    form = form_definition(ctx, form_key)
    accepted, rejected = _usable(ctx, form, scan.values)
    ready = not form.approval or not missing_required(form, accepted, form.approval_status or "")
    with ctx.db.transaction():
        created = create_task(
            ctx,
            NewTask(
                title=f"Скан {scan.filename}",
                form=form_key,
                fields=accepted,
                channel="ocr",
                start_approval=ready,
            ),
        )
        store_attachment(ctx, created.id, scan.filename, scan.data)
        result = Filled(
            created.id,
            sorted(accepted),
            [],
            rejected,
            created=True,
            approval_started=bool(form.approval) and ready,
        )
        if form.approval and not ready:
            missing = missing_required(form, accepted, form.approval_status or "")
            scan.notes.append(
                "approval not started: fill "
                + ", ".join(f.key for f in missing)
                + f", then `tt move {created.id} {form.approval_status}`"
            )
        history.record(
            ctx,
            created.id,
            "filled from scan",
            {f"field.{k}": (None, v) for k, v in accepted.items()},
            note=scan.filename,
        )
        _comment(ctx, created.id, scan, result)
    return result
