"""The item table's columns: their bounds and what each holds.

Bounds come from the vertical ruling lines when the table is ruled (their positions were
kept when the lines were erased for OCR), otherwise from the white "rivers" that run
through the header and every row; where noise broke some rules, rivers stand in for them.
Kinds come from the header's names; where OCR garbled a header cell, the cells below tell
the column (goods' names, units of measure, ОКЕИ codes), and of two columns of one kind the rows say
which holds the goods.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from statistics import median

from .header import NOT_GOODS, column_kind, numbering_row, split_glued
from .layout import Line, PageLayout, fold_keep, squash
from .load import Word, joined
from .parse import UNITS, canon_unit, digit_groups, parse_decimal, parse_quantity
from .validate import item_consistent

MONEY = {"amount", "net", "gross", "price"}  # the kinds of column a table of goods must have
AMOUNTS = ("net", "amount", "gross")  # the columns a row's amount is read from, by preference
NAME_LETTERS = 6  # letters a goods' name cell holds on average, at least
JUNK_CONF = 50.0  # a word read less surely than this beside a unit in its cell is junk


@dataclass
class Column:
    x0: float
    x1: float
    kind: str = "skip"
    header: str = ""


def cell(words: list[Word], col: Column) -> list[Word]:
    return [w for w in words if col.x0 <= w.cx < col.x1]


def numeric(ws: list[Word]) -> bool:
    text = "".join(w.text for w in ws)
    return (
        bool(text)
        and bool(re.fullmatch(r"[\d\s.,\-OoОо]+", text))
        and any(c.isdigit() for c in text)
    )


def header_cell(words: list[Word], col: Column) -> list[Word]:
    width = max(1.0, col.x1 - col.x0)
    return [
        w
        for w in split_glued(words)
        if col.x0 <= w.cx < col.x1 or min(w.x1, col.x1) - max(w.x0, col.x0) >= 0.45 * width
    ]


def ruled_columns(page: PageLayout, y1: float, h: float) -> list[float]:
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


def table_columns(
    page: PageLayout, header: list[Line], body: list[Line], vx: list[float], h: float
) -> tuple[list[Column], list[Line], float, float] | None:
    """The table's columns, each of the kind its header names (or its cells show), the
    body lines that are its rows (an unruled table ends where running text starts), and
    its left and right edges; None where it has no name column or no money column. `vx`
    are the vertical rules through the header's last line (fewer than 3: no rules). Words
    that run across an erased rule are cut there, in place."""
    hy1 = max(ln.y1 for ln in header)
    words_all = [w for ln in header + body for w in ln.words]
    # Rivers from the item rows (lines with two amounts or more): a header word that
    # OCR glued across two columns ("КоличествоЦена,") must not close a river.
    number_rows = [
        ln for ln in body if sum(bool(re.fullmatch(r"[\d\s.,]+\d", w.text)) for w in ln.words) >= 2
    ]
    header_words = split_glued([w for ln in header if not numbering_row(ln) for w in ln.words])
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
    header_lines = [ln for ln in header if not numbering_row(ln)]
    if len(vx) < 3:
        data_words = [w for ln in body for w in ln.words]
        bounds = _split_by_header(bounds, header_lines, h, data_words)
    cols = [Column(a, b) for a, b in itertools.pairwise(bounds) if b - a > h * 0.5]
    ruled = len(vx) >= 3
    for col in cols:
        # Line by line, so that a wrapped header reads in its printed order. Without rules a
        # header word glued across two columns names both (the duplicate kind is dropped).
        parts = [
            " ".join(w.text for w in (cell(ln.words, col) if ruled else header_cell(ln.words, col)))
            for ln in header_lines
        ]
        col.header = squash(" ".join(p for p in parts if p))
        col.kind = column_kind(col.header) if col.header else "skip"
        if col.kind == "skip" and " " in col.header:
            # A bold header's letters read apart ("Това р", "Ко д").
            col.kind = column_kind(col.header.replace(" ", ""))
    if not ruled:
        cols = _join_name_overflow(cols, body)
    _code_column_by_number(cols, header)
    kinds = {c.kind for c in cols}
    if "name" not in kinds and kinds & MONEY:
        _name_by_cells(cols, body)
        kinds = {c.kind for c in cols}
    if "name" not in kinds or not kinds & MONEY:
        return None
    _numbers_are_no_units(cols, body)
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
        ai = next((i for i, c in enumerate(cols) if c.kind in AMOUNTS), -1)
        between = [c for c in cols[qi + 1 : ai] if c.kind == "skip"]
        if ai > qi and len(between) == 1:
            between[0].kind = "price"
    if "unit" not in kinds:
        _unit_by_cells(cols, body)
    if "article" not in kinds:
        _article_by_cells(cols, body)
    _amount_by_arithmetic(cols, body)
    if len(vx) < 3:
        body = _cut_running_text(body, cols)
    return cols, body, left, right


def _code_column_by_number(cols: list[Column], header: list[Line]) -> None:
    """The УПД's column numbered "А" is the goods' code ("Код товара/ работ, услуг"), in
    every edition of the form. Where OCR lost its "Код" (a bold header beside a rule), the
    rest, "работ, услуг", names goods, not a code; its number still tells."""
    numbers = next((ln for ln in header if numbering_row(ln)), None)
    if numbers is None:
        return
    for w in numbers.words:
        if w.text not in ("А", "A"):
            continue
        col = next((c for c in cols if c.x0 <= w.cx < c.x1), None)
        if (
            col
            and col.kind in ("skip", "name")
            and not re.search(r"наимен|менов", fold_keep(col.header))
        ):
            col.kind = "article"


def _cut_running_text(body: list[Line], cols: list[Column]) -> list[Line]:
    """An unruled table ends where running text starts: words in the number columns
    that are not numbers, on a line that carries no amount."""
    number_cols = [
        c for c in cols if c.kind in ("quantity", "price", "amount", "net", "gross", "vat")
    ]
    money = [c for c in cols if c.kind in ("price", "amount", "net", "gross")]
    out: list[Line] = []
    for ln in body:
        has_amount = any(numeric(cell(ln.words, c)) for c in money)
        wordy = any(
            any(sum(ch.isalpha() for ch in w.text) >= 3 for w in cell(ln.words, c))
            for c in number_cols
        )
        if wordy and not has_amount:
            break
        out.append(ln)
    return out


def _join_name_overflow(cols: list[Column], body: list[Line]) -> list[Column]:
    """A headerless river column right of the names that holds only words is the end of a
    long name ("…серверов за" with a wide word space before "за"), not a column."""
    out: list[Column] = []
    for col in cols:
        prev = out[-1] if out else None
        if prev is not None and prev.kind == "name" and col.kind == "skip" and not col.header:
            words = [w for ln in body for w in cell(ln.words, col)]
            if words and not any(any(ch.isdigit() for ch in w.text) for w in words):
                prev.x1 = col.x1
                continue
        out.append(col)
    return out


# A money cell: digits (in groups) with kopecks, as a price or an amount is printed.
_MONEY_CELL = re.compile(r"\d[\d\s]*[.,]\d{2}")


def _numbers_are_no_units(cols: list[Column], body: list[Line]) -> None:
    """A "unit" column whose cells are all numeric codes is the unit's ОКЕИ code ("796",
    "006"): УПД and ТОРГ-12 put the code and the unit's name under one "Единица
    измерения", and a misread "код" leaves the code column named by that alone. One whose
    cells are all money is no unit either: a УПД's "Цена (тариф) за единицу измерения"
    with its "Цена (тариф)" lost (a blurred bold header) names a unit by what is left;
    unnamed, it is the price between the quantity and the amount."""
    for col in cols:
        if col.kind != "unit":
            continue
        cells = [cell_text(cell(ln.words, col)) for ln in body]
        filled = [t for t in cells if t]
        if filled and all(re.fullmatch(r"\d{2,4}", t) for t in filled):
            col.kind = "okei"
        elif filled and all(_MONEY_CELL.fullmatch(t) for t in filled):
            col.kind = "skip"


def _one_column_per_kind(cols: list[Column], body: list[Line]) -> None:
    """Of several columns of one kind, the first that holds anything in the rows; the
    others are skipped. ТОРГ-12 counts packages in "Количество в одном месте" (empty on
    most waybills) before the goods' "Количество (масса нетто)"; where OCR garbled the
    former's "одном месте", both read as a quantity."""
    for kind in {c.kind for c in cols} - {"skip"}:
        same = [c for c in cols if c.kind == kind]
        keep = next((c for c in same if any(cell(ln.words, c) for ln in body)), same[0])
        for col in same:
            if col is not keep:
                col.kind = "skip"


def _item_lines(cols: list[Column], body: list[Line]) -> list[Line]:
    """The body lines with an amount or a price: the item rows' lines."""
    money = [c for c in cols if c.kind in MONEY]
    return [ln for ln in body if any(numeric(cell(ln.words, c)) for c in money)]


def _name_by_cells(cols: list[Column], body: list[Line]) -> None:
    """Name the goods' column by its cells when OCR garbled its header (a bold "Товар"
    read "Това ip"): of the unnamed columns filled on most item lines, the one whose
    cells hold the most letters, where they average a word's worth (a unit's or a code's
    cells hold a few)."""
    item_lines = _item_lines(cols, body)
    best, most = None, 0.0
    for col in cols:
        if col.kind != "skip" or NOT_GOODS.search(fold_keep(col.header)):
            continue
        letters = [
            sum(ch.isalpha() for w in cell(ln.words, col) for ch in w.text) for ln in item_lines
        ]
        filled = [n for n in letters if n]
        if not filled or 2 * len(filled) < len(item_lines):
            continue
        mean = sum(filled) / len(filled)
        if mean >= NAME_LETTERS and mean > most:
            best, most = col, mean
    if best is not None:
        best.kind = "name"


def _unit_by_cells(cols: list[Column], body: list[Line]) -> None:
    """Name the unit column by its cells when OCR garbled its header.

    "Ед. изм." set on two lines in a narrow cell often comes back as one tall junk word
    ("т", "омения"). An unnamed column whose every filled cell is a unit of measure and
    that is filled on most item lines is the unit column; a column the form names as
    something else (packages, excise) is left alone.
    """
    _kind_by_cells(cols, body, body, "unit", lambda ws: unit_of(ws) in UNITS, 1 / 2)


# One word of letters and digits or a hyphen, as goods' codes are ("Ц-500", "ПН-L",
# "LR6-4"): no number alone (a row's number, an ОКЕИ code) and no word alone (a country).
CODE_CELL = re.compile(r"(?=\S*[^\W\d_])(?=\S*[\d-])[\w\-./]{2,24}")


def _article_by_cells(cols: list[Column], body: list[Line]) -> None:
    """Name the goods' code column by its cells when OCR garbled its header (a bold "Код
    товара" in a narrow cell read "Ко од" / "тов: ‚ар а"): an unnamed column filled on
    two item lines in three, each filled cell one code-shaped word (on the item lines
    only: a code wrapped in its cell leaves its number alone on the next line)."""

    def code(ws: list[Word]) -> bool:
        return len(ws) == 1 and bool(CODE_CELL.fullmatch(ws[0].text))

    _kind_by_cells(cols, body, _item_lines(cols, body), "article", code, 2 / 3)


def _kind_by_cells(
    cols: list[Column],
    body: list[Line],
    judged: list[Line],
    kind: str,
    fits: Callable[[list[Word]], bool],
    least: float,
) -> None:
    """The first unnamed column (not one the form names as something else) whose filled
    cells on the `judged` lines all fit a kind, filled on at least `least` of the item
    lines, is of that kind."""
    item_lines = _item_lines(cols, body)
    if not item_lines:
        return
    for col in cols:
        if col.kind != "skip" or NOT_GOODS.search(fold_keep(col.header)):
            continue
        filled = [ws for ln in judged if (ws := cell(ln.words, col))]
        if filled and len(filled) >= least * len(item_lines) and all(fits(ws) for ws in filled):
            col.kind = kind
            return


def unit_of(ws: list[Word]) -> str | None:
    """A unit cell's unit: its words as one, or the one word of them that is a unit where
    the others are junk no unit reads as: after it short or read unsurely (a seal's or a
    speck's remnant: "шт о.", "шт ЫЪ—Ю—" 23), before it read unsurely ("о" 0 before "м");
    or the one unit another reader read in a cell whose chosen reading is none."""
    whole = canon_unit(cell_text(ws))
    if whole is None or whole in UNITS:
        return whole
    if len(ws) == 1:
        # The readers' other readings of the cell, where the chosen one is no unit: "ш"
        # 91 on the page, "Шт" and "WIT" in the crops — one unit between them.
        units = {canon_unit(alt) for alt in ws[0].alts} & UNITS
        return units.pop() if len(units) == 1 else whole
    units = [k for k, w in enumerate(ws) if canon_unit(w.text) in UNITS]
    if len(units) != 1:
        return whole
    k = units[0]
    before, after = ws[:k], ws[k + 1 :]
    junk = all(w.conf < JUNK_CONF for w in before) and all(
        len(w.text) <= 4 or w.conf < JUNK_CONF for w in after
    )
    return canon_unit(ws[k].text) if junk else whole


_KOPECKS = re.compile(r"\d[.,]\s?\d\d$")
_BARE = re.compile(r"\d[\d ]{2,}")


def kopecks_lost(texts: list[str]) -> list[str]:
    """A money column's cells, each read without its decimal comma ("21812" for "218,12",
    between "183,00" and "12354,92" on a rotated copy) given it back. A column prints all
    its amounts alike: where every other filled cell has kopecks, a bare number lost them
    to OCR, and read as it is, it is a hundred times the amount."""
    filled = [t for t in texts if t]
    bare = [t for t in filled if _BARE.fullmatch(t)]
    kopecks = [t for t in filled if _KOPECKS.search(t)]
    if not bare or len(kopecks) < 2 or len(bare) + len(kopecks) != len(filled):
        return texts
    if len(bare) * 3 > len(filled):
        return texts  # a column printed without kopecks here and there
    return [_with_kopecks(t) if t in bare else t for t in texts]


def kopecks_by_arithmetic(quantity: str | None, price: str, amount: str) -> tuple[str, str]:
    """A row's price or amount read without its decimal comma ("49620" for "496,20")
    where the other has kopecks, and quantity × price = amount only with the comma put
    back: the two cells as printed. (A column of one row shows no print to go by; the
    arithmetic alone could as well move the quantity's own comma.)"""
    q = parse_decimal(quantity) if quantity else None
    if not q:
        return price, amount
    for bare, other, as_price in ((price, amount, True), (amount, price, False)):
        if not (_BARE.fullmatch(bare) and _KOPECKS.search(other)):
            continue
        read, fixed, known = (
            parse_decimal(bare),
            parse_decimal(_with_kopecks(bare)),
            parse_decimal(other),
        )
        if read is None or fixed is None or known is None:
            continue
        p_read, a_read = (read, known) if as_price else (known, read)
        p_fixed, a_fixed = (fixed, known) if as_price else (known, fixed)
        if not item_consistent(q, p_read, a_read) and item_consistent(q, p_fixed, a_fixed):
            return (_with_kopecks(bare), amount) if as_price else (price, _with_kopecks(bare))
    return price, amount


def _with_kopecks(bare: str) -> str:
    digits = bare.replace(" ", "")
    return f"{digits[:-2]},{digits[-2:]}"


def cell_text(ws: list[Word]) -> str:
    return squash(" ".join(w.text for w in ws))


def _number(ws: list[Word], quantity: bool = False) -> Decimal | None:
    text = cell_text(ws)
    if not text:
        return None
    if quantity:
        q = parse_quantity(text, cell=True)
        return Decimal(q) if q is not None else None
    return parse_decimal(text)


def _amount_by_arithmetic(cols: list[Column], body: list[Line]) -> None:
    """The amount is read from the column whose cells are quantity × price: where OCR
    garbled the header of the amount before tax ("6 ез налога" for "без налога"), another
    money column (the amount with tax) came first by its name. A column whose cells are
    the product on more item lines than the chosen one's, on most of them, is the amount."""
    by_kind = {c.kind: c for c in cols}
    qty_col, price_col = by_kind.get("quantity"), by_kind.get("price")
    chosen = next((by_kind[k] for k in AMOUNTS if k in by_kind), None)
    if qty_col is None or price_col is None or chosen is None:
        return
    lines = _item_lines(cols, body)
    prices = kopecks_lost([cell_text(cell(ln.words, price_col)) for ln in lines])
    products: list[tuple[int, Decimal, Decimal]] = []
    for k, ln in enumerate(lines):
        q = _number(cell(ln.words, qty_col), quantity=True)
        p = parse_decimal(prices[k]) if prices[k] else None
        if q is not None and p is not None:
            products.append((k, q, p))

    def fits(col: Column) -> int:
        cells = kopecks_lost([cell_text(cell(ln.words, col)) for ln in lines])
        amounts = [(parse_decimal(cells[k]) if cells[k] else None, q, p) for k, q, p in products]
        return sum(a is not None and item_consistent(q, p, a) for a, q, p in amounts)

    have = fits(chosen)
    others = [c for c in cols if c.kind in ("skip", "vat", *AMOUNTS) and c is not chosen]
    best = max(others, key=fits, default=None)
    found = fits(best) if best is not None else 0
    if best is None or 2 * found <= len(products) or found <= have:
        return
    for col in cols:
        if col.kind == "net":
            col.kind = "skip"
    best.kind = "net"
