"""Saved views: named filters shared by the whole team. (Filled in by issue 3.)"""

from __future__ import annotations

from typing import Any

from teamtask.domain.errors import Invalid
from teamtask.services.context import Context


def view_node(ctx: Context, name: str) -> Any:
    raise Invalid(f"no saved view named {name!r}")
