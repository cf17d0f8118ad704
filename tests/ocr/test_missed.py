"""Ink the page reading passed over: found where no word box covers print."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from teamtask.ocr.load import Word
from teamtask.ocr.missed import (
    MISSED,
    between_words,
    closes_line,
    grow_garbled,
    grow_over_left_out,
    lone_sign_place,
    missed_boxes,
    missed_reading,
    words_blanked,
)
from teamtask.ocr.recognize import Rule

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


def _printed(text: str, at: int = 100) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """`text` printed on a strip, with the x span of each of its words' ink."""
    font = ImageFont.truetype(str(FONT_DIR / FONTS["liberation"][1]), 40)
    img = Image.new("L", (900, 120), 255)
    d = ImageDraw.Draw(img)
    spans, x = [], at
    for word in text.split(" "):
        box = d.textbbox((x, 30), word, font=font)
        d.text((x, 30), word, fill=0, font=font)
        spans.append((box[0], box[2]))
        x = box[2] + 14
    gray = np.where(np.asarray(img) < 128, 0, 255).astype(np.uint8)
    inked = [np.nonzero((gray[:, a:b] < 128).any(axis=0))[0] + a for a, b in spans]
    return gray, [(int(cols.min()), int(cols.max()) + 1) for cols in inked]


def _word(gray: np.ndarray, text: str, x0: int, x1: int, conf: float = 92) -> Word:
    ys = np.nonzero((gray[:, x0:x1] < 128).any(axis=1))[0]
    return Word(text, x0, int(ys.min()), x1, int(ys.max()) + 1, conf)


def test_a_lone_sign_passed_over_between_words_is_found_and_boxed_to_its_ink() -> None:
    """Held-out УПД (a serif face): "Кофе в зернах" / "Lavazza 1 кг", the в and the 1 passed
    over. A sign narrower than a line's height is found where it may be one (`lone_sign`:
    between words), and each box is its ink, not the coarse blob's: a crop reaching into
    "зернах" read "вз" 29."""
    font = ImageFont.truetype(str(FONT_DIR / FONTS["liberation-serif"][0]), 36)
    img = Image.new("L", (900, 200), 255)
    ImageDraw.Draw(img).text((100, 40), "Кофе в зернах", fill=0, font=font)
    ImageDraw.Draw(img).text((100, 100), "Lavazza 1 кг", fill=0, font=font)
    gray = np.where(np.asarray(img) < 128, 0, 255).astype(np.uint8)

    def ink_box(text: str, x0: int, x1: int, y0: int) -> Word:
        ys, xs = np.nonzero(gray[y0 : y0 + 60, x0:x1] < 128)
        return Word(text, x0 + xs.min(), y0 + ys.min(), x0 + xs.max() + 1, y0 + ys.max() + 1, 95)

    words = [
        ink_box("Кофе", 90, 185, 30),
        ink_box("зернах", 210, 400, 30),
        ink_box("Lavazza", 90, 225, 95),
        ink_box("кг", 250, 400, 95),
    ]
    v, one = ink_box("", 185, 210, 30), ink_box("", 225, 250, 95)
    h = words[0].y1 - words[0].y0
    (box,) = missed_boxes(gray, words, h)  # the 1 is narrower than a word: not looked for
    assert (box.x0, box.y0, box.x1, box.y1) == (v.x0, v.y0, v.x1, v.y1)
    found = missed_boxes(gray, words, h, lambda box: True)
    assert [(b.x0, b.y0, b.x1, b.y1) for b in found] == [
        (v.x0, v.y0, v.x1, v.y1),
        (one.x0, one.y0, one.x1, one.y1),
    ]
    assert missed_boxes(gray, words, h, lambda box: False) == [box]


def test_a_lone_sign_stands_a_space_apart_from_the_words_around_it() -> None:
    """Held-out waybill (JPEG copy): the page's box of "MANN W" cut the W in half, and its
    right half, passed over, read "V" 84: ink touching a word's box is that word's, not a
    sign of its own. The "в" of "Кофе в зернах" stands a space apart from both."""
    h = 29.0
    mann, w_half = Word("MANN", 979, 1189, 1096, 1218, 96), Word("W", 1104, 1181, 1125, 1230, 24)
    after = Word("712/75", 1156, 1186, 1270, 1221, 95)
    piece = Word("", 1126, 1189, 1144, 1218, MISSED)
    assert not lone_sign_place([mann, w_half, after], piece, h, [])
    kofe, zernah = Word("Кофе", 499, 1281, 582, 1315, 96), Word("зернах", 621, 1290, 722, 1315, 96)
    v = Word("", 594, 1290, 612, 1306, MISSED)
    assert lone_sign_place([kofe, zernah], v, 26.0, [])
    assert not lone_sign_place([zernah], v, 26.0, [])  # no word before it


def test_a_lone_letter_read_alike_keeps_the_first_readers_case() -> None:
    """ "в" 78 in Russian, "B" 93 in English: one letter, the page's alphabet and case."""
    crops = [[Word("в", 594, 1290, 612, 1306, 78)], [Word("B", 594, 1290, 612, 1306, 93)]]
    (found,) = missed_reading(crops, 90, between=True)
    assert (found.text, found.conf) == ("в", 93)


def test_a_box_grows_over_the_sign_its_reading_holds_and_it_left_out() -> None:
    gray, ((a0, a1), (m0, m1), (_x0, x1), (s0, s1)) = _printed("48 мм х 66")
    words = [
        _word(gray, "48", a0, a1),
        _word(gray, "ммх", m0, m1),  # the reading has the х; the box stops at мм
        _word(gray, "66", s0, s1),
    ]
    h = max(w.y1 - w.y0 for w in words)
    grown = grow_over_left_out(gray, words, h)
    assert grown[0] == words[0] and grown[2] == words[2]
    assert grown[1].x0 == m0 and x1 - 2 <= grown[1].x1 <= x1 + 2
    assert grown[1].text == "ммх" and grown[1].conf == words[1].conf


def test_a_box_grows_leftwards_too() -> None:
    gray, ((a0, _a1), (b0, b1)) = _printed("1 418")
    word = _word(gray, "1418", b0, b1)
    (grown,) = grow_over_left_out(gray, [word], word.y1 - word.y0)
    assert a0 - 2 <= grown.x0 <= a0 + 2 and grown.x1 == b1


def test_no_box_grows_over_ink_its_reading_does_not_hold() -> None:
    gray, ((m0, m1), (x0, x1)) = _printed("мм х")
    h = 40.0
    # The reading has no sign more than the box's glyphs: the х is another word's, unread.
    assert grow_over_left_out(gray, [_word(gray, "мм", m0, m1)], h)[0].x1 == m1
    # Ink on both sides: which side the lost sign is on, the ink cannot say.
    gray, (_, (m0, m1), _) = _printed("4 мм х")
    word = _word(gray, "4ммх", m0, m1)
    assert grow_over_left_out(gray, [word], h) == [word]
    # A sign too far away to be the word's.
    gray, ((m0, m1), (x0, x1)) = _printed("мм х")
    far = np.full_like(gray, 255)
    far[:, m0:m1] = gray[:, m0:m1]
    far[:, x0 + 60 : x1 + 60] = gray[:, x0:x1]
    word = _word(far, "ммх", m0, m1)
    assert grow_over_left_out(far, [word], h) == [word]


def _letters(gray: np.ndarray, x0: int, x1: int) -> list[tuple[int, int]]:
    """The x spans of a printed word's glyphs between x0 and x1."""
    cols = (gray[:, x0:x1] < 128).any(axis=0)
    spans, start = [], None
    for x, inked in enumerate([*cols, False]):
        if inked and start is None:
            start = x
        elif not inked and start is not None:
            spans.append((x0 + start, x0 + x))
            start = None
    return spans


def test_a_garbled_readings_box_grows_over_the_letters_it_cut_off() -> None:
    """Held-out УПД: "Кабель" read "ое" (21) over "абел", its К and ь left out: the box
    grows over them, on both sides, so that its crop holds the word."""
    gray, ((k0, k1), (u0, u1)) = _printed("Кабель UTP")
    glyphs = _letters(gray, k0, k1)
    cut = _word(gray, "ое", glyphs[1][0], glyphs[-2][1], conf=21)
    utp = _word(gray, "UTP", u0, u1, conf=96)
    h = max(w.y1 - w.y0 for w in (cut, utp))
    grown, same = grow_garbled(gray, [cut, utp], h)
    assert k0 - 2 <= grown.x0 <= k0 + 2 and k1 - 2 <= grown.x1 <= k1 + 2
    assert (grown.text, grown.conf) == ("ое", 21) and same == utp  # not across the space
    # A sure reading is not grown (grow_over_left_out counts its signs); nor over a
    # neighbour a word space away.
    sure = Word("абел", cut.x0, cut.y0, cut.x1, cut.y1, 90)
    assert grow_garbled(gray, [sure, utp], h) == [sure, utp]
    kabel = _word(gray, "Кабель", k0, k1, conf=30)
    assert grow_garbled(gray, [kabel], h) == [kabel]


def test_a_garbled_reading_of_a_signature_grows_over_no_pen_stroke() -> None:
    """Held-out contract: a signature read "ое" (0) beside its own loop; grown over it, the
    box read as a long word, which the signature's finder then took for print."""
    gray, ((k0, k1),) = _printed("Кабель")
    pen = gray.copy()
    pen[:, k1 + 5 :] = 255
    pen[5:115, k1 + 6 : k1 + 10] = 0  # a pen's upstroke beside the word, out of its line
    cut = _word(pen, "ое", k0, k1, conf=0)
    h = cut.y1 - cut.y0
    assert grow_garbled(pen, [cut], h) == [cut]
    tall = Word("ое", k0, 5, k1, 115, 0)  # a box as tall as the stroke: no line's word
    assert grow_garbled(gray, [tall], h) == [tall]


def test_ink_the_page_passed_over_is_print_where_it_reads_as_print() -> None:
    """A wrapped name's line reads as words; a stray syllable does not."""
    words = [Word("лента", 100, 110, 190, 140, 93), Word("5", 200, 110, 215, 140, 83)]
    assert missed_reading([words, []], 90) == words
    assert missed_reading([[Word("ИН", 100, 110, 140, 140, 95)], []], 90) == []
    assert missed_reading([[replace(words[0], conf=40)], []], 90) == []  # read unsurely


def test_ink_the_page_passed_over_reads_as_a_number_sign_surely() -> None:
    """Held-out УПД (PT Serif): the N of "№24/6" passed over, the page reading its ring
    as "о."; the crop reads "№" 96. Read unsurely, a lone sign is none."""
    sign = Word("№", 720, 400, 756, 430, 96)
    assert missed_reading([[sign], [Word("Ne?", 720, 400, 756, 430, 1)]], 90) == [sign]
    assert missed_reading([[replace(sign, conf=70)], []], 90) == []


def test_ink_the_page_passed_over_reads_as_a_requisites_label_surely() -> None:
    """Held-out 1C invoice (Open Sans): the bank block's first line passed over, "БИК"
    read 96 from its crop. A short word that is no label stays a stray syllable."""
    label = Word("БИК", 1372, 160, 1456, 190, 96)
    assert missed_reading([[label], [Word("BUK", 1372, 160, 1456, 190, 90)]], 90) == [label]
    assert missed_reading([[replace(label, text="ИКС")], []], 90) == []
    assert missed_reading([[replace(label, conf=70)], []], 90) == []


def test_a_lone_sign_the_page_passed_over_between_words_is_read() -> None:
    """Held-out contract and ТОРГ-12 of the second catalogue: "розеток, 3 м", "Lavazza 1 кг"
    and "MANN W 712/75" lost their lone sign. Between two words of a line, one sign every
    reader reads alike, one surely, is kept; so is a letter only Latin has, read fairly
    surely by the English reader where the Russian model could not ("м" 25, "W" 70).
    Not between words (a rule's remnant, a seal's letter), not read alike, not surely:
    nothing."""
    three = [[Word("3", 792, 960, 818, 990, 91)], [Word("3", 792, 960, 818, 990, 96)]]
    assert missed_reading(three, 90, between=True) == [three[1][0]]
    one = [[Word("1", 792, 960, 806, 990, 93)], [Word("1", 792, 960, 806, 990, 95)]]
    assert missed_reading(one, 90, between=True) == [one[1][0]]  # "Lavazza 1 кг"
    assert missed_reading(one, 90) == []  # a lone stroke anywhere else: a rule's remnant
    w = [[Word("м", 605, 1430, 636, 1459, 25)], [Word("W", 605, 1430, 636, 1459, 70)]]
    assert [x.text for x in missed_reading(w, 90, between=True)] == ["W"]
    unsure = [[Word("м", 605, 1430, 636, 1459, 25)], [Word("W", 605, 1430, 636, 1459, 40)]]
    assert missed_reading(unsure, 90, between=True) == []
    apart = [[Word("Е", 998, 1190, 1024, 1220, 42)], [Word("3", 998, 1190, 1024, 1220, 92)]]
    assert missed_reading(apart, 90, between=True) == []
    faint = [[replace(three[0][0], conf=50)], [replace(three[1][0], conf=60)]]
    assert missed_reading(faint, 90, between=True) == []


def test_a_latin_letter_closing_its_line_is_read_only_surely() -> None:
    """A fifteenth corpus's invoice: "размер L" at a wide cell's end, the L read "Е" 42 by
    the Russian model, "L" 92 by the English one. Closing a line, only a letter only Latin
    has, read surely, is kept: not a Cyrillic letter, not a fair reading."""
    box = (998, 1191, 1011, 1218)
    lone = [[Word("Е", *box, 42)], [Word("L", *box, 92)]]
    assert [w.text for w in missed_reading(lone, 90, closing=True)] == ["L"]
    assert missed_reading(lone, 90) == []  # nowhere in particular: a speck's reading
    fair = [[Word("Е", *box, 42)], [Word("L", *box, 75)]]
    assert missed_reading(fair, 90, closing=True) == []
    cyrillic = [[Word("Е", *box, 95)], [Word("E", *box, 96)]]
    assert missed_reading(cyrillic, 90, closing=True) == []


def test_a_lone_digit_the_readers_read_differently_is_the_surest() -> None:
    """Held-out УПД (PT Sans Narrow): the "3" of "розеток, 3 м" read "5" 83 by the Russian
    model, "3" 91 by the English one: the surer digit (the ink judges 3 and 5 later). Not a
    lone 1, not unsure."""
    five, three = Word("5", 918, 1597, 930, 1625, 83), Word("3", 918, 1597, 930, 1625, 91)
    assert missed_reading([[five], [three]], 90, between=True) == [three]
    assert missed_reading([[five], [replace(three, conf=85)]], 90, between=True) == []
    one = replace(three, text="1", conf=95)
    assert missed_reading([[replace(five, text="7")], [one]], 90, between=True) == []


def test_a_latin_word_another_reader_read_surely_in_passed_over_ink_is_latin() -> None:
    """Held-out УПД: a wrapped cell's "масляный MANN W" passed over; its crop read
    "масляный" "МАММ" 89 by the Russian model, "MANN" 91 and "W" 88 by the English one,
    "macnaHbli" 42: the Latin words, where letters only Latin has were read surely."""
    russian = [Word("масляный", 661, 1840, 788, 1870, 93), Word("МАММ", 800, 1840, 878, 1866, 89)]
    english = [
        Word("macnaHbli", 661, 1840, 788, 1870, 42),
        Word("MANN", 800, 1840, 878, 1866, 91),
        Word("W", 888, 1840, 912, 1866, 88),
    ]
    got = missed_reading([russian, english], 90)
    assert [w.text for w in got] == ["масляный", "MANN", "W"]
    unsure = [replace(w, conf=60) for w in english]
    assert [w.text for w in missed_reading([russian, unsure], 90)] == ["масляный", "МАММ"]
    # A word with a letter only Cyrillic has stays the first reader's (the W beside it, which
    # the first reader read nothing of, is still read).
    mine = [russian[0], replace(russian[1], text="МАЛМ")]
    assert [w.text for w in missed_reading([mine, english], 90)] == ["масляный", "МАЛМ", "W"]
    # "SDR 11" on a wrapped cell's last line: the Russian model read "ОК" 0 and "11" 95, the
    # English one "SDR" 96 and "11" 96: the Latin word beside the number the first read.
    sdr = [Word("ОК", 439, 1540, 513, 1566, 0), Word("11", 527, 1540, 558, 1566, 95)]
    english = [Word("SDR", 439, 1540, 513, 1566, 96), Word("11", 527, 1540, 558, 1566, 96)]
    assert [w.text for w in missed_reading([sdr, english], 90)] == ["SDR", "11"]
    # A twenty-first corpus's ТОРГ-12: "LR6 (4" passed over; the Russian model read "ЕВб"
    # 69 (its shapes for L, R and 6), the English one "LR6" 91: a Latin code, letters and
    # a digit, as a Latin word is. Not where the Russian reading is surer.
    russian = [Word("ЕВб", 655, 1084, 717, 1114, 69), Word("(4", 731, 1084, 763, 1119, 96)]
    english = [Word("LR6", 655, 1084, 717, 1114, 91), Word("(4", 731, 1084, 763, 1119, 96)]
    assert [w.text for w in missed_reading([russian, english], 90)] == ["LR6", "(4"]
    surer = [replace(russian[0], conf=93), russian[1]]
    assert [w.text for w in missed_reading([surer, english], 90)] == ["ЕВб", "(4"]


def test_ink_the_page_passed_over_reads_as_a_short_code_only_surely() -> None:
    """Held-out grey waybill: the article "А4" alone in its cell, which the page reading
    passed over, read 91 from its crop. A code read unsurely is none."""
    code = Word("А4", 849, 1316, 897, 1348, 91)
    assert missed_reading([[code], [replace(code, text="A4", conf=62)]], 90) == [code]
    assert missed_reading([[replace(code, conf=70)], []], 90) == []


def test_ink_the_page_passed_over_reads_as_a_number_where_the_readers_agree() -> None:
    """Held-out УПД: the quantity "3" set close to its cell's rule, passed over by the
    page reading; its crop read "3" 53 in Russian and 96 in English."""
    rus, eng = Word("3", 1524, 1980, 1556, 2012, 53), Word("3", 1524, 1980, 1556, 2012, 96)
    assert missed_reading([[rus], [eng]], 90) == [eng]
    assert missed_reading([[rus], [replace(eng, text="8")]], 90) == []  # the readers differ
    assert missed_reading([[rus], [replace(eng, conf=80)]], 90) == []  # neither sure
    ones = [[replace(rus, text="1")], [replace(eng, text="1")]]
    assert missed_reading(ones, 90) == []  # a rule's remnant
    assert missed_reading([[rus, rus], [eng, eng]], 90) == []  # no lone number


def test_ink_the_page_passed_over_sits_in_a_line_between_words_or_before_a_rule() -> None:
    """Held-out ТОРГ-12: the "W" of "MANN W 712/75", 10 px after "MANN" and a word space
    before "712/75", whose box reaches a little over the next word's."""
    line = [Word("MANN", 517, 1430, 595, 1459, 91), Word("712/75", 640, 1430, 731, 1462, 95)]
    box = Word("", 605, 1430, 644, 1459, -2.0)
    assert between_words(line, box, 29.0, [])
    assert not between_words(line[:1], box, 29.0, [])  # nothing after it
    cell_end = [Rule(660.0, 1400.0, 1500.0)]
    assert between_words(line[:1], box, 29.0, cell_end)  # its cell's rule after it
    through = [Rule(620.0, 1400.0, 1500.0)]
    assert not between_words(line, box, 29.0, through)  # a rule's remnant


def test_ink_the_page_passed_over_may_close_its_line_in_a_wide_cell() -> None:
    """A fifteenth corpus's invoice: "размер L" at the end of a wide cell, the L passed
    over; no word after it in its cell, a capital's height, no wider."""
    line = [
        Word("размер", 893, 1200, 987, 1227, 94),
        Word("50", 1623, 1191, 1653, 1220, 90),  # the next column's
    ]
    box = Word("", 996, 1191, 1024, 1218, -2.0)
    cell_end = [Rule(1600.0, 1150.0, 1250.0)]
    assert closes_line(line, box, 30.0, cell_end)
    assert closes_line(line, box, 30.0, [])  # no rule: nothing within a few words
    near = [line[0], Word("50", 1100, 1191, 1130, 1220, 90)]
    assert not closes_line(near, box, 30.0, [])  # ...a word within them
    later = [*line, Word("мм", 1100, 1200, 1140, 1227, 96)]
    assert not closes_line(later, box, 30.0, cell_end)  # a word after it in its cell
    wide = replace(box, x1=1100)
    assert not closes_line(line, wide, 30.0, cell_end)  # no single sign
    assert not closes_line(line, replace(box, y0=1150), 30.0, cell_end)  # taller than print
    assert not closes_line(line, box, 30.0, [Rule(1010.0, 1150.0, 1250.0)])  # a rule's remnant


def test_the_page_less_the_words_it_read_keeps_only_ink_passed_over() -> None:
    gray = np.zeros((50, 100), dtype=np.uint8)
    blanked = words_blanked(
        gray, [Word("м", 60, 10, 80, 40, 90), Word("", 10, 10, 30, 40, -2.0)], 75
    )
    assert (blanked[10:41, 60:81] == 255).all()
    assert (blanked[10:41, 10:31] == 0).all()  # a box of missed ink stays as it is
    # An unsure reading beside it may be a piece of its glyph ("о." over a "№"'s ring).
    ring = words_blanked(gray, [Word("о.", 60, 10, 80, 40, 67)], 75)
    assert (ring[10:41, 60:81] == 0).all()
    assert (gray == 0).all()  # the page itself untouched
