"""The table part: line items from word boxes mapped to columns.

Columns come from the vertical ruling lines when the table is ruled (their positions were
kept when the lines were erased for OCR), otherwise from the white "rivers" that run
through the header and every row; where noise broke some rules, rivers stand in for them.
Rows come from the horizontal rules, or from lines that carry an amount, with wrapped name
lines attached to the nearest such line; a row cut by a page break ends on the next page.

Where OCR garbled a header cell, the cells below tell the column (units of measure, ОКЕИ
codes); the column-numbering row under a form's header closes it.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from statistics import median

from .document import Item
from .layout import Line, PageLayout, fold_keep, squash
from .load import Word, joined
from .parse import (
    UNITS,
    canon_code,
    canon_text,
    canon_unit,
    digit_groups,
    parse_money,
    parse_quantity,
)

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
_NOT_GOODS = re.compile(r"акциз|упаков|брутто|одном\s*мест|мест\W|месте\b|страна|декларац|вида")


def column_kind(text: str) -> str:
    t = fold_keep(text)
    has_sum = bool(re.search(r"сумм|стоимост", t))
    if re.search(r"океи|код\s*по", t):
        return "okei"
    # ТОРГ-12's "Количество в одном месте" and "мест, штук" count packages, not goods.
    if _NOT_GOODS.search(t):
        return "skip"
    if "ставк" in t:
        return "rate"
    # "без налога", "без учета НДС"; a two-line header's words may come interleaved ("без
    # прав налога").
    if has_sum and re.search(r"(?:без|6е3|бе3)\s*(?:\w+\W+){0,2}?(н[доа]с|налог)", t):
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
    # "Код товара" with its К lost at a rule or read apart ("Ki од товара").
    if re.search(r"артикул|код|\bод\s+товар", t):
        return "article"
    if re.search(r"товар|работ|услуг|описан|предмет", t):
        return "name"
    if re.search(r"№|п/п|номер|порядк|^\W*n\W*$", t):
        return "no"
    return "skip"


def _is_header(line: Line) -> int:
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


@dataclass
class Column:
    x0: float
    x1: float
    kind: str = "skip"
    header: str = ""


class CarriedTable(list[Column]):
    """A page's table columns as handed to the next page, with the table's last item: a
    page break may cut a row, and the rest of its name then opens the next page."""

    def __init__(self, cols: list[Column], last: Item | None) -> None:
        super().__init__(cols)
        self.last = last


def _numbering_row(line: Line) -> bool:
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


def _header_through_numbering(lines: list[Line], i: int, header: list[Line], h: float) -> int:
    """Where the body starts when the header seemed to end at lines[i].

    A speck or a stray superscript read as a digit at the start of a header line ("2" left
    of "ОКЕИ месте штук") looks like a row number and ends the header early. The
    column-numbering row closes a form's header, so when one follows within a few lines
    and no line before it carries an amount, everything down to it is header too.
    """
    if header and _numbering_row(header[-1]):
        return i
    for j in range(i, min(i + 4, len(lines))):
        ln = lines[j]
        if ln.cy - (lines[j - 1].cy if j > 0 else ln.cy) > 3.5 * h:
            break
        if _numbering_row(ln):
            header.extend(lines[i : j + 1])
            return j + 1
        if _AMOUNT.search(ln.text) or STOP.search(fold_keep(ln.text)):
            break
    return i


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


def _ruled_columns(page: PageLayout, y1: float, h: float) -> list[float]:
    """Rules that cross the header's last line: the leaf columns of a two-storey header
    (ТОРГ-12's "Товар" over "наименование" and "код"), whose upper storey's rules end
    above it. A leaf's rule may stop there, past the line's middle (a seal printed over the
    rows hides the rest)."""
    xs = sorted(r.pos for r in page.vrules if r.start <= y1 - 0.5 * h and r.end >= y1 - 0.5 * h)
    merged: list[float] = []
    for x in xs:
        if merged and x - merged[-1] < h * 0.6:
            continue
        merged.append(x)
    return merged


def _rules_lost(page: PageLayout, vx: list[float], hy1: float, h: float) -> bool:
    """Whether noise broke vertical rules into pieces too short to keep: the table's
    horizontal rules below its header reach well past its outermost vertical ones."""
    width = vx[-1] - vx[0]
    spans = [r for r in page.hrules if r.pos >= hy1 - h and r.end - r.start > 0.5 * width]
    if not spans:
        return False
    table_left = median(r.start for r in spans)
    table_right = median(r.end for r in spans)
    return vx[0] > table_left + 2 * h or vx[-1] < table_right - 2 * h


def _rules_and_rivers(
    vx: list[float], seps: list[float], body: list[Line], words: list[Word], h: float
) -> list[float]:
    """Column bounds from the rules that survived, and rivers where rules were lost: a
    river counts where no rule is near and it parts words of the rows on both sides
    within its ruled stretch (an empty ruled column has a river of its own, not a column).
    """
    data = [w for ln in body for w in ln.words]
    left = min(w.x0 for w in words) - 1
    right = max(w.x1 for w in words) + 1
    bounds = list(vx)
    for s in seps:
        if any(abs(s - x) < h for x in vx):
            continue
        a = max((x for x in vx if x < s), default=left)
        b = min((x for x in vx if x > s), default=right)
        if any(a <= w.cx < s for w in data) and any(s <= w.cx < b for w in data):
            bounds.append(s)
    if left < vx[0] - h:
        bounds.append(left)
    if right > vx[-1] + h:
        bounds.append(right)
    return sorted(bounds)


def _glue_numbers(words: list[Word], h: float) -> list[Word]:
    """One box for "82 185,05": digit groups of an amount are not two columns."""
    out: list[Word] = []
    for w in words:
        prev = out[-1] if out else None
        if (
            prev is not None
            and digit_groups([*prev.text.split(" "), w.text])
            and w.x0 - prev.x1 < 0.9 * h
            and abs(w.cy - prev.cy) < 0.5 * h
        ):
            out[-1] = joined([prev, w], prev.text + " " + w.text)
        else:
            out.append(w)
    return out


def _river_columns(rows: list[Line], header: list[Word], h: float) -> list[float]:
    """Separators where no word of the rows lies, and that cut no header word."""
    words = [w for ln in rows for w in _glue_numbers(ln.words, h)]
    spans = sorted((w.x0, w.x1) for w in words)
    seps: list[float] = []
    if not spans:
        return seps
    cur_end = spans[0][1]
    for x0, x1 in spans[1:]:
        # A space inside a cell is ~0.3 of the line height; a column gap is wider.
        # Under one header word only a wide gap is a river (the word may be two glued).
        under_header = any(hw.x0 < cur_end and hw.x1 > x0 for hw in header)
        if x0 - cur_end > (h * 1.5 if under_header else h * 0.5):
            seps.append(_header_gap(header, cur_end, x0))
        cur_end = max(cur_end, x1)
    return seps


def _header_gap(header: list[Word], a: float, b: float) -> float:
    """Where in the rows' gap [a, b] one column ends: in the widest stretch that no header
    word covers either. A centred header ("без налога" over right-aligned amounts) may
    reach into the gap further than the rows do; the gap's middle would cut it off."""
    spans = sorted((max(a, w.x0), min(b, w.x1)) for w in header if w.x1 > a and w.x0 < b)
    best, best_w, pos = (a + b) / 2, 0.0, a
    for x0, x1 in [*spans, (b, b)]:
        if x0 - pos > best_w:
            best, best_w = (pos + x0) / 2, x0 - pos
        pos = max(pos, x1)
    return best


def _split_at_rules(words: list[Word], xs: list[float], h: float) -> list[Word]:
    """OCR joins "1" and "м" of adjacent cells into one word when the rule between them is
    erased; cut such a word where the rule was, proportionally to its characters."""
    out: list[Word] = []
    for w in words:
        cuts = [x for x in xs if w.x0 + h * 0.3 < x < w.x1 - h * 0.3]
        if not cuts or len(w.text) < 2:
            out.append(w)
            continue
        start, x_prev = 0, w.x0
        per_char = (w.x1 - w.x0) / len(w.text)
        for x in [*cuts, w.x1]:
            end = len(w.text) if x >= w.x1 else max(start + 1, round((x - w.x0) / per_char))
            part = w.text[start:end]
            if part:
                out.append(Word(part, x_prev, w.y0, min(x, w.x1), w.y1, w.conf))
            start, x_prev = end, x
    return out


def _cut_running_text(body: list[Line], cols: list[Column]) -> list[Line]:
    """An unruled table ends where running text starts: words in the number columns
    that are not numbers, on a line that carries no amount."""
    numeric = [c for c in cols if c.kind in ("quantity", "price", "amount", "net", "gross", "vat")]
    money = [c for c in cols if c.kind in ("price", "amount", "net", "gross")]
    out: list[Line] = []
    for ln in body:
        has_amount = any(_numeric(_cell(ln.words, c)) for c in money)
        wordy = any(
            any(sum(ch.isalpha() for ch in w.text) >= 3 for w in _cell(ln.words, c))
            for c in numeric
        )
        if wordy and not has_amount:
            break
        out.append(ln)
    return out


def _split_by_header(
    bounds: list[float], header: list[Line], h: float, data: list[Word]
) -> list[float]:
    """Split a river column whose header names two things ("Кол-во   Ед.").

    Adjacent right- and left-aligned columns leave only a narrow river in the rows; the
    header's own gap tells where one ends.
    """
    out = [bounds[0]]
    for a, b in itertools.pairwise(bounds):
        for ln in header:
            ws = [w for w in ln.words if a <= w.cx < b]
            for left, right in itertools.pairwise(ws):
                if right.x0 - left.x1 < 0.6 * h:
                    continue
                k1 = column_kind(" ".join(w.text for w in ws if w.cx <= left.cx))
                k2 = column_kind(" ".join(w.text for w in ws if w.cx >= right.cx))
                if "skip" not in (k1, k2) and k1 != k2:
                    out.append(_widest_gap(data, left.x1, right.x0))
        out.append(b)
    return sorted(set(out))


_KEYWORD = re.compile(r"колич|[цщп]ена|сумм|стоим|наимен|артик|ед\.|ставк")


def _split_glued(words: list[Word]) -> list[Word]:
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


def _header_cell(words: list[Word], col: Column) -> list[Word]:
    width = max(1.0, col.x1 - col.x0)
    return [
        w
        for w in _split_glued(words)
        if col.x0 <= w.cx < col.x1 or min(w.x1, col.x1) - max(w.x0, col.x0) >= 0.45 * width
    ]


def _widest_gap(words: list[Word], a: float, b: float) -> float:
    """Middle of the widest stretch of [a, b] that no row's word covers (else the middle)."""
    spans = sorted((max(a, w.x0), min(b, w.x1)) for w in words if w.x1 > a and w.x0 < b)
    best, best_w, pos = (a + b) / 2, -1.0, a
    for x0, x1 in spans:
        if x0 - pos > best_w:
            best, best_w = (pos + x0) / 2, x0 - pos
        pos = max(pos, x1)
    if b - pos > best_w:
        best = (pos + b) / 2
    return best


def _cell(words: list[Word], col: Column) -> list[Word]:
    return [w for w in words if col.x0 <= w.cx < col.x1]


def _money_cell(ws: list[Word]) -> str | None:
    text = squash(" ".join(w.text for w in ws))
    return parse_money(text) if text else None


def _numeric(ws: list[Word]) -> bool:
    text = "".join(w.text for w in ws)
    return (
        bool(text)
        and bool(re.fullmatch(r"[\d\s.,\-OoОо]+", text))
        and any(c.isdigit() for c in text)
    )


def _amount_col(cols: list[Column]) -> Column | None:
    """The column a row's amount is read from: the net one where there is one."""
    return next((c for k in ("net", "amount", "gross") for c in cols if c.kind == k), None)


def extract_items(
    page: PageLayout, prev: list[Column] | None = None
) -> tuple[list[Item], list[Line], list[float], list[Column] | None]:
    """Items of the first item table on a page, the lines it used, row confidences, and
    the table's columns for the next page. Without a header of its own, a page's rows at
    the top carry on `prev`, the previous page's columns; a row the page break cut ends
    `prev`'s last item (a `CarriedTable`), which is completed in place."""
    lines = page.lines
    start = next((i for i, ln in enumerate(lines) if _is_header(ln) >= 2), None)
    if start is None:
        return _continued(page, prev) if prev is not None else ([], [], [], None)
    h = max(4.0, min(ln.h for ln in lines[start : start + 1]))
    start = _header_top(page, start, h)
    # Header lines: until a line that looks like data (starts with a number, has amounts).
    header = [lines[start]]
    i = start + 1
    while i < len(lines):
        ln = lines[i]
        first = ln.words[0].text
        if ln.cy - header[-1].cy > 3.5 * h:
            break
        if re.fullmatch(r"\d{1,3}\.?", first) and not _numbering_row(ln):
            break
        # Two amounts make a data row whatever its first cell (an article in a УПД).
        if len(_AMOUNT.findall(ln.text)) >= 2:
            break
        if _numbering_row(ln):
            header.append(ln)
            i += 1
            break
        if not any(c.isalpha() for c in ln.text) and not _numbering_row(ln):
            break
        header.append(ln)
        i += 1
    i = _header_through_numbering(lines, i, header, h)
    hy1 = max(ln.y1 for ln in header)
    # Body lines: until totals, a paragraph, or a big gap.
    body: list[Line] = []
    last_y = hy1
    vx = _ruled_columns(page, hy1, h)
    bottom = None
    if len(vx) >= 3:
        bottom = max(
            r.end for r in page.vrules if r.start <= hy1 - 0.5 * h and abs(r.pos - vx[-1]) < h * 2
        )
    for ln in lines[i:]:
        if STOP.search(fold_keep(ln.text)):
            break
        if bottom is not None and ln.cy > bottom:
            break
        if bottom is None and ln.y0 - last_y > 3.0 * h:
            break
        body.append(ln)
        last_y = ln.y1
    if not body:
        return [], header, [], None
    words_all = [w for ln in header + body for w in ln.words]
    # Rivers from the item rows (lines with two amounts or more): a header word that
    # OCR glued across two columns ("КоличествоЦена,") must not close a river.
    number_rows = [
        ln for ln in body if sum(bool(re.fullmatch(r"[\d\s.,]+\d", w.text)) for w in ln.words) >= 2
    ]
    header_words = _split_glued([w for ln in header if not _numbering_row(ln) for w in ln.words])
    if len(vx) >= 3:
        bounds = vx
        left, right = vx[0], vx[-1]
        if _rules_lost(page, vx, hy1, h):
            seps = _river_columns(number_rows or body, header_words, h)
            bounds = _rules_and_rivers(vx, seps, body, words_all, h)
            left, right = bounds[0], bounds[-1]
        for ln in body:
            ln.words = _split_at_rules(ln.words, vx, h)
    else:
        seps = _river_columns(number_rows or body, header_words, h)
        left = min(w.x0 for w in words_all) - 1
        right = max(w.x1 for w in words_all) + 1
        bounds = [left, *seps, right]
    header_lines = [ln for ln in header if not _numbering_row(ln)]
    if len(vx) < 3:
        data_words = [w for ln in body for w in ln.words]
        bounds = _split_by_header(bounds, header_lines, h, data_words)
    cols = [Column(a, b) for a, b in itertools.pairwise(bounds) if b - a > h * 0.5]
    ruled = len(vx) >= 3
    for col in cols:
        # Line by line, so that a wrapped header reads in its printed order. Without rules a
        # header word glued across two columns names both (the duplicate kind is dropped).
        parts = [
            " ".join(
                w.text for w in (_cell(ln.words, col) if ruled else _header_cell(ln.words, col))
            )
            for ln in header_lines
        ]
        col.header = squash(" ".join(p for p in parts if p))
        col.kind = column_kind(col.header) if col.header else "skip"
        if col.kind == "skip" and " " in col.header:
            # A bold header's letters read apart ("Това р", "Ко д").
            col.kind = column_kind(col.header.replace(" ", ""))
    if not ruled:
        cols = _join_name_overflow(cols, body)
    kinds = {c.kind for c in cols}
    if "name" not in kinds or not kinds & {"amount", "net", "gross", "price"}:
        return [], header, [], None
    _codes_are_no_units(cols, body)
    # Several columns of one kind (a two-level header): keep the first, but a name column
    # that says "Наименование" over one that only mentions goods ("товара/ работ, услуг").
    named = [
        c for c in cols if c.kind == "name" and re.search(r"наимен|менов", fold_keep(c.header))
    ]
    if named:
        for col in cols:
            if col.kind == "name" and col is not named[0]:
                col.kind = "skip"
    _one_column_per_kind(cols, body)
    kinds = {c.kind for c in cols}
    if "price" not in kinds and "quantity" in kinds:
        # A garbled "Цена": the unnamed column between quantity and the amount.
        qi = next(i for i, c in enumerate(cols) if c.kind == "quantity")
        ai = next((i for i, c in enumerate(cols) if c.kind in ("net", "amount", "gross")), -1)
        between = [c for c in cols[qi + 1 : ai] if c.kind == "skip"]
        if ai > qi and len(between) == 1:
            between[0].kind = "price"
    if "unit" not in kinds:
        _unit_by_cells(cols, body)
    amount_col = _amount_col(cols)
    if len(vx) < 3:
        body = _cut_running_text(body, cols)
        if not body:
            return [], header, [], None
    rows = _rows(page, body, cols, amount_col, left, right, h)
    items, confs = _items(rows, cols, amount_col)
    return items, header + body, confs, CarriedTable(cols, items[-1] if items else None)


def _items(
    rows: list[list[Line]], cols: list[Column], amount_col: Column | None
) -> tuple[list[Item], list[float]]:
    items: list[Item] = []
    confs: list[float] = []
    for row in rows:
        words = [w for ln in row for w in ln.words]
        get = {c.kind: _cell(words, c) for c in cols}
        amount = _money_cell(get[amount_col.kind]) if amount_col else None
        price = _money_cell(get.get("price", []))
        if amount is None and price is None:
            continue
        name_ws = get.get("name", [])
        name = _join_name(row, name_ws)
        qty_ws = get.get("quantity", [])
        quantity = (
            parse_quantity(squash(" ".join(w.text for w in qty_ws)), cell=True) if qty_ws else None
        )
        unit_ws = get.get("unit", [])
        article_ws = get.get("article", [])
        article = canon_code(squash(" ".join(w.text for w in article_ws)).strip("|[]'`"))
        if not any(c.isalnum() for c in article):
            article = ""  # a dash for "none" ("—" in a УПД's code column)
        items.append(
            Item(
                name=canon_text(name) or None,
                article=article or None,
                quantity=quantity,
                unit=canon_unit(squash(" ".join(w.text for w in unit_ws))),
                price=price,
                amount=amount,
            )
        )
        confs.append(min((w.conf for w in words), default=100.0) / 100)
    return items, confs


def _continued(
    page: PageLayout, prev: list[Column]
) -> tuple[list[Item], list[Line], list[float], list[Column] | None]:
    """The rows at the top of a page that carries on the previous page's table without a
    header of its own: the previous page's columns (moved to this page's rules, if any)."""
    lines = page.lines
    if not lines:
        return [], [], [], None
    h = max(4.0, median(ln.h for ln in lines))
    key = [c for c in prev if c.kind in ("amount", "net", "gross", "price")]
    first = next(
        (
            i
            for i, ln in enumerate(lines)
            if not _numbering_row(ln) and any(_numeric(_cell(ln.words, c)) for c in key)
        ),
        None,
    )
    # A continued table starts at the top, below a page header of a few lines at most.
    if first is None or lines[first].cy > 0.35 * page.height:
        return [], [], [], None
    begin = first
    while (
        begin > 0
        and lines[first].cy - lines[begin - 1].cy < 2.5 * h
        and not _numbering_row(lines[begin - 1])
    ):
        begin -= 1
    # Lines between the table's top rule and there are rows too: the rest of a row the page
    # break cut ("листов" above a row three lines tall).
    top = _table_top(page, lines[begin].y0, h)
    while begin > 0 and top is not None and lines[begin - 1].y0 > top:
        begin -= 1
    body: list[Line] = []
    for ln in lines[begin:]:
        if STOP.search(fold_keep(ln.text)) or (body and ln.y0 - body[-1].y1 > 3.0 * h):
            break
        body.append(ln)
    if not body:
        return [], [], [], None
    cols = _moved_to_rules(page, prev, body, h)
    amount_col = _amount_col(cols)
    left, right = cols[0].x0, cols[-1].x1
    rows = _rows(page, body, cols, amount_col, left, right, h)
    last = prev.last if isinstance(prev, CarriedTable) else None
    if rows and last is not None and _finish_cut_row(rows[0], cols, last):
        rows = rows[1:]
    items, confs = _items(rows, cols, amount_col)
    return items, body, confs, CarriedTable(cols, items[-1] if items else last)


def _table_top(page: PageLayout, y: float, h: float) -> float | None:
    """The topmost of the long horizontal rules that follow each other up from `y` less
    than a few rows apart: the top border of a table carried on at a page's top."""
    long = sorted(
        (r.pos for r in page.hrules if r.end - r.start > 0.3 * page.width and r.pos < y),
        reverse=True,
    )
    top, below = None, y
    for pos in long:
        if below - pos > 6 * h:
            break
        top, below = pos, pos
    return top


def _finish_cut_row(row: list[Line], cols: list[Column], last: Item) -> bool:
    """The first ruled row of a continued page that holds words in the name column only
    and no number is the rest of a row the page break cut: its words end the previous
    page's last name (the row's numbers stand on its first line, above the break)."""
    words = [w for ln in row for w in ln.words]
    key = [c for c in cols if c.kind in ("amount", "net", "gross", "price")]
    name_cols = [c for c in cols if c.kind == "name"]
    if not words or not name_cols or any(_numeric(_cell(ln.words, c)) for ln in row for c in key):
        return False
    name_ws = _cell(words, name_cols[0])
    if len(name_ws) != len(words):
        return False
    rest = canon_text(_join_name(row, name_ws))
    if not rest:
        return False
    last.name = f"{last.name} {rest}" if last.name else rest
    return True


def _moved_to_rules(
    page: PageLayout, cols: list[Column], body: list[Line], h: float
) -> list[Column]:
    """The columns between this page's vertical rules, each of the kind of the previous
    page's column it mostly overlaps (a scan lies a little elsewhere on every page)."""
    y0, y1 = body[0].y0, body[-1].y1
    xs = sorted({r.pos for r in page.vrules if r.start <= y0 + h and r.end >= min(y1, y0 + 2 * h)})
    if len(xs) < 3:
        return cols
    moved: list[Column] = []
    for a, b in itertools.pairwise(xs):
        # The share of the narrower of the two columns they have in common: the previous
        # page's outer columns end at their words, this page's at its rules.
        shared: dict[str, float] = {}
        for c in cols:
            common = (min(b, c.x1) - max(a, c.x0)) / max(1.0, min(b - a, c.x1 - c.x0))
            shared[c.kind] = max(shared.get(c.kind, 0.0), common)
        kind = max(shared, key=lambda k: shared[k], default="skip")
        moved.append(Column(a, b, kind if shared.get(kind, 0.0) > 0.5 else "skip"))
    return moved


def _join_name_overflow(cols: list[Column], body: list[Line]) -> list[Column]:
    """A headerless river column right of the names that holds only words is the end of a
    long name ("…серверов за" with a wide word space before "за"), not a column."""
    out: list[Column] = []
    for col in cols:
        prev = out[-1] if out else None
        if prev is not None and prev.kind == "name" and col.kind == "skip" and not col.header:
            words = [w for ln in body for w in _cell(ln.words, col)]
            if words and not any(any(ch.isdigit() for ch in w.text) for w in words):
                prev.x1 = col.x1
                continue
        out.append(col)
    return out


def _join_name(row: list[Line], ws: list[Word]) -> str:
    parts: list[str] = []
    for ln in row:
        # A bar is a remnant of an erased rule, never print in a name ("Папка-|").
        seg = [t for w in ln.words if w in ws and (t := w.text.replace("|", ""))]
        if not seg:
            continue
        text = " ".join(seg)
        if parts and parts[-1].endswith("-"):
            parts[-1] += text
        else:
            parts.append(text)
    # A hyphenated word ("Папка-регистратор") whose halves OCR boxed apart; a dash set
    # between spaces stays.
    text = re.sub(r"(?<=[^\W\d_])- (?=[^\W\d_])", "-", squash(" ".join(parts)))
    # Remnants of an erased rule at the cell's edge read as dashes or bars.
    return text.strip("—–-_|[]'` ")


def _one_column_per_kind(cols: list[Column], body: list[Line]) -> None:
    """Of several columns of one kind, the first that holds anything in the rows; the
    others are skipped. ТОРГ-12 counts packages in "Количество в одном месте" (empty on
    most waybills) before the goods' "Количество (масса нетто)"; where OCR garbled the
    former's "одном месте", both read as a quantity."""
    for kind in {c.kind for c in cols} - {"skip"}:
        same = [c for c in cols if c.kind == kind]
        keep = next((c for c in same if any(_cell(ln.words, c) for ln in body)), same[0])
        for col in same:
            if col is not keep:
                col.kind = "skip"


def _codes_are_no_units(cols: list[Column], body: list[Line]) -> None:
    """A "unit" column whose cells are all numeric codes is the unit's ОКЕИ code ("796",
    "006"): УПД and ТОРГ-12 put the code and the unit's name under one "Единица
    измерения", and a misread "код" leaves the code column named by that alone."""
    for col in cols:
        if col.kind != "unit":
            continue
        cells = [squash(" ".join(w.text for w in _cell(ln.words, col))) for ln in body]
        filled = [t for t in cells if t]
        if filled and all(re.fullmatch(r"\d{2,4}", t) for t in filled):
            col.kind = "okei"


def _unit_by_cells(cols: list[Column], body: list[Line]) -> None:
    """Name the unit column by its cells when OCR garbled its header.

    "Ед. изм." set on two lines in a narrow cell often comes back as one tall junk word
    ("т", "омения"). An unnamed column whose every filled cell is a unit of measure and
    that is filled on most item lines is the unit column; a column the form names as
    something else (packages, excise) is left alone.
    """
    key = [c for c in cols if c.kind in ("amount", "net", "gross", "price")]
    item_lines = [ln for ln in body if any(_numeric(_cell(ln.words, c)) for c in key)]
    if not item_lines:
        return
    for col in cols:
        if col.kind != "skip" or _NOT_GOODS.search(fold_keep(col.header)):
            continue
        cells = [squash(" ".join(w.text for w in _cell(ln.words, col))) for ln in body]
        filled = [t for t in cells if t]
        if (
            filled
            and all(canon_unit(t) in UNITS for t in filled)
            and 2 * len(filled) >= len(item_lines)
        ):
            col.kind = "unit"
            return


def _filled_money_cells(line: Line, key: list[Column]) -> int:
    """How many of the money columns hold a number on this line."""
    return sum(_numeric(_cell(line.words, c)) for c in key)


def _rows(
    page: PageLayout,
    body: list[Line],
    cols: list[Column],
    amount_col: Column | None,
    left: float,
    right: float,
    h: float,
) -> list[list[Line]]:
    key = [c for c in cols if c.kind in ("amount", "net", "gross", "price")]
    anchors = [i for i, ln in enumerate(body) if any(_numeric(_cell(ln.words, c)) for c in key)]
    hy = sorted(
        r.pos
        for r in page.hrules
        if r.start <= left + h * 2
        and r.end >= right - h * 2
        and body[0].y0 - h * 2 <= r.pos <= body[-1].y1 + h
    )
    if len(hy) >= 2:
        bands: list[list[int]] = [[] for _ in range(len(hy) + 1)]
        for i, ln in enumerate(body):
            bands[sum(1 for y in hy if y < ln.cy)].append(i)
        # Rules between the rows (not just a header underline and a closing line). A row's
        # lines are told by numbers in two money columns: one number alone may be a cell
        # of a wrapped row whose box OCR set a line higher than its neighbours.
        full = [i for i in anchors if _filled_money_cells(body[i], key) >= min(2, len(key))]
        if 2 * len(full) < len(anchors):  # rows with one money column filled: count them all
            full = anchors
        if all(sum(1 for i in b if i in full) <= 1 for b in bands):
            return [[body[i] for i in b] for b in bands if b]
    # Unruled: rows anchored on lines with a number in the amount (or price) column.
    if not anchors:
        return []
    groups: dict[int, list[Line]] = {a: [] for a in anchors}
    for i, ln in enumerate(body):
        if i in groups:
            groups[i].append(ln)
            continue
        prev = max((a for a in anchors if a < i), default=None)
        nxt = min((a for a in anchors if a > i), default=None)
        if prev is None and nxt is None:
            continue
        if nxt is None or (prev is not None and ln.cy - body[prev].cy <= body[nxt].cy - ln.cy):
            groups[prev].append(ln)  # type: ignore[index]
        else:
            groups[nxt].insert(0, ln)
    return [sorted(groups[a], key=lambda ln: ln.cy) for a in anchors]
