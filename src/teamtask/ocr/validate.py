"""Checksums of Russian requisites and the repair of OCR confusions in them.

A repair is accepted only when exactly one candidate passes the check: with a mod-11 or
mod-10 checksum a wrong digit passes by chance often enough that "the first candidate that
passes" would silently invent requisites.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from .parse import CONFUSIONS, CYR_TO_LATIN

_INN10 = (2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN11 = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12 = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_ACCOUNT_W = ((7, 1, 3) * 8)[:23]

# Digits OCR confuses with each other (letters read as digits: parse.CONFUSIONS).
DIGIT_SWAPS: dict[str, str] = {
    "0": "86",
    "1": "74",
    "2": "7",
    "3": "85",
    "4": "1",
    "5": "63",
    "6": "58",
    "7": "12",
    "8": "036",
    "9": "0",
}


def inn_valid(inn: str) -> bool:
    if not inn.isdigit():
        return False
    d = [int(c) for c in inn]
    if len(d) == 10:
        return sum(w * x for w, x in zip(_INN10, d, strict=False)) % 11 % 10 == d[9]
    if len(d) == 12:
        n11 = sum(w * x for w, x in zip(_INN11, d, strict=False)) % 11 % 10
        n12 = sum(w * x for w, x in zip(_INN12, d, strict=False)) % 11 % 10
        return n11 == d[10] and n12 == d[11]
    return False


def kpp_valid(kpp: str) -> bool:
    """NNNN PP NNN: tax office, reason (digits or capital Latin letters), number."""
    return bool(re.fullmatch(r"\d{4}[0-9A-Z]{2}\d{3}", kpp))


def bik_valid(bik: str) -> bool:
    """Russian БИК: 9 digits, country code 04; the last three are 000–999 (no checksum)."""
    return bool(re.fullmatch(r"04\d{7}", bik))


def account_valid(account: str, bik: str, *, corr: bool | None = None) -> bool:
    """Control key of a 20-digit account against its bank's БИК (ЦБ РФ 1997 algorithm).

    A settlement account is keyed with the БИК's last three digits, a correspondent account
    with "0" and the БИК's 5th–6th digits; `corr=None` decides by the 301 prefix.
    """
    if not (re.fullmatch(r"\d{20}", account) and re.fullmatch(r"\d{9}", bik)):
        return False
    if corr is None:
        corr = account.startswith("301")
    if corr and account[-3:] != bik[-3:]:
        return False  # a bank's correspondent account ends with its БИК's last three digits
    prefix = "0" + bik[4:6] if corr else bik[6:9]
    digits = prefix + account
    return sum(int(c) * w % 10 for c, w in zip(digits, _ACCOUNT_W, strict=True)) % 10 == 0


def account_format_ok(account: str) -> bool:
    return bool(re.fullmatch(r"\d{20}", account))


@dataclass
class Checked:
    value: str
    valid: bool
    repaired: bool = False
    note: str | None = None


def code_digits(raw: str) -> str:
    """The raw token with every look-alike letter read as its digit; other junk dropped."""
    return "".join(
        ch if ch.isdigit() else CONFUSIONS[ch] for ch in raw if ch.isdigit() or ch in CONFUSIONS
    )


def _swap_candidates(
    value: str, max_swaps: int, swaps: dict[str, str] = DIGIT_SWAPS
) -> Iterable[str]:
    positions = range(len(value))
    for k in range(1, max_swaps + 1):
        for combo in itertools.combinations(positions, k):
            choices = [swaps.get(value[i], "") for i in combo]
            for repl in itertools.product(*choices):
                chars = list(value)
                for i, c in zip(combo, repl, strict=True):
                    chars[i] = c
                yield "".join(chars)


def changed_places(a: str, b: str) -> set[int]:
    """Where two digit strings of one length differ."""
    return {i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y}


def _disputed(value: str, readings: Sequence[str]) -> set[int]:
    """Places where another reading of the same length has another digit."""
    return set().union(*(changed_places(value, r) for r in readings if len(r) == len(value)))


def _fill_unread_digit(raw: str, value: str, check: Callable[[str], bool]) -> str | None:
    """The code with the one digit that came back as a letter of no digit's shape
    ("162238Я25228" at 200 dpi) put back, where exactly one digit there passes the check."""
    places = [
        len(code_digits(raw[:n]))
        for n, ch in enumerate(raw)
        if ch.isalpha() and ch not in CONFUSIONS
    ]
    if len(places) != 1 or not 0 < places[0] < len(value):
        return None  # none, several, or at an end: no digit's place for sure
    k = places[0]
    passing = [c for d in "0123456789" if check(c := value[:k] + d + value[k:])]
    return passing[0] if len(passing) == 1 else None


def check_code(
    raw: str,
    check: Callable[[str], bool],
    *,
    length: tuple[int, ...],
    what: str,
    readings: Sequence[str] = (),
) -> Checked:
    """Read a digit code from OCR text, repairing confusions only when unambiguous: one
    repair passes the check, or of several that pass, one changes only a digit the readers
    disagreed on (`readings`: the other readers' readings, which the vote outvoted). Where
    the reading has a wrong length, or no repair or no single one passes, another reader's
    reading that passes the check is taken, if only one does (a bold serif ИНН read with a
    digit too many on the page, right by the English reader)."""
    value = code_digits(raw)
    had_letters = any(not c.isdigit() and c in CONFUSIONS for c in raw)
    if len(value) in length and check(value):
        return Checked(value, True, repaired=had_letters)
    others = {d for r in readings if len(d := code_digits(r)) in length and check(d)}
    other = others.pop() if len(others) == 1 else None
    if len(value) not in length:
        if other is not None:
            note = f"{what} {value!r}: wrong length; another reading, {other}, checks"
            return Checked(other, True, repaired=True, note=note)
        filled = _fill_unread_digit(raw, value, check) if len(value) + 1 in length else None
        if filled is not None:
            note = f"{what} {raw.strip(' ,.;')!r}: a digit read as a letter; {filled} checks"
            return Checked(filled, True, repaired=True, note=note)
        return Checked(value, False, note=f"{what} {value!r}: wrong length")
    passing = {c for c in _swap_candidates(value, 1) if check(c)}
    if len(passing) > 1:
        disputed = _disputed(value, readings)
        read = {c for c in passing if changed_places(value, c) <= disputed}
        if len(read) == 1:
            fixed = read.pop()
            note = f"{what} repaired {value} → {fixed} (a digit the readers disagreed on)"
            return Checked(fixed, True, repaired=True, note=note)
    if len(passing) == 1:
        fixed = passing.pop()
        return Checked(fixed, True, repaired=True, note=f"{what} repaired {value} → {fixed}")
    # No repair, or several and none the readers disagreed on: another reader's reading
    # that checks as it was read is the evidence.
    if other is not None:
        note = f"{what} {value}: checksum fails; another reading, {other}, checks"
        return Checked(other, True, repaired=True, note=note)
    reason = "no single repair passes" if passing else "checksum fails"
    return Checked(value, False, note=f"{what} {value}: {reason}")


def check_inn(raw: str, readings: Sequence[str] = ()) -> Checked:
    return check_code(raw, inn_valid, length=(10, 12), what="ИНН", readings=readings)


def check_bik(raw: str, readings: Sequence[str] = ()) -> Checked:
    return check_code(raw, bik_valid, length=(9,), what="БИК", readings=readings)


CORR_PREFIX = "30101"  # every bank's correspondent account with the Bank of Russia
CORR_HEAD = CORR_PREFIX + "810"  # and roubles' code


def _corr_prefix(digits: str) -> str:
    """A correspondent account whose 30101 was misread digit for digit ("50101"), or one
    digit of it whatever it was read as ("40101": every such account starts 30101)."""
    head = digits[:5]
    if len(digits) != 20 or head == CORR_PREFIX:
        return digits
    swaps = all(
        a == b or b in DIGIT_SWAPS.get(a, "") for a, b in zip(head, CORR_PREFIX, strict=True)
    )
    if swaps or len(changed_places(head, CORR_PREFIX)) == 1:
        return CORR_PREFIX + digits[5:]
    return digits


def repair_bik(bik: str, corr_raw: str) -> str | None:
    """The БИК with its last three digits read again from the correspondent account,
    which ends with them, when they differ in one digit OCR confuses and the account's key
    then passes. Earlier digits are left alone: only the key covers two of them, and a key
    lets a wrong digit pass one time in ten. Only from an account read in its usual shape
    (`usual_corr`): a seal's letters read into its zeros ("…00007055097") make a reading
    whose ending and key are no evidence."""
    corr = _corr_prefix(code_digits(corr_raw))
    if len(corr) != 20 or account_valid(corr, bik, corr=True):
        return None
    if corr[9:17] not in _usual_middles(bik):
        return None
    fixed = bik[:6] + corr[-3:]
    diffs = [(a, b) for a, b in zip(bik[6:], corr[-3:], strict=True) if a != b]
    if len(diffs) != 1 or diffs[0][1] not in DIGIT_SWAPS.get(diffs[0][0], ""):
        return None
    return fixed if bik_valid(fixed) and account_valid(corr, fixed, corr=True) else None


def check_account(
    raw: str, bik: str | None, *, corr: bool, readings: Sequence[str] = ()
) -> Checked:
    what = "корр. счёт" if corr else "расчётный счёт"
    if corr:
        digits = code_digits(raw)
        restored = _corr_prefix(digits)
        if restored != digits:
            raw = restored
    if not bik or not bik_valid(bik):
        value = code_digits(raw)
        ok = account_format_ok(value)
        return Checked(value, ok, note=None if ok else f"{what} {value!r}: wrong length")
    checked = check_code(
        raw,
        # A correspondent account starts 30101810 (with the Bank of Russia, in roubles): a
        # repair that passes the key with another head is no such account.
        lambda a: account_valid(a, bik, corr=corr) and (not corr or a.startswith(CORR_HEAD)),
        length=(20,),
        what=what,
        readings=readings,
    )
    if corr and not checked.valid:
        # A correspondent account ends with its БИК's last three digits: one of them
        # misread (a seal's ink over it) is read again from the БИК, where the key agrees.
        value = checked.value
        fixed = value[:17] + bik[-3:]
        one_apart = len(value) == 20 and len(changed_places(value, fixed)) == 1
        if one_apart and account_valid(fixed, bik, corr=True):
            note = f"{what} repaired {value} → {fixed} (it ends with the БИК's last digits)"
            return Checked(fixed, True, repaired=True, note=note)
        usual = usual_corr(value, bik)
        if usual is not None:
            note = f"{what} repaired {value} → {usual} (a correspondent account's usual shape)"
            return Checked(usual, True, repaired=True, note=note)
    return checked


# How many digits of a correspondent account's usual shape a reading may have wrong: what a
# seal's letters over its run of zeros or a stain hide.
SHAPE_CHANGES = 4


def _usual_middles(bik: str) -> set[str]:
    """A correspondent account's digits between its key and its БИК's ending, as nearly
    every bank's are: the clearing centre's code (the БИК's 3rd–6th digits) or 0000, then
    0000."""
    return {"0000" + "0000", bik[2:6] + "0000"}


def usual_corr(value: str, bik: str) -> str | None:
    """The correspondent account in the shape nearly every bank's has — 30101810, the key,
    its clearing centre's code (the БИК's 3rd–6th digits) or 0000, then 0000, then the
    БИК's last three digits ("30101810400000000225", "30101810145250000974") — where a
    reading that fails its key is that shape with a few digits misread (a seal's letters
    over its zeros: "…00000655997") and the key as read then passes. The key is the one
    digit taken from the reading, and the check on it: one candidate must pass. None where
    the reading is further from the shape (a bank whose account has another)."""
    if len(value) != 20:
        return None
    shapes = {CORR_HEAD + value[8] + middle + bik[-3:] for middle in _usual_middles(bik)}
    fits = [
        shaped
        for shaped in shapes
        if len(changed_places(value, shaped)) <= SHAPE_CHANGES
        and account_valid(shaped, bik, corr=True)
    ]
    return fits[0] if len(fits) == 1 else None


OFFICE = 4  # digits of the tax office that a КПП and its company's ИНН share


def check_kpp(raw: str, inn: str | None = None) -> Checked:
    """The reason code (5th–6th chars) may hold capital Latin letters; the rest are digits.

    A КПП has no check digit, but its first four digits are the tax office's, which for a
    company registered where it stands are its ИНН's first four: a КПП read with a digit
    twice (ten digits) is repaired where exactly one digit dropped makes it start with
    the (valid) ИНН's four."""
    s = re.sub(r"[\s\-]", "", raw).translate(CYR_TO_LATIN).upper()
    if len(s) != 9:
        value = code_digits(s)
        if len(value) == 10 and inn is not None and len(inn) == 10 and inn_valid(inn):
            shorter = {value[:k] + value[k + 1 :] for k in range(10)}
            fits = [c for c in shorter if inn_kpp_consistent(inn, c, OFFICE) and kpp_valid(c)]
            if len(fits) == 1:
                note = f"КПП repaired {s} → {fits[0]} (a digit read twice; the ИНН's office)"
                return Checked(fits[0], True, repaired=True, note=note)
        if len(value) != 9:
            return Checked(s, False, note=f"КПП {s!r}: wrong length")
        s = value
    head = code_digits(s[:4])
    tail = code_digits(s[6:])
    mid = s[4:6]
    if not re.fullmatch(r"\d\d", mid) and re.fullmatch(r"[0-9OIlZSB]{2}", mid):
        # Letters are legal here, but 01/02/43… are by far the usual reasons.
        mid = code_digits(mid)
    value = head + mid + tail
    ok = kpp_valid(value)
    return Checked(
        value, ok, repaired=ok and value != s, note=None if ok else f"КПП {s}: bad format"
    )


def inn_kpp_consistent(inn: str, kpp: str, digits: int = 2) -> bool:
    """A legal entity's КПП usually starts with its ИНН's region (2 digits) and office (4):
    a soft check."""
    return len(inn) == 10 and len(kpp) == 9 and inn[:digits] == kpp[:digits]


# ---- arithmetic -------------------------------------------------------------------------

CENT = Decimal("0.01")


def money_close(a: Decimal, b: Decimal, tol: Decimal = CENT) -> bool:
    return abs(a - b) <= tol


def adds_up(amounts: Decimal, total: Decimal, vat: Decimal | None) -> bool:
    """The items' amounts make the total: as printed, or with the printed VAT on top."""
    return money_close(amounts, total) or (vat is not None and money_close(amounts + vat, total))


def vat_included(total: Decimal, rate: Decimal) -> Decimal:
    """VAT contained in a gross amount: total·r/(100+r), rounded to kopecks."""
    return (total * rate / (100 + rate)).quantize(CENT)


def vat_on_top(net: Decimal, rate: Decimal) -> Decimal:
    return (net * rate / 100).quantize(CENT)


def item_consistent(quantity: Decimal, price: Decimal, amount: Decimal) -> bool:
    # Prices are rounded to kopecks, so q·p may differ from the amount by q·0.005.
    tol = max(CENT, (quantity * Decimal("0.005")).quantize(CENT))
    return abs(quantity * price - amount) <= tol


def number_candidates(raw: Decimal, *, money: bool = False) -> Iterable[Decimal]:
    """Every number that differs from a printed amount in one digit, or in its decimal point.

    Used against an arithmetic constraint (q·p = a, Σ = total) that at most one of them can
    meet, so any digit may be tried, not only the usual look-alikes. `money` (a price, an
    amount) has kopecks, two places, unless it was read with more: a point moved into a
    price read "155,87" ("1.5587") is no reading of it.
    """
    text = f"{raw:f}"
    digits = text.replace(".", "")
    every = ((i, d) for i in range(len(digits)) for d in "0123456789" if d != digits[i])
    point = text.index(".") if "." in text else None
    cands = [digits[:i] + d + digits[i + 1 :] for i, d in every]
    if point is not None:
        cands = [c[:point] + "." + c[point:] for c in cands]
        # A digit read twice or lost before the decimal point: 227471.33 for 22747.33.
        whole, frac = text.split(".")
        cands += [whole[:i] + whole[i + 1 :] + "." + frac for i in range(len(whole))]
        cands += [
            whole[:i] + d + whole[i:] + "." + frac
            for i in range(len(whole) + 1)
            for d in "0123456789"
        ]
    # The decimal point lost or misplaced: 354300.00 for 3 543,00 (its comma read as a
    # digit group's space). Money read with kopecks other than 00 had its comma read where
    # it is printed: "292,50" is no reading of 29,25.
    if not (money and point is not None and text[point + 1 :].strip("0")):
        cands += [digits[:i] + "." + digits[i:] for i in range(1, len(digits))]
    places = max(2, len(text) - point - 1) if point is not None else 2
    for cand in cands:
        if money and "." in cand and len(cand.split(".")[1].rstrip("0")) > places:
            continue
        try:
            yield Decimal(cand)
        except ArithmeticError:
            continue


# Both ways: a digit read may be any digit that is misread as it, or that it is misread as
# (codes use DIGIT_SWAPS as it is, since their checksums let more candidates through).
_CONFUSABLE = {
    d: "".join(sorted(set(DIGIT_SWAPS[d]) | {k for k, v in DIGIT_SWAPS.items() if d in v}))
    for d in DIGIT_SWAPS
}


TERM_YEARS = 20  # a contract runs at most this many years past the document's date


def repair_term_year(term_year: int, doc_year: int) -> int | None:
    """A contract term's year read far past the document's ("2077" for 2027, signed in
    2026): the one year a single OCR confusion gives within TERM_YEARS after the
    document's; None when it is plausible as read, or when no one confusion fits."""
    if doc_year <= term_year <= doc_year + TERM_YEARS:
        return None
    fits = {
        int(c)
        for c in _swap_candidates(str(term_year), 1, _CONFUSABLE)
        if doc_year <= int(c) <= doc_year + TERM_YEARS
    }
    return fits.pop() if len(fits) == 1 else None


def _with_point(digits: str, point: int | None) -> Decimal:
    return Decimal(digits if point is None else digits[:point] + "." + digits[point:])


def confusion_candidates(raw: Decimal, swaps: int) -> list[Decimal]:
    """Numbers that differ from a printed one in one to `swaps` digits, each replaced by a
    digit OCR confuses it with (3 and 5 in PT Sans, 6 and 8…)."""
    text = f"{raw:f}"
    point = text.index(".") if "." in text else None
    digits = text.replace(".", "")
    return [_with_point(c, point) for c in _swap_candidates(digits, swaps, _CONFUSABLE)]


Row = tuple[Decimal, Decimal, Decimal]  # quantity, price, amount


JOINT_LIMIT = 4096  # combinations of candidate rows tried against the total


def repair_rows(
    rows: Sequence[Row],
    fits_sum: Callable[[Decimal], bool] | None = None,
    *,
    amounts_known: bool = False,
) -> list[Row | None]:
    """Every row as read when q·p = a, else its one likely repair, else None.

    A wrong row's candidates come in two rounds: any single digit of one number (at most
    one candidate meets q·p = a by chance), then two digits OCR confuses, in one number or
    one in each of two (a font whose 3 reads as 5 spoils 5345.30 as 5545.50). When a
    digit leaves two readings (10 × 17923: 179250 or 17925), the total decides: the
    candidates of all wrong rows together whose amounts make the items add up to it
    (`fits_sum`, given the sum of all amounts). When the amounts already add up
    (`amounts_known`), no amount is a candidate. Within a set, q·p = a exactly beats
    "equal but for the price's rounding".
    """
    bad = {i for i, r in enumerate(rows) if not item_consistent(*r)}
    out: list[Row | None] = [None if i in bad else r for i, r in enumerate(rows)]
    if fits_sum is not None and fits_sum(_amounts(rows)):
        amounts_known = True
    if fits_sum is not None and not amounts_known:
        # A row equal to q·p but for the price's rounding may be hiding a misread last digit
        # (316450.60 for 316450.50 at 25 pieces): with the sum off, it is a suspect too.
        loose = {i for i, r in enumerate(rows) if r[0] * r[1] != r[2]}
        suspects = sorted(bad | loose)
        # A garbled amount (a lost decimal point: 140000.00 for 1400.00) is q·p, when the
        # total says so.
        options = [
            sorted(_one_digit(*rows[i], False) | _two_confusions(*rows[i], False))
            + ([_product(rows[i])] if i in bad else [rows[i]])
            for i in suspects
        ]
        if all(options) and math.prod(len(o) for o in options) <= JOINT_LIMIT:
            rest = _amounts(r for i, r in enumerate(rows) if i not in loose)
            solutions = [c for c in itertools.product(*options) if fits_sum(rest + _amounts(c))]
            if solutions:
                for k, i in enumerate(suspects):
                    fitting = {combo[k] for combo in solutions}
                    if rows[i] in fitting:
                        continue  # as read, and as likely as any repair: left as it is
                    single = fitting & _one_digit(*rows[i], False)
                    out[i] = _the_one(single or fitting)
                return out
    for i in bad:
        out[i] = _the_one(
            _one_digit(*rows[i], amounts_known) or _two_confusions(*rows[i], amounts_known)
        )
    return out


def _product(row: Row) -> Row:
    q, p, _ = row
    return (q, p, (q * p).quantize(CENT))


def _amounts(rows: Iterable[Row]) -> Decimal:
    return sum((r[2] for r in rows), Decimal(0))


def _the_one(found: set[Row]) -> Row | None:
    if not found:
        return None
    exact = {r for r in found if r[0] * r[1] == r[2]}
    pick = exact or found
    return next(iter(pick)) if len(pick) == 1 else None


def _consistent(rows: Iterable[Row]) -> set[Row]:
    return {r for r in rows if r[0] > 0 and item_consistent(*r)}


def _one_digit(q: Decimal, p: Decimal, a: Decimal, amount_known: bool) -> set[Row]:
    # Any digit: at most one candidate meets q·p = a by chance.
    amounts = [] if amount_known else number_candidates(a, money=True)
    return _consistent(
        [(q, p, c) for c in amounts]
        + [(q, c, a) for c in number_candidates(p, money=True)]
        + [(c, p, a) for c in number_candidates(q)]
    )


def _two_confusions(q: Decimal, p: Decimal, a: Decimal, amount_known: bool) -> set[Row]:
    qs, ps = confusion_candidates(q, 1), confusion_candidates(p, 1)
    as_ = [] if amount_known else confusion_candidates(a, 1)
    amounts = [] if amount_known else confusion_candidates(a, 2)
    rows: list[Row] = [(q, p, c) for c in amounts]
    rows += [(q, c, a) for c in confusion_candidates(p, 2)]
    rows += [(c, p, a) for c in confusion_candidates(q, 2)]
    rows += [(x, y, a) for x in qs for y in ps]
    rows += [(x, p, z) for x in qs for z in as_]
    rows += [(q, y, z) for y in ps for z in as_]
    return _consistent(rows)
