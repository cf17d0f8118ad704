"""Saved views: named filters shared by the whole team (`tt ls view:NAME`)."""

from __future__ import annotations

import re
from typing import Any

from teamtask.domain.errors import Conflict, Invalid, NotFound
from teamtask.domain.filters import parse_filter
from teamtask.services.context import Context, suggest

_NAME = re.compile(r"^[\w.-]{1,64}$")


def save_view(ctx: Context, name: str, words: str | list[str], *, replace: bool = False) -> str:
    """Save a filter as typed (a string, from the TUI) or as argv words (from the CLI)."""
    if not _NAME.match(name):
        raise Invalid(f"view name {name!r} may use letters, digits, '_', '.', '-' only")
    text = words if isinstance(words, str) else " ".join(f'"{w}"' if " " in w else w for w in words)
    node = parse_filter(text, now=ctx.local_now())  # a broken filter is never saved
    from teamtask.services.queries import count

    count(ctx, node)  # compile it too: unknown handles, groups or fields fail now, not later
    with ctx.db.transaction():
        exists = ctx.db.scalar("SELECT 1 FROM saved_views WHERE name = ?", (name,))
        if exists and not replace:
            raise Conflict(f"view {name!r} already exists; use --replace to overwrite it")
        if exists:
            ctx.db.execute(
                "UPDATE saved_views SET filter = ?, owner_id = ? WHERE name = ?",
                (text, ctx.user_id, name),
            )
        else:
            ctx.db.execute(
                "INSERT INTO saved_views (name, filter, owner_id, created_at) VALUES (?, ?, ?, ?)",
                (name, text, ctx.user_id, ctx.now()),
            )
    return text


def list_views(ctx: Context) -> list[dict[str, Any]]:
    return [
        {"name": r[0], "filter": r[1], "owner": r[2]}
        for r in ctx.db.all(
            "SELECT v.name, v.filter, u.handle FROM saved_views v"
            " LEFT JOIN users u ON u.id = v.owner_id ORDER BY v.name"
        )
    ]


def remove_view(ctx: Context, name: str) -> None:
    with ctx.db.transaction():
        if not ctx.db.execute("DELETE FROM saved_views WHERE name = ?", (name,)).rowcount:
            raise NotFound(f"no saved view named {name!r}")


def view_node(ctx: Context, name: str) -> Any:
    text = ctx.db.scalar("SELECT filter FROM saved_views WHERE name = ?", (name,))
    if text is None:
        names = [r[0] for r in ctx.db.all("SELECT name FROM saved_views")]
        raise Invalid(f"no saved view named {name!r}{suggest(name, names).replace('@', '')}")
    return parse_filter(text, now=ctx.local_now())
