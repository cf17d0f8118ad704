"""Signs OCR loses or misreads at a word's edge, told by the ink: a full stop it dropped
("шт)" for "шт.)"), a hyphen it read as a colon ("Тонер:" for "Тонер-"), and a quote or
a full stop it read where the ink has none ("‘картридж", "г/м2."), a letter read twice
over one glyph, in both cases ("LsS" for "LS") or as a digit and its letter ("66бм"),
a decimal comma it dropped inside a fraction ("05" for "0,5"), and a hyphen or a decimal
comma it dropped between two words it then read apart ("ЛИ" "19" for "ЛИ-19", "12" "5" for
"12,5").
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from statistics import median_high

import numpy as np

from .glyphs import SMALL_SHARE, TAILED, Glyph, glyph_boxes, word_crop
from .load import Word, joined
from .recognize import Rule

# A full stop's size as a share of the word's usual glyph height, and how far its bottom
# may sit from the line's.
STOP_SIZE = (0.12, 0.35)
STOP_BASELINE = 0.15
# A hyphen: no taller than this share of the usual glyph height, at least as wide as tall.
HYPHEN_HEIGHT = 0.25
HYPHEN_GAP = 1.5  # of a word's height: the widest gap a dropped hyphen is looked for in
HYPHEN_SIDE = 0.3  # of a word's height: a hyphen's distance from the words at most
DASH_GAP = (0.9, 3.0)  # of a word's height: the gap a spaced dash between two words sits in
DASH_SPACE = 0.15  # of a word's height: a spaced dash's distance from each word at least
# Of a word's height: a spaced dash this wide at least is "—", a narrower one "-". Russian
# typography spaces the em dash only (an en dash is set close: "10–20"), and no width tells
# the two apart: PT Sans Narrow's em dash is narrower than Open Sans's en dash.
DASH_WIDTH = {"—": 0.5}
SPECK = 0.12  # of a word's height: a scanner's speck in the gap is no wider nor taller
# A comma: no taller than this share of the digits' height, its top no higher than this
# share above their line (and its tail below it).
COMMA_HEIGHT = 0.45
COMMA_RISE = 0.35
COMMA_TAIL = 0.3  # of a comma's height: how far below the line its tail reaches at least
# A quote mark: no taller than this share of the word's tallest glyph.
MARK_HEIGHT = 0.45
# Words that may end in an abbreviation's full stop: a few letters, maybe a bracket after.
_ABBREVIATION = re.compile(r"^[(«\"]?[^\W\d_]{1,5}\)?$")
_WORD_COLON = re.compile(r"^[^\W\d_]{2,}:$")
_MARKED = re.compile(r"^[‘’‚'`](?:[^\W\d_]{2,}|\d[\d/.,-]+)$")
# A bracket opening a code and closed nowhere in it, before a round capital and then a
# capital, a digit or a hyphen (a code's, not "(Стяжка"): that capital's arc read twice
# ("(С0-1260" for "СО-1260"), which the ink then has one glyph fewer than signs. Before
# another letter it is a С read as "(" ("(Фф-53" for "СФ-53", its Ф read twice;
# `drop_letter_read_twice` and `parse.canon_code` put that right).
_OPENED = re.compile(r"^\((?!.*\))[СCОO][А-ЯЁA-Z\d-][\w/.,-]*$")


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


_ABBREVIATION_COMMA = re.compile(r"^[(«\"]?[^\W\d_]{1,5},\)?$")


def stop_for_comma(gray: np.ndarray, word: Word) -> str:
    """An abbreviation's full stop read as a comma ("шт,)" for "шт.)"): one glyph per sign,
    the comma's a dot on the letters' line, with no tail below it."""
    text = word.text
    if not _ABBREVIATION_COMMA.match(text):
        return text
    glyphs = glyph_boxes(word_crop(gray, word))
    if len(glyphs) != len(text):
        return text
    k = text.index(",")
    letters = [g for g, c in zip(glyphs, text, strict=True) if c.isalpha()]
    # A д's or у's tail reaches below the line and makes its letter taller.
    h = min(g.bottom - g.top + 1 for g in letters)
    baseline = min(g.bottom for g in letters)
    mark = glyphs[k]
    tall = mark.bottom - mark.top + 1
    # A comma's tail: below the line by a share of its own height (a grey copy's comma,
    # its tail faded, still reaches a third of itself down).
    low = mark.bottom - baseline > min(STOP_BASELINE * h, COMMA_TAIL * tall)
    return text if low or tall > STOP_SIZE[1] * h else text.replace(",", ".")


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
    mark made of a hyphen's end; "'24/6", of a number sign's bar), or a bracket closed
    nowhere ("(С0-1260", a С read twice): one glyph fewer than signs, the first a full
    letter or digit."""
    text = word.text
    marked = _MARKED.match(text) or _OPENED.match(text)
    glyphs = _one_glyph_short(gray, word) if marked else None
    if not glyphs:
        return text
    tallest = max(g.bottom - g.top + 1 for g in glyphs)
    first = glyphs[0]
    return text[1:] if first.bottom - first.top + 1 > MARK_HEIGHT * tallest else text


def drop_inkless_stop(gray: np.ndarray, word: Word) -> str:
    """A word read with a full stop or a comma at its end that the ink does not have
    ("г/м2." or "г/м2," where "г/м2" ends a cell's line): one glyph fewer than signs, the
    last a full sign, no dot; and for a comma, standing on the line (a comma run into the
    sign before it would reach below) unless that sign has a tail of its own."""
    text = word.text
    ends_in_stop = len(text) >= 2 and text[-1] in ".," and text[-2] not in ".,)"
    glyphs = _one_glyph_short(gray, word) if ends_in_stop else None
    if not glyphs:
        return text
    last, size = glyphs[-1], _usual_height(glyphs)
    # (A letter with a tail of its own reaches below the line without a comma: the Д of
    # "ПНД," read so, its right foot taken for one.)
    if text.endswith(",") and text[-2] not in TAILED:
        baseline = median_high(g.bottom for g in glyphs)
        if last.bottom - baseline > STOP_BASELINE * size:
            return text
    return text[:-1] if last.bottom - last.top + 1 > STOP_SIZE[1] * size else text


# Digits and the letters of their shape that a reader may read both of over one glyph.
_DIGIT_AS_LETTER = {"6": "б", "0": "оО", "3": "зЗ"}


def _digit_and_letter(a: str, b: str) -> bool:
    return b in _DIGIT_AS_LETTER.get(a, "") or a in _DIGIT_AS_LETTER.get(b, "")


def drop_letter_read_twice(gray: np.ndarray, word: Word) -> str:
    """A letter read twice over one glyph, once in each case ("ВВГнг-LsS" for "ВВГнг-LS"),
    or once as a digit of its shape among digits ("66бм" for "66 м"): one glyph fewer than
    signs, and one pair of neighbours that are one letter in two cases, or a digit and its
    letter. The glyph's height tells which case stands; the digits around, the digit."""
    text = word.text
    pairs = [
        i
        for i in range(len(text) - 1)
        if text[i] != text[i + 1]
        and (
            (text[i].isalpha() and text[i].upper() == text[i + 1].upper())
            or _digit_and_letter(text[i], text[i + 1])
        )
    ]
    glyphs = _one_glyph_short(gray, word) if len(pairs) == 1 else None
    if not glyphs:
        return text
    i = pairs[0]
    if not text[i].isalpha() or not text[i + 1].isalpha():
        digit = text[i] if text[i].isdigit() else text[i + 1]
        among_digits = text[i - 1 : i].isdigit() or text[i + 2 : i + 3].isdigit()
        return text[:i] + digit + text[i + 2 :] if among_digits else text
    tallest = max(g.bottom - g.top + 1 for g in glyphs)
    glyph = glyphs[i]  # the signs before the pair are the glyphs before it, one for one
    capital = glyph.bottom - glyph.top + 1 > SMALL_SHARE * tallest
    keep = text[i].upper() if capital else text[i].lower()
    return text[:i] + keep + text[i + 2 :]


def join_at_dropped_signs(gray: np.ndarray, words: list[Word], h: float) -> list[Word]:
    """The words with each two the reader split at a sign it dropped one word again, the
    sign put back: a hyphen ("ЛИ" and "19" for "ЛИ-19": the gap between them holds one
    glyph, a flat bar of a hyphen's height in the middle of their height, set close to both
    — a dash between words has spaces around it), or a decimal comma ("12" and "5" for
    "12,5": the second number's box holds a glyph more than its reading, at its left, low
    and reaching below the digits' line). `h`: a usual word's height on the page."""
    if not h:
        return words
    out = list(words)
    order = sorted(range(len(out)), key=lambda k: out[k].x0)
    starts = [out[k].x0 for k in order]
    gone: set[int] = set()
    for i, a in enumerate(out):
        if i in gone or not a.text:
            continue
        # The words that start within the gap's reach right of `a`, nearest first.
        lo = bisect_right(starts, a.x1)
        hi = bisect_left(starts, a.x1 + HYPHEN_GAP * h)
        right = [j for j in order[lo:hi] if j not in gone and abs(out[j].cy - a.cy) < h / 2]
        if not right or not out[right[0]].text:
            continue
        j = right[0]
        b = out[j]
        sign = None
        if not (a.text.endswith("-") or b.text.startswith("-")) and _hyphen_between(gray, a, b, h):
            sign = "-"
        elif _NUMBER_END.search(a.text) and _comma_first(gray, b):
            sign = ","
        if sign is not None:
            out[i] = joined([a, b], f"{a.text}{sign}{b.text}")
            gone.add(j)
    return [w for k, w in enumerate(out) if k not in gone]


_NUMBER_END = re.compile(r"(?<![,.\d])\d{1,3}$")  # an integer part: no decimals of its own
_DIGITS_FIRST = re.compile(r"\d+(?:[^\W\d_]{1,3})?$")  # decimals, maybe a unit after them


def _comma_first(gray: np.ndarray, word: Word) -> bool:
    """Whether a number's box holds, before its digits, a comma its reading lacks: one
    glyph more than its signs, the first small, low and reaching below the digits' line."""
    if not _DIGITS_FIRST.fullmatch(word.text):
        return False
    glyphs = glyph_boxes(word_crop(gray, word))
    if len(glyphs) != len(word.text) + 1:
        return False
    return _comma_shaped(glyphs[0], glyphs[1:])


_FRACTION = re.compile(r"0\d{1,3}")  # no number is printed with a leading zero but a fraction


def restore_comma(gray: np.ndarray, word: Word) -> str:
    """A fraction whose decimal comma the reader dropped inside the word ("05" for "0,5"):
    a leading zero, and one glyph more than signs, after the zero, a comma's shape."""
    text = word.text
    if not _FRACTION.fullmatch(text):
        return text
    glyphs = glyph_boxes(word_crop(gray, word))
    if len(glyphs) != len(text) + 1 or not _comma_shaped(glyphs[1], [glyphs[0], *glyphs[2:]]):
        return text
    return text[0] + "," + text[1:]


_SLASHED_AMOUNT = re.compile(r"\d+/\d{2}")


def comma_for_slash(gray: np.ndarray, word: Word) -> str:
    """An amount whose decimal comma was read as a slash ("945/76" for "945,76" in a serif
    face): the glyph between the digits a comma's shape, small and low (a slash is as tall
    as the digits)."""
    text = word.text
    if not _SLASHED_AMOUNT.fullmatch(text):
        return text
    glyphs = glyph_boxes(word_crop(gray, word))
    k = text.index("/")
    if len(glyphs) != len(text) or not _comma_shaped(glyphs[k], glyphs[:k] + glyphs[k + 1 :]):
        return text
    return text.replace("/", ",")


def _comma_shaped(comma: Glyph, digits: list[Glyph]) -> bool:
    """Whether a glyph beside these digits is a comma: small, low, reaching below their line."""
    top = median_high(g.top for g in digits)
    base = median_high(g.bottom for g in digits)
    size = max(1, base - top)
    return (
        comma.bottom - comma.top <= COMMA_HEIGHT * size
        and comma.top >= base - COMMA_RISE * size
        and comma.bottom > base
    )


def _gap(gray: np.ndarray, a: Word, b: Word) -> tuple[np.ndarray, int, int]:
    """The page between two words of a line, as tall as both, and its top left corner."""
    y0, y1 = int(min(a.y0, b.y0)), int(max(a.y1, b.y1)) + 1
    x0, x1 = int(a.x1) + 1, int(b.x0)
    return gray[y0:y1, x0:x1], x0, y0


def _hyphen_between(gray: np.ndarray, a: Word, b: Word, h: float) -> bool:
    gap, _, _ = _gap(gray, a, b)
    if gap.size == 0:
        return False
    # A letter's edge its box left out touches the gap's side: not the sign between, but
    # where the words' ink ends.
    glyphs = glyph_boxes(gap)
    width = gap.shape[1]
    inside = [g for g in glyphs if g.x0 > 0 and g.x1 < width - 1]
    if len(inside) != 1:
        return False
    bar = inside[0]
    left = max((g.x1 for g in glyphs if g.x0 == 0), default=-1)
    right = min((g.x0 for g in glyphs if g.x1 == width - 1), default=width)
    close = max(bar.x0 - left, right - bar.x1) - 1 < HYPHEN_SIDE * h
    tall, wide = bar.bottom - bar.top + 1, bar.x1 - bar.x0 + 1
    middle = (bar.top + bar.bottom) / 2 / gap.shape[0]
    return tall <= HYPHEN_HEIGHT * h and wide >= 1.5 * tall and 0.3 <= middle <= 0.75 and close


def restore_dashes(
    gray: np.ndarray, words: list[Word], h: float, vrules: Sequence[Rule] = ()
) -> list[Word]:
    """The words with a dash set between two of them, spaces around it, that the reader
    passed over ("Москва — Тверь" read "Москва" "Тверь"): a flat bar alone in the gap, at
    the middle of the words' height, a space from each; its width tells "—" from "-". Not across a ruling line: a dash alone in a cell of its own is no text of a name."""
    if not h:
        return words
    by_x = sorted(words, key=lambda w: w.x0)
    starts = [w.x0 for w in by_x]
    out: list[Word] = []
    for a in words:
        out.append(a)
        # The words that start within a dash's reach right of `a` on its line, nearest first.
        near = by_x[bisect_right(starts, a.x1) : bisect_right(starts, a.x1 + DASH_GAP[1] * h)]
        b = next((w for w in near if abs(w.cy - a.cy) < h / 2), None)
        if b is None or b.x0 - a.x1 < DASH_GAP[0] * h:
            continue  # no word within reach, or the next one too close for a dash between
        if any(a.x1 <= r.pos <= b.x0 and r.start <= a.cy <= r.end for r in vrules):
            continue
        dash = _dash_between(gray, a, b, h)
        if dash is not None:
            out.append(dash)
    return out


def _dash_between(gray: np.ndarray, a: Word, b: Word, h: float) -> Word | None:
    gap, x0, y0 = _gap(gray, a, b)
    if gap.size == 0:
        return None
    speck = SPECK * h
    glyphs = [g for g in glyph_boxes(gap) if g.x1 - g.x0 >= speck or g.bottom - g.top >= speck]
    if len(glyphs) != 1:
        return None  # nothing, a letter's edge its box left out, or more than a dash
    bar = glyphs[0]
    tall, wide = bar.bottom - bar.top + 1, bar.x1 - bar.x0 + 1
    middle = (bar.top + bar.bottom) / 2 / gap.shape[0]
    spaced = min(bar.x0, gap.shape[1] - 1 - bar.x1) >= DASH_SPACE * h
    if not (tall <= HYPHEN_HEIGHT * h and wide >= 2 * tall and 0.3 <= middle <= 0.75 and spaced):
        return None
    sign = next((d for d, share in DASH_WIDTH.items() if wide >= share * h), "-")
    conf = min(a.conf, b.conf)
    return Word(sign, x0 + bar.x0, y0 + bar.top, x0 + bar.x1 + 1, y0 + bar.bottom + 1, conf)
