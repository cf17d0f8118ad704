"""Ink the page reading passed over: found where no word box covers print."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from teamtask.ocr.load import Word
from teamtask.ocr.missed import MISSED, missed_boxes

from .corpus import FONT_DIR, FONTS


def _page() -> tuple[np.ndarray, list[Word]]:
    """Two lines of print, a scribble two lines tall and a few specks; the words of the
    first line only are "read"."""
    font = ImageFont.truetype(str(FONT_DIR / FONTS["liberation"][0]), 36)
    img = Image.new("L", (1400, 400), 255)
    d = ImageDraw.Draw(img)
    d.text((100, 60), "Светодиодная", fill=0, font=font)
    d.text((100, 105), "лента 5 м", fill=0, font=font)
    d.line([(700, 60), (760, 200), (820, 70), (900, 190)], fill=0, width=4)  # pen loops
    for x in (400, 1000, 1200):
        d.point([(x, 300), (x + 1, 300)], fill=0)
    gray = np.where(np.asarray(img) < 128, 0, 255).astype(np.uint8)
    ys, xs = np.nonzero(gray[55:100, 90:400] < 128)
    read = Word("Светодиодная", 90 + xs.min(), 55 + ys.min(), 91 + xs.max(), 56 + ys.max(), 95)
    return gray, [read]


def test_a_line_the_page_reading_passed_over_is_found() -> None:
    gray, words = _page()
    h = words[0].y1 - words[0].y0
    boxes = missed_boxes(gray, words, h)
    assert len(boxes) == 1  # not the pen's loops (too tall), not the specks
    (box,) = boxes
    assert box.conf == MISSED and box.text == ""
    assert 95 <= box.x0 <= 105 and box.y0 >= words[0].y1 - 5
    assert 240 <= box.x1 <= 300 and box.y1 <= 160


def test_nothing_is_missed_where_every_line_was_read() -> None:
    gray, words = _page()
    h = words[0].y1 - words[0].y0
    second = Word("лента 5 м", 95, 105, 300, 150, 95)
    assert missed_boxes(gray, [*words, second], h) == []
    assert missed_boxes(gray, [], h) == []
