"""Parties (supplier, buyer: names, ИНН, КПП) and the supplier's bank requisites.

Sources, in order: "Role: name, ИНН …" lines, "ИНН/КПП продавца" (УПД), a contract's
"именуемое в дальнейшем" preamble, two-column requisites, 1C's bank block, a letterhead.
"""

from __future__ import annotations

import re

from .found import (
    BUYER,
    BUYER_HEAD,
    FALLBACK,
    LABEL_STOP,
    ORG,
    QUOTE_CLOSE,
    QUOTE_OPEN,
    SUPPLIER,
    SUPPLIER_HEAD,
    Extracted,
    Found,
    Party,
    first_letter_lost,
)
from .layout import Text, fold_keep, squash
from .parse import normalize_name
from .validate import check_inn, code_digits, inn_valid

# "ИНН" as OCR reads it: the English model makes И a W, U or M (WHH, MHH); a coarse scan's
# И may come back as Д ("ДНН/КПП продавца").
INN = r"(?:инн|[wuмvд]нн)"
# "ИНН/КПП" as OCR reads it: the slash and К merge into Ж or И ("ИННИПП"), or the slash
# goes missing.
INN_KPP = INN + r"\s*(?:[/\\|l1iиж]?\s*к|[жи])\s*[пnлi1иш]{1,3}"
# КПП as Tesseract misreads it: КГ, КТИТ, КШТ, К1и1.
KPP = r"(?<![а-я])к[пnи1l|!тшгiлр]{1,5}(?![а-яa-z])"

# ---- parties ----------------------------------------------------------------------------


def _label_digit_dropped(inn: Found) -> Found:
    """The ИНН less a first piece that is the label's last letter read as a digit, a
    space before the number ("ИНН/КШ1 7747981170": П read 1): where the rest passes the
    checksum and the whole does not."""
    head, _, rest = inn.value.partition(" ")
    digit_of_label = len(head) <= 2 and not inn_valid(code_digits(inn.value))
    if rest and digit_of_label and inn_valid(code_digits(rest)):
        return Found(rest, inn.start + len(head) + 1, inn.end, inn.conf)
    return inn


def _quoted(text: str) -> bool:
    return bool(text.strip(QUOTE_OPEN + QUOTE_CLOSE + " "))


def _name_from(raw: str, folded: str) -> tuple[int, int] | None:
    """Where an organisation's name lies at the start of a party's text."""
    m = re.match(r"\s*[:\-–—]?\s*", folded)
    s = m.end() if m else 0
    # Quoted name: up to the matching close quote (nested quotes allowed).
    q = re.match(ORG + r"\s*[" + QUOTE_OPEN + r"]", folded[s:])
    if q:
        depth, opened = 0, s + q.end() - 1
        i = opened
        while i < len(raw):
            ch = raw[i]
            if ch in "«„“" and depth >= 0 and i != opened and ch != "“":
                depth += 1
            # A close quote with nothing quoted before it is the open quote read twice or
            # a speck beside it ("\"'Монолит-М\""): the name runs on.
            elif ch in QUOTE_CLOSE and i != opened and _quoted(raw[opened + 1 : i]):
                if depth == 0:
                    return s, i + 1
                depth -= 1
            elif ch in ",\n" and depth == 0 and raw[i - 1] not in QUOTE_OPEN:
                break
            i += 1
        end = re.search(r"\n|,|\s+инн", folded[s:])
        return (s, s + end.start()) if end else (s, len(raw))
    stop = re.search(r",|\n|\s(?=инн|кпп|огрн|адрес|р/с|\d{6}|г\.\s)|\s+именуем", folded[s:])
    e = s + stop.start() if stop else len(raw)
    if e - s < 3 or not re.match(ORG + r"\b", folded[s:e]):
        return None
    return s, e


def _party_section(text: Text, role: str, first_only: bool = True) -> list[tuple[int, int]]:
    """Text after "Role:" (or "Role (…):", the colon maybe read as ";") until the next
    label line."""
    t = text.folded
    spans: list[tuple[int, int]] = []
    label = f"{role}|{lost}" if (lost := first_letter_lost(role)) else role
    for m in re.finditer(
        rf"(?:^|\n|\s)(?:{label})\w*\s*(?:\([^)\n]{{0,40}}\))?\s*(?:[:;]|[-–—]|\s(?=[а-яa-z0-9\"«]))",
        t,
    ):
        if re.match(r"\s*(обязуется|принять|передать|оплатить|имеет|вправе|не\s)", t[m.end() :]):
            continue
        start = m.end()
        end = t.find("\n", start)
        end = len(t) if end == -1 else end
        if not re.search(r"\w", t[start:end]):
            continue  # a heading ("Получатель:" over a grid of its own labels)
        # Wrapped continuation lines belong to the section, and so do the party's ИНН and
        # КПП on lines of their own (a grid of labels and values).
        for _ in range(3):
            nxt = t.find("\n", end + 1)
            line = t[end + 1 : nxt if nxt != -1 else len(t)]
            if (
                not line.strip()
                or (LABEL_STOP.search(line) and not re.match(r"^\W*(инн|кпп)", line))
                or re.match(r"^\W*(" + ORG + r")\s", line)
            ):
                break
            end = nxt if nxt != -1 else len(t)
        spans.append((start, end))
        if first_only:
            break
    return spans


_CODE = r"[0-9оoзбвlis|]"


def _inn_kpp(
    text: Text, start: int, end: int, party: Party, who: str = "", strict: bool = False
) -> None:
    t, raw = text.folded, text.raw
    seg = t[start:end]

    def found(m: re.Match[str], g: int) -> Found:
        s, e = start + m.start(g), start + m.end(g)
        return Found(raw[s:e], s, e, text.conf(s, e))

    # "ИНН/КПП 7707083893/773601001"; OCR may put a space inside either number.
    # The label comes back as ИНН/КПП, ИННКПП, ИННЖПП, ИННАПП…: the slashed pair is the proof.
    m = re.search(
        INN + r"[^\s\d]{0,6}" + who + rf"\s*[:;]?\s*({_CODE}[{_CODE[1:-1]} ]{{8,15}}?)[ \t]*/"
        r"[ \t]*([0-9оoзбвlisa-zа-я|][0-9оoзбвlisa-zа-я| ]{7,10}?)"
        # "(2б)", a УПД's line code, comes back as "{26)" too.
        r"(?=[,;. \t]*(?:\n|$|,|[({\[]|\d{6}|[а-я]))",
        seg,
    )
    # Both numbers, on one line, and the КПП mostly digits (not the next line's words).
    if m and sum(ch.isdigit() for ch in m.group(2)) >= 6:
        party.inn, party.kpp = _label_digit_dropped(found(m, 1)), found(m, 2)
        return
    # An entrepreneur has no КПП: "ИНН/КПП покупателя: 500100732259/".
    m = re.search(INN_KPP + who + rf"\s*[:;]?\s*({_CODE}{{12}})\s*/?\s*(?=\n|$|,|[({{\[])", seg)
    if m:
        party.inn = found(m, 1)
        return
    if strict:
        return
    label = INN + r"(?:\s*/\s*" + KPP + r")?\s*:?\s*"  # "ИНН", "ИНН/КПП", with a colon or not
    # Thirteen digits too: a digit read in too many, which another reader's reading may
    # not have (validate.check_code).
    m = re.search(label + rf"({_CODE}{{10,13}})(?!\d)", seg)
    if m:
        party.inn = found(m, 1)
    else:
        # A space OCR put inside the number ("7701 143112", a kerned 1): one number only
        # where the digits joined pass the checksum.
        m = re.search(label + rf"({_CODE}+ {_CODE}+)(?![\d|])", seg)
        if m and inn_valid(code_digits(m.group(1))):
            party.inn = found(m, 1)
        # A digit read as a letter of no digit's shape ("162238Я25228" at 200 dpi): the
        # checks put back the one digit there that passes (validate.check_code).
        lettered = re.search(label + rf"({_CODE}{{3,}}[а-я]{_CODE}{{3,}})(?![\d|а-яa-z])", seg)
        if not party.inn and lettered and check_inn(lettered.group(1)).valid:
            party.inn = found(lettered, 1)
    # A КПП is digits (two letters at most): "КПП" misread next to "ГРУЗООТП…" is not one.
    for m in re.finditer(r"(?<!/)" + KPP + r"\s*:?\s*([0-9оoзбвlisa-zа-я|]{9})(?![0-9])", seg):
        if sum(ch.isdigit() for ch in m.group(1)) >= 6:
            party.kpp = found(m, 1)
            break


def parties(text: Text, out: Extracted) -> dict[str, Party]:
    t, raw = text.folded, text.raw
    result = {"supplier": Party(), "buyer": Party()}
    # 1. Requisites in two columns: "Поставщик:" and "Покупатель:" headings on one line.
    _two_columns(text, result)
    # 2. "Role: name, ИНН …" lines, in priority order of the labels.
    for who, roles in (("supplier", SUPPLIER), ("buyer", BUYER)):
        p = result[who]
        for role in [*roles.split("|"), FALLBACK[who]]:
            if p.name and p.inn:
                break
            for s, e in _party_section(text, role):
                if role == "получат" and re.search(r"банк\s*$", t[max(0, s - 30) : s]):
                    continue
                if not p.name:
                    ns = _name_from(raw[s:e], t[s:e])
                    if ns:
                        a, b = s + ns[0], s + ns[1]
                        p.name = Found(raw[a:b], a, b, text.conf(a, b))
                if p.name and not p.span:
                    p.span = (s, e)
                if not p.inn:
                    _inn_kpp(text, s, e, p)
    # 3. УПД: "ИНН/КПП продавца: …/…".
    # "продавца" comes back as "пролавпа": the word's head is enough.
    for who, word in (("supplier", r"п[рпн][оа]\w{4,7}"), ("buyer", r"п[оа]к\w{4,8}")):
        p = result[who]
        if not p.inn:
            _inn_kpp(text, 0, len(t), p, who=r"\s*" + word, strict=True)
        # The label wrapped in its narrow cell: "ИНН/КПП 5266826355/526643001" beside the
        # label's first line, "продавца:" alone on the next.
        for m in re.finditer(r"\n\W*" + word + r"\W", t):
            if p.inn:
                break
            _inn_kpp(text, t.rfind("\n", 0, m.start()) + 1, m.start(), p, strict=True)
    # 4. Contract preamble: "ООО «Ромашка», именуемое в дальнейшем «Поставщик»".
    for m in re.finditer(r"именуем\w*\s+(?:в\s+дальнейшем\s+)?[\"«“„']?\s*(\w+)", t):
        role = m.group(1)
        who = "supplier" if re.match(SUPPLIER, role) else "buyer" if re.match(BUYER, role) else None
        if who is None or result[who].name:
            continue
        head = t[max(0, m.start() - 200) : m.start()]
        starts = [mm.start() for mm in re.finditer(r"(?:^|[\s,(])" + ORG + r"[\s\"«“„]", head)]
        if starts:
            s = max(0, m.start() - 200) + starts[-1]
            ns = _name_from(raw[s : m.start()], t[s : m.start()])
            if ns:
                a, b = s + ns[0], s + ns[1]
                result[who].name = Found(raw[a:b], a, b, text.conf(a, b))
    # 5. 1C invoice bank block: the payee's name is on the line above "Получатель".
    sup = result["supplier"]
    if not sup.name or not sup.inn:
        _bank_block_payee(text, sup)
    # 6. A letterhead: the supplier's name and requisites above the title, without a label.
    if (not sup.name or not sup.inn) and out.title_pos:
        _letterhead(text, sup, out.title_pos)
    for p in result.values():
        if p.name:
            cleaned = normalize_name(p.name.value)
            p.name.value = cleaned or p.name.value
    return result


def _two_columns(text: Text, result: dict[str, Party]) -> None:
    for idx, (_start, ln) in enumerate(text.line_starts):
        segs = ln.segments(3.0)
        if len(segs) < 2:
            continue
        heads: list[tuple[str, float]] = []
        for seg in segs:
            # A heading boxed tight keeps a rule's remnant at its edge ("[Покупатель").
            f = re.sub(r"^\W+|\W+$", "", fold_keep(" ".join(w.text for w in seg)))
            # Headings are short and alone: a prefix is enough (Исполни«ель:).
            if re.fullmatch(rf"({SUPPLIER_HEAD})\S{{0,9}}", f):
                heads.append(("supplier", seg[0].x0))
            elif re.fullmatch(rf"({BUYER_HEAD})\S{{0,9}}", f):
                heads.append(("buyer", seg[0].x0))
        if len(heads) == 1 and len(segs) == 2:
            # One heading garbled ("Испо,. читель:"): the other cell is the other party.
            other = next(s for s in segs if s[0].x0 != heads[0][1])
            text_other = " ".join(w.text for w in other)
            if text_other.rstrip().endswith(":") and len(text_other) <= 24:
                role = "buyer" if heads[0][0] == "supplier" else "supplier"
                heads.append((role, other[0].x0))
                heads.sort(key=lambda h: h[1])
        if len(heads) != 2 or heads[0][0] == heads[1][0]:
            continue
        split = heads[1][1] - 5
        cols: dict[str, list[str]] = {"supplier": [], "buyer": []}
        for _s, nxt in text.line_starts[idx + 1 : idx + 12]:
            if nxt.cy - ln.cy > ln.h * 16:
                break
            left = " ".join(w.text for w in nxt.words if w.x1 <= split + 5)
            right = " ".join(w.text for w in nxt.words if w.x0 >= split - 5)
            cols[heads[0][0]].append(left)
            cols[heads[1][0]].append(right)
        # Requisites, not a signature line or a seal's text: a labelled number follows.
        if not any(
            re.search(r"(инн|бик|р/с|сч[её]т)\W{0,4}\d{9}", fold_keep(line))
            for c in cols.values()
            for line in c
        ):
            continue  # a signature line with both roles, not requisites
        for who, col in cols.items():
            lines = [c for c in col if c.strip()]
            if not lines:
                continue
            p = result[who]
            p.text = "\n".join(lines)
            sub = Text.__new__(Text)
            sub.raw, sub.folded, sub.spans, sub.line_starts = p.text, fold_keep(p.text), [], []
            ns = _name_from(lines[0], fold_keep(lines[0]))
            if ns and _named(lines[0][ns[0] : ns[1]]):
                p.name = Found(lines[0][ns[0] : ns[1]], 0, 0, 0.9)
            _inn_kpp(sub, 0, len(p.text), p)
            for f in (p.inn, p.kpp):
                if f:
                    f.conf = 0.9
        return


def _named(name: str) -> bool:
    """Whether a name found holds a name: letters past its legal form (not `ООО ""`, where
    a quote read twice, `"'Северсталь`, closed the name before it began)."""
    rest = re.sub(ORG, "", fold_keep(name), count=1)
    return sum(c.isalpha() for c in rest) >= 2


def _letterhead(text: Text, sup: Party, end: int) -> None:
    t = text.folded
    if re.search(rf"(?:^|\n)\W*({BUYER}|{SUPPLIER})", t[:end]):
        return
    if not sup.name:
        for start, ln in text.line_starts:
            if start >= end:
                break
            f = t[start : start + len(ln.text)]
            if re.search(r"банк|бик", f):
                continue
            ns = _name_from(ln.text, fold_keep(ln.text))
            if ns:
                a, b = start + ns[0], start + ns[1]
                sup.name = Found(text.raw[a:b], a, b, text.conf(a, b))
                break
    if not sup.inn:
        _inn_kpp(text, 0, end, sup)
        sup.span = sup.span or (0, end)


def _bank_block_payee(text: Text, sup: Party) -> None:
    lines = text.line_starts
    for i, (start, ln) in enumerate(lines):
        f = text.folded[start : start + len(ln.text)]
        if re.fullmatch(r"\W*получатель\W*", f.strip()) and i > 0:
            pstart, prev = lines[i - 1]
            if not sup.name:
                ns = _name_from(prev.text, fold_keep(prev.text))
                if ns:
                    a, b = pstart + ns[0], pstart + ns[1]
                    sup.name = Found(text.raw[a:b], a, b, text.conf(a, b))
            if not sup.inn:
                for j in range(max(0, i - 3), i):
                    s, lnj = lines[j]
                    if "инн" in text.folded[s : s + len(lnj.text)]:
                        _inn_kpp(text, s, s + len(lnj.text), sup)
                        sup.span = sup.span or (s, start)
            return


# ---- bank -------------------------------------------------------------------------------

ACC = r"([0-9оoзбвlis|]{20,22}|[0-9]{4,5}(?:\s[0-9]{3,5}){3,4})"


def bank(text: Text, parties_: dict[str, Party], out: Extracted) -> None:
    t, raw = text.folded, text.raw
    buyer = parties_["buyer"]
    # Where the buyer's own requisites are, which must not be taken for the supplier's.
    excluded: list[tuple[int, int]] = [buyer.span] if buyer.span else []
    sup = parties_["supplier"]
    if sup.text:  # two-column requisites: search the supplier's column only
        sub_raw, sub_f = sup.text, fold_keep(sup.text)
        _bank_fields(sub_raw, sub_f, out, None, conf=0.9)
        return
    _bank_fields(raw, t, out, text, excluded=excluded)


def _bank_fields(
    raw: str,
    t: str,
    out: Extracted,
    text: Text | None,
    excluded: list[tuple[int, int]] | None = None,
    conf: float = 1.0,
) -> None:
    excluded = excluded or []

    def ok(pos: int) -> bool:
        return not any(a <= pos < b for a, b in excluded)

    def found(s: int, e: int) -> Found:
        return Found(raw[s:e], s, e, text.conf(s, e) if text else conf)

    m = next(
        (m for m in re.finditer(r"бик\s*:?\s*([0-9оoзбвlis|]{9,10})", t) if ok(m.start())), None
    )
    if m:
        out.values["bik"] = found(m.start(1), m.end(1))
    for m in re.finditer(ACC, t):
        if not ok(m.start()):
            continue
        val = re.sub(r"\s", "", raw[m.start() : m.end()])
        digits = re.sub(
            r"\D", "", val.translate(str.maketrans("оoОOзЗбБвВlIis|", "000033668811151"))
        )
        if len(digits) != 20:
            continue
        key = "corr_account" if digits.startswith("301") else "account"
        before = t[max(0, m.start() - 25) : m.start()]
        if re.search(r"к/с|корр|кор\.|к\.с", before):
            key = "corr_account"
        elif re.search(r"р/с|расч|р\.с", before):
            key = "account"
        if key not in out.values:
            out.values[key] = found(m.start(), m.end())
    name = _bank_name(raw, t, ok)
    if name:
        out.values["bank_name"] = Found(
            name[0], name[1], name[2], text.conf(name[1], name[2]) if text else conf
        )


def _bank_name(raw: str, t: str, ok: object) -> tuple[str, int, int] | None:
    allowed = ok if callable(ok) else (lambda _p: True)
    pats = [
        r"(?:в\s+банке|банк\s+получателя\s*:?|наименование\s+банка\s*:?|банк\s*:)\s*",
        r"(?:р/с|р|сч[её]т)?\s*\d{20}\s*,?\s*(?:в\s+банке|в)\s+",
        r"(?:^|\n)\s*в\s+(?=\S*\s*\S*банк|пао|ао|ооо|банк|филиал)",
    ]
    for p in pats:
        for m in re.finditer(p, t):
            if not allowed(m.start()):
                continue
            s = m.end()
            if re.match(r"сч\.|сч[её]т|бик|к/с|р/с|№", t[s:]):
                continue  # 1C's "Банк получателя" label before the account's cell
            stop = re.search(
                r",|;|\n(?!\s*\()|\s+бик|\s+к/с|\s+корр|\s+кор\.|\s+сч\.|\s+р/с|\s+г\.\s", t[s:]
            )
            e = s + (stop.start() if stop else len(t) - s)
            val = squash(raw[s:e]).strip(" .,:")
            if re.fullmatch(ORG, fold_keep(val)) and t[e : e + 1] == "\n":
                # "в ПАО" at a line end: the name itself is on the next line.
                stop2 = re.search(r",|;|\n|\s+бик|\s+к/с", t[e + 1 :])
                e = e + 1 + (stop2.start() if stop2 else len(t) - e - 1)
                val = squash(raw[s:e]).strip(" .,:")
            elif t[e : e + 1] == "\n":
                # The name wrapped ("в банке ТОЧКА ПАО" / "БАНКА "ФК ОТКРЫТИЕ", БИК …"):
                # the next line up to the БИК after it is the rest of it.
                rest = re.match(
                    r"(?!\s*(?:бик|к/с|сч|р/с|инн|кпп))([^,;\n\d]{2,60}?)\s*,?\s*(?:бик|к/с)\b",
                    t[e + 1 :],
                )
                if rest:
                    e = e + 1 + rest.end(1)
                    val = squash(raw[s:e]).strip(" .,:")
            if len(val) >= 3 and re.search(r"[А-Яа-яA-Za-z]{2}", val):
                return normalize_name(val) or val, s, e
    # 1C bank block: the bank's name precedes "БИК" on its line.
    for m in re.finditer(r"(?:^|\n)([^\n]{3,80}?)\s+бик\b", t):
        if allowed(m.start()) and BANKISH.search(t[m.start(1) : m.end(1)]):
            return _bank_at(raw, m.start(1), m.end(1))
    # The same block where the name's cell sits lower than its БИК (a cell of two rows,
    # its name set apart from the codes' baseline): the name is the line over its label.
    for m in re.finditer(r"(?:^|\n)([^\n]{3,80})\n\s*банк\s+получателя\b", t):
        seg = t[m.start(1) : m.end(1)]
        if not allowed(m.start()) or re.match(r"\s*(?:бик|сч\.|сч[её]т|к/с|р/с|инн)", seg):
            continue
        if BANKISH.search(seg):
            cut = re.search(r"\s+(?:бик|сч\.)", seg)
            return _bank_at(raw, m.start(1), m.start(1) + cut.start() if cut else m.end(1))
    return None


BANKISH = re.compile(r"банк|пао|ао\b|филиал|ооо")  # what a bank's name holds (folded)


def _bank_at(raw: str, s: int, e: int) -> tuple[str, int, int]:
    """The bank's name printed at raw[s:e], its legal form normalized, and where it is."""
    return normalize_name(squash(raw[s:e])) or squash(raw[s:e]), s, e
