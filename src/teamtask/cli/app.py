"""The root Typer app, built for the one command being run.

Building every command costs ~100 ms of Typer introspection, and `tt add` runs in meetings:
`build_app(argv)` registers only the command named in argv (all of them for `--help`,
completion or a typo, so those still see the whole program). Command modules import
their services inside the command body, so importing a module stays cheap too.
"""

from importlib import import_module
from typing import Annotated

import typer

from teamtask.cli.state import State

HELP = """teamtask: every task of the team, from the terminal.

Capture in one line (`tt add Fix login @alice +bug due:fri`), refine, discuss, close.
Exit codes: 0 ok, 1 not found/conflict/failed, 2 bad input, 3 environment (database, config)."""

# command name → (module in teamtask.cli, attribute, help for sub-apps is their own)
COMMANDS: dict[str, tuple[str, str]] = {
    "add": ("tasks", "add"),
    "edit": ("tasks", "edit"),
    "comment": ("tasks", "comment"),
    "assign": ("tasks", "assign"),
    "watch": ("tasks", "watch"),
    "unwatch": ("tasks", "unwatch"),
    "close": ("tasks", "close"),
    "reopen": ("tasks", "reopen"),
    "move": ("tasks", "move"),
    "attach": ("tasks", "attach"),
    "attachment": ("tasks", "attachment_app"),
    "ls": ("read", "ls"),
    "show": ("read", "show"),
    "inbox": ("read", "inbox"),
    "board": ("workflow", "board"),
    "approve": ("workflow", "approve"),
    "reject": ("workflow", "reject"),
    "approvals": ("workflow", "approvals"),
    "approvers": ("workflow", "approvers"),
    "resubmit": ("workflow", "resubmit"),
    "revoke": ("workflow", "revoke"),
    "log": ("workflow", "log"),
    "time": ("workflow", "time_report"),
    "form": ("forms", "form_app"),
    "view": ("forms", "view_app"),
    "kb": ("forms", "kb_app"),
    "user": ("people", "user_app"),
    "group": ("people", "group_app"),
    "contact": ("people", "contact_app"),
    "export": ("transfer", "export"),
    "import": ("transfer", "import_"),
    "ocr": ("ocr", "ocr"),
    "poll": ("channels", "poll_app"),
    "outbox": ("channels", "outbox"),
    "quarantine": ("channels", "quarantine_app"),
    "db": ("admin", "db_app"),
    "demo": ("admin", "demo"),
    "ui": ("ui", "ui"),
}
GLOBAL_OPTIONS_WITH_VALUE = {"--db", "--user", "--config"}
# Commands whose arguments are filter terms: `-+bug` and `-@bob` are negations, not options.
FILTER_COMMANDS = {"ls", "board", "export", "time"}
FILTER_CONTEXT = {"ignore_unknown_options": True}


def invoked_command(argv: list[str]) -> str | None:
    """The subcommand argv names, skipping global options and their values."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
            continue
        if arg in GLOBAL_OPTIONS_WITH_VALUE:
            skip = True
            continue
        if arg.startswith("-"):
            if arg.split("=", 1)[0] in GLOBAL_OPTIONS_WITH_VALUE:
                continue
            return None  # --help, --install-completion …: show the whole program
        return arg
    return None


def build_app(argv: list[str] | None = None) -> typer.Typer:
    app = typer.Typer(
        help=HELP,
        invoke_without_command=True,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
        add_completion=True,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    app.callback()(root)
    wanted = invoked_command(argv or [])
    names = [wanted] if wanted in COMMANDS else list(COMMANDS)
    for name in names:
        module_name, attribute = COMMANDS[name]
        try:
            module = import_module(f"teamtask.cli.{module_name}")
        except ImportError:  # an optional front end (OCR) that is not installed
            continue
        target = getattr(module, attribute)
        if isinstance(target, typer.Typer):
            app.add_typer(target, name=name)
        else:
            settings = FILTER_CONTEXT if name in FILTER_COMMANDS else None
            app.command(name, context_settings=settings)(target)
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
