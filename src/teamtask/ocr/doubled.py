"""A printed line Tesseract read as two.

Where a table row is taller than its neighbours (a name wrapped on two lines of its cell,
the numbers set between them), Tesseract's line finder sometimes splits the row's numbers
between two text lines on the same band. Each line is then read over the whole band, and
the page reading holds the row twice, in pieces whose boxes overlap: "17 867,1" and
"867,10", "786" and "86", "1786" over the ink of "1 7". Words of two lines that cover the
same ink are that sign: the band of the two lines, where they overlap, is read again as the
one line it is.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .load import Word

LineKey = tuple[int, int, int]  # Tesseract's block, paragraph and line numbers
SAME_BAND = 0.6  # of the lower line's height: two lines sharing this much are on one band
SAME_INK = 0.3  # of the narrower word's width: two words sharing this much cover one ink
PAD = 6  # pixels of paper around the band read again
CLEAR = 0.25  # of another word's height: as much of it inside the band is print in the band


def _shared(a0: float, a1: float, b0: float, b1: float) -> float:
    return max(0.0, min(a1, b1) - max(a0, b0))


def _band(words: list[Word]) -> tuple[float, float]:
    """A line's band: where its words usually start and end (a tall word among them — a
    pen stroke read as a letter, a wrapped cell's two lines — does not widen it)."""
    return float(np.median([w.y0 for w in words])), float(np.median([w.y1 for w in words]))


def _doubled(a: list[Word], b: list[Word], bands: tuple[tuple[float, float], ...]) -> bool:
    """Two lines on one band (`bands`: theirs) with a word of each over the same ink."""
    (ay0, ay1), (by0, by1) = bands
    if _shared(ay0, ay1, by0, by1) < SAME_BAND * min(ay1 - ay0, by1 - by0):
        return False
    return any(
        u.x_overlap(v) > SAME_INK * min(u.x1 - u.x0, v.x1 - v.x0)
        and _shared(u.y0, u.y1, v.y0, v.y1) > SAME_BAND * min(u.h, v.h)
        for u in a
        for v in b
    )


def reread_doubled(
    gray: np.ndarray,
    lines: dict[LineKey, list[Word]],
    read_line: Callable[[np.ndarray], list[Word]],
) -> list[Word]:
    """The page's words, with each band two lines read twice replaced by `read_line`'s
    reading of it (a crop of `gray`, read as one line) — where nothing else is printed in
    it; the words as they were otherwise."""
    keys = [k for k, ws in lines.items() if ws]
    bands = {k: _band(lines[k]) for k in keys}
    replaced: set[LineKey] = set()
    dropped: set[int] = set()
    # A band's reading goes where its first word read twice was, in the page's order.
    readings: dict[int, list[Word]] = {}
    for n, ka in enumerate(keys):
        for kb in keys[n + 1 :]:
            pair = (bands[ka], bands[kb])
            if {ka, kb} & replaced or not _doubled(lines[ka], lines[kb], pair):
                continue
            (ay0, ay1), (by0, by1) = pair
            band = _band_words(lines[ka], lines[kb], (min(ay0, by0), max(ay1, by1)))
            if not band:
                continue
            box = (
                min(w.x0 for w in band),
                min(w.y0 for w in band),
                max(w.x1 for w in band),
                max(w.y1 for w in band),
            )
            inside = {id(w) for w in band}
            others = [w for ws in lines.values() for w in ws if id(w) not in inside]
            if any(_overlaps(w, box) for w in others):
                continue  # another line's print in the band: one line it is not
            got = _read_band(gray, box, read_line)
            if not got:
                continue
            replaced |= {ka, kb}
            dropped |= inside
            first = next(w for ws in lines.values() for w in ws if id(w) in inside)
            readings[id(first)] = got
    words: list[Word] = []
    for w in (w for ws in lines.values() for w in ws):
        if id(w) not in dropped:
            words.append(w)
        words.extend(readings.get(id(w), []))
    return words


def _band_words(a: list[Word], b: list[Word], band: tuple[float, float]) -> list[Word]:
    """The words of two lines on one band over the stretch where both lines run: the print
    read twice. Not past it, where one line alone runs on (a wrapped name's tall cell
    before the numbers), nor above or below the band (the lines of a name wrapped around
    the row's numbers, which Tesseract gave to the two lines): those stay as they are, and
    keep the band from being read as one line where they reach into it."""
    x0 = max(min(w.x0 for w in a), min(w.x0 for w in b))
    x1 = min(max(w.x1 for w in a), max(w.x1 for w in b))
    return [
        w
        for w in a + b
        if w.x1 > x0 and w.x0 < x1 and _shared(w.y0, w.y1, *band) >= SAME_BAND * w.h
    ]


def _overlaps(w: Word, box: tuple[float, float, float, float]) -> bool:
    x0, y0, x1, y1 = box
    return _shared(w.x0, w.x1, x0, x1) > 0 and _shared(w.y0, w.y1, y0, y1) > CLEAR * w.h


def _read_band(
    gray: np.ndarray,
    box: tuple[float, float, float, float],
    read_line: Callable[[np.ndarray], list[Word]],
) -> list[Word]:
    x0 = max(0, int(box[0]) - PAD)
    y0 = max(0, int(box[1]) - PAD)
    x1 = min(gray.shape[1], int(box[2]) + PAD + 1)
    y1 = min(gray.shape[0], int(box[3]) + PAD + 1)
    return [
        Word(w.text, w.x0 + x0, w.y0 + y0, w.x1 + x0, w.y1 + y0, w.conf)
        for w in read_line(gray[y0:y1, x0:x1])
    ]
