"""Words read again from their crops: the crops stacked on one canvas (a few where the
canvas would be too tall for Tesseract), read by one Tesseract call per canvas and
language, each crop's words put back in page coordinates; and a short word read with
fewer signs than its ink has glyphs, worth such a reading.

Apart from the choice between readings: this is where the second reading calls Tesseract,
and what it gives back is words, like the page's.
"""

from __future__ import annotations

import numpy as np

from .boxes import CROP_PAD
from .glyphs import glyph_boxes, word_crop
from .load import Word
from .missed import MISSED
from .recognize import ocr_words

CANVAS_MAX = 16000  # pixels: Tesseract's image reader refuses very tall images


def reread(
    gray: np.ndarray,
    words: list[Word],
    lang: str,
    timeout: float,
    missed_source: np.ndarray | None = None,
) -> list[list[Word]]:
    """The words `lang` reads in each word's crop, in page coordinates; the crops of ink
    the page reading passed over from `missed_source` where given (the page less the
    words it read: a lone "3" set close to "м" is read without the м's edge)."""
    crops = [
        _crop(missed_source if missed_source is not None and w.conf == MISSED else gray, w)
        for w in words
    ]
    out: list[list[Word]] = []
    start, height = 0, 0
    for k, w in enumerate(words):
        height += int(w.y1 - w.y0) + 40
        if height > CANVAS_MAX and k > start:
            out.extend(_reread_canvas(crops[start:k], lang, timeout))
            start, height = k, int(w.y1 - w.y0) + 40
    out.extend(_reread_canvas(crops[start:], lang, timeout))
    return out


def _crop(source: np.ndarray, w: Word) -> tuple[np.ndarray, tuple[int, int]]:
    """A word's crop with a margin of paper, and its top left corner on the page."""
    pad = CROP_PAD
    y0, y1 = max(0, int(w.y0) - pad), min(source.shape[0], int(w.y1) + pad)
    x0, x1 = max(0, int(w.x0) - pad), min(source.shape[1], int(w.x1) + pad)
    return source[y0 : max(y0, y1), x0 : max(x0, x1)], (x0, y0)


def _reread_canvas(
    cut: list[tuple[np.ndarray, tuple[int, int]]], lang: str, timeout: float
) -> list[list[Word]]:
    """The words `lang` reads in each crop, stacked on one canvas, in page coordinates."""
    gap = 24
    crops = [c for c, _ in cut]
    origins = [o for _, o in cut]
    width = max(c.shape[1] for c in crops) + 2 * gap
    height = sum(c.shape[0] + gap for c in crops) + gap
    canvas = np.full((height, width), 255, dtype=np.uint8)
    spans: list[tuple[int, int]] = []
    y = gap
    for c in crops:
        canvas[y : y + c.shape[0], gap : gap + c.shape[1]] = c
        # An empty crop (a box off the page) gets an empty span: nothing is read for it.
        spans.append((y, y + c.shape[0]))
        y += c.shape[0] + gap
    got: list[list[Word]] = [[] for _ in crops]
    for w in ocr_words(canvas, lang, timeout):
        k = next((k for k, (a, b) in enumerate(spans) if a <= w.cy < b), None)
        if k is not None:
            dx, dy = origins[k][0] - gap, origins[k][1] - spans[k][0]
            got[k].append(Word(w.text, w.x0 + dx, w.y0 + dy, w.x1 + dx, w.y1 + dy, w.conf))
    return got


def ink_unread(gray: np.ndarray, word: Word) -> bool:
    """A short word or number read surely with fewer signs than its ink has glyphs ("ш" 92
    for "шт", "3" 80 for "d3"): worth a second reading."""
    text = word.text
    if not (text.isalnum() and len(text) <= 3):
        return False
    return len(glyph_boxes(word_crop(gray, word))) > len(text)
