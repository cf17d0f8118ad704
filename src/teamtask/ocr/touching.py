"""Two letters whose ink touches, read as the one letter their joined shape resembles.

In a narrow font Г's bar runs into Т's ("ГТ-20"): the joined glyph is a bar over two stems,
and both models read it П. The ink tells them apart: a П's bar ends at its right stem, the
pair's bar reaches on past the Т's stem, with nothing under it at the foot.
"""

from __future__ import annotations

import numpy as np

from .glyphs import sign_glyphs
from .load import Word

STEM = 0.8  # of a glyph's height: a column inked this far down is a stem
# How far the bar reaches past the right stem, as a share of the glyph's height: a П's
# not at all (a serif's stub at most), Т's half bar in "ГТ" some 0.2 of it and more.
OVERHANG = 0.15
FOOT = 0.15  # of the height: the foot rows, bare right of the stem under "ГТ"'s bar


def _touching_gt(glyph: np.ndarray) -> bool:
    h, w = glyph.shape
    if h < 12:
        return False
    stems = np.nonzero(glyph.sum(axis=0) >= STEM * h)[0]
    if stems.size == 0:
        return False
    right = int(stems.max())
    overhang = (w - 1 - right) / h
    bar = glyph[: max(1, int(0.15 * h)), right + 1 :]
    foot = glyph[h - max(1, int(FOOT * h)) :, right + 1 :]
    return overhang >= OVERHANG and bar.any(axis=0).all() and not foot.any()


def restore_touching(gray: np.ndarray, word: Word) -> str:
    """The word with each П whose ink is Г and Т touching read "ГТ"; unchanged unless the
    ink has one glyph per sign of the reading."""
    text = word.text
    if "П" not in text:
        return text
    signs = sign_glyphs(gray, word)
    if signs is None:
        return text
    chars = list(text)
    for i, mask in signs:
        if text[i] == "П" and _touching_gt(mask):
            chars[i] = "ГТ"
    return "".join(chars)
