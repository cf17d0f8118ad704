"""`tt ocr`: recognize scanned invoices, waybills, УПД, contracts and acts.

Only typer, pathlib and typing are imported at module level: numpy, Pillow, pytesseract and
rich load inside the command, so registering it costs the root app nothing.

Exit codes: 0 all files read; 2 a file was unreadable or unsupported (the others are still
processed, and the message names the file and the reason); 1 an unexpected internal error.
"""

from pathlib import Path
from typing import Annotated, Any

import typer


def ocr(
    ctx: typer.Context,
    files: Annotated[list[Path], typer.Argument(help="PNG, JPEG, TIFF (multi-page) or PDF files.")],
    as_json: Annotated[
        bool, typer.Option("--json", help="One JSON object per file, one per line.")
    ] = False,
    task: Annotated[
        int | None, typer.Option("--task", metavar="ID", help="Fill this task's form.")
    ] = None,
    create: Annotated[
        bool, typer.Option("--create", help="Create a task of --form from each file.")
    ] = False,
    form: Annotated[str, typer.Option("--form", metavar="KEY", help="Form for --create.")] = (
        "invoice"
    ),
    overwrite: Annotated[
        bool, typer.Option("--overwrite", help="Replace fields a person already filled.")
    ] = False,
    lang: Annotated[str, typer.Option("--lang", help="Tesseract languages.")] = "rus+eng",
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", min=1, help="Parallel processes (default: number of cores)."),
    ] = None,
) -> None:
    """Recognize documents and print their fields, or fill a task's form with them."""
    import os
    import sys

    if task is not None and create:
        typer.echo("tt ocr: use either --task or --create, not both", err=True)
        raise typer.Exit(2)
    try:
        docs = _run(files, lang, jobs or os.cpu_count() or 1, show_progress=not as_json)
    except KeyboardInterrupt:
        raise typer.Exit(130) from None
    except Exception as exc:  # never a traceback for the user
        typer.echo(f"tt ocr: internal error: {type(exc).__name__}: {exc}", err=True)
        raise typer.Exit(1) from None
    failed = False
    for doc in docs:
        if doc.error:
            failed = True
            typer.echo(f"tt ocr: {doc.file}: {doc.error}", err=True)
    if as_json:
        for doc in docs:
            sys.stdout.write(doc.to_json_line() + "\n")
        sys.stdout.flush()
    else:
        _print_human([d for d in docs if not d.error])
    readable = [d for d in docs if not d.error]
    if (task is not None or create) and readable:
        from teamtask.cli.ocr_fill import fill
        from teamtask.cli.state import state_of

        fill(state_of(ctx), readable, task=task, create=create, form=form, overwrite=overwrite)
    if failed:
        raise typer.Exit(2)


def _run(files: list[Path], lang: str, jobs: int, *, show_progress: bool) -> list[Any]:
    import sys

    from teamtask.ocr.pipeline import recognize_files

    if not (show_progress and sys.stderr.isatty()):
        return recognize_files(files, lang=lang, jobs=jobs)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    progress = Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        transient=True,
    )
    bar = progress.add_task("pages", total=None)

    def on_page(done: int, total: int) -> None:
        # Started on the first report, after the worker processes were forked: rich's
        # refresh thread must not exist when they are.
        if not progress.live.is_started:
            progress.start()
        progress.update(bar, completed=done, total=total)

    try:
        return recognize_files(files, lang=lang, jobs=jobs, on_page=on_page)
    finally:
        progress.stop()


def _valid_mark(valid: bool | None) -> str:
    return {True: "[green]✓[/]", False: "[red]✗[/]", None: ""}[valid]


def _print_human(docs: list[Any]) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from teamtask.ocr.document import FIELD_KEYS, ITEM_KEYS

    con = Console()
    for doc in docs:
        title = f"{escape(doc.file)} — {doc.doc_type}, {doc.pages} p., {doc.seconds:.1f} s"
        table = Table(title=title, title_justify="left")
        for col in ("field", "value", "confidence", "valid"):
            table.add_column(col, justify="right" if col == "confidence" else "left")
        for key in FIELD_KEYS:
            f = doc.fields.get(key)
            if f is None or f.value is None:
                continue
            table.add_row(key, escape(f.value), f"{f.confidence:.2f}", _valid_mark(f.valid))
        con.print(table)
        if doc.items:
            items = Table(title="items", title_justify="left")
            items.add_column("#", justify="right")
            for k in ITEM_KEYS:
                items.add_column(
                    k, justify="right" if k in ("quantity", "price", "amount") else "left"
                )
            for n, it in enumerate(doc.items, 1):
                items.add_row(str(n), *(escape(getattr(it, k) or "") for k in ITEM_KEYS))
            con.print(items)
        con.print(
            f"stamp: {'yes' if doc.stamp.present else 'no'} ({doc.stamp.confidence:.2f})   "
            f"signature: {'yes' if doc.signature.present else 'no'} "
            f"({doc.signature.confidence:.2f})"
        )
        for w in doc.warnings:
            con.print(f"[yellow]warning:[/] {escape(w)}")
        con.print()
