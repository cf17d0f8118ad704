"""Roman numerals read as the Cyrillic letter of their strokes.

"SATA III" in a sans face is three bare stems side by side, and the Russian model reads
them as one Ш (three stems on a bar); "II" as П. The ink tells them apart: the letter's
stems are joined by a bar, the numeral's stand apart, one glyph each.
"""

from __future__ import annotations

import numpy as np

from .glyphs import glyph_boxes, word_crop
from .load import Word

# The letters whose stems a numeral's bare stems are read as, by how many stems.
_STEMS = {"Ш": 3, "П": 2}
NARROW = 0.35  # of a stem's height: a bare stem (I) is no wider
TALL = 0.8  # of the tallest stem: each of the numeral's stems is as tall, near enough


def roman_numeral(gray: np.ndarray, word: Word) -> str:
    """ "III" for a Ш (and "II" for a П) whose ink is that many bare stems apart, as tall
    as each other; the reading unchanged otherwise."""
    stems = _STEMS.get(word.text)
    if stems is None:
        return word.text
    glyphs = glyph_boxes(word_crop(gray, word))
    if len(glyphs) != stems:
        return word.text
    heights = [g.bottom - g.top + 1 for g in glyphs]
    tallest = max(heights)
    bare = all(
        g.x1 - g.x0 + 1 <= NARROW * h and h >= TALL * tallest
        for g, h in zip(glyphs, heights, strict=True)
    )
    return "I" * stems if bare else word.text
