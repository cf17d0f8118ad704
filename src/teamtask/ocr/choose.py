"""Which reading of a word stands: the page's, its crop's, or another reader's of the same
ink. The first reader's crop replaces the page's reading only where it is far surer or has
what the page lost; another reader's only with evidence of its own (a letter only its
alphabet has, a Latin word's shape, digits the ink shows, a far surer reading). And the
small repairs a reading gets from the others' (a W for a backslash, a letter for a junk
sign) or from the ink (a paper size's 4 read Д).

Apart from `readers`, which chooses what to read again and puts the page back together:
these rules weigh readings of one word's ink against each other, and nothing else.
"""

from __future__ import annotations

import re
from dataclasses import replace

import numpy as np

from .alphabets import (
    CODE,
    JUNK,
    LATIN_WORD_SURE,
    ONLY_LATIN,
    cyrillic_code,
    english_spelling,
    fold,
    has_own_letters,
    latin_shaped,
    letters_of,
    transliterated,
)
from .digitshapes import d_for_digit
from .glyphs import LATIN_TAILED, TAILED, glyph_spans, latin_feet, latin_s, word_crop
from .load import Word
from .parse import LOOKALIKE_TO_LATIN, LOOKALIKES
from .plausible import FAIRLY_SURE, SURE, plausibility
from .spacing import is_size

DIGITS_MARGIN = 30.0  # how much surer another reader must be to put digits for letters
SIZE_SURE = 80.0  # how sure another reader must be of a size it read where letters were
LATIN_WORD_MARGIN = 25.0  # how much surer the Latin reading of a Latin word must be
LATIN_SHAPE_SLACK = 10.0  # how much less sure a Latin-shaped word may be than look-alikes
EVIDENCE_MARGIN = 5.0  # how much surer another reader with evidence of its own must be


def extends(longer: str, shorter: str) -> bool:
    """The crop found characters the page's reading lost ("к" → "кг", "224" → "А-224")."""
    a, b = fold(longer).strip(".,:;"), fold(shorter).strip(".,:;")
    return len(a) > len(b) > 0 and b in a and any(c.isalnum() for c in a.replace(b, "", 1))


def number_sign(first: str, alt: Word) -> Word:
    """The English reader's word with its spelling of "№", which it lacks ("N2", "No"),
    put back where the first reader read one ("N224/6" for "№24/6"). An N alone is one
    only before a number: "NB-1556" is a code, whatever the page read ("№В-1556")."""
    extra = len(alt.text) - len(first)
    alone = extra == 0 and alt.text[1:2].isdigit()
    if first.startswith("№") and alt.text.startswith("N") and (extra == 1 or alone):
        return replace(alt, text="№" + alt.text[extra + 1 :])
    return alt


def _alternatives(word: Word) -> list[tuple[Word, float]]:
    """Another reader's word as read, and as a Cyrillic code when it may be one (a spelling
    made up from a reading is trusted a little less)."""
    out = [(word, 0.0)]
    cyr = cyrillic_code(word.text)
    if cyr is not None:
        out.append((Word(cyr, word.x0, word.y0, word.x1, word.y1, word.conf), 5.0))
    return out


_EDGE_SIGNS = ".,:;'`’"


def speck_at_edge(crop: str, page: str) -> bool:
    """The crop's reading is the page's with a sign added at an end: a speck in the crop's
    margin, as a word's own sign is in its box (a speck read as a comma)."""
    return crop != page and page != "" and crop.strip(_EDGE_SIGNS) == page


_BRACKETS = str.maketrans("", "", "()[]")


def brackets_lost(crop: str, page: str) -> bool:
    """The crop's reading is the page's less a bracket or two."""
    return len(crop) < len(page) and crop.translate(_BRACKETS) == page.translate(_BRACKETS)


def one_apart(a: str, b: str) -> bool:
    """Two readings of one length that differ in one letter ("кюд" and "код")."""
    a, b = fold(a), fold(b)
    return len(a) == len(b) >= 3 and sum(x != y for x, y in zip(a, b, strict=True)) == 1


def same_signs(a: str, b: str) -> bool:
    """The same letters and digits, other punctuation ("521.1" and "5211")."""
    return [c for c in fold(a) if c.isalnum()] == [c for c in fold(b) if c.isalnum()]


def _digits_for_letters(first: str, alt: str) -> bool:
    """The same reading but for digits where the first had letters ("Ад," and "A4,"): a
    size or a model number (two letters at most) the first reader took for a word."""
    if len(first) != len(alt) or first == alt or len(letters_of(alt)) > 2:
        return False  # a word with a digit inside ("Тру6а") is no size or model number
    for a, b in zip(fold(first), fold(alt), strict=True):
        if a != b and not (a.isalpha() and b.isdigit()):
            return False
    return True


def _no_tail(gray: np.ndarray, word: Word, first: str, alt: str) -> bool:
    """Every letter of `first` that `alt` reads as a digit has a tail below the line in its
    shape, and the glyph printed there has none."""
    tails = _tails_where_read_apart(gray, word, first, alt)
    return tails is not None and not any(tails)


def _tail_kept(gray: np.ndarray, word: Word, first: str, alt: str) -> bool:
    """Where `alt` reads a letter of `first` with a tail below the line in its shape as one
    without, the glyph printed there has the tail: the Russian model's "Ц-500" over the
    English one's "U-500", its "ПНД-32" over "NHA-32" (the other letters may differ)."""
    tails = _tails_where_read_apart(gray, word, first, alt, only_tailed=True)
    return tails is not None and all(tails)


def _tails_where_read_apart(
    gray: np.ndarray, word: Word, first: str, alt: str, *, only_tailed: bool = False
) -> list[bool] | None:
    """Whether each glyph where `alt` reads `first`'s letter otherwise reaches below the
    line; None unless every such letter of `first` has a tail (Д, Ц, Щ…) and `alt`'s has
    none, the readings are as long as each other and the ink has a glyph per sign. With
    `only_tailed`, the places where `first` has such a letter and `alt` one without, other
    letters read apart left out (None where there is no such place)."""
    if len(first) != len(alt):
        return None
    diffs = [k for k, (a, b) in enumerate(zip(fold(first), fold(alt), strict=True)) if a != b]
    tailed = [k for k in diffs if first[k] in TAILED and alt[k] not in TAILED | LATIN_TAILED]
    if only_tailed:
        diffs = tailed
    if not diffs or diffs != tailed:
        return None
    spans = glyph_spans(word_crop(gray, word))
    if len(spans) != len(first):
        return None
    on_line = [spans[k] for k, c in enumerate(first) if c.isalnum() and c not in TAILED]
    if not on_line:
        return None
    baseline = float(np.median([bottom for _, bottom in on_line]))
    size = max(1.0, baseline - min(top for top, _ in on_line))
    return [spans[k][1] - baseline >= 0.1 * size for k in diffs]


_PAPER = re.compile(r"[АВСABC]Д[,.;]?")


def paper_size(gray: np.ndarray, word: Word) -> str:
    """A paper size's 4 read as Д by every reader ("АД," for "А4,": Russian "АД", English
    "AA"): a Д has a tail below the line, the 4 printed there has none."""
    text = word.text
    if not _PAPER.fullmatch(text):
        return text
    four = text.replace("Д", "4")
    return four if _no_tail(gray, word, text, four) else text


def _may_replace(first: str, alt: str) -> bool:
    """Another reader's word replaces the first reader's only with evidence of its own: a
    letter its alphabet alone has (in a Latin word, a lower-case letter no Cyrillic one is
    shaped like: "hAP" for "ВАР"), unless the word is the first one letter for letter as
    the English model reads Cyrillic ("Kpacka" for "Краска", "Nanka" for "Папка"); or the
    same letters (a digit or a sign read better; a code's capitals the first read small),
    or look-alike letters where the first reader saw none (57%3,5 → 57x3,5)."""
    if (has_own_letters(alt) or latin_shaped(alt)) and not transliterated(first, alt):
        return True
    a, b = letters_of(first), letters_of(alt)
    # The same letters, in look-alike shapes of either case: not к for k, which fold alike.
    if a.translate(LOOKALIKE_TO_LATIN).lower() == b.translate(LOOKALIKE_TO_LATIN).lower():
        return True
    # A code in capitals read in lower case, its hyphen lost ("ск200" for "CK-200"): к is a
    # small K, where k is shaped like no Cyrillic letter.
    if CODE.match(alt) and b.isupper() and fold(a) == fold(b):
        return True
    return not a and all(c in LOOKALIKES for c in b)


def with_evidence(best: Word, best_score: float, alt: Word, score: float) -> bool:
    """Another reader's reading, with evidence of its own (`_may_replace`), a little surer."""
    return score > best_score + EVIDENCE_MARGIN and _may_replace(best.text, alt.text)


def _latin_word(first: str, word: Word, score: float, best_score: float) -> bool:
    """A word of three Latin letters or more that the English reader read sure and far
    surer than the first: a brand or a model inside a Russian name ("MikroTik", "cat.5e"),
    which the Russian model spells in the Cyrillic letters it has ("МигоТИК", "са{.5е").
    Where the first reading is in look-alike letters only ("ВАР" for "hAP") it made no
    claim of its own, and unless the English reading is it letter for letter as that model
    reads Cyrillic ("Kpacka" for "КРАСКА": к is read k) it may even be a little less sure.

    It must hold a letter no Cyrillic letter is printed like: the English model spells a
    Russian word it cannot read in look-alikes, and sure of itself ("ВВГнг" → "BBIHr")."""
    lookalikes = all(c in LOOKALIKES for c in letters_of(first))
    own_shape = not transliterated(first, word.text)
    margin = -LATIN_SHAPE_SLACK if lookalikes and own_shape else LATIN_WORD_MARGIN
    return (
        len(letters_of(word.text)) >= 3
        and latin_shaped(word.text)
        and word.conf >= LATIN_WORD_SURE
        and score > best_score + margin
    )


def other_reading(
    gray: np.ndarray, old: Word, best: Word, best_score: float, other: Word
) -> tuple[Word, float]:
    """`best`, or another reader's reading of the same ink where the evidence says so;
    with its score. `old` is the page's word (its box is the ink's)."""
    for alt, penalty in _alternatives(number_sign(best.text, other)):
        # The same reading, unless the other reader's case is a Latin shape: "hAP"
        # and "НАР" fold alike, and only the h tells the word is Latin.
        if fold(alt.text) == fold(best.text) and not latin_shaped(alt.text):
            continue
        if is_size(best.text) and not is_size(alt.text) and not _latin_claim(alt):
            continue  # a number and its unit ("5А") is no Latin word ("SA")
        if english_spelling(best.text, alt.text) or _tail_kept(gray, old, best.text, alt.text):
            continue
        score = plausibility(alt.text, alt.conf) - penalty
        # Digits for letters need a far surer reader ("3AO" is ЗАО as often) or
        # the glyphs' own word: the letter read has a tail below the line and the
        # ink has none (Д and 4 in a serif font).
        digits = _digits_for_letters(best.text, alt.text)
        if (
            with_evidence(best, best_score, alt, score)
            or _latin_word(best.text, alt, score, best_score)
            or (digits and score > best_score + DIGITS_MARGIN)
            # A number and its unit read surely where the first read letters ("5A" for
            # "БА" after "12В": a power supply's amperes).
            or (digits and is_size(alt.text) and alt.conf >= SIZE_SURE)
            or (digits and alt.conf >= 50 and _no_tail(gray, old, best.text, alt.text))
            # The ink shows the English reader's L where the Russian one read its mirror
            # image, Г ("LED-5M" read "ГЕО-5М"), and the English reader is as sure.
            or (alt.conf >= best.conf and latin_feet(gray, replace(old, text=best.text), alt.text))
            # The ink shows an S where the Russian model read З ("SATA" read "ЗАТА").
            or (alt.conf >= FAIRLY_SURE and latin_s(gray, replace(old, text=best.text), alt.text))
            # The ink shows a d where the Russian model read a 9 or a 4 ("d3" read "93").
            or (
                alt.conf >= FAIRLY_SURE
                and d_for_digit(gray, replace(old, text=best.text), alt.text)
            )
        ):
            best, best_score = alt, score
    return best, best_score


def w_for_backslash(best: Word, readings: list[Word | None]) -> Word:
    """A reading with a backslash where another reader read a W and every other sign
    alike ("5\\-40," 81 on the page, "5W-40," in the crop, however unsure): the Russian
    model has no W and reads its first stroke, and no business document prints a
    backslash. The W's reading, at the chosen reading's confidence."""
    if "\\" not in best.text:
        return best
    with_w = best.text.replace("\\", "W")
    if any(r is not None and r.text == with_w for r in readings):
        return replace(best, text=with_w)
    return best


def junk_filled(best: Word, others: list[Word | None]) -> Word:
    """Another reader's surer reading whose one junk sign stands for a letter its alphabet
    lacks ("K®-10" 86: the English model has no Ф), where the chosen reading has every
    other sign alike but for hyphens and case ("кФ10" 50): the other reading with the
    chosen one's letter in place of the junk, its hyphen kept ("KФ-10")."""
    for other in others:
        if other is None or other.conf <= best.conf:
            continue
        junk = [i for i, c in enumerate(other.text) if JUNK.search(c)]
        mine = [c for c in best.text if c != "-"]
        theirs = [(i, c) for i, c in enumerate(other.text) if c != "-"]
        if len(junk) != 1 or len(mine) != len(theirs):
            continue
        out = list(other.text)
        for (i, c), m in zip(theirs, mine, strict=True):
            if i == junk[0]:
                out[i] = m
            elif fold(c) != fold(m):
                break
        else:
            if out[junk[0]].isalpha():
                return replace(best, text="".join(out), conf=other.conf)
    return best


def _latin_claim(word: Word) -> bool:
    """A reading sure of two letters or more only Latin has ("USB" 96 where the Russian
    model read a size, "95В"): more than one look-alike could explain ("SA" for "5А")."""
    return word.conf >= SURE and sum(c in ONLY_LATIN for c in word.text) >= 2


CONFIRMING = 80.0  # how sure another reader must be to confirm the page's reading


def confirmed(page: Word, others: list[Word | None]) -> bool:
    """Another reader read the crop surely as the page read it, letter for look-alike
    letter: two readings against the first reader's crop, which stands alone ("5А" on the
    page and "5A" in English against the Russian crop's "БА", which its Б made look
    surer)."""
    return any(
        o is not None
        and o.conf >= CONFIRMING
        and fold(number_sign(page.text, o).text) == fold(page.text)
        for o in others
    )
