"""Fields of a document from its lines: type, header, parties, bank, totals, term.

Keywords are matched on folded text (lower case, ё→е, Latin look-alikes → Cyrillic) with
tolerant patterns; values are cut from the original text at the same offsets. Nothing is
guessed: a field without a label or a recognisable value stays absent.
"""

from __future__ import annotations

import re
from decimal import Decimal

from .alphabets import has_cyrillic
from .found import BUYER, FALLBACK, NUM_SIGN, SUPPLIER, Extracted, Found, first_letter_lost
from .layout import Line, Text, fold_keep
from .load import Word
from .parse import canon_code, find_dates, parse_decimal
from .parties import bank, parties

# ---- document type ----------------------------------------------------------------------

TITLE = {
    "invoice": re.compile(
        # A bold С may come back as "(": "(чёт № 352".
        rf"^\W{{0,3}}(с?ч[еeё]т\b(\s*-?\s*оферт\w*)?(\s*на\s*(пред)?оплату)?\s*{NUM_SIGN}?)"
    ),
    "act": re.compile(r"^\W{0,3}акт\b(?!\s*сверки)"),
    # ДОГОВОР in bold capitals comes back as HOTOBOP: Д→Н and Г→Т are the usual misreads.
    "contract": re.compile(r"^\W{0,3}[дн]о[гт]ов[оа]р\b"),
}


def classify(text: Text) -> str:
    """The type the document's title names: the first evidence on the page wins (a
    contract's clause "по УПД" or "товарной накладной" names other documents)."""
    t = text.folded
    found: list[tuple[int, str]] = []
    m = re.search(r"универсальн\w*\s+передаточн|\bупд\b", t)
    if m:
        found.append((m.start(), "upd"))
    m = re.search(r"сч[е]т\s*-?\s*ф[а-я]{3,6}р[аы]", t)
    if m and re.search(r"статус", t):
        found.append((m.start(), "upd"))
    m = re.search(r"товарн\w*\s+накладн|торг\s*-?\s*12|накладная\s*" + NUM_SIGN, t)
    if m:
        found.append((m.start(), "waybill"))
    for kind, pattern in TITLE.items():
        for start, ln in text.line_starts:
            line = t[start : start + len(ln.text)]
            if pattern.search(line) and (
                kind != "invoice" or re.search(NUM_SIGN + r"|оплат", line)
            ):
                found.append((start, kind))
                break
    if found:
        return min(found)[1]
    # No title line survived OCR: the body still says what the document is.
    if re.search(r"сч[е]т\s*-?\s*фактур", t):
        return "upd"
    if re.search(r"настоящ\w*\s+договор|именуем\w*\s+в\s+дальнейшем", t):
        return "contract"
    if re.search(r"сч[е]т\s+на\s+оплату", t):
        return "invoice"
    return "unknown"


# ---- header -----------------------------------------------------------------------------

_TITLE_FOR = {
    "invoice": r"(?:с|(?<=\())ч[е]т\b[^\n]{0,30}?",
    "upd": r"сч[е]т\s*-?\s*фактур\w*\s*",
    "act": r"акт\b[^\n]{0,60}?",
    "contract": r"[дн]о[гт]ов[оа]р\b[^\n]{0,60}?",
    "waybill": r"накладн\w*\s*",
}


def header(text: Text, doc_type: str, out: Extracted) -> None:
    t, raw = text.folded, text.raw
    m = None
    if doc_type in _TITLE_FOR:
        m = re.search(_TITLE_FOR[doc_type] + NUM_SIGN + r"\s*([^\s,]+)", t)
    if m:
        out.title_pos = t.rfind("\n", 0, m.start()) + 1
        num = canon_code(raw[m.start(1) : m.end(1)].strip(".,;:"))
        if num and fold_keep(num) not in ("от", "--", "-") and re.search(r"\d", num):
            out.values["number"] = Found(num, m.start(1), m.end(1), text.conf(m.start(1), m.end(1)))
        after = m.end(1)
        # The date follows in the title line or the next two lines (a contract's city line).
        window_end = after
        for _ in range(3):
            nl = t.find("\n", window_end + 1)
            window_end = nl if nl != -1 else len(t)
        dates = [(p, d) for p, d in find_dates(raw[after:window_end]) if p < 200]
        if dates:
            p, d = dates[0]
            out.values["date"] = Found(
                d.isoformat(), after + p, after + p + 10, text.conf(after + p, after + p + 8)
            )
    if doc_type == "waybill" and "number" not in out.values:
        _waybill_header(text, out)


def _waybill_header(text: Text, out: Extracted) -> None:
    """ТОРГ-12: "Номер документа | Дата составления" with the values in the cells below."""
    for i, (start, ln) in enumerate(text.line_starts):
        f = text.folded[start : start + len(ln.text)]
        if not re.search(r"номер\s*документа", f):
            continue
        num_word = next((w for w in ln.words if fold_keep(w.text).startswith("номер")), None)
        for _s, nxt in text.line_starts[i + 1 : i + 4]:
            dates = find_dates(nxt.text)
            if not dates:
                continue
            out.values.setdefault(
                "date", Found(dates[0][1].isoformat(), 0, 0, min(w.conf for w in nxt.words) / 100)
            )
            if num_word:
                cands = [
                    w for w in nxt.words if re.search(r"\d", w.text) and not find_dates(w.text)
                ]
                if cands:
                    w = min(cands, key=lambda w: abs(w.cx - num_word.cx))
                    out.values.setdefault(
                        "number", Found(canon_code(w.text.strip(".,")), 0, 0, w.conf / 100)
                    )
            return


# ---- money ------------------------------------------------------------------------------


def line_amounts(line: Line) -> list[Decimal]:
    """Amounts on a line, gluing digit groups that are printed with thin spaces."""
    out: list[Decimal] = []
    groups: list[list[str]] = []
    prev = None
    # Amounts in kopecks on the line: a five-digit group after another is three digits and
    # the kopecks, its comma lost ("15" "23817" for "15 238,17"); no printed group has five.
    kopecks = any(re.fullmatch(r"\d+[.,]\d{2}", w.text.strip(".,:;")) for w in line.words)
    for w in line.words:
        # A sentence's full stop after the amount ("на сумму 139 808,21.") is no decimal.
        token = re.sub(r"(?<=\d)[.,]$", "", w.text.strip(":;"))
        # A prose dash OCR glued to the amount after it ("22% —9016,39") is no part of it.
        token = token.lstrip("—–")
        is_num = bool(re.fullmatch(r"[\d.,]+", token)) and any(c.isdigit() for c in token)
        after = groups[-1] if is_num and prev is not None and groups else None
        glues = after is not None and _glues(token, w, prev, after)
        if after is not None and not glues and kopecks and re.fullmatch(r"\d{5}", token):
            comma_lost = token[:3] + "," + token[3:]
            glues = _glues(comma_lost, w, prev, after)
            token = comma_lost if glues else token
        if glues:
            groups[-1].append(token)
        elif is_num:
            groups.append([token])
        prev = w if is_num else None
    for g in groups:
        v = parse_decimal("".join(g))
        if v is not None:
            out.append(v)
    return out


def _glues(token: str, w: Word, prev: Word, group: list[str]) -> bool:
    """Whether `token` (the word `w`) is the next digit group of the amount in `group`."""
    return bool(
        re.fullmatch(r"\d{3}([.,]\d{1,2})?", token)
        and w.x0 - prev.x1 < 0.9 * max(w.h, 1)
        and re.fullmatch(r"\d{1,7}", "".join(group))
    )


def totals(text: Text, lines: list[Line], out: Extracted) -> None:
    folded = [fold_keep(ln.text) for ln in lines]

    def find(pattern: str, skip_table: bool = True) -> list[tuple[Line, list[Decimal], str]]:
        res = []
        for i, (ln, f) in enumerate(zip(lines, folded, strict=True)):
            if skip_table and ln.in_table:
                continue
            if re.search(pattern, f):
                nums = line_amounts(ln)
                nums = [n for n in nums if not re.search(rf"\b{n}\s*%", f)] if nums else nums
                if not nums and i + 1 < len(lines) and not lines[i + 1].in_table:
                    nums = line_amounts(lines[i + 1])
                res.append((ln, nums, f))
        return res

    total = None
    for pat in (
        r"всего\s*к\s*оплате",
        r"итого\s*к\s*оплате",
        r"всего\s*по\s*накл",  # "накладной", its д read п in a bold serif ("наклапной")
        r"всего\s*\(?с\s*(учетом\s*)?н[доа]с",
        r"итого\s*с\s*н[доа]с",
        r"^\W{0,3}итого",
        r"^\W{0,3}всего\b",
    ):
        hits = [h for h in find(pat) if h[1]]
        if hits:
            ln, nums, f = hits[0]
            total = nums[-1]
            conf = min((w.conf for w in ln.words if re.search(r"\d", w.text)), default=50) / 100
            out.values["total"] = Found(f"{total:.2f}", 0, 0, conf)
            if len(nums) >= 3 and "vat" not in out.values and "н[доа]с" not in f.split("всего")[0]:
                # ТОРГ-12 / УПД totals row: net, VAT, gross.
                out.values["vat"] = Found(f"{nums[-2]:.2f}", 0, 0, conf)
            break
    if total is None:
        # The sentence names the contract: its first letter may be misread ("Логовора").
        m = re.search(
            r"(?:сумма|цена|стоимость)\s+(?:настоящего\s+|работ\s+по\s+|услуг\s+по\s+)?"
            r"\w?оговор[ау]\s+(?:составляет|равна)?\s*"
            r"[:\-]?\s*([\d\s]+(?:[,.]\d{2})?)",
            text.folded,
        )
        if m:
            v = parse_decimal(text.raw[m.start(1) : m.end(1)].strip())
            if v is not None:
                out.values["total"] = Found(
                    f"{v:.2f}", m.start(1), m.end(1), text.conf(m.start(1), m.end(1))
                )
    _vat(text, lines, folded, out)


def _wrapped_amount(ln: Line, nxt: Line | None) -> Decimal | None:
    """A sentence wrapped inside an amount: "…НДС 22% 515" / "853,11 руб." (`nxt`)."""
    if nxt is None or not re.fullmatch(r"\d{1,3}", ln.words[-1].text):
        return None
    m = re.match(r"(\d{3}(?:\s\d{3})*[,.]\d{2})\b", nxt.text)
    if not m:
        return None
    return parse_decimal(ln.words[-1].text + " " + m.group(1))


def _amounts_after_rate(ln: Line, rate: str, nxt: Line | None) -> list[Decimal] | None:
    """The VAT amount follows its rate: the amounts after "22%" on its line, or, where a
    sentence breaks its line right after the rate ("…в том числе НДС 22% —" / "18 032,79
    руб."), the amount that opens the next line (`nxt`, outside the table). An amount
    before the rate is the total the sentence started with, or its kopecks in words ("00
    копеек"), never the VAT. None where the line has no rate sign to read after."""
    at = next((k for k in range(len(ln.words) - 1, -1, -1) if "%" in ln.words[k].text), None)
    if at is None or rate not in " ".join(w.text for w in ln.words[max(0, at - 1) : at + 1]):
        return None
    rest = ln.words[at + 1 :]
    if any(ch.isalnum() for w in rest for ch in w.text):
        return line_amounts(Line(rest))
    if nxt is not None and re.match(r"\W{0,2}\d", nxt.text):
        return line_amounts(nxt)[:1] or None
    return None


def _vat(text: Text, lines: list[Line], folded: list[str], out: Extracted) -> None:
    def line_at(k: int) -> Line | None:
        return lines[k] if k < len(lines) else None

    for i, (ln, f) in enumerate(zip(lines, folded, strict=True)):
        if ln.in_table:
            continue
        # A contract's sentence wrapped right after "НДС" (or "НДС не"): its rate, amount
        # or "(не) облагается" are on the next line, and the amounts to read are those.
        amounts_at = i
        if (
            re.search(r"н[доа]с(\s+не)?\W*$", f)
            and i + 1 < len(lines)
            and not lines[i + 1].in_table
        ):
            f, amounts_at = f + " " + folded[i + 1], i + 1
        amounts_of, after_amounts = lines[amounts_at], line_at(amounts_at + 1)
        if re.search(
            r"(?:без|6е3|бе3)\s*(налога|н[доа]с)|н[доа]с\s*не\s*(облага|предусм|начисл|взима)"
            r"|не\s*облага\w*\s*н[доа]с|освобожд\w*\s*от\s*(уплаты\s*)?н[доа]с",
            f,
        ) and not re.search(r"(сумм|итог|всег|стоимост|цен)\w*\s*без", f):  # a net amount
            out.values["vat_rate"] = Found("без НДС", 0, 0, min(w.conf for w in ln.words) / 100)
            out.values["vat"] = Found("0.00", 0, 0, out.values["vat_rate"].conf)
            return
        m = re.search(r"н[доа]с\W{0,3}(\d{1,2})\s*%", f) or re.search(
            r"(\d{1,2})\s*%\W{0,3}н[доа]с", f
        )
        if m and re.search(
            r"в\s*том\s*числе|в\s*т\.?\s*ч|^\W*н[доа]с|н[доа]с\s*\(|сумма\s*н[доа]с|н[доа]с\s*\d", f
        ):
            rate = m.group(1)
            conf = min(w.conf for w in ln.words) / 100
            out.values["vat_rate"] = Found(rate, 0, 0, conf)
            outside = after_amounts if after_amounts and not after_amounts.in_table else None
            nums = _amounts_after_rate(amounts_of, rate, outside)
            if nums is None:
                nums = [n for n in line_amounts(amounts_of) if f"{n}" != rate]
            wrapped = _wrapped_amount(ln, line_at(i + 1))
            if wrapped is not None:
                nums = [wrapped]
            if nums:
                out.values["vat"] = Found(f"{nums[-1]:.2f}", 0, 0, conf)
            return
        # "В том числе НДС: 631,15" without a rate (1C prints it so): the amount only.
        if re.search(r"(в\s*том\s*числе|в\s*т\.?\s*ч\.?)\s*н[доа]с|^\W*(сумма\s*)?н[доа]с\s*:", f):
            nums = line_amounts(amounts_of)
            if nums:
                conf = min(w.conf for w in ln.words) / 100
                out.values["vat"] = Found(f"{nums[-1]:.2f}", 0, 0, conf)
                return
    # Rate only from the item table (ТОРГ-12, УПД): "22%" in every row.
    for ln in lines:
        if ln.in_table and line_amounts(ln):  # a row, not the header
            m = re.search(r"(?<!\d)(22|20|10|18|7|5|0)\s*%", ln.text)
            if m:
                out.values.setdefault("vat_rate", Found(m.group(1), 0, 0, 0.8))
                return
            if re.search(r"(?:без|6е3|бе3)\s*н[доа]с", fold_keep(ln.text)):
                out.values.setdefault("vat_rate", Found("без НДС", 0, 0, 0.8))
                out.values.setdefault("vat", Found("0.00", 0, 0, 0.8))
                return


def contract_term(text: Text, out: Extracted) -> None:
    t = text.folded
    for m in re.finditer(r"(действ\w*|срок\w*\s+действия[^.\n]{0,60}?)\s*[:\-]?\s*(?:до|по)\s+", t):
        dates = find_dates(text.raw[m.end() : m.end() + 40])
        if dates and dates[0][0] <= 3:
            p, d = dates[0]
            s = m.end() + p
            out.values["contract_term"] = Found(d.isoformat(), s, s + 10, text.conf(s, s + 10))
            return


_ROLES = f"{SUPPLIER}|{BUYER}|{FALLBACK['supplier']}|{FALLBACK['buyer']}"
_ROLE_WORD = re.compile(rf"^\W*({_ROLES}|{first_letter_lost(_ROLES)})\w*\W*$")


JUNK_CONF = 50  # a word read less surely than this beside a lone label is a speck's reading


def _speck_reading(word: Word) -> bool:
    """A word beside a lone label that is a speck's reading: unsure, or a few signs with no
    Cyrillic letter."""
    return word.conf < JUNK_CONF or (len(word.text) <= 3 and not has_cyrillic(word.text))


def _other_speck(label: Word, word: Word) -> bool:
    """A word beside a lone label that is no value of its own: a speck's reading, or a
    reading of a piece of the label's own ink ("поста" 94 inside "1юоставщик" 34)."""
    inside = label.x0 <= word.x0 and word.x1 <= label.x1
    return inside or _speck_reading(word)


def _lone_labels_first(lines: list[Line]) -> list[Line]:
    """A party label alone on its line, between two lines of the value cell to its right
    (ТОРГ-12's "Поставщик" centred on a two-line cell), is put at the head of the value's
    first line, so that the value reads after its label."""
    out = list(lines)
    k = 1
    while k < len(out) - 1:
        label, above, below = out[k], out[k - 1], out[k + 1]
        if (
            not label.in_table
            and _ROLE_WORD.match(fold_keep(label.words[0].text))
            # Alone but for a speck or a rule's remnant OCR read as a letter ("Поставщик и"),
            # or as an unsure word ("ИЦ!" 32) or no Russian one ("iL!").
            and len(label.words) <= 3
            and sum(len(w.text) for w in label.words[1:] if not _other_speck(label.words[0], w))
            <= 2
            and above.words[0].x0 > label.words[-1].x1
            and below.words[0].x0 > label.words[-1].x1
            and label.cy - above.cy < 1.6 * label.h
            and below.cy - label.cy < 1.6 * label.h
        ):
            out[k - 1] = Line(label.words[:1] + above.words, above.page, above.in_table)
            del out[k]
        k += 1
    return out


def extract(lines: list[Line]) -> Extracted:
    lines = _lone_labels_first(lines)
    text = Text(lines)
    out = Extracted()
    out.doc_type = classify(text)
    header(text, out.doc_type, out)
    ps = parties(text, out)
    for who, p in ps.items():
        for key, f in (("name", p.name), ("inn", p.inn), ("kpp", p.kpp)):
            if f:
                out.values[f"{who}_{key}"] = f
    bank(text, ps, out)
    totals(text, lines, out)
    if out.doc_type == "contract":
        contract_term(text, out)
    return out
