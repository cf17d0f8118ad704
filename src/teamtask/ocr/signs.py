"""Signs OCR loses or misreads at a word's edge, told by the ink: a full stop it dropped
("шт)" for "шт.)"), a hyphen it read as a colon ("Тонер:" for "Тонер-"), and a quote or
a full stop it read where the ink has none ("‘картридж", "г/м2."), and a letter read twice
over one glyph, in both cases ("LsS" for "LS").
"""

from __future__ import annotations

import re
from statistics import median_high

import numpy as np

from .glyphs import SMALL_SHARE, Glyph, glyph_boxes, word_crop
from .load import Word

# A full stop's size as a share of the word's usual glyph height, and how far its bottom
# may sit from the line's.
STOP_SIZE = (0.12, 0.35)
STOP_BASELINE = 0.15
# A hyphen: no taller than this share of the usual glyph height, at least as wide as tall.
HYPHEN_HEIGHT = 0.25
# A quote mark: no taller than this share of the word's tallest glyph.
MARK_HEIGHT = 0.45
# Words that may end in an abbreviation's full stop: a few letters, maybe a bracket after.
_ABBREVIATION = re.compile(r"^[(«\"]?[^\W\d_]{1,5}\)?$")
_WORD_COLON = re.compile(r"^[^\W\d_]{2,}:$")
_MARKED = re.compile(r"^[‘’'`][^\W\d_]{2,}$")


def _usual_height(glyphs: list[Glyph]) -> int:
    return median_high(g.bottom - g.top + 1 for g in glyphs)


def restore_stop(gray: np.ndarray, word: Word) -> str:
    """A word whose reading lost a full stop the ink shows ("шт)" for "шт.)"): one glyph
    more than the reading has signs, that glyph a dot on the line right after a letter.
    Unchanged unless exactly one such dot accounts for the extra glyph."""
    text = word.text
    if not _ABBREVIATION.match(text):
        return text
    glyphs = glyph_boxes(word_crop(gray, word))
    if len(glyphs) != len(text) + 1:
        return text
    h = _usual_height(glyphs)
    lo, hi = STOP_SIZE[0] * h, STOP_SIZE[1] * h
    dots = [
        k
        for k, g in enumerate(glyphs)
        if lo <= g.x1 - g.x0 + 1 <= hi and lo <= g.bottom - g.top + 1 <= hi
    ]
    if len(dots) != 1 or dots[0] == 0:
        return text
    k = dots[0]
    baseline = median_high(g.bottom for i, g in enumerate(glyphs) if i != k)
    if abs(glyphs[k].bottom - baseline) > STOP_BASELINE * h or not text[k - 1].isalpha():
        return text
    return text[:k] + "." + text[k:]


def restore_hyphen(gray: np.ndarray, word: Word) -> str:
    """A word read with a colon at its end where the ink has a hyphen ("Тонер:" of
    "Тонер-картридж"): its last glyph one flat bar, not two dots."""
    text = word.text
    if not _WORD_COLON.match(text):
        return text
    glyphs = glyph_boxes(word_crop(gray, word))
    if len(glyphs) != len(text):
        return text
    last, h = glyphs[-1], _usual_height(glyphs)
    tall, wide = last.bottom - last.top + 1, last.x1 - last.x0 + 1
    return text[:-1] + "-" if tall <= HYPHEN_HEIGHT * h and wide >= tall else text


def _one_glyph_short(gray: np.ndarray, word: Word) -> list[Glyph] | None:
    """The word's glyphs where its ink has one fewer than its reading has signs."""
    glyphs = glyph_boxes(word_crop(gray, word))
    return glyphs if glyphs and len(glyphs) == len(word.text) - 1 else None


def drop_inkless_mark(gray: np.ndarray, word: Word) -> str:
    """A word read with a quote mark before it that the ink does not have ("‘картридж", the
    mark made of a hyphen's end): one glyph fewer than signs, the first a full letter."""
    text = word.text
    glyphs = _one_glyph_short(gray, word) if _MARKED.match(text) else None
    if not glyphs:
        return text
    tallest = max(g.bottom - g.top + 1 for g in glyphs)
    first = glyphs[0]
    return text[1:] if first.bottom - first.top + 1 > MARK_HEIGHT * tallest else text


def drop_inkless_stop(gray: np.ndarray, word: Word) -> str:
    """A word read with a full stop at its end that the ink does not have ("г/м2." where
    "г/м2" ends a cell's line): one glyph fewer than signs, the last a full sign, no dot."""
    text = word.text
    ends_in_stop = len(text) >= 2 and text.endswith(".") and text[-2] not in ".)"
    glyphs = _one_glyph_short(gray, word) if ends_in_stop else None
    if not glyphs:
        return text
    last = glyphs[-1]
    full = STOP_SIZE[1] * _usual_height(glyphs)
    return text[:-1] if last.bottom - last.top + 1 > full else text


def drop_letter_read_twice(gray: np.ndarray, word: Word) -> str:
    """A letter read twice over one glyph, once in each case ("ВВГнг-LsS" for "ВВГнг-LS"):
    one glyph fewer than signs, and one pair of neighbours that are one letter in two
    cases. The glyph's height tells which case stands."""
    text = word.text
    pairs = [
        i
        for i in range(len(text) - 1)
        if text[i].isalpha() and text[i] != text[i + 1] and text[i].upper() == text[i + 1].upper()
    ]
    glyphs = _one_glyph_short(gray, word) if len(pairs) == 1 else None
    if not glyphs:
        return text
    i = pairs[0]
    tallest = max(g.bottom - g.top + 1 for g in glyphs)
    glyph = glyphs[i]  # the signs before the pair are the glyphs before it, one for one
    capital = glyph.bottom - glyph.top + 1 > SMALL_SHARE * tallest
    keep = text[i].upper() if capital else text[i].lower()
    return text[:i] + keep + text[i + 2 :]
