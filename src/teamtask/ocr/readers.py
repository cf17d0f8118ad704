"""Two readers for a page in two scripts: the first language reads the page, the others
re-read only the words it was unsure of.

Why not `-l rus+eng` for the whole page: Tesseract then runs both models over every line,
which costs a third more time on a Russian page, and its per-word choice between them is
poor on short codes — `ОП-4` comes out as `on-4`, `PR-75` as `РВ-75`, `ST-24` as `51-24`.
Re-reading the doubtful words of the first pass with each other language costs one
Tesseract call per language (all crops in one image) and lets the choice use what a
confidence alone does not know: a letter only one alphabet has, codes written in capitals,
symbols that never occur in documents.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import numpy as np

from .alphabets import (
    CODE,
    CODE_START,
    JUNK,
    LATIN_WORD_SURE,
    ONLY_CYRILLIC,
    ONLY_LATIN,
    THIN_SIGNS,
    beside_latin,
    cyrillic_code,
    english_spelling,
    fold,
    has_cyrillic,
    has_own_letters,
    junk_for_latin,
    latin_for_digits,
    latin_for_digits_but_the_first,
    latin_letters,
    latin_looking,
    latin_shaped,
    latin_spelling,
    letters_of,
    mixed_code,
    own_cyrillic,
    sure_latin,
    transliterated,
)
from .boxes import (
    CROP_PAD,
    EDGE_MARKS,
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
from .digitshapes import correct_digits, d_for_digit, d_for_nine, small_ze
from .glyphs import (
    H_READ_AS,
    LATIN_TAILED,
    TAILED,
    TAILED_ALIKE,
    capitals_read_small,
    first_letter_small,
    glyph_boxes,
    glyph_spans,
    latin_ascenders,
    latin_feet,
    latin_open_tops,
    latin_s,
    restore_case,
    restore_tails,
    w_read_as_em,
    word_crop,
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
from .parse import LOOKALIKE_TO_LATIN, LOOKALIKES, digit_groups
from .recognize import OCR_SCALE, Rule, ocr_words
from .roman import roman_numeral, stems_numeral
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
)
from .spacing import (
    is_number,
    is_size,
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

_LETTER_DIGITS = re.compile(r"[0158]{2,4}")  # O/D, I, S, B as the Russian model reads them
_ODD = re.compile(r"[®©$§¥¢£€™°@|~^{}<>‹›\\]")  # rare in documents, common in misreadings
ODD_TOLERANCE = 30.0  # how much less sure a crop's reading may be than an odd page reading
REREAD_MARGIN = 12.0  # how much surer a crop's reading must be to replace the page's
SURE = 90.0  # a first-pass word at least this confident and with no code shape stands
GUESS = 20.0  # a first-pass word less confident than this is a guess, no reading
UNSURE = 30.0  # a first-pass word less confident than this is a reading the crop may overrule
FAIRLY_SURE = 75.0  # how sure a crop's words must be to overrule a page's guess
# A number this long is an identifier (БИК, ИНН, an account): a digit too many or wrong
# loses the field, so it is read again unless read surely ("0453584944" 81 for 045384944).
IDENTIFIER_DIGITS = 9
DIGITS_MARGIN = 30.0  # how much surer another reader must be to put digits for letters
SIZE_SURE = 80.0  # how sure another reader must be of a size it read where letters were
LATIN_WORD_MARGIN = 25.0  # how much surer the Latin reading of a Latin word must be
LATIN_SHAPE_SLACK = 10.0  # how much less sure a Latin-shaped word may be than look-alikes
EVIDENCE_MARGIN = 5.0  # how much surer another reader with evidence of its own must be
CLAIM = 15.0  # a letter only one alphabet has: a claim the other reader could not make
# A stroke read as a sign or two: this unsure, its box this many sure words' heights wide per sign.
STROKE_CONF = 20.0
STROKE_SIGNS = 2
STROKE_WIDTH = 3.0


def doubtful(word: Word) -> bool:
    """A word the other language may read better: unsure, a code, or in look-alikes only."""
    text = word.text
    letters = [c for c in text if c.isalpha()]
    if not letters:
        # A sign between digits is a letter misread (57%3,5 is 57х3,5); a short word of
        # the digits Latin capitals are read as may be an acronym ("SSD" read "550",
        # "$50"), as may a number with a sign documents do not print.
        return (
            word.conf < 80
            or (sum(c.isdigit() for c in text) >= IDENTIFIER_DIGITS and word.conf < SURE)
            or bool(re.search(r"\d[%#&*+]\d", text))
            or bool(_LETTER_DIGITS.fullmatch(text) or _ODD.search(text))
        )
    if word.conf < SURE or _ODD.search(text) or CODE.match(text):
        return True
    # All letters could be the other script (ТС-57, СОК, PB): let the other reader say. A З
    # may be the S the Russian model has not ("ЗАТА" for "SATA").
    return all(c in LOOKALIKES or c == "З" for c in letters)


def oddity(text: str) -> float:
    """How far a reading is from what documents look like (0: not at all)."""
    odd = 0.0
    letters = [c for c in text if c.isalpha()]
    if JUNK.search(text):
        odd += 30
    elif _ODD.search(text):
        odd += 15
    if re.search(r"\d[%#&*+]\d", text):
        odd += 30  # a sign between digits is a letter misread: 57%3,5 is 57х3,5
    if re.search(r"[^\W_]![^\W_]", text):
        odd += 15  # an exclamation mark inside a word is a 1 misread: К!20 is К120
    if re.search(r"-[зЗ]+\d", text):
        odd += 15  # a code's number read with з for 3: "сд-зз5" is СД-335
    if CODE.match(text) and "-" in text and letters and all(c.islower() for c in letters):
        # Codes are capitals: "on-4" is ОП-4 read by the wrong reader. (A model name
        # with a capital, "i5/16Gb", is not one, nor a unit's "м2" or a model's "ас2".)
        odd += 30
    if re.search(r"[^\W\d_][a-zа-яё]+[A-ZА-ЯЁ]", text):
        odd += 30  # "cTaBka": capitals inside a lower-case word
    cyr = has_cyrillic(text)
    lat = any(c.isascii() for c in letters)
    if (
        cyr
        and lat
        and any(c in ONLY_CYRILLIC for c in letters)
        and any(
            c.isascii() and c.translate(LOOKALIKE_TO_LATIN) == c and c.upper() in ONLY_LATIN
            for c in letters
        )
    ):
        odd += 20  # both alphabets' own letters in one word
    return odd


def plausibility(text: str, conf: float, *, claims: bool = True) -> float:
    """The reading's confidence, adjusted by what documents look like, and raised by a
    letter only one alphabet has (a claim the other reader could not make). Between two
    readings of one reader the claim says nothing (`claims=False`): its lower-case "т" is
    no claim against its "Т"."""
    return conf - oddity(text) + (claim(text) if claims else 0.0)


def claim(text: str) -> float:
    """What a letter only one alphabet has adds to a reading's plausibility."""
    return CLAIM if any(c in ONLY_CYRILLIC or c in ONLY_LATIN for c in text) else 0.0


CANVAS_MAX = 16000  # pixels: Tesseract's image reader refuses very tall images


def _reread(
    gray: np.ndarray,
    words: list[Word],
    lang: str,
    timeout: float,
    missed_source: np.ndarray | None = None,
) -> list[list[Word]]:
    """The words `lang` reads in each word's crop, in page coordinates; the crops of ink
    the page reading passed over from `missed_source` where given (the page less the
    words it read: a lone "3" set close to "м" is read without the м's edge)."""
    crops = [
        _crop(missed_source if missed_source is not None and w.conf == MISSED else gray, w)
        for w in words
    ]
    out: list[list[Word]] = []
    start, height = 0, 0
    for k, w in enumerate(words):
        height += int(w.y1 - w.y0) + 40
        if height > CANVAS_MAX and k > start:
            out.extend(_reread_canvas(crops[start:k], lang, timeout))
            start, height = k, int(w.y1 - w.y0) + 40
    out.extend(_reread_canvas(crops[start:], lang, timeout))
    return out


def _crop(source: np.ndarray, w: Word) -> tuple[np.ndarray, tuple[int, int]]:
    """A word's crop with a margin of paper, and its top left corner on the page."""
    pad = CROP_PAD
    y0, y1 = max(0, int(w.y0) - pad), min(source.shape[0], int(w.y1) + pad)
    x0, x1 = max(0, int(w.x0) - pad), min(source.shape[1], int(w.x1) + pad)
    return source[y0 : max(y0, y1), x0 : max(x0, x1)], (x0, y0)


def _reread_canvas(
    cut: list[tuple[np.ndarray, tuple[int, int]]], lang: str, timeout: float
) -> list[list[Word]]:
    """The words `lang` reads in each crop, stacked on one canvas, in page coordinates."""
    gap = 24
    crops = [c for c, _ in cut]
    origins = [o for _, o in cut]
    width = max(c.shape[1] for c in crops) + 2 * gap
    height = sum(c.shape[0] + gap for c in crops) + gap
    canvas = np.full((height, width), 255, dtype=np.uint8)
    spans: list[tuple[int, int]] = []
    y = gap
    for c in crops:
        canvas[y : y + c.shape[0], gap : gap + c.shape[1]] = c
        # An empty crop (a box off the page) gets an empty span: nothing is read for it.
        spans.append((y, y + c.shape[0]))
        y += c.shape[0] + gap
    got: list[list[Word]] = [[] for _ in crops]
    for w in ocr_words(canvas, lang, timeout):
        k = next((k for k, (a, b) in enumerate(spans) if a <= w.cy < b), None)
        if k is not None:
            dx, dy = origins[k][0] - gap, origins[k][1] - spans[k][0]
            got[k].append(Word(w.text, w.x0 + dx, w.y0 + dy, w.x1 + dx, w.y1 + dy, w.conf))
    return got


def _ink_unread(gray: np.ndarray, word: Word) -> bool:
    """A short word or number read surely with fewer signs than its ink has glyphs ("ш" 92
    for "шт", "3" 80 for "d3"): worth a second reading."""
    text = word.text
    if not (text.isalnum() and len(text) <= 3):
        return False
    return len(glyph_boxes(word_crop(gray, word))) > len(text)


def _latin_reading(readings: list[list[Word | None]], k: int) -> Word | None:
    """Another reader's reading of pick k in Latin letters only (two at least, or one only
    Latin has: the "L" of "Lavazza" read apart), if any; a mark its crop's margin added
    before it left out (".avazza": the L's edge in the crop)."""
    for r in readings[1:]:
        alt = r[k]
        text = alt.text.lstrip(EDGE_MARKS) if alt else ""
        letters = letters_of(text)
        enough = len(letters) >= 2 or (letters and letters in ONLY_LATIN)
        if alt and enough and latin_letters(text) and text.isalpha():
            return alt if text == alt.text else replace(alt, text=text)
    return None


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


def _apart_alike(a: list[Word], b: list[Word], h: float) -> bool:
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


def _latin_run_in(first: list[Word], other: list[Word]) -> bool:
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


def _extends(longer: str, shorter: str) -> bool:
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


def _speck_at_edge(crop: str, page: str) -> bool:
    """The crop's reading is the page's with a sign added at an end: a speck in the crop's
    margin, as a word's own sign is in its box (a speck read as a comma)."""
    return crop != page and page != "" and crop.strip(_EDGE_SIGNS) == page


_BRACKETS = str.maketrans("", "", "()[]")


def _brackets_lost(crop: str, page: str) -> bool:
    """The crop's reading is the page's less a bracket or two."""
    return len(crop) < len(page) and crop.translate(_BRACKETS) == page.translate(_BRACKETS)


def _one_apart(a: str, b: str) -> bool:
    """Two readings of one length that differ in one letter ("кюд" and "код")."""
    a, b = fold(a), fold(b)
    return len(a) == len(b) >= 3 and sum(x != y for x, y in zip(a, b, strict=True)) == 1


def _same_signs(a: str, b: str) -> bool:
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


def _paper_size(gray: np.ndarray, word: Word) -> str:
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


def _with_evidence(best: Word, best_score: float, alt: Word, score: float) -> bool:
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


def _other_reading(
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
            _with_evidence(best, best_score, alt, score)
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


def _w_for_backslash(best: Word, readings: list[Word | None]) -> Word:
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


def _junk_filled(best: Word, others: list[Word | None]) -> Word:
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


def _same_ink(a: Word, b: Word) -> bool:
    """Two readers' boxes of one word: mostly the same stretch of one line."""
    height = max(a.y1 - a.y0, b.y1 - b.y0)
    return a.x_overlap(b) >= 0.7 * max(a.x1 - a.x0, b.x1 - b.x0) and abs(a.cy - b.cy) < height / 2


CONFIRMING = 80.0  # how sure another reader must be to confirm the page's reading


def _confirmed(page: Word, others: list[Word | None]) -> bool:
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


def _less_next_stroke(word: Word, box: Word, words: Sequence[Word], h: float) -> Word:
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


def _split_readings(crops: list[list[Word]]) -> list[Word]:
    """The words the first reader read in a box the page took for one word (a wrapped
    cell, words run together), each with another reader's reading of the same ink where
    that one is better: "hAP" on a wrapped name's second line, which the Russian model
    reads "ВАР"."""
    out: list[Word] = []
    for w in crops[0]:
        best, score = w, plausibility(w.text, w.conf)
        for other in crops[1:]:
            twin = next((o for o in other if _same_ink(o, w)), None)
            if twin is None:
                continue
            # Only with evidence of its own: a crop cut from a wrapped cell reads less
            # surely than a word's own crop, so "far surer" is no evidence here ("Nanka"
            # 90, the English model's spelling of "Папка-|" 53 beside a rule's remnant).
            twin_score = plausibility(twin.text, twin.conf)
            if _with_evidence(best, score, twin, twin_score):
                best, score = twin, twin_score
            # A word in two alphabets, each reader's part where it can read it ("ВВГнг-LS").
            best = _two_alphabets(w, None, twin) or best
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


def _spelled_and_feet(gray: np.ndarray, first: Word, alt: str) -> str | None:
    """A hyphenated code the English reader read as its spelling of the first reader's
    Cyrillic part and an L where the first read Г, its mirror image ("TIH-L" and "ПН-Г,"
    for "ПН-L": a glove's size), where the ink shows the L's foot: the Cyrillic part and
    the L. None otherwise."""
    text = first.text.rstrip(",.")
    a, b = text.split("-"), alt.split("-")
    if len(a) != len(b) or len(a) < 2:
        return None
    parts, spelled = [], False
    for x, y in zip(a, b, strict=True):
        if english_spelling(x, y):
            parts.append(x)
            spelled = True
        elif fold(x) == fold(y):
            parts.append(x)
        elif x == "Г" and y == "L":
            parts.append(y)
        else:
            return None
    merged = "-".join(parts)
    if merged == text or not spelled:
        return None
    return merged if latin_feet(gray, replace(first, text=text), merged) else None


def _latin_part_seen(current: str, alt: str, seen: set[str]) -> str | None:
    """A hyphenated code in look-alike letters only ("ОТР-5Е") with the other reader's
    letters part for its own where that part is a Latin word the page read surely
    elsewhere (`seen`: "UTP"): "UTP-5Е", its digits the first reader's. None otherwise."""
    a, b = current.split("-"), alt.split("-")
    if len(a) != len(b) or len(a) < 2 or own_cyrillic(current) or latin_shaped(current):
        return None
    parts = [
        y if y in seen and y.isalpha() and fold(y) != fold(x) and len(y) == len(x) else x
        for x, y in zip(a, b, strict=True)
    ]
    merged = "-".join(parts)
    return merged if merged != current else None


def _latin_code_seen(current: str, alt: str, seen: set[str]) -> bool:
    """Whether the other reader read a word as a code the page read surely elsewhere, whole
    or as a hyphenated code's part (`seen`): "LR6" of the code column's "LR6-4" 92, where
    the name's "LR6" was read "ЕВб" 74 by the Russian model and "LR6" 50 by the English
    one. A code: letters only Latin has and a digit, as many signs as the reading."""
    return (
        alt != current
        and len(alt) == len(current)
        and any(c in ONLY_LATIN for c in alt)
        and any(c.isdigit() for c in alt)
        and any(alt in (s, *s.split("-")) for s in seen)
    )


def _same_line(a: Word, b: Word) -> bool:
    return abs(a.cy - b.cy) < max(a.y1 - a.y0, b.y1 - b.y0) / 2


def _two_alphabets(
    first: Word, own: Word | None, other: Word, page: str | None = None, best: Word | None = None
) -> Word | None:
    """A word in two alphabets (`alphabets.mixed_code`), each reader's part where it can
    read it, from the first reader's choice or, where that lost a part, its crop's reading
    ("ВВГнг" on the page, "ВВГнг-15$" in the crop, "BBIur-LS" in English: ВВГнг-LS); as
    sure as the less sure of the two readings it is made of. None where neither splits
    like the other reader's. `page`: the page's reading, against which the first
    reader's is checked part by part (`alphabets.mixed_code`). Where the other reader's
    whole word won (`best`), read surely, no reading that was unsure and whose letters only
    Cyrillic has are in lower case, as no code is printed, gives a part ("G3-200N" 92 over
    "С3-200м" 24; "ПН-Е" 20 keeps its "ПН")."""
    won = best is not None and best.text == other.text and other.conf >= SURE
    for mine in (first, own):
        if mine is None or (won and mine.conf < FAIRLY_SURE and _small_cyrillic(mine.text)):
            continue
        merged = mixed_code(mine.text, other.text, page)
        if merged is not None:
            return Word(merged, mine.x0, mine.y0, mine.x1, mine.y1, min(mine.conf, other.conf))
        if mine is first and best is first and first.text.count("-") == other.text.count("-"):
            # The choice stands, splits like the other reader's and keeps every part of its
            # own: its crop's reading has nothing to add ("ОП-4(3)" 80 stands; its crop's
            # "0П-4(3)" would give the English "ON" for a "0П" taken for junk).
            return None
    return None


def _small_cyrillic(text: str) -> bool:
    """Whether every letter only Cyrillic has in `text` is in lower case (or there is none)."""
    return all(c.islower() for c in text if c in ONLY_CYRILLIC)


def _reads_latin(current: str, page: str, own: str | None, alt: Word) -> bool:
    """Whether the English reader's `alt` is the Latin word the Russian model read (as
    `current`, after the choices so far; `page` and `own` are its page and crop readings),
    should a Latin word stand beside it: a Russian reading spells the Latin word's shapes
    ("Соге" for "Core"; the crop's reading counts too: "Соте" on the page), or the Russian
    model could not make the word out and the English one read it surely."""
    spelled = any(latin_looking(t) and latin_spelling(t, alt) for t in (current, own or ""))
    for_digits = any(latin_for_digits(t, alt) for t in (page, own or "") if t)
    return spelled or sure_latin(page, own, alt) or for_digits


def _latin_by_ink(gray: np.ndarray, word: Word, latin: str) -> bool:
    """Whether the ink shows the English reader's `latin` where the Russian model read the
    same shapes in Cyrillic letters but for letters the ink tells apart: a t's ascender
    over т ("cat.5e"), an h's open top over П ("hAP")."""
    if fold(word.text) == fold(latin):
        return latin_ascenders(gray, word, latin)
    pe_for_h = "".join(
        a if a == "h" and c in H_READ_AS else c for c, a in zip(word.text, latin, strict=False)
    )
    return fold(pe_for_h) == fold(latin) and latin_open_tops(gray, word, latin)


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
        text = _paper_size(gray, replace(w, text=text))
        for sign in (
            restore_stop,
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


def _digits_height(words: list[Word], word: Word, h: float, lines: float = 3.0) -> float:
    """The height of sure numbers' digits within `lines` lines of `word` (0 when none); not
    of a box two lines tall (a row's number boxed with what stands over or under it: "5"
    78 pixels tall beside "796" 29 made "АВСЕ" a word at x-height)."""
    near = [
        w.y1 - w.y0
        for w in words
        if w.text.isdigit()
        and w.conf >= SURE
        and abs(w.cy - word.cy) < lines * h
        and w.y1 - w.y0 <= TALL * h
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
        or _ink_unread(gray, w)
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
        reads = list(
            pool.map(lambda other: _reread(gray, page_words, other, timeout, apart), langs)
        )
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
        agreed = any(_apart_alike(crops[0], c, h) for c in crops[1:])
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
                if _latin_run_in(crops[0], c) and run_together(old, c, h, spaces[k], garbled=True)
            ),
            None,
        )
        if latin_apart is not None:
            split[i] = _split_readings([latin_apart, crops[0]])
            continue
        if wrapped(old, crops[0], h) or apart:
            split[i] = [_less_next_stroke(w, old, words, h) for w in _split_readings(crops)]
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
                elif _brackets_lost(own.text, old.text):
                    # A bracket is a thin stroke a crop's reader drops ("шт." of "(100
                    # шт.)"); a sign read where there was none is dropped by its ink later.
                    best_score = max(best_score, own_score)
                elif _speck_at_edge(own.text, old.text):
                    # A sign the page's box left out lies in the crop's margin: a speck, as
                    # a word's own comma is in its box ("Краска," for "Краска").
                    best_score = max(best_score, own_score)
                elif (
                    own_score > best_score + REREAD_MARGIN
                    or (_extends(own.text, old.text) and own_score > best_score - 15)
                    or (_same_signs(own.text, old.text) and own_score > best_score + 15)
                    or (_one_apart(own.text, old.text) and own.conf > old.conf + 5)
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
                and _confirmed(old, [r[k] for r in readings[1:]])
            ):
                best, best_score = old, plausibility(old.text, old.conf)
        first = best  # the first language's reading, before any other reader's
        for other in (r[k] for r in readings[1:]):
            if other is None:
                continue
            best, best_score = _other_reading(gray, old, best, best_score, other)
            # The page's reading doubts a part only where it is unsure itself.
            page = old.text if old.conf < SURE else None
            # Where the ink showed the other reader's word (an L's foot where the Russian
            # model read Г: "LED-E27" over "ГЕО-Е27"), no part of the first reading is kept.
            by_ink = best.text == other.text and latin_feet(
                gray, replace(old, text=first.text), other.text
            )
            merged = None if by_ink else _two_alphabets(first, own, other, page, best)
            if merged is not None:
                best = Word(merged.text, old.x0, old.y0, old.x1, old.y1, merged.conf)
            elif best.text == other.text:
                spelled = _spelled_and_feet(gray, first, other.text)
                if spelled is not None:
                    best = Word(spelled, old.x0, old.y0, old.x1, old.y1, other.conf)
        best = _w_for_backslash(best, [r[k] for r in readings])
        best = _junk_filled(best, [r[k] for r in readings[1:]])
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
                    _latin_by_ink(gray, replace(w, text=t), alt.text)
                    for t in (w.text, own_text)
                    if t
                )
                or _reads_latin(w.text, page, own_text, alt)
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
            part = _latin_part_seen(words[i].text, alt.text, seen) if alt else None
            if part is not None:
                words[i] = replace(words[i], text=part)
            elif alt is not None and _latin_code_seen(words[i].text, alt.text, seen):
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
            _latin_reading(readings, k),
            _latin_reading(readings, k2),
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
