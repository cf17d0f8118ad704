"""Signature presence on small synthetic 300 dpi pages: where a pen signs, and what of the
ink there is a pen's (not print, rules or the seal's ring).

Print is drawn as letter-sized blocks inside the word boxes handed to the detector, as OCR
would report them; pen strokes are curves of a few pixels' width.
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from teamtask.ocr.load import Word, joined
from teamtask.ocr.marks import (
    Circle,
    _cut_rules,
    _is_text,
    _signing_line_before,
    detect_signature,
    pen_strokes,
)

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
    # The closing slash misread ("2,"): the surname before the initials and the ruled line
    # before it still make the place.
    slashless = [replace(w, text="2,") if i == 8 else w for i, w in enumerate(words)]
    assert _detect(img, slashless)
    # The name read together with the pen's strokes over it as one junk word that ends in
    # the name: the word's end is the name, the slash after it closes it.
    junk = [*words[:4], replace(joined(words[4:8], "Ааа `7/Иванов И.И."), conf=0.0), words[8]]
    assert _detect(img, junk)
    # The stroke garbled the whole name but for its initials and closing slash, in lower
    # case ("ебелььд.к./" for "/ Лебедев Д. К. /", a held-out contract).
    garbled = [*words[:3], replace(joined(words[3:], "ебелььд.к./"), conf=0.0)]
    assert _detect(img, garbled)
    assert not _detect(img, [*words[:3], replace(garbled[-1], text="ебелььдкк")])


def test_a_signature_across_the_line_under_a_signers_heading_counts() -> None:
    """A held-out act's signing block: "ИСПОЛНИТЕЛЬ" heads it, the pen signs across the line
    under it ("Индивидуальный предприниматель ___ Осипова"; here words no label, so the
    heading alone finds the place), not on the heading's line. An unsigned block is no
    signature; nor is a label with text beside it a heading."""
    img, draw = _page()
    words = [*_filler(draw), _word(draw, "ИСПОЛНИТЕЛЬ", 100, 300)]
    words += [_word(draw, "Ведущий", 100, 345), _word(draw, "специалист", 370, 345)]
    words.append(_word(draw, "Осипова", 800, 345))
    assert not _detect(img.copy(), words)
    _scribble(draw, 420, 370, 330, 30, 2)
    assert _detect(img, words)
    beside = [*words, _word(draw, "Иванов", 330, 300)]
    assert not _detect(img, beside)
    # A seal's junk read beside the heading ("5" at 0) is no text: still a heading.
    assert _detect(img, [*words, Word("5", 600, 300, 620, 330, 0)])


def test_an_entrepreneur_signs_as_predprinimatel() -> None:
    """A sixteenth corpus's 1C invoice from an ИП: "Предприниматель ____ Осипова Е.Ю.", the
    name's line garbled by the pen (noise) or not found as a ruled line (rotation): the
    label itself anchors the place."""
    img, draw, words, _ = _labelled_page("Предприниматель")
    assert not _detect(img.copy(), words)
    _scribble(draw, 520, 300, 300, 30, 3)
    assert _detect(img, words)


def test_broken_and_tilted_rules_by_a_label_are_no_signature() -> None:
    img, draw, words, _ = _labelled_page("Руководитель")
    _dashed(draw, 480, 340, 1150, 343)  # the signing line, faint and slightly tilted
    _dashed(draw, 480, 275, 1150, 279)  # a table's rule above
    _dashed(draw, 900, 230, 901, 370)  # and a column's
    assert not _detect(img.copy(), words)
    _scribble(draw, 520, 320, 300, 30, 3)
    assert _detect(img, words)


def test_a_seal_label_a_stroke_crossed_still_anchors_a_signature() -> None:
    """Held-out contract, grey copy: the pen's tail crossed "М.П.", read "Ми."; the stroke
    right of and above it is still found. Unsigned, the label finds nothing."""
    for label in ("М.П.", "Ми.", "МП"):
        img, draw, words, _ = _labelled_page(label)
        assert not _detect(img.copy(), words)
        _scribble(draw, 200, 300, 300, 28, 3)
        assert _detect(img, words)


def test_a_flat_cursive_signature_counts() -> None:
    """A signature no taller than print, but one unbroken wave across several words' width."""
    img, draw, words, label = _labelled_page("директор")
    _scribble(draw, label.x1 + 60, 340, 420, 11, 4)
    assert _detect(img, words)


def test_a_short_flat_flourish_counts() -> None:
    """Held-out ТОРГ-12: a flourish no taller than print, four line heights of it left of
    the seal that hides the rest; shorter, it is a letter's worth of ink, no signature."""
    img, draw, words, label = _labelled_page("директор")
    _scribble(draw, label.x1 + 60, 340, 120, 9, 2)
    assert _detect(img, words)
    img, draw, words, label = _labelled_page("директор")
    _scribble(draw, label.x1 + 60, 340, 80, 9, 2)
    assert not _detect(img, words)


def test_a_piece_of_the_seal_ring_outside_its_found_circle_is_no_signature() -> None:
    """On a photographed page the seal is an ellipse: its circle misses part of the ring."""
    img, draw, words, _ = _labelled_page("Руководитель")
    cx, cy, r_found, r_ring = 700, 540, 200, 240
    draw.ellipse([cx - r_ring, cy - r_ring, cx + r_ring, cy + r_ring], outline=110, width=7)
    seal = Circle(cx, cy, r_found, 1.0, level=110)
    assert not _detect(img.copy(), words, seal)
    _scribble(draw, 480, 330, 260, 30, 3)
    assert _detect(img, words, seal)


def test_a_grey_seals_inner_ring_over_the_signing_place_is_no_signature() -> None:
    """Twenty-second corpus, grey copies: a seal's inner ring, as dark as a pen there (no
    colour tells it), crossed the signer's line; its arc, at one distance from the seal's
    centre however long, is the seal's. A pen's loops across it still count."""
    img, draw, words, _ = _labelled_page("Руководитель")
    cx, cy, r = 640, 380, 200
    draw.ellipse([cx - r, cy - r, cx + r, cy + r], outline=110, width=7)
    inner = 0.68 * r
    draw.ellipse([cx - inner, cy - inner, cx + inner, cy + inner], outline=60, width=4)
    seal = Circle(cx, cy, r, 1.0, level=110)
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


def _sealed_signing_place(signed: bool) -> bool:
    """A colour page: "директор" and the signer's name in black print, a blue seal over
    the name (ring, letters round it, two lines of letters inside), and, if `signed`, a
    signature in the seal's blue along the name's line, across its words (held-out act:
    the printed words' boxes, blanked out, cut the stroke into letter-sized bits)."""
    from teamtask.ocr.recognize import color_mask

    blue = (40, 60, 170)
    img, d = _colour_page()
    words = [_word_rgb(d, t, 100 + 200 * i, 40) for i, t in enumerate(("Договор", "поставки"))]
    words.append(_word_rgb(d, "директор", 100, 600))
    x = 490.0
    for text in ("Лебедев", "Д.", "К.", "ИНН", "7711981650"):  # under the seal
        words.append(_word_rgb(d, text, x, 600))
        x = words[-1].x1 + 10
    cx, cy, r = 700, 620, 220
    d.ellipse([cx - r, cy - r, cx + r, cy + r], outline=blue, width=7)
    for k in range(36):  # the seal's letters round its ring
        a = 2 * math.pi * k / 36
        lx, ly = cx + (r - 30) * math.cos(a), cy + (r - 30) * math.sin(a)
        d.rectangle([lx - 8, ly - 10, lx + 8, ly + 10], fill=blue)
    for row, y in ((0, cy - 75), (1, cy + 45)):  # its name inside, letters apart
        for k in range(9 - 2 * row):
            lx = cx - 170 + 40 * (k + row)
            d.rectangle([lx, y, lx + 24, y + 30], fill=blue)
    if signed:
        pts = [(470 + 2.5 * i, 615 + 26 * math.sin(i / 6)) for i in range(170)]
        d.line(pts, fill=blue, width=5, joint="curve")
    gray = np.asarray(img.convert("L").filter(ImageFilter.GaussianBlur(0.8)), dtype=np.uint8)
    seal = Circle(cx, cy, r, 1.0)
    return detect_signature(gray, color_mask(img), DPI, words, seal).present


def _word_rgb(draw: ImageDraw.ImageDraw, text: str, x: float, y: float) -> Word:
    """A printed word in black on a colour page (as `_word`)."""
    step = LINE_H * 0.55
    for i, _ in enumerate(text):
        left = x + i * step
        draw.rectangle([left, y + 6, left + step * 0.7, y + LINE_H - 4], fill=(20, 20, 20))
    return Word(text, x, y, x + step * len(text), y + LINE_H, 95)


def test_a_signature_in_the_seals_colour_across_the_name_under_it_counts() -> None:
    assert _sealed_signing_place(signed=True)
    assert not _sealed_signing_place(signed=False)


def test_a_signature_ocr_read_with_the_name_under_it_as_one_tall_word_counts() -> None:
    """Held-out act: a wave signed above "Белова Н. С." on the signer's line, which OCR read
    as one word three lines tall ("Умные." 58): its print is on the label's line; the
    pen's strokes above it are no print."""
    img, draw, words, label = _labelled_page("директор")
    name = [_word(draw, "Белова", label.x1 + 200, label.y0)]
    _scribble(draw, label.x1 + 60, label.y0 - 25, 330, 14, 3)
    swallowed = Word("Умные.", label.x1 + 50, label.y0 - 50, name[0].x1 + 20, label.y1 + 5, 58)
    assert _detect(img, [*words, swallowed])
    assert not _detect(_labelled_page("директор")[0], [*words, swallowed])  # no pen, no print


def test_a_stroke_across_a_rule_stays_whole_where_the_rule_is_cut_away() -> None:
    """A blurred copy's signature line is thick: cut away, it cut the pen's stroke across it
    in two, each half too small to be a hand's. The rule goes; where the stroke crosses it,
    the stroke stays whole. A letter standing on the rule is not joined to anything."""
    region = np.zeros((60, 200), dtype=bool)
    region[30:36, 10:190] = True  # the rule, 6 px thick
    region[10:55, 50:53] = True  # a stroke across it
    region[20:30, 120:126] = True  # a letter standing on it
    out = _cut_rules(region, 40, 40.0)
    assert out[10:55, 50:53].all()  # the stroke, whole
    assert not out[30:36, 60:190].any() and not out[30:36, 10:50].any()  # the rule, gone
    assert out[20:30, 120:126].all() and not out[30:36, 120:126].any()
    # Under a seal its letters cross rules everywhere: nothing is given back there.
    seal = np.zeros_like(region)
    seal[:, 40:60] = True
    assert not _cut_rules(region, 40, 40.0, seal)[30:36, 50:53].any()


def test_a_rule_under_the_name_is_no_signing_line() -> None:
    """A name without its slash ("Григорьев П. А.") marks a signing place only where a ruled
    line ends before it; a 1C act's row rule running on under the name does not (its seal's
    letters had been taken for a pen's)."""
    img, draw = _page()
    y = 500
    surname, initials = _word(draw, "Григорьев", 400, y), _word(draw, "П.А.", 560, y)
    ink = np.asarray(img) < 128
    signing = ink.copy()
    signing[y + LINE_H - 3 : y + LINE_H, 100:380] = True  # the line drawn to sign on
    row = ink.copy()
    row[y + LINE_H - 3 : y + LINE_H, 100:700] = True  # a rule under the whole row
    assert _signing_line_before([surname, initials], initials, signing, LINE_H, DPI)
    assert not _signing_line_before([surname, initials], initials, row, LINE_H, DPI)
    assert not _signing_line_before([initials], initials, signing, LINE_H, DPI)  # no surname


def test_a_stroke_across_a_printed_word_by_the_label_stays_whole() -> None:
    """A tenth held-out corpus's ТОРГ-12: the pen signed across "Директор" right of
    "Отпуск груза разрешил", its wave rising into the line above. Blanking the word's box
    had cut the stroke into bits no bigger than letters. Print alone is no signature."""
    img, draw, words, _ = _labelled_page("разрешил")
    words.append(_word(draw, "Директор", 330, 300))
    words.append(_word(draw, "Восемьдесят", 330, 255))
    assert not _detect(img.copy(), words)
    _scribble(draw, 340, 290, 150, 22, 2)
    assert _detect(img, words)


def test_a_seals_ring_across_the_printed_words_by_a_label_is_no_stroke() -> None:
    """Text-layer УПД pages of two held-out corpora: a grey seal laid over "…права сдал
    (10)" and the line above it; its ring runs into the black print it crosses. The ink
    that runs out of the words is the seal's, not a pen's: no signature."""
    img, draw = _page()
    words = [*_filler(draw), _word(draw, "сдал", 100, 400)]
    for y in (355, 400):
        x = 200.0
        for text in ("результаты", "работ", "права"):
            words.append(_word(draw, text, x, y))
            x = words[-1].x1 + 12
    cx, cy, r = 420, 420, 110
    draw.ellipse([cx - r, cy - r, cx + r, cy + r], outline=90, width=6)
    draw.ellipse([cx - r + 30, cy - r + 30, cx + r - 30, cy + r - 30], outline=90, width=4)
    assert not _detect(img, words, Circle(cx, cy, r, 1.0, level=90))


def test_a_seal_ring_with_its_letters_touching_it_is_no_pen_stroke() -> None:
    """Held-out act, seal inked as on paper over the signer's line: a stretch of the inner
    ring with a bold letter touching it inside and one outside (0.52–0.80 of the radius)
    passed for a pen's stroke. A stroke that crosses the ring and runs on is one."""
    r, cx, cy = 200.0, 300, 300
    yy, xx = np.mgrid[0:600, 0:600]
    dist = np.hypot(xx - cx, yy - cy)
    ring = np.abs(dist - 0.66 * r) < 3
    arc = ring & (yy < cy - 60) & (xx > cx - 120) & (xx < cx + 120)
    letters = np.zeros_like(arc)
    letters[cy - 131 : cy - 104, cx - 20 : cx - 8] = True  # inside, touching the ring
    letters[cy - 160 : cy - 126, cx + 20 : cx + 34] = True  # outside, touching it
    assert not pen_strokes(arc | letters, dist, r).any()
    stroke = np.zeros_like(arc)
    for k in range(110):  # a pen's line from 0.45 r to past 0.9 r, across the ring
        stroke[cy - 90 - k : cy - 86 - k, cx + 40 + k // 2 : cx + 44 + k // 2] = True
    assert pen_strokes(arc | letters | stroke, dist, r).any()
    # A signature along the ring (held-out ТОРГ-12): its loops, just inside the ring and
    # touching it, hold as much ink as the ring does.
    loops = (np.abs(dist - 0.6 * r) < 8) & (yy < cy - 60) & (xx > cx - 100) & (xx < cx + 100)
    loops |= (np.abs(dist - 0.63 * r) < 4) & (yy < cy - 60) & (xx > cx - 100) & (xx < cx + 100)
    assert pen_strokes(arc | letters | loops, dist, r).any()


def test_a_seals_inscription_run_together_across_its_middle_is_no_pen_stroke() -> None:
    """A twenty-first corpus's contract, its text-layer PDF drawn at 150 dpi: the seal's
    «БАЛТИЙСКАЯ» across its middle came out one blob of its colour from 0.18 to 0.58 of
    the radius, no taller than a line of the seal's letters. A pen's stroke rises further."""
    r, cx, cy = 120.0, 300, 300
    yy, xx = np.mgrid[0:600, 0:600]
    dist = np.hypot(xx - cx, yy - cy)
    inscription = np.zeros(dist.shape, dtype=bool)
    inscription[cy - 20 : cy - 6, cx - 70 : cx - 16] = True
    assert not pen_strokes(inscription, dist, r).any()
    stroke = np.zeros_like(inscription)
    for k in range(80):  # a pen's line rising from the same stretch towards the ring
        stroke[cy - 10 - k : cy - 7 - k, cx - 40 - k // 3 : cx - 37 - k // 3] = True
    assert pen_strokes(stroke, dist, r).any()


def test_a_signers_printed_name_larger_than_the_seal_label_is_print() -> None:
    """A sixteenth corpus's act, JPEG copy: "М.П." (24 px) under "/ Лебедев Д. К. /" printed
    larger (36 px): its slashes and its tailed initial "Д." (39 px) are the name's print,
    not a pen's strokes. A slash read unsurely, or an initial as tall without a tail, is
    not taken for print so."""
    lh = 24.0

    def word(text: str, h: float, conf: float = 93) -> Word:
        return Word(text, 0, 0, 18, h, conf)

    assert _is_text(word("/", 36.25), lh)
    assert _is_text(word("Д.", 38.75), lh)
    assert not _is_text(word("/", 36.25, conf=50), lh)
    assert not _is_text(word("К.", 38.75), lh)
