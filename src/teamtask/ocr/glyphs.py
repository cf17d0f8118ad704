"""A word's glyphs as the ink shows them: where each one sits, left to right.

OCR gives a box per word, not per letter; the ink inside the box tells what a reading cannot:
a letter's height (н or Н), a tail below the line (Д or 4), a space the reader ran over.
"""

from __future__ import annotations

from statistics import median_high
from typing import NamedTuple

import numpy as np

from .components import Run, bounds, components
from .load import Word
from .parse import fold_lookalikes

CROP_MARGIN = 2  # pixels of paper kept around a word's box


class Glyph(NamedTuple):
    x0: int
    x1: int
    top: int
    bottom: int


INK_LEVEL = 128  # the grey a cleaned page's ink is darker than


def _glyph_parts(crop: np.ndarray) -> list[tuple[list[int], list[Run]]]:
    """Ink components of a binarised word, left to right, with parts that overlap in x
    (the dot of й, a letter's broken stroke) joined: box (x0, x1, top, bottom) and runs."""
    parts: list[tuple[list[int], list[Run]]] = []
    for runs in components(crop < INK_LEVEL):
        b = bounds(runs)
        parts.append(([b.left, b.right, b.top, b.bottom], runs))
    parts.sort(key=lambda p: p[0])
    merged: list[tuple[list[int], list[Run]]] = []
    for bx, runs in parts:
        if merged and bx[0] <= merged[-1][0][1] - 1:
            m, mruns = merged[-1]
            m[1], m[2], m[3] = max(m[1], bx[1]), min(m[2], bx[2]), max(m[3], bx[3])
            mruns.extend(runs)
        else:
            merged.append((bx, list(runs)))
    return merged


def glyph_boxes(crop: np.ndarray) -> list[Glyph]:
    """The glyphs of a binarised word, left to right: ink components, with parts that
    overlap in x (the dot of й, a letter's broken stroke) joined."""
    return [Glyph(*bx) for bx, _ in _glyph_parts(crop)]


def glyph_masks(crop: np.ndarray) -> list[tuple[Glyph, np.ndarray]]:
    """The glyphs of a binarised word with each one's own ink (True), cut to its box: a
    neighbour's stroke reaching into the box (an italic 7's bar over a 5) is not in it."""
    out = []
    for (x0, x1, top, bottom), runs in _glyph_parts(crop):
        mask = np.zeros((bottom - top + 1, x1 - x0 + 1), dtype=bool)
        for y, a, b in runs:
            mask[y - top, a - x0 : b - x0 + 1] = True
        out.append((Glyph(x0, x1, top, bottom), mask))
    return out


TWO_MARKS = set('«»"„“”')  # signs printed as two marks side by side
TWO_PIECES = TWO_MARKS | {"№"}


def sign_glyphs(gray: np.ndarray, word: Word) -> list[tuple[int, np.ndarray]] | None:
    """The word's printed signs as (index in its text, the glyph's own ink), when the ink
    has one glyph per sign of the reading; None when it does not (letters touching, a
    sign in two pieces), as then no glyph can be told to be which sign."""
    signs = [i for i, c in enumerate(word.text) if not c.isspace()]
    glyphs = glyph_masks(word_crop(gray, word))
    if len(glyphs) == len(signs):
        return [(i, mask) for i, (_, mask) in zip(signs, glyphs, strict=True)]
    # Signs drawn in two pieces, each one glyph or two (where the pieces overlap in x they
    # are one): quotes as two marks alike («02»), № as an N and a smaller º beside it.
    extra = len(glyphs) - len(signs)
    if not 0 < extra <= sum(word.text[i] in TWO_PIECES for i in signs):
        return None
    out: list[tuple[int, np.ndarray]] = []
    k = 0
    for i in signs:
        if k >= len(glyphs):
            return None
        pair = extra and k + 1 < len(glyphs)
        if pair and _second_piece(word.text[i], glyphs[k][0], glyphs[k + 1][0]):
            out.append((i, _joined_masks(glyphs[k], glyphs[k + 1])))
            k, extra = k + 2, extra - 1
            continue
        out.append((i, glyphs[k][1]))
        k += 1
    return out if k == len(glyphs) else None


def _second_piece(sign: str, a: Glyph, b: Glyph) -> bool:
    """Whether glyph `b` is the second piece of `sign`, whose first piece is `a`."""
    if sign == "№":  # the º (with its bar, in most faces) is shorter than the N
        return b.bottom - b.top <= 0.8 * (a.bottom - a.top)
    return sign in TWO_MARKS and _marks_alike(a, b)


def _marks_alike(a: Glyph, b: Glyph) -> bool:
    """Two glyphs of a like height on a like line: a quote's two marks (not a mark and the
    digit beside it, which is taller)."""
    ha, hb = a.bottom - a.top + 1, b.bottom - b.top + 1
    return abs(ha - hb) <= 0.25 * max(ha, hb) and abs(a.top - b.top) <= 0.25 * max(ha, hb)


def _joined_masks(a: tuple[Glyph, np.ndarray], b: tuple[Glyph, np.ndarray]) -> np.ndarray:
    """Two glyphs' ink in one mask over both their boxes."""
    (ga, ma), (gb, mb) = a, b
    top, x0 = min(ga.top, gb.top), min(ga.x0, gb.x0)
    mask = np.zeros((max(ga.bottom, gb.bottom) - top + 1, max(ga.x1, gb.x1) - x0 + 1), bool)
    for g, m in ((ga, ma), (gb, mb)):
        mask[g.top - top : g.bottom - top + 1, g.x0 - x0 : g.x1 - x0 + 1] |= m
    return mask


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


# Cyrillic lower-case letters that print as small capitals: OCR cannot tell н from Н by
# shape, only by height.
_SMALL_CAPS = set("вгджзийклмнптшщъыьэюя")
# Latin letters shaped as their capitals: a brand's "Lavazza" read "LavaZZa".
_LATIN_SMALL_CAPS = set("cosvwxz")
# Lower-case letters that reach the capitals' height of their own: an ascender, a dot.
_TALL_LOWER = set("bdfhijkltбйё")
_ONE_GLYPH = "-/"  # signs that are always one glyph


SMALL_SHARE = 0.85  # of the capitals' height: letters no taller are at x-height
# Lower-case letters shaped as their capitals, on the line in both cases (not д, ц, щ,
# whose tails reach below it, nor й, whose mark rises above).
_SAME_SHAPE = (_SMALL_CAPS - set("дцщй")) | set("осх")
_TRAILING_MARKS = ".,;:"
TAILED_ALIKE = set("дцщ")  # shaped as their capitals, their tails below the line in both
# Shaped otherwise than their capitals, but as short: the reader may still take a capital
# for one of them beside capitals it read small ("авсе" for "АВСЕ").
_SHORT_OTHERWISE = set("ае")


def capitals_read_small(text: str) -> bool:
    """A word read in lower case whose letters are all shaped as their capitals ("пвх"):
    only their height tells which was printed. Д, Ц and Щ too (their tails reach below the
    line in either case), beside a letter whose height tells ("до," of "Цемент М500 Д0,");
    and а and е beside them, no taller than they in lower case ("авсе" of "ОП-4(з) АВСЕ").
    A mark after the word is left out."""
    text = text.rstrip(_TRAILING_MARKS)
    return (
        len(text) >= 2
        and all(c in _SAME_SHAPE or c in TAILED_ALIKE or c in _SHORT_OTHERWISE for c in text)
        and any(c in _SAME_SHAPE for c in text)
    )


def restore_case(
    gray: np.ndarray, word: Word, *, code: bool = False, cap_height: float = 0.0
) -> str:
    """A word OCR read in capitals, with the letters printed at x-height in lower case
    ("ВВГНГ" → "ВВГнг", "КВТ" → "кВт"); in a code (capitals, as codes are printed) a
    lower-case letter printed at the capitals' height in upper case ("Cy-48" → "CY-48").
    Unchanged unless every glyph is told apart.

    Tops, not heights, tell: a capital Д or Щ reaches below the line, a small н does not
    reach up to the capitals' top. A word all of whose letters could be small capitals
    ("СИНЯЯ") has no capital of its own to measure by: `cap_height`, the capitals' and
    digits' height around it, tells whether it is printed in lower case.
    """
    text = word.text
    if cap_height and len(text) == 1 and text.isupper() and text.lower() in _SAME_SHAPE:
        # A lone letter ("В" of "Кофе в зернах"): a preposition at x-height, a unit ("220 В")
        # as tall as the digits.
        spans = glyph_spans(word_crop(gray, word))
        small = len(spans) == 1 and spans[0][1] - spans[0][0] < SMALL_SHARE * cap_height
        return text.lower() if small else text
    core = text.rstrip(_TRAILING_MARKS)
    if cap_height and capitals_read_small(core):
        # "пвх" for "ПВХ": letters of one shape in both cases, as tall as the capitals (a
        # comma after them a glyph of its own: "до," of "Д0, 50 кг").
        spans = glyph_spans(word_crop(gray, word))
        short = min((bottom - top for top, bottom in spans[: len(core)]), default=0)
        tall = len(spans) == len(text) and short >= SMALL_SHARE * cap_height
        return core.upper() + text[len(core) :] if tall else text
    # A first capital is measured too where a digit gives the capitals' height ("Г/м2").
    first = 0 if any(c.isdigit() for c in text) else 1
    # Latin capitals only in a word read in lower case too: a Latin word read in capitals
    # has letters of other shapes (a, A) the ink could not put right.
    small = _SMALL_CAPS | (_LATIN_SMALL_CAPS if any(c.islower() for c in text) else set())
    lower = any(c.lower() in small and c.isupper() for c in text[first:])
    upper = code and any(c.islower() and c not in _TALL_LOWER for c in text)
    if not (lower or upper):
        return text
    # A hyphen and a slash are a glyph of their own ("ВВГНг-LS", "Г/М2"); other signs may
    # be two ("\"") or none.
    chars = [c for c in text if c.isalnum() or c in _ONE_GLYPH]
    spans = glyph_spans(word_crop(gray, word))
    if code and text.startswith("("):
        # An opening bracket is a glyph of its own (a code's С read "("); where the glyphs
        # are as many as the signs without it, a letter was read twice over one of them
        # ("(Фф-53"), and none can be told to be which.
        if len(spans) != len(chars) + 1:
            return text
        spans = spans[1:]
    # A word every letter of which could be a small capital, its glyphs as tall as the
    # letters at x-height: lower case, however its glyphs split ("МЫТЫЙ" for "мытый": each
    # ы is two glyphs, the й's mark sits above its own).
    if (
        cap_height
        and spans
        and len(chars) >= 2
        and all(c.isalpha() and c.lower() in small for c in text)
        and median_high(b - t for t, b in spans) < SMALL_SHARE * cap_height
    ):
        return text.lower()
    if len(spans) != len(chars) or len(chars) < 2:
        return text
    # Capitals and digits give the capitals' top. Й and Ё reach above it with their marks.
    letters = [(span, c) for span, c in zip(spans, chars, strict=True) if c.isalnum()]
    tops = [t for (t, _), c in letters if (c.isupper() or c.isdigit()) and c not in "ЙЁ"]
    if not tops:
        return text
    cap_top = min(tops)
    baseline = median_high(b for (_, b), _ in letters)
    size = max(1, baseline - cap_top)
    if cap_height and size < SMALL_SHARE * cap_height and all(c.isalpha() for _, c in letters):
        return text.lower()
    it = iter(spans)
    out = []
    for c in text:
        if not (c.isalnum() or c in _ONE_GLYPH):
            out.append(c)
            continue
        top, _ = next(it)
        x_height = top - cap_top > 0.2 * size
        if c.isupper() and c.lower() in small and x_height:
            out.append(c.lower())
        elif upper and c.islower() and c not in _TALL_LOWER and not x_height:
            out.append(c.upper())
        else:
            out.append(c)
    return "".join(out)


# Lower-case Cyrillic letters whose top is the x-height (no ascender, no mark above).
_AT_X_HEIGHT = set("авгдежзиклмнопрстухцчшщъыьэюя")
FIRST_ABOVE = 0.15  # of the x-height: how far above it a small first letter's top may stand


def first_letter_small(gray: np.ndarray, word: Word) -> str:
    """A word read with a capital first letter shaped as its small one ("Туалетная" for
    "туалетная", a rotated scan's crop): lower case where that letter's top is at the
    x-height of the small letters after it (a capital stands well above them), or, for
    Ф, where it reaches below their line ("Фасадная": a small ф's tail)."""
    text = word.text
    if (
        len(text) < 4
        or not text[0].isupper()
        or (text[0].lower() not in _SAME_SHAPE and text[0] != "Ф")
        or not all(c in _AT_X_HEIGHT for c in text[1:])
    ):
        return text
    crop = word_crop(gray, word)
    glyphs = glyph_boxes(crop)
    if len(glyphs) < len(text) - 1:
        return text
    # The first letter's columns: a Т's bar may reach over the у after it ("Ту" one glyph),
    # so its top is measured in the word's first letter's share of the ink's width.
    left, right = glyphs[0].x0, glyphs[-1].x1
    first_end = left + (right - left) / len(text)
    rest = [g for g in glyphs if g.x0 >= first_end]
    ink_rows = np.flatnonzero((crop[:, left : int(first_end) + 1] < INK_LEVEL).any(axis=1))
    if len(rest) < 3 or not ink_rows.size:
        return text
    x_top = median_high(g.top for g in rest)
    baseline = median_high(g.bottom for g in rest)
    size = max(1, baseline - x_top)
    if text[0] == "Ф":  # a small ф rises as high as a capital, but reaches below the line
        small = ink_rows[-1] - baseline > TAIL_DEPTH * size
    else:
        small = ink_rows[0] - x_top > -FIRST_ABOVE * size
    return text[0].lower() + text[1:] if small else text


# Latin letters with an ascender whose look-alike, as the Russian model reads it, is printed
# at x-height: the English reader's "cat.5e" where the Russian one read "сат.5е", its
# "A4Tech" where the Russian one read "А4Тесн".
_ASCENDER_KIN = {"t": "т", "k": "к", "h": "н"}
_X_HEIGHT = set("aceoxuvwzmnrsасеохмнпигвкт")  # letters whose top is the x-height
ASCENDER_RISE = 0.2  # of the x-height: how far above it an ascender's top stands at least


def latin_ascenders(gray: np.ndarray, word: Word, latin: str) -> bool:
    """Whether the ink shows a Latin reading's ascenders ("cat.5e": its t rises above a, c
    and e) where the Russian reading (`word`'s text), letter for letter the same shapes,
    has an x-height letter (т): then the word is printed in Latin letters. False unless
    every sign is a glyph of its own."""
    text = word.text
    if len(text) != len(latin) or " " in text:
        return False
    places = [
        i for i, (c, a) in enumerate(zip(text, latin, strict=True)) if _ASCENDER_KIN.get(a) == c
    ]
    glyphs = glyph_boxes(word_crop(gray, word)) if places else []
    if len(glyphs) != len(text):
        return False
    small = [
        g
        for i, (g, c) in enumerate(zip(glyphs, text, strict=True))
        if c in _X_HEIGHT and i not in places
    ]
    if not small:
        return False
    x_top = median_high(g.top for g in small)
    baseline = median_high(g.bottom for g in small)
    rise = ASCENDER_RISE * max(1, baseline - x_top)
    return all(x_top - glyphs[i].top >= rise for i in places)


TOP_ROWS = 0.12  # of a glyph's height: its top stroke's rows
# Of a glyph's width, what its top rows cover: an h's (its stem, a serif) at most 0.38, a
# П's or п's bar 0.69 at least (upright and italic faces, 30 and 42 px).
OPEN_TOP = 0.5


def top_spans(glyph: np.ndarray) -> list[float]:
    """How much of a binarised glyph's width (cropped to its ink) each of its top rows
    covers: a 7's or a П's bar nearly all of it; a 4's apex, an h's stem a stroke's width."""
    h, w = glyph.shape
    rows = [r for r in glyph[: max(1, int(TOP_ROWS * h))] if r.any()]
    return [(w - int(np.argmax(r[::-1])) - int(np.argmax(r))) / w for r in rows]


H_READ_AS = "ПпБб"  # the Russian model's readings of a Latin h


def latin_open_tops(gray: np.ndarray, word: Word, latin: str) -> bool:
    """Whether the ink shows a Latin reading's h where the Russian reading (`word`'s text)
    has П, п or Б ("hAP" read "ПАР", "БАР"): a П's top is a bar as wide as itself, and so
    is a Б's; an h's is its stem. False where no sign is such a pair, or the ink has no
    glyph per sign."""
    places = [
        i
        for i, (c, a) in enumerate(zip(word.text, latin, strict=False))
        if a == "h" and c in H_READ_AS
    ]
    if not places or len(word.text) != len(latin):
        return False
    glyphs = dict(sign_glyphs(gray, word) or [])
    return all(i in glyphs and max(top_spans(glyphs[i]), default=0.0) <= OPEN_TOP for i in places)


# An L is a Г upside down, and the Russian model, which has no L, reads it so ("LED-5M"
# "ГЕО-5М", a D it has no letter for either read as О). Over 19 faces an L's foot spans all
# of its width and its top at most two thirds of it (a serif's); a Г's the other way round.
L_READ_AS = {"L": "Г", "D": "ОоO0"}
FOOT_OVER_TOP = 0.25


def latin_feet(gray: np.ndarray, word: Word, latin: str) -> bool:
    """Whether the ink shows a Latin reading's L where the Russian reading (`word`'s text)
    has Г: its bar at its foot, not its top. The other signs alike, or a D read as О;
    False where no sign is such a pair or the ink has no glyph per sign."""
    text = word.text
    if len(text) != len(latin):
        return False
    pairs = list(zip(text, latin, strict=True))
    if not all(
        fold_lookalikes(c) == fold_lookalikes(a) or c in L_READ_AS.get(a, "") for c, a in pairs
    ):
        return False
    places = [i for i, (c, a) in enumerate(pairs) if a == "L" and c == "Г"]
    if not places:
        return False
    glyphs = dict(sign_glyphs(gray, word) or [])
    return all(i in glyphs and _bar_at_foot(glyphs[i]) for i in places)


def _bar_at_foot(glyph: np.ndarray) -> bool:
    h, w = glyph.shape
    if h < 12 or w < 4:
        return False
    k = max(1, int(TOP_ROWS * h))
    top, foot = glyph[:k].any(axis=0).mean(), glyph[h - k :].any(axis=0).mean()
    return float(foot - top) >= FOOT_OVER_TOP


# Where an S's upper bowl meets its left side and a З's top arc has ended (rows, as shares
# of the glyph's height): how far right of the glyph's left edge the ink starts there, as a
# share of its width. An S at most 0.13 in every upright Debian face but FreeSerif's and PT
# Sans Bold's (up to 0.2: not told); a З 0.19 at least, bold faces' top terminals included.
S_ROWS = (0.38, 0.42)
S_EDGE = 0.14


def latin_s(gray: np.ndarray, word: Word, latin: str) -> bool:
    """Whether the ink shows the English reader's S where the Russian reading (`word`'s
    text) has З ("SATA" read "ЗАТА"): the S's bowl reaches its left edge above its middle,
    where a З is open. The other signs alike; False where the ink has no glyph per sign."""
    text = word.text
    if len(text) != len(latin):
        return False
    pairs = list(zip(text, latin, strict=True))
    places = [i for i, (c, a) in enumerate(pairs) if fold_lookalikes(c) != fold_lookalikes(a)]
    if not places or not all(pairs[i] == ("З", "S") for i in places):
        return False
    glyphs = dict(sign_glyphs(gray, word) or [])
    return all(i in glyphs and _left_edge_at(glyphs[i], S_ROWS) <= S_EDGE for i in places)


def _left_edge_at(glyph: np.ndarray, rows: tuple[float, float]) -> float:
    """The leftmost ink in a band of rows, as a share of the glyph's width (1 where none)."""
    h, w = glyph.shape
    band = glyph[int(rows[0] * h) : max(int(rows[0] * h) + 1, int(rows[1] * h) + 1)]
    cols = np.nonzero(band.any(axis=0))[0]
    return float(cols.min()) / w if len(cols) else 1.0


# Letters the Russian model reads for a letter with a tail below the line ("Аренла" for
# "Аренда"), by the letter with the tail; the tail is the ink's own evidence.
_TAILED_AS = {"л": "д", "и": "ц", "ш": "щ"}
TAILED = set("ДЦЩдцщруф")  # letters that reach below the line; no digit does
LATIN_TAILED = set("gjpqy")  # Latin letters that reach below the line
TAIL_DEPTH = 0.15  # of the x-height: how far below the line a tail reaches at least


def restore_tails(gray: np.ndarray, word: Word) -> str:
    """A lower-case word with a letter read without the tail its glyph has below the line
    ("Аренла" for "Аренда": л for д, и for ц, ш for щ) put right. Unchanged unless the ink
    has one glyph per letter (a piece wholly below the line, a serif д's foot come apart
    from its body, is no letter) and the other letters give the line."""
    text = word.text
    if not any(c in _TAILED_AS for c in text) or not text.isalpha() or len(text) < 3:
        return text
    glyphs = glyph_boxes(word_crop(gray, word))
    if len(glyphs) < len(text):
        return text
    baseline = median_high(g.bottom for g in glyphs)
    size = max(1, baseline - median_high(g.top for g in glyphs))
    letters = [g for g in glyphs if g.top <= baseline - TAIL_DEPTH * size]
    if len(letters) != len(text):
        return text
    below = [g.bottom - baseline > TAIL_DEPTH * size for g in letters]
    # The glyphs must be the letters: each one read with a tail has one, and no other
    # reaches below but those read without it ("ун" run together, "ы" in two pieces
    # would shift every letter after them).
    if any(t != (c in TAILED) for c, t in zip(text, below, strict=True) if c not in _TAILED_AS):
        return text
    return "".join(
        _TAILED_AS[c] if c in _TAILED_AS and tail else c
        for c, tail in zip(text, below, strict=True)
    )


# What the Russian model, which has no W, reads a W as.
EM_FOR_W = {"М", "М/", "M", "м"}
SIDE_BAND = 0.2  # of a glyph's width: its sides, where an М's stems stand
UPRIGHT_STEM = 0.75  # of a glyph's height: the longest run down a side column of a stem


def w_read_as_em(gray: np.ndarray, word: Word) -> bool:
    """Whether the one glyph the Russian model read "М" is a W: an М stands on upright stems
    at both sides, a W's sides slant in to its feet (half its height or so down a side
    column, in every Debian face but DejaVu Sans Bold, whose W tells nothing)."""
    return word.text in EM_FOR_W and slanted_sides(gray, word)


def slanted_sides(gray: np.ndarray, word: Word) -> bool:
    """Whether the word's ink is one glyph with no upright stem at either side (a W, a V)."""
    glyphs = glyph_masks(word_crop(gray, word))
    if len(glyphs) != 1:
        return False
    _, mask = glyphs[0]
    h, w = mask.shape
    if h < 12 or w < 8:
        return False
    side = max(1, int(SIDE_BAND * w))
    return all(
        max(_longest_run(mask[:, c]) for c in cols) < UPRIGHT_STEM * h
        for cols in (range(side), range(w - side, w))
    )


def _longest_run(column: np.ndarray) -> int:
    padded = np.concatenate(([False], column, [False]))
    edges = np.flatnonzero(np.diff(padded.astype(np.int8)))
    return int((edges[1::2] - edges[::2]).max()) if edges.size else 0
