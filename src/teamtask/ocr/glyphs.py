"""A word's glyphs as the ink shows them: where each one sits, left to right.

OCR gives a box per word, not per letter; the ink inside the box tells what a reading cannot:
a letter's height (н or Н), a tail below the line (Д or 4), a space the reader ran over.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .components import components
from .load import Word

CROP_MARGIN = 2  # pixels of paper kept around a word's box


class Glyph(NamedTuple):
    x0: int
    x1: int
    top: int
    bottom: int


def glyph_boxes(crop: np.ndarray) -> list[Glyph]:
    """The glyphs of a binarised word, left to right: ink components, with parts that
    overlap in x (the dot of й, a letter's broken stroke) joined."""
    boxes: list[list[int]] = []  # x0, x1, top, bottom
    for runs in components(crop < 128):
        ys = [y for y, _, _ in runs]
        x0, x1 = min(a for _, a, _ in runs), max(b for _, _, b in runs)
        boxes.append([x0, x1, min(ys), max(ys)])
    boxes.sort()
    merged: list[list[int]] = []
    for bx in boxes:
        if merged and bx[0] <= merged[-1][1] - 1:
            m = merged[-1]
            m[1], m[2], m[3] = max(m[1], bx[1]), min(m[2], bx[2]), max(m[3], bx[3])
        else:
            merged.append(bx)
    return [Glyph(*m) for m in merged]


def glyph_spans(crop: np.ndarray) -> list[tuple[int, int]]:
    """Top and bottom rows of a binarised word's glyphs, left to right."""
    return [(g.top, g.bottom) for g in glyph_boxes(crop)]


def crop_origin(gray: np.ndarray, word: Word) -> tuple[int, int]:
    """The page coordinates of `word_crop`'s top left corner."""
    return max(0, int(word.x0) - CROP_MARGIN), max(0, int(word.y0) - CROP_MARGIN)


def word_crop(gray: np.ndarray, word: Word) -> np.ndarray:
    x0, y0 = crop_origin(gray, word)
    y1 = min(gray.shape[0], int(word.y1) + CROP_MARGIN + 1)
    x1 = min(gray.shape[1], int(word.x1) + CROP_MARGIN + 1)
    return gray[y0:y1, x0:x1]
