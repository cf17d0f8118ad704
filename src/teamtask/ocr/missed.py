"""Print the page reading passed over: ink that no word's box covers, to be read again.

Tesseract reads a page as one block of uniform lines (`--psm 6`). The second line of a
name wrapped in a narrow cell, set closer than the page's line spacing, then sometimes
comes back as nothing at all ("лента 5 м" under "Светодиодная"). Ink left uncovered by
every word box, in blobs of a text line's height, is where such words are; their crops
are read like the pieces of words cut at ruling lines.

Or a word's reading holds a sign its box leaves out: "ммх" over the ink of "мм", the "х"
beyond it; "1418" over "1 41", the 8 beside it. The box grows over that ink, so that what
is measured or read again in the box (a space, a crop) is the reading's whole ink. So does
the box of a garbled reading over the letters its box cut off ("ое" 21 over the "абел" of
"Кабель", its К and ь left out): it is read again, and its crop should hold the word.

Where such ink sits tells a name's lone sign from a rule's remnant or a seal's letter:
between two words of a line, or closing a line in its cell, after a word.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

import numpy as np

from .alphabets import LATIN_WORD_SURE, ONLY_CYRILLIC, ONLY_LATIN
from .components import bounds, components
from .glyphs import Glyph, glyph_boxes, slanted_sides, word_crop
from .load import Word
from .parse import fold_lookalikes
from .recognize import Rule, reduce_any
from .spacing import is_number

MISSED = -2.0  # the confidence of a box of ink the page reading passed over
SCALE = 4  # blobs are found at a quarter of the page's resolution: a few thousand runs
MARGIN = 3  # pixels around a word's box that count as the word's own
REACH = 0.8  # of a line's height: the widest gap between a word and a sign of it left out
SIGN_LEAST = 0.3  # of a line's height: a sign left out is no smaller (not a speck)
GARBLED = 50.0  # a reading less sure than this tells nothing of the signs its ink has
LETTER_GAP = 0.3  # of a line's height: a gap narrower is between letters (spacing.SPACE_MIN)
LINE_TALL = 1.5  # of a line's height: a garbled word's box no taller is a line's word
BAND_SLACK = 0.25  # of a line's height: how far out of a word's rows its letters may reach
MISSED_SURE = 60.0  # how sure a word read in ink the page reading passed over must be
LABELS = {"БИК", "ИНН", "КПП", "ОГРН", "ОКПО", "Р/С", "К/С", "СЧ", "ИНН/КПП"}  # requisites


def _uncovered(gray: np.ndarray, words: list[Word]) -> np.ndarray:
    """Ink no word's box (with a margin) covers."""
    ink = gray < 128
    covered = np.zeros_like(ink)
    for w in words:
        y0, x0 = max(0, int(w.y0) - MARGIN), max(0, int(w.x0) - MARGIN)
        covered[y0 : int(w.y1) + MARGIN + 1, x0 : int(w.x1) + MARGIN + 1] = True
    return ink & ~covered


NARROWEST = 0.4  # of a line's height: a passed-over sign between words is no narrower


def missed_boxes(
    gray: np.ndarray,
    words: list[Word],
    line_h: float,
    lone_sign: Callable[[Word], bool] | None = None,
) -> list[Word]:
    """Boxes (empty words, confidence MISSED) of uncovered ink shaped like a line of print:
    a text line's height (not a signature's loops, not a speck) and a word's width at least,
    or a sign's where `lone_sign` says such a box sits where a sign may ("Кофе в зернах",
    "Lavazza 1 кг": the wrapped line's lone signs passed over). A box is its ink's where the
    coarse blob's reaches into a word the page read: a crop of it reads a piece of that
    word ("вз" 29); elsewhere the blob's, whose crop reads the ink's word with what its
    letters run on into ("SDR 11").
    `line_h` is a sure word's usual height on the page."""
    if line_h <= 0 or not words:
        return []
    left = _uncovered(gray, words)
    small = reduce_any(left, SCALE)
    # Letters of a word and words of a line join across gaps narrower than half a line.
    joined = small.copy()
    for shift in range(1, max(1, int(line_h / 2 / SCALE)) + 1):
        joined[:, shift:] |= small[:, :-shift]
    boxes: list[Word] = []
    for comp in components(joined):
        box = bounds(comp)
        y0, y1 = box.top * SCALE, (box.bottom + 1) * SCALE
        x0, x1 = box.left * SCALE, (box.right + 1) * SCALE
        height, width = y1 - y0, x1 - x0
        if not 0.5 * line_h <= height <= 1.6 * line_h or width < NARROWEST * line_h:
            continue
        ink = left[y0:y1, x0:x1]
        if ink.mean() < 0.04:
            continue  # a scatter of specks, not print
        rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
        tight = Word(
            "",
            float(x0 + cols[0]),
            float(y0 + rows[0]),
            float(x0 + cols[-1] + 1),
            float(y0 + rows[-1] + 1),
            MISSED,
        )
        coarse = Word("", float(x0), float(y0), float(x1), float(y1), MISSED)
        if width < line_h:
            if lone_sign is not None and lone_sign(tight):
                boxes.append(tight)
        elif any(_overlap(coarse, w) > 0 and abs(w.cy - coarse.cy) < line_h / 2 for w in words):
            # The coarse blob reaches into a word the page read: a crop of it would read a
            # piece of that word too ("вз" 29 for the "в" before "зернах"). The ink's box.
            boxes.append(tight)
        else:
            boxes.append(coarse)
    return boxes


def grow_over_left_out(gray: np.ndarray, words: list[Word], line_h: float) -> list[Word]:
    """The words with boxes grown over signs of their reading the box left out: uncovered
    ink beside the word, on one side only, within a word space, of a sign's size, and as
    many glyphs as the reading has signs more than its box holds (so touching letters,
    which make a box hold fewer glyphs than signs, grow over nothing: nothing is there)."""
    if line_h <= 0 or not words:
        return words
    left = _uncovered(gray, words)
    reach = int(REACH * line_h)
    out = list(words)
    for i, w in enumerate(words):
        if not w.text or w.conf < 0:  # a piece or a box still to be read
            continue
        y0, y1, x0, x1 = int(w.y0), int(w.y1) + 1, int(w.x0), int(w.x1)
        right = left[y0:y1, x1 + 1 : x1 + 1 + reach + MARGIN].any()
        if right == left[y0:y1, max(0, x0 - reach - MARGIN) : max(0, x0)].any():
            continue  # nothing beside it, or ink on both sides
        signs = sum(not c.isspace() for c in w.text)
        missing = signs - len(glyph_boxes(word_crop(gray, w)))
        if missing <= 0:
            continue
        # Wide enough for the signs left out and the paper after them; measured outwards
        # from the box's edge (the strip before the box is mirrored).
        width = reach + MARGIN + int(missing * 1.5 * line_h)
        if right:
            outward = left[y0:y1, x1 + 1 : x1 + 1 + width]
        else:
            outward = left[y0:y1, max(0, x0 - width) : max(0, x0)][:, ::-1]
        grown = _reach(glyph_boxes(np.where(outward, 0, 255).astype(np.uint8)), line_h)
        if grown is None or grown[0] != missing:
            continue
        out[i] = (
            replace(w, x1=float(x1 + 1 + grown[1]))
            if right
            else replace(w, x0=float(x0 - grown[1]))
        )
    return out


def grow_garbled(gray: np.ndarray, words: list[Word], line_h: float) -> list[Word]:
    """The words read unsurely (a garbled reading), with boxes grown over uncovered letters
    right beside them, on either side, closer than a word space: letters the page's box
    cut off a word whose reading is no guide to its signs."""
    if line_h <= 0 or not words:
        return words
    left = _uncovered(gray, words)
    width = int(LETTER_GAP * line_h) + MARGIN + int(2 * line_h)
    pad = int(line_h)
    out = list(words)
    for i, w in enumerate(words):
        if not w.text or not 0 <= w.conf < GARBLED or w.y1 - w.y0 > LINE_TALL * line_h:
            continue  # a sure reading, or a tall box (a signature read as junk)
        y0, y1, x0, x1 = int(w.y0), int(w.y1) + 1, int(w.x0), int(w.x1)
        top = max(0, y0 - pad)
        # A line's height above and below too: a pen's stroke beside the word reaches out
        # of its line, a letter does not.
        after = left[top : y1 + pad, x1 + 1 : x1 + 1 + width]
        before = left[top : y1 + pad, max(0, x0 - width) : max(0, x0)][:, ::-1]
        band = (y0 - top - BAND_SLACK * line_h, y1 - top + BAND_SLACK * line_h)
        right, leftward = (_letters_beside(strip, band, line_h) for strip in (after, before))
        if right or leftward:
            out[i] = replace(w, x0=float(x0 - leftward), x1=float(x1 + 1 + right if right else x1))
    return out


def _letters_beside(strip: np.ndarray, band: tuple[float, float], line_h: float) -> int:
    """How far letters reach out into `strip` (uncovered ink beside a word, measured from
    its edge outwards), each closer than a word space to the one before; 0 where one of
    them leaves the word's band of rows (a pen's stroke) or is a speck."""
    glyphs = glyph_boxes(np.where(strip, 0, 255).astype(np.uint8))
    near = _reach(glyphs, line_h, LETTER_GAP)
    if near is None or not near[0]:
        return 0
    if any(g.top < band[0] or g.bottom > band[1] for g in glyphs if g.x1 < near[1]):
        return 0
    return near[1]


def _reach(glyphs: list[Glyph], line_h: float, gap: float = REACH) -> tuple[int, int] | None:
    """The glyphs (measured from a box's edge outwards) that follow on from it, each
    within `gap` (a share of the line's height: a word space) of the one before: how many,
    and how far they reach; None where one of them is too small to be a sign."""
    edge, count = 0, 0
    for g in sorted(glyphs):
        if g.x0 - edge > gap * line_h:
            break
        if g.bottom - g.top + 1 < SIGN_LEAST * line_h:
            return None
        edge, count = max(edge, g.x1 + 1), count + 1
    return count, edge


def missed_reading(
    crops: list[list[Word]], sure: float, *, between: bool = False, closing: bool = False
) -> list[Word]:
    """What a box of ink the page reading passed over holds, from each reader's words in its
    crop (the first reader's first): print only if the first reads it surely and as more
    than a stray syllable (a label's piece, a seal's letter); or as a short code read as
    surely as a page word that stands (`sure`: an article "А4", a number sign "№" before
    "24/6", which the page read as "о" beside its box, a requisites label "БИК"); or as a
    lone number all
    readers read alike, one of them that surely (a quantity "3" set close to its cell's
    rule: 53 in Russian, 96 in English) — not ones alone, which a rule's remnant reads as.
    A letter only Latin has, read surely, a word space after the line's last word
    (`closing`): a name's last sign ("размер L" at its wide cell's end). Nothing otherwise."""
    first = _latin_words(
        [w for w in crops[0] if w.conf >= MISSED_SURE], [w for ws in crops[1:] for w in ws]
    )
    if sum(c.isalnum() for w in first for c in w.text) >= 4:
        return first
    one_sign = len(first) == 1 and (_letters_and_digits(first[0].text) or first[0].text == "№")
    if one_sign and first[0].conf >= sure:
        return first
    # A requisites label is no stray syllable: "БИК" beside the БИК the page passed over too.
    if first and all(w.text.strip(".:;").upper() in LABELS and w.conf >= sure for w in first):
        return first
    if any(len(ws) != 1 for ws in crops):
        return []
    # A lone sign in a line of text (`between`): a name's own number or letter ("розеток,
    # 3 м", "MANN W 712/75"), as `_lone_sign` tells it.
    if between:
        lone = _lone_sign([ws[0] for ws in crops], sure)
        if lone is not None:
            return [lone]
    if closing:
        lone = _lone_sign([ws[0] for ws in crops], sure)
        if lone is not None and lone.text in ONLY_LATIN and lone.conf >= sure:
            return [lone]
    if len({ws[0].text for ws in crops}) != 1:
        return []
    text = crops[0][0].text
    if not is_number(text) or set(text) <= {"1", ".", ","}:
        return []
    best = max((ws[0] for ws in crops), key=lambda w: w.conf)
    return [best] if best.conf >= sure else []


def _latin_words(first: list[Word], others: list[Word]) -> list[Word]:
    """The first reader's words, where another reader read a Latin word surely at the same
    place, in letters only Latin has, over one with no letter only Cyrillic has ("MANN" 91
    where the Russian model read "МАММ" 89): that Latin word; and a Latin word read so
    beside one of them where the first reader read nothing surely ("W" 88 of "MANN W",
    "SDR" 96 before "11", where the Russian model read "ОК" 0). A Latin code with a digit
    too: "LR6" 91, which the Russian model read in the shapes it has for L, R and 6 ("ЕВб"
    69)."""
    latin = [
        w
        for w in others
        if w.text.isalnum()
        and w.text.isascii()
        and any(c in ONLY_LATIN for c in w.text.upper())
        and w.conf >= LATIN_WORD_SURE
    ]
    out = list(first)
    for alt in latin:
        at = [k for k, w in enumerate(out) if _overlap(w, alt) > 0.5]
        if len(at) == 1:
            k = at[0]
            mine = out[k]
            if not any(c in ONLY_CYRILLIC for c in mine.text) and alt.conf >= mine.conf:
                out[k] = alt
        elif not at and alt.text.isalpha():
            k = next((k for k, w in enumerate(out) if _beside(w, alt)), None)
            if k is not None:
                out.insert(k + (alt.x0 > out[k].x0), alt)
    return out


def _overlap(a: Word, b: Word) -> float:
    """How much of the narrower box the two boxes share, across."""
    shared = min(a.x1, b.x1) - max(a.x0, b.x0)
    return max(0.0, shared) / max(1.0, min(a.x1 - a.x0, b.x1 - b.x0))


def _beside(a: Word, b: Word) -> bool:
    """Two words on one line, a word space or so apart."""
    h = max(a.y1 - a.y0, b.y1 - b.y0)
    return abs(a.cy - b.cy) < h / 2 and min(abs(b.x0 - a.x1), abs(a.x0 - b.x1)) < h


def _lone_sign(readings: list[Word], sure: float) -> Word | None:
    """One letter or digit as the readers read it (the first reader's first): every reader
    alike and one surely, or a digit read surely where they read different digits, or a
    letter only the Latin alphabet has, read fairly surely by the other reader where the
    first could not ("W" 70 where the Russian model read "м" 25)."""
    signs = {fold_lookalikes(w.text) for w in readings}
    if any(len(w.text) != 1 or not w.text.isalnum() for w in readings[:1]):
        return None
    best = max(readings, key=lambda w: w.conf)
    if len(signs) == 1 and best.conf >= sure:
        # Alike but for case or alphabet ("в" 78, "B" 93): the first reader's letter, the
        # page's own alphabet and case (the English model reads a small в as a capital B).
        return replace(best, text=readings[0].text)
    # Digits read differently (the Russian model's 5 for a 3: "5" 83, "3" 91): the surest,
    # read surely; the ink tells a 3 from a 5 after (digitshapes). Not a 1: a rule's remnant.
    if all(w.text.isdigit() for w in readings) and best.conf >= sure and best.text != "1":
        return best
    first, others = readings[0], readings[1:]
    latin = [w for w in others if len(w.text) == 1 and w.text in ONLY_LATIN and w.conf > first.conf]
    return latin[0] if latin and latin[0].conf >= MISSED_SURE else None


def _letters_and_digits(text: str) -> bool:
    return any(c.isalpha() for c in text) and any(c.isdigit() for c in text)


def words_blanked(gray: np.ndarray, words: list[Word], sure: float) -> np.ndarray:
    """The page with the boxes of the words it read surely (`sure`) painted paper: what is
    left is ink the page reading passed over (an unsure reading beside it may be a piece of
    its glyph: the ring of a "№" read "о.")."""
    out = gray.copy()
    for w in words:
        if w.conf >= sure:
            out[max(0, int(w.y0)) : int(w.y1) + 1, max(0, int(w.x0)) : int(w.x1) + 1] = 255
    return out


BETWEEN_REACH = 2.0  # of a word's height: how far a word on either side of passed-over ink is


def between_words(words: list[Word], box: Word, h: float, vrules: Sequence[Rule]) -> bool:
    """Whether passed-over ink sits in a line of text: a word close before it, and a word
    or the cell's ruling line close after it, no rule through it — a sign of a name
    ("MANN W 712/75", "размер L" at its cell's end), not a rule's remnant or a seal's
    letter."""
    if not h or rule_through(box, h, vrules):
        return False
    reach, slack = BETWEEN_REACH * h, h / 2
    line = _line_of(words, box, h)
    right = any(-slack <= w.x0 - box.x1 < reach for w in line) or any(
        0 <= r.pos - box.x1 < reach and r.start <= box.cy <= r.end for r in vrules
    )
    return after_word(words, box, h) and right


SIGN_SPACE = 0.2  # of a word's height: a lone sign stands at least this far from its words


def lone_sign_place(words: list[Word], box: Word, h: float, vrules: Sequence[Rule]) -> bool:
    """Whether passed-over ink narrower than a word may be a lone sign of a line ("Кофе в
    зернах"): between words, a space apart from each. Ink that touches a word's box is
    the rest of that word's glyph the box cut ("MANN W", the W's right half read "V")."""
    spaced = all(
        max(w.x0 - box.x1, box.x0 - w.x1) >= SIGN_SPACE * h for w in _line_of(words, box, h)
    )
    return spaced and between_words(words, box, h, vrules)


LETTER_LOW, LETTER_HIGH = 0.6, 1.1  # of a word's height: a capital or a digit on its line
LINE_CELL_REACH = 4.0  # of a word's height: how far a line's cell reaches where no rule ends it


def closes_line(words: list[Word], box: Word, h: float, vrules: Sequence[Rule]) -> bool:
    """Whether passed-over ink is one sign closing its line: after a word, no word after
    it in its cell (up to the next rule, or a few words' heights), as tall as a capital and
    about as wide, no rule through it ("размер L" at the end of a wide cell)."""
    if not h or rule_through(box, h, vrules) or not after_word(words, box, h):
        return False
    tall = box.y1 - box.y0
    end = min(
        (r.pos for r in vrules if r.pos > box.x1 and r.start <= box.cy <= r.end),
        default=box.x1 + LINE_CELL_REACH * h,
    )
    later = any(box.x1 < w.x0 < end for w in _line_of(words, box, h))
    # (A passed-over box is found at a quarter of the resolution: a little wider than its ink.)
    narrow = box.x1 - box.x0 <= 1.5 * tall
    return LETTER_LOW * h <= tall <= LETTER_HIGH * h and narrow and not later


def ink_w(crops: list[list[Word]], gray: np.ndarray) -> Word | None:
    """A W in passed-over ink, from each reader's words in its crop (the first reader's
    first): the English reader read W's there ("Ww" 77, one W read twice), fairly surely,
    and the ink is one glyph whose sides slant (`glyphs.slanted_sides`)."""
    english = [w for read in crops[1:] for w in read]
    if len(english) != 1 or set(english[0].text.upper()) != {"W"}:
        return None
    w = english[0]  # its box: the passed-over box, found coarsely, may reach the next word
    if w.conf < MISSED_SURE or not slanted_sides(gray, w):
        return None
    return replace(w, text="W")


def rule_through(box: Word, h: float, vrules: Sequence[Rule]) -> bool:
    """Whether a vertical rule runs through a box (`h`: a word's height on the page)."""
    return any(abs(r.pos - box.cx) < h and r.start <= box.cy <= r.end for r in vrules)


def _line_of(words: list[Word], box: Word, h: float) -> list[Word]:
    return [w for w in words if w.conf >= 0 and abs(w.cy - box.cy) < h / 2]


def after_word(words: list[Word], box: Word, h: float) -> bool:
    """Whether a word of the page ends close before passed-over ink, on its line."""
    return bool(h) and any(
        -h / 2 <= box.x0 - w.x1 < BETWEEN_REACH * h for w in _line_of(words, box, h)
    )
