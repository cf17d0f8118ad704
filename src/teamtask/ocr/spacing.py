"""Word spaces the reader ran over: a number and its unit set close ("75мм" for "75 мм").

Narrow fonts (PT Sans Narrow, Arial Narrow) set a word space only a few pixels wider than
the gap between two letters, and Tesseract then reads a size and its unit as one word. The
ink tells the space apart: a gap inside the word as wide as the line's word spaces. Only
numbers, units and the times sign are split, where Russian print spaces them, and a word
before them: a wide gap inside a word ("Г" before "Т", an italic's overhang) is no space.
"""

from __future__ import annotations

import re
from itertools import pairwise
from statistics import median

import numpy as np

from .glyphs import crop_origin, glyph_boxes, word_crop
from .load import Word, joined
from .parse import LATIN_TO_CYR, UNITS

# Units printed after a number in item names and sizes, beside the units goods are sold in.
SIZE_UNITS = UNITS | {
    *("мм", "см", "дм", "мкм"),
    *("В", "А", "мА", "Вт", "кВт", "Ом"),
    *("Мб", "МБ", "Гб", "ГБ", "Тб", "ТБ", "Гц", "МГц", "ГГц"),
}
_TIMES = {"х", "x", "×"}
_NUMBER = re.compile(r"^\d+(?:[.,]\d+)?$")
_WORD = re.compile(r"^[^\W\d_]{2,}$")
# (No size starts with a 0 before another digit: "05В" is "USB" read by the Russian model.)
_SIZED = re.compile(r"^(?!0\d)\d+(?:[.,]\d+)?([^\W\d_]+)$")
_CANDIDATE = re.compile(r"^(?=.*[^\W\d_])[\wх×.,/]+$")
SPACE_SHARE = 0.75  # of the line's usual word space: a gap this wide is a space
SPACE_MIN = 0.3  # of a word's height: no space is narrower, whatever the line shows


def _part_ok(part: str) -> bool:
    """A number, a unit, the times sign, or a size set close to its unit ("12В" of a
    power supply's "12В 5А"); a unit in Latin look-alikes too."""
    core = part.rstrip(".,;:")
    unit = core.translate(LATIN_TO_CYR)  # the English reader's look-alikes ("12B5A")
    if _NUMBER.match(core) or unit in SIZE_UNITS or core in _TIMES:
        return bool(core)
    return is_size(core)


def is_number(text: str) -> bool:
    """A plain number: digits, with a decimal point or comma ("3", "0,5")."""
    return bool(_NUMBER.match(text))


def is_size(text: str) -> bool:
    """A number set close to its unit ("12В", "5А", "75мм"; in Latin look-alikes too, as
    the English reader reads them: "5A")."""
    sized = _SIZED.match(text.translate(LATIN_TO_CYR))
    return sized is not None and sized.group(1) in SIZE_UNITS


def one_for_bracket(text: str) -> str:
    """A serif 1 read as a closing bracket before its unit ("]л" of "Антисептик для рук
    1 л", no bracket opened): a size, "1л", its space for `split_spaced` to find."""
    if text.startswith("]") and text[1:].translate(LATIN_TO_CYR) in SIZE_UNITS:
        return "1" + text[1:]
    return text


def maybe_spaced(text: str) -> bool:
    """Letters with a number or a times sign in one word: it may be a size and its unit."""
    return bool(_CANDIDATE.match(text)) and any(c.isdigit() or c in _TIMES for c in text)


def line_spaces(words: list[Word], word: Word, h: float) -> list[float]:
    """Gaps between the words on `word`'s line (not the wider gaps between columns)."""
    return _gaps([w for w in words if abs(w.cy - word.cy) < h / 2], h)


def page_spaces(words: list[Word], h: float) -> list[float]:
    """Gaps between the words on the page's lines (`line_spaces` of every line): the
    page's word spaces, for a line of one word, which shows none."""
    gaps: list[float] = []
    line: list[Word] = []
    for w in sorted(words, key=lambda w: w.cy):
        if line and w.cy - line[0].cy >= h / 2:
            gaps += _gaps(line, h)
            line = []
        line.append(w)
    return gaps + _gaps(line, h)


def _gaps(line: list[Word], h: float) -> list[float]:
    ordered = sorted(line, key=lambda w: w.x0)
    return [g for a, b in pairwise(ordered) if 0 < (g := b.x0 - a.x1) < h]


def least_space(spaces: list[float], h: float) -> float:
    """The narrowest gap that is a word space on a line with these spaces (`line_spaces`)."""
    return max(SPACE_MIN * h, SPACE_SHARE * median(spaces)) if spaces else SPACE_MIN * h


def split_spaced(gray: np.ndarray, word: Word, spaces: list[float], h: float) -> list[Word]:
    """`word` as the words its ink shows, where it is numbers and units run together
    over spaces; [word] otherwise."""
    text = word.text
    if not h or not maybe_spaced(text):
        return [word]
    glyphs = glyph_boxes(word_crop(gray, word))
    if len(glyphs) != len(text):
        return [word]  # a letter in two pieces or two letters touching: the ink cannot say
    least = least_space(spaces, h)
    # Never inside a number: a 1's side bearing in a wide face is as wide as a space.
    cuts = [
        k
        for k in range(1, len(text))
        if glyphs[k].x0 - glyphs[k - 1].x1 >= least
        and not (text[k - 1].isdigit() and text[k].isdigit())
    ]
    if not cuts:
        return [word]
    bounds = [0, *cuts, len(text)]
    parts = list(pairwise(bounds))
    # The first part may be a word of the name before the size ("рук1л": "рук 1 л").
    first = text[parts[0][0] : parts[0][1]]
    lead = len(parts) > 1 and _WORD.match(first) is not None
    if not all(_part_ok(text[a:b]) for a, b in parts[1 if lead else 0 :]):
        return [word]
    ox, _ = crop_origin(gray, word)
    return [
        Word(text[a:b], ox + glyphs[a].x0, word.y0, ox + glyphs[b - 1].x1 + 1, word.y1, word.conf)
        for a, b in parts
    ]


def number_sign_joined(words: list[Word], h: float) -> list[Word]:
    """A number sign set close to its number ("№24/6": its box read apart from the
    number's, a gap no wider than between letters) as the one word printed; "№ 24", a
    word space apart, stays two words."""
    if not h:
        return words
    out = list(words)
    gone: set[int] = set()
    for k, w in enumerate(out):
        if w.text != "№" or k in gone:
            continue
        least = least_space(line_spaces(out, w, h), h)
        after = [
            j
            for j, n in enumerate(out)
            if j != k and j not in gone and abs(n.cy - w.cy) < h / 2 and n.x1 > w.x1
        ]
        if not after:
            continue
        j = min(after, key=lambda j: out[j].x0)
        if -h / 2 <= out[j].x0 - w.x1 < least:
            # A quote mark right after the sign is its bar's end read again ("№'24/6").
            out[k] = joined([w, out[j]], w.text + out[j].text.lstrip("'‘’‚`"))
            gone.add(j)
    return [w for k, w in enumerate(out) if k not in gone]
