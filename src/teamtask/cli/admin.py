"""Commands for the database and the demo."""

import sys

import typer

from teamtask.cli.state import state_of

db_app = typer.Typer(help="Database schema (Alembic migrations).", no_args_is_help=True)


@db_app.command("upgrade")
def db_upgrade(ctx: typer.Context) -> None:
    """Migrate the database to this version's schema and install the built-in forms."""
    from teamtask.db import Database, DatabaseUrl

    state = state_of(ctx)
    database = Database(DatabaseUrl.parse(state.settings.db_url))
    before = database.schema_revision()
    database.upgrade()
    after = database.schema_revision()
    context = state.context()
    from teamtask.services.forms import install_builtin_forms

    installed = install_builtin_forms(context)
    sys.stderr.write(f"schema {before or 'empty'} → {after}")
    sys.stderr.write(f"; forms installed: {', '.join(installed)}\n" if installed else "\n")


@db_app.command("current")
def db_current(ctx: typer.Context) -> None:
    """Print the schema revision of the database and the one this teamtask needs."""
    from teamtask.db import SCHEMA_HEAD, Database, DatabaseUrl

    database = Database(DatabaseUrl.parse(state_of(ctx).settings.db_url))
    revision = database.schema_revision()
    status = "up to date" if revision == SCHEMA_HEAD else "behind: run `tt db upgrade`"
    sys.stdout.write(f"{revision or 'empty'} (head {SCHEMA_HEAD}, {status})\n")


def demo(ctx: typer.Context) -> None:
    """Open teamtask on a separate demo database with a realistic team (created once)."""
    from teamtask.config import demo_db_url
    from teamtask.services.demo import ensure_demo

    state = state_of(ctx)
    if state.db is None:
        state.db = demo_db_url()
    state.user = state.user or "anna"
    context = state.context()
    created = ensure_demo(context)
    sys.stderr.write(
        f"demo database {'created' if created else 'reused'}: {context.db.url.path}\n"
        f"you are @{context.user_handle}; try: tt --db {context.db.url.url} ls\n"
    )
    from teamtask.cli.tasks import open_default_interface

    open_default_interface(state)
