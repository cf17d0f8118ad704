"""Which reading of a word read again stands: word by word, the page's, the first
language's crop's or another language's (or the crop's several words, where the page ran
words together), its digits put to the vote; then by its neighbours, once they are read.

`readers` picks the words to read again (`picks`: indices into the page's `words`) and
reads their crops (`crop_words`: each language's words in each crop; `readings`: each
language's reading of each crop as one word, None where it did not read as one); these
passes change `words` in place, note the picks that are several words (`split`) and
those to drop (`blank`).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from .alphabets import (
    JUNK,
    beside_latin,
    fold,
    junk_for_latin,
    latin_for_digits_but_the_first,
    latin_shaped,
)
from .boxes import PIECE, ink_gap, kerned_latin, unsure_split
from .choose import (
    brackets_lost,
    confirmed,
    extends,
    junk_filled,
    one_apart,
    other_reading,
    same_signs,
    speck_at_edge,
    w_for_backslash,
)
from .glyphs import latin_feet, w_read_as_em
from .load import Word
from .missed import (
    MISSED,
    after_word,
    between_words,
    closes_line,
    ink_w,
    missed_reading,
    rule_through,
)
from .plausible import ODD_TOLERANCE, REREAD_MARGIN, SURE, claim, oddity, plausibility
from .recognize import Rule
from .roman import stems_numeral
from .runs import apart_alike, latin_run_in, less_next_stroke, run_together, split_readings, wrapped
from .scripts import (
    latin_by_ink,
    latin_code_seen,
    latin_part_seen,
    latin_reading,
    reads_latin,
    spelled_and_feet,
    two_alphabets,
)
from .spacing import line_spaces
from .votes import DIGIT_READER, vote_code_digits, vote_digits


@dataclass
class Reread:
    """A page's words as they are read again, which the passes after the word-by-word
    choice share: the page's `words` (changed in place), the indices of those read again
    (`picks`) with their page readings (`page_words`), each language's reading of each
    crop as one word (`readings`, None where it did not read as one), the picks that are
    several words (`split`) and those to drop (`blank`), and a usual word's height `h`."""

    gray: np.ndarray
    words: list[Word]
    picks: list[int]
    page_words: list[Word]
    readings: list[list[Word | None]]
    split: dict[int, list[Word]]
    blank: set[int]
    h: float


def choose_words(
    gray: np.ndarray,
    words: list[Word],
    picks: list[int],
    langs: list[str],
    crop_words: list[list[list[Word]]],
    readings: list[list[Word | None]],
    spaces: list[float],
    h: float,
    vrules: Sequence[Rule],
) -> tuple[set[int], dict[int, list[Word]]]:
    """Word by word, the reading of each pick that stands, put in `words` in place (with
    the readings the vote outvoted as its `alts`); the picks to drop (`blank`: a piece its
    crop did not read as a word) and those that are several words (`split`: passed-over
    ink, words run together, a wrapped cell's lines), each as its words."""
    blank: set[int] = set()
    split: dict[int, list[Word]] = {}
    for k, i in enumerate(picks):
        old = words[i]
        if old.conf == MISSED:
            split[i] = _missed_words(gray, words, old, crop_words, k, h, vrules)
            continue
        # OCR took a name wrapped on two lines of a cell for one tall word ("а" for
        # "Лента" over "19 мм"): its crop, read alone, gives the lines' words back.
        # Or words set close that the page read run together, signs lost ("20036100" for
        # "200х3,6 (100"): the crop, surer, tells them apart.
        # Where the first reader's crop holds junk ("$50" "1" for "SSD 1": the Russian model
        # has no S), another reader's crop tells the words apart.
        crops = [r[k] for r in crop_words]
        parts = _read_apart(gray, words, old, crops, h, spaces[k])
        if parts is not None:
            split[i] = parts
            continue
        own = readings[0][k]
        if old.conf == PIECE:
            if own is None:
                blank.add(i)
                continue
            best, best_score = own, plausibility(own.text, own.conf)
        else:
            best, best_score = _page_or_own(old, own, readings, k)
        best = _other_readers(gray, old, own, best, best_score, readings, k)
        best = w_for_backslash(best, [r[k] for r in readings])
        best = junk_filled(best, [r[k] for r in readings[1:]])
        best, alts = _vote(old, best, readings, langs, k)
        if best is not old or alts:
            words[i] = Word(best.text, old.x0, old.y0, old.x1, old.y1, best.conf, alts)
    return blank, split


def _missed_words(
    gray: np.ndarray,
    words: list[Word],
    old: Word,
    crop_words: list[list[list[Word]]],
    k: int,
    h: float,
    vrules: Sequence[Rule],
) -> list[Word]:
    """The words in ink the page reading passed over (`old`, pick k), from each reader's
    words in its crop (`missed_reading`); where none, after a word and with no rule through
    it, "II" or "III" in bare stems (`stems_numeral`) or a W the English reader read
    (`ink_w`)."""
    inside = between_words(words, old, h, vrules)
    closing = not inside and closes_line(words, old, h, vrules)
    found_words = missed_reading([r[k] for r in crop_words], SURE, between=inside, closing=closing)
    if not found_words and after_word(words, old, h) and not rule_through(old, h, vrules):
        # "SATA III" as a rule's remnant; the W of "MANN W" read "\М/" and "Ww".
        found = stems_numeral(gray, old, h) or ink_w([c[k] for c in crop_words], gray)
        found_words = [found] if found else []
    return found_words


def _read_apart(
    gray: np.ndarray, words: list[Word], old: Word, crops: list[list[Word]], h: float, space: float
) -> list[Word] | None:
    """The words of a box the page read as one word (`old`) where its crop's words (`crops`:
    each reader's) are several: a wrapped cell's lines, words run together; None where the
    page's box is one word."""
    junk = any(JUNK.search(w.text) for w in crops[0])
    # Both readers' crops apart at the same place ("1Р" "16А" and "1P" "16A" for the
    # page's "1Р16А" 73): their agreement is evidence enough, however sure the page.
    agreed = any(apart_alike(crops[0], c, h) for c in crops[1:])
    apart = run_together(old, crops[0], h, space, agreed=agreed, gray=gray) or any(
        junk and run_together(old, c, h, space, garbled=True) for c in crops[1:]
    )
    # A Latin word the first reader ran into the word before it ("ААТВб" 85 for "АА LR6",
    # which the English reader read "AA" 93 and "LR6" 90, a word space apart): the
    # other reader's words, the first reader's where it read them at the same place.
    latin_apart = next(
        (
            c
            for c in crops[1:]
            if latin_run_in(crops[0], c) and run_together(old, c, h, space, garbled=True)
        ),
        None,
    )
    if latin_apart is not None:
        return split_readings([latin_apart, crops[0]])
    if wrapped(old, crops[0], h) or apart:
        return [less_next_stroke(w, old, words, h) for w in split_readings(crops)]
    return None


def _page_or_own(
    old: Word, own: Word | None, readings: list[list[Word | None]], k: int
) -> tuple[Word, float]:
    """The first language's choice between the page's reading (`old`) and its own crop's
    (`own`), with its score. Out of context a crop is often read worse than the page
    ("ООО" becomes "000"): the crop's stands where it scores better by the margins below,
    and not where another reader read the crop surely as the page did (`confirmed`)."""
    best, best_score = old, plausibility(old.text, old.conf, claims=False)
    if own is not None:
        own_score = plausibility(own.text, own.conf, claims=False)
        if fold(own.text) == fold(old.text):
            if own.conf > old.conf + REREAD_MARGIN:
                best = own  # its case, where the page's reading was a guess ("ли")
            best_score = max(best_score, own_score)
        elif brackets_lost(own.text, old.text):
            # A bracket is a thin stroke a crop's reader drops ("шт." of "(100
            # шт.)"); a sign read where there was none is dropped by its ink later.
            best_score = max(best_score, own_score)
        elif speck_at_edge(own.text, old.text):
            # A sign the page's box left out lies in the crop's margin: a speck, as
            # a word's own comma is in its box ("Краска," for "Краска").
            best_score = max(best_score, own_score)
        elif (
            own_score > best_score + REREAD_MARGIN
            or (extends(own.text, old.text) and own_score > best_score - 15)
            or (same_signs(own.text, old.text) and own_score > best_score + 15)
            or (one_apart(own.text, old.text) and own.conf > old.conf + 5)
            # The page's reading is odd and the crop's is not: 57%3,5 → 57х3,5.
            or (
                oddity(old.text) > 0
                and oddity(own.text) == 0
                and own.conf > old.conf - ODD_TOLERANCE
            )
        ):
            best, best_score = own, own_score
    best_score += claim(best.text)  # against the other readers, the claim counts
    if (
        best is own
        and fold(own.text) != fold(old.text)
        and confirmed(old, [r[k] for r in readings[1:]])
    ):
        best, best_score = old, plausibility(old.text, old.conf)
    return best, best_score


def _other_readers(
    gray: np.ndarray,
    old: Word,
    own: Word | None,
    best: Word,
    best_score: float,
    readings: list[list[Word | None]],
    k: int,
) -> Word:
    """The first language's choice (`best`, scored `best_score`) or another reader's
    reading of the same ink where the evidence says so (`other_reading`); a word in two
    alphabets keeps each reader's part where it can read it (`two_alphabets`)."""
    first = best  # the first language's reading, before any other reader's
    for other in (r[k] for r in readings[1:]):
        if other is None:
            continue
        best, best_score = other_reading(gray, old, best, best_score, other)
        # The page's reading doubts a part only where it is unsure itself.
        page = old.text if old.conf < SURE else None
        # Where the ink showed the other reader's word (an L's foot where the Russian
        # model read Г: "LED-E27" over "ГЕО-Е27"), no part of the first reading is kept.
        by_ink = best.text == other.text and latin_feet(
            gray, replace(old, text=first.text), other.text
        )
        merged = None if by_ink else two_alphabets(first, own, other, page, best)
        if merged is not None:
            best = Word(merged.text, old.x0, old.y0, old.x1, old.y1, merged.conf)
        elif best.text == other.text:
            spelled = spelled_and_feet(gray, first, other.text)
            if spelled is not None:
                best = Word(spelled, old.x0, old.y0, old.x1, old.y1, other.conf)
    return best


def _vote(
    old: Word, best: Word, readings: list[list[Word | None]], langs: list[str], k: int
) -> tuple[Word, tuple[str, ...]]:
    """The chosen reading (`best`), or the number (or a code's number) its readings, the
    page's and each crop's, vote digit by digit, the digit reader's counting double; with
    the other readings, which stay known: a checksum may tell which reading is right. Not
    for a piece."""
    crop_readings = [
        (r[k], lng) for r, lng in zip(readings, langs, strict=True) if r[k] is not None
    ]
    alts: tuple[str, ...] = ()
    if old.conf != PIECE and crop_readings:
        all_readings = [old] + [w for w, _ in crop_readings]
        weights = [1.0] + [2.0 if lng == DIGIT_READER else 1.0 for _, lng in crop_readings]
        trusted = next(
            (n + 1 for n, (_, lng) in enumerate(crop_readings) if lng == DIGIT_READER), None
        )
        voted = vote_digits(all_readings, weights, trusted) or vote_code_digits(
            best.text, all_readings, weights, trusted
        )
        if voted is not None and voted != best.text:
            sure = max(w.conf for w, _ in crop_readings)
            best = Word(voted, old.x0, old.y0, old.x1, old.y1, sure)
        # What the vote outvoted stays known: a checksum may tell which reading is right.
        alts = tuple(dict.fromkeys(w.text for w in all_readings if w.text != best.text))
    return best, alts


def latin_beside_latin(reread: Reread) -> None:
    """A Russian reading in Latin shapes beside a Latin word is the English reader's Latin
    word, if it read the same shapes surely, or read surely a Latin word the Russian model
    could not make out; the neighbours are told only now they are read — by what they
    were read as, or by how the English reader read them. Changes `words` in place."""
    gray, words, picks, page_words = reread.gray, reread.words, reread.picks, reread.page_words
    readings, split, blank, h = reread.readings, reread.split, reread.blank, reread.h
    english = {
        i: alt for k, i in enumerate(picks) for r in readings[1:] if (alt := r[k]) is not None
    }
    for k, i in enumerate(picks):
        w = words[i]
        own = readings[0][k]
        for r in readings[1:]:
            alt = r[k]
            if alt is None or i in split or i in blank:
                continue
            own_text = own.text if own else None
            page = page_words[k].text
            # The English reading less a thin first sign the Russian one kept ("5/16Gb/512Gb"
            # and "15/1666/51266"): that sign and the English rest.
            whole = next(
                (
                    t
                    for r in (page, own_text)
                    if r and (t := latin_for_digits_but_the_first(r, alt)) is not None
                ),
                None,
            )
            # A W the Russian model, which has none, read as М ("MANN М 712/75"), where the
            # English one read a W (however many: "WwW").
            if "W" in alt.text and w_read_as_em(gray, w):
                whole = "W"
            latin = (
                whole is not None
                or any(
                    latin_by_ink(gray, replace(w, text=t), alt.text)
                    for t in (w.text, own_text)
                    if t
                )
                or reads_latin(w.text, page, own_text, alt)
            )
            if latin and (
                beside_latin(words, i, h, english) or junk_for_latin(page, own_text, alt)
            ):
                words[i] = Word(whole or alt.text, w.x0, w.y0, w.x1, w.y1, alt.conf)


def latin_seen_elsewhere(reread: Reread) -> None:
    """A code's letters the page read surely as a Latin word elsewhere ("UTP" of the name
    "Кабель UTP cat.5e"), where the Russian model read them in look-alikes ("ОТР-5Е");
    a code the page read surely elsewhere ("LR6-4" in the code column, "ЕВб" in the name).
    Changes `words` in place."""
    words, picks, readings = reread.words, reread.picks, reread.readings
    split, blank = reread.split, reread.blank
    seen = {w.text for w in words if w.conf >= SURE and latin_shaped(w.text)}
    for k, i in enumerate(picks):
        if i in split or i in blank:
            continue
        for r in readings[1:]:
            alt = r[k]
            part = latin_part_seen(words[i].text, alt.text, seen) if alt else None
            if part is not None:
                words[i] = replace(words[i], text=part)
            elif alt is not None and latin_code_seen(words[i].text, alt.text, seen):
                words[i] = replace(words[i], text=alt.text)


def join_split_words(reread: Reread) -> None:
    """A Latin word the page split at a kerned gap ("Mikro" | "Tik"), or a word it split
    where it doubted the split ("ВА4" | "7-29"): one word. The first pick becomes the
    word in `words` and the second goes in `blank`, both in place."""
    gray, words, picks, page_words = reread.gray, reread.words, reread.picks, reread.page_words
    readings, split, blank, h = reread.readings, reread.split, reread.blank, reread.h
    for (k, i), (k2, i2) in itertools.pairwise(_in_line_order(words, picks, h)):
        if {i, i2} & (split.keys() | blank):
            continue
        a, b = words[i], words[i2]
        joined = kerned_latin(
            a,
            b,
            latin_reading(readings, k),
            latin_reading(readings, k2),
            h,
            ink_gap(gray, a, b, h),
        )
        if joined is None:
            spaces = line_spaces(words, a, h)
            joined = unsure_split(a, b, (page_words[k], page_words[k2]), spaces, h)
        if joined is not None:
            words[i] = joined
            blank.add(i2)


def _in_line_order(words: list[Word], picks: list[int], h: float) -> list[tuple[int, int]]:
    """The picks (each as its place k in `picks` and its index in `words`) line by line,
    left to right: the page lists a line's words as its own lines found them, and a word
    it split may come back with another word between its pieces."""
    by_height = sorted(enumerate(picks), key=lambda p: words[p[1]].cy)
    lines: list[list[tuple[int, int]]] = []
    for p in by_height:
        if lines and h and words[p[1]].cy - words[lines[-1][0][1]].cy < h / 2:
            lines[-1].append(p)
        else:
            lines.append([p])
    return [p for line in lines for p in sorted(line, key=lambda p: words[p[1]].x0)]
