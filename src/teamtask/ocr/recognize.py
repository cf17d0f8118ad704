"""Image clean-up and Tesseract: deskew, denoise, remove ruling lines and coloured ink, OCR.

Ruling lines are removed before OCR because Tesseract's page layout analysis drops whole rows
of ruled tables; their positions are kept, since they are the best column and row boundaries
a table has. Coloured ink (stamps, blue signatures) is whitened for the same reason.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .doubled import LineKey, reread_doubled
from .load import Word

OCR_DPI = 300


@dataclass
class Rule:
    """A ruling line: horizontal (y fixed) or vertical (x fixed), in page pixels."""

    pos: float
    start: float
    end: float


@dataclass
class Cleaned:
    gray: np.ndarray  # deskewed, denoised page, uint8
    color: np.ndarray | None  # mask of coloured (non-grey) ink on the same grid
    dpi: float
    angle: float
    hrules: list[Rule] = field(default_factory=list)
    vrules: list[Rule] = field(default_factory=list)
    ocr_gray: np.ndarray | None = None  # gray without rules and coloured ink


def otsu(gray: np.ndarray) -> int:
    from PIL import Image

    hist = np.asarray(Image.fromarray(gray).histogram(), dtype=np.float64)
    total = hist.sum()
    if total == 0:
        return 128
    levels = np.arange(256)
    w0 = np.cumsum(hist)
    m0 = np.cumsum(hist * levels)
    w1 = total - w0
    mean_all = m0[-1]
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (mean_all * w0 / total - m0) ** 2 / (w0 * w1)
    between = np.nan_to_num(between)
    t = int(np.argmax(between))
    # A blank page has no bimodal histogram; keep only clearly dark pixels as ink then.
    return min(t, 200)


def color_mask(image: Any) -> np.ndarray:
    """Pixels of saturated ink (blue, violet, red) — stamps and pen signatures.

    Seen a pixel at a time, a noisy colour scan's black print is "coloured" too: ±30 of
    noise per channel makes (19, 50, 8) of a dark grey, saturated by HSV's measure, and
    whitening it cut the print's rules and letters to pieces. So colour must also be seen
    on a slightly blurred image (the noise averages out, a stamp's ink does not), in
    absolute terms; a pixel coloured on its own counts near such ink (the light fringe of
    a stamp's strokes). The blurred test is made only where some pixel is coloured.
    """
    from PIL import ImageFilter

    rgb = image.convert("RGB")
    high, chroma = _value_and_chroma(rgb)
    pixel = _saturated(high, chroma) & (high < 245) & (high > 40)
    if not pixel.any():
        return pixel
    high, chroma = _value_and_chroma(rgb.filter(ImageFilter.BoxBlur(1)))
    ink = _saturated(high, chroma) & (chroma > 40) & pixel
    return pixel & _grow(ink, 2)


def _value_and_chroma(rgb: Any) -> tuple[np.ndarray, np.ndarray]:
    """HSV's value (the brightest channel) and the chroma (brightest less darkest) of an RGB
    image: two PIL passes each, where a conversion to HSV computes the hue too."""
    from PIL import ImageChops

    r, g, b = rgb.split()
    high = ImageChops.lighter(ImageChops.lighter(r, g), b)
    low = ImageChops.darker(ImageChops.darker(r, g), b)
    return np.asarray(high), np.asarray(ImageChops.subtract(high, low))


def _saturated(high: np.ndarray, chroma: np.ndarray) -> np.ndarray:
    """HSV saturation above 90 of 255, as PIL's conversion computes it (chroma / value,
    scaled to 255 and truncated)."""
    return chroma.astype(np.int32) * 255 >= 91 * high.astype(np.int32)


def _grow(mask: np.ndarray, k: int) -> np.ndarray:
    """A mask widened by k pixels each way (a square structuring element)."""
    out = mask.copy()
    for _ in range(k):
        step = out.copy()
        step[1:, :] |= out[:-1, :]
        step[:-1, :] |= out[1:, :]
        step[:, 1:] |= step[:, :-1].copy()
        step[:, :-1] |= step[:, 1:].copy()
        out = step
    return out


def _shift_and(m: np.ndarray, k: int) -> np.ndarray:
    out = np.zeros_like(m)
    out[:, : m.shape[1] - k] = m[:, : m.shape[1] - k] & m[:, k:]
    return out


def _shift_or(m: np.ndarray, k: int) -> np.ndarray:
    out = m.copy()
    out[:, k:] |= m[:, : m.shape[1] - k]
    return out


def _runs_open(mask: np.ndarray, length: int, axis: int) -> np.ndarray:
    """Morphological opening with a 1×length line: keeps runs at least `length` long.

    Erosion and dilation by doubling shifts: a handful of whole-array ANDs/ORs, fast enough
    for a 300 dpi page in numpy without OpenCV.
    """
    m = mask if axis == 1 else mask.T
    if m.shape[1] <= length:
        return np.zeros_like(mask)
    ero, k = m, 1
    while 2 * k <= length:  # ero[i] = m[i..i+k-1] all set
        ero = _shift_and(ero, k)
        k *= 2
    if k < length:
        ero = _shift_and(ero, length - k)
    dil, k = ero, 1
    while 2 * k <= length:  # dil[j] = any ero[j-k+1..j]
        dil = _shift_or(dil, k)
        k *= 2
    if k < length:
        dil = _shift_or(dil, length - k)
    return dil if axis == 1 else dil.T


def _meets(rule: Rule, across: list[Rule], slack: float = 4.0) -> bool:
    """Whether a rule touches (or crosses) one of the rules that run across it."""
    return any(
        o.start - slack <= rule.pos <= o.end + slack
        and rule.start - slack <= o.pos <= rule.end + slack
        for o in across
    )


def _rules(mask: np.ndarray, axis: int, min_len: int) -> list[Rule]:
    """Group line pixels into rules; axis=1 horizontal, axis=0 vertical."""
    prof = mask.sum(axis=axis)  # per row (horizontal) or per column (vertical)
    idx = np.flatnonzero(prof >= min_len)
    rules: list[Rule] = []
    if idx.size == 0:
        return rules
    groups = np.split(idx, np.flatnonzero(np.diff(idx) > 3) + 1)
    for g in groups:
        band = mask[g[0] : g[-1] + 1, :] if axis == 1 else mask[:, g[0] : g[-1] + 1]
        along = band.any(axis=0 if axis == 1 else 1)
        on = np.flatnonzero(along)
        if on.size == 0:
            continue
        # Split at gaps: two tables side by side are two rules.
        parts = np.split(on, np.flatnonzero(np.diff(on) > 8) + 1)
        for p in parts:
            if p[-1] - p[0] + 1 >= min_len:
                rules.append(Rule(float(g.mean()), float(p[0]), float(p[-1])))
    return rules


def _inside_print(ink: np.ndarray, mask: np.ndarray, rule: Rule, axis: int) -> bool:
    """Whether a run found as a rule lies inside a line of print: ink just beyond it on both
    sides along most of its length.

    Bold letters set close, blurred by a rotation, touch at the loose line threshold: their
    middles make a long dark run. A rule has paper on either side, save where other rules
    cross it or a glyph touches it; erasing the run would cut the word in half.
    """
    if axis == 0:
        ink, mask = ink.T, mask.T
    start, end = int(rule.start), int(rule.end) + 1
    p0 = max(0, int(rule.pos) - 4)
    rows = np.flatnonzero(mask[p0 : int(rule.pos) + 5, start:end].any(axis=1))
    if rows.size == 0:
        return False
    above, below = p0 + int(rows[0]) - 2, p0 + int(rows[-1]) + 2
    if above < 0 or below >= ink.shape[0]:
        return False
    share = min(ink[above, start:end].mean(), ink[below, start:end].mean())
    return bool(share > 0.35)


def estimate_skew(ink: np.ndarray) -> float:
    """Small rotation of a text page by maximising the sharpness of its row profile."""
    from PIL import Image

    step = max(1, round(ink.shape[1] / 800))
    small = ink[::step, ::step]
    if small.sum() < 200:
        return 0.0
    img = Image.fromarray((small * 255).astype(np.uint8))

    def score(angle: float) -> float:
        rot = np.asarray(img.rotate(angle, resample=Image.Resampling.NEAREST, fillcolor=0))
        prof = rot.sum(axis=1, dtype=np.float64)
        return float(np.sum(np.diff(prof) ** 2))

    best = max(np.arange(-3.0, 3.01, 0.5), key=score)
    best = max(np.arange(best - 0.4, best + 0.41, 0.1), key=score)
    return float(best)


GRAINY = 3.0  # paper's noise_level above which a scan is median-filtered


def noise_level(gray: np.ndarray, thr: int) -> float:
    """Spread of the paper's brightness (its median absolute deviation, scaled to a
    standard deviation): 0 on a clean scan, ~6 on a grainy one. The grey edges of
    anti-aliased print are few among the paper's pixels and do not move it; a standard
    deviation took them for grain, and the filter then erased one-pixel rules."""
    sample = gray[::3, ::3]
    paper = sample[sample > thr + 20].astype(np.float64)
    if paper.size <= 1000:
        return 0.0
    return float(1.4826 * np.median(np.abs(paper - np.median(paper))))


def _median_of_three(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> np.ndarray:
    return np.maximum(np.minimum(a, b), np.minimum(np.maximum(a, b), c))


def median3x3(gray: np.ndarray) -> np.ndarray:
    """3×3 median filter (the page's edge pixels kept): sort each column's three pixels,
    then the median of nine is the median of the largest low, the middle mid and the
    smallest high of three neighbouring columns. A few dozen whole-array operations: ~20
    times faster than PIL's MedianFilter on a 300 dpi page."""
    g = gray
    up, mid, down = g[:-2, :], g[1:-1, :], g[2:, :]
    lo = np.minimum(np.minimum(up, mid), down)
    hi = np.maximum(np.maximum(up, mid), down)
    md = _median_of_three(up, mid, down)
    out = g.copy()
    out[1:-1, 1:-1] = _median_of_three(
        np.maximum(np.maximum(lo[:, :-2], lo[:, 1:-1]), lo[:, 2:]),
        _median_of_three(md[:, :-2], md[:, 1:-1], md[:, 2:]),
        np.minimum(np.minimum(hi[:, :-2], hi[:, 1:-1]), hi[:, 2:]),
    )
    return out


def line_preserving_despeckle(gray: np.ndarray) -> np.ndarray:
    """Grain removed, one-pixel lines kept: the darker of a 3-pixel median along the rows
    and one along the columns.

    A 3×3 median erases a hairline rule wherever it lies in a single pixel row (six of the
    window's nine pixels are paper): a slightly rotated scan's rules, which wander between
    two rows, came out as dashes, were not found as rules, and their pieces were read as
    letters. A lone speck is paper to both medians; a line is kept by the one along it.
    (Glyphs keep more of their grain than under a 3×3 median, which reads them better:
    this image is for finding rules only.)
    """
    g = gray
    along_rows = g.copy()
    along_rows[:, 1:-1] = _median_of_three(g[:, :-2], g[:, 1:-1], g[:, 2:])
    along_cols = g.copy()
    along_cols[1:-1, :] = _median_of_three(g[:-2, :], g[1:-1, :], g[2:, :])
    return np.minimum(along_rows, along_cols)


def blurriness(gray: np.ndarray) -> float:
    """Share of grey among ink pixels: ~0.2 for a sharp scan, 0.7 for a defocused one."""
    g = gray[::2, ::2]
    ink = int((g < 200).sum())
    return float(((g > 70) & (g < 200)).sum() / ink) if ink > 1000 else 0.0


def _upsample(mask: np.ndarray, f: int, shape: tuple[int, int]) -> np.ndarray:
    big = np.repeat(np.repeat(mask, f, axis=0), f, axis=1)
    out = np.zeros(shape, dtype=bool)
    h, w = min(shape[0], big.shape[0]), min(shape[1], big.shape[1])
    out[:h, :w] = big[:h, :w]
    return out


def reduce_any(mask: np.ndarray, f: int) -> np.ndarray:
    """Each f×f block of the mask → one pixel, set if any of the block is (ORs of strided
    views: several times faster than `reshape(...).any()` on a page). A last block cut by
    the edge counts too: a table's border on the last pixel column of an odd-sized page
    (a 200 dpi scan scaled to 300) would be lost with it."""
    if mask.size == 0:
        return np.zeros((1, 1), dtype=bool)
    h, w = -(-mask.shape[0] // f) * f, -(-mask.shape[1] // f) * f
    if (h, w) != mask.shape:
        padded = np.zeros((h, w), dtype=bool)
        padded[: mask.shape[0], : mask.shape[1]] = mask
        mask = padded
    out = mask[0:h:f, 0:w:f].copy()
    for dy in range(f):
        for dx in range(f):
            if dy or dx:
                out |= mask[dy:h:f, dx:w:f]
    return out


def flatten_background(gimg: Any) -> Any:
    """Even out the paper's brightness (a shadow over a photographed page, a scanner's dim
    edge): one global threshold then fits the whole page.

    The paper's brightness is the brightest nearby pixel at 1/16 scale (text is thinner than
    the filter there), smoothed; every pixel is divided by it. A clean scan's paper is
    already even, and stays as it was.
    """
    from PIL import Image, ImageFilter

    w, h = gimg.size
    if w < 64 or h < 64:
        return gimg
    small = gimg.resize((max(1, w // 16), max(1, h // 16)), Image.Resampling.BOX)
    paper = small.filter(ImageFilter.MaxFilter(5)).filter(ImageFilter.GaussianBlur(2))
    bg = np.asarray(paper.resize((w, h), Image.Resampling.BILINEAR), dtype=np.float32)
    if bg.min() > 235:
        return gimg  # even paper: nothing to do
    gray = np.asarray(gimg, dtype=np.float32)
    flat = gray * (255.0 / np.maximum(bg, 1.0))
    return Image.fromarray(np.clip(flat, 0, 255).astype(np.uint8))


def _rotate(gray: np.ndarray, angle: float) -> np.ndarray:
    from PIL import Image

    img = Image.fromarray(gray)
    return np.asarray(
        img.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255, expand=False)
    )


def clean(image: Any, dpi: float, *, deskew: bool = True, for_ocr: bool = True) -> Cleaned:
    from PIL import Image, ImageFilter

    colored = color_mask(image) if image.mode != "L" else None
    if colored is not None and colored.mean() < 0.0005:
        colored = None  # a scan's colour noise, not ink
    gimg = image.convert("L")
    if for_ocr and dpi < OCR_DPI * 0.8:
        # Tesseract is tuned for ~300 dpi glyphs; small ones lose diacritics and digits.
        scale = OCR_DPI / dpi
        size = (round(gimg.width * scale), round(gimg.height * scale))
        gimg = gimg.resize(size, Image.Resampling.LANCZOS)
        if colored is not None:
            colored = np.asarray(Image.fromarray(colored.astype(np.uint8) * 255).resize(size)) > 127
        dpi = OCR_DPI
    if for_ocr:
        gimg = flatten_background(gimg)
    gray = np.asarray(gimg)
    thr = otsu(gray)
    grainy = for_ocr and noise_level(gray, thr) > GRAINY
    # Grain turns into specks after thresholding: Tesseract reads them as letters and they
    # break ruling lines into pieces. (A rendered text layer has no grain, and its one-pixel
    # hairline rules would not survive the filter.) A 3×3 median reads best, but erases
    # thin rules: those are looked for on an image filtered so as to keep them.
    rules_gray = line_preserving_despeckle(gray) if grainy else gray
    if grainy:
        gray = median3x3(gray)
        thr = otsu(gray)
    if for_ocr and blurriness(gray) > 0.55:
        # Soft glyphs (a defocused scan) lose their strokes to the threshold.
        sharpen = ImageFilter.UnsharpMask(radius=2, percent=150, threshold=2)
        gray = np.asarray(Image.fromarray(gray).filter(sharpen))
        rules_gray = np.asarray(Image.fromarray(rules_gray).filter(sharpen)) if grainy else gray
        thr = otsu(gray)
    ink = gray < thr
    angle = estimate_skew(ink) if deskew else 0.0
    if abs(angle) >= 0.1:
        gray = _rotate(gray, angle)
        rules_gray = _rotate(rules_gray, angle) if grainy else gray
        ink = gray < thr
        if colored is not None:
            colored = (
                np.asarray(
                    Image.fromarray(colored.astype(np.uint8) * 255).rotate(angle, fillcolor=0)
                )
                > 127
            )
    result = Cleaned(gray=gray, color=colored, dpi=dpi, angle=angle)
    # Rules are found at half resolution: 4x less work, and one-pixel breaks in a
    # scanned line are bridged. Longer than any glyph (a quarter inch).
    f = 2 if dpi >= 200 else 1
    # A rendered PDF has no noise but its thin rules are anti-aliased to light grey.
    # Rules blurred by a scan or a rotation fade to grey: find them with a looser threshold.
    line_ink = rules_gray < (max(thr, 235) if not for_ocr else (thr + 255) // 2)
    if colored is not None:
        line_ink = line_ink & ~colored
    # A thin rule that straddles two pixel rows (after a rotation) is dark in neither:
    # thicken across the rule's direction by a pixel before looking for long runs.
    small = reduce_any(line_ink, f) if f > 1 else line_ink
    hsrc = small.copy()
    hsrc[1:, :] |= small[:-1, :]
    vsrc = small.copy()
    vsrc[:, 1:] |= small[:, :-1]
    length = max(15, int(dpi / 4 / f))
    hmask = _runs_open(hsrc, length, axis=1)
    vmask = _runs_open(vsrc, length, axis=0)
    hrules, vrules = _rules(hmask, 1, length), _rules(vmask, 0, length)
    # A short rule is a cell's border, which meets another rule; a short run on its own is
    # print (the serifs of a word in a serif font, merged by a soft photo's grey halo),
    # and erasing it would cut the letters in half.
    short = int(dpi / 2 / f)
    for mask, own, other in ((hmask, hrules, vrules), (vmask, vrules, hrules)):
        axis = 1 if mask is hmask else 0
        for r in [
            r
            for r in own
            if (r.end - r.start < short and not _meets(r, other))
            or _inside_print(small, mask, r, axis)
        ]:
            own.remove(r)
            p0, p1 = max(0, int(r.pos) - 4), int(r.pos) + 5
            if mask is hmask:
                mask[p0:p1, int(r.start) : int(r.end) + 1] = False
            else:
                mask[int(r.start) : int(r.end) + 1, p0:p1] = False
    result.hrules = [Rule(r.pos * f, r.start * f, r.end * f) for r in hrules]
    result.vrules = [Rule(r.pos * f, r.start * f, r.end * f) for r in vrules]
    if for_ocr:
        erase = hmask | vmask
        # Grow by a pixel: anti-aliased fringes of a rule read as "_", "|", "[" or "1".
        grown = erase.copy()
        grown[1:, :] |= erase[:-1, :]
        grown[:-1, :] |= erase[1:, :]
        grown[:, 1:] |= erase[:, :-1]
        grown[:, :-1] |= erase[:, 1:]
        grown = _upsample(grown, f, gray.shape) if f > 1 else grown
        # Binarised here rather than by Tesseract: the same threshold, and a faster OCR.
        ocr = np.where(ink & ~grown, 0, 255).astype(np.uint8)
        if colored is not None:
            ocr[colored] = 255
        result.ocr_gray = ocr
    return result


_JUNK = re.compile(r"^[\W_]+$")
_W_HALVES = re.compile(r"\\+/")


def w_from_halves(text: str) -> str:
    """A W read as its two halves, a backslash and a slash ("5\\/-40" for "5W-40": the
    Russian model has no W), as the W; no business document prints a backslash."""
    return _W_HALVES.sub("W", text)


# Tesseract reads at 240 dpi as well as at 300 (its LSTM rescales every text line anyway)
# and a quarter faster; the cleaning and the boxes stay at 300 dpi.
OCR_SCALE = 0.8
SINGLE_LINE = 7  # Tesseract's page segmentation mode for one line of text


def ocr_words(
    gray: np.ndarray, lang: str, timeout: float, psm: int = 6, scale: float = 1.0
) -> list[Word]:
    """Tesseract words with boxes; raises TimeoutError when the page time limit is hit."""
    import pytesseract
    from PIL import Image

    original = gray
    if scale != 1.0:
        size = (max(1, round(gray.shape[1] * scale)), max(1, round(gray.shape[0] * scale)))
        gray = np.asarray(Image.fromarray(gray).resize(size, Image.Resampling.LANCZOS))

    # pytesseract would write a compressed PNG (over a second for a noisy page); an
    # uncompressed PGM in a temp dir costs milliseconds.
    with tempfile.TemporaryDirectory(prefix="tt-ocr-") as tmp:
        src = os.path.join(tmp, "page.pgm")
        Image.fromarray(gray).save(src)
        try:
            data = pytesseract.image_to_data(
                src,
                lang=lang,
                config=f"--psm {psm} -c tessedit_do_invert=0",
                output_type=pytesseract.Output.DICT,
                timeout=timeout,
            )
        except RuntimeError as exc:
            if "timeout" in str(exc).lower():
                raise TimeoutError from None
            raise
    lines: dict[LineKey, list[Word]] = {}
    for i, text in enumerate(data["text"]):
        text = w_from_halves((text or "").strip())
        conf = float(data["conf"][i])
        if not text or conf < 0:
            continue
        if _JUNK.match(text) and text not in ("№", "%", "-", "/"):
            continue  # leftovers of rules and specks
        x, y, w, h = (data[k][i] / scale for k in ("left", "top", "width", "height"))
        key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        lines.setdefault(key, []).append(
            Word(text, float(x), float(y), float(x + w), float(y + h), conf)
        )
    if psm == SINGLE_LINE or len(lines) < 2:
        return [w for ws in lines.values() for w in ws]
    return reread_doubled(
        original, lines, lambda crop: ocr_words(crop, lang, timeout, SINGLE_LINE, scale)
    )
