"""Roman numerals read as the Cyrillic letter of their strokes.

"SATA III" in a sans face is three bare stems side by side, and the Russian model reads
them as one Ш (three stems on a bar); "II" as П. The ink tells them apart: the letter's
stems are joined by a bar, the numeral's stand apart, one glyph each. Where the page's
reading passed over such stems altogether (as a rule's remnant: "|||"), and the crops read
them as "И" or "lI", the ink alone tells the numeral too.
"""

from __future__ import annotations

import itertools

import numpy as np

from .glyphs import INK_LEVEL, Glyph, glyph_boxes, word_crop
from .load import Word

# The letters whose stems a numeral's bare stems are read as, by how many stems; in either
# case (a serif face's III, its serifs all but touching, read "ш").
_STEMS = {"Ш": 3, "ш": 3, "П": 2, "п": 2}
# Signs a reader reads bare stems as, one or more to a stem ("SATA III" read "SATA И",
# "SATA 1!"): not digits alone, which are a number ("11").
_STEM_SIGNS = set("ШПИНЛlIi1!|")
NARROW = 0.35  # of a stem's height: a bare stem (I) is no wider
SERIF_SLACK = 0.05  # of a stem's height: how far off its stem's centre an I's serifs may be
TALL = 0.8  # of the tallest stem: each of the numeral's stems is as tall, near enough
# Of a word's height on the line: how tall stems the page passed over must be to be a
# numeral's (a word's box holds descenders: a capital's stem is three quarters of it).
STEM_LOW, STEM_HIGH = 0.6, 1.1
NUMERAL_CONF = 80.0  # the ink's word, told by shape: as sure as a fair reading


def roman_numeral(gray: np.ndarray, word: Word) -> str:
    """ "III" for a Ш (and "II" for a П) whose ink is that many bare stems apart, as tall
    as each other; and for any short reading of signs made of stems, not a number ("И",
    "1!", "lll"), whose ink is two or three bare stems. The reading unchanged otherwise."""
    stems = _STEMS.get(word.text)
    text = word.text
    of_stems = len(text) <= 3 and set(text) <= _STEM_SIGNS and not text.isdigit()
    if stems is None and not of_stems:
        return text
    crop = word_crop(gray, word)
    glyphs = glyph_boxes(crop)
    if (stems is not None and len(glyphs) != stems) or not 2 <= len(glyphs) <= 3:
        return text
    return "I" * len(glyphs) if _bare_stems(crop, glyphs) else text


def _bare_stems(crop: np.ndarray, glyphs: list[Glyph]) -> bool:
    """Glyphs that are each a bare stem, all as tall as the tallest near enough."""
    heights = [g.bottom - g.top + 1 for g in glyphs]
    tallest = max(heights)
    return all(
        _bare_stem(crop, g, h) and h >= TALL * tallest for g, h in zip(glyphs, heights, strict=True)
    )


def _bare_stem(crop: np.ndarray, g: Glyph, h: int) -> bool:
    """A narrow glyph; or a serif face's I, its serifs as wide as its stem is thin (half
    its height across, in all): a narrow stem at its middle, its serifs centred on it at
    top and bottom — where a 1's flag reaches out to the left at its top."""
    if g.x1 - g.x0 + 1 <= NARROW * h:
        return True
    ink = crop[g.top : g.bottom + 1, g.x0 : g.x1 + 1] < INK_LEVEL
    middle = np.flatnonzero(ink[h // 2])
    if not middle.size or middle[-1] - middle[0] + 1 > NARROW * h:
        return False
    centre = (middle[0] + middle[-1]) / 2
    band = max(1, h // 4)
    for rows in (ink[:band], ink[-band:]):
        cols = np.flatnonzero(rows.any(axis=0))
        if not cols.size or abs((cols[0] + cols[-1]) / 2 - centre) > SERIF_SLACK * h:
            return False
    return True


def stems_numeral(gray: np.ndarray, box: Word, h: float) -> Word | None:
    """ "II" or "III" where a box of ink the page passed over is that many bare stems on a
    line of text (`h`: a word's height there): as tall as its letters and no taller (not
    a rule's remnant), set apart by less than a stem's height (not specks apart)."""
    crop = word_crop(gray, box)
    glyphs = glyph_boxes(crop)
    if not 2 <= len(glyphs) <= 3 or not _bare_stems(crop, glyphs) or not h:
        return None
    tallest = max(g.bottom - g.top + 1 for g in glyphs)
    gaps = [b.x0 - a.x1 for a, b in itertools.pairwise(glyphs)]
    if not (STEM_LOW * h <= tallest <= STEM_HIGH * h) or max(gaps) >= tallest or min(gaps) <= 0:
        return None
    return Word("I" * len(glyphs), box.x0, box.y0, box.x1, box.y1, NUMERAL_CONF)
