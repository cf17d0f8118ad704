"""Run the engine over files: pages in parallel processes, then per-file extraction.

Tesseract's OpenMP threads fight each other on small machines (a page took 6–9 s with the
default threads on two cores, ~1.5 s with one), so every worker sets OMP_THREAD_LIMIT=1 and
the parallelism comes from one process per page instead.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from .document import Document, Item, Mark
from .load import Unreadable, Word, load_page, probe

PAGE_TIMEOUT = 60.0


@dataclass
class PageResult:
    index: int
    words: list[Word] = field(default_factory=list)
    width: float = 0.0
    height: float = 0.0
    dpi: float = 300.0
    hrules: list = field(default_factory=list)
    vrules: list = field(default_factory=list)
    stamp: Mark = field(default_factory=Mark)
    signature: Mark = field(default_factory=Mark)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    source: str = "ocr"  # "ocr" | "text"
    error: str | None = None


def limit_threads() -> None:
    os.environ["OMP_THREAD_LIMIT"] = "1"


def process_page(
    path: str, kind: str, index: int, lang: str, timeout: float, readers: int = 1
) -> PageResult:
    """Load, clean, OCR and look for marks on one page; never raises. `readers`: how many
    languages' re-readings may run at once (a core each)."""
    t0 = time.perf_counter()
    res = PageResult(index)
    try:
        _process(Path(path), kind, index, lang, timeout, res, readers)
    except Unreadable as exc:
        res.error = str(exc)
    except Exception as exc:  # a page must not take the whole file (or run) down
        res.warnings.append(f"page {index + 1}: {type(exc).__name__}: {exc}")
    res.seconds = time.perf_counter() - t0
    return res


def _process(
    path: Path, kind: str, index: int, lang: str, timeout: float, res: PageResult, readers: int
) -> None:
    from .geometry import straighten
    from .marks import detect_signature, detect_stamp
    from .readers import read_page
    from .recognize import clean

    page = load_page(path, kind, index)
    if page.words is not None:
        res.source = "text"
        c = clean(page.image, page.dpi, deskew=False, for_ocr=False)
        res.words = page.words
    else:
        page.image, page.dpi, _ = straighten(page.image, page.dpi)
        c = clean(page.image, page.dpi)
        try:
            res.words = read_page(c.ocr_gray, lang, timeout, c.vrules, readers=readers)
            if _unreadable(res.words):
                c, res.words = _try_upright(page, c, res.words, lang, timeout, readers)
        except TimeoutError:
            res.warnings.append(f"page {index + 1}: OCR time limit ({timeout:.0f} s) reached")
        except Exception as exc:
            import pytesseract

            if isinstance(exc, pytesseract.TesseractNotFoundError):
                raise Unreadable("tesseract is not installed") from None
            msg = str(exc).strip().splitlines()
            # A missing language pack fails every page alike: report it as the file's error.
            raise Unreadable(f"tesseract failed: {msg[-1] if msg else exc}") from None
    res.dpi = c.dpi
    res.height, res.width = c.gray.shape
    res.hrules, res.vrules = c.hrules, c.vrules
    res.stamp, circle = detect_stamp(c.gray, c.color, c.dpi)
    res.signature = detect_signature(
        c.gray, c.color, c.dpi, res.words, circle, rendered=res.source == "text"
    )
    res.warnings.extend(page.warnings)


def _mean_conf(words: list[Word]) -> float:
    return sum(w.conf for w in words) / len(words) if words else 0.0


def _unreadable(words: list[Word]) -> bool:
    """Text is there but reads as garbage: maybe the page is sideways or upside down."""
    return len(words) >= 15 and _mean_conf(words) < 60


def _try_upright(page, c, words: list[Word], lang: str, timeout: float, readers: int):  # type: ignore[no-untyped-def]
    """Ask Tesseract's orientation detection; re-read the turned page if it reads better."""
    import re

    import pytesseract
    from PIL import Image

    from .readers import read_page
    from .recognize import clean

    try:
        osd = pytesseract.image_to_osd(
            Image.fromarray(c.ocr_gray), config="--psm 0", timeout=timeout
        )
    except Exception:  # too little text to tell, or no osd data: keep what we have
        return c, words
    m = re.search(r"Rotate:\s*(\d+)", osd)
    turn = int(m.group(1)) if m else 0
    if turn not in (90, 180, 270):
        return c, words
    turned = page.image.rotate(-turn, expand=True)  # OSD's angle is clockwise
    c2 = clean(turned, page.dpi)
    words2 = read_page(c2.ocr_gray, lang, timeout, c2.vrules, readers=readers)
    if _mean_conf(words2) > _mean_conf(words) + 10:
        page.warnings.append(f"page turned by {turn}°")
        return c2, words2
    return c, words


def recognize_files(
    paths: Iterable[Path],
    *,
    lang: str = "rus+eng",
    jobs: int | None = None,
    timeout: float = PAGE_TIMEOUT,
    one_thread: bool = True,
    on_page: Callable[[int, int], None] | None = None,
) -> list[Document]:
    """Documents in input order; unreadable files come back with `error` set."""
    from .assemble import assemble

    paths = list(paths)
    docs: list[Document] = [Document(file=str(p)) for p in paths]
    tasks: list[tuple[int, str, str, int]] = []
    for i, p in enumerate(paths):
        try:
            pr = probe(p)
        except Unreadable as exc:
            docs[i].error = str(exc)
            continue
        docs[i].pages = pr.pages
        tasks.extend((i, str(p), pr.kind, k) for k in range(pr.pages))
    results: dict[int, list[PageResult]] = {}
    total = len(tasks)
    cores = os.cpu_count() or 1
    jobs = max(1, min(jobs or cores, total or 1))
    # Cores no page worker uses read a page's crops in each language at once (one page on
    # two cores: its two re-readings side by side).
    readers = max(1, cores // jobs)
    if one_thread:
        limit_threads()  # inherited by inline Tesseract runs and by the workers
    else:
        os.environ.pop("OMP_THREAD_LIMIT", None)  # Tesseract's default threading (bench)
    done = 0
    if jobs == 1 or total <= 1:
        for i, path, kind, k in tasks:
            page = process_page(path, kind, k, lang, timeout, readers)
            results.setdefault(i, []).append(page)
            done += 1
            if on_page:
                on_page(done, total)
    else:
        # Forked workers (no re-import of the caller's main module); all of them exist once
        # every page is submitted, and only then is `on_page` first called, so a progress
        # bar's thread starts after the forks.
        with ProcessPoolExecutor(
            max_workers=jobs, initializer=limit_threads if one_thread else None
        ) as pool:
            futs = {
                pool.submit(process_page, path, kind, k, lang, timeout, readers): i
                for i, path, kind, k in tasks
            }
            if on_page:
                on_page(0, total)
            for fut in as_completed(futs):
                results.setdefault(futs[fut], []).append(fut.result())
                done += 1
                if on_page:
                    on_page(done, total)
    for i, doc in enumerate(docs):
        if doc.error:
            continue
        pages = sorted(results.get(i, []), key=lambda r: r.index)
        errors = [r.error for r in pages if r.error]
        if errors and len(errors) == len(pages):
            doc.error = errors[0]
            continue
        t0 = time.perf_counter()
        assemble(doc, pages)
        doc.page_seconds = [r.seconds for r in pages]
        doc.seconds = sum(doc.page_seconds) + time.perf_counter() - t0
    return docs


__all__ = ["Document", "Item", "PageResult", "recognize_files"]
