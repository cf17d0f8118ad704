"""Word spaces the reader ran over: a size and its unit set close in a narrow font."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from teamtask.ocr.load import Word
from teamtask.ocr.spacing import (
    is_size,
    line_spaces,
    number_sign_joined,
    one_for_bracket,
    page_spaces,
    split_spaced,
)

from .corpus import FONT_DIR, FONTS

FONT = ImageFont.truetype(str(FONT_DIR / FONTS["liberation"][0]), 36)


def _set(pieces: list[tuple[str, int]]) -> tuple[np.ndarray, Word]:
    """Print each piece after the previous one with the given gap in pixels before it;
    return the page and one word boxed over all of them, as OCR reads them run together."""
    img = Image.new("L", (900, 100), 255)
    d = ImageDraw.Draw(img)
    x = 40
    for text, gap in pieces:
        x += gap
        d.text((x, 30), text, fill=0, font=FONT)
        x += round(d.textlength(text, font=FONT))
    gray = np.where(np.asarray(img) < 128, 0, 255).astype(np.uint8)
    ys, xs = np.nonzero(gray < 128)
    text = "".join(t for t, _ in pieces)
    return gray, Word(text, xs.min(), ys.min(), xs.max() + 1, ys.max() + 1, 60)


def test_a_number_and_its_unit_over_a_space_are_two_words() -> None:
    gray, word = _set([("75", 0), ("мм,", 14)])
    h = word.y1 - word.y0
    parts = split_spaced(gray, word, [12.0, 13.0], h)
    assert [p.text for p in parts] == ["75", "мм,"]
    assert parts[0].x0 == word.x0 and parts[1].x1 == word.x1
    assert parts[0].x1 < parts[1].x0
    gray, word = _set([("мм", 0), ("х", 14)])  # "48 мм х 66 м": the times sign after a unit
    assert [p.text for p in split_spaced(gray, word, [12.0], h)] == ["мм", "х"]


def test_a_word_before_a_size_is_split_from_it() -> None:
    """A wrapped cell's second line, "рук 1 л", read as one word "рук1л"."""
    gray, word = _set([("рук", 0), ("1", 14), ("л", 14)])
    h = word.y1 - word.y0
    assert [p.text for p in split_spaced(gray, word, [12.0], h)] == ["рук", "1", "л"]
    # The word alone before a letter is no size: "ли ния" stays (below), as does a code's
    # letters before its number where the ink shows no space.
    gray, word = _set([("ВА47", 0)])
    assert split_spaced(gray, word, [12.0], h) == [word]


def test_letters_set_close_stay_one_word() -> None:
    gray, word = _set([("75мм", 0)])  # printed without a space: the gaps are a letter's
    h = word.y1 - word.y0
    assert split_spaced(gray, word, [12.0], h) == [word]
    # A wide gap, but between parts that are no number, unit or times sign: no space.
    gray, word = _set([("ли", 0), ("ния", 14)])
    assert split_spaced(gray, word, [12.0], h) == [word]
    # The line's own spaces are wide: a gap narrower than they are is no space.
    gray, word = _set([("75", 0), ("мм", 14)])
    assert split_spaced(gray, word, [30.0, 32.0], h) == [word]


def test_a_reading_that_does_not_match_its_glyphs_is_left_alone() -> None:
    gray, word = _set([("75", 0), ("мм", 14)])
    h = word.y1 - word.y0
    misread = Word("75м", word.x0, word.y0, word.x1, word.y1, 60)  # a letter lost
    assert split_spaced(gray, misread, [12.0], h) == [misread]


def test_the_lines_spaces_leave_out_the_gaps_between_columns() -> None:
    h = 30.0
    words = [
        Word("Антисептик", 566, 1000, 716, 1030, 90),
        Word("для", 723, 1000, 767, 1030, 90),
        Word("рук", 780, 1000, 822, 1030, 90),
        Word("1л", 832, 1000, 868, 1030, 40),
        Word("796", 1201, 1000, 1247, 1030, 90),  # the next column
        Word("шт", 600, 1050, 640, 1080, 90),  # the next line
    ]
    assert line_spaces(words, words[3], h) == [7, 13, 10]
    # A line of one word shows no space; the page's lines do, each line's own.
    assert line_spaces(words, words[5], h) == []
    below = [Word("шт", 600, 1050, 640, 1080, 90), Word("упак", 652, 1052, 720, 1082, 90)]
    assert sorted(page_spaces(words[:5] + below, h)) == [7, 10, 12, 13]


def test_sizes_set_close_to_their_units_are_split_at_the_space_between_them() -> None:
    """A power supply's "12В 5А" read "12В5А": each side of the space is a size with its
    unit; a number before letters that are no unit ("12Щ") is none."""
    gray, word = _set([("12В", 0), ("5А", 14)])
    h = word.y1 - word.y0
    assert [p.text for p in split_spaced(gray, word, [12.0], h)] == ["12В", "5А"]
    latin = Word("12B5A", word.x0, word.y0, word.x1, word.y1, 86)  # the English reading
    assert [p.text for p in split_spaced(gray, latin, [12.0], h)] == ["12B", "5A"]
    gray, word = _set([("12Щ", 0), ("5А", 14)])
    assert split_spaced(gray, word, [12.0], h) == [word]
    # A wide gap after a 1 is inside its number: "16А" stays one size.
    gray, word = _set([("1", 0), ("6А", 14)])
    assert split_spaced(gray, replace(word, text="16А"), [12.0], h) == [replace(word, text="16А")]


def test_a_disk_size_and_its_unit_over_a_space_are_two_words() -> None:
    """A waybill's "Накопитель SSD 1 ТБ" read "1ТБ" in a narrow font."""
    gray, word = _set([("1", 0), ("ТБ", 14)])
    h = word.y1 - word.y0
    assert [p.text for p in split_spaced(gray, word, [12.5, 17.5], h)] == ["1", "ТБ"]


def test_a_one_read_as_a_bracket_before_its_unit_is_a_size() -> None:
    """Held-out УПД (a serif face, noisy copy): "1 л" of "Антисептик для рук 1 л" read
    "]л"; as "1л" its space is found like any size's."""
    assert one_for_bracket("]л") == "1л"
    assert one_for_bracket("]шт") == "1шт"
    gray, word = _set([("1", 0), ("л", 14)])
    parts = split_spaced(gray, replace(word, text=one_for_bracket("]л")), [12.0], 30.0)
    assert [p.text for p in parts] == ["1", "л"]
    # A bracket before a word that is no unit, or a bracket that closes: as read.
    assert one_for_bracket("]лента") == "]лента"
    assert one_for_bracket("шт]") == "шт]"


def test_a_number_sign_set_close_to_its_number_is_one_word() -> None:
    """Held-out УПД: "Степлер №24/6 до": the sign's box read apart, reaching over the 2's
    edge. Set a word space apart ("склада № 2"), the two stay two words."""
    line = [
        Word("Степлер", 559, 410, 708, 445, 92),
        Word("№", 720, 410, 762, 445, 96),
        Word("24/6", 759, 410, 839, 445, 90),
        Word("до", 850, 418, 893, 452, 96),
    ]
    assert [w.text for w in number_sign_joined(line, 35.0)] == ["Степлер", "№24/6", "до"]
    marked = [*line[:2], replace(line[2], text="'24/6"), line[3]]
    assert [w.text for w in number_sign_joined(marked, 35.0)] == ["Степлер", "№24/6", "до"]
    spaced = [*line[:2], replace(line[2], x0=775.0, x1=855.0), replace(line[3], x0=866, x1=909)]
    assert [w.text for w in number_sign_joined(spaced, 35.0)] == ["Степлер", "№", "24/6", "до"]


def test_a_size_is_a_number_and_its_unit() -> None:
    """ "12В", "0,5л", "5A" (the English reader's look-alikes) are sizes; "05В" is none (a
    held-out УПД's "USB" read by the Russian model), nor a word or a bare number."""
    assert all(is_size(t) for t in ("12В", "0,5л", "5A", "75мм"))
    assert not any(is_size(t) for t in ("05В", "USB", "12", "Труба"))
