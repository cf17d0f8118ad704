"""Small helpers shared by the workflow tests (fixtures live in conftest.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def add(tt, *args: str, user: str | None = None) -> dict[str, Any]:
    """`tt add … --json` → the created task as JSON."""
    return tt.ok("add", *args, "--json", **({"user": user} if user else {})).json()


def invoice(tt, number: str, supplier: str, total: str, *fields: str) -> dict[str, Any]:
    extra = [x for f in fields for x in ("-F", f)]
    return add(
        tt, "Счёт", "--form", "invoice", "-F", f"number={number}",
        "-F", f"supplier_name={supplier}", "-F", f"total={total}", *extra,
    )  # fmt: skip


def show(tt, task_id: int, user: str | None = None) -> dict[str, Any]:
    return tt.ok("show", str(task_id), "--json", **({"user": user} if user else {})).json()


def ids(tt, *words: str, user: str | None = None) -> list[int]:
    out = tt.ok("ls", *words, "--format", "ids", "--limit", "0", **({"user": user} if user else {}))
    return [int(line) for line in out.out.split()]


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def write_json(directory: Path, name: str, data: Any) -> Path:
    return write(directory, name, json.dumps(data, ensure_ascii=False))
