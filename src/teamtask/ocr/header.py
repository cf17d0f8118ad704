"""The item table's header: the line that names its columns, the lines above and below it
that belong to it, and what each column's name says it holds.

A header names kinds of column in cells of their own ("Наименование", "Кол-во", "Цена",
"Сумма"), where a sentence names them in one run of text. OCR garbles header words
(Щена for Цена, Ki од for Код, letters of a bold header read apart): the kinds are read
from word stems that survive it. The column-numbering row printed under a form's header
closes it.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable

from .layout import Line, PageLayout, fold_keep
from .load import Word

_HEADER_HINTS = (
    r"наимен|менов|товар|работ|услуг",
    r"кол[\-\.\s]*во|колич|оличеств|к-во|^кол\W*$",
    r"[цщuп]ена|тариф",
    r"сумм|стоимост",
)


STOP = re.compile(
    r"^\W{0,3}(итог|всего|в\s*том\s*числе|в\s*т\.\s*ч|(?:без|6е3|бе3)\s*налог|н[доа]с\b|сумма\s*н[доа]с)"
)


_AMOUNT = re.compile(r"\d[.,]\d{2}\b")


# Columns of a form that are deliberately no item field (packages, excise, origin).
NOT_GOODS = re.compile(r"акциз|упаков|брутто|одном\s*мест|мест\W|месте\b|страна|декларац|вида")


def column_kind(text: str) -> str:
    t = fold_keep(text)
    has_sum = bool(re.search(r"сумм|стоимост", t))
    if re.search(r"океи|код\s*по", t):
        return "okei"
    # ТОРГ-12's "Количество в одном месте" and "мест, штук" count packages, not goods.
    if NOT_GOODS.search(t):
        return "skip"
    if "ставк" in t:
        return "rate"
    # "без налога", "без учета НДС"; a two-line header's words may come interleaved ("без
    # прав налога"); a bold "без" read with its б as 6 and apart ("6 ез", "6е3").
    if has_sum and re.search(r"(?<![а-яё\d])[б6]\s?е\s?[з3]\s*(?:\w+\W+){0,2}?(н[доа]с|налог)", t):
        return "net"
    if has_sum and re.search(r"с\s*(учетом\s*)?(н[доа]с|налог)", t):
        return "gross"
    if has_sum and re.search(r"н[доа]с|налог", t):
        return "vat"
    if re.search(r"[цщuп]ена|тариф", t):  # Цена read as Щена or Пена
        return "price"
    # "Кол." alone; К lost at a rule ("оличество").
    if re.search(r"кол[\-\.\s]*во|колич|оличеств|к-во|объем|^\W*кол\W*$", t):
        return "quantity"
    if has_sum or re.search(r"всего", t):
        return "amount"
    # A unit's own name ("Единица измерения: наименование" in ТОРГ-12) is a unit; a name
    # that mentions the article ("наименование, … артикул товара") is a name.
    if re.search(r"\bе[дqg]\b|е[дqg]\.|единиц|изм|условн|обозначен", t):  # "Ед." read as Eq.
        # "Единица измерения: код" (УПД) is the unit's ОКЕИ code, not its name.
        return "okei" if re.search(r"\bкод\b", t) else "unit"
    if re.search(r"наимен|менов", t):
        return "name"
    # "Код товара" with its К lost at a rule or read apart ("Ki од товара"); "Артикул"
    # read in pieces, or twice over its ink ("Артик" and "РТИКУЛ").
    if re.search(r"артик|ртикул|код|\bод\s+товар", t):
        return "article"
    if re.search(r"товар|работ|услуг|описан|предмет", t):
        return "name"
    if re.search(r"№|п/п|номер|порядк|^\W*n\W*$", t):
        return "no"
    return "skip"


def is_header(line: Line) -> int:
    """How many kinds of column a line names, each in a cell of its own.

    A sentence ("…оплатить товары в количестве и по ценам…") names them too, but in one
    run of text; a header's names stand apart. A dash OCR dropped from a sentence
    ("Покупатель — принять") leaves a gap as wide as a cell's, but a line or two of
    those in a sentence across the page leave it nearly all ink, where cells' margins
    leave a header far apart.
    """
    runs = line.segments(1.5)
    if len(runs) < 2:
        return 0
    gaps = sum(b[0].x0 - a[-1].x1 for a, b in itertools.pairwise(runs))
    if gaps < 0.1 * (runs[-1][-1].x1 - runs[0][0].x0):
        return 0
    segs = [fold_keep(" ".join(w.text for w in s)) for s in runs]
    hits = 0
    for h in _HEADER_HINTS:
        if any(re.search(h, s) for s in segs):
            hits += 1
    return hits


def numbering_row(line: Line) -> bool:
    """The row of column numbers (1 2 3 … 11, or А 1 1а 1б 2 … in a УПД) printed under many
    form headers."""
    toks = [w.text for w in line.words]
    numbers = [t for t in toks if re.fullmatch(r"\d{1,2}[а-яa-z]?|[А-ЯA-Z]", t)]
    others = [t for t in toks if t not in numbers]
    # A long row may have a few numbers misread ("1а" as "Та", "2а" as "2;"), each as
    # short as a number, and no amount (a row of goods has words and amounts); a short row
    # must be exact.
    misread = len(toks) // 4 if len(toks) >= 8 else 0
    return (
        len(toks) >= 4
        and len(others) <= misread
        and all(len(t) <= 3 and not _AMOUNT.search(t) for t in others)
        and sum(t[0].isdigit() for t in numbers) >= 3
    )


NUMBERING_REACH = 8  # lines: how far below a seeming end of the header its numbering row may be


def _header_through_numbering(lines: list[Line], i: int, header: list[Line], h: float) -> int:
    """Where the body starts when the header seemed to end at lines[i].

    A speck or a stray superscript read as a digit at the start of a header line ("2" left
    of "ОКЕИ месте штук") looks like a row number and ends the header early. The
    column-numbering row closes a form's header, so when one follows within a few lines
    and no line before it carries an amount, everything down to it is header too. A tall
    form header whose cells are set in their middles comes back as many short lines
    (`NUMBERING_REACH`); its "— всего" columns may stand on one of their own, which is
    no total: a total carries its figure.
    """
    if header and numbering_row(header[-1]):
        return i
    for j in range(i, min(i + NUMBERING_REACH, len(lines))):
        ln = lines[j]
        if ln.cy - (lines[j - 1].cy if j > 0 else ln.cy) > 3.5 * h:
            break
        if numbering_row(ln):
            header.extend(lines[i : j + 1])
            return j + 1
        if _AMOUNT.search(ln.text):
            break
        if STOP.search(fold_keep(ln.text)) and any(c.isdigit() for c in ln.text):
            break
    return i


def _rule_under(page: PageLayout, key: Line) -> Callable[[Line, Line], bool]:
    """Whether a rule across the whole of a ruled table lies between two lines below its
    header's naming line `key`: the rule under the header, which no header line is below.
    (Never, where the table has no vertical rules through `key`.)"""
    xs = sorted(r.pos for r in page.vrules if r.start <= key.y0 and r.end >= key.y1)
    if len(xs) < 3:
        return lambda _a, _b: False
    width = xs[-1] - xs[0]
    across = [
        r.pos
        for r in page.hrules
        if r.pos > key.cy and r.start <= xs[0] + 0.05 * width and r.end >= xs[-1] - 0.05 * width
    ]
    return lambda a, b: any(a.cy < y < b.cy for y in across)


def _header_top(page: PageLayout, start: int, h: float) -> int:
    """The first line of a ruled header: a tall form header ("Наименование" above
    "товара (описание…") names two kinds of column only on a middle line; the lines above
    it inside the table's vertical rules belong to it."""
    ln = page.lines[start]
    tops = sorted(r.start for r in page.vrules if r.start <= ln.y0 and r.end >= ln.y1)
    if len(tops) < 3:
        return start
    top = tops[len(tops) // 2]
    while start > 0 and page.lines[start - 1].y0 >= top - 0.3 * h:
        start -= 1
    return start


def find_header(page: PageLayout) -> tuple[list[Line], int, float] | None:
    """The item table's header lines on a page, the index of the first line below them,
    and the header's text height; None where no line names two kinds of column apart.
    The header runs down to a line that looks like data (a row number, amounts), or
    through the column-numbering row that closes a form's header."""
    lines = page.lines
    start = next((i for i, ln in enumerate(lines) if is_header(ln) >= 2), None)
    if start is None:
        return None
    h = max(4.0, min(ln.h for ln in lines[start : start + 1]))
    under = _rule_under(page, lines[start])
    start = _header_top(page, start, h)
    # Header lines: until a line that looks like data (starts with a number, has amounts).
    header = [lines[start]]
    i = start + 1
    while i < len(lines):
        ln = lines[i]
        first = ln.words[0].text
        if ln.cy - header[-1].cy > 3.5 * h:
            break
        if re.fullmatch(r"\d{1,3}\.?", first) and not numbering_row(ln):
            break
        # Two amounts make a data row whatever its first cell (an article in a УПД).
        if len(_AMOUNT.findall(ln.text)) >= 2:
            break
        if numbering_row(ln):
            header.append(ln)
            i += 1
            break
        if under(header[-1], ln):
            break  # a first row whose name starts above its number (set in the row's middle)
        # A line of no words is data; "№" alone is the number column's name, on a line of
        # its own where a tall header's cells are set in their middles.
        if not any(c.isalpha() or c == "№" for c in ln.text):
            break
        header.append(ln)
        i += 1
    i = _header_through_numbering(lines, i, header, h)
    return header, i, h


_KEYWORD = re.compile(r"колич|[цщп]ена|сумм|стоим|наимен|артик|ед\.|ставк")


def split_glued(words: list[Word]) -> list[Word]:
    """Header words OCR glued together ("КоличествоЦена,"): cut where a second name starts."""
    out: list[Word] = []
    for w in words:
        starts = [m.start() for m in _KEYWORD.finditer(fold_keep(w.text))]
        cuts = [s for s in starts if s > 0]
        if not cuts:
            out.append(w)
            continue
        per = (w.x1 - w.x0) / max(1, len(w.text))
        edges = [0, *cuts, len(w.text)]
        for s, e in itertools.pairwise(edges):
            out.append(Word(w.text[s:e], w.x0 + s * per, w.y0, w.x0 + e * per, w.y1, w.conf))
    return out
