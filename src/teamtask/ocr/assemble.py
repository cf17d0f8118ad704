"""From page results to a checked Document: extraction, validation, repairs, arithmetic."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

from .columns import Column
from .document import Document, Field, Item, Mark
from .extract import Found, extract
from .layout import Line, PageLayout, group_lines
from .load import Word
from .parse import parse_decimal
from .table import extract_items
from .validate import (
    TERM_YEARS,
    Checked,
    Row,
    adds_up,
    changed_places,
    check_account,
    check_bik,
    check_inn,
    check_kpp,
    code_digits,
    money_close,
    number_candidates,
    repair_bik,
    repair_rows,
    repair_term_year,
    vat_included,
    vat_on_top,
)

KNOWN_RATES = {"0", "5", "7", "10", "18", "20", "22", "без НДС"}
LOW_CONFIDENCE = 0.6
# Digits in which two readings of one number printed twice may differ: more, and they are
# two numbers (two parties' ИНН, an account and a correspondent account).
REPRINT_APART = 2


def assemble(doc: Document, pages: list) -> None:
    lines: list[Line] = []
    items: list[Item] = []
    item_conf: list[float] = []
    table: list[Column] | None = None  # the last page's table, which the next may carry on
    for r in pages:
        doc.warnings.extend(r.warnings)
        if r.error:
            doc.warnings.append(f"page {r.index + 1}: {r.error}")
            continue
        page_lines = group_lines(r.words, r.index)
        layout = PageLayout(page_lines, r.width, r.height, r.dpi, r.hrules, r.vrules)
        its, used, confs, table = extract_items(layout, table)
        for ln in used:
            ln.in_table = True
        items.extend(its)
        item_conf.extend(confs)
        lines.extend(page_lines)
    doc.stamp = _best_mark([r.stamp for r in pages if not r.error])
    doc.signature = _best_mark([r.signature for r in pages if not r.error])
    if not lines:
        doc.warnings.append("no text found")
        return
    ex = extract(lines)
    doc.doc_type = ex.doc_type
    doc.warnings.extend(ex.notes)
    doc.items = items
    _fields(doc, ex.values, _OtherReadings([w for r in pages if not r.error for w in r.words]))
    _term(doc)
    _arithmetic(doc, item_conf)
    if doc.doc_type == "unknown" and not doc.fields:
        doc.items = []


def _best_mark(marks: list[Mark]) -> Mark:
    present = [m for m in marks if m.present]
    if present:
        return max(present, key=lambda m: m.confidence)
    return min(marks, key=lambda m: m.confidence) if marks else Mark(False, 0.0)


def _put(doc: Document, key: str, found: Found, checked: Checked | None = None) -> None:
    if checked is None:
        doc.fields[key] = Field(found.value, found.conf, None)
        return
    conf = found.conf * (0.85 if checked.repaired else 1.0)
    if not checked.valid:
        conf = min(conf, 0.4)
    doc.fields[key] = Field(checked.value, round(conf, 3), checked.valid)
    if checked.note:
        if checked.valid:
            doc.warnings.append(f"{key}: {checked.note}")
        else:
            doc.warnings.append(f"{key}: {checked.note}; check it by hand")


class _OtherReadings:
    """Other readings of a number of the page: the digits other readers read for it, where
    the vote went the other way, and the same number printed again elsewhere on the page
    (the supplier's ИНН in 1C's bank block and beside its name), read a digit or two apart.
    A checksum that several repairs pass may pick the one another reading saw. Keyed as the
    checks read a code (`validate.code_digits`), so a field finds its word."""

    def __init__(self, words: list[Word]) -> None:
        self._by_digits: dict[str, list[str]] = {}
        for w in words:
            if w.alts:
                own = code_digits(w.text)
                for alt in w.alts:
                    digits = code_digits(alt)
                    # A digit more or less too: the reading may have one read in too many.
                    if own and abs(len(digits) - len(own)) <= 1 and digits != own:
                        self._by_digits.setdefault(own, []).append(digits)
        self._printed = [m.group() for w in words for m in re.finditer(r"\d{9,}", w.text)]

    def __call__(self, value: str) -> list[str]:
        own = code_digits(value)
        again = [
            n
            for n in self._printed
            if len(n) == len(own) and 0 < len(changed_places(n, own)) <= REPRINT_APART
        ]
        return self._by_digits.get(own, []) + again


def _fields(doc: Document, v: dict[str, Found], others: _OtherReadings) -> None:
    for key in ("number", "date", "supplier_name", "buyer_name", "bank_name", "contract_term"):
        if key in v:
            _put(doc, key, v[key])
    for who in ("supplier", "buyer"):
        checked_inn = None
        if f"{who}_inn" in v:
            inn = v[f"{who}_inn"].value
            checked_inn = check_inn(inn, others(inn))
            _put(doc, f"{who}_inn", v[f"{who}_inn"], checked_inn)
        if f"{who}_kpp" in v:
            valid_inn = checked_inn.value if checked_inn is not None and checked_inn.valid else None
            checked = check_kpp(v[f"{who}_kpp"].value, valid_inn)
            _put(doc, f"{who}_kpp", v[f"{who}_kpp"], checked)
    bik = None
    if "bik" in v:
        checked = check_bik(v["bik"].value, others(v["bik"].value))
        if checked.valid and "corr_account" in v:
            fixed = repair_bik(checked.value, v["corr_account"].value)
            if fixed:
                note = f"БИК repaired {checked.value} → {fixed} (from the correspondent account)"
                checked = Checked(fixed, True, repaired=True, note=note)
        _put(doc, "bik", v["bik"], checked)
        bik = checked.value if checked.valid else None
    for key, corr in (("account", False), ("corr_account", True)):
        if key in v:
            raw = v[key].value
            _put(doc, key, v[key], check_account(raw, bik, corr=corr, readings=others(raw)))
    if bik is None and ("account" in v or "corr_account" in v) and "bik" in doc.fields:
        doc.warnings.append("accounts not checked: БИК is not valid")
    for key in ("total", "vat"):
        if key in v:
            doc.fields[key] = Field(v[key].value, v[key].conf, None)
    if "vat_rate" in v:
        rate = v["vat_rate"]
        doc.fields["vat_rate"] = Field(rate.value, rate.conf, rate.value in KNOWN_RATES)
    for key, f in doc.fields.items():
        if f.confidence < LOW_CONFIDENCE and f.valid is not False:
            doc.warnings.append(f"{key}: low confidence ({f.confidence:.2f})")


def _term(doc: Document) -> None:
    """A contract term far past the document's date is a misread year, repaired when one
    confusion alone makes it plausible; else a term before the document's date, or long
    after it, is flagged for a person to look at."""
    term, date = doc.fields.get("contract_term"), doc.fields.get("date")
    if not term or not date or not term.value or not date.value:
        return
    year, doc_year = int(term.value[:4]), int(date.value[:4])
    fixed = repair_term_year(year, doc_year)
    if fixed is not None:
        value = f"{fixed}{term.value[4:]}"
        doc.fields["contract_term"] = Field(value, round(term.confidence * 0.85, 3), True)
        doc.warnings.append(f"contract_term: repaired {term.value} → {value} (year)")
    elif not doc_year <= year <= doc_year + TERM_YEARS:
        doc.fields["contract_term"] = Field(term.value, min(term.confidence, 0.4), False)
        doc.warnings.append(
            f"contract_term {term.value}: before or long after the document's date {date.value}"
        )


def _dec(s: str | None) -> Decimal | None:
    return parse_decimal(s) if s else None


def _fits_total(doc: Document, checked: list[int]) -> Callable[[Decimal], bool] | None:
    """Whether a sum of the `checked` items' amounts, with the other items' amounts, makes
    the printed total (with or without the printed VAT); None when the total or an amount
    is unknown."""
    total_f, vat_f = doc.fields.get("total"), doc.fields.get("vat")
    total = _dec(total_f.value) if total_f else None
    vat = _dec(vat_f.value) if vat_f else None
    others = [_dec(it.amount) for k, it in enumerate(doc.items) if k not in checked]
    if total is None or any(a is None for a in others):
        return None
    rest = sum(others, Decimal(0))  # type: ignore[arg-type]
    return lambda amounts: adds_up(rest + amounts, total, vat)


def _arithmetic(doc: Document, item_conf: list[float]) -> None:
    rows_ok = True
    for n, conf in enumerate(item_conf[: len(doc.items)], 1):
        if conf < LOW_CONFIDENCE:
            doc.warnings.append(f"item {n}: low OCR confidence ({conf:.2f})")
    read = [(_dec(it.quantity), _dec(it.price), _dec(it.amount)) for it in doc.items]
    checked = [k for k, r in enumerate(read) if None not in r]
    rows: list[Row] = [read[k] for k in checked]  # type: ignore[misc]
    fixed = repair_rows(rows, _fits_total(doc, checked))
    for k, row, repaired in zip(checked, rows, fixed, strict=True):
        it = doc.items[k]
        if repaired is None:
            rows_ok = False
            doc.warnings.append(
                f"item {k + 1}: quantity × price ≠ amount"
                f" ({it.quantity} × {it.price} ≠ {it.amount})"
            )
        elif repaired != row:
            it.quantity, it.price, it.amount = (
                _fmt_qty(repaired[0]),
                f"{repaired[1]:.2f}",
                f"{repaired[2]:.2f}",
            )
            doc.warnings.append(f"item {k + 1}: repaired OCR digits (quantity × price = amount)")
    total_f = doc.fields.get("total")
    vat_f = doc.fields.get("vat")
    rate_f = doc.fields.get("vat_rate")
    total = _dec(total_f.value) if total_f else None
    vat = _dec(vat_f.value) if vat_f else None
    amounts = [_dec(it.amount) for it in doc.items]
    if total is not None and doc.items and all(a is not None for a in amounts):
        s = sum(amounts, Decimal(0))  # type: ignore[arg-type]
        if not adds_up(s, total, vat):
            cands = [c for c in number_candidates(total, money=True) if adds_up(s, c, vat)]
            if len(cands) == 1 and rows_ok:
                doc.fields["total"] = Field(f"{cands[0]:.2f}", total_f.confidence * 0.85, True)
                doc.warnings.append(f"total: repaired {total} → {cands[0]:.2f} (sum of items)")
            else:
                total_f.valid = False
                doc.warnings.append(f"total {total} ≠ sum of items {s}")
        else:
            total_f.valid = True
    if total is not None and vat is not None and rate_f is None and vat > 0:
        # The VAT line gave no rate: the one rate the amounts agree with, if any.
        tol = Decimal("0.01") * max(2, len(doc.items))
        rates = [
            r
            for r in (22, 20, 10, 7, 5, 18)
            if money_close(vat_included(total, Decimal(r)), vat, tol)
            or money_close(vat_on_top(total - vat, Decimal(r)), vat, tol)
        ]
        if len(rates) == 1:
            rate_f = Field(str(rates[0]), 0.7, True)
            doc.fields["vat_rate"] = rate_f
            doc.warnings.append(f"vat_rate: {rates[0]}% derived from the amounts")
    if total is not None and vat is not None and rate_f and rate_f.value not in (None, "без НДС"):
        rate = Decimal(rate_f.value)
        tol = Decimal("0.01") * max(2, len(doc.items))

        def vat_fits(v: Decimal) -> bool:
            return money_close(vat_included(total, rate), v, tol) or money_close(
                vat_on_top(total - v, rate), v, tol
            )

        ok = vat_fits(vat)
        # A digit or the decimal comma misread ("1523817" for "15 238,17"): the one
        # reading a digit or the comma apart that the rate and the total agree with (a
        # misread total agrees with none of them).
        cands = [] if ok else [c for c in number_candidates(vat, money=True) if vat_fits(c)]
        if len(cands) == 1:
            vat_f = Field(f"{cands[0]:.2f}", vat_f.confidence * 0.85, True)  # type: ignore[union-attr]
            doc.fields["vat"] = vat_f
            doc.warnings.append(f"vat: repaired {vat} → {cands[0]:.2f} ({rate}% of the total)")
        else:
            vat_f.valid = ok  # type: ignore[union-attr]
            if not ok:
                doc.warnings.append(f"VAT {vat} does not match {rate}% of {total}")
    elif vat_f and rate_f and rate_f.value == "без НДС":
        vat_f.valid = True
    for f in (total_f, vat_f):
        if f and f.valid is False:
            f.confidence = min(f.confidence, 0.4)


def _fmt_qty(d: Decimal) -> str:
    t = f"{d:f}"
    return t.rstrip("0").rstrip(".") if "." in t else t
