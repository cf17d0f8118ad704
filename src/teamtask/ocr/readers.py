"""Two readers for a page in two scripts: the first language reads the page, the others
re-read only the words it was unsure of.

Why not `-l rus+eng` for the whole page: Tesseract then runs both models over every line,
which costs a third more time on a Russian page, and its per-word choice between them is
poor on short codes — `ОП-4` comes out as `on-4`, `PR-75` as `РВ-75`, `ST-24` as `51-24`.
Re-reading the doubtful words of the first pass with each other language costs one
Tesseract call per language (all crops in one image) and lets the choice use what a
confidence alone does not know: a letter only one alphabet has, codes written in capitals,
symbols that never occur in documents.

This module chooses what to read again and puts the page back together; what it asks of a
reading lives beside it: `plausible` (how sure and how odd a reading is), `canvas` (crops
read again), `choose` (which reading of a word stands), `runs` (words run together or
wrapped) and `scripts` (Latin or Cyrillic).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import numpy as np

from .alphabets import (
    CODE,
    CODE_START,
    JUNK,
    beside_latin,
    fold,
    junk_for_latin,
    latin_for_digits_but_the_first,
    latin_looking,
    latin_shaped,
)
from .boxes import (
    PIECE,
    TALL,
    boxes_read_twice,
    cut_at_rules,
    ink_gap,
    join_unsure_pieces,
    join_wrapped,
    kerned_latin,
    number_sign_rings,
    one_reading,
    overlapping_halves,
    own_ink,
    read_inside,
    read_once,
    unsure_split,
)
from .canvas import ink_unread, reread
from .choose import (
    brackets_lost,
    confirmed,
    extends,
    junk_filled,
    one_apart,
    other_reading,
    paper_size,
    same_signs,
    speck_at_edge,
    w_for_backslash,
)
from .digitshapes import correct_digits, d_for_nine, small_ze
from .glyphs import (
    TAILED_ALIKE,
    capitals_read_small,
    first_letter_small,
    latin_feet,
    restore_case,
    restore_tails,
    w_read_as_em,
)
from .load import Word
from .missed import (
    MISSED,
    after_word,
    between_words,
    closes_line,
    grow_garbled,
    grow_over_left_out,
    ink_w,
    lone_sign_place,
    missed_boxes,
    missed_reading,
    rule_through,
    words_blanked,
)
from .plausible import (
    FAIRLY_SURE,
    ODD_TOLERANCE,
    REREAD_MARGIN,
    SURE,
    claim,
    doubtful,
    oddity,
    plausibility,
)
from .recognize import OCR_SCALE, Rule, ocr_words
from .roman import roman_numeral, stems_numeral
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
from .signs import (
    comma_for_slash,
    drop_inkless_mark,
    drop_inkless_stop,
    drop_letter_read_twice,
    join_at_dropped_signs,
    restore_comma,
    restore_dashes,
    restore_hyphen,
    restore_stop,
    stop_for_comma,
)
from .spacing import (
    least_space,
    line_spaces,
    maybe_spaced,
    number_sign_joined,
    one_for_bracket,
    page_spaces,
    split_spaced,
)
from .touching import restore_touching
from .votes import DIGIT_READER, vote_code_digits, vote_digits
from .zeros import RoundGlyphs, zero_or_letter

# A stroke read as a sign or two: this unsure, its box this many sure words' heights wide per sign.
STROKE_CONF = 20.0
STROKE_SIGNS = 2
STROKE_WIDTH = 3.0


def read_page(
    gray: np.ndarray, lang: str, timeout: float, vrules: Sequence[Rule] = (), *, readers: int = 1
) -> list[Word]:
    """Words of a page: the first language's reading, with its doubtful words (and the
    pieces of words cut at ruling lines) read again by every language from their crops.

    The first language's own crop reading mostly vouches for its page reading (a short word
    can get confidence 0 in a page and be right); out of context a crop is often read worse
    than the page ("ООО" becomes "000"), so it replaces the page's reading only when that
    one is far less sure ("ИННИКПП" 36 → "ИННКПП" 81) or it found characters the page's
    reading lost ("к" → "кг"). Then the ink decides what no reading can: capitals OCR gave
    letters printed at x-height are put back in lower case, measured against the word's own
    capitals or the digits around it (and a code's lower case read for capitals in upper
    case, a word of letters shaped alike in both cases read small where it is as tall as
    the digits), a 3 read as 5 and a 2 read as 7 are put right, an abbreviation's lost full
    stop and a fraction's lost comma are put back (a hyphen read as a colon too; a quote, a
    full stop or a comma the ink lacks is dropped), Г and Т touching are read apart, a
    letter read without the tail its glyph has below the line gets it back (л for д), a
    size run into its unit over a space is split, and two words split at a hyphen or a
    decimal comma the reader dropped are joined.
    """
    cased = []
    words = _read_twice(gray, lang, timeout, vrules, readers)
    h = _word_height(words)
    rounds = RoundGlyphs(gray, words)
    for w in words:
        measured = w.text.isupper() or capitals_read_small(w.text)
        # A д, ц or щ read small, told by its neighbour's height alone, by its own line's
        # digits: a table's header numbers a line away are set smaller ("до 20 листов").
        lines = 0.5 if any(c in TAILED_ALIKE for c in w.text) else 3.0
        cap = _digits_height(words, w, h, lines) if measured else 0.0
        code = bool(CODE.match(w.text) or CODE_START.fullmatch(w.text))
        # A mark the ink lacks goes first: the glyph-per-sign checks after it need its ink.
        text = drop_inkless_mark(gray, w)
        text = restore_case(gray, replace(w, text=text), code=code, cap_height=cap)
        text = first_letter_small(gray, replace(w, text=text))
        text = correct_digits(gray, replace(w, text=text))
        text = zero_or_letter(gray, replace(w, text=text), rounds)
        text = small_ze(gray, replace(w, text=text))
        text = d_for_nine(gray, replace(w, text=text))
        text = paper_size(gray, replace(w, text=text))
        for sign in (
            restore_stop,
            stop_for_comma,
            restore_hyphen,
            drop_inkless_stop,
            drop_letter_read_twice,
            restore_comma,
            comma_for_slash,
        ):
            text = sign(gray, replace(w, text=text))
        text = restore_touching(gray, replace(w, text=text))
        text = roman_numeral(gray, replace(w, text=text))
        text = restore_tails(gray, replace(w, text=text))
        cased.append(w if text == w.text else replace(w, text=text))
    out: list[Word] = []
    for w in cased:
        if _stroke_reading(w, h):
            continue
        w = replace(w, text=one_for_bracket(w.text))
        if maybe_spaced(w.text):
            out.extend(split_spaced(gray, w, line_spaces(cased, w, h), h))
        else:
            out.append(w)
    out = restore_dashes(gray, join_at_dropped_signs(gray, out, h), h, vrules)
    return number_sign_joined(out, h)


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


def _digit_width(words: list[Word]) -> float:
    """The page's usual width of a digit: its sure numbers' boxes, per digit (0: none)."""
    widths = [
        (w.x1 - w.x0) / len(w.text)
        for w in words
        if w.conf >= SURE and w.text.isdigit() and len(w.text) >= 3
    ]
    return float(np.median(widths)) if widths else 0.0


NARROW_NUMBER = 0.6  # of a digit's width: a number's box this much narrower than its digits


def _too_narrow(word: Word, digit_w: float) -> bool:
    """A short number read with more digits than its box has room for ("172" 84 over the
    ink of "12", a JPEG's speck read as a 7): worth a second reading."""
    text = word.text
    if not (digit_w and text.isdigit() and 2 <= len(text) <= 4):
        return False
    return word.x1 - word.x0 < (len(text) - NARROW_NUMBER) * digit_w


def _stroke_reading(word: Word, h: float) -> bool:
    """A stroke read as a sign or two, unsurely: a seal's ring arc left by the colour's
    removal ("о" 8, 132 pixels wide), a signature's loop. Its box is several signs wide
    for each sign read."""
    signs = len(word.text.replace(" ", ""))
    return (
        bool(h)
        and 0 < signs <= STROKE_SIGNS
        and 0 <= word.conf < STROKE_CONF
        and word.x1 - word.x0 > STROKE_WIDTH * h * signs
    )


DIGITS_TALL = 1.5  # of a usual word's height: a number's box taller holds more than digits


def _digits_height(words: list[Word], word: Word, h: float, lines: float = 3.0) -> float:
    """The height of sure numbers' digits within `lines` lines of `word` (0 when none); not
    of a box taller than a line (a row's number boxed with what stands over or under it:
    "5" 78 pixels tall beside "796" 29 made "АВСЕ" a word at x-height, as "50" of "50 кг"
    boxed 66 pixels tall, down to the next line, did)."""
    near = [
        w.y1 - w.y0
        for w in words
        if w.text.isdigit()
        and w.conf >= SURE
        and abs(w.cy - word.cy) < lines * h
        and w.y1 - w.y0 <= DIGITS_TALL * h
    ]
    return float(np.median(near)) if near and h else 0.0


def _word_height(words: list[Word]) -> float:
    """A sure word's usual height on the page (0 when no word is sure)."""
    return float(np.median([w.y1 - w.y0 for w in words if w.conf >= SURE] or [0.0]))


def _read_twice(
    gray: np.ndarray, lang: str, timeout: float, vrules: Sequence[Rule], readers: int = 1
) -> list[Word]:
    langs = lang.split("+")
    words = cut_at_rules(ocr_words(gray, langs[0], timeout, scale=OCR_SCALE), vrules)
    h = _word_height(words)
    words = join_wrapped(read_inside(words, h), h, vrules)
    words = grow_garbled(gray, grow_over_left_out(gray, words, h), h)
    words = join_unsure_pieces(words, h, vrules, page_spaces(words, h) if h else [])
    words += missed_boxes(gray, words, h, lambda box: lone_sign_place(words, box, h, vrules))
    digit_w = _digit_width(words)
    picks = [
        i
        for i, w in enumerate(words)
        if w.conf in (PIECE, MISSED)
        or (len(langs) > 1 and doubtful(w))
        or _too_narrow(w, digit_w)
        or (h and w.y1 - w.y0 > TALL * h)  # maybe a wrapped cell's two lines, however sure
        or latin_looking(w.text)  # told by its neighbours once they are read
        or ink_unread(gray, w)
    ]
    if not picks or (len(words) > 50 and len(picks) > len(words) / 2):
        # Nothing to re-read, or a page that reads as garbage (a photo, a page upside
        # down): a second reading would not save it.
        return [w for w in words if w.conf not in (PIECE, MISSED)]
    page_words = [words[i] for i in picks]  # the page's readings, before any choice
    missed = [w for w in page_words if w.conf == MISSED]
    apart = words_blanked(gray, words, FAIRLY_SURE) if missed else None
    # Each language's re-reading is a Tesseract process of its own: with a spare core, they
    # run side by side.
    with ThreadPoolExecutor(max_workers=max(1, min(readers, len(langs)))) as pool:
        reads = list(pool.map(lambda other: reread(gray, page_words, other, timeout, apart), langs))
    crop_words = [
        [own_ink(words, i, ws, h) for i, ws in zip(picks, read, strict=True)] for read in reads
    ]
    on_page = page_spaces(words, h) if h else []
    spaces = [
        least_space(line_spaces(words, words[i], h) or on_page, h) if h else 0.0 for i in picks
    ]
    readings = [[one_reading(ws, sp) for ws, sp in zip(r, spaces, strict=True)] for r in crop_words]
    blank: set[int] = set()
    split: dict[int, list[Word]] = {}
    for k, i in enumerate(picks):
        old = words[i]
        if old.conf == MISSED:
            inside = between_words(words, old, h, vrules)
            closing = not inside and closes_line(words, old, h, vrules)
            split[i] = missed_reading(
                [r[k] for r in crop_words], SURE, between=inside, closing=closing
            )
            if not split[i] and after_word(words, old, h) and not rule_through(old, h, vrules):
                # "SATA III" as a rule's remnant; the W of "MANN W" read "\М/" and "Ww".
                found = stems_numeral(gray, old, h) or ink_w([c[k] for c in crop_words], gray)
                split[i] = [found] if found else []
            continue
        # OCR took a name wrapped on two lines of a cell for one tall word ("а" for
        # "Лента" over "19 мм"): its crop, read alone, gives the lines' words back.
        # Or words set close that the page read run together, signs lost ("20036100" for
        # "200х3,6 (100"): the crop, surer, tells them apart.
        # Where the first reader's crop holds junk ("$50" "1" for "SSD 1": the Russian model
        # has no S), another reader's crop tells the words apart.
        crops = [r[k] for r in crop_words]
        junk = any(JUNK.search(w.text) for w in crops[0])
        # Both readers' crops apart at the same place ("1Р" "16А" and "1P" "16A" for the
        # page's "1Р16А" 73): their agreement is evidence enough, however sure the page.
        agreed = any(apart_alike(crops[0], c, h) for c in crops[1:])
        apart = run_together(old, crops[0], h, spaces[k], agreed=agreed, gray=gray) or any(
            junk and run_together(old, c, h, spaces[k], garbled=True) for c in crops[1:]
        )
        # A Latin word the first reader ran into the word before it ("ААТВб" 85 for "АА LR6",
        # which the English reader read "AA" 93 and "LR6" 90, a word space apart): the
        # other reader's words, the first reader's where it read them at the same place.
        latin_apart = next(
            (
                c
                for c in crops[1:]
                if latin_run_in(crops[0], c) and run_together(old, c, h, spaces[k], garbled=True)
            ),
            None,
        )
        if latin_apart is not None:
            split[i] = split_readings([latin_apart, crops[0]])
            continue
        if wrapped(old, crops[0], h) or apart:
            split[i] = [less_next_stroke(w, old, words, h) for w in split_readings(crops)]
            continue
        own = readings[0][k]
        if old.conf == PIECE:
            if own is None:
                blank.add(i)
                continue
            best, best_score = own, plausibility(own.text, own.conf)
        else:
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
        best = w_for_backslash(best, [r[k] for r in readings])
        best = junk_filled(best, [r[k] for r in readings[1:]])
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
        if best is not old or alts:
            words[i] = Word(best.text, old.x0, old.y0, old.x1, old.y1, best.conf, alts)
    # A word the page read on its own inside a wrapped cell's tall box: one reading.
    blank |= read_once(words, split, {i: w.text for i, w in zip(picks, page_words, strict=True)})
    # A Russian reading in Latin shapes beside a Latin word is the English reader's Latin
    # word, if it read the same shapes surely, or read surely a Latin word the Russian model
    # could not make out; the neighbours are told only now they are read — by what they
    # were read as, or by how the English reader read them.
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
    # A code's letters the page read surely as a Latin word elsewhere ("UTP" of the name
    # "Кабель UTP cat.5e"), where the Russian model read them in look-alikes ("ОТР-5Е");
    # a code the page read surely elsewhere ("LR6-4" in the code column, "ЕВб" in the name).
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
    # A Latin word the page split at a kerned gap ("Mikro" | "Tik"), or a word it split
    # where it doubted the split ("ВА4" | "7-29"): one word.
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

    # Two boxes the page gave one word's ink ("МИКго" and, inside it, "ИК"): one reading.
    blank |= boxes_read_twice(words, picks, page_words)
    blank |= overlapping_halves(words, [i for i in picks if i not in blank | split.keys()])
    out: list[Word] = []
    for i, w in enumerate(words):
        if i in split:
            out.extend(split[i])
        elif i not in blank:
            out.append(w)
    rings = number_sign_rings(out, h)
    # A box's crop may read a neighbour's ink its box reached into, read again there: a
    # wrapped cell's box over the first digit of "SDR 11" below it.
    return read_inside([w for k, w in enumerate(out) if k not in rings], h)
