"""The two alphabets of a Russian document's words, as two OCR models see them.

The Russian model reads a Latin word in the Cyrillic letters it has ("Core" as "Соге",
"MikroTik" as "МигоТИК"); the English model spells a Russian word in look-alikes ("ВВГнг"
as "BBIHr") and Russian capitals it lacks in pieces ("ОП-4" as "OTI-4"). What tells the
alphabet is a letter only one of them has, a letter shaped like none of the other's, and a
word's neighbours.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from .load import Word
from .parse import CONFUSIONS, LOOKALIKES
from .parse import fold_lookalikes as fold
from .spacing import is_size

# Capitals with no look-alike in the other alphabet: a reader that saw one of them made a
# claim the other reader could not make. (Lower case is left out: "n" and "п", "r" and
# "г", "u" and "и" pass for each other in print.)
# Not З or б: they are 3 and 6 misread as often.
ONLY_CYRILLIC = set("БГДЖИЙЛПФЦЧШЩЪЫЬЭЮЯвгджийлмнптфцчшщъыьэюя")
ONLY_LATIN = set("DFGJLNRSUVWZ")  # not I or Q: they are 1 and О misread as often
# Lower-case Latin letters shaped like no Cyrillic one (an ascender, a dot, a tail): in a
# word of Latin letters only, evidence that the word is Latin.
LATIN_SHAPES = set("dfhijklqstvwz")
# Cyrillic letters the English model reads as a Latin letter of another shape family.
_ENGLISH_KIN = str.maketrans("кКтшзіпПдД", "KKTWZINNAA")  # "Папка" comes out "Nanka", "ДП" "AN"
# Letters, then a hyphen or nothing, then digits: an article or a code, printed in capitals.
CODE = re.compile(r"^[^\W\d_]{1,5}-?\d")
# A code's first part, its number on the next line of a narrow cell ("CO-" over "1260").
CODE_START = re.compile(r"[A-ZА-ЯЁ][^\W\d_]{0,4}-")
JUNK = re.compile(r"[®©$§¥¢£€™\\]")  # never inside a word of a document (a backslash: a W misread)
LATIN_WORD_SURE = 70.0  # how sure the English reader must be of a Latin word
LATIN_NEIGHBOUR_SURE = 40.0  # a Latin word that tells its neighbour is Latin (specks read less)
LATIN_NEIGHBOUR_LONG = 4  # letters of a Latin neighbour that tells however unsure it was read
LATIN_SURE_ALONE = 90.0  # how sure the English reader must be of a word Russian could not read


def letters_of(text: str) -> str:
    return "".join(c for c in text if c.isalpha())


def latin_letters(text: str) -> bool:
    """Letters, all of them Latin (signs and digits aside)."""
    letters = letters_of(text)
    return bool(letters) and letters.isascii()


def has_cyrillic(text: str) -> bool:
    return any("\u0400" <= c <= "\u04ff" for c in text)


def has_own_letters(text: str) -> bool:
    return any(c in ONLY_CYRILLIC or c in ONLY_LATIN for c in text)


# How the English model spells Russian capitals it does not have, in codes (ОП-4 → OTI-4,
# on-4; ЦМ-500 → LIM-500; ЛИ-19 → JTM-19).
_AS_CYRILLIC = [
    ("III", "Ш"),
    ("LU", "Ш"),
    ("TI", "П"),
    ("Tl", "П"),
    ("T1", "П"),
    ("II", "П"),
    ("JI", "Л"),
    ("JT", "Л"),
    ("LI", "Ц"),
    ("bI", "Ы"),
    ("n", "П"),
    ("u", "И"),
]


def cyrillic_code(text: str) -> str | None:
    """A code the English model read, spelled back in Cyrillic capitals; None when it
    holds a letter only Latin has or is no code."""
    if not CODE.match(text) and not re.match(r"^[^\W\d_]{1,4}(?:II|I|l)?-?\d", text):
        return None
    out = _spelled_back(text)
    if out == text:
        return None
    out = out.upper()
    letters = [c for c in out if c.isalpha()]
    if any(c.isascii() and c not in LOOKALIKES for c in letters):
        return None
    return out


def english_spelling(first: str, alt: str) -> bool:
    """Whether the English reader's `alt` spells the Russian reading `first` in the Latin
    letters it reads the Cyrillic ones it lacks as ("LUT.)" for "шт.)": ш read LU): the
    two readers agree on a Russian word, and `alt` is no Latin one. Its letters tell: a
    sign read otherwise ("шт,)" and "LUT.)") is no other word."""
    back = _spelled_back(alt)
    if back == alt:
        return False
    a, b = fold(letters_of(first)), fold(letters_of(back))
    # И, which the English model has no shape for, comes back as M, N or U ("MHH" for
    # "ИНН"; "JIM-19" for "ЛИ-19": Л as JI and И as M).
    return len(a) == len(b) and all(
        x == y or (x == "И" and y in "MNU") for x, y in zip(a, b, strict=True)
    )


def _spelled_back(text: str) -> str:
    """The English model's spelling of the Cyrillic letters it lacks put back (LU → Ш)."""
    for latin, cyr in _AS_CYRILLIC:
        text = text.replace(latin, cyr)
    return text


def latin_shaped(text: str) -> bool:
    """Letters all Latin, one of them shaped like no Cyrillic letter ("hAP", not "BBIHr",
    the English model's look-alike spelling of "ВВГнг")."""
    return latin_letters(text) and any(c in ONLY_LATIN or c in LATIN_SHAPES for c in text)


# The Cyrillic letters the English model reads as a Latin letter shaped like no Cyrillic one.
_READ_AS_LATIN_SHAPE = {"k": "кК", "t": "тТ", "w": "шШ", "z": "зЗ", "i": "іІ"}


def transliterated(first: str, alt: str) -> bool:
    """The English model's reading is the Russian one letter for letter, each Cyrillic
    letter as the Latin one it reads it as ("Kpacka" for "Краска": к is read k). A Latin
    letter of a shape no Cyrillic letter has is no reading of a Cyrillic letter the English
    model reads otherwise: "hAP" is no spelling of "НАР" (it reads Н as H)."""
    a, b = letters_of(first), letters_of(alt)
    if fold(a.translate(_ENGLISH_KIN)) != fold(b):
        return False
    return all(
        y not in LATIN_SHAPES or x in _READ_AS_LATIN_SHAPE.get(y, "")
        for x, y in zip(a, b, strict=True)
    )


# Lower-case Cyrillic letters the Russian model reads for Latin ones of the same print
# shape, beside the look-alikes: "Core" comes out "Соге", "Intel" "Иntel".
_AS_LATIN_SHAPE = str.maketrans("гпит", "rnur")  # and "Соте" for "Core" on a greyer scan
_AS_LATIN_SHAPE_FROM = set("гпит")


def shape(text: str) -> str:
    """A word's letters as print shapes: one spelling for a Latin word and its Russian
    model reading ("Соге" and "Core")."""
    return fold(text.translate(_AS_LATIN_SHAPE))


def latin_looking(text: str) -> bool:
    """A Russian reading that may be a Latin word: three letters or more, all shaped like
    Latin ones, one of them a letter no Russian reading of Russian print gives for a
    look-alike (г, п, и where a Latin r, n, u was printed); or look-alikes after a Б or П,
    the Russian model's readings of an h ("БАР" for "hAP")."""
    letters = letters_of(text)
    if len(letters) >= 3 and letters[0] in "БП" and all(c in LOOKALIKES for c in letters[1:]):
        return True  # an h read as Б or П before look-alikes ("БАР" for "hAP")
    return (
        len(letters) >= 3
        and any(c in _AS_LATIN_SHAPE_FROM for c in letters)
        and all(c in LOOKALIKES or c in _AS_LATIN_SHAPE_FROM for c in letters)
    )


def _beside(words: Sequence[Word], w: Word, h: float, side: int) -> Word | None:
    """The word next to `w` on its line on one side (-1 left, 1 right), a word space away."""
    near = [
        n
        for n in words
        if abs(n.cy - w.cy) < h / 2
        and 0 <= (n.x0 - w.x1 if side > 0 else w.x0 - n.x1) + 1 < 2 * h
        and n is not w
    ]
    return min(near, key=lambda n: abs(n.cx - w.cx), default=None)


def text_neighbours(words: Sequence[Word], w: Word, h: float) -> list[Word]:
    """The words before and after `w` in its text: beside it on its line, or, where the line
    ends at it (a cell's name wrapped), the first word of the cell's next line, and where
    it opens a line of a wrapped cell, the last word of the line before."""
    left, right = _beside(words, w, h, -1), _beside(words, w, h, 1)
    out = [n for n in (left, right) if n is not None]
    if right is None and (below := _next_line_start(words, w, h)) is not None:
        out.append(below)
    if left is None:
        # The line before ends in the cell, not a table row's last cell far right of it.
        ends = [
            n
            for n in words
            if 0.6 * h < w.cy - n.cy < 3 * h
            and w.x0 < n.x1
            and n.x0 < w.x0 + CELL_REACH * h
            and _beside(words, n, h, 1) is None
        ]
        before = [n for n in ends if _next_line_start(words, n, h, worded=True) is w]
        if before:
            out.append(max(before, key=lambda n: n.cy))
    return out


CELL_REACH = 16  # of a word's height: how far right of a wrapped line's start its line before ends


def _next_line_start(
    words: Sequence[Word], w: Word, h: float, *, worded: bool = False
) -> Word | None:
    """The first word of the next line of `w`'s cell, which ends its line: the cell's left
    edge is where one of the words before `w` on its line starts (not always the first: a
    ruled table's row number sits a word space left of it). `worded`: only where a word of
    letters starts (a totals line under the row number is no line of the name's cell)."""
    starts, start = [w.x0], w
    while (before := _beside(words, start, h, -1)) is not None and len(starts) <= len(words):
        start = before
        if not worded or any(c.isalpha() for c in start.text):
            starts.append(start.x0)
    below = [
        n
        for n in words
        if 0.6 * h < n.cy - w.cy < 3 * h and any(abs(n.x0 - x) < h / 2 for x in starts)
    ]
    return min(below, key=lambda n: n.cy) if below else None


def _latin_neighbour(word: Word, chosen: bool) -> bool:
    """A Latin word that tells its neighbour is Latin. One chosen already (the page's words
    as read so far: the Russian model reads no Latin letter, so a Latin word there is one
    the choice made, "Core") in Latin letters; a reading not yet chosen in letters shaped
    like no Cyrillic one (the English model spells a Russian word in look-alikes)."""
    chosen_latin = chosen and latin_letters(word.text) and len(letters_of(word.text)) >= 3
    if not (latin_shaped(word.text) or chosen_latin):
        return False
    return word.conf >= LATIN_NEIGHBOUR_SURE or len(letters_of(word.text)) >= LATIN_NEIGHBOUR_LONG


def beside_latin(
    words: Sequence[Word], i: int, h: float, english: Mapping[int, Word] | None = None
) -> bool:
    """A word next to words[i] in its text is a Latin one ("Intel Core i5/16Gb": a brand's
    model names come in Latin together). A speck read as a letter is read unsurely; a
    model name of several Latin letters may be too ("i5/16Gb/512Gb" 32), and still tells.
    `english`: the English reader's readings by word index; a neighbour it read as a Latin
    word tells too, before the choice between the neighbour's readings is made ("Соге"
    beside "15/1605/51266", read "Core" and "i5/16Gb/512Gb": each tells of the other)."""
    index = {id(w): j for j, w in enumerate(words)} if english else {}
    for n in text_neighbours(words, words[i], h):
        alt = english.get(index[id(n)]) if english else None
        if _latin_neighbour(n, chosen=True) or (alt is not None and _latin_neighbour(alt, False)):
            return True
    return False


def latin_spelling(first: str, alt: Word) -> bool:
    """The English reader's sure Latin word where the Russian model read the same shapes
    in Cyrillic letters ("Core" for "Соге")."""
    return (
        latin_letters(alt.text) and alt.conf >= LATIN_WORD_SURE and shape(alt.text) == shape(first)
    )


def sure_latin(page: str, own: str | None, alt: Word) -> bool:
    """The English reader's sure Latin word ("MikroTik" 93) where the Russian model's two
    readings disagree ("МИТОТИК" on the page, "МКГОТК" on the crop): a word the Russian
    model could not make out. Not the English model's letter-for-letter spelling of a
    Russian word ("Kpacka" for "Краска")."""
    return (
        len(letters_of(alt.text)) >= 3
        and latin_shaped(alt.text)
        and alt.conf >= LATIN_SURE_ALONE
        and (own is None or fold(own) != fold(page))
        and not transliterated(page, alt.text)
    )


def junk_for_latin(page: str, own: str | None, alt: Word) -> bool:
    """The English reader's sure Latin word (`sure_latin`) where the Russian model read the
    word's crop with a sign never inside a word: it has no S and reads one as "$" ("$50 1"
    for "SSD 1"). A Latin word standing alone among Russian ones ("Накопитель SSD 1 ТБ"),
    which needs no Latin neighbour to tell it: no Russian word is read so."""
    return own is not None and JUNK.search(own) is not None and sure_latin(page, own, alt)


# Latin letters the Russian model reads as a digit of a like shape, by digit: the Latin
# look-alikes of digits the checksum repairs know (parse.CONFUSIONS), and the Russian
# model's own readings of b, d and G in model names ("Gb" as "05" or "66", "i5" as "15").
_RUSSIAN_READS_LATIN = {"0": "G", "5": "b", "6": "bd"}
# And the letters it reads a b as, a stem and a bowl ("5120Ъ" for "512Gb"): no digit's
# shape, so no evidence on their own.
_LETTERS_FOR_LATIN = {"Ь": "b", "Ъ": "b", "ь": "b", "ъ": "b"}
_DIGIT_SHAPES = {
    digit: "".join(c for c, d in CONFUSIONS.items() if d == digit and c.isascii() and c.isalpha())
    + _RUSSIAN_READS_LATIN.get(digit, "")
    for digit in "0123456789"
}


def latin_for_digits(page: str, alt: Word) -> bool:
    """The English reader's Latin code where the Russian model, which has no such letters,
    read digits of their shapes, sign for sign ("15/1605/51266" for "i5/16Gb/512Gb"): the
    other signs alike (a Cyrillic look-alike for a Latin letter too), two Latin letters at
    least, one of a shape no Cyrillic letter has. However unsure the English reader is: the
    match sign for sign is the evidence, and one sign it doubts sinks a model name's
    confidence ("15/16Gb/512Gb" 3 in a serif face, for its i)."""
    text = alt.text
    if not (len(text) == len(page) and len(letters_of(text)) >= 2 and latin_shaped(text)):
        return False
    if is_size(page):
        return False  # a number and its unit ("5А", amperes: no "SA")
    pairs = list(zip(page, text, strict=True))
    for_digits = [b in _DIGIT_SHAPES.get(a, "") for a, b in pairs]
    alike = [
        a == b or (a.isalpha() and fold(a) == fold(b)) or b in _LETTERS_FOR_LATIN.get(a, "")
        for a, b in pairs
    ]
    return any(for_digits) and all(d or same for d, same in zip(for_digits, alike, strict=True))


THIN_SIGNS = "1iIl|:;!"  # what a thin first stroke (the i of "i5") is read as


def latin_for_digits_but_the_first(page: str, alt: Word) -> str | None:
    """The English reader's code less a thin first sign it lost ("5/16Gb/512Gb" for
    "i5/16Gb/512Gb"), where the Russian model read that sign as a stroke and the rest
    with the English reading's digits and signs where it has them, whatever it made of
    the Latin letters it lacks ("15/1666/51266", "15/1666/512@Ь"): a 1 and the English
    reading, for the ink to tell whether the 1 is an i."""
    text = alt.text
    # Before a digit only (the i of "i5"): a rule's remnant read as a stroke before a code
    # ("|ГЕО-36" for "LED-36") is no sign of it.
    if len(page) != len(text) + 1 or page[0] not in THIN_SIGNS or not text[:1].isdigit():
        return None
    if len(letters_of(text)) < 2 or not latin_shaped(text):
        return None
    agree = all(a == b for a, b in zip(page[1:], text, strict=True) if not b.isalpha())
    return "1" + text if agree else None


def own_cyrillic(text: str) -> bool:
    return any(c in ONLY_CYRILLIC for c in text)


CODE_PART = 4  # signs a part of a code holds at most, where the readers' doubt counts


def mixed_code(first: str, alt: str, page: str | None = None) -> str | None:
    """A hyphenated word in two alphabets ("ВВГнг-LS"), put together from the part each
    reader can read: the first reader's parts with a letter only Cyrillic has, the other
    reader's parts with a letter only Latin has where the first read no Cyrillic letter of
    its own there ("ВВГнг-15" and "BBIur-LS") or read junk ("ВВГнг-Г$", digits for the
    other's letters, a sign more or less: "ВВГнг-Г5", "ВВГнг-Г,5"). None when the readings
    do not split alike or either reader has no part of its own. `page`: the first reader's
    other reading of the word; a part the two read differently ("ГГ" and "Ит" for "1T") it
    could not make out, and the other reader's part with a digit or a letter only Latin has
    stands ("SSD-1T")."""
    a, b = first.split("-"), alt.split("-")
    if len(a) != len(b) or len(a) < 2 or not any(own_cyrillic(x) for x in a):
        return None
    again = page.split("-") if page is not None else []
    doubted = [len(again) == len(a) and fold(p) != fold(x) for p, x in zip(again, a, strict=False)]
    parts = []
    for n, (x, y) in enumerate(zip(a, b, strict=True)):
        latin = latin_letters(y)
        # A Cyrillic letter of the first reader's stands, unless its part is junk ("Г$") or
        # has digits where the other reader read letters only ("Г5" for "LS").
        garbled = abs(len(x) - len(y)) <= 1 and any(c.isdigit() for c in x) and y.isalpha()
        mine = own_cyrillic(x) and not JUNK.search(x) and not garbled
        take = latin and any(c in ONLY_LATIN for c in y) and not mine
        # Only a code's part: a few capitals or digits ("ГГ"), not a word ("разгрузочные",
        # which the English model spells "pa3rpy304uHbie").
        code_part = len(x) <= CODE_PART and not any(c.islower() for c in x)
        # (Not where the other reader only spells the first's Cyrillic part in the Latin
        # letters it reads them as: "JTM" for "ЛИ".)
        spelled = english_spelling(x, y)
        if n < len(doubted) and doubted[n] and code_part and y.isascii() and y.isalnum():
            take = (take or any(c.isdigit() or c in ONLY_LATIN for c in y)) and not spelled
        parts.append(y if take else x)
    merged = "-".join(parts)
    return merged if merged != first else None
