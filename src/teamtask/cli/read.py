"""Commands that read: ls, show, inbox."""

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from teamtask.cli.state import State, state_of

if TYPE_CHECKING:
    from teamtask.services.context import Context
    from teamtask.store.tasks import TaskRecord


DEFAULT_COLUMNS = ["id", "status", "priority", "due", "assignee", "group", "title"]


def column_value(context: "Context", record: "TaskRecord", column: str) -> object:
    from teamtask.cli.output import short
    from teamtask.domain.dates import format_due

    if column == "due":
        return format_due(record.due, context.tz) if record.due else ""
    if column == "tags":
        return " ".join("+" + t for t in record.tags)
    if column == "requester":
        return record.requester.label if record.requester else ""
    if column in record.fields:
        value = record.fields[column]
        if isinstance(value, dict) and "amount" in value:  # money
            return f"{value['amount']} {value.get('currency', '')}".strip()
        return short(value)
    value = getattr(record, column, None)
    if column in ("created_at", "updated_at", "closed_at") and value is not None:
        value = value.astimezone(context.tz)
    return short(value)


def ls(
    ctx: typer.Context,
    filter_words: Annotated[
        list[str] | None, typer.Argument(help="Filter terms (default status:open).")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="table|json|csv|ids")] = "table",
    sort: Annotated[str | None, typer.Option("--sort", help="due, -priority, -total, …")] = None,
    limit: Annotated[int, typer.Option("--limit", help="Rows to show (0 = all).")] = 50,
    columns: Annotated[str | None, typer.Option("--columns", help="id,title,total,…")] = None,
    delimiter: Annotated[str, typer.Option("--delimiter", help="CSV delimiter, e.g. ';'")] = ",",
    bom: Annotated[
        bool, typer.Option("--bom", help="CSV with a UTF-8 BOM (for spreadsheets).")
    ] = False,
) -> None:
    """List tasks matching a filter: tt ls @me +bug due.before:eow"""
    from teamtask.domain.errors import Invalid
    from teamtask.services.queries import list_tasks

    if fmt not in ("table", "json", "csv", "ids"):
        raise Invalid(f"unknown format {fmt!r}: expected table, json, csv or ids")
    if limit < 0:
        raise Invalid("--limit cannot be negative")
    context = state_of(ctx).context()
    page = list_tasks(context, filter_words or [], sort=sort, limit=limit or None)
    chosen = [c.strip() for c in columns.split(",")] if columns else DEFAULT_COLUMNS
    if fmt == "ids":
        sys.stdout.write("".join(f"{r.id}\n" for r in page.records))
    elif fmt == "json":
        from teamtask.cli.output import emit_json

        emit_json([r.as_json(context.tz) for r in page.records])
    elif fmt == "csv":
        from teamtask.cli.output import emit_csv

        rows = ([column_value(context, r, c) for c in chosen] for r in page.records)
        emit_csv(chosen, rows, delimiter=delimiter, bom=bom)
    else:
        from teamtask.cli.output import print_table

        shown = len(page.records)
        caption = (
            f"first {shown} tasks shown; more match: --limit 0 shows all" if page.more else None
        )
        if not page.records:
            sys.stderr.write("no tasks match\n")
            return
        print_table(
            None,
            chosen,
            ([column_value(context, r, c) for c in chosen] for r in page.records),
            caption=caption,
        )


def show(
    ctx: typer.Context,
    task_id: Annotated[int, typer.Argument(help="Task number.")],
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Everything about one task: fields, people, timeline, attachments."""
    from teamtask.services.queries import task_detail
    from teamtask.services.tasks import mark_seen

    context = state_of(ctx).context()
    detail = task_detail(context, task_id)
    mark_seen(context, task_id)
    if as_json:
        from teamtask.cli.output import emit_json

        emit_json(detail.as_json(context.tz))
        return
    from teamtask.cli.render import render_detail

    render_detail(context, detail)


def inbox(ctx: typer.Context, as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """What needs me: assigned to me, unassigned in my groups, awaiting me, unseen activity."""
    from teamtask.services.queries import INBOX_REASONS
    from teamtask.services.queries import inbox as inbox_query

    context = state_of(ctx).context()
    entries = inbox_query(context)
    if as_json:
        from teamtask.cli.output import emit_json

        emit_json([{"reason": e.reason, "task": e.record.as_json(context.tz)} for e in entries])
        return
    if not entries:
        sys.stderr.write("inbox zero: nothing needs you\n")
        return
    from teamtask.cli.output import print_table

    for reason, title in INBOX_REASONS.items():
        rows = [e.record for e in entries if e.reason == reason]
        if rows:
            columns = ["id", "status", "due", "assignee", "title"]
            print_table(
                f"{title} ({len(rows)})",
                columns,
                ([column_value(context, r, c) for c in columns] for r in rows),
            )


def print_overview(state: State) -> None:
    from teamtask.cli.output import console

    context = state.context()
    out = console()
    out.print(f"[bold]teamtask[/] · {context.db.url.url} · you are @{context.user_handle}")
    from teamtask.services.queries import INBOX_REASONS, list_tasks
    from teamtask.services.queries import inbox as inbox_query

    entries = inbox_query(context)
    from teamtask.cli.output import print_table

    columns = ["id", "status", "due", "assignee", "title"]
    for reason, title in INBOX_REASONS.items():
        rows = [e.record for e in entries if e.reason == reason]
        if rows:
            print_table(
                f"Inbox · {title} ({len(rows)})",
                columns,
                ([column_value(context, r, c) for c in columns] for r in rows[:15]),
            )
    page = list_tasks(context, [], limit=20)
    print_table(
        f"Open tasks ({len(page.records)}{'+' if page.more else ''})",
        DEFAULT_COLUMNS,
        ([column_value(context, r, c) for c in DEFAULT_COLUMNS] for r in page.records),
    )
