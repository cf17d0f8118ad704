"""Word boxes a page reading got wrong, put right around the second reading: words cut at
an erased rule, a wrapped cell's lines read as tall words, one word's ink boxed twice, a
word split at a kerned gap or where the page doubted its split, an amount's digit groups
read apart.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from .alphabets import fold, latin_shaped
from .glyphs import INK_LEVEL
from .load import Word, joined
from .parse import digit_groups
from .recognize import Rule
from .spacing import SPACE_MIN, least_space

CROP_PAD = 6  # pixels of paper around a word's box in its crop
PIECE = -1.0  # the confidence of a piece of a word still to be read
TALL = 2.2  # a word box this many times a usual word's height spans two printed lines


def cut_at_rules(words: list[Word], vrules: Sequence[Rule]) -> list[Word]:
    """Words that run across an erased vertical rule ("1шт" over the quantity and unit
    cells, read "1ш") become one empty piece per cell, to be read again from the image."""
    out: list[Word] = []
    for w in words:
        xs = sorted(
            r.pos for r in vrules if w.x0 + 4 < r.pos < w.x1 - 4 and r.start <= w.cy <= r.end
        )
        if not xs:
            out.append(w)
            continue
        # A piece's box stops a crop's padding short of the rule: its crop holds no part of
        # the next cell's letters.
        lefts = [w.x0] + [x + CROP_PAD for x in xs]
        rights = [x - CROP_PAD for x in xs] + [w.x1]
        out.extend(
            Word("", a, w.y0, max(a, b), w.y1, PIECE) for a, b in zip(lefts, rights, strict=True)
        )
    return out


def join_wrapped(words: list[Word], h: float, vrules: Sequence[Rule]) -> list[Word]:
    """Boxes two lines tall side by side on one band — a wrapped cell's lines, which OCR
    read as tall words cut where its guesses ended ("Папка" over "мм, си", "регистратор"
    over "няя") — as one box, so that its crop holds whole words. Not across a rule. A box
    beside a tall one on its band spans the same two lines, however tall it measures
    ("иодная" over "5 м" in a tight sans, beside "Свето" over "лента"); the two may overlap
    a little where OCR cut a letter between them."""
    if not h:
        return words
    order = sorted((i for i, w in enumerate(words) if w.conf != PIECE), key=lambda i: words[i].x0)
    out = list(words)
    gone: set[int] = set()
    for k, i in enumerate(order):
        if i in gone or words[i].y1 - words[i].y0 <= TALL * h:
            continue
        for j in order[k + 1 :]:
            a, b = out[i], words[j]
            if not (abs(a.y0 - b.y0) < h / 2 and abs(a.y1 - b.y1) < h / 2):
                continue
            ruled = any(a.x1 <= r.pos <= b.x0 and r.start <= b.cy <= r.end for r in vrules)
            # Boxes may overlap a little: OCR cut "офисной" | "м2" into two tall boxes
            # through the "с" and the "м".
            if not -h / 2 <= b.x0 - a.x1 < 1.5 * h or ruled:
                break
            out[i] = joined([a, b], f"{a.text} {b.text}")
            gone.add(j)
    return [w for i, w in enumerate(out) if i not in gone]


INSIDE_SLACK = 2.0  # pixels a box read inside another may stand out of it


def read_inside(words: list[Word], h: float) -> list[Word]:
    """The page's words less those Tesseract read twice: a box inside another word's box
    on its line whose reading is a part of that word's ("2,1" inside "62,13", "1" inside
    "3106,50", "-" inside "NB-1556": a row beside a wrapped cell read over again), or any
    box over most of its rows that hangs down into the next line ("щи" of "Поставщик").
    A box two lines tall (a wrapped cell) may hold its lines' words: they are no
    duplicates."""
    order = sorted(range(len(words)), key=lambda k: words[k].x0)
    widest = max((w.x1 - w.x0 for w in words), default=0.0)
    gone: set[int] = set()
    for n, k in enumerate(order):
        inner = words[k]
        for m in range(n - 1, -1, -1):
            outer = words[order[m]]
            if outer.x0 < inner.x0 - widest:
                break
            if (
                outer.x1 - outer.x0 > inner.x1 - inner.x0
                and inner.x1 <= outer.x1 + INSIDE_SLACK
                and (not h or outer.y1 - outer.y0 <= TALL * h)
                and inner.text
                and (
                    (
                        abs(inner.cy - outer.cy) < (outer.y1 - outer.y0) / 2
                        and fold(inner.text) in fold(outer.text)
                    )
                    or _hangs_below(inner, outer)
                )
            ):
                gone.add(k)
                break
    return [w for k, w in enumerate(words) if k not in gone]


HANG = 0.9  # of a word's height: how far below it a box reaching into the next line ends


def _hangs_below(inner: Word, outer: Word) -> bool:
    """Whether `inner` is over most of `outer`'s rows with its box drawn down into the next
    line: `outer`'s ink read again, whatever it was read as ("щи" 78 over the "щи" of a
    label read "Плательник"), and the tail of a letter with it."""
    h = outer.y1 - outer.y0
    shared = min(inner.y1, outer.y1) - max(inner.y0, outer.y0)
    # A line's worth below it (a box merely taller than the word's, a blurred "КПП" beside
    # the ИНН whose box reached over it, is on its line).
    return shared > 0.8 * h and inner.y0 >= outer.y0 - h / 4 and inner.y1 - outer.y1 >= HANG * h


PART_OVERLAP = 0.4  # of a box's width: the least a box reading part of a word overlaps it
INSIDE_LESS_SURE = 15.0  # how much less sure a small box inside a word is than the word


def read_again(word: Word, crop_word: Word) -> bool:
    """Whether a page word is ink another word covers too: on its line, its box much inside
    that word's, its reading a part of that word's; or a small box all inside it
    read far less surely, whatever it read ("je" 67 inside "№24/6" 91: the page boxed
    the № sign's o apart)."""
    ix = word.x_overlap(crop_word)
    width = word.x1 - word.x0
    if not (
        width > 0
        and ix > PART_OVERLAP * width
        and abs(word.cy - crop_word.cy) < max(word.y1 - word.y0, crop_word.y1 - crop_word.y0) / 2
    ):
        return False
    if _part_of(fold(word.text), fold(crop_word.text)):
        # A part of the word's reading: its box may reach past the word's ink ("-LS" boxed
        # over the tail of "ВВГнг-LS" and the paper after it).
        return True
    if ix <= 0.7 * width:
        return False
    return (
        ix >= 0.9 * width
        and width < 0.5 * (crop_word.x1 - crop_word.x0)
        and word.conf + INSIDE_LESS_SURE < crop_word.conf
    )


PART_LETTERS = 5  # a part this long may differ from the word's reading in one letter


def _part_of(part: str, whole: str) -> bool:
    """`part` is a piece of `whole`; a long piece up to one letter read otherwise
    ("оставш" of "Поставщик": a noisy copy's щ lost its tail)."""
    if part in whole:
        return True
    n = len(part)
    return n >= PART_LETTERS and any(
        sum(a != b for a, b in zip(part, whole[k : k + n], strict=True)) <= 1
        for k in range(len(whole) - n + 1)
    )


def boxes_read_twice(words: list[Word], picks: list[int], page_words: list[Word]) -> set[int]:
    """Of two re-read words (indices `picks`, their page readings `page_words`) whose boxes
    hold one word's ink ("МИКго" and, inside it, "ИК"), the one to drop (`read_again`).
    The one inside is judged as sure as the page read it: a crop of a piece of a word reads
    surely what is no word ("ГК" 77 for the page's "ИК" 56 inside "MikroTik" 92)."""

    def as_paged(k: int) -> Word:
        w, page = words[picks[k]], page_words[k]
        return replace(w, conf=min(w.conf, page.conf)) if page.conf >= 0 else w

    gone: set[int] = set()
    for k, i in enumerate(picks):
        for k2 in range(k + 1, len(picks)):
            i2 = picks[k2]
            if read_again(as_paged(k2), words[i]):
                gone.add(i2)
            elif read_again(as_paged(k), words[i2]):
                gone.add(i)
    return gone


SHARED_SIGNS = 3  # letters and digits two readings of overlapping boxes share at least
EDGE_JUNK = "!|[]{}'‘’`\""  # what a box's edge cut from a letter reads as


def overlapping_halves(words: list[Word], picks: list[int]) -> set[int]:
    """Two re-read boxes the page laid over one word's ink, overlapping ("ВВГнг-1" and "Нг5"
    over "ВВГнг-LS"), whose readings overlap too: the first's end is the second's start
    ("ВВГнг-L!" and "‘нг-LS", a cut letter at the joint read as junk). The first becomes
    the word, in place; the second, returned, is dropped."""
    gone: set[int] = set()
    for i in sorted(picks, key=lambda k: words[k].x0):
        a = words[i]
        after = [
            k
            for k in picks
            if k not in gone
            and k != i
            and a.x0 < words[k].x0 < a.x1
            and abs(words[k].cy - a.cy) < (a.y1 - a.y0) / 2
        ]
        if i in gone or not after or not a.text:
            continue
        i2 = min(after, key=lambda k: words[k].x0)
        b = words[i2]
        overlap, narrow = a.x1 - b.x0, min(a.x1 - a.x0, b.x1 - b.x0)
        # As wide as a sign at least ("DF333" over "33DWYE" by one of its five signs'
        # widths), or a good part of the narrower box.
        sign = min((w.x1 - w.x0) / max(1, len(w.text)) for w in (a, b))
        if overlap < min(0.3 * narrow, sign) or not b.text:
            continue
        # Two signs shared will do where the boxes share about two signs' width of ink: the
        # page's boxes grown over a garbled reading's lost letters ("DF333" and "33DWYE").
        least = SHARED_SIGNS - 1 if sign <= overlap <= 2.5 * sign else SHARED_SIGNS
        merged = _overlapping_text(a.text.rstrip(EDGE_JUNK), b.text.lstrip(EDGE_JUNK), least)
        if merged is not None:
            words[i] = replace(joined([a, b], merged), conf=min(a.conf, b.conf))
            gone.add(i2)
    return gone


def _overlapping_text(a: str, b: str, least: int = SHARED_SIGNS) -> str | None:
    """`a` and `b` as one, where `a`'s end is `b`'s start in `least` letters and digits or
    more ("ВВГнг-L" and "нг-LS": "ВВГнг-LS"); None where they do not overlap."""
    for k in range(min(len(a), len(b)), 0, -1):
        if a[-k:] == b[:k]:
            shared = sum(c.isalnum() for c in b[:k])
            return a + b[k:] if shared >= least else None
    return None


def own_ink(words: Sequence[Word], i: int, crop: list[Word], h: float) -> list[Word]:
    """The words a crop of `words[i]` read less those that are its neighbours' ink read
    again: Tesseract's box for a word may reach over the words after it on its line
    ("1691487480" boxed over the "/ КПП" beside it), and its crop then reads them too. A
    crop word is a neighbour's where it sits in the neighbour's box and is no wider, or
    where it is the edge of the line above or below, standing out of the box. A box
    two lines tall (a wrapped cell) keeps all its crop's words: the page's words inside it
    are read again on purpose (`read_once`). Where nothing is left, the crop as it was."""
    me = words[i]
    if h and me.y1 - me.y0 > TALL * h:
        return crop
    others = [
        w
        for j, w in enumerate(words)
        if j != i and w.text and w.x_overlap(me) > 0 and abs(w.cy - me.cy) < (me.y1 - me.y0) / 2
    ]
    keep = [
        c
        for c in crop
        if not _edge_of_next_line(c, me, h)
        and not any(
            o.x0 <= c.cx <= o.x1
            and o.y0 <= c.cy <= o.y1
            and c.x1 - c.x0 <= o.x1 - o.x0 + 2 * CROP_PAD
            for o in others
        )
    ]
    return keep or crop


EDGE_SLACK = 3  # pixels a word's ink may stand out of its own box
EDGE_SHARE = 0.75  # of a word's usual height: a line's edge cut by a crop is shorter


def _edge_of_next_line(c: Word, box: Word, h: float) -> bool:
    """A crop word that stands out of the page box above (or below), lies wholly in its
    upper (or lower) half and is shorter than a word (`h`): the edge of the line above or
    below, which the crop's margin took in ("8", "м" read in the descenders over
    "DF333DWYE" of a wrapped cell). A whole word there is the box's own ink (a header's
    "Код" the box reached half over)."""
    if not h or c.y1 - c.y0 >= EDGE_SHARE * h:
        return False
    above = c.y0 < box.y0 - EDGE_SLACK and c.y1 < box.cy
    below = c.y1 > box.y1 + EDGE_SLACK and c.y0 > box.cy
    return above or below


def read_once(
    words: list[Word], split: dict[int, list[Word]], page_text: dict[int, str]
) -> set[int]:
    """The words (indices) the page read on their own inside a wrapped cell's tall box,
    whose crop's words (`split`) read the same ink again: the "А" of "Антисептик", the
    "ОТР" of "Кабель UTP". One reading is kept: the crop's, or the word's own where it was
    re-read and decided otherwise (its page reading in `page_text`): "UTP" for the crop's
    "ОТР". The crop's words are put right in place. A crop's word that is a piece of a
    wider page word, cut at the crop's edge, is dropped from it instead: the tall box of
    "офисное" reached half into "«Бюрократ»" below it, and its crop read "«Бюрокр:"."""
    gone: set[int] = set()
    cut: set[tuple[int, int]] = set()
    for j, w in enumerate(words):
        if j in split:
            continue
        seen = {w.text, page_text.get(j, w.text)}
        for i, parts in split.items():
            for n, p in enumerate(parts):
                if not any(read_again(replace(w, text=t), p) for t in seen):
                    if p.x1 - p.x0 < w.x1 - w.x0 and read_again(p, w):
                        cut.add((i, n))
                    continue
                gone.add(j)
                if j in page_text and w.text != page_text[j] and fold(p.text) == fold(page_text[j]):
                    parts[n] = Word(w.text, p.x0, p.y0, p.x1, p.y1, w.conf)
    for i, parts in split.items():
        parts[:] = [p for n, p in enumerate(parts) if (i, n) not in cut]
    return gone


def _next_within(a: Word, b: Word, gap: float, h: float) -> bool:
    """`b` follows `a` on its line (`h`: a line's height) less than `gap` after it."""
    return abs(a.cy - b.cy) < h / 2 and 0 <= b.x0 - a.x1 < gap


CROP_OVERLAP = 0.8  # of a page box's width: how much of it a crop's reading of it covers


# Marks a crop's margin adds before a word: a neighbour's edge read as a stop or a comma.
EDGE_MARKS = ".,‚'`"
# A code's digits after its letters, or before them: "6-4" of "LR6-4", split off at a
# kerned gap.
_CODE_DIGITS = re.compile(r"\d[\d/.,-]*")


def ink_gap(gray: np.ndarray, a: Word, b: Word, h: float) -> float | None:
    """The paper between two words of a line as their ink shows it: the run of blank columns
    nearest the middle of their boxes' gap (a page box may cut into its last glyph: "LED-E2"
    boxed to the middle of its 2, 12 pixels from the "7" whose ink is 6 away; or reach past
    its ink into the paper). None where they are no neighbours on one line, or their boxes
    are more than a line's height apart (other words' ink may lie between)."""
    if not h or abs(a.cy - b.cy) >= h / 2 or not 0 <= b.x0 - a.x1 <= h:
        return None
    # The rows both boxes cover: a wrapped cell's tall box reaches over the line above.
    y0, y1 = int(max(a.y0, b.y0)), int(min(a.y1, b.y1)) + 1
    if y1 - y0 < h / 3:
        return None
    x0, x1 = max(0, int(a.x1 - h / 2)), int(b.x0 + h / 2) + 1
    inked = (gray[y0:y1, x0:x1] < INK_LEVEL).any(axis=0)
    mid = (a.x1 + b.x0) / 2 - x0
    runs: list[tuple[int, int]] = []  # blank columns, first and last
    for k, ink in enumerate(inked):
        if ink:
            continue
        if runs and runs[-1][1] == k - 1:
            runs[-1] = (runs[-1][0], k)
        else:
            runs.append((k, k))
    if not runs:
        return 0.0
    first, last = min(runs, key=lambda r: max(r[0] - mid, mid - r[1], 0.0))
    return float(last - first + 1)


def kerned_latin(
    a: Word,
    b: Word,
    a_latin: Word | None,
    b_latin: Word | None,
    h: float,
    gap: float | None = None,
) -> Word | None:
    """Two words a gap narrower than any word space apart, one of them read as a Latin word,
    as the one Latin word they are ("Mikro" and "ТИК", whose English reading is "Tik"), or
    a Latin code's letters and its digits ("LR" and "6-4"): a page reading splits a word at
    a kerned gap, and a word is in one alphabet. `a_latin`,
    `b_latin`: another reader's Latin reading of each, from its crop. None unless both
    have a Latin one. The gap is the page's boxes' or, where both crops were read in
    Latin, the crops' boxes': a page box may leave out a kerned letter's overhang (the
    T's bar of "MikroTik" in Open Sans, 11 pixels from the o on the page, 3 in the crop;
    the L's foot of "Lavazza", its crop's box reaching over the a's), or `gap`, the paper
    between them as the ink shows it (`ink_gap`)."""
    near = _next_within(a, b, SPACE_MIN * h, h) or (gap is not None and gap < SPACE_MIN * h)
    pairs = ((a_latin, a), (b_latin, b))
    covers = [
        alt is not None and alt.x_overlap(page) >= CROP_OVERLAP * (page.x1 - page.x0)
        for alt, page in pairs
    ]
    # The crops' boxes where both were read in Latin and cover their pages' boxes; where one
    # piece was (the "L" of "Lavazza", whose foot the page's box left out), its crop's box
    # beside the other's page box. Kerned, the two may overlap a little.
    if not near and (all(covers) or (covers.count(True) == 1 and None in (a_latin, b_latin))):
        left, right = (
            alt if ok and alt is not None else page
            for (alt, page), ok in zip(pairs, covers, strict=True)
        )
        near = abs(left.cy - right.cy) < h / 2 and -h / 4 <= right.x0 - left.x1 < SPACE_MIN * h
    # Where the ink shows a word space's paper between them, no box says otherwise ("SDR"
    # and "11" of a blurred copy, the crops' boxes grown into the gap).
    if not near or (gap is not None and gap >= SPACE_MIN * h):
        return None
    if not (latin_shaped(a.text) or latin_shaped(b.text)):
        return None
    left = (
        a.text
        if latin_shaped(a.text) or _CODE_DIGITS.fullmatch(a.text)
        else a_latin and a_latin.text
    )
    right = (
        b.text
        if latin_shaped(b.text) or _CODE_DIGITS.fullmatch(b.text)
        else b_latin and b_latin.text
    )
    if not (left and right) or not (latin_shaped(left) or latin_shaped(right)):
        return None
    # The second piece's crop took the first's edge in and read it as a mark (".avazza").
    right = right.lstrip(EDGE_MARKS) or right
    # A crop cut wide reads the letter at the joint twice ("Mi" | "ikroTik", the crops'
    # boxes overlapping over the i).
    crops_overlap = a_latin is not None and b_latin is not None and b_latin.x0 < a_latin.x1
    if crops_overlap and left[-1] == right[0]:
        right = right[1:]
    return joined([a, b], left + right)


UNSURE_SPLIT = 10.0  # a page confidence this low of both pieces: Tesseract doubted its split


def unsure_split(
    a: Word, b: Word, page: tuple[Word, Word], spaces: list[float], h: float
) -> Word | None:
    """Two words closer than any word space on their line (`spaces`), both read by the page
    with next to no confidence (`page`: its readings): one word that Tesseract split inside
    ("ВА4" | "7-29", 3 each, for "ВА47-29"), as the page read its pieces. A crop of the
    second piece has the first's edge in its margin and reads it as a sign ("-7-29")."""
    first, second = page
    if not _next_within(a, b, least_space(spaces, h), h):
        return None
    if not all(0 <= w.conf < UNSURE_SPLIT for w in page):
        return None  # a piece cut at a rule or ink the page missed has no page reading
    return joined([a, b], first.text + second.text)


def join_unsure_pieces(
    words: list[Word], h: float, vrules: Sequence[Rule], spaces: Sequence[float]
) -> list[Word]:
    """Two boxes side by side on a line, closer than a word space on the page (`spaces`:
    its word spaces) or overlapping, both read with next to no confidence: one word the
    page split inside and could not read ("15/160" | "5/512СЬ" for "i5/16Gb/512Gb", "арт"
    | "рилж" for "картридж"), as one box before its crop is read. Read apart, each crop
    holds a slice of the other's edge glyph ("3b/512Gb", "карт."); read whole, the word
    is read as printed. Not across a rule."""
    if not h:
        return words
    least = least_space(list(spaces), h)
    out: list[Word] = []
    for w in words:
        a = out[-1] if out else None
        if (
            a is not None
            and all(0 <= x.conf < UNSURE_SPLIT for x in (a, w))
            and -h / 2 <= w.x0 - a.x1 < least
            and min(a.y1, w.y1) - max(a.y0, w.y0) > min(a.y1 - a.y0, w.y1 - w.y0) / 2
            and not any(
                min(a.x1, w.x0) - 1 <= r.pos <= max(a.x1, w.x0) + 1 and r.start <= w.cy <= r.end
                for r in vrules
            )
        ):
            out[-1] = joined([a, w], a.text + w.text)
        else:
            out.append(w)
    return out


RING_SIGNS = 3  # a number sign's ring read as a word has this many signs at most


def number_sign_rings(words: list[Word], h: float) -> set[int]:
    """The words (indices) that are a number sign's ring and bar read again as a word of
    their own ("о", "о.", "Го’" starting inside the box of "№"): the sign was read whole."""
    signs = [w for w in words if w.text == "№"]
    return {
        k
        for k, w in enumerate(words)
        if 0 < len(w.text) <= RING_SIGNS
        and w.text != "№"
        and any(n.x0 < w.x0 < n.x1 < w.x1 and abs(n.cy - w.cy) < h / 2 for n in signs)
    }


def one_reading(words: list[Word], space: float = 0.0) -> Word | None:
    """A crop's reading as one word; None where it did not read as one. An amount's digit
    groups are one word ("1" "306,00" for a page's "12506,00", its group space read as a
    digit), and so are words on one line closer than `space`, the narrowest word space of
    the page word's line ("i5/16Gb/5" "12Gb": a split no wider than a gap between signs)."""
    if len(words) <= 1:
        return words[0] if words else None
    one_line = max(w.cy for w in words) - min(w.cy for w in words) < (words[0].y1 - words[0].y0) / 2
    if not one_line:
        return None
    ordered = sorted(words, key=lambda w: w.x0)
    close = space > 0 and all(b.x0 - a.x1 < space for a, b in itertools.pairwise(ordered))
    if digit_groups([w.text for w in words]) or close:
        return joined(ordered, "".join(w.text for w in ordered))
    return None
