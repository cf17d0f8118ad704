"""Forms: typed fields, own statuses, routing and approval routes. (Filled in by issue 3.)"""

from __future__ import annotations

from typing import Any

from teamtask.domain.errors import Invalid
from teamtask.services.context import Context


def _no_form(key: str) -> Invalid:
    return Invalid(f"unknown form {key!r}: no forms are installed (run `tt db upgrade`)")


def form_definition(ctx: Context, key: str, version: int | None = None) -> Any:
    raise _no_form(key)


def install_builtin_forms(ctx: Context) -> list[str]:
    return []


def all_field_types(ctx: Context) -> dict[str, str]:
    return {}


def prepare_form_task(ctx: Context, new: Any) -> Any:
    raise _no_form(new.form)


def write_fields(ctx: Context, task_id: int, fields: dict[str, Any]) -> None:
    raise Invalid("form fields need a form")


def update_fields(ctx: Context, row: dict[str, Any], fields: dict[str, Any], status: str | None):
    if not row["form_key"]:
        raise Invalid(f"task #{row['id']} has no form, so it has no fields to set")
    raise _no_form(row["form_key"])


def after_form_task_created(ctx: Context, task_id: int) -> None:
    return None


def after_status_change(ctx: Context, task_id: int, old: str, new: str) -> None:
    return None
