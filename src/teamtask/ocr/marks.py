"""Stamp and signature presence.

A stamp is found by its shape — a ring — so that grayscale scans work; colour only raises the
confidence. A rectangular stamp ("ОПЛАЧЕНО", "Копия верна", a company's corner stamp) is a
frame of coloured ink: in grayscale it cannot be told from a table's cells, so only colour
finds it. A signature is ink where a pen signs — right of a signer's label ("Директор"), or
on the line before a printed name in slashes ("______ / Иванов И. И. /") — that is neither
printed text (a word box), a ruling line nor the stamp, and that has a pen's shape: at least
one stroke longer than a letter, taller than print's line or running on like cursive.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from .components import bounds, components
from .document import Mark
from .glyphs import TAILED
from .load import Word
from .recognize import _runs_open, otsu, reduce_any

WORK_DPI = 50
RENDERED_INK = 200  # grey below which a rendered (noise-free) page's pixel is ink
# Seals are 38–45 mm across by the usual standard; allow 28–56 mm.
R_MIN_MM, R_MAX_MM = 14.0, 28.0
# Rectangular stamps: 30–90 mm wide, 12–50 mm tall; each side inked along most of it.
FRAME_W_MM, FRAME_H_MM = (30.0, 90.0), (12.0, 50.0)
FRAME_SIDE = 0.75

SIGN_LABEL = re.compile(
    r"(руковод|бухгалт|директор|подпис|разреш|отпуск|отпуст|передал|исполнит|заказчик|поставщик|покупател"
    # "М.П." crossed by a pen's stroke comes back "Ми." (its п's bar lost). An individual
    # entrepreneur signs as "Предприниматель".
    r"|продав|получил|принял|сдал|выдал|предпринимат|м\.?[пи]\.?$)"
)
TALL_WORD = 1.6  # of a line's height: a word box taller holds more than its print
TAILED_INITIAL = 1.25  # how much taller than print's line a tailed initial ("Д.") may be
SURE_SLASH = 80.0  # how sure a lone slash must be read to be print (a pen's tick is not)
RULE_CROSSING = 0.3  # of a line's height: how thick a rule a pen's stroke is seen across
CURSIVE_WIDTH = 3.5  # of a line's height: an unbroken pen's line at least this wide is cursive
CURSIVE_RISE = 0.6  # of a line's height: and rising and falling at least this much
ARC_REACH = 1.35  # of a seal's radius: how far out its ring reaches where it is an ellipse
INNER_RING = 0.5  # of a seal's radius: how far in an inner ring may lie
# The initials of a printed name ("И.", "Е.Ю.", "И.И./"), as it stands by a signature line;
# OCR may lose the last one's full stop ("С" before the closing slash).
INITIALS = re.compile(r"/?(?:[А-ЯЁA-Z]\.\s?)?[А-ЯЁA-Z]\.?/?")
SURNAME = re.compile(r"[А-ЯЁ][а-яё]{2,}(?:-[А-ЯЁ][а-яё]+)?")
# A word that ends in a name and its initials: OCR read the name with what crosses it (a
# pen's stroke through "/Осипова Е.Ю." came back as one word, "Ааа `7/Осипова Е.Ю.").
NAME_AT_END = re.compile(r"[А-ЯЁ][а-яё]{2,}\s?(?:[А-ЯЁ]\.\s?)?[А-ЯЁ]\.?/?$")
# Initials and the closing slash at the end of a word, in either case: what is left of a
# printed name that a pen's stroke through it garbled ("ебелььд.к./" for "Лебедев Д. К. /").
CLOSED_INITIALS = re.compile(r"(?:[А-ЯЁа-яё]\.\s?){2}/$")


@dataclass
class Circle:
    x: float
    y: float
    r: float
    score: float
    level: float = 0.0  # typical grey of the seal's ink: a pen stroke over it is darker


def _ring_hits(mask: np.ndarray, cx: float, cy: float, r: float, tol: int) -> np.ndarray:
    ang = np.linspace(0, 2 * np.pi, 96, endpoint=False)
    h, w = mask.shape
    hits = np.zeros(ang.size, dtype=bool)
    for d in range(-tol, tol + 1):
        xs = np.round(cx + (r + d) * np.cos(ang)).astype(int)
        ys = np.round(cy + (r + d) * np.sin(ang)).astype(int)
        ok = (xs >= 0) & (xs < w) & (ys >= 0) & (ys < h)
        hits[ok] |= mask[ys[ok], xs[ok]]
    return hits


def ring_score(mask: np.ndarray, cx: float, cy: float, r: float) -> float:
    """How much a circle looks like a seal's outer ring: inked all round, paper outside.

    A ruled table or a block of text also inks most circles drawn over it, but not with
    clean paper just outside, and not evenly in every direction.
    """
    on = _ring_hits(mask, cx, cy, r, 1)
    outside = _ring_hits(mask, cx, cy, r + 3, 0) | _ring_hits(mask, cx, cy, r + 6, 0)
    if on.mean() < 0.7:
        return 0.0
    octants = on.reshape(8, -1).mean(axis=1)
    if (octants >= 0.5).sum() < 7:
        return 0.0
    return float((on & ~outside).mean())


def find_circles(mask: np.ndarray, dpi: float) -> list[Circle]:
    """Hough transform for rings on a 50 dpi 'any ink' mask."""
    f = max(1, round(dpi / WORK_DPI))
    small = reduce_any(mask, f)
    scale = dpi / f  # pixels per inch of `small`
    # Edge points only: a solid area votes as its outline, and there are far fewer of them.
    inner = small.copy()
    inner[1:-1, 1:-1] = (
        small[1:-1, 1:-1] & small[:-2, 1:-1] & small[2:, 1:-1] & small[1:-1, :-2] & small[1:-1, 2:]
    )
    edge = small & ~inner
    ys, xs = np.nonzero(edge)
    if xs.size < 40:
        return []
    if xs.size > 60_000:  # a photo or a texture: subsample, the ring still stands out
        pick = np.random.default_rng(0).choice(xs.size, 60_000, replace=False)
        xs, ys = xs[pick], ys[pick]
    h, w = small.shape
    r_lo = R_MIN_MM / 25.4 * scale
    r_hi = R_MAX_MM / 25.4 * scale
    radii = np.arange(r_lo, r_hi + 1, 2.0)
    ang = np.linspace(0, 2 * np.pi, 40, endpoint=False)
    found: list[Circle] = []
    for r in radii:
        dx = np.round(r * np.cos(ang)).astype(np.int32)
        dy = np.round(r * np.sin(ang)).astype(np.int32)
        cx = (xs[:, None] - dx[None, :]).ravel()
        cy = (ys[:, None] - dy[None, :]).ravel()
        ok = (cx >= 0) & (cx < w) & (cy >= 0) & (cy < h)
        acc = np.bincount(cy[ok] * w + cx[ok], minlength=h * w)
        # A few best centres per radius: a table's grid may out-vote a seal beside it.
        grid = acc.reshape(h, w)
        for _ in range(3):
            best = int(grid.argmax())
            if grid.flat[best] / ang.size < 0.45:
                break
            by, bx = divmod(best, w)
            grid[max(0, by - 3) : by + 4, max(0, bx - 3) : bx + 4] = 0
            score = ring_score(small, bx, by, r)
            if score >= 0.6:
                found.append(Circle(bx * f, by * f, r * f, score))
    found.sort(key=lambda c: -c.score)
    return found[:1]


def detect_stamp(
    gray: np.ndarray, color: np.ndarray | None, dpi: float
) -> tuple[Mark, Circle | None]:
    circles: list[Circle] = []
    colored = False
    if color is not None and color.sum() > 200:
        circles = find_circles(color, dpi)
        colored = bool(circles)
    if not circles:
        circles = find_circles(gray < otsu(gray), dpi)
    if not circles:
        frame = find_frame(color, dpi) if color is not None else 0.0
        if frame:
            return Mark(True, min(1.0, 0.5 + frame * 0.5)), None
        return Mark(False, 0.9), None
    c = _outermost(circles[0], gray, color, dpi)
    conf = min(1.0, 0.55 + c.score * 0.6 + (0.15 if colored else 0.0))
    return Mark(True, conf), c


def find_frame(color: np.ndarray, dpi: float) -> float:
    """How surely coloured ink holds a rectangular stamp's frame; 0 when it holds none. A
    frame is one piece of ink of a stamp's size whose four sides are inked along most of
    their length: a pen's signature is not, nor a seal's ring (its box's sides touch it at
    one point each)."""
    f = max(1, round(dpi / WORK_DPI))
    small = reduce_any(color, f)
    mm = 25.4 * f / dpi  # millimetres per pixel of `small`
    best = 0.0
    for comp in components(small):
        b = bounds(comp)
        w, h = (b.right - b.left + 1) * mm, (b.bottom - b.top + 1) * mm
        if not (FRAME_W_MM[0] <= w <= FRAME_W_MM[1] and FRAME_H_MM[0] <= h <= FRAME_H_MM[1]):
            continue
        box = small[b.top : b.bottom + 1, b.left : b.right + 1]
        sides = (
            box[:2].any(axis=0).mean(),
            box[-2:].any(axis=0).mean(),
            box[:, :2].any(axis=1).mean(),
            box[:, -2:].any(axis=1).mean(),
        )
        if min(sides) >= FRAME_SIDE:
            best = max(best, float(min(sides)))
    return best


def _outermost(c: Circle, gray: np.ndarray, color: np.ndarray | None, dpi: float) -> Circle:
    """The seal's outer ring when the ring found is an inner one (a JPEG's faded colour
    can leave only the inner ring colourful enough): the seal is what the outer one holds."""
    f = max(1, round(dpi / WORK_DPI))
    ink = gray < otsu(gray)
    small = reduce_any(ink | color if color is not None else ink, f)
    x, y = c.x / f, c.y / f
    r_max = R_MAX_MM / 25.4 * dpi / f
    best = c
    for rr in np.arange(c.r / f * 1.15, min(c.r / f * 1.6, r_max) + 1, 1.0):
        for dx, dy in ((0, 0), (-1, 0), (1, 0), (0, -1), (0, 1)):
            score = ring_score(small, x + dx, y + dy, rr)
            if score >= 0.6:
                best = Circle((x + dx) * f, (y + dy) * f, rr * f, score)
                break
    return best


def _is_text(word: Word, line_h: float) -> bool:
    """A printed word: readable enough, mostly letters, no taller than a text line.

    What OCR makes of a signature is a tall box of junk, rarely confident.
    """
    letters = sum(ch.isalnum() for ch in word.text)
    # An initial's letter with a tail below the line ("Д.") is that much taller.
    tall = TALL_WORD * line_h * (TAILED_INITIAL if word.text[:1] in TAILED else 1.0)
    if re.fullmatch(r"[А-ЯЁA-Z]\.", word.text) and word.h <= tall and word.conf >= 60:
        return True  # an initial of the name printed by the signature ("Е. Ю.")
    if word.text == "/" and word.h <= tall and word.conf >= SURE_SLASH:
        return True  # the slashes round that name ("/ Лебедев Д. К. /"), read surely
    if letters < 2 or letters < 0.5 * len(word.text):
        return False
    if letters >= 5 and letters >= 0.8 * len(word.text) and word.h <= 3 * line_h:
        return True  # a long word is print, however unsure OCR was of its letters
    if word.h <= 1.25 * line_h:
        # A word of print, even on a grainy scan where OCR is unsure of it.
        return word.conf >= 30 or letters >= 4
    if word.h <= TALL_WORD * line_h:
        # Taller than print's line: a short word is print only if OCR is sure of it (what
        # OCR makes of a pen's loop is a tall "oN" of middling confidence).
        return word.conf >= 60 or letters >= 4
    # A tall box: print that a seal or a stroke runs through, if OCR read it well.
    return word.conf >= 60 and letters >= 4


@dataclass
class SigningPlace:
    """Where a pen signs: a box of the page, the print's line height there, and the printed
    line (top, bottom) that the place belongs to."""

    x0: int
    y0: int
    x1: int
    y1: int
    line_h: float
    line: tuple[float, float]


def _line_height(word: Word, usual_h: float, dpi: float) -> float:
    """The print's line height at a signing place's word: its box may have grown round a
    stroke that touches it, so the page's usual word height caps it."""
    return max(min(word.h, usual_h * 1.3), dpi * 0.08)


def _label_place(a: Word, usual_h: float, dpi: float, shape: tuple[int, ...]) -> SigningPlace:
    """Right of (and just above) a signer's label: "Директор ______"."""
    h_img, w_img = shape[:2]
    # The label's box may have grown round a stroke that touches it: the page's usual
    # word height caps it.
    lh = _line_height(a, usual_h, dpi)
    return SigningPlace(
        int(min(w_img, a.x1 + lh * 0.3)),
        int(max(0, a.y0 - lh * 2.2)),
        int(min(w_img, a.x1 + dpi * 2.2)),
        int(min(h_img, a.y1 + lh * 1.2)),
        lh,
        (a.y0, a.y1),
    )


def _heading_place(
    a: Word, words: list[Word], usual_h: float, dpi: float, shape: tuple[int, ...]
) -> SigningPlace | None:
    """Under a signer's label that heads a block ("ИСПОЛНИТЕЛЬ" over "Индивидуальный
    предприниматель ______ Осипова Е. Ю."): the block's first line, which a pen signs
    across. A heading has no text right of it on its line (the other party's heading
    stands far off; a seal's junk read beside it is no text) and the block's text starts
    under it."""
    h_img, w_img = shape[:2]
    lh = _line_height(a, usual_h, dpi)
    beside = [v for v in words if abs(v.cy - a.cy) < 0.6 * lh and 0 <= v.x0 - a.x1 < dpi * 1.5]
    if any(_is_text(v, lh) for v in beside):  # not a seal's or a stroke's junk ("5" 0)
        return None
    below = [v for v in words if 0.6 * lh < v.cy - a.cy < 2.5 * lh and abs(v.x0 - a.x0) < lh]
    if not below:
        return None
    first = min(below, key=lambda v: v.cy)
    return SigningPlace(
        int(max(0, a.x0)),
        int(a.y1),
        int(min(w_img, a.x0 + dpi * 3.5)),
        int(min(h_img, first.y1 + lh * 2.0)),
        lh,
        (first.y0, first.y1),
    )


def _name_places(
    words: list[Word], ink: np.ndarray, usual_h: float, dpi: float
) -> list[SigningPlace]:
    """The line before a printed name in slashes, "__________ / Иванов И. И. /": the usual
    place of a signature, whatever label (if any) heads the block.

    The name is found by its initials and the closing slash (or, where that is lost, by a
    surname before the initials and a ruled line before it); the place runs from the start
    of the ruled line left of it (or a signature's width, when no line is found) to the
    slash.
    """
    h_img, w_img = ink.shape
    places: list[SigningPlace] = []
    for w in words:
        text = w.text.strip()
        if not (
            INITIALS.fullmatch(text) or NAME_AT_END.search(text) or CLOSED_INITIALS.search(text)
        ):
            continue
        lh = _line_height(w, usual_h, dpi)
        if text.endswith("/"):
            closing = w
        else:
            after = [
                v
                for v in words
                if v.text.strip() in ("/", "/.", "/,")
                and abs(v.cy - w.cy) < 0.6 * lh
                and v.cx > w.cx
                and v.x0 - w.x1 <= 3.0 * lh
            ]
            if after:
                closing = min(after, key=lambda v: v.x0)
            elif _signing_line_before(words, w, ink, lh, dpi):
                closing = w  # the slash misread ("2,") or not printed: the line tells
            else:
                continue
        # One place per name, however many initials words it has ("Е." "Ю." "/").
        if any(p.x1 == int(closing.x1) and abs(p.line[0] - closing.y0) < 1 for p in places):
            continue
        ruled = _ruled_line(ink, w, lh, dpi)
        line_start = ruled[0] if ruled is not None else None
        x0 = line_start - lh * 0.5 if line_start is not None else w.x0 - dpi * 2.2
        places.append(
            SigningPlace(
                int(max(0, x0)),
                int(max(0, w.y0 - lh * 2.2)),
                int(min(w_img, closing.x1)),
                # A pen's strokes hang below the line as often as they rise above it.
                int(min(h_img, w.y1 + lh * 2.0)),
                lh,
                (closing.y0, closing.y1),
            )
        )
    return places


def _signing_line_before(
    words: list[Word], initials: Word, ink: np.ndarray, lh: float, dpi: float
) -> bool:
    """Whether a surname stands just left of the initials on their line ("(Григорьев"
    before "П.А.": a blurred slash read as a bracket) and a ruled line ends before the
    surname's middle: the line drawn to sign on. A rule that runs on under the name is a
    table's or a row's, not a signing line."""
    surnames = [
        v
        for v in words
        if abs(v.cy - initials.cy) < 0.6 * lh
        and 0 <= initials.x0 - v.x1 <= 1.5 * lh
        and SURNAME.fullmatch(v.text.strip("()[]|/,.")) is not None
    ]
    if not surnames:
        return False
    surname = max(surnames, key=lambda v: v.x1)
    ruled = _ruled_line(ink, initials, lh, dpi)
    return ruled is not None and ruled[1] < surname.cx


def _ruled_line(ink: np.ndarray, name: Word, lh: float, dpi: float) -> tuple[float, float] | None:
    """Left and right ends of the line drawn (or typed as underscores) for a signature,
    left of a printed name: the nearest long horizontal run at the name's baseline."""
    h_img, _ = ink.shape
    y0 = int(max(0, name.y1 - 0.6 * lh))
    y1 = int(min(h_img, name.y1 + 0.8 * lh))
    x1 = int(max(0, name.x0))
    x0 = int(max(0, x1 - dpi * 4))
    if y1 <= y0 or x1 - x0 < dpi / 2:
        return None
    ruled = _runs_open(ink[y0:y1, x0:x1], max(20, int(dpi / 5)), axis=1).any(axis=0)
    cols = np.flatnonzero(ruled)
    # The surname (and its slash) stand between the line and the initials: up to ~1.5 in.
    near = cols[cols >= (x1 - x0) - dpi * 1.5]
    if near.size == 0:
        return None
    # Walk left from the line's right end across small gaps (a stroke through the line
    # may cut it).
    right = left = int(near[-1])
    for c in cols[cols <= right][::-1]:
        if left - c > dpi * 0.1:
            break
        left = int(c)
    if right - left < dpi * 0.4:
        return None
    return float(x0 + left), float(x0 + right)


def signature_score(
    gray: np.ndarray,
    ink: np.ndarray,
    color: np.ndarray | None,
    dpi: float,
    words: list[Word],
    stamp: Circle | None,
    place: SigningPlace,
) -> float:
    """How surely a pen signed in `place`: ink there that is not text, rule or seal, and
    that has a pen's shape."""
    x0, y0, x1, y1, lh = place.x0, place.y0, place.x1, place.y1, place.line_h
    if x1 - x0 < lh * 2 or y1 <= y0:
        return 0.0
    region = ink[y0:y1, x0:x1].copy()
    gray_region = gray[y0:y1, x0:x1]
    # Underlines are not signatures, nor are a table's vertical rules (a label word such
    # as "покупателю" may stand in a ruled header).
    dist: np.ndarray | None = None  # from the seal's centre
    if stamp is not None:
        dist = _distances(stamp, y0, y1, x0, x1)
    # The seal, and round it as far as its ring may reach where the circle found is a
    # photographed seal's ellipse (the reach `_stroke_kind` allows an arc).
    seal = dist <= ARC_REACH * stamp.r if dist is not None and stamp is not None else None
    region = _cut_rules(region, max(20, int(dpi / 5)), lh, seal)
    # A rule runs through the whole search band (4.4 line heights); a pen's upstroke
    # does not stay straight that long.
    region &= ~_runs_open(region, max(20, int(3.8 * lh)), axis=0)
    unprinted = region.copy()  # before the printed words are blanked out
    for w in words:
        if not (_is_text(w, lh) and w.x1 > x0 and w.x0 < x1 and w.y1 > y0 and w.y0 < y1):
            continue
        top, bottom = w.y0, w.y1
        if w.h > TALL_WORD * lh and top <= place.line[0] and bottom >= place.line[1]:
            # A box grown tall round the pen's strokes over the signer's printed name ("Умные."
            # over "Белова Н. С." and the wave above it): its print is on the label's line.
            top, bottom = place.line[0] - 0.25 * lh, place.line[1] + 0.25 * lh
        box = (
            slice(max(0, int(top) - y0 - 2), max(0, int(bottom) - y0 + 2)),
            slice(max(0, int(w.x0) - x0 - 2), max(0, int(w.x1) - x0 + 2)),
        )
        region[box] = False
    on_seal = dist <= SEAL_OWN * stamp.r if dist is not None and stamp is not None else None
    region |= _strokes_across_words(unprinted, region, lh, on_seal)
    if stamp is not None and dist is not None:
        inside = dist <= stamp.r + dpi * 0.1
        seal_ink = inside & region
        coloured = (
            color is not None and seal_ink.any() and color[y0:y1, x0:x1][seal_ink].mean() > 0.3
        )
        # Over the seal, ink clearly darker than the seal's own is a pen's; so are strokes
        # longer than any of the seal's letters that do not run round it (a pen of the
        # seal's colour). On a coloured seal they are looked for in its colour before the
        # printed words are blanked out: a signature under the seal crosses the signer's
        # printed name, and blanking its box would cut the stroke into letter-sized bits.
        core = dist < stamp.r * 0.94
        # A grey seal's inner ring, as dark as a pen there, joins its letters and the print
        # it crosses into one long stroke: its band is left out (a coloured seal's ring is
        # told by its colour, and a photo's seal, an ellipse, has no band to leave out).
        on_ring = np.zeros_like(core)
        for ring in [] if coloured else _inner_rings(ink, stamp):
            on_ring |= np.abs(dist - ring) <= RING_BAND * stamp.r
        strokes = pen_strokes(region & core & ~on_ring, dist, stamp.r)
        if coloured and color is not None:
            strokes |= pen_strokes(unprinted & color[y0:y1, x0:x1] & core, dist, stamp.r)
            # A coloured seal: its letters are its colour, a black pen's strokes are not
            # (greys alone mislead: a thin letter's core is darker than the ring's median;
            # and a JPEG's faded colour alone leaves letters uncoloured).
            other_ink = ~color[y0:y1, x0:x1] & (gray_region < stamp.level - 20)
        else:
            other_ink = gray_region < stamp.level - 20
        region = (region & (~inside | other_ink)) | strokes
    region = _drop_specks(region)
    band = (place.line[0] - y0 - 0.25 * lh, place.line[1] - y0 + 0.25 * lh)
    pen = np.zeros_like(region)
    has_stroke = cursive = False
    for runs in components(region):
        if _stroke_kind(runs, lh, band, dist, stamp) != "pen":
            continue
        top, bottom, left, right = bounds(runs)
        width, height = right - left + 1, bottom - top + 1
        # A pen's stroke runs on longer than a letter does: without one, what is left is
        # print's debris (stray letters, bits of a rule), however much of it.
        has_stroke |= max(width, height) > 1.5 * lh
        # One unbroken line across a few words' width that is no rule: cursive, however
        # flat (print's letters stand apart; a blur that merges them leaves solid blobs; a
        # rule, tilted, rises less). A flourish's part left of the seal that hides the
        # rest may be all there is of it: 3.5 line heights, not a whole signature's width.
        pixels = sum(b - a + 1 for _, a, b in runs)
        if (
            width >= CURSIVE_WIDTH * lh
            and height >= CURSIVE_RISE * lh
            and pixels <= 0.35 * width * height
        ):
            cursive = True
        for y, rx0, rx1 in runs:
            pen[y, rx0 : rx1 + 1] = True
    if not has_stroke:
        return 0.0
    region = pen
    amount = region.sum() / (lh * lh)
    cols = np.flatnonzero(region.sum(axis=0) > 0)
    rows = np.flatnonzero(region.sum(axis=1) > 1)
    span = (cols[-1] - cols[0]) / lh if cols.size else 0.0
    height = (rows[-1] - rows[0]) / lh if rows.size else 0.0
    # Handwriting is wider than a couple of letters and taller than a line of print.
    score = min(amount / 1.5, 1.0) if span >= 2.0 and (height >= 1.3 or cursive) else 0.0
    if color is not None and score > 0:
        # Pen ink in a colour scan: a strong sign.
        blue = color[y0:y1, x0:x1] & region
        if blue.sum() > 0.3 * lh * lh:
            score = min(1.0, score + 0.3)
    return float(score)


CROSSING_REACH = 1.0  # of a line's height: how far out of the words a crossing stroke runs
SEAL_OWN = 1.05  # of a seal's radius: its ring and letters lie within


def _strokes_across_words(
    ink: np.ndarray, left: np.ndarray, lh: float, on_seal: np.ndarray | None = None
) -> np.ndarray:
    """The strokes that run across printed words, whole: blanking the words' boxes cuts a
    pen's line over "Директор" into bits too small to be a hand's. A piece of ink that
    runs out of the words' boxes (`left`: the ink less them) by more than a line's height
    is a stroke over them, not print (a letter's tail the box left out is short). Not the
    seal's ring or letters across the words (`on_seal`: the seal's pixels), which run
    into the print they overlap: the seal's own ink is told apart later, the print not."""
    out = np.zeros_like(ink)
    for runs in components(ink):
        outside = [(y, a, b) for y, a, b in runs if left[y, a : b + 1].any()]
        blanked = any(not left[y, a : b + 1].all() for y, a, b in runs)
        if not outside or not blanked:
            continue  # all inside the words, or all outside them: nothing to restore
        if on_seal is not None:
            sealed = sum(int(on_seal[y, a : b + 1].sum()) for y, a, b in runs)
            if 2 * sealed > sum(b - a + 1 for _, a, b in runs):
                continue
        box = bounds(outside)
        if max(box.bottom - box.top, box.right - box.left) >= CROSSING_REACH * lh:
            for y, a, b in runs:
                out[y, a : b + 1] = True
    return out


def _cut_rules(
    region: np.ndarray, length: int, lh: float, seal: np.ndarray | None = None
) -> np.ndarray:
    """The ink less its horizontal rules (runs at least `length` long), but for where a
    stroke crosses one: a pen's line through the signature line would be cut in two there
    (and a blurred copy's thick rule cuts it wide), its halves then too small to be a
    hand's. A rule's pixels with ink just above and just below them in their column stay;
    not under a seal (`seal`: its pixels), whose letters cross a rule everywhere."""
    rules = _runs_open(region, length, axis=1)
    left = region & ~rules
    reach = max(2, int(RULE_CROSSING * lh))
    above = np.zeros_like(left)
    below = np.zeros_like(left)
    for k in range(1, reach + 1):
        above[k:] |= left[:-k]
        below[:-k] |= left[k:]
    crossed = rules & above & below
    if seal is not None:
        crossed &= ~seal
    return left | crossed


def _stroke_kind(
    runs: list[tuple[int, int, int]],
    lh: float,
    band: tuple[float, float],
    dist: np.ndarray | None,
    stamp: Circle | None,
) -> str:
    """What a component of the ink left by a signing place is: "print", "rule", "arc" (of
    the seal) or "pen"."""
    top, bottom, x_lo, x_hi = bounds(runs)
    w, h = x_hi - x_lo + 1, bottom - top + 1
    # Print OCR could not read (a word under the seal): letters that sit within the
    # label's own line and are no taller than print.
    if band[0] <= top and bottom <= band[1] and h <= 1.2 * lh:
        return "print"
    # What is left of a rule the line filters missed (a tilted scan's staircase, a faint
    # rule broken into dashes): a thin straight sliver along a page axis.
    if min(w, h) <= 0.25 * lh and max(w, h) >= 3 * min(w, h):
        return "rule"
    if dist is not None and stamp is not None:
        ds = np.array([dist[y, x] for y, x0, x1 in runs for x in (x0, (x0 + x1) // 2, x1)])
        extent = float(np.hypot(w, h))
        # A piece of the seal's ring that its circle missed (a photographed page makes
        # the seal an ellipse), or of its inner ring (a grey copy's, as dark as a pen's):
        # long, yet all at one distance from the seal's centre.
        if (
            extent >= 0.4 * stamp.r
            and ds.max() - ds.min() <= 0.08 * stamp.r
            and INNER_RING * stamp.r <= ds.mean() <= ARC_REACH * stamp.r
        ):
            return "arc"
    return "pen"


def pen_strokes(mask: np.ndarray, dist: np.ndarray, r: float) -> np.ndarray:
    """Pixels of components longer than a seal's letter that do not run round the seal at
    one distance from its centre (its inner ring), nor along one line no taller than its
    letters (its inscription across the middle, letters run together in a small rendering:
    «БАЛТИЙСКАЯ» of a seal on a page drawn at 150 dpi)."""
    out = np.zeros_like(mask)
    for runs in components(mask):
        box = bounds(runs)
        extent = float(np.hypot(box.bottom - box.top, box.right - box.left))
        if extent < 0.35 * r or box.bottom - box.top < SEAL_LETTER * r:
            continue
        ds = [dist[y, x] for y, x0, x1 in runs for x in (x0, (x0 + x1) // 2, x1)]
        # The seal's own ring of letters spans its letters' height across the radius
        # (~0.2 r, more where neighbours merge); a pen stroke crosses further.
        if max(ds) - min(ds) >= 0.25 * r and not _ring_and_letters(runs, dist, r):
            for y, x0, x1 in runs:
                out[y, x0 : x1 + 1] = True
    return out


RING_BAND = 0.05  # of a seal's radius: half the width of one ring's band of pixels
SEAL_LETTER = 0.15  # of a seal's radius: the height of its letters, with room to spare
RING_SHARE = 0.6  # of a component's pixels: at least this many on the ring's band


def _ring_and_letters(runs: list[tuple[int, int, int]], dist: np.ndarray, r: float) -> bool:
    """Whether a component is a stretch of one of the seal's rings with the seal's letters
    touching it (a bold «НЕВА» inside the inner ring, «ОБЩЕСТВО» outside it): most of its
    ink on the ring's band, and what is left on either side spanning no more of the radius
    than a line of the seal's letters. A pen's stroke across the ring runs on past them; a
    signature along it has as much ink as the ring."""
    d = np.concatenate([dist[y, a : b + 1].ravel() for y, a, b in runs]) / r
    step = RING_BAND / 4
    hist, edges = np.histogram(d, bins=np.arange(0.0, d.max() + 2 * step, step))
    ring = edges[int(hist.argmax())] + step / 2
    inside, outside = d[d <= ring - RING_BAND], d[d >= ring + RING_BAND]
    if inside.size + outside.size > (1 - RING_SHARE) * d.size:
        return False  # a pen's strokes along the ring hold as much ink as the ring
    return all(side.size == 0 or float(np.ptp(side)) < SEAL_LETTER for side in (inside, outside))


def _seal_window(c: Circle, shape: tuple[int, ...], margin: int) -> tuple[int, int, int, int]:
    """The page's rows and columns round a seal, `margin` pixels beyond its circle, within
    the page: y0, y1, x0, x1."""
    h, w = shape[:2]
    y0, y1 = int(max(0, c.y - c.r - margin)), int(min(h, c.y + c.r + margin))
    x0, x1 = int(max(0, c.x - c.r - margin)), int(min(w, c.x + c.r + margin))
    return y0, y1, x0, x1


def _distances(c: Circle, y0: int, y1: int, x0: int, x1: int) -> np.ndarray:
    """Each pixel's distance from the seal's centre, over rows y0:y1 and columns x0:x1."""
    yy, xx = np.ogrid[y0:y1, x0:x1]
    return np.sqrt((xx - c.x) ** 2 + (yy - c.y) ** 2)


def _inner_rings(ink: np.ndarray, c: Circle) -> list[float]:
    """The radii of the seal's inner rings: distances from its centre at which far more of
    its ink lies than at the distances around (a ring is a whole circle of ink, its
    letters only a share of theirs)."""
    y0, y1, x0, x1 = _seal_window(c, ink.shape, 1)
    d = _distances(c, y0, y1, x0, x1)[ink[y0:y1, x0:x1]] / c.r
    step = RING_BAND / 2
    hist, edges = np.histogram(d, bins=np.arange(0.4, 0.95 + step, step))
    # A ring puts its whole circumference of ink in one or two bands; the seal's letters
    # and the print under it spread theirs over many.
    rings = []
    for k in range(1, len(hist) - 1):
        around = np.median(hist[max(0, k - 4) : k + 5])
        if hist[k] >= max(hist[k - 1], hist[k + 1]) and hist[k] > 2.5 * max(1.0, around):
            rings.append(float((edges[k] + edges[k + 1]) / 2 * c.r))
    return rings


def _drop_specks(mask: np.ndarray) -> np.ndarray:
    """Keep pixels with two inked neighbours or more: strokes stay, JPEG dust goes."""
    if mask.shape[0] < 3 or mask.shape[1] < 3:
        return mask
    m = mask.astype(np.uint8)
    n = np.zeros(m.shape, dtype=np.uint8)
    n[1:-1, 1:-1] = (
        m[:-2, :-2]
        + m[:-2, 1:-1]
        + m[:-2, 2:]
        + m[1:-1, :-2]
        + m[1:-1, 2:]
        + m[2:, :-2]
        + m[2:, 1:-1]
        + m[2:, 2:]
    )
    return mask & (n >= 2)


def _seal_level(gray: np.ndarray, ink: np.ndarray, c: Circle) -> float:
    """Median grey of the ink on the seal's outer ring (the ring is the seal's own ink)."""
    y0, y1, x0, x1 = _seal_window(c, gray.shape, 10)
    d = _distances(c, y0, y1, x0, x1)
    ring = (np.abs(d - c.r) < 12) & ink[y0:y1, x0:x1]
    vals = gray[y0:y1, x0:x1][ring]
    return float(np.median(vals)) if vals.size else 0.0


def detect_signature(
    gray: np.ndarray,
    color: np.ndarray | None,
    dpi: float,
    words: list[Word],
    stamp: Circle | None,
    rendered: bool = False,
) -> Mark:
    """Whether a signature is there. On a `rendered` page (a PDF's text layer drawn, no
    scanner noise) every pixel clearly darker than paper is ink: a signature image's light,
    anti-aliased strokes count in full."""
    from .parse import fold

    ink = gray < (max(otsu(gray), RENDERED_INK) if rendered else otsu(gray))
    if stamp is not None and not stamp.level:
        stamp.level = _seal_level(gray, ink, stamp)
    heights = sorted(w.h for w in words if w.conf >= 60 and len(w.text) >= 3)
    usual_h = heights[len(heights) // 2] if heights else float("inf")  # no cap
    labels = [w for w in words if SIGN_LABEL.search(fold(w.text))]
    anchors = [_label_place(w, usual_h, dpi, gray.shape) for w in labels]
    anchors += [
        p for w in labels if (p := _heading_place(w, words, usual_h, dpi, gray.shape)) is not None
    ]
    anchors += _name_places(words, ink, usual_h, dpi)
    best = max(
        (signature_score(gray, ink, color, dpi, words, stamp, p) for p in anchors),
        default=0.0,
    )
    if best >= 0.5:
        return Mark(True, min(1.0, 0.5 + best / 2))
    return Mark(False, 0.9 if not anchors else 0.6 + 0.3 * (1 - best))
