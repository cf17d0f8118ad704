"""Signature presence on small synthetic 300 dpi pages: where a pen signs, and what of the
ink there is a pen's (not print, rules or the seal's ring).

Print is drawn as letter-sized blocks inside the word boxes handed to the detector, as OCR
would report them; pen strokes are curves of a few pixels' width.
"""

from __future__ import annotations

import math

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from teamtask.ocr.load import Word
from teamtask.ocr.marks import Circle, _is_text, detect_signature

DPI = 300
LINE_H = 30  # a word box's height: 10 pt print at 300 dpi


def _page(width: int = 1600, height: int = 800) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    img = Image.new("L", (width, height), 250)
    return img, ImageDraw.Draw(img)


def _word(draw: ImageDraw.ImageDraw, text: str, x: float, y: float, conf: float = 95) -> Word:
    """A printed word: one dark block per character, inside a box of print's height."""
    step = LINE_H * 0.55
    for i, _ in enumerate(text):
        left = x + i * step
        draw.rectangle([left, y + 6, left + step * 0.7, y + LINE_H - 4], fill=20)
    return Word(text, x, y, x + step * len(text), y + LINE_H, conf)


def _printed_name(draw: ImageDraw.ImageDraw, x: float, y: float) -> list[Word]:
    """ "/ Иванов И. И. /" from x, on the line whose top is y."""
    words = []
    for text in ("/", "Иванов", "И.", "И.", "/"):
        w = _word(draw, text, x, y)
        words.append(w)
        x = w.x1 + 10
    return words


def _scribble(
    draw: ImageDraw.ImageDraw, x: float, y_mid: float, width: float, amplitude: float, loops: int
) -> None:
    """A pen's signature: loops along a line, a few pixels wide."""
    pts = []
    for i in range(200):
        t = i / 199
        pts.append(
            (
                x + width * t + 0.06 * width * math.sin(2 * math.pi * loops * t),
                y_mid + amplitude * math.sin(2 * math.pi * loops * t + 0.5),
            )
        )
    draw.line(pts, fill=40, width=5, joint="curve")


def _dashed(draw: ImageDraw.ImageDraw, x0: int, y0: int, x1: int, y1: int) -> None:
    """A rule broken into dashes shorter than the rule filter's length (a faint rule
    thresholded, a tilted scan's staircase)."""
    length = math.hypot(x1 - x0, y1 - y0)
    for start in range(0, int(length), 48):
        a, b = start / length, min(1.0, (start + 40) / length)
        draw.line(
            [(x0 + (x1 - x0) * a, y0 + (y1 - y0) * a), (x0 + (x1 - x0) * b, y0 + (y1 - y0) * b)],
            fill=30,
            width=3,
        )


def _detect(img: Image.Image, words: list[Word], stamp: Circle | None = None) -> bool:
    # A scan's soft edges: with two grey levels alone the ink threshold has nothing to split.
    gray = np.asarray(img.filter(ImageFilter.GaussianBlur(0.8)), dtype=np.uint8)
    return detect_signature(gray, None, DPI, words, stamp).present


def _filler(draw: ImageDraw.ImageDraw) -> list[Word]:
    """A line of body text far from the signing place: gives the page its usual word height."""
    return [
        _word(draw, t, 100 + 200 * i, 40) for i, t in enumerate(("Договор", "поставки", "товара"))
    ]


def _labelled_page(label: str) -> tuple[Image.Image, ImageDraw.ImageDraw, list[Word], Word]:
    """A page of body text with a signature label at (100, 300): the page, its drawing, the
    words OCR read and the label's word."""
    img, draw = _page()
    words = _filler(draw)
    words.append(_word(draw, label, 100, 300))
    return img, draw, words, words[-1]


def test_a_signature_on_the_line_before_a_printed_name_is_found_without_a_label() -> None:
    """ "______ / Иванов И. И. /" under a party's requisites: the label ("Поставщик") heads
    the block, far above; the pen signs on the line."""
    img, draw = _page()
    words = [*_filler(draw), _word(draw, "Поставщик", 100, 150)]
    y = 500
    draw.line([(100, y + LINE_H - 2), (560, y + LINE_H - 2)], fill=20, width=3)
    words += _printed_name(draw, 580, y)
    assert not _detect(img.copy(), words)  # the blank line alone is no signature
    _scribble(draw, 160, y + 10, 360, 28, 3)
    assert _detect(img, words)
    # OCR lost the initials' full stops ("С" before the slash): still a printed name.
    lost = [
        Word("И" if i in (6, 7) else w.text, w.x0, w.y0, w.x1, w.y1, w.conf)
        for i, w in enumerate(words)
    ]
    assert _detect(img, lost)


def test_broken_and_tilted_rules_by_a_label_are_no_signature() -> None:
    img, draw, words, _ = _labelled_page("Руководитель")
    _dashed(draw, 480, 340, 1150, 343)  # the signing line, faint and slightly tilted
    _dashed(draw, 480, 275, 1150, 279)  # a table's rule above
    _dashed(draw, 900, 230, 901, 370)  # and a column's
    assert not _detect(img.copy(), words)
    _scribble(draw, 520, 320, 300, 30, 3)
    assert _detect(img, words)


def test_a_flat_cursive_signature_counts() -> None:
    """A signature no taller than print, but one unbroken wave across several words' width."""
    img, draw, words, label = _labelled_page("директор")
    _scribble(draw, label.x1 + 60, 340, 420, 11, 4)
    assert _detect(img, words)


def test_a_piece_of_the_seal_ring_outside_its_found_circle_is_no_signature() -> None:
    """On a photographed page the seal is an ellipse: its circle misses part of the ring."""
    img, draw, words, _ = _labelled_page("Руководитель")
    cx, cy, r_found, r_ring = 700, 540, 200, 240
    draw.ellipse([cx - r_ring, cy - r_ring, cx + r_ring, cy + r_ring], outline=110, width=7)
    seal = Circle(cx, cy, r_found, 1.0, level=110)
    assert not _detect(img.copy(), words, seal)
    _scribble(draw, 480, 330, 260, 30, 3)
    assert _detect(img, words, seal)


def test_a_tall_short_junk_word_over_a_pen_loop_is_not_print() -> None:
    """What OCR reads of a pen's loop: "oN", half again print's height, middling confidence."""
    assert not _is_text(Word("oN", 0, 0, 160, 50, 36), 33)
    assert _is_text(Word("oN", 0, 0, 60, 30, 36), 33)  # print's height: a word, if unsure
    assert _is_text(Word("Фролов", 0, 0, 150, 50, 36), 33)


def _colour_page() -> tuple[Image.Image, ImageDraw.ImageDraw]:
    img = Image.new("RGB", (2480, 1200), (250, 250, 250))
    return img, ImageDraw.Draw(img)


def _stamp(img: Image.Image) -> bool:
    from teamtask.ocr.marks import detect_stamp
    from teamtask.ocr.recognize import color_mask

    gray = np.asarray(img.convert("L"))
    return detect_stamp(gray, color_mask(img), DPI)[0].present


def test_a_rectangular_stamp_in_coloured_ink_is_a_stamp() -> None:
    """ "ОПЛАЧЕНО" in a violet frame, 55 × 20 mm, its letters inside."""
    img, d = _colour_page()
    d.rectangle([1200, 600, 1850, 836], outline=(90, 60, 170), width=10)
    for k in range(8):  # the stamp's letters
        d.rectangle([1260 + 70 * k, 680, 1300 + 70 * k, 760], fill=(90, 60, 170))
    assert _stamp(img)


def test_blue_pen_strokes_and_a_black_table_are_no_rectangular_stamp() -> None:
    img, d = _colour_page()
    for x in range(200, 1400, 200):  # a ruled table in black: rectangles of a stamp's size
        d.rectangle([x, 200, x + 200, 400], outline=(20, 20, 20), width=4)
    pts = [(1600 + 6 * i, 700 + 60 * math.sin(i / 5)) for i in range(100)]
    d.line(pts, fill=(30, 50, 180), width=6)  # a signature in blue pen
    d.line([(1600, 640), (1600, 760)], fill=(30, 50, 180), width=6)  # and a stroke down
    assert not _stamp(img)
    # A frame with one side missing (a stamp's corner) is not told from strokes.
    img, d = _colour_page()
    d.line([(1200, 600), (1850, 600), (1850, 836), (1200, 836)], fill=(90, 60, 170), width=10)
    assert not _stamp(img)
