"""Digit confusions told by the ink: a 5 that is a 3, a 7 that is a 2 (the Russian model's),
a 4 that is a 7 (the English model's, on a bold serif 7 the vote then took), and a lone 1
read as the letter Т ("1 ТБ" read "Т ТБ").

Over 13 fonts (bench/digits.py) the Russian model read 3 as 5 and 2 as 7 and made almost no
other digit error, and it does so surely: a sure page reading is read by no other reader,
so no vote corrects it, and where a БИК, its account and an ИНН all carry the same misread
digit no checksum does either. The glyph tells them apart where no reading can, by parts
every typeface draws:

- a 5's upper half is a stem at its left (the bay beside it opens to the right); a 3's
  upper arm ends at its right or in its middle, away from the left edge, or reaches out
  to its right edge (FreeSans's 3, whose arm curls back to the left);
- a 2 stands on a foot as wide as itself; a 7 on the end of one stroke;
- a 7's top is a bar as wide as itself; a 4's top is its apex, a stroke's width;
- a Т's bar reaches out on both sides of its stem; a 1's flag on the left only;
- an i is a dot over a stem, paper between them; a 1 is one stroke (both readers read a
  model name's "i5" as "15");
- a 6 closes a bowl of paper; a G is open (the English model reads "RBD52G" "RBD526");
- a Б's stem runs down its left side; a 5's bowl leaves it open (the Russian model reads
  a power supply's "5А" "БА").
- a з stands at x-height, a 3 as tall as the capitals (the Russian model reads a fire
  extinguisher's "ОП-4(з)" "ОП-4(3)");
- a d's bowl sits at its foot, the paper above it open at its left (its stem is on the
  right); a 9's bowl fills its top left, a 4's foot is a stem with paper to its left (the
  Russian model reads an electrode's "d3" "93" or "43").

A verdict is given only on a glyph the measures fit well; anything else keeps its reading.
"""

from __future__ import annotations

import re
from itertools import groupby
from statistics import median_high

import numpy as np

from .alphabets import latin_letters, letters_of
from .glyphs import TOP_ROWS, glyph_boxes, sign_glyphs, top_spans, word_crop
from .load import Word
from .spacing import is_size

# Rows of a digit's height (top = 0): its top stroke, and between a 5's top bar and its
# bowl, where the 5 has only its stem, hanging from the bar's left end.
TOP_BAND = (0.0, TOP_ROWS)
UPPER_BAND = (0.22, 0.40)
# How far right of the top stroke's left end the ink in the upper band starts, as a share
# of the glyph's width: a 5's stem not at all (at most 0.00 over 21 faces, italics among
# them, two sizes, sharp and blurred), a 3's arm at least 0.18 (FreeSans's 3 and FreeSerif
# Italic's, whose arms reach back to the left, are not told).
ARM_SHIFT = 0.15
# How far right the ink in the upper band reaches, on average, as a share of the glyph's
# width: a 5's stem at most 0.62 (FreeSerif Italic), a FreeSans 3's arm 0.92 at least.
ARM_REACH = 0.75
# The rows of a digit's foot, and how much of its width they cover: a 2's foot all of it
# (0.89 at least), from edge to edge; a 7's stem end a third (0.43 in DejaVu Sans Bold,
# more where a scan spreads the ink), never out to its right edge.
FOOT_BAND = 0.85
FOOT_WIDE = 0.6
FOOT_EDGE = 0.15  # of the width at either side, which a 2's foot reaches into
# How much of a digit's width its top rows cover: a 7's bar all of it, a 4's apex a third
# or so, however bold.
TOP_BAR = 0.8
# How far a Т's bar reaches right of its stem, as a share of its width: a third or more in
# every face; a 1 has nothing there (its flag points left).
T_ARM = 0.15
# An i's dot: ink at the glyph's top no taller than this share of the glyph, then paper,
# then a stem at least STEM_SHARE of the glyph's height.
DOT_SHARE = 0.3
STEM_SHARE = 0.5
# A digit's glyph this many times as wide as the word's usual digit is two digits touching.
TWO_WIDE = 1.6
# A glyph shorter than this share of the word's tallest digit is broken or not a digit.
FULL_HEIGHT = 0.85
# A d's top left (this share of its rows and of its columns) is paper: at most 0.03 of it
# inked in every upright Debian face, sharp and blurred; a 9's bowl fills a third or more.
# Its foot's left (rows below D_FOOT, columns left of D_FOOT_LEFT) is its bowl's ink, a
# fifth of it at least; a 4's foot has none there (serif italics' do: not told).
D_TOP, D_TOP_LEFT, D_TOP_INK = 0.25, 0.45, 0.08
D_FOOT, D_FOOT_LEFT, D_FOOT_INK = 0.85, 0.4, 0.12


def _left_edge(glyph: np.ndarray, band: tuple[float, float]) -> float | None:
    """Where the ink starts in a band of rows, in the middle row (not on average: a flat
    3's top rows are its bar and then its diagonal), as a share of the glyph's width;
    None when fewer than half of the band's rows have ink."""
    h, w = glyph.shape
    rows = glyph[int(band[0] * h) : max(int(band[1] * h), int(band[0] * h) + 1)]
    starts = [int(np.argmax(r)) for r in rows if r.any()]
    if len(starts) < max(1, len(rows) / 2):
        return None
    return float(np.median(starts)) / w


def _right_reach(glyph: np.ndarray, band: tuple[float, float]) -> float:
    """How far right the ink reaches in a band of rows, on average, as a share of the
    glyph's width (0 where the band has no ink)."""
    h, w = glyph.shape
    rows = glyph[int(band[0] * h) : max(int(band[1] * h), int(band[0] * h) + 1)]
    ends = [w - int(np.argmax(r[::-1])) for r in rows if r.any()]
    return float(np.mean(ends)) / w if ends else 0.0


def judge(glyph: np.ndarray, read: str) -> str:
    """The digit a binarised glyph (True = ink, cropped to its ink) shows where the model
    read `read`: "3" for a 5 whose upper half is no stem at the left, "2" for a 7 on a
    foot as wide as itself, "7" for a 4 under a bar as wide as itself; otherwise `read`."""
    h, w = glyph.shape
    if h < 12 or w < 5:
        return read  # too few pixels to tell a stem from an arm
    if read == "5":
        top, upper = _left_edge(glyph, TOP_BAND), _left_edge(glyph, UPPER_BAND)
        if top is None or upper is None:
            return read  # strokes lost: nothing to judge
        # The reach only where the top stroke starts in the left half, as a 3's and a 5's
        # do: a slash a speck shifted into a digit's place reaches right too.
        reach = top <= 0.5 and _right_reach(glyph, UPPER_BAND) >= ARM_REACH
        arm = upper - top >= ARM_SHIFT or reach
        return "3" if arm else read
    if read == "7":
        foot = glyph[int(FOOT_BAND * h) :].any(axis=0)
        edge = max(1, round(FOOT_EDGE * w))
        wide = foot.sum() / w >= FOOT_WIDE and foot[:edge].any() and foot[-edge:].any()
        return "2" if wide else read
    if read == "4":
        spans = top_spans(glyph)
        return "7" if spans and min(spans) >= TOP_BAR else read
    return read


def digit_glyphs(gray: np.ndarray, word: Word) -> list[tuple[int, np.ndarray]] | None:
    """The word's digits as (index in the text, binarised glyph), when the ink has one
    glyph per printed sign; None when it does not (digits touching, a sign in two parts)."""
    signs = sign_glyphs(gray, word)
    return None if signs is None else _full_height_digits(word.text, signs)


def _full_height_digits(
    text: str, signs: list[tuple[int, np.ndarray]]
) -> list[tuple[int, np.ndarray]]:
    """The digits among a word's glyphs (index in `text`, glyph) as tall as its tallest
    digit: a shorter one is broken or no digit."""
    out = [(i, m) for i, m in signs if text[i].isdigit()]
    tallest = max((m.shape[0] for _, m in out), default=0)
    return [(i, m) for i, m in out if m.shape[0] >= FULL_HEIGHT * tallest]


def correct_digits(gray: np.ndarray, word: Word) -> str:
    """The word's text with each 5 the ink shows as a 3, each 7 as a 2 and each 4 as a 7,
    put right; a lone Т that is a 1, a 1; a size's Б that is a 5, a 5; in a Latin code, a
    1 that is an i, an i, and a 6 that closes no bowl, a G."""
    text = word.text
    if text == "Т":
        return lone_one(gray, word)
    if text.startswith("Б"):
        return five_for_be(gray, word)
    latin = latin_letters(text)
    dotted = "1" in text and latin
    open_six = "6" in text and latin and len(letters_of(text)) >= 2
    if not any(d in text for d in "574") and not dotted and not open_six:
        return text
    signs = sign_glyphs(gray, word)
    if not signs or _two_in_one(text, signs):
        return text
    chars = list(text)
    if dotted:
        for i, glyph in signs:
            if chars[i] == "1" and dotted_stem(glyph):
                chars[i] = "i"
    if open_six:
        for i, glyph in signs:
            if chars[i] == "6" and open_g(glyph):
                chars[i] = "G"
    for i, glyph in _full_height_digits(text, signs):
        chars[i] = judge(glyph, chars[i])
    return "".join(chars)


HOLE_SHARE = 0.02  # paper enclosed by ink, as a share of the glyph's box, that is a bowl


def encloses_paper(glyph: np.ndarray) -> bool:
    """Whether a binarised glyph (True = ink) closes a bowl of paper, as a 6's lower half
    does; a G, which the English model reads as a 6 in a model code ("RBD52G"), is open.
    The ink is grown a pixel first: a serif 6's hairline where its bowl meets its stem
    breaks at small sizes (FreeSerif, PT Serif at 30 px), where a G's mouth is wide."""
    paper = ~np.pad(_grown(glyph), 1)
    reached = np.zeros_like(paper)
    reached[0, :] = reached[-1, :] = reached[:, 0] = reached[:, -1] = True
    while True:  # the paper reached from outside, a pixel further each round
        grown = _grown(reached) & paper
        if (grown == reached).all():
            break
        reached = grown
    return int((paper & ~reached).sum()) >= HOLE_SHARE * glyph.size


def _grown(mask: np.ndarray) -> np.ndarray:
    """The mask and its four neighbours of every pixel."""
    out = mask.copy()
    out[1:] |= mask[:-1]
    out[:-1] |= mask[1:]
    out[:, 1:] |= mask[:, :-1]
    out[:, :-1] |= mask[:, 1:]
    return out


G_FOOT = 0.35  # the longest run of ink in a G's bottom rows, as a share of its width


def open_g(glyph: np.ndarray) -> bool:
    """A G where the model read a 6: it closes no bowl, and its foot is a whole arc (a 6 on
    a blurred serif page may lose its bowl's hairline bottom, and then it is open below,
    not beside, and its bottom rows are short pieces)."""
    h, w = glyph.shape
    if h < 12 or w < 5 or encloses_paper(glyph):
        return False
    foot = glyph[-2:].any(axis=0)
    longest = max((sum(1 for _ in run) for inked, run in groupby(foot) if inked), default=0)
    return longest >= G_FOOT * w


def _two_in_one(text: str, signs: list[tuple[int, np.ndarray]]) -> bool:
    """Whether a digit's glyph is as wide as two digits: two touching, and as many glyphs as
    signs only because another one broke in two (a noisy scan's "00" and a split "0"), so
    which glyph is which sign is unknown."""
    widths = sorted(m.shape[1] for i, m in signs if text[i].isdigit() and text[i] != "1")
    return bool(widths) and widths[-1] > TWO_WIDE * widths[len(widths) // 2]


def dotted_stem(glyph: np.ndarray) -> bool:
    """A binarised glyph (cropped to its ink) that is a dot over a stem, paper between:
    an i, where a 1 is one stroke."""
    h = glyph.shape[0]
    inked = glyph.any(axis=1)
    paper = np.nonzero(~inked)[0]
    if h < 12 or not paper.size:
        return False
    one_gap = paper[-1] - paper[0] + 1 == paper.size
    dot, stem = paper[0], h - 1 - paper[-1]
    return bool(one_gap and dot <= DOT_SHARE * h and stem >= STEM_SHARE * h)


# Rows of a glyph's height, and its left part (a share of its width), where a 5's bowl
# leaves its left side open and a Б's stem runs down; the share of those rows with no ink
# there that makes the side open (a 5's: half or more over 19 faces, a Б's none).
LEFT_BAND = (0.5, 0.8)
LEFT_PART = 0.3
OPEN_LEFT = 0.3


def five_for_be(gray: np.ndarray, word: Word) -> str:
    """A size's 5 the Russian model read as Б ("12В БА" for "12В 5А", a power supply's
    amperes): a Б's stem runs down its left side, a 5's bowl leaves it open below the
    middle. Only where the 5 makes a number and its unit."""
    text = word.text
    if not text.startswith("Б") or not is_size("5" + text[1:]):
        return text
    signs = sign_glyphs(gray, word)
    if not signs or signs[0][0] != 0:
        return text
    glyph = signs[0][1]
    h, w = glyph.shape
    if h < 12 or w < 5:
        return text
    band = glyph[int(LEFT_BAND[0] * h) : int(LEFT_BAND[1] * h), : max(1, int(LEFT_PART * w))]
    open_rows = float((~band.any(axis=1)).mean())
    return "5" + text[1:] if open_rows >= OPEN_LEFT else text


def lone_one(gray: np.ndarray, word: Word) -> str:
    """A word read "Т" that is a lone 1 ("1 ТБ" read "Т ТБ"): one glyph, nothing right of
    its stem at the top, where a Т's bar reaches out. A Т alone is no Russian word."""
    if word.text != "Т":
        return word.text
    signs = sign_glyphs(gray, word)
    if not signs:
        return word.text
    ((_, glyph),) = signs
    h, w = glyph.shape
    if h < 12 or w < 3:
        return word.text
    stem = np.nonzero(glyph.sum(axis=0) >= 0.8 * h)[0]
    if not stem.size:
        return word.text
    top = glyph[: max(1, int(TOP_BAND[1] * h))]
    right = top[:, stem.max() + 1 :].any(axis=0).sum() / w
    return "1" if right < T_ARM else word.text


# Of the height of the word's capitals and digits: how far below their top a glyph's top
# must be to stand at x-height, and how far off their line its foot may be.
X_HEIGHT_DROP = 0.15
ON_THE_LINE = 0.12
# Signs that stand on the line and reach the capitals' top: digits but the one judged,
# capitals without a tail below the line or a mark above it.
_TALL_REFERENCES = set("012456789АБВГЕЖЗИКЛМНОПРСТУФХЧШЫЭЮЯABCDEFGHIKLMNOPRSTUVWXYZ")


def small_ze(gray: np.ndarray, word: Word) -> str:
    """A 3 printed at x-height and standing on the line is the letter з ("ОП-4(з)" read
    "ОП-4(3)"): digits stand as tall as capitals (and an old-style 3, short as it is,
    reaches below the line). Told against the word's own capitals and digits."""
    text = word.text
    # In a word, or a number's bracket ("4(3)" of "ОП-4(з)", where the page split the code
    # at its hyphen): a number's own 3 is never told.
    if "3" not in text or not any(c.isalpha() or c in "()" for c in text):
        return text
    signs = [i for i, c in enumerate(text) if not c.isspace()]
    glyphs = glyph_boxes(word_crop(gray, word))
    if len(glyphs) != len(signs):
        return text
    tall = [g for i, g in zip(signs, glyphs, strict=True) if text[i] in _TALL_REFERENCES]
    if not tall:
        return text
    top = min(g.top for g in tall)
    line = median_high(g.bottom for g in tall)
    size = line - top
    if size < 10:
        return text
    chars = list(text)
    for i, g in zip(signs, glyphs, strict=True):
        if (
            text[i] == "3"
            and g.top - top > X_HEIGHT_DROP * size
            and abs(g.bottom - line) <= ON_THE_LINE * size
        ):
            chars[i] = "з"
    return "".join(chars)


def _shaped_d(glyph: np.ndarray) -> bool:
    h, w = glyph.shape
    if h < 12 or w < 4:
        return False
    top_left = glyph[: max(1, int(D_TOP * h)), : max(1, int(D_TOP_LEFT * w))].mean()
    foot_left = glyph[int(D_FOOT * h) :, : max(1, int(D_FOOT_LEFT * w))].mean()
    return bool(top_left < D_TOP_INK and foot_left > D_FOOT_INK)


_DIAMETER = re.compile(r"[49]\d{1,2}")


def d_for_nine(gray: np.ndarray, word: Word) -> str:
    """A short number whose first glyph is a d's shape, read as a 9 or a 4 by every reader
    ("93" 92 for an electrode's "d3"): a diameter's d."""
    text = word.text
    if not _DIAMETER.fullmatch(text):
        return text
    d = "d" + text[1:]
    return d if d_for_digit(gray, word, d) else text


def d_for_digit(gray: np.ndarray, word: Word, latin: str) -> bool:
    """Whether the ink shows the English reader's d where the word's reading has a 4 or a
    9 ("d3" read "93"), the signs being otherwise the same. False unless the ink has a
    glyph per sign."""
    text = word.text
    if len(text) != len(latin):
        return False
    places = [i for i, (c, a) in enumerate(zip(text, latin, strict=True)) if c != a]
    if not places or not all(latin[i] == "d" and text[i] in "49" for i in places):
        return False
    glyphs = dict(sign_glyphs(gray, word) or [])
    return all(i in glyphs and _shaped_d(glyphs[i]) for i in places)
