"""Recognition of scanned and PDF business documents (invoices, waybills, УПД, contracts, acts).

Pure: image or PDF in, `Document` out; no database. Importing this package is cheap — the
heavy parts (numpy, Pillow, pytesseract, pypdfium2) load only when `recognize` runs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .document import Document


def recognize(
    paths: Iterable[Path],
    *,
    lang: str = "rus+eng",
    jobs: int | None = None,
    on_page: Callable[[int, int], None] | None = None,
) -> list[Document]:
    """Recognize files in parallel; unreadable ones come back with `Document.error` set."""
    from .pipeline import recognize_files

    return recognize_files(paths, lang=lang, jobs=jobs, on_page=on_page)


__all__ = ["recognize"]
