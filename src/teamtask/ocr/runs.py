"""Words the page's reading ran together, or the lines of a wrapped cell it read as one tall
word: whether a box's crops read it as several words (`run_together`, `wrapped`), and the
words they read there instead (`split_readings`), each with another reader's reading of
the same ink where that one is better.

Apart from `choose`: there one reading of a word's ink replaces another; here one box
becomes several words, told by their gaps, lines and signs.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from .alphabets import ONLY_LATIN, THIN_SIGNS, english_spelling, fold, letters_of
from .boxes import CROP_PAD, TALL, ink_gap
from .choose import with_evidence
from .load import Word
from .parse import digit_groups
from .plausible import FAIRLY_SURE, GUESS, REREAD_MARGIN, SURE, UNSURE, oddity, plausibility
from .scripts import two_alphabets
from .spacing import is_number


def wrapped(word: Word, crop: list[Word], h: float) -> bool:
    """Whether a word box is the lines of a wrapped cell that OCR took for one word: it is
    much taller than a word (`h`, a sure word's usual height), and its crop, read alone,
    has words on two lines or more."""
    if not h or word.y1 - word.y0 <= TALL * h:
        return False
    lines: list[float] = []
    for w in sorted(crop, key=lambda w: w.cy):
        if not lines or w.cy - lines[-1] > 0.6 * h:
            lines.append(w.cy)
    return len(lines) >= 2


def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(c in it for c in short)


_CYRILLIC_SMALL_END = re.compile(r"[а-яё]$")


def apart_alike(a: list[Word], b: list[Word], h: float) -> bool:
    """Two readers' crops read as as many words, each gap between them in the same place."""
    if len(a) < 2 or len(a) != len(b):
        return False
    xa, xb = sorted(a, key=lambda w: w.x0), sorted(b, key=lambda w: w.x0)
    return all(
        abs(p.x1 - q.x1) < h / 3 and abs(n.x0 - m.x0) < h / 3
        for (p, n), (q, m) in zip(itertools.pairwise(xa), itertools.pairwise(xb), strict=True)
    )


def run_together(
    word: Word,
    crop: list[Word],
    h: float,
    space: float = 0.0,
    *,
    garbled: bool = False,
    agreed: bool = False,
    gray: np.ndarray | None = None,
) -> bool:
    """Whether one word of the page is words its crop reads apart on one line, each far
    surer, with every sign of the page's reading among theirs ("20036100" 44 for
    "200х3,6" 85 and "(100" 96) or as many signs, all sure — any signs, all sure, where
    the page's reading is `garbled` (the first reader read junk there). Not where the
    crop's words are closer than `space`, the narrowest word space of the line: a serif
    face's "1 1" inside an account's number is no space. Where another reader's crop is
    apart at the same place (`agreed`), surer than the page will do."""
    if len(crop) < 2 or not h or max(w.cy for w in crop) - min(w.cy for w in crop) > h / 2:
        return False
    # (Boxes that overlap tell no gap: the English reader's "SSD" box may reach over the
    # "1" after it.)
    ordered = sorted(crop, key=lambda w: w.x0)
    # A Russian word's small letter before a capital is a word's end, however narrow the
    # gap ("картридж" "ТК-" of "Тонер-картридж ТК-1170"); Latin brands run so ("iPhone").
    cased_apart = any(
        _CYRILLIC_SMALL_END.search(a.text) and b.text[:1].isupper()
        for a, b in itertools.pairwise(ordered)
    )
    if (
        space
        and not cased_apart
        and all(0 <= _gap(a, b, h, gray) < space for a, b in itertools.pairwise(ordered))
    ):
        return False
    if min(w.conf for w in crop) < word.conf + (0.0 if agreed else REREAD_MARGIN):
        return False
    if garbled:
        return min(w.conf for w in crop) >= SURE
    if agreed and oddity(word.text) > 0 and not any(oddity(w.text) for w in crop):
        # Both readers' crops apart at one place, and the page's reading holds a sign no
        # document prints ("26°" 30 over "24/6" and "до"): the page read words as one.
        return True
    signs = fold("".join(w.text for w in crop))
    # A comma with a word space after it is no decimal comma ("40," "4" of "5W-40, 4 л").
    listed = bool(space) and any(
        a.text.endswith(",") and _gap(a, b, h, gray) >= space
        for a, b in itertools.pairwise(ordered)
    )
    if signs == fold(word.text) and not letters_of(word.text) and not listed:
        return False  # a number read in pieces, no sign lost: one number, as the page read it
    # Or as many signs, every one of them read surely: the page read garbage over words
    # set close ("0209" 62 for "до" 96 and "20" 96). Where the page's reading is a mere
    # guess, words read fairly surely will do ("$50116" 0 for "$50" 80, "1" 94, "ТБ" 96: a
    # blurred "SSD 1 ТБ").
    sure = SURE if word.conf >= GUESS else FAIRLY_SURE
    groups = digit_groups([w.text for w in crop])  # one amount ("1" "306,00"), not words
    if word.conf < UNSURE and min(w.conf for w in crop) >= SURE and not groups:
        # A page reading of a few signs, unsure, over words the crop reads surely and in
        # full ("Ань" 20 over "№24/6" 91 and "до" 96): the page's box held more than it read.
        return True
    return _subsequence(fold(word.text), signs) or (
        len(signs) == len(word.text) and min(w.conf for w in crop) >= sure
    )


def latin_run_in(first: list[Word], other: list[Word]) -> bool:
    """The first reader read one word where the other read several, each surer, one of them
    in a letter only Latin has (the Russian model's "ААТВб" for "AA" "LR6")."""
    return (
        len(first) == 1
        and len(other) >= 2
        and first[0].conf < min(o.conf for o in other)
        and any(c in ONLY_LATIN for o in other for c in o.text)
    )


def _gap(a: Word, b: Word, h: float, gray: np.ndarray | None) -> float:
    """The paper between two words of a crop: their boxes' gap, or where the page is given
    and the ink shows more paper (`boxes.ink_gap`), that (a crop's box may reach past its
    comma: "40," "4" of "5W-40, 4 л", 12 pixels of paper after the comma, as wide as the
    line's word space)."""
    box_gap = b.x0 - a.x1
    inked = ink_gap(gray, a, b, h) if gray is not None and box_gap >= 0 else None
    return max(box_gap, inked) if inked is not None else box_gap


def _same_ink(a: Word, b: Word) -> bool:
    """Two readers' boxes of one word: mostly the same stretch of one line."""
    height = max(a.y1 - a.y0, b.y1 - b.y0)
    return a.x_overlap(b) >= 0.7 * max(a.x1 - a.x0, b.x1 - b.x0) and abs(a.cy - b.cy) < height / 2


def less_next_stroke(word: Word, box: Word, words: Sequence[Word], h: float) -> Word:
    """A crop's word less a thin last sign that is the next word's first stroke, in the
    crop's margin past the page's box: "Ручка1" for "Ручка", the 1 the left stem of the ш
    of "шариковая", which starts where the box ends."""
    text = word.text
    if len(text) < 3 or text[-1] not in THIN_SIGNS or not text[-2].isalpha():
        return word
    if word.x1 <= box.x1:
        return word
    nxt = any(
        n is not box and abs(n.cy - word.cy) < h / 2 and box.x1 - CROP_PAD <= n.x0 < word.x1
        for n in words
    )
    return replace(word, text=text[:-1]) if nxt else word


def split_readings(crops: list[list[Word]]) -> list[Word]:
    """The words the first reader read in a box the page took for one word (a wrapped
    cell, words run together), each with another reader's reading of the same ink where
    that one is better: "hAP" on a wrapped name's second line, which the Russian model
    reads "ВАР"."""
    out: list[Word] = []
    for w in crops[0]:
        best, score = w, plausibility(w.text, w.conf)
        for other in crops[1:]:
            twin = next((o for o in other if _same_ink(o, w)), None)
            # The English model's spelling of the Russian word is no reading of its own
            # ("LUT.)" for "шт,)"), as in `choose.other_reading`.
            if twin is None or english_spelling(w.text, twin.text):
                continue
            # Only with evidence of its own: a crop cut from a wrapped cell reads less
            # surely than a word's own crop, so "far surer" is no evidence here ("Nanka"
            # 90, the English model's spelling of "Папка-|" 53 beside a rule's remnant).
            twin_score = plausibility(twin.text, twin.conf)
            if with_evidence(best, score, twin, twin_score):
                best, score = twin, twin_score
            # A word in two alphabets, each reader's part where it can read it ("ВВГнг-LS").
            best = two_alphabets(w, None, twin) or best
        out.append(w if best is w else Word(best.text, w.x0, w.y0, w.x1, w.y1, best.conf))
    others = [o for other in crops[1:] for o in other]
    out = [piece for w in out for piece in _number_run_in(w, others)]
    return _numbers_between(_tails_read_apart(out, crops[0], others), others)


NUMBER_RUN_IN = 60.0  # how sure another reader must be of a number a guess ran in


def _number_run_in(word: Word, others: list[Word]) -> list[Word]:
    """A guess of the first reader's over a number and a word, which another reader read
    apart, the word in as many letters as the first reader's ("кг" 0 over "1 кг" of a
    wrapped cell's second line: "1" 69 and "kr" 69 in English): the number, then the word
    as the first reader read it. [word] otherwise."""
    if word.conf >= GUESS:
        return [word]
    inside = sorted(
        (
            o
            for o in others
            if _same_line(o, word) and word.x0 - CROP_PAD <= o.x0 and o.x1 <= word.x1 + CROP_PAD
        ),
        key=lambda o: o.x0,
    )
    if len(inside) != 2:
        return [word]
    number, spelled = inside
    if not (is_number(number.text) and number.conf >= NUMBER_RUN_IN):
        return [word]
    # The word's letters, one for one, as either reader reads them ("kr": г is read r).
    if len(letters_of(spelled.text)) != len(letters_of(word.text)) or not letters_of(word.text):
        return [word]
    return [number, Word(word.text, spelled.x0, spelled.y0, spelled.x1, spelled.y1, spelled.conf)]


def _numbers_between(out: list[Word], others: list[Word]) -> list[Word]:
    """The words, with a number only another reader read in the box, fairly surely, set
    between two of them on a line, a word space or two from each ("Lavazza 1 кг" on a
    wrapped cell's second line: the Russian model read no "1", the English one 76)."""
    for o in others:
        if not is_number(o.text) or o.conf < FAIRLY_SURE:
            continue
        h = o.y1 - o.y0
        line = [k for k, w in enumerate(out) if abs(w.cy - o.cy) < h / 2]
        if any(out[k].x_overlap(o) > 0 for k in line):
            continue
        before = [k for k in line if 0 <= o.x0 - out[k].x1 < 2 * h]
        if before and any(0 <= out[k].x0 - o.x1 < 2 * h for k in line):
            out.insert(before[-1] + 1, o)
    return out


def _tails_read_apart(out: list[Word], first: list[Word], others: list[Word]) -> list[Word]:
    """A word whose last letters lie past its box, where another reader read them as a
    word of their own in ink the first reader boxed no word in ("ммх" boxed over "мм",
    the English reader's "MM" "X": "мм х" of "48 мм х 66 м"): two words."""
    loose = [o for o in others if not any(o.x_overlap(w) > 0 and _same_line(o, w) for w in first)]
    split: list[Word] = []
    for w in out:
        tail = next(
            (
                o
                for o in loose
                if _same_line(o, w)
                and 0 <= o.x0 - w.x1 < w.y1 - w.y0
                and len(o.text) < len(w.text)
                and fold(w.text).endswith(fold(o.text))
            ),
            None,
        )
        if tail is None:
            split.append(w)
            continue
        n = len(w.text) - len(tail.text)
        split += [replace(w, text=w.text[:n]), replace(tail, text=w.text[n:], conf=w.conf)]
    return split


def _same_line(a: Word, b: Word) -> bool:
    return abs(a.cy - b.cy) < max(a.y1 - a.y0, b.y1 - b.y0) / 2
