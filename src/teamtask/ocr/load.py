"""Open input files: images (PNG, JPEG, TIFF pages) and PDFs (text layer or rendered).

The main process only probes a file (`probe`), which is cheap and turns every unreadable
input into `Unreadable` with a reason. Workers then load one page each (`load_page`), so
no page image is ever pickled between processes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SCAN_DPI = 300
# Text-layer pages are rendered only for stamps, signatures and ruling lines: at a scan's
# resolution, as the marks were measured on (at 150 dpi a seal's inscription across the
# signer's name runs together into one blob the size of a pen's stroke; 0.44 s a page
# against 0.17 s, on 156 text-layer PDFs of eleven corpora).
TEXT_LAYER_DPI = 300
# Larger images are scaled down: beyond ~A3 at 300 dpi OCR gets slow without getting better.
MAX_SIDE = 4960
# Pillow refuses decompression bombs; we accept big scans but scale them down on load.
MAX_PIXELS = 400_000_000
MIN_TEXT_CHARS = 40
# pdfium reports a hyphen as a soft hyphen (U+00AD), and one that ends a line where a word
# wraps as U+FFFE; other dashes mean the same.
_DASHES = str.maketrans({"\u00ad": "-", "\ufffe": "-", "\u2010": "-", "\u2011": "-", "\u2212": "-"})


class Unreadable(Exception):
    """The file cannot be read as a document; the message is the reason shown to the user."""


@dataclass
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    conf: float = 100.0  # 0..100, as Tesseract reports it
    # Other readers' readings of the word where they differ from `text` (which won the
    # choice or the vote): a checksum that several repairs pass may pick one of these.
    alts: tuple[str, ...] = ()

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2

    @property
    def h(self) -> float:
        return self.y1 - self.y0

    def x_overlap(self, other: Word) -> float:
        """How far the two boxes share a stretch of x (0 when they do not)."""
        return max(0.0, min(self.x1, other.x1) - max(self.x0, other.x0))


def joined(words: Sequence[Word], text: str) -> Word:
    """Words read as one (`text`): over their boxes together, as sure as the least sure."""
    return Word(
        text,
        min(w.x0 for w in words),
        min(w.y0 for w in words),
        max(w.x1 for w in words),
        max(w.y1 for w in words),
        min(w.conf for w in words),
    )


@dataclass
class PageInput:
    image: Any  # PIL.Image.Image, RGB or L
    dpi: float
    words: list[Word] | None = None  # set when the PDF page has a usable text layer
    warnings: list[str] = field(default_factory=list)


@dataclass
class Probe:
    kind: str  # "pdf" | "image"
    pages: int


def _sniff(head: bytes) -> str | None:
    if head.startswith(b"%PDF") or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*", b"GIF8", b"BM")):
        return "image"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image"
    return None


def probe(path: Path) -> Probe:
    """Check that a file is a readable PDF or image and count its pages."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(2048)
    except IsADirectoryError:
        raise Unreadable("is a directory") from None
    except FileNotFoundError:
        raise Unreadable("no such file") from None
    except OSError as exc:
        raise Unreadable(f"cannot open: {exc.strerror or exc}") from None
    if not head:
        raise Unreadable("empty file")
    kind = _sniff(head)
    if kind is None:
        raise Unreadable("not a PDF, PNG, JPEG or TIFF file")
    if kind == "pdf":
        import pypdfium2 as pdfium

        try:
            pdf = pdfium.PdfDocument(str(path))
            n = len(pdf)
            pdf.close()
        except Exception as exc:  # pdfium raises its own PdfiumError and OSErrors
            raise Unreadable(f"corrupt PDF ({exc})") from None
        if n == 0:
            raise Unreadable("PDF has no pages")
        return Probe("pdf", n)
    # Only the header is read here: a page is decoded once, by the worker that reads it
    # (`_image_page`), which reports a truncated file as this would.
    with _pil_errors(), _open_image(path) as im:
        n = getattr(im, "n_frames", 1)
    return Probe("image", n)


def _open_image(path: Path) -> Any:
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    return Image.open(path)


@contextmanager
def _pil_errors() -> Iterator[None]:
    """A damaged or oversized image as `Unreadable`, with the reason a user is shown."""
    from PIL import Image

    try:
        yield
    except Image.DecompressionBombError:
        raise Unreadable("image is too large") from None
    except Exception as exc:  # PIL raises many types for damaged data
        raise Unreadable(f"corrupt image ({type(exc).__name__}: {exc})") from None


def _fit(image: Any) -> Any:
    from PIL import Image

    if max(image.size) > MAX_SIDE:
        scale = MAX_SIDE / max(image.size)
        image = image.resize(
            (max(1, round(image.width * scale)), max(1, round(image.height * scale))),
            Image.Resampling.LANCZOS,
        )
    return image


def _to_rgb(image: Any) -> Any:
    if image.mode in ("RGB", "L"):
        return image
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        from PIL import Image

        rgba = image.convert("RGBA")
        bg = Image.new("RGB", rgba.size, "white")
        bg.paste(rgba, mask=rgba.getchannel("A"))
        return bg
    if image.mode in ("1", "I;16", "I", "F"):
        return image.convert("L")
    return image.convert("RGB")


def _image_page(path: Path, index: int) -> PageInput:
    from PIL import ImageOps

    with _pil_errors(), _open_image(path) as im:
        im.seek(index)
        if im.format == "JPEG":
            # draft() lets libjpeg decode a huge JPEG at a fraction of its size.
            im.draft("RGB", (MAX_SIDE, MAX_SIDE))
        dpi_info = im.info.get("dpi")
        im.load()
        image = ImageOps.exif_transpose(im) if index == 0 else im.copy()
    image = _to_rgb(image)
    dpi = float(dpi_info[0]) if dpi_info and dpi_info[0] and dpi_info[0] > 50 else 0.0
    long_side_in = 11.69  # assume A4 when the file does not say, which scans often don't
    if not dpi or dpi > 1200 or max(image.size) / dpi > 2 * long_side_in:
        # No resolution, or one that makes the page metres long: a phone's photo says
        # 72 dpi whatever it shows.
        dpi = max(image.size) / long_side_in
    before = max(image.size)
    image = _fit(image)
    dpi *= max(image.size) / before
    return PageInput(image=image, dpi=dpi)


def _text_layer_words(page: Any, scale: float, height_pt: float) -> list[Word]:
    """Words of a PDF text layer in the pixel space of the page rendered at `scale`."""
    textpage = page.get_textpage()
    try:
        n = textpage.count_chars()
        text = textpage.get_text_range(0, n) if n else ""
        words: list[Word] = []
        cur: list[tuple[str, tuple[float, float, float, float]]] = []

        def flush() -> None:
            if cur:
                s = "".join(c for c, _ in cur)
                x0 = min(b[0] for _, b in cur)
                x1 = max(b[2] for _, b in cur)
                y0 = min(b[1] for _, b in cur)
                y1 = max(b[3] for _, b in cur)
                # PDF y grows upwards; images grow downwards.
                words.append(
                    Word(
                        s,
                        x0 * scale,
                        (height_pt - y1) * scale,
                        x1 * scale,
                        (height_pt - y0) * scale,
                        100.0,
                    )
                )
                cur.clear()

        if len(text) != n:  # index correspondence lost (surrogates): fall back per char
            text = "".join(textpage.get_text_range(i, 1) or " " for i in range(n))
        text = text.translate(_DASHES)
        for i, ch in enumerate(text):
            if ch.isspace() or ch == "\x00":
                flush()
                continue
            box = textpage.get_charbox(i, loose=True)
            if cur:
                prev = cur[-1][1]
                gap = box[0] - prev[2]
                size = max(prev[3] - prev[1], box[3] - box[1], 1.0)
                # A jump back or a wide gap means a new word even without a space char.
                if gap > 0.6 * size or box[0] < prev[0] - 1 or abs(box[1] - prev[1]) > size:
                    flush()
            cur.append((ch, box))
        flush()
        return words
    finally:
        textpage.close()


def _usable_text(words: list[Word]) -> bool:
    text = "".join(w.text for w in words)
    if len(text) < MIN_TEXT_CHARS:
        return False
    good = len(re.findall(r"[0-9A-Za-zА-Яа-яЁё]", text))
    return good / len(text) > 0.6


def _pdf_page(path: Path, index: int) -> PageInput:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        page = pdf[index]
        width_pt, height_pt = page.get_size()
        # Huge pages are kept within MAX_SIDE, as a scan is (a pixel short: drawing rounds up).
        fit = (MAX_SIDE - 1) * 72 / max(width_pt, height_pt, 1)
        dpi = min(TEXT_LAYER_DPI, fit)
        words = _text_layer_words(page, dpi / 72, height_pt)
        if _usable_text(words):
            image = page.render(scale=dpi / 72).to_pil()
            return PageInput(image=_to_rgb(image), dpi=dpi, words=words)
        # Scanned page: render at scan resolution.
        dpi = min(SCAN_DPI, fit)
        image = page.render(scale=dpi / 72).to_pil()
        return PageInput(image=_to_rgb(image), dpi=dpi)
    finally:
        pdf.close()


def load_page(path: Path, kind: str, index: int) -> PageInput:
    try:
        if kind == "pdf":
            return _pdf_page(path, index)
        return _image_page(path, index)
    except Unreadable:
        raise
    except Exception as exc:
        raise Unreadable(
            f"page {index + 1} cannot be decoded ({type(exc).__name__}: {exc})"
        ) from None
