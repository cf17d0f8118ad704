"""`tt show`: one task for a person to read, with internal and public comments told apart."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from teamtask.services.context import Context
    from teamtask.services.queries import TaskDetail


def _value(value: object) -> str:
    if isinstance(value, dict) and "amount" in value:
        return f"{value['amount']} {value.get('currency', '')}".strip()
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else str(value)


def render_detail(context: Context, detail: TaskDetail) -> None:
    from rich import box
    from rich.markup import escape
    from rich.panel import Panel
    from rich.table import Table

    from teamtask.cli.output import console
    from teamtask.domain.dates import format_due

    out = console()
    r = detail.record
    tz = context.tz
    head = Table.grid(padding=(0, 2))
    head.add_column(style="bold")
    head.add_column()
    rows = [
        ("status", f"{r.status}{' (closed)' if r.closed else ''}"),
        ("priority", r.priority),
        ("assignee", f"@{r.assignee}" if r.assignee else "—"),
        ("group", r.group or "—"),
        ("due", format_due(r.due, tz) if r.due else "—"),
        ("author", f"@{r.author}" if r.author else "—"),
        ("watchers", " ".join("@" + w for w in r.watchers) or "—"),
        ("tags", " ".join("+" + t for t in r.tags) or "—"),
        ("requester", r.requester.label if r.requester else "—"),
        ("channel", r.channel),
        ("form", r.form or "—"),
        ("parent", f"#{r.parent}" if r.parent else "—"),
        ("created", r.created_at.astimezone(tz).strftime("%Y-%m-%d %H:%M")),
        ("updated", r.updated_at.astimezone(tz).strftime("%Y-%m-%d %H:%M")),
    ]
    for key, value in rows:
        head.add_row(key, escape(value))
    out.print(Panel(head, title=f"#{r.id} {escape(r.title)}", title_align="left"))
    if r.description:
        out.print(Panel(escape(r.description), title="description", title_align="left"))
    if r.fields:
        fields = Table(box=box.SIMPLE_HEAD, title="fields", title_justify="left")
        fields.add_column("field", style="bold")
        fields.add_column("value")
        for key, value in r.fields.items():
            fields.add_row(key, escape(_value(value)))
        out.print(fields)
    if detail.attachments:
        files = Table(box=box.SIMPLE_HEAD, title="attachments", title_justify="left")
        for column in ("id", "file", "type", "bytes"):
            files.add_column(column)
        for a in detail.attachments:
            files.add_row(str(a.id), escape(a.filename), a.content_type, f"{a.size:,}")
        out.print(files)
    out.print("[bold]timeline[/]")
    for item in detail.timeline:
        stamp = item.at.astimezone(tz).strftime("%Y-%m-%d %H:%M")
        who = item.who or "system"
        if item.kind == "comment":
            label = "[bold green]PUBLIC reply[/]" if item.public else "[yellow]internal[/]"
            out.print(
                Panel(
                    escape(item.body),
                    title=f"{stamp} · {escape(who)} · {label}",
                    title_align="left",
                    border_style="green" if item.public else "yellow",
                )
            )
        else:
            changes = ", ".join(
                f"{k}: {_value(old) or '∅'} → {_value(new) or '∅'}"
                for k, (old, new) in item.changes.items()
            )
            out.print(f"[dim]{stamp} · {escape(who)} · {item.body}[/] {escape(changes)}")


def render_board(context: Context, columns) -> None:
    """Columns side by side, fitted to the terminal; each card: id, title, assignee, due."""
    from rich.columns import Columns
    from rich.markup import escape
    from rich.panel import Panel

    from teamtask.cli.output import console
    from teamtask.domain.dates import format_due

    out = console()
    width = max(18, (out.width - 2 * len(columns)) // max(1, len(columns)))
    panels = []
    for column in columns:
        lines = []
        for card in column.cards:
            meta = " ".join(
                part
                for part in (
                    f"@{card.assignee}" if card.assignee else "",
                    format_due(card.due, context.tz) if card.due else "",
                )
                if part
            )
            lines.append(
                f"[bold]#{card.id}[/] {escape(card.title)}"
                + (f"\n  [dim]{escape(meta)}[/]" if meta else "")
            )
        hidden = column.total - len(column.cards)
        if hidden > 0:
            lines.append(f"[dim]… {hidden} more[/]")
        panels.append(
            Panel(
                "\n".join(lines) or "[dim]—[/]",
                title=f"{escape(column.title)} ({column.total})",
                width=width,
                border_style="dim" if column.closed else "blue",
            )
        )
    out.print(Columns(panels, equal=True, expand=False))
