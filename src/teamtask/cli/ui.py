"""`tt ui` (and `tt` alone, and `tt demo`): open the terminal UI.

Textual is imported only inside `run_tui`, so registering this command costs `tt add`
nothing. The context is opened before the app starts: a wrong user or an unreachable
database is then reported by the CLI with its exit code, like any other command.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from teamtask.cli.state import State


def ui(ctx: typer.Context) -> None:
    """Open the terminal UI: inbox, registry, board and task views."""
    run_tui(ctx.find_root().obj)


def run_tui(state: State) -> None:
    from teamtask.tui.app import TeamtaskApp

    app = TeamtaskApp(state.context())
    app.run()
