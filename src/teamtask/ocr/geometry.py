"""A photographed page: find the sheet of paper on the table and look at it square on.

A phone photo holds the page as a quadrilateral (perspective) on a darker background. The
sheet is the largest bright region; its edges are the lines most of its outline lies on
(a corner lost in shadow is where two of them cross), and a perspective transform maps
the four corners to a rectangle. A scan (the paper fills the image) is left as it is.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .components import components

WORK_SIDE = 600  # pixels of the long side the page is looked for at
LINE_TOLERANCE = 2.0  # pixels (at WORK_SIDE) an edge's outline may stray from its line
STRAIGHT_EDGE = 0.5  # share of an edge's outline on its line for its line to be believed
A4_LONG_IN = 11.69


def find_page(gray: np.ndarray) -> np.ndarray | None:
    """Corners of the sheet (top-left, top-right, bottom-right, bottom-left) in `gray`'s
    pixels, or None when the paper fills the image or no sheet stands out."""
    h, w = gray.shape
    # The image's rim is the table (in a photo) or the paper (in a scan): paper is what is
    # clearly brighter than the rim. Otsu's split would cut through a sheet half in shadow.
    k = max(2, min(h, w) // 40)
    rim = np.concatenate(
        [gray[:k].ravel(), gray[-k:].ravel(), gray[:, :k].ravel(), gray[:, -k:].ravel()]
    )
    table = float(np.median(rim))
    spread = float(np.median(np.abs(rim - table)))
    if table > 180:
        return None  # a white rim: a scan, or a sheet that fills the photo
    paper = gray > table + max(25.0, 4 * spread)
    share = paper.mean()
    if share > 0.97 or share < 0.25:
        return None
    # The sheet is the largest bright region; text and rules inside it are holes, which
    # do not move its outline.
    best = max(components(paper), key=lambda runs: sum(x1 - x0 + 1 for _, x0, x1 in runs))
    ys = np.array([y for y, _, _ in best for _ in (0, 1)], dtype=np.float64)
    xs = np.array([x for _, x0, x1 in best for x in (x0, x1)], dtype=np.float64)
    area = sum(x1 - x0 + 1 for _, x0, x1 in best)
    if area < 0.25 * h * w:
        return None
    corners = np.array(
        [
            (xs[np.argmin(xs + ys)], ys[np.argmin(xs + ys)]),
            (xs[np.argmax(xs - ys)], ys[np.argmax(xs - ys)]),
            (xs[np.argmax(xs + ys)], ys[np.argmax(xs + ys)]),
            (xs[np.argmin(xs - ys)], ys[np.argmin(xs - ys)]),
        ]
    )
    sheet = np.zeros_like(paper)
    for y, x0, x1 in best:
        sheet[y, x0 : x1 + 1] = True
    corners = _fit_edges(sheet, corners)
    frame = np.array([(0, 0), (w - 1, 0), (w - 1, h - 1), (0, h - 1)], dtype=np.float64)
    if np.all(np.abs(corners - frame).max(axis=1) < 0.02 * max(h, w)):
        return None  # the sheet is the whole image: a scan
    if _quad_area(corners) < 0.25 * h * w or not _looks_like_a_sheet(corners):
        return None
    return corners


def _looks_like_a_sheet(q: np.ndarray) -> bool:
    """A rectangle seen at a modest angle: opposite sides of similar length, corners near
    right angles. Anything else is a sheet half lost in shadow (or no sheet): straightening
    it would bend the page more than the photo did."""
    sides = [float(np.linalg.norm(q[(i + 1) % 4] - q[i])) for i in range(4)]
    for a, b in ((sides[0], sides[2]), (sides[1], sides[3])):
        if max(a, b) > 1.25 * min(a, b):
            return False
    for i in range(4):
        u, v = q[i - 1] - q[i], q[(i + 1) % 4] - q[i]
        cos = float(np.dot(u, v) / (np.linalg.norm(u) * np.linalg.norm(v)))
        if abs(cos) > np.cos(np.radians(65)):
            return False
    return True


def _fit_line(along: np.ndarray, across: np.ndarray) -> tuple[float, float, float] | None:
    """across = a·along + b, and the share of the points within LINE_TOLERANCE of it.

    A consensus fit: the candidate lines join the medians of stretches of the edge, and the
    one most points agree with is refitted to them. Where a corner is lost in shadow or a
    hand lies over the edge, the outline leaves the edge's line; least squares would follow
    it, the consensus ignores it."""
    if along.size < 8:
        return None
    order = np.argsort(along)
    along, across = along[order], across[order]
    stretches = np.array_split(np.arange(along.size), 8)
    knots = [(float(np.median(along[s])), float(np.median(across[s]))) for s in stretches]
    best: tuple[int, float, float] | None = None
    for i, (x0, y0) in enumerate(knots):
        for x1, y1 in knots[i + 1 :]:
            if x1 - x0 < 1e-9:
                continue
            a = (y1 - y0) / (x1 - x0)
            b = y0 - a * x0
            agree = int((np.abs(across - (a * along + b)) < LINE_TOLERANCE).sum())
            if best is None or agree > best[0]:
                best = (agree, a, b)
    if best is None or best[0] < 8:
        return None
    _, a, b = best
    keep = np.abs(across - (a * along + b)) < LINE_TOLERANCE
    a, b = np.polyfit(along[keep], across[keep], 1)
    share = float((np.abs(across - (a * along + b)) < LINE_TOLERANCE).mean())
    return float(a), float(b), share


def _fit_edges(sheet: np.ndarray, rough: np.ndarray) -> np.ndarray:
    """Corners as the crossings of the four edges, each a line fitted to the sheet's outline
    between the rough corners (the middle 70 %): extreme points alone are off by a pixel or
    two at this scale, which a wide page's lines of text do not forgive."""
    tl, tr, br, bl = rough
    cols = np.arange(sheet.shape[1])
    rows = np.arange(sheet.shape[0])
    has_col, has_row = sheet.any(axis=0), sheet.any(axis=1)
    top = np.where(has_col, sheet.argmax(axis=0), -1)
    bottom = np.where(has_col, sheet.shape[0] - 1 - sheet[::-1].argmax(axis=0), -1)
    left = np.where(has_row, sheet.argmax(axis=1), -1)
    right = np.where(has_row, sheet.shape[1] - 1 - sheet[:, ::-1].argmax(axis=1), -1)

    def middle(lo: float, hi: float, idx: np.ndarray, val: np.ndarray) -> tuple:
        a, b = lo + 0.15 * (hi - lo), hi - 0.15 * (hi - lo)
        sel = (idx >= a) & (idx <= b) & (val >= 0)
        return idx[sel].astype(np.float64), val[sel].astype(np.float64)

    fits = [
        _fit_line(*middle(tl[0], tr[0], cols, top)),  # y = a·x + b
        _fit_line(*middle(tr[1], br[1], rows, right)),  # x = a·y + b
        _fit_line(*middle(bl[0], br[0], cols, bottom)),
        _fit_line(*middle(tl[1], bl[1], rows, left)),
    ]
    if any(f is None for f in fits):
        return rough
    (ta, tb, ts), (ra, rb, rs), (ba, bb, bs), (la, lb, ls) = fits  # type: ignore[misc]

    def cross(ha: float, hb: float, va: float, vb: float) -> tuple[float, float]:
        # y = ha·x + hb and x = va·y + vb
        y = (ha * vb + hb) / (1 - ha * va)
        return va * y + vb, y

    refined = np.array(
        [cross(ta, tb, la, lb), cross(ta, tb, ra, rb), cross(ba, bb, ra, rb), cross(ba, bb, la, lb)]
    )
    # Four straight edges are believed even where a corner they meet at is lost in shadow
    # (the rough corner then sits inside the sheet); otherwise a fit that went astray is
    # worse than the rough corners.
    straight = min(ts, rs, bs, ls) >= STRAIGHT_EDGE
    h, w = sheet.shape
    inside = np.all((refined > -0.02 * w) & (refined < np.array([1.02 * w, 1.02 * h])))
    if straight and inside:
        return refined
    if np.abs(refined - rough).max() > 0.03 * max(sheet.shape):
        return rough
    return refined


def _quad_area(q: np.ndarray) -> float:
    x, y = q[:, 0], q[:, 1]
    return float(abs(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1))) / 2)


def _perspective_coeffs(src: np.ndarray, dst: np.ndarray) -> list[float]:
    """PIL's PERSPECTIVE data: maps each output point (dst) to its input point (src)."""
    rows = []
    rhs = []
    for (x, y), (u, v) in zip(dst, src, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        rhs.extend([u, v])
    return [float(c) for c in np.linalg.solve(np.array(rows), np.array(rhs))]


def straighten(image: Any, dpi: float) -> tuple[Any, float, bool]:
    """The page looked at square on, its dpi (an A4 sheet assumed), and whether it was
    warped. Anything that does not look like a photographed sheet comes back unchanged."""
    from PIL import Image

    scale = WORK_SIDE / max(image.size)
    small = image.convert("L").resize(
        (max(1, round(image.width * scale)), max(1, round(image.height * scale))),
        Image.Resampling.BOX,
    )
    corners = find_page(np.asarray(small))
    if corners is None:
        return image, dpi, False
    corners = corners / scale
    tl, tr, br, bl = corners
    width = max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl))
    height = max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr))
    size = (round(width), round(height))
    dst = np.array([(0, 0), (size[0], 0), size, (0, size[1])], dtype=np.float64)
    coeffs = _perspective_coeffs(corners, dst)
    fill = "white" if image.mode == "RGB" else 255
    # Bilinear: at ~300 dpi as good for OCR as bicubic, and 2.5 times faster on a photo.
    out = image.transform(
        size, Image.Transform.PERSPECTIVE, coeffs, Image.Resampling.BILINEAR, fillcolor=fill
    )
    return out, max(size) / A4_LONG_IN, True
