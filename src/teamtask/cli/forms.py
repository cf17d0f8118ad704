"""Commands for forms, saved views and the knowledge base."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from teamtask.cli.state import state_of

form_app = typer.Typer(
    help="Forms: typed fields, statuses and approval routes.", no_args_is_help=True
)
view_app = typer.Typer(help="Saved views: named filters shared by the team.", no_args_is_help=True)
kb_app = typer.Typer(
    help="The knowledge base: solutions of typical problems.", no_args_is_help=True
)


@form_app.command("ls")
def form_ls(ctx: typer.Context, as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """List forms (current versions)."""
    from teamtask.services.forms import list_forms

    forms = list_forms(state_of(ctx).context())
    if as_json:
        from teamtask.cli.output import emit_json

        emit_json(forms)
        return
    from teamtask.cli.output import print_table

    print_table(
        None,
        ["form", "version", "title", "tasks"],
        ([f["key"], f["version"], f["title"], f["tasks"]] for f in forms),
    )


@form_app.command("show")
def form_show(
    ctx: typer.Context, key: str, as_json: Annotated[bool, typer.Option("--json")] = False
) -> None:
    """Show a form: statuses, fields, routing and approval route."""
    from teamtask.services.forms import form_definition

    form = form_definition(state_of(ctx).context(), key)
    if as_json:
        from teamtask.cli.output import emit_json

        emit_json({"version": form.version, **form.source})
        return
    from teamtask.cli.output import info, print_table

    info(f"{form.key} v{form.version}: {form.title}")
    print_table(
        "statuses",
        ["status", "title", "closed"],
        ([s.key, s.title, "yes" if s.closed else ""] for s in form.workflow.statuses),
    )
    print_table(
        "fields",
        ["field", "title", "type", "required", "options"],
        (
            [
                f.key,
                f.title,
                f.type,
                "yes" if f.required else (f"from {f.required_from}" if f.required_from else ""),
                ", ".join(f.options) or ", ".join(c.key for c in f.columns),
            ]
            for f in form.fields
        ),
    )
    if form.approval:
        print_table(
            "approval route",
            ["step", "approvers", "mode", "when"],
            ([s.name, ", ".join(s.approvers), s.mode, s.when or ""] for s in form.approval),
        )


@form_app.command("import")
def form_import(ctx: typer.Context, path: Path) -> None:
    """Install a new version of a form from TOML (existing tasks keep their version)."""
    from teamtask.domain.errors import Invalid
    from teamtask.services.forms import import_form

    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise Invalid(f"cannot read {path}: {exc.strerror}") from None
    key, version = import_form(state_of(ctx).context(), text)
    sys.stderr.write(f"form {key} version {version} installed\n")


@form_app.command("export")
def form_export(ctx: typer.Context, key: str) -> None:
    """Print a form as TOML (edit it and `tt form import` it back)."""
    from teamtask.services.forms import export_form

    sys.stdout.write(export_form(state_of(ctx).context(), key))


@view_app.command("save", context_settings={"ignore_unknown_options": True})
def view_save(
    ctx: typer.Context,
    name: str,
    filter_words: Annotated[list[str], typer.Argument(help="The filter to save.")],
    replace: Annotated[bool, typer.Option("--replace")] = False,
) -> None:
    """Save a filter under a name: tt view save my-bugs @me +bug"""
    from teamtask.services.views import save_view

    text = save_view(state_of(ctx).context(), name, filter_words, replace=replace)
    sys.stderr.write(f"view {name}: {text}\n")


@view_app.command("ls")
def view_ls(ctx: typer.Context, as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """List saved views."""
    from teamtask.services.views import list_views

    views = list_views(state_of(ctx).context())
    if as_json:
        from teamtask.cli.output import emit_json

        emit_json(views)
        return
    from teamtask.cli.output import print_table

    print_table(
        None, ["view", "filter", "owner"], ([v["name"], v["filter"], v["owner"]] for v in views)
    )


@view_app.command("rm")
def view_rm(ctx: typer.Context, name: str) -> None:
    """Delete a saved view."""
    from teamtask.services.views import remove_view

    remove_view(state_of(ctx).context(), name)
    sys.stderr.write(f"view {name} removed\n")


@kb_app.command("search")
def kb_search(
    ctx: typer.Context,
    query: Annotated[
        list[str], typer.Argument(help="Words, plus product:X version:Y problem_type:Z")
    ],
    as_json: Annotated[bool, typer.Option("--json")] = False,
    limit: Annotated[int, typer.Option("--limit")] = 20,
) -> None:
    """Find knowledge-base articles, Russian word forms included."""
    from teamtask.services.search import search_kb

    hits = search_kb(state_of(ctx).context(), query, limit=limit)
    if as_json:
        from teamtask.cli.output import emit_json

        emit_json([h.as_json() for h in hits])
        return
    if not hits:
        sys.stderr.write("nothing found\n")
        raise typer.Exit(1)
    from rich.markup import escape

    from teamtask.cli.output import console

    out = console()
    for hit in hits:
        product = " ".join(str(hit.fields[k]) for k in ("product", "version") if k in hit.fields)
        out.print(
            f"[bold]#{hit.task_id} {escape(hit.title)}[/]  [dim]{escape(product)} · {hit.status}[/]"
        )
        out.print("   " + _highlight(hit.snippet))


def _highlight(snippet: str) -> str:
    from rich.markup import escape

    parts = []
    for index, piece in enumerate(snippet.replace("]", "[").split("[")):
        parts.append(f"[bold yellow]{escape(piece)}[/]" if index % 2 else escape(piece))
    return "".join(parts)


@kb_app.command("add")
def kb_add(
    ctx: typer.Context,
    title: Annotated[list[str], typer.Argument()],
    product: Annotated[str, typer.Option("--product")],
    version: Annotated[str | None, typer.Option("--version")] = None,
    problem_type: Annotated[str | None, typer.Option("--problem-type")] = None,
    description: Annotated[str | None, typer.Option("--description", "-m")] = None,
    solution: Annotated[str | None, typer.Option("--solution")] = None,
    publish: Annotated[
        bool, typer.Option("--publish/--draft", help="Published by default.")
    ] = True,
) -> None:
    """Record the solution of a typical problem."""
    from teamtask.services.tasks import NewTask, create_task

    fields = {
        "product": product,
        "version": version,
        "problem_type": problem_type,
        "description": description,
        "solution": solution,
    }
    created = create_task(
        state_of(ctx).context(),
        NewTask(
            title=" ".join(title),
            form="kb",
            fields={k: v for k, v in fields.items() if v is not None},
            status="published" if publish else None,
        ),
    )
    sys.stdout.write(f"#{created.id} {created.title}\n")
