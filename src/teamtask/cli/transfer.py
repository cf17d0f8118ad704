"""`tt export` / `tt import`: move a team between databases without losing anything."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from teamtask.cli.state import state_of


def export(
    ctx: typer.Context,
    filter_words: Annotated[
        list[str] | None, typer.Argument(help="Filter (default: all tasks).")
    ] = None,
) -> None:
    """Write tasks as JSON lines (comments, history, tags, watchers, attachments) to stdout."""
    from teamtask.cli.output import emit_jsonl
    from teamtask.services.transfer import export_lines

    emit_jsonl(export_lines(state_of(ctx).context(), filter_words or ["status:any"]))


def import_(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="A file from `tt export`, or - for stdin.")],
) -> None:
    """Import `tt export` output; importing the same file twice creates nothing twice."""
    from teamtask.domain.errors import Invalid
    from teamtask.services.transfer import import_lines

    try:
        handle = sys.stdin if str(path) == "-" else path.open(encoding="utf-8")
    except OSError as exc:
        raise Invalid(f"cannot read {path}: {exc.strerror}") from None
    with handle:
        result = import_lines(state_of(ctx).context(), handle)
    sys.stderr.write(
        f"imported {result.created} tasks, {result.skipped} already present, "
        f"{result.people} people and groups added\n"
    )
