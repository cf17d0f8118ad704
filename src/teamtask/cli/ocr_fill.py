"""`tt ocr --task ID` / `--create`: hand recognized documents to the scans service."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from teamtask.cli.state import State


def fill(
    state: State, docs: list[Any], *, task: int | None, create: bool, form: str, overwrite: bool
) -> None:
    """One task per document with --create; every document into the one task with --task.
    Domain errors propagate to the CLI's exit-code mapping (bad task → 1, bad form → 2)."""
    from teamtask.ocr.fill import form_values, review_notes
    from teamtask.services.scans import Scan, create_from_scan, fill_task

    context = state.context()
    for doc in docs:
        path = Path(doc.file)
        scan = Scan(path.name, path.read_bytes(), form_values(doc), review_notes(doc))
        if create:
            result = create_from_scan(context, form, scan)
            started = ", approval started" if result.approval_started else ""
            sys.stderr.write(f"#{result.task_id} created from {path.name}{started}\n")
        else:
            assert task is not None
            result = fill_task(context, task, scan, overwrite=overwrite)
            kept = f"; kept {', '.join(result.kept)}" if result.kept else ""
            sys.stderr.write(
                f"#{task} filled from {path.name}: {', '.join(result.filled) or 'nothing'}{kept}\n"
            )
