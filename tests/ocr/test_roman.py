"""Roman numerals the Russian model reads as the letter of their strokes."""

from __future__ import annotations

import pytest

from teamtask.ocr.load import Word
from teamtask.ocr.roman import roman_numeral, stems_numeral

from .test_readers import _printed


@pytest.mark.parametrize("font_name", ["liberation", "dejavu", "liberation-serif"])
def test_bare_stems_read_as_a_letter_are_a_roman_numeral(font_name: str) -> None:
    """Held-out waybill (Open Sans): "SATA III" read "SATA Ш"; the letter's stems stand on
    a bar, the numeral's apart."""
    gray, word = _printed("III", font_name)
    assert roman_numeral(gray, Word("Ш", word.x0, word.y0, word.x1, word.y1, 96)) == "III"
    # Held-out УПД (a serif face, its serifs all but touching): read in lower case.
    assert roman_numeral(gray, Word("ш", word.x0, word.y0, word.x1, word.y1, 82)) == "III"
    gray, word = _printed("II", font_name)
    assert roman_numeral(gray, Word("П", word.x0, word.y0, word.x1, word.y1, 96)) == "II"
    assert roman_numeral(gray, Word("п", word.x0, word.y0, word.x1, word.y1, 96)) == "II"
    for letter in ("Ш", "П", "ш", "п"):
        gray, word = _printed(letter, font_name)
        assert roman_numeral(gray, Word(letter, word.x0, word.y0, word.x1, word.y1, 96)) == letter


@pytest.mark.parametrize("font_name", ["liberation", "dejavu", "liberation-serif"])
def test_bare_stems_the_page_passed_over_are_a_roman_numeral(font_name: str) -> None:
    """Held-out invoice (Open Sans): "SATA III" with "III" passed over as a rule's remnant,
    its crop read "И" and "lI". The ink alone tells the numeral; not a letter's one glyph,
    nor stems far taller than the line's words."""
    for printed, numeral in (("II", "II"), ("III", "III"), ("Ш", None), ("П", None), ("11", None)):
        gray, box = _printed(printed, font_name)
        found = stems_numeral(gray, box, h=(box.y1 - box.y0) * 1.2)
        assert (found.text if found else None) == numeral
    gray, box = _printed("III", font_name)
    assert stems_numeral(gray, box, h=(box.y1 - box.y0) / 2) is None  # a rule's remnants
    gray, box = _printed("I     I", font_name)
    assert stems_numeral(gray, box, h=(box.y1 - box.y0) * 1.2) is None  # specks apart


@pytest.mark.parametrize("font_name", ["liberation", "dejavu", "liberation-serif"])
def test_bare_stems_read_as_other_signs_are_a_roman_numeral(font_name: str) -> None:
    """Held-out УПД and invoice (Open Sans, PT Sans): "SATA III" read "SATA И" (the English
    reader "lll") and "SATA 1!". A number stays a number, and one glyph is no numeral."""
    gray, word = _printed("III", font_name)
    for read in ("И", "1!", "lll", "Н"):
        assert roman_numeral(gray, Word(read, word.x0, word.y0, word.x1, word.y1, 47)) == "III"
    gray, word = _printed("II", font_name)
    assert roman_numeral(gray, Word("И", word.x0, word.y0, word.x1, word.y1, 47)) == "II"
    gray, word = _printed("11", font_name)
    assert roman_numeral(gray, Word("11", word.x0, word.y0, word.x1, word.y1, 90)) == "11"
    gray, word = _printed("И", font_name)
    assert roman_numeral(gray, Word("И", word.x0, word.y0, word.x1, word.y1, 90)) == "И"
