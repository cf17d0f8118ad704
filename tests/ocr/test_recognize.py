"""Page clean-up before OCR: what is coloured ink, and ruling lines on a noisy colour scan."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from teamtask.ocr.recognize import (
    clean,
    color_mask,
    line_preserving_despeckle,
    median3x3,
    w_from_halves,
)


def _noisy_colour_page(seed: int = 3) -> tuple[Image.Image, tuple[int, int, int, int]]:
    """A 300 dpi strip of black print and a ruling line, with ±30 of noise per channel,
    and a blue seal's ring at the right (its box returned)."""
    img = Image.new("RGB", (1600, 500), (250, 250, 250))
    d = ImageDraw.Draw(img)
    d.line([(40, 120), (1100, 120)], fill=(30, 30, 30), width=3)  # a table's rule
    for k in range(12):  # heavy strokes standing for print
        d.rectangle([60 + 80 * k, 160, 100 + 80 * k, 260], fill=(25, 25, 25))
    ring = (1200, 80, 1560, 440)
    d.ellipse(ring, outline=(40, 60, 190), width=10)
    rng = np.random.default_rng(seed)
    noisy = np.asarray(img, dtype=np.int16) + rng.integers(-30, 31, (500, 1600, 3))
    return Image.fromarray(np.clip(noisy, 0, 255).astype(np.uint8)), ring


def test_noisy_black_print_is_no_coloured_ink_but_a_seal_is() -> None:
    """Per pixel, noise makes dark grey "saturated" — (19, 50, 8) — and whitening it cut
    rules and letters to pieces."""
    img, (x0, y0, x1, _) = _noisy_colour_page()
    mask = color_mask(img)
    print_area = mask[100:280, 40:1100]
    assert print_area.mean() < 0.001
    # The ring's ink: most of a band along its top is found.
    top = mask[y0 : y0 + 10, (x0 + x1) // 2 - 40 : (x0 + x1) // 2 + 40]
    assert top.mean() > 0.6


def test_a_rule_on_a_noisy_colour_scan_is_found_whole_and_erased() -> None:
    img, _ = _noisy_colour_page()
    c = clean(img, 300, deskew=False)
    spans = [(r.start, r.end) for r in c.hrules if abs(r.pos - 120) < 4]
    assert len(spans) == 1
    start, end = spans[0]
    assert start < 50 and end > 1090
    assert c.ocr_gray is not None
    assert (c.ocr_gray[114:127, 40:1100] < 128).sum() == 0  # no dashes left for OCR to read


def _grainy_rotated_page(seed: int = 5) -> Image.Image:
    """A 300 dpi grey scan turned by 2°: lines of "print" and, between them, a one-pixel
    hairline rule, with grain (σ 8) that calls for the median filter."""
    img = Image.new("L", (2000, 900), 250)
    d = ImageDraw.Draw(img)
    for top in (150, 350, 650):  # lines of print: letter-sized blocks, word gaps
        for k in range(60):
            x = 100 + 30 * k + 20 * (k // 6)
            d.rectangle([x, top, x + 18, top + 30], fill=20)
    d.line([(100, 500), (1900, 500)], fill=30, width=1)  # the hairline rule
    img = img.rotate(2.0, resample=Image.Resampling.BILINEAR, fillcolor=250)
    rng = np.random.default_rng(seed)
    noisy = np.asarray(img, dtype=np.float64) + rng.normal(0, 8, (900, 2000))
    return Image.fromarray(np.clip(noisy, 0, 255).astype(np.uint8))


def test_a_hairline_rule_on_a_grainy_rotated_scan_is_found_whole_and_erased() -> None:
    """Turned by 2°, a hairline lies in one pixel row for a stretch, then in two: a 3×3
    median erased the one-row stretches, and the two-row ones were left as dashes that
    OCR read as letters."""
    c = clean(_grainy_rotated_page(), 300)
    assert abs(c.angle + 2.0) < 0.15  # turned back
    spans = [(r.start, r.end) for r in c.hrules if abs(r.pos - 500) < 8]
    assert len(spans) == 1
    start, end = spans[0]
    assert start < 200 and end > 1800
    assert c.ocr_gray is not None
    assert (c.ocr_gray[485:515, 150:1850] < 128).sum() == 0


def test_median3x3_is_a_3x3_median() -> None:
    rng = np.random.default_rng(1)
    gray = rng.integers(0, 256, (60, 80)).astype(np.uint8)
    pil = np.asarray(Image.fromarray(gray).filter(ImageFilter.MedianFilter(3)))
    assert np.array_equal(median3x3(gray)[1:-1, 1:-1], pil[1:-1, 1:-1])


def test_line_preserving_despeckle_keeps_hairlines_and_drops_specks() -> None:
    gray = np.full((40, 40), 250, dtype=np.uint8)
    gray[10, 5:35] = 30  # a horizontal hairline
    gray[5:35, 25] = 30  # a vertical one
    gray[30, 8] = 30  # a speck
    out = line_preserving_despeckle(gray)
    assert (out[10, 6:34] == 30).all() and (out[6:34, 25] == 30).all()
    assert out[30, 8] == 250


def test_bold_letters_touching_in_their_middles_are_no_rule() -> None:
    """Bold print set close and blurred by a rotation: the letters touch at the loose line
    threshold across their middle, a long dark run. It is no rule (ink above and below it
    all along), and erasing it would cut the word in half."""
    img = Image.new("L", (1200, 300), 255)
    d = ImageDraw.Draw(img)
    for k in range(10):  # "НННН": stems, a crossbar, grey joins to the next letter
        x = 100 + 28 * k
        d.rectangle([x, 100, x + 7, 140], fill=10)
        d.rectangle([x + 17, 100, x + 24, 140], fill=10)
        d.rectangle([x + 7, 114, x + 17, 126], fill=10)
        d.rectangle([x + 25, 114, x + 27, 126], fill=100)
    d.line([(100, 220), (1100, 220)], fill=20, width=3)  # a real rule below
    c = clean(img, 300, deskew=False)
    assert [round(r.pos) for r in c.hrules if r.start < 400] == [220]
    assert c.ocr_gray is not None
    assert (c.ocr_gray[114:127, 100:380] == 0).mean() > 0.8  # the crossbars are kept


def test_a_border_on_the_last_column_of_an_odd_sized_page_is_found() -> None:
    """A 200 dpi scan scaled to 300 dpi can come out an odd number of pixels wide, with a
    table's right border on its last column: the half-size rule mask dropped that column."""
    img = Image.new("L", (1201, 600), 255)
    d = ImageDraw.Draw(img)
    d.line([(1200, 50), (1200, 550)], fill=40, width=1)
    d.line([(100, 50), (1200, 50)], fill=40, width=2)
    c = clean(img, 300, deskew=False)
    assert [round(r.pos) for r in c.vrules] == [1200]


def test_a_w_read_as_its_two_halves_is_a_w() -> None:
    """Held-out waybill (PT Serif): the motor oil's "5W-40" read "5\\/-40" by the Russian
    model, which has no W ("5\\\\/-40" on the page)."""
    assert w_from_halves("5\\/-40,") == "5W-40,"
    assert w_from_halves("5\\\\/-40,") == "5W-40,"
    assert w_from_halves("1/2") == "1/2"
    assert w_from_halves("Москва") == "Москва"
