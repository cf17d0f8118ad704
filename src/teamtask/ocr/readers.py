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
wrapped) and `scripts` (Latin or Cyrillic); `weigh` chooses among a word's readings, word
by word and then by its neighbours.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import numpy as np

from .alphabets import CODE, CODE_START, latin_looking
from .boxes import (
    PIECE,
    TALL,
    boxes_read_twice,
    cut_at_rules,
    join_unsure_pieces,
    join_wrapped,
    number_sign_rings,
    one_reading,
    overlapping_halves,
    own_ink,
    read_inside,
    read_once,
)
from .canvas import ink_unread, reread
from .choose import paper_size
from .digitshapes import correct_digits, d_for_nine, small_ze
from .glyphs import (
    TAILED_ALIKE,
    capitals_read_small,
    first_letter_small,
    restore_case,
    restore_tails,
)
from .load import Word
from .missed import (
    MISSED,
    grow_garbled,
    grow_over_left_out,
    lone_sign_place,
    missed_boxes,
    words_blanked,
)
from .plausible import FAIRLY_SURE, SURE, doubtful
from .recognize import OCR_SCALE, Rule, ocr_words
from .roman import roman_numeral
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
from .weigh import (
    Reread,
    choose_words,
    join_split_words,
    latin_beside_latin,
    latin_seen_elsewhere,
)
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
        code = _code_shaped(w.text)
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


def _code_shaped(text: str) -> bool:
    """A code's reading (letters, a hyphen, digits), or its first part before a line break;
    a code whose С was read "(" too ("(ф-53" for "СФ-53", put right by `parse.canon_code`)."""
    opened = text.removeprefix("(")
    return bool(CODE.match(opened) or CODE_START.fullmatch(opened))


def _stroke_reading(word: Word, h: float) -> bool:
    """A stroke read as a sign or two, unsurely: a seal's ring arc left by the colour's
    removal ("о" 8, 132 pixels wide), a signature's loop. Its box is several signs wide
    for each sign read; or far flatter than any letter or digit is (a rule's remnant
    read "7." 4, two pixels tall, beside a quantity "50")."""
    signs = len(word.text.replace(" ", ""))
    flat = word.y1 - word.y0 < FLAT_SIGN * h and any(c.isalnum() for c in word.text)
    return (
        bool(h)
        and 0 < signs <= STROKE_SIGNS
        and 0 <= word.conf < STROKE_CONF
        and (word.x1 - word.x0 > STROKE_WIDTH * h * signs or flat)
    )


FLAT_SIGN = 0.25  # of a usual word's height: no letter or digit is printed flatter


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
    """The page read by the first language; its doubtful words read again from their crops
    by every language, the readings chosen among word by word, then by their neighbours."""
    langs = lang.split("+")
    words, h = _first_reading(gray, langs[0], timeout, vrules)
    picks = _picks(gray, words, langs, h)
    if not picks or (len(words) > 50 and len(picks) > len(words) / 2):
        # Nothing to re-read, or a page that reads as garbage (a photo, a page upside
        # down): a second reading would not save it.
        return [w for w in words if w.conf not in (PIECE, MISSED)]
    page_words = [words[i] for i in picks]  # the page's readings, before any choice
    crop_words = _reread_picks(gray, words, picks, page_words, langs, timeout, h, readers)
    spaces = _pick_spaces(words, picks, h)
    readings = [[one_reading(ws, sp) for ws, sp in zip(r, spaces, strict=True)] for r in crop_words]
    blank, split = choose_words(gray, words, picks, langs, crop_words, readings, spaces, h, vrules)
    # A word the page read on its own inside a wrapped cell's tall box: one reading.
    blank |= read_once(words, split, {i: w.text for i, w in zip(picks, page_words, strict=True)})
    reread = Reread(gray, words, picks, page_words, readings, split, blank, h)
    latin_beside_latin(reread)
    latin_seen_elsewhere(reread)
    join_split_words(reread)
    # Two boxes the page gave one word's ink ("МИКго" and, inside it, "ИК"): one reading.
    blank |= boxes_read_twice(words, picks, page_words)
    blank |= overlapping_halves(words, [i for i in picks if i not in blank | split.keys()])
    return _put_together(words, split, blank, h)


def _first_reading(
    gray: np.ndarray, lang: str, timeout: float, vrules: Sequence[Rule]
) -> tuple[list[Word], float]:
    """The page's words as `lang` reads them, with a sure word's usual height: cut at the
    ruling lines (`cut_at_rules`), less boxes read twice (`read_inside`), a wrapped cell's
    lines as one box (`join_wrapped`), boxes grown over letters they left out, unsure
    pieces of one word as one (`join_unsure_pieces`), and boxes (confidence MISSED) of ink
    the reading passed over (`missed_boxes`)."""
    words = cut_at_rules(ocr_words(gray, lang, timeout, scale=OCR_SCALE), vrules)
    h = _word_height(words)
    words = join_wrapped(read_inside(words, h), h, vrules)
    words = grow_garbled(gray, grow_over_left_out(gray, words, h), h)
    words = join_unsure_pieces(words, h, vrules, page_spaces(words, h) if h else [])
    words += missed_boxes(gray, words, h, lambda box: lone_sign_place(words, box, h, vrules))
    return words, h


def _picks(gray: np.ndarray, words: list[Word], langs: list[str], h: float) -> list[int]:
    """The words (indices) to read again: pieces and passed-over ink, doubtful words where
    another language may read them, numbers too narrow for their digits, boxes taller than
    a line, words that look Latin and short words with more glyphs than signs read."""
    digit_w = _digit_width(words)
    return [
        i
        for i, w in enumerate(words)
        if w.conf in (PIECE, MISSED)
        or (len(langs) > 1 and doubtful(w))
        or _too_narrow(w, digit_w)
        or (h and w.y1 - w.y0 > TALL * h)  # maybe a wrapped cell's two lines, however sure
        or latin_looking(w.text)  # told by its neighbours once they are read
        or ink_unread(gray, w)
    ]


def _reread_picks(
    gray: np.ndarray,
    words: list[Word],
    picks: list[int],
    page_words: list[Word],
    langs: list[str],
    timeout: float,
    h: float,
    readers: int,
) -> list[list[list[Word]]]:
    """Each language's words in each pick's crop (`page_words`: the picks' page readings),
    less its neighbours' ink the crop read again (`own_ink`); passed-over ink is read from
    the page with its surely read words painted paper (`words_blanked`)."""
    missed = [w for w in page_words if w.conf == MISSED]
    apart = words_blanked(gray, words, FAIRLY_SURE) if missed else None
    # Each language's re-reading is a Tesseract process of its own: with a spare core, they
    # run side by side.
    with ThreadPoolExecutor(max_workers=max(1, min(readers, len(langs)))) as pool:
        reads = list(pool.map(lambda other: reread(gray, page_words, other, timeout, apart), langs))
    return [[own_ink(words, i, ws, h) for i, ws in zip(picks, read, strict=True)] for read in reads]


def _pick_spaces(words: list[Word], picks: list[int], h: float) -> list[float]:
    """The narrowest word space of each pick's line (the page's where its line has none; 0
    without a word height): a crop's words closer than it are one word (`one_reading`)."""
    on_page = page_spaces(words, h) if h else []
    return [least_space(line_spaces(words, words[i], h) or on_page, h) if h else 0.0 for i in picks]


def _put_together(
    words: list[Word], split: dict[int, list[Word]], blank: set[int], h: float
) -> list[Word]:
    """The page's words in order, a split word as its crop's words (`split`), less those
    dropped (`blank`) and a number sign's ring read again as a word (`number_sign_rings`)."""
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
