"""Words → lines → text with offsets, so that every extracted value can name its words.

Lines are rebuilt from word boxes rather than taken from Tesseract's blocks: its layout
analysis splits table rows and two-column requisites into separate blocks, and the text
layer of a PDF has no blocks at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from statistics import median

from .load import Word
from .recognize import Rule


@dataclass
class Line:
    words: list[Word]
    page: int = 0
    in_table: bool = False

    @property
    def y0(self) -> float:
        return min(w.y0 for w in self.words)

    @property
    def y1(self) -> float:
        return max(w.y1 for w in self.words)

    @property
    def cy(self) -> float:
        return median(w.cy for w in self.words)

    @property
    def h(self) -> float:
        return median(w.h for w in self.words)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    def segments(self, factor: float = 2.2) -> list[list[Word]]:
        """Runs of words separated by wide gaps: cells, columns, label/value pairs."""
        out: list[list[Word]] = [[self.words[0]]]
        for prev, w in zip(self.words, self.words[1:], strict=False):
            if w.x0 - prev.x1 > factor * max(min(prev.h, w.h), 1.0):
                out.append([w])
            else:
                out[-1].append(w)
        return out


@dataclass
class PageLayout:
    lines: list[Line]
    width: float
    height: float
    dpi: float
    hrules: list[Rule] = field(default_factory=list)
    vrules: list[Rule] = field(default_factory=list)


def group_lines(words: list[Word], page: int = 0) -> list[Line]:
    lines: list[Line] = []
    hs = [w.h for w in words if w.h > 0]
    typical = median(hs) if hs else 10.0
    for w in sorted(words, key=lambda w: (w.cy, w.x0)):
        if w.h <= 0:
            continue
        best, best_d = None, None
        for ln in lines[-6:]:
            lh = min(ln.h, typical * 1.5)
            d = abs(w.cy - ln.cy)
            # Overlap, not only centres: "491,00" has a comma's descender, "Д" a tail.
            top = max(w.y0, ln.cy - lh / 2)
            bottom = min(w.y1, ln.cy + lh / 2)
            overlap = (bottom - top) / max(1.0, min(w.h, lh))
            near = d < 0.55 * max(min(w.h, lh), typical * 0.5)
            if (near or (overlap > 0.6 and d < 0.8 * lh)) and (best_d is None or d < best_d):
                best, best_d = ln, d
        if best is None:
            lines.append(Line([w], page))
        else:
            best.words.append(w)
    _settle(lines, typical)
    for ln in lines:
        ln.words.sort(key=lambda w: w.x0)
    lines.sort(key=lambda ln: ln.cy)
    return lines


def _settle(lines: list[Line], typical: float) -> None:
    """Move each word to the line whose centre is much nearer than its own line's.

    Words join lines in the order of their centres, before a line has all its words: a
    text layer's tight boxes put a number (no descender) a little above its label
    ("продавца:", with two), so the number came first and joined the smaller print of the
    cell beside, half a line higher ("документ (акт) 504153229913"). Once every line has
    its words, their centres tell where each word belongs.
    """
    centres = [ln.cy for ln in lines]
    order = sorted(range(len(lines)), key=centres.__getitem__)
    moves: list[tuple[Word, Line, Line]] = []
    for pos, i in enumerate(order):
        ln = lines[i]
        if len(ln.words) < 2:
            continue
        near = [j for j in order[max(0, pos - 2) : pos + 3] if j != i]
        for w in ln.words:
            own = abs(w.cy - centres[i])
            if own < 0.25 * max(w.h, typical * 0.5) or not near:
                continue
            j = min(near, key=lambda j: abs(w.cy - centres[j]))
            d = abs(w.cy - centres[j])
            if d < own / 2 and d < 0.3 * max(min(w.h, lines[j].h), typical * 0.5):
                moves.append((w, ln, lines[j]))
    for w, src, dst in moves:
        if len(src.words) > 1:
            src.words.remove(w)
            dst.words.append(w)


@dataclass
class Span:
    start: int
    end: int
    word: Word
    line: Line


class Text:
    """All lines of a document joined by newlines, with each word's character span."""

    def __init__(self, lines: list[Line]) -> None:
        parts: list[str] = []
        self.spans: list[Span] = []
        self.line_starts: list[tuple[int, Line]] = []
        pos = 0
        for ln in lines:
            self.line_starts.append((pos, ln))
            for i, w in enumerate(ln.words):
                if i:
                    parts.append(" ")
                    pos += 1
                self.spans.append(Span(pos, pos + len(w.text), w, ln))
                parts.append(w.text)
                pos += len(w.text)
            parts.append("\n")
            pos += 1
        self.raw = "".join(parts)
        self.folded = fold_keep(self.raw)

    def words_in(self, start: int, end: int) -> list[Word]:
        return [s.word for s in self.spans if s.start < end and s.end > start]

    def conf(self, start: int, end: int) -> float:
        ws = self.words_in(start, end)
        return min(w.conf for w in ws) / 100 if ws else 0.5

    def line_at(self, pos: int) -> Line | None:
        found = None
        for start, ln in self.line_starts:
            if start > pos:
                break
            found = ln
        return found


_FOLD = str.maketrans("acehkmoptxybё", "асенкмортхуве")


def fold_keep(text: str) -> str:
    """Lower-case, ё→е and Latin look-alikes → Cyrillic, keeping every character's index."""
    low = text.lower()
    if len(low) != len(text):
        low = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
    return low.translate(_FOLD)


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
