"""Print the page reading passed over: ink that no word's box covers, to be read again.

Tesseract reads a page as one block of uniform lines (`--psm 6`). The second line of a
name wrapped in a narrow cell, set closer than the page's line spacing, then sometimes
comes back as nothing at all ("лента 5 м" under "Светодиодная"). Ink left uncovered by
every word box, in blobs of a text line's height, is where such words are; their crops
are read like the pieces of words cut at ruling lines.
"""

from __future__ import annotations

import numpy as np

from .components import bounds, components
from .load import Word
from .recognize import reduce_any

MISSED = -2.0  # the confidence of a box of ink the page reading passed over
SCALE = 4  # blobs are found at a quarter of the page's resolution: a few thousand runs
MARGIN = 3  # pixels around a word's box that count as the word's own


def missed_boxes(gray: np.ndarray, words: list[Word], line_h: float) -> list[Word]:
    """Boxes (empty words, confidence MISSED) of uncovered ink shaped like a line of print:
    a text line's height (not a signature's loops, not a speck) and a word's width at least.
    `line_h` is a sure word's usual height on the page."""
    if line_h <= 0 or not words:
        return []
    ink = gray < 128
    covered = np.zeros_like(ink)
    for w in words:
        y0, x0 = max(0, int(w.y0) - MARGIN), max(0, int(w.x0) - MARGIN)
        covered[y0 : int(w.y1) + MARGIN + 1, x0 : int(w.x1) + MARGIN + 1] = True
    left = ink & ~covered
    small = reduce_any(left, SCALE)
    # Letters of a word and words of a line join across gaps narrower than half a line.
    joined = small.copy()
    for shift in range(1, max(1, int(line_h / 2 / SCALE)) + 1):
        joined[:, shift:] |= small[:, :-shift]
    boxes: list[Word] = []
    for comp in components(joined):
        box = bounds(comp)
        y0, y1 = box.top * SCALE, (box.bottom + 1) * SCALE
        x0, x1 = box.left * SCALE, (box.right + 1) * SCALE
        height, width = y1 - y0, x1 - x0
        if not 0.5 * line_h <= height <= 1.6 * line_h or width < line_h:
            continue
        if left[y0:y1, x0:x1].mean() < 0.04:
            continue  # a scatter of specks, not print
        boxes.append(Word("", float(x0), float(y0), float(x1), float(y1), MISSED))
    return boxes
