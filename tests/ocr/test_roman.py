"""Roman numerals the Russian model reads as the letter of their strokes."""

from __future__ import annotations

import pytest

from teamtask.ocr.load import Word
from teamtask.ocr.roman import roman_numeral

from .test_readers import _printed


@pytest.mark.parametrize("font_name", ["liberation", "dejavu"])
def test_bare_stems_read_as_a_letter_are_a_roman_numeral(font_name: str) -> None:
    """Held-out waybill (Open Sans): "SATA III" read "SATA Ш"; the letter's stems stand on
    a bar, the numeral's apart."""
    gray, word = _printed("III", font_name)
    assert roman_numeral(gray, Word("Ш", word.x0, word.y0, word.x1, word.y1, 96)) == "III"
    gray, word = _printed("II", font_name)
    assert roman_numeral(gray, Word("П", word.x0, word.y0, word.x1, word.y1, 96)) == "II"
    for letter in ("Ш", "П"):
        gray, word = _printed(letter, font_name)
        assert roman_numeral(gray, Word(letter, word.x0, word.y0, word.x1, word.y1, 96)) == letter
