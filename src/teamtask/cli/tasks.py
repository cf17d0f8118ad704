"""Commands that capture and refine tasks: add, edit, comment, assign, close, move, attach."""

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from teamtask.cli.state import State, state_of

if TYPE_CHECKING:
    from datetime import date, datetime

    from teamtask.services.context import Context

Json = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]
TaskId = Annotated[int, typer.Argument(help="Task number.", show_default=False)]


def read_text_arg(value: str | None) -> str | None:
    """`-` means standard input, so long text can be piped in."""
    if value == "-":
        return sys.stdin.read()
    return value


def parse_due(context: "Context", text: str | None) -> "date | datetime | None":
    if text is None:
        return None
    from teamtask.domain.dates import parse_date

    return parse_date(text, now=context.local_now())


def parse_fields(values: list[str] | None) -> dict[str, str]:
    """`-F key=value`; the form service validates and types the values."""
    fields: dict[str, str] = {}
    for item in values or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            from teamtask.domain.errors import Invalid

            raise Invalid(f"-F expects key=value, got {item!r}")
        if value.startswith("@") and len(value) > 1 and Path(value[1:]).is_file():
            value = Path(value[1:]).read_text(encoding="utf-8")
        fields[key.strip()] = value
    return fields


def print_task_json(context: "Context", task_id: int) -> None:
    from teamtask.cli.output import emit_json
    from teamtask.store.tasks import load_record

    record = load_record(context.db, task_id)
    assert record is not None
    emit_json(record.as_json(context.tz))


def add(
    ctx: typer.Context,
    text: Annotated[
        list[str] | None, typer.Argument(help="Title with inline @who +tag due:DATE !prio.")
    ] = None,
    assignee: Annotated[str | None, typer.Option("-a", "--assignee")] = None,
    group: Annotated[str | None, typer.Option("-g", "--group")] = None,
    due: Annotated[
        str | None, typer.Option("-d", "--due", help="today, fri, +3d, 01.12.2026…")
    ] = None,
    watch: Annotated[list[str] | None, typer.Option("-w", "--watch")] = None,
    tag: Annotated[list[str] | None, typer.Option("-t", "--tag")] = None,
    priority: Annotated[
        str | None, typer.Option("-p", "--priority", help="low|normal|high|urgent")
    ] = None,
    description: Annotated[
        str | None, typer.Option("-m", "--description", help="Text or - for stdin.")
    ] = None,
    parent: Annotated[int | None, typer.Option("--parent")] = None,
    requester: Annotated[str | None, typer.Option("--requester", help="EMAIL or @telegram")] = None,
    dedupe_key: Annotated[
        str | None, typer.Option("--dedupe-key", help="Open once per key.")
    ] = None,
    form: Annotated[str | None, typer.Option("--form", help="Form key, e.g. support.")] = None,
    field: Annotated[list[str] | None, typer.Option("-F", "--field", help="key=value")] = None,
    from_json: Annotated[
        str | None, typer.Option("--from-json", help="JSON lines from FILE or - (scripts).")
    ] = None,
    as_json: Json = False,
) -> None:
    """Capture a task in one line: tt add Fix login @alice +bug due:fri"""
    from teamtask.domain.capture import parse_capture
    from teamtask.domain.errors import Invalid
    from teamtask.services.tasks import NewTask, create_task

    if from_json is not None:
        if text:
            raise Invalid("give either a title or --from-json, not both")
        add_from_json(ctx, from_json, as_json)
        return
    if not text:
        raise Invalid("a task needs a title: tt add Fix login @alice +bug due:fri")
    context = state_of(ctx).context()
    capture = parse_capture(text, now=context.local_now())
    new = NewTask(
        title=capture.title,
        description=read_text_arg(description) or "",
        assignee=assignee.lstrip("@") if assignee else None,
        group=group,
        due=parse_due(context, due) if due else capture.due,
        watchers=[h.lstrip("@") for h in watch or []],
        tags=[*capture.tags, *(tag or [])],
        priority=priority or capture.priority or "normal",
        parent=parent,
        requester=requester,
        dedupe_key=dedupe_key,
        form=form,
        fields=parse_fields(field),
        mentions=capture.mentions,
    )
    created = create_task(context, new)
    if as_json:
        print_task_json(context, created.id)
    elif created.created:
        sys.stdout.write(f"#{created.id} {created.title}\n")
    else:
        sys.stdout.write(f"#{created.id} {created.title} (repeated {created.repeats} times)\n")


def add_from_json(ctx: typer.Context, source: str, as_json: bool) -> None:
    """Each line is created, repeated or reported alone; exit 1 at the end if any failed."""
    from teamtask.domain.errors import Invalid
    from teamtask.services.intake import intake_line

    context = state_of(ctx).context()
    try:
        handle = sys.stdin if source == "-" else open(source, encoding="utf-8")  # noqa: SIM115
    except OSError as exc:
        raise Invalid(f"cannot read {source}: {exc.strerror}") from None
    failed = 0
    with handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            result = intake_line(context, number, line)
            failed += not result.ok
            if as_json:
                from teamtask.cli.output import emit_json

                emit_json(result.as_json())
            else:
                (sys.stdout if result.ok else sys.stderr).write(result.text() + "\n")
    if failed:
        raise typer.Exit(1)


def edit(
    ctx: typer.Context,
    task_id: TaskId,
    title: Annotated[str | None, typer.Option("--title")] = None,
    status: Annotated[str | None, typer.Option("--status")] = None,
    assignee: Annotated[str | None, typer.Option("-a", "--assignee")] = None,
    unassign: Annotated[bool, typer.Option("--unassign")] = False,
    group: Annotated[
        str | None, typer.Option("-g", "--group", help="'' removes the group.")
    ] = None,
    due: Annotated[str | None, typer.Option("-d", "--due", help="A date, or 'none'.")] = None,
    watch: Annotated[list[str] | None, typer.Option("-w", "--watch")] = None,
    tag: Annotated[list[str] | None, typer.Option("-t", "--tag")] = None,
    untag: Annotated[list[str] | None, typer.Option("--untag")] = None,
    priority: Annotated[str | None, typer.Option("-p", "--priority")] = None,
    description: Annotated[str | None, typer.Option("-m", "--description")] = None,
    parent: Annotated[int | None, typer.Option("--parent", help="0 removes the parent.")] = None,
    field: Annotated[list[str] | None, typer.Option("-F", "--field", help="key=value")] = None,
    editor: Annotated[
        bool, typer.Option("--editor", help="Edit title and description in $EDITOR.")
    ] = False,
    as_json: Json = False,
) -> None:
    """Refine a task: any option of `tt add`, plus --title, --status, --unassign, --untag."""
    from teamtask.services.tasks import UNSET, TaskChanges, edit_task, require_row

    context = state_of(ctx).context()
    changes = TaskChanges(
        title=title,
        description=read_text_arg(description),
        status=status,
        priority=priority,
        assignee=assignee.lstrip("@") if assignee else None,
        unassign=unassign,
        group=group,
        due=UNSET if due is None else (None if due.lower() == "none" else parse_due(context, due)),
        parent=UNSET if parent is None else (parent or None),
        add_watchers=[h.lstrip("@") for h in watch or []],
        add_tags=tag or [],
        remove_tags=untag or [],
        fields=parse_fields(field),
    )
    expected = None
    if editor:
        row = require_row(context, task_id)
        expected = row["version"]
        changes.title, changes.description = edit_in_editor(row["title"], row["description"])
    edit_task(context, task_id, changes, expected_version=expected)
    if as_json:
        print_task_json(context, task_id)
    else:
        from teamtask.cli.output import info

        info(f"#{task_id} updated")


def edit_in_editor(title: str, description: str) -> tuple[str, str]:
    """First line is the title, the rest (after a blank line) the description."""
    import shlex
    import subprocess
    import tempfile

    from teamtask.domain.errors import Invalid

    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    with tempfile.NamedTemporaryFile("w+", suffix=".md", delete=False, encoding="utf-8") as fh:
        fh.write(f"{title}\n\n{description}")
        path = fh.name
    try:
        result = subprocess.run([*shlex.split(editor), path], check=False)
        if result.returncode != 0:
            raise Invalid(f"the editor {editor!r} exited with status {result.returncode}")
        text = Path(path).read_text(encoding="utf-8")
    finally:
        Path(path).unlink(missing_ok=True)
    new_title, _, rest = text.partition("\n")
    return new_title.strip(), rest.strip("\n")


def comment(
    ctx: typer.Context,
    task_id: TaskId,
    text: Annotated[list[str], typer.Argument(help="Comment text, or - for stdin.")],
    public: Annotated[
        bool, typer.Option("--public", help="A reply the requester receives (email/Telegram).")
    ] = False,
) -> None:
    """Comment on a task (internal unless --public)."""
    from teamtask.cli.output import info
    from teamtask.services.comments import add_comment

    body = read_text_arg(" ".join(text)) or ""
    posted = add_comment(state_of(ctx).context(), task_id, body, public=public)
    if posted.outbox_id is not None:
        info(f"#{task_id} public reply queued for {posted.recipient}")
    elif public:
        info(f"#{task_id} public comment added (the task has no requester to send it to)")
    else:
        info(f"#{task_id} internal comment added")


def assign(ctx: typer.Context, task_id: TaskId, handle: str) -> None:
    """Make HANDLE the responsible person."""
    from teamtask.services.tasks import TaskChanges, edit_task

    edit_task(
        state_of(ctx).context(),
        task_id,
        TaskChanges(assignee=handle.lstrip("@")),
        action="assigned",
    )
    sys.stderr.write(f"#{task_id} assigned to @{handle.lstrip('@')}\n")


def watch(ctx: typer.Context, task_id: TaskId, handles: list[str]) -> None:
    """Add watchers."""
    from teamtask.services.tasks import TaskChanges, edit_task

    edit_task(
        state_of(ctx).context(), task_id, TaskChanges(add_watchers=[h.lstrip("@") for h in handles])
    )


def unwatch(ctx: typer.Context, task_id: TaskId, handles: list[str]) -> None:
    """Remove watchers."""
    from teamtask.services.tasks import TaskChanges, edit_task

    edit_task(
        state_of(ctx).context(),
        task_id,
        TaskChanges(remove_watchers=[h.lstrip("@") for h in handles]),
    )


def close(
    ctx: typer.Context,
    task_ids: Annotated[list[int], typer.Argument(help="Task numbers.")],
    message: Annotated[str | None, typer.Option("-m", "--message", help="Closing note.")] = None,
) -> None:
    """Close tasks (done, or the form's closed status)."""
    from teamtask.services.tasks import close_task

    context = state_of(ctx).context()
    for task_id in task_ids:
        status = close_task(context, task_id, note=message)
        sys.stderr.write(f"#{task_id} {status}\n")


def reopen(ctx: typer.Context, task_id: TaskId) -> None:
    """Reopen a closed task."""
    from teamtask.services.tasks import reopen_task

    status = reopen_task(state_of(ctx).context(), task_id)
    sys.stderr.write(f"#{task_id} {status}\n")


def move(ctx: typer.Context, task_id: TaskId, status: str) -> None:
    """Move a task to STATUS (a column of its board)."""
    from teamtask.services.tasks import move_task

    move_task(state_of(ctx).context(), task_id, status)
    sys.stderr.write(f"#{task_id} {status}\n")


def attach(ctx: typer.Context, task_id: TaskId, files: list[Path]) -> None:
    """Attach files to a task (stored in the database)."""
    from teamtask.domain.errors import Invalid
    from teamtask.services.attachments import attach as attach_files

    payload = []
    for path in files:
        try:
            payload.append((path.name, path.read_bytes()))
        except OSError as exc:
            raise Invalid(f"cannot read {path}: {exc.strerror}") from None
    for stored in attach_files(state_of(ctx).context(), task_id, payload):
        sys.stdout.write(f"{stored.id}\t{stored.filename}\t{stored.size}\n")


attachment_app = typer.Typer(help="Download attachments.", no_args_is_help=True)


@attachment_app.command("get")
def attachment_get(
    ctx: typer.Context,
    attachment_id: int,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="File, directory or -.")
    ] = None,
) -> None:
    """Save an attachment (to its own name in the current directory by default)."""
    from teamtask.services.attachments import get_attachment

    download = get_attachment(state_of(ctx).context(), attachment_id)
    if output is not None and str(output) == "-":
        sys.stdout.buffer.write(download.data)
        return
    target = output or Path(download.filename)
    if target.is_dir():
        target = target / download.filename
    target.write_bytes(download.data)
    sys.stderr.write(f"saved {target} ({len(download.data):,} bytes)\n")


def open_default_interface(state: State) -> None:
    """`tt` alone (and `tt demo`): the TUI on a terminal; piped, the inbox and open tasks."""
    if sys.stdin.isatty() and sys.stdout.isatty():
        from teamtask.cli.ui import run_tui

        run_tui(state)
        return
    from teamtask.cli import read

    read.print_overview(state)
