"""Latin or Cyrillic: a word in two alphabets made of each reader's part where it can read
it, and the English reader's Latin word where the Russian model spelled its shapes in
Cyrillic letters — told by the ink (an L's foot, a t's ascender, an h's open top), by the
same code read surely elsewhere on the page, or (in `readers`) by Latin neighbours.

Apart from `choose`, which weighs one reading against another: these decisions take a
word apart into its alphabets' parts, or look past the word to the rest of the page.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from .alphabets import (
    ONLY_CYRILLIC,
    ONLY_LATIN,
    english_spelling,
    fold,
    latin_for_digits,
    latin_letters,
    latin_looking,
    latin_shaped,
    latin_spelling,
    letters_of,
    mixed_code,
    own_cyrillic,
    sure_latin,
)
from .boxes import EDGE_MARKS
from .glyphs import H_READ_AS, latin_ascenders, latin_feet, latin_open_tops
from .load import Word
from .plausible import FAIRLY_SURE, SURE


def latin_reading(readings: list[list[Word | None]], k: int) -> Word | None:
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


def spelled_and_feet(gray: np.ndarray, first: Word, alt: str) -> str | None:
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


def latin_part_seen(current: str, alt: str, seen: set[str]) -> str | None:
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


def latin_code_seen(current: str, alt: str, seen: set[str]) -> bool:
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


def two_alphabets(
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


def reads_latin(current: str, page: str, own: str | None, alt: Word) -> bool:
    """Whether the English reader's `alt` is the Latin word the Russian model read (as
    `current`, after the choices so far; `page` and `own` are its page and crop readings),
    should a Latin word stand beside it: a Russian reading spells the Latin word's shapes
    ("Соге" for "Core"; the crop's reading counts too: "Соте" on the page), or the Russian
    model could not make the word out and the English one read it surely."""
    spelled = any(latin_looking(t) and latin_spelling(t, alt) for t in (current, own or ""))
    for_digits = any(latin_for_digits(t, alt) for t in (page, own or "") if t)
    return spelled or sure_latin(page, own, alt) or for_digits


def latin_by_ink(gray: np.ndarray, word: Word, latin: str) -> bool:
    """Whether the ink shows the English reader's `latin` where the Russian model read the
    same shapes in Cyrillic letters but for letters the ink tells apart: a t's ascender
    over т ("cat.5e"), an h's open top over П ("hAP")."""
    if fold(word.text) == fold(latin):
        return latin_ascenders(gray, word, latin)
    pe_for_h = "".join(
        a if a == "h" and c in H_READ_AS else c for c, a in zip(word.text, latin, strict=False)
    )
    return fold(pe_for_h) == fold(latin) and latin_open_tops(gray, word, latin)
