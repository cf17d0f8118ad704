"""Word spaces the reader ran over: a number and its unit set close ("75мм" for "75 мм").

Narrow fonts (PT Sans Narrow, Arial Narrow) set a word space only a few pixels wider than
the gap between two letters, and Tesseract then reads a size and its unit as one word. The
ink tells the space apart: a gap inside the word as wide as the line's word spaces.
Numbers, units and the times sign are split there, where Russian print spaces them; other
parts of a word with a number only at a gap also far wider than the word's own gaps between
letters ("ВА47-29 1Р"): a merely wide gap ("Г" before "Т", an italic's overhang) is no space.
"""

from __future__ import annotations

import re
from itertools import pairwise
from statistics import median

import numpy as np

from .glyphs import crop_origin, glyph_boxes, word_crop
from .load import Word
from .parse import UNITS

# Units printed after a number in item names and sizes, beside the units goods are sold in.
SIZE_UNITS = UNITS | {"мм", "см", "дм", "мкм", "В", "А", "Вт", "кВт", "Гб", "ГБ", "мА"}
_TIMES = {"х", "x", "×"}
_NUMBER = re.compile(r"^\d+(?:[.,]\d+)?$")
_CANDIDATE = re.compile(r"^(?=.*[^\W\d_])[\wх×.,/-]+$")
SPACE_SHARE = 0.75  # of the line's usual word space: a gap this wide is a space
SPACE_MIN = 0.3  # of a word's height: no space is narrower, whatever the line shows
PLAIN_SPACE_MIN = 0.45  # of a word's height: a space between any parts, on a line of none
LETTER_GAPS = 2.5  # times the word's usual gap between letters: a space between any parts


def _part_ok(part: str) -> bool:
    core = part.rstrip(".,;:")
    return bool(core) and (_NUMBER.match(core) is not None or core in SIZE_UNITS or core in _TIMES)


def maybe_spaced(text: str) -> bool:
    """Letters with a number or a times sign in one word: it may be a size and its unit."""
    return bool(_CANDIDATE.match(text)) and any(c.isdigit() or c in _TIMES for c in text)


def line_spaces(words: list[Word], word: Word, h: float) -> list[float]:
    """Gaps between the words on `word`'s line (not the wider gaps between columns)."""
    line = sorted((w for w in words if abs(w.cy - word.cy) < h / 2), key=lambda w: w.x0)
    gaps = [b.x0 - a.x1 for a, b in pairwise(line)]
    return [g for g in gaps if 0 < g < h]


def split_spaced(gray: np.ndarray, word: Word, spaces: list[float], h: float) -> list[Word]:
    """`word` as the words its ink shows, where it is numbers and units run together
    over spaces, or a model name over a gap as wide as the line's word spaces and far
    wider than its own letters' gaps; [word] otherwise."""
    text = word.text
    if not h or not maybe_spaced(text):
        return [word]
    glyphs = glyph_boxes(word_crop(gray, word))
    if len(glyphs) != len(text):
        return [word]  # a letter in two pieces or two letters touching: the ink cannot say
    gaps = [glyphs[k].x0 - glyphs[k - 1].x1 for k in range(1, len(text))]
    least = max(SPACE_MIN * h, SPACE_SHARE * median(spaces)) if spaces else SPACE_MIN * h
    cuts = [k + 1 for k, g in enumerate(gaps) if g >= least]
    parts = list(pairwise([0, *cuts, len(text)]))
    if not cuts or not all(_part_ok(text[a:b]) for a, b in parts):
        # Any parts, where the gap is a full word space and far wider than the word's own
        # letter gaps ("ВА47-29 1Р" read "ВА47-291Р").
        space = max(least, median(spaces)) if spaces else PLAIN_SPACE_MIN * h
        letter = median(gaps) if len(gaps) >= 3 else float("inf")
        cuts = [k + 1 for k, g in enumerate(gaps) if g >= space and g >= LETTER_GAPS * letter]
        parts = list(pairwise([0, *cuts, len(text)]))
        if not cuts or not all(any(c.isalnum() for c in text[a:b]) for a, b in parts):
            return [word]
    ox, _ = crop_origin(gray, word)
    return [
        Word(text[a:b], ox + glyphs[a].x0, word.y0, ox + glyphs[b - 1].x1 + 1, word.y1, word.conf)
        for a, b in parts
    ]
