"""Page clean-up before OCR: what is coloured ink, and ruling lines on a noisy colour scan."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from teamtask.ocr.recognize import clean, color_mask


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
