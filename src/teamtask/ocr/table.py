"""The table part: line items from word boxes mapped to columns.

The header (`header.py`) and the columns (`columns.py`) found, rows come from the
horizontal rules, or from lines that carry an amount, with wrapped name lines attached to
the nearest such line; a row cut by a page break ends on the next page.
"""

from __future__ import annotations

import itertools
import re
from statistics import median

from .columns import (
    AMOUNTS,
    Column,
    cell,
    cell_text,
    kopecks_by_arithmetic,
    kopecks_lost,
    numeric,
    ruled_columns,
    table_columns,
    unit_of,
)
from .document import Item
from .header import STOP, find_header, numbering_row
from .layout import Line, PageLayout, fold_keep, squash
from .load import Word
from .parse import UNITS, canon_code, canon_text, parse_money, parse_quantity


class CarriedTable(list[Column]):
    """A page's table columns as handed to the next page, with the table's last item: a
    page break may cut a row, and the rest of its name then opens the next page."""

    def __init__(self, cols: list[Column], last: Item | None) -> None:
        super().__init__(cols)
        self.last = last


def extract_items(
    page: PageLayout, prev: list[Column] | None = None
) -> tuple[list[Item], list[Line], list[float], list[Column] | None]:
    """Items of the first item table on a page, the lines it used, row confidences, and
    the table's columns for the next page. Without a header of its own, a page's rows at
    the top carry on `prev`, the previous page's columns; a row the page break cut ends
    `prev`'s last item (a `CarriedTable`), which is completed in place."""
    found = find_header(page)
    if found is None:
        return _continued(page, prev) if prev is not None else ([], [], [], None)
    header, start, h = found
    hy1 = max(ln.y1 for ln in header)
    vx = ruled_columns(page, hy1, h)
    body = _body(page, start, hy1, vx, h)
    table = table_columns(page, header, body, vx, h) if body else None
    if table is None:
        return [], header, [], None
    cols, body, left, right = table
    if not body:  # running text right under the header of an unruled table
        return [], header, [], None
    amount_col = _amount_col(cols)
    rows = _rows(page, body, cols, amount_col, left, right, h)
    items, confs = _items(rows, cols, amount_col)
    return items, header + body, confs, CarriedTable(cols, items[-1] if items else None)


def _body(page: PageLayout, start: int, hy1: float, vx: list[float], h: float) -> list[Line]:
    """The lines below the header (from page.lines[start]) down to the totals, a paragraph,
    a big gap, or the bottom of the table's rules."""
    lines = page.lines
    body: list[Line] = []
    last_y = hy1
    bottom = None
    if len(vx) >= 3:
        bottom = max(
            r.end for r in page.vrules if r.start <= hy1 - 0.5 * h and abs(r.pos - vx[-1]) < h * 2
        )
    for ln in lines[start:]:
        if STOP.search(fold_keep(ln.text)):
            break
        if bottom is not None and ln.cy > bottom:
            break
        if bottom is None and ln.y0 - last_y > 3.0 * h:
            break
        body.append(ln)
        last_y = ln.y1
    return body


def _amount_col(cols: list[Column]) -> Column | None:
    """The column a row's amount is read from: the net one where there is one."""
    return next((c for k in AMOUNTS for c in cols if c.kind == k), None)


def _items(
    rows: list[list[Line]], cols: list[Column], amount_col: Column | None
) -> tuple[list[Item], list[float]]:
    items: list[Item] = []
    confs: list[float] = []
    price_col = next((c for c in cols if c.kind == "price"), None)

    def money_texts(col: Column | None) -> list[str]:
        if col is None:
            return [""] * len(rows)
        return kopecks_lost(
            [cell_text(cell([w for ln in row for w in ln.words], col)) for row in rows]
        )

    amounts, prices = money_texts(amount_col), money_texts(price_col)
    for n, row in enumerate(rows):
        words = [w for ln in row for w in ln.words]
        get = {c.kind: cell(words, c) for c in cols}
        qty_ws = get.get("quantity", [])
        quantity = parse_quantity(cell_text(qty_ws), cell=True) if qty_ws else None
        prices[n], amounts[n] = kopecks_by_arithmetic(quantity, prices[n], amounts[n])
        amount = parse_money(amounts[n]) if amounts[n] else None
        price = parse_money(prices[n]) if prices[n] else None
        if amount is None and price is None:
            continue
        name_ws = get.get("name", [])
        name = _join_name(row, name_ws)
        unit_ws = get.get("unit", [])
        article_ws = get.get("article", [])
        article = canon_code(cell_text(article_ws).strip("|[]'`"))
        if sum(c.isalnum() for c in article) < 2:
            # A dash for "none" ("—" in a УПД's code column), or a speck read as a letter
            # ("o"): no code is a single sign.
            article = ""
        items.append(
            Item(
                name=canon_text(name) or None,
                article=article or None,
                quantity=quantity,
                unit=unit_of(unit_ws),
                price=price,
                amount=amount,
            )
        )
        confs.append(min((w.conf for w in words), default=100.0) / 100)
    _units_as_the_column_reads_them(items)
    return items, confs


def _units_as_the_column_reads_them(items: list[Item]) -> None:
    """A unit cell read a sign off ("ш" or "шп" for "шт", "ом" for "м" on a noisy copy) is
    the unit the column's other rows read exactly, where one of theirs alone is a sign
    away from it: the column's own print is the evidence."""
    known = {it.unit for it in items if it.unit in UNITS}
    for it in items:
        if it.unit is None or it.unit in UNITS:
            continue
        near = [u for u in known if _one_sign_apart(it.unit, u)]
        if len(near) == 1:
            it.unit = near[0]


def _one_sign_apart(a: str, b: str) -> bool:
    """One sign more, less or other (other only beside a sign in common: "ш" is no "м")."""
    if len(a) == len(b):
        return len(a) >= 2 and sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = sorted((a, b), key=len)
    return len(long) - len(short) == 1 and any(
        long[:k] + long[k + 1 :] == short for k in range(len(long))
    )


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
            if not numbering_row(ln) and any(numeric(cell(ln.words, c)) for c in key)
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
        and not numbering_row(lines[begin - 1])
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
    if not words or not name_cols or any(numeric(cell(ln.words, c)) for ln in row for c in key):
        return False
    name_ws = cell(words, name_cols[0])
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


def _filled_money_cells(line: Line, key: list[Column]) -> int:
    """How many of the money columns hold a number on this line."""
    return sum(numeric(cell(line.words, c)) for c in key)


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
    anchors = [i for i, ln in enumerate(body) if any(numeric(cell(ln.words, c)) for c in key)]
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
