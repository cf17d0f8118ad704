"""How plausible one reading of a word is: whether the first reader's word is worth
reading again (`doubtful`), how far a reading is from what documents print (`oddity`), and
its confidence adjusted by both and by a letter only one alphabet has (`plausibility`).

Apart from the choices that use them (`readers`, `choose`, `runs`, `scripts`): every one
scores a reading alike and against the same confidence thresholds, so they live where
none of the choices has to import another to score a word.
"""

from __future__ import annotations

import re

from .alphabets import CODE, JUNK, ONLY_CYRILLIC, ONLY_LATIN, has_cyrillic
from .load import Word
from .parse import LOOKALIKE_TO_LATIN, LOOKALIKES, UNITS

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


CLAIM = 15.0  # a letter only one alphabet has: a claim the other reader could not make
# A unit of three letters or more without its last, itself no unit ("бу" 95 for "бут": the
# у's arm touching the т's bar in the binarised page, read as one letter).
_UNIT_CUT_SHORT = {u[:-1] for u in UNITS if len(u) >= 3} - UNITS


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
    if word.conf < SURE or _ODD.search(text) or CODE.match(text) or text in _UNIT_CUT_SHORT:
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
