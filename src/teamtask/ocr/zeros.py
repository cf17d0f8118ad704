"""A zero read as the letter О and back (the cement grade "Д0" read "ДО", a fire
extinguisher's "ОП-4" read "0П-4"), told by the glyph's width against the page's own.

Both readers draw the two alike, and in a code either may follow a letter. The ink tells
them apart: in every proportional Debian face a 0 is narrower than an О of its height, by
13 % (PT Sans Narrow) to 39 % (FreeSerif Bold) of its width for the same height. No
absolute width tells (a condensed face's О is narrower than a wide face's 0), so each page
measures its own: the zeros of numbers it read surely, the О's of words such as "ООО" and
"ОГРН" (and "ООО" read "000" before a name in quotes). A verdict is given where both were
measured at the glyph's height, differ clearly (not in a monospaced face, whose 0 is as
wide as its О), and the glyph is much nearer one of them; or, that failing, where the glyph
is far wider than the page's 0 (or far narrower than its О) and not both — in no face is a
0 so much wider than another of its 0's; or, where only one of them was measured, where
the glyph is as wide as that one (a monospaced face's О would pass for its 0 there).
"""

from __future__ import annotations

import math
import re
from functools import cached_property
from statistics import median

import numpy as np

from .alphabets import latin_letters
from .found import QUOTE_OPEN
from .glyphs import sign_glyphs
from .load import Word

ROUND_LETTERS = "ОO"  # the Cyrillic capital and the Latin one
SURE = 90.0  # how sure a word must be for its glyphs to measure the page's 0 and О
SAMPLES = 20  # words of each kind measured: enough for a median, cheap on a long page
MIN_HEIGHT = 8  # pixels: a glyph shorter than this is too coarse to measure
HEIGHT_SLACK = 0.15  # how much taller or shorter a measured glyph may be than the one told
# How much wider the page's О must be than its 0 for the two to be told apart at all.
DISTINCT = 1.1
# Where the page measured only one of the two: how much wider than its 0 (or narrower than
# its О) a glyph must be to be the other. The narrowest gap between them is 13 %; a glyph's
# width is a pixel or two off at a small size.
ALONE = 1.15
# Where the page measured only one of the two: how near its width a glyph must be to be
# it (a pixel at a 300-dpi glyph's height; an О is 13 % wider than a 0 at least).
SAME = 0.04
# How much nearer one of the two (on a log scale, as a share of the distance between them)
# a glyph's width must be to be that one.
NEARER = 0.3
_NUMBER = re.compile(r"[\d\s.,]*0[\d\s.,]*")
_CAPITALS = re.compile(r"[А-ЯЁA-Z]{2,}")
# A word where a zero may have been read as a letter: a letter О beside a digit ("М5ОО"),
# or a short word of capitals, signs after it ("ДО," of "Цемент М500 Д0, 50 кг").
_ZERO_AS_LETTER = re.compile(r"[А-ЯЁA-Z]{0,2}[ОO][.,;:)]?|.*(\d[ОO]|[ОO]\d).*")
# A word where a letter may have been read as a zero: a 0 beside a capital ("0П-4",
# "C0-1260").
_LETTER_AS_ZERO = re.compile(r".*(0[А-ЯЁA-Z]|[А-ЯЁA-Z]0).*")


class RoundGlyphs:
    """The widths (as a share of the height) of a page's sure 0's and О's, with their
    heights: measured on first use (most pages have no word to tell)."""

    def __init__(self, gray: np.ndarray, words: list[Word]) -> None:
        self._gray, self._words = gray, words

    @cached_property
    def _measured(self) -> tuple[list[tuple[int, float]], list[tuple[int, float]]]:
        sure = [w for w in self._words if w.conf >= SURE]
        # "ООО" before a name in quotes, read "000": the legal form's letters, not zeros
        # (a page of the form's parties may have no other word of capitals with an О).
        forms = [w for w in sure if w.text == "000" and _before_quoted_name(w, self._words)]
        numbers = [w for w in sure if _NUMBER.fullmatch(w.text) and w not in forms]
        capitals = [
            w
            for w in sure
            if _CAPITALS.fullmatch(w.text) and any(c in ROUND_LETTERS for c in w.text)
        ]
        letters = _widths(self._gray, capitals, ROUND_LETTERS) + _widths(self._gray, forms, "0")
        return _widths(self._gray, numbers, "0"), letters

    def at(self, height: int) -> tuple[float | None, float | None]:
        """The usual width of a 0 and of an О as tall as `height`, each None where the
        page has none of that height measured."""
        near = [
            [a for h, a in kind if abs(h - height) <= HEIGHT_SLACK * height]
            for kind in self._measured
        ]
        zero, letter = (median(n) if n else None for n in near)
        return zero, letter


def _before_quoted_name(word: Word, words: list[Word]) -> bool:
    """Whether the next word on the word's line, a word space or so after it, opens a name
    in quotes ("000 «Монолит-М»"), as the legal form's is."""
    h = word.y1 - word.y0
    after = [
        w
        for w in words
        if abs(w.cy - word.cy) < h / 2 and 0 <= w.x0 - word.x1 < 1.5 * h and w is not word
    ]
    nearest = min(after, key=lambda w: w.x0, default=None)
    return nearest is not None and nearest.text[:1] in QUOTE_OPEN


def _widths(gray: np.ndarray, words: list[Word], signs: str) -> list[tuple[int, float]]:
    """Height and width (as a share of the height) of the glyphs of `signs` in `words`."""
    out = []
    for w in words[:SAMPLES]:
        for i, glyph in sign_glyphs(gray, w) or []:
            if w.text[i] in signs and glyph.shape[0] >= MIN_HEIGHT:
                out.append((glyph.shape[0], _aspect(glyph)))
    return out


def _aspect(glyph: np.ndarray) -> float:
    h, w = glyph.shape
    return w / h


def _verdict(aspect: float, zero: float | None, letter: float | None) -> str | None:
    """ "0", "О" or None (not told) for a round glyph this wide, by the page's 0 and О: much
    nearer one of them; or, where that does not tell or only one was measured, far wider
    than its 0's or far narrower than its О's (a code's "С0" on a page with no word of
    capitals with an О, or whose "ООО" is set wider than the code)."""
    if zero is not None and letter is not None and letter >= DISTINCT * zero:
        span = math.log(letter) - math.log(zero)
        at = (math.log(aspect) - math.log(zero)) / span  # 0 at the zero's width, 1 at the О's
        if at <= NEARER:
            return "0"
        if at >= 1 - NEARER:
            return "О"
    # However the two compare, a glyph far wider than the page's 0's is no 0, and one far
    # narrower than its О's no О (the О's measured may be a bolder party line's "ООО").
    wide = zero is not None and aspect >= ALONE * zero
    narrow = letter is not None and aspect * ALONE <= letter
    if wide != narrow:
        return "О" if wide else "0"
    # Only one of the two measured, and the glyph as wide as that one: an О is wider than a
    # 0 by more than a pixel's error (13 % at least), so a glyph within SAME of the page's
    # 0's is a 0 ("Д0," on a page with no word of capitals with an О).
    if letter is None and zero is not None and abs(aspect / zero - 1) <= SAME:
        return "0"
    if zero is None and letter is not None and abs(aspect / letter - 1) <= SAME:
        return "О"
    return None


def zero_or_letter(gray: np.ndarray, word: Word, page: RoundGlyphs) -> str:
    """The word with each round glyph read as the one its width shows: "ДО," → "Д0,",
    "0П-4" → "ОП-4". Unchanged where a glyph is not told."""
    text = word.text
    as_letter = _ZERO_AS_LETTER.fullmatch(text)
    as_zero = _LETTER_AS_ZERO.fullmatch(text)
    if not (as_letter or as_zero):
        return text
    signs = sign_glyphs(gray, word)
    if signs is None:
        return text
    chars = list(text)
    for i, glyph in signs:
        c = text[i]
        if not ((as_letter and c in ROUND_LETTERS) or (as_zero and c == "0")):
            continue
        verdict = _verdict(_aspect(glyph), *page.at(glyph.shape[0]))
        if verdict == "0" and c in ROUND_LETTERS:
            chars[i] = "0"
        elif verdict == "О" and c == "0":
            # The letter of the word's own alphabet: Latin in a Latin code ("CO-1260").
            chars[i] = "O" if latin_letters(text) else "О"
    return "".join(chars)
