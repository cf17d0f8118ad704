"""Form use cases: install and version forms, create form tasks, set typed field values.

Field values live in `task_fields`, one typed row per (task, field): numbers and money in
`value_num`, dates in `value_date`, case-folded text in `value_folded`, the exact value in
`value_json`. Registry filters (`total>10000`, `date<2026-12-01`, `supplier~ромашка`) then
compile to an indexed lookup on (key, typed value) on both databases; a JSON column with
expression indexes would need one index per field and per dialect.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from importlib import resources
from typing import Any

from teamtask.domain.errors import Invalid
from teamtask.domain.forms import (
    FormDef,
    comparable,
    missing_required,
    parse_form,
    to_storage,
    validate_value,
)
from teamtask.services.context import Context

BUILTIN = ("support", "incident", "release", "kb", "invoice")


def _cache(ctx: Context) -> dict[tuple[str, int | None], FormDef]:
    cache = getattr(ctx, "_forms", None)
    if cache is None:
        cache = {}
        ctx._forms = cache  # type: ignore[attr-defined]
    return cache


def form_definition(ctx: Context, key: str, version: int | None = None) -> FormDef:
    cache = _cache(ctx)
    if (key, version) in cache:
        return cache[(key, version)]
    if version is None:
        row = ctx.db.one(
            "SELECT version, definition FROM forms WHERE key = ? ORDER BY version DESC LIMIT 1",
            (key,),
        )
    else:
        row = ctx.db.one(
            "SELECT version, definition FROM forms WHERE key = ? AND version = ?", (key, version)
        )
    if row is None:
        known = [r[0] for r in ctx.db.all("SELECT DISTINCT key FROM forms ORDER BY key")]
        hint = (
            f"; forms: {', '.join(known)}"
            if known
            else "; run `tt db upgrade` to install the built-in forms"
        )
        raise Invalid(f"unknown form {key!r}{hint}")
    form = parse_form(json.loads(row[1]), version=row[0])
    cache[(key, version)] = form
    return form


def builtin_source(key: str) -> str:
    return resources.files("teamtask.forms").joinpath(f"{key}.toml").read_text(encoding="utf-8")


def _save_version(ctx: Context, form: FormDef) -> int:
    current = ctx.db.scalar("SELECT max(version) FROM forms WHERE key = ?", (form.key,)) or 0
    version = int(current) + 1
    ctx.db.execute("UPDATE forms SET current = ? WHERE key = ?", (False, form.key))
    ctx.db.execute(
        "INSERT INTO forms (key, version, title, definition, current, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (
            form.key,
            version,
            form.title,
            json.dumps(form.source, ensure_ascii=False, sort_keys=True),
            True,
            ctx.now(),
        ),
    )
    _cache(ctx).clear()
    return version


def install_builtin_forms(ctx: Context) -> list[str]:
    """Install the shipped forms that the database does not have yet (first use, upgrade)."""
    installed = []
    with ctx.db.transaction():
        present = {r[0] for r in ctx.db.all("SELECT DISTINCT key FROM forms")}
        for key in BUILTIN:
            if key not in present:
                _save_version(ctx, parse_form(tomllib.loads(builtin_source(key))))
                installed.append(key)
    return installed


def import_form(ctx: Context, text: str) -> tuple[str, int]:
    """A new version of a form from TOML; tasks created earlier keep their version."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise Invalid(f"the form file is not valid TOML: {exc}") from None
    form = parse_form(raw)
    with ctx.db.transaction():
        version = _save_version(ctx, form)
    return form.key, version


def export_form(ctx: Context, key: str) -> str:
    form = form_definition(ctx, key)
    import tomli_w

    return tomli_w.dumps(form.source)


def list_forms(ctx: Context) -> list[dict[str, Any]]:
    rows = ctx.db.all(
        "SELECT f.key, f.version, f.title, (SELECT count(*) FROM tasks t WHERE t.form_key = f.key)"
        " FROM forms f WHERE f.current = ? ORDER BY f.key",
        (True,),
    )
    return [{"key": r[0], "version": r[1], "title": r[2], "tasks": r[3]} for r in rows]


def all_statuses(ctx: Context) -> set[str]:
    keys: set[str] = set()
    for (key,) in ctx.db.all("SELECT key FROM forms WHERE current = ?", (True,)):
        keys.update(form_definition(ctx, key).workflow.keys())
    return keys


def all_field_types(ctx: Context) -> dict[str, str]:
    types: dict[str, str] = {}
    for (key,) in ctx.db.all("SELECT key FROM forms WHERE current = ?", (True,)):
        for f in form_definition(ctx, key).fields:
            types.setdefault(f.key, f.type)
    return types


# -- form tasks ------------------------------------------------------------------------


@dataclass
class Prepared:
    version: int
    fields: dict[str, Any]
    group_id: int | None
    assignee_id: int | None
    title: str | None


def validate_fields(ctx: Context, form: FormDef, raw: dict[str, Any]) -> dict[str, Any]:
    users = set(ctx.users())
    now = ctx.local_now()
    return {
        key: validate_value(form.field(key), value, now=now, users=users)
        for key, value in raw.items()
    }


def prepare_form_task(ctx: Context, new: Any) -> Prepared:
    form = form_definition(ctx, new.form)
    values = {f.key: f.default for f in form.fields if f.default is not None}
    values.update(validate_fields(ctx, form, new.fields))
    values = {k: v for k, v in values.items() if v is not None}
    status = new.status or form.workflow.initial.key
    missing = missing_required(form, values, status)
    if missing:
        raise Invalid(
            "form "
            + form.key
            + " needs "
            + ", ".join(f"{f.key} ({f.expected()})" for f in missing)
            + ": pass -F key=value"
        )
    group_id = ctx.group_id_of(form.default_group) if form.default_group in ctx.groups() else None
    assignee_id = ctx.user_id_of(form.default_assignee) if form.default_assignee else None
    routed = _route(ctx, form, new, values)
    if routed is not None:
        group_id, assignee_id = routed[0] or group_id, routed[1] or assignee_id
    return Prepared(form.version, values, group_id, assignee_id, form.render_title(values))


def evaluation_record(form_def: FormDef, values: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """A task as domain.evaluate sees it (routing and approval conditions)."""
    fields = {}
    for key, value in values.items():
        if form_def.has_field(key):
            fields[key] = comparable(form_def.field(key), value)
    return {"fields": fields, **extra}


def _route(ctx: Context, form: FormDef, new: Any, values: dict[str, Any]):
    """The first routing rule whose condition holds decides group and assignee."""
    if not form.routes:
        return None
    from teamtask.domain.evaluate import evaluate
    from teamtask.domain.filters import parse_filter

    record = evaluation_record(
        form,
        values,
        title=new.title,
        description=new.description,
        tags=list(new.tags),
        priority=new.priority,
        channel=new.channel,
        form=form.key,
    )
    for rule in form.routes:
        node = parse_filter(rule.when, now=ctx.local_now())
        if evaluate(node, record, me=ctx.user_handle or "", now=ctx.local_now()):
            group_id = ctx.group_id_of(rule.group) if rule.group else None
            assignee_id = ctx.user_id_of(rule.assignee) if rule.assignee else None
            return group_id, assignee_id
    return None


def write_fields(
    ctx: Context, task_id: int, values: dict[str, Any], *, validated: bool = True
) -> None:
    """Store already validated values for a new task (or an imported one)."""
    row = ctx.db.one("SELECT form_key, form_version FROM tasks WHERE id = ?", (task_id,))
    if row is None or row[0] is None:
        raise Invalid(f"task #{task_id} has no form, so it has no fields")
    form = form_definition(ctx, row[0], row[1])
    for key, value in values.items():
        _store(ctx, task_id, form, key, value)


def _store(ctx: Context, task_id: int, form: FormDef, key: str, value: Any) -> None:
    ctx.db.execute("DELETE FROM task_fields WHERE task_id = ? AND key = ?", (task_id, key))
    if value is None:
        return
    stored = to_storage(form.field(key), value)
    ctx.db.execute(
        "INSERT INTO task_fields (task_id, key, value_json, value_num, value_date, value_folded)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (task_id, key, stored.json, stored.num, stored.day, stored.folded),
    )


def current_values(ctx: Context, task_id: int) -> dict[str, Any]:
    return {
        key: json.loads(value)
        for key, value in ctx.db.all(
            "SELECT key, value_json FROM task_fields WHERE task_id = ?", (task_id,)
        )
    }


def update_fields(
    ctx: Context,
    row: dict[str, Any],
    raw: dict[str, Any],
    new_status: str | None,
    *,
    only_empty: bool = False,
) -> dict[str, tuple[Any, Any]]:
    """Validate and write field changes; returns the history diff. Nothing is written on error."""
    if not row["form_key"]:
        raise Invalid(f"task #{row['id']} has no form, so it has no fields to set")
    form = form_definition(ctx, row["form_key"], row["form_version"])
    clean = validate_fields(ctx, form, raw)
    before = current_values(ctx, row["id"])
    after = {**before, **clean}
    after = {k: v for k, v in after.items() if v is not None}
    missing = missing_required(form, after, new_status or row["status"])
    if missing:
        raise Invalid(
            f"task #{row['id']} needs "
            + ", ".join(f.key for f in missing)
            + f" at status {new_status or row['status']}"
        )
    diff: dict[str, tuple[Any, Any]] = {}
    for key, value in clean.items():
        if only_empty and before.get(key) not in (None, "", []):
            continue
        if before.get(key) != value:
            _store(ctx, row["id"], form, key, value)
            diff[f"field.{key}"] = (before.get(key), value)
    return diff


def check_status_fields(ctx: Context, row: dict[str, Any], new_status: str) -> None:
    """Moving a form task on checks the fields required from that status."""
    if not row["form_key"]:
        return
    form = form_definition(ctx, row["form_key"], row["form_version"])
    missing = missing_required(form, current_values(ctx, row["id"]), new_status)
    if missing:
        raise Invalid(
            f"task #{row['id']} cannot move to {new_status}: fill "
            + ", ".join(f"{f.key} ({f.expected()})" for f in missing)
            + " first (tt edit ID -F key=value)"
        )


def after_form_task_created(ctx: Context, task_id: int, *, start_approval: bool = True) -> None:
    """A form with an approval route starts it as soon as the task exists."""
    row = ctx.db.one("SELECT form_key, form_version FROM tasks WHERE id = ?", (task_id,))
    assert row is not None
    form = form_definition(ctx, row[0], row[1])
    if form.approval and start_approval:
        from teamtask.services.approvals import start_route

        start_route(ctx, task_id, form)
    after_change(ctx, task_id)


def after_status_change(ctx: Context, task_id: int, status: str) -> None:
    """A draft moved to the approval status by hand starts its route (once per round)."""
    row = ctx.db.one("SELECT form_key, form_version FROM tasks WHERE id = ?", (task_id,))
    assert row is not None
    form = form_definition(ctx, row[0], row[1])
    if not form.approval or status != form.approval_status:
        return
    running = ctx.db.scalar(
        "SELECT 1 FROM approval_steps WHERE task_id = ? AND status IN ('waiting', 'pending')"
        " AND round = (SELECT max(round) FROM approval_steps WHERE task_id = ?)",
        (task_id, task_id),
    )
    if not running:
        from teamtask.services.approvals import start_route

        start_route(ctx, task_id, form)


def after_change(ctx: Context, task_id: int) -> None:
    """Keep the knowledge-base search index in step with the task."""
    from teamtask.services.search import reindex

    reindex(ctx, task_id)
