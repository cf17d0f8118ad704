"""Rendering for the CLI: rich tables for people, JSON/CSV/ids for scripts.

Rich is imported inside the functions that draw: `--format json` and `tt add` never pay for it.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any


def emit_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, default=str) + "\n")


def emit_jsonl(rows: Iterable[Any]) -> None:
    out = sys.stdout
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")


def emit_csv(
    header: Sequence[str], rows: Iterable[Sequence[Any]], *, delimiter: str = ",", bom: bool = False
) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    sys.stdout.write(("\ufeff" if bom else "") + buffer.getvalue())


def console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False)


def print_table(
    title: str | None,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    caption: str | None = None,
) -> None:
    from rich import box
    from rich.table import Table

    table = Table(title=title, box=box.SIMPLE_HEAD, caption=caption, caption_justify="left")
    for name in header:
        table.add_column(name, overflow="fold" if name in ("title", "body") else "ellipsis")
    for row in rows:
        table.add_row(*("" if v is None else str(v) for v in row))
    console().print(table)


def short(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)


def info(message: str) -> None:
    """Progress and confirmations for people go to stderr, keeping stdout for data."""
    sys.stderr.write(message + "\n")
