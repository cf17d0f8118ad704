"""The root Typer app. Imports nothing heavy: each command imports its service in its body."""

from __future__ import annotations

from typing import Annotated

import typer

from teamtask.cli.state import State

HELP = """teamtask: every task of the team, from the terminal.

Capture in one line (`tt add Fix login @alice +bug due:fri`), refine, discuss, close.
Exit codes: 0 ok, 1 not found/conflict/failed, 2 bad input, 3 environment (database, config)."""


def build_app() -> typer.Typer:
    from teamtask.cli import admin, forms, people, tasks, transfer, workflow

    app = typer.Typer(
        help=HELP,
        no_args_is_help=False,
        invoke_without_command=True,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
        add_completion=True,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    app.callback()(root)
    tasks.register(app)
    people.register(app)
    transfer.register(app)
    admin.register(app)
    forms.register(app)
    workflow.register(app)
    try:
        from teamtask.cli import ocr as ocr_cli
    except ImportError:  # pragma: no cover - while the OCR command is being written
        ocr_cli = None
    if ocr_cli is not None:
        app.command("ocr", help="Read scanned invoices, waybills and contracts into form fields.")(
            ocr_cli.ocr
        )
    return app


def root(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option("--db", envvar="TEAMTASK_DB", help="Database URL or SQLite file path."),
    ] = None,
    user: Annotated[
        str | None, typer.Option("--user", envvar="TEAMTASK_USER", help="Act as this user.")
    ] = None,
    config: Annotated[
        str | None,
        typer.Option("--config", envvar="TEAMTASK_CONFIG", help="Configuration TOML file."),
    ] = None,
) -> None:
    state = State(db=db, user=user, config=config)
    ctx.obj = state
    ctx.call_on_close(state.close)
    if ctx.invoked_subcommand is None:
        from teamtask.cli.tasks import open_default_interface

        open_default_interface(state)
