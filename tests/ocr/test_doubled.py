"""A printed line Tesseract read as two: the band is read again as one line."""

from __future__ import annotations

from itertools import pairwise

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from teamtask.ocr.doubled import reread_doubled
from teamtask.ocr.load import Word
from teamtask.ocr.recognize import SINGLE_LINE, ocr_words

from .corpus import FONT_DIR, FONTS

ROW = "17 867,10   1 786 710,00"


def _row() -> tuple[np.ndarray, dict[str, tuple[int, int]]]:
    """ROW printed on a strip, word by word, with the x span of each word's box."""
    font = ImageFont.truetype(str(FONT_DIR / FONTS["dejavu"][0]), 36)
    img = Image.new("L", (1000, 100), 255)
    d = ImageDraw.Draw(img)
    spans: dict[str, tuple[int, int]] = {}
    x = 40
    for word in ROW.split():
        box = d.textbbox((x, 25), word, font=font)
        d.text((x, 25), word, fill=0, font=font)
        spans[word] = (int(box[0]), int(box[2]))
        x = box[2] + (40 if word == "867,10" else 14)  # a cell's gap, then digit groups
    return np.asarray(img), spans


def _read_line(crop: np.ndarray) -> list[Word]:
    return ocr_words(crop, "rus", 30.0, SINGLE_LINE)


def _w(text: str, x0: float, x1: float) -> Word:
    return Word(text, x0, 28, x1, 62, 90)


def test_a_row_read_as_two_lines_over_the_same_ink_is_read_again_as_one() -> None:
    gray, s = _row()
    # As Tesseract gave it: the row's signs shared out between two lines on one band,
    # each read over the whole band ("867,1" inside "867,10", "1786" over "1 7").
    lines = {
        (1, 1, 1): [
            _w("17", *s["17"]),
            _w("867,1", s["867,10"][0] + 20, s["867,10"][1] - 10),
            _w("1786", s["1"][0], s["786"][0] + 10),
            _w("710,", s["710,00"][0], s["710,00"][1] - 40),
        ],
        (1, 1, 2): [
            _w("867,10", *s["867,10"]),
            _w("86", s["786"][0] + 12, s["786"][1]),
            _w("710,00", *s["710,00"]),
        ],
    }
    words = sorted(reread_doubled(gray, lines, _read_line), key=lambda w: w.x0)
    # Each sign read once (a digit group's space may go: amounts are read either way).
    assert "".join(w.text for w in words) == ROW.replace(" ", "")
    assert all(a.x1 <= b.x0 for a, b in pairwise(words))
    assert abs(words[1].x0 - s["867,10"][0]) < 8  # boxes in page coordinates
    # Where one line runs on alone ("17" before the other starts), it is not read again.
    assert lines[(1, 1, 1)][0] in words


def test_lines_that_share_no_ink_stay_as_they_were() -> None:
    gray, s = _row()
    lines = {
        (1, 1, 1): [_w("17", *s["17"]), _w("867,10", *s["867,10"])],
        (1, 1, 2): [_w("1", *s["1"]), _w("786", *s["786"]), _w("710,00", *s["710,00"])],
    }
    assert reread_doubled(gray, lines, _read_line) == [w for ws in lines.values() for w in ws]


def test_a_band_with_another_lines_print_in_it_is_not_read_as_one_line() -> None:
    gray, s = _row()
    a, b = s["867,10"]
    tall = Word("Ноутбук", a - 30, 20, b + 30, 70, 95)  # a line across the band
    lines = {
        (1, 1, 1): [_w("867,1", a + 20, b - 10)],
        (1, 1, 2): [_w("867,10", a, b), _w("1", *s["1"])],
        (1, 1, 3): [tall],
    }
    assert reread_doubled(gray, lines, _read_line) == [w for ws in lines.values() for w in ws]


def test_two_printed_lines_a_pen_stroke_joins_are_not_one_band() -> None:
    """Held-out ТОРГ-12: a signature read as a tall "А" on the line of "Всего отпущено на
    сумму…", over the words of "Отпуск груза разрешил" below: two lines, not one read
    twice (reading them as one band lost both, and the signer's label with them)."""
    gray = np.full((300, 1600), 255, dtype=np.uint8)
    above = [Word(t, 100 + 200 * k, 100, 280 + 200 * k, 130, 95) for k, t in enumerate("ABCD")]
    above.append(Word("А", 900, 95, 1200, 200, 41))  # the pen's loops, two lines tall
    below = [Word(t, 100 + 200 * k, 166, 280 + 200 * k, 196, 95) for k, t in enumerate("EFGHIJ")]
    lines = {(1, 1, 1): above, (1, 1, 2): below}

    def never(crop: np.ndarray) -> list[Word]:
        raise AssertionError("no band is read again")

    assert reread_doubled(gray, lines, never) == above + below


def test_a_name_wrapped_around_a_doubled_rows_numbers_keeps_it_from_being_read_as_one() -> None:
    """Held-out УПД: "Маршрутизатор" over "MikroTik hAP ас2" in the name cell, the row's
    numbers between them, shared out between the two name lines by Tesseract. Read as one
    band, the name's two lines came back as one garbled word; the name's words are no
    part of the band, and standing in it they keep it as it was read."""
    gray, s = _row()
    name = Word("Маршрутизатор", s["867,10"][0], 10, s["786"][1], 40, 96)  # into the band
    lines = {
        (1, 1, 1): [
            name,
            _w("867,1", s["867,10"][0] + 20, s["867,10"][1] - 10),
            _w("86", s["786"][0] + 12, s["786"][1]),
            _w("710,", s["710,00"][0], s["710,00"][1] - 40),
        ],
        (1, 1, 2): [
            Word("MikroTik", s["867,10"][0], 52, s["786"][1], 82, 90),
            _w("867,10", *s["867,10"]),
            _w("1786", s["1"][0], s["786"][1]),
            _w("710,00", *s["710,00"]),
        ],
    }

    def never(crop: np.ndarray) -> list[Word]:
        raise AssertionError("no band is read again")

    assert reread_doubled(gray, lines, never) == [w for ws in lines.values() for w in ws]
