"""HTML page templates of the held-out OCR corpus (bench/heldout.py), typeset by LibreOffice.

Each builder takes a `Doc` and returns the page's HTML and the signature anchor: the
printed label next to the supplier's signature line, where heldout.py later puts ink.
The wording and the ruling imitate what 1C, small accounting programs and Word templates
print; every choice is drawn from `doc.rng` so one seed gives one page.

LibreOffice's HTML import honours inline `style` borders on cells, `@page` size and margins
and per-element font families, but not descendant selectors: so rules go inline.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING

from tests.ocr.corpus import MONTHS  # genitive month names, as dates are printed

if TYPE_CHECKING:
    from heldout import Doc, Row
    from tests.ocr.corpus import Party

NB = "\u00a0"
ALIGN = {"c": "center", "l": "left", "r": "right"}
NOWRAP = {"article", "qty", "price", "amount"}
SIGN_LINE = "_" * 14  # the blank a signature goes on, in the requisites of both sides
B = "border:1px solid #000"

# ---- formatting -------------------------------------------------------------------------


def e(s: str) -> str:
    return html.escape(s, quote=False)


def money(v: Decimal, group: bool = True) -> str:
    whole, frac = f"{v:.2f}".split(".")
    if group:
        whole = f"{int(whole):,}".replace(",", NB)
    return f"{whole},{frac}"


def qty(v: Decimal, places: int | None = None) -> str:
    """'2,5' as people write it, or '2,500' as ТОРГ-12 prints masses."""
    t = f"{v:.{places}f}" if places is not None else f"{v.normalize():f}"
    return t.replace(".", ",")


def date(d: tuple[int, int, int], style: str) -> str:
    y, m, day = d
    if style == "num":
        return f"{day:02d}.{m:02d}.{y}"
    if style == "quoted":
        return f"«{day:02d}» {MONTHS[m - 1]} {y} г."
    if style == "year":
        return f"{day} {MONTHS[m - 1]} {y} года"
    return f"{day} {MONTHS[m - 1]} {y} г."


def _plural(n: int, forms: tuple[str, str, str]) -> str:
    if 11 <= n % 100 <= 14:
        return forms[2]
    return forms[0] if n % 10 == 1 else forms[1] if 2 <= n % 10 <= 4 else forms[2]


# Number words by digit, for the amount in words under the totals.
_WORDS = {
    "ones": "один два три четыре пять шесть семь восемь девять",
    "teens": "десять одиннадцать двенадцать тринадцать четырнадцать пятнадцать шестнадцать "
    "семнадцать восемнадцать девятнадцать",
    "tens": "двадцать тридцать сорок пятьдесят шестьдесят семьдесят восемьдесят девяносто",
    "hundreds": "сто двести триста четыреста пятьсот шестьсот семьсот восемьсот девятьсот",
}
_ONES, _TEENS, _TENS, _HUNDREDS = (_WORDS[k].split() for k in ("ones", "teens", "tens", "hundreds"))
_SCALES = [
    (10**6, ("миллион", "миллиона", "миллионов"), False),
    (10**3, ("тысяча", "тысячи", "тысяч"), True),
]


def _triad(n: int, feminine: bool) -> list[str]:
    out = [_HUNDREDS[n // 100 - 1]] if n >= 100 else []
    n %= 100
    if 10 <= n < 20:
        return [*out, _TEENS[n - 10]]
    if n >= 20:
        out.append(_TENS[n // 10 - 2])
    if n % 10:
        one = _ONES[n % 10 - 1]
        out.append({"один": "одна", "два": "две"}.get(one, one) if feminine else one)
    return out


def rubles_in_words(v: Decimal) -> str:
    """'Двенадцать тысяч триста сорок пять рублей 60 копеек', the line under the totals."""
    rub, kop = int(v), int((v - int(v)) * 100)
    words: list[str] = []
    rest = rub
    for scale, forms, fem in _SCALES:
        if rest >= scale:
            words += [*_triad(rest // scale, fem), _plural(rest // scale, forms)]
            rest %= scale
    words += _triad(rest, False) or ([] if words else ["ноль"])
    text = " ".join(words)
    rub_word = _plural(rub, ("рубль", "рубля", "рублей"))
    kop_word = _plural(kop, ("копейка", "копейки", "копеек"))
    return f"{text[0].upper()}{text[1:]} {rub_word} {kop:02d} {kop_word}"


# ---- building blocks --------------------------------------------------------------------


def head(d: Doc, landscape: bool = False) -> str:
    rng = d.rng
    size = "29.7cm 21cm" if landscape else "21cm 29.7cm"
    top, left = rng.choice(["1cm", "1.2cm", "1.5cm"]), rng.choice(["1.5cm", "2cm", "2.5cm"])
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><style>'
        f"@page {{ size: {size}; margin: {top} 1cm 1cm {left}; }}"
        f'body, p, td, th, div, span, h1, h2, h3 {{ font-family: "{d.font}"; '
        f"font-size: {d.pt}pt; }}"
        "p { margin-top: 0; margin-bottom: 3pt; }"
        "</style></head><body>"
    )


def cell(text: str, style: str = "", attrs: str = "", tag: str = "td", **kw: str) -> str:
    """A table cell; keyword attributes are written quoted (LibreOffice ignores 9% unquoted)."""
    attrs += "".join(f' {k}="{v}"' for k, v in kw.items())
    return f'<{tag} style="{style}" {attrs}>{text}</{tag}>'


def title(text: str, size: float, align: str = "left", rule: bool = False) -> str:
    border = "border-bottom:2px solid #000; padding-bottom:4pt;" if rule else ""
    return (
        f'<p align="{align}" style="font-size:{size}pt; font-weight:bold; margin-top:8pt; '
        f'margin-bottom:6pt; {border}">{e(text)}</p>'
    )


def party_line(p: Party, rng_pick: int, bank: bool = False) -> str:
    """A party as 1C prints it on one line: name, ИНН, КПП, address (and the bank)."""
    bits = [p.name, f"ИНН {p.inn}"]
    if p.kpp:
        bits.append(f"КПП {p.kpp}")
    bits.append(p.address)
    if bank:
        bits += [f"р/с {p.account}", f"в банке {p.bank}", f"БИК {p.bik}", f"к/с {p.corr}"]
    if rng_pick % 2 and p.kpp:  # some programs join ИНН/КПП
        bits[1:3] = [f"ИНН/КПП {p.inn}/{p.kpp}"]
    return e(", ".join(bits))


def requisites(p: Party, role: str, with_bank: bool, head_name: str) -> str:
    """One party's column of the requisites table at the end of a contract or an act."""
    lines = [f"<b>{e(role)}</b>", f"<b>{e(p.name)}</b>", f"Адрес: {e(p.address)}"]
    lines.append(f"ИНН {p.inn}" + (f" / КПП {p.kpp}" if p.kpp else ""))
    if with_bank:
        lines += [
            f"Р/с {p.account}",
            f"Банк: {e(p.bank)}",
            f"БИК {p.bik}",
            f"К/с {p.corr}",
        ]
    lines += [
        "<br>",
        f"{SIGN_LINE} / {e(head_name)} /",
        '<span style="font-size:8pt">М.П.</span>',
    ]
    return "<br>".join(lines)


# An item table's columns: key → (header texts to pick from, align, cell of a row).
Col = tuple[list[str], str, Callable[["Doc", "Row", int], str]]


def _unit_code(r: Row) -> str:
    return {"шт": "796", "м": "006", "кг": "166", "упак": "778", "пач": "728", "л": "112"}.get(
        r.unit, "—"
    )


COLS: dict[str, Col] = {
    "no": (["№", "№ п/п", "N"], "center", lambda d, r, i: str(i)),
    "article": (["Артикул", "Код", "Код товара"], "left", lambda d, r, i: e(r.article or "")),
    "name": (
        ["Товары (работы, услуги)", "Наименование", "Наименование товара", "Товар"],
        "left",
        lambda d, r, i: e(r.name),
    ),
    "service": (
        ["Наименование работ, услуг", "Работы (услуги)", "Наименование услуги"],
        "left",
        lambda d, r, i: e(r.name),
    ),
    "qty": (["Кол-во", "Количество", "Кол."], "right", lambda d, r, i: qty(r.qty)),
    "unit": (["Ед.", "Ед. изм.", "Ед. измерения"], "center", lambda d, r, i: e(r.unit)),
    "price": (
        ["Цена", "Цена, руб.", "Цена за ед."],
        "right",
        lambda d, r, i: money(r.price, d.group),
    ),
    "amount": (
        ["Сумма", "Сумма, руб.", "Стоимость"],
        "right",
        lambda d, r, i: money(r.amount, d.group),
    ),
}


def items_table(d: Doc, keys: list[str], pad: int = 2) -> str:
    rng = d.rng
    hdr = "".join(
        cell(e(rng.choice(COLS[k][0])), f"{B}; font-weight:bold", 'align="center"', "th")
        for k in keys
    )
    width = {
        "no": "5%",
        "article": "11%",
        "qty": "9%",
        "unit": "7%",
        "price": "12%",
        "amount": "13%",
    }
    body = []
    for i, r in enumerate(d.rows, 1):
        tds = "".join(
            cell(
                COLS[k][2](d, r, i),
                B,
                f'align="{COLS[k][1]}" width="{width.get(k, "")}"',
                # codes and numbers never wrap: a code split at its hyphen reads as two
                **({"nowrap": "nowrap"} if k in NOWRAP else {}),
            )
            for k in keys
        )
        body.append(f"<tr>{tds}</tr>")
    return (
        f'<table width="100%" cellspacing="0" cellpadding="{pad}" style="border-collapse:collapse">'
        f"<tr>{hdr}</tr>{''.join(body)}</table>"
    )


def totals_lines(d: Doc) -> list[tuple[str, str]]:
    """The label/value pairs under an invoice or act table, worded as the program would."""
    rng, g = d.rng, d.group
    rate = d.vat_rate
    if rate is None:
        no_vat = rng.choice(["Без налога (НДС)", "НДС не облагается", "Без НДС"])
        last = rng.choice(["Всего к оплате:", "Итого к оплате:"])
        return [("Итого:", money(d.total, g)), (no_vat, "—"), (last, money(d.total, g))]
    if d.vat_included:
        vat = rng.choice(
            [f"В том числе НДС ({rate}%):", f"в т.ч. НДС {rate}%:", f"Сумма НДС ({rate}%):"]
        )
        lines = [("Итого:", money(d.total, g)), (vat, money(d.vat, g))]
        if rng.random() < 0.6:
            lines.append((rng.choice(["Всего к оплате:", "Итого к оплате:"]), money(d.total, g)))
        return lines
    net = rng.choice(["Итого:", "Итого без НДС:", "Сумма без НДС:"])
    vat = rng.choice([f"НДС {rate}%:", f"Сумма НДС ({rate}%):", f"НДС ({rate}%):"])
    last = rng.choice(["Всего к оплате:", "Итого к оплате:", "Итого с НДС:"])
    return [(net, money(d.net, g)), (vat, money(d.vat, g)), (last, money(d.total, g))]


def totals_block(d: Doc) -> str:
    rows = "".join(
        f'<tr><td width="78%" align="right"><b>{e(k)}</b></td>'
        f'<td align="right" nowrap><b>{v}</b></td></tr>'
        for k, v in totals_lines(d)
    )
    return f'<table width="100%" cellspacing="0" cellpadding="1">{rows}</table>'


def words_line(d: Doc, what: str) -> str:
    n = len(d.rows)
    return (
        f"<p>Всего {what} {n}, на сумму {money(d.total, d.group)} руб.</p>"
        f"<p><b>{rubles_in_words(d.total)}</b></p>"
    )


def sign_row(labels: list[tuple[str, str]]) -> str:
    """Label, a ruled blank for the signature, the printed name; two people side by side."""
    tds = "".join(
        f'<td width="14%"><b>{e(label)}</b></td>'
        f'<td width="18%" style="border-bottom:1px solid #000">&nbsp;</td>'
        f'<td width="18%">{e(name)}</td>'
        for label, name in labels
    )
    return (
        f'<p>&nbsp;</p><table width="100%" cellspacing="0" cellpadding="2"><tr>{tds}</tr></table>'
    )


def foot(body: list[str]) -> str:
    return "".join(body) + "</body></html>"


def basis(d: Doc, word: str = "Договор") -> str:
    num, when = d.basis
    return f"{word} № {e(num)} от {date(when, 'num')}"


# ---- invoices ---------------------------------------------------------------------------


def _inv_items(d: Doc) -> list[str]:
    keys = ["no", "name", "qty", "unit", "price", "amount"]
    if d.rng.random() < 0.4:
        keys[2:4] = ["unit", "qty"]
    if d.show_article:
        keys.insert(1 if d.rng.random() < 0.5 else 2, "article")
    return keys


def invoice_1c(d: Doc) -> tuple[str, str]:
    """1C's счёт на оплату: the payment order box above the title, parties in a grid."""
    s, rng = d.supplier, d.rng
    body = [head(d)]
    if rng.random() < 0.5:
        body.append(
            '<p style="font-size:8pt">Внимание! Оплата данного счета означает согласие с '
            "условиями поставки товара. Товар отпускается по факту прихода денег на р/с "
            "Поставщика, при наличии доверенности и паспорта.</p>"
        )
    small = '<br><span style="font-size:7.5pt">{}</span>'
    kpp = f"КПП {s.kpp}" if s.kpp else "КПП"
    span2, top2 = 'colspan="2" rowspan="2" width="56%"', 'rowspan="2" valign="top"'
    body.append(
        '<table width="100%" cellspacing="0" cellpadding="3" style="border-collapse:collapse">'
        f"<tr>{cell(e(s.bank) + small.format('Банк получателя'), B, span2)}"
        f"{cell('БИК', B, width='9%')}{cell(s.bik, B)}</tr>"
        f"<tr>{cell('Сч. №', B)}{cell(s.corr, B)}</tr>"
        f"<tr>{cell(f'ИНН {s.inn}', B)}{cell(kpp, B)}"
        f"{cell('Сч. №', B, top2)}{cell(s.account, B, top2)}</tr>"
        f"<tr>{cell(e(s.name) + small.format('Получатель'), B, 'colspan=2')}</tr></table>"
    )
    body.append(
        title(f"Счет на оплату № {d.number} от {date(d.date, d.date_style)}", d.pt + 4, rule=True)
    )
    sup = rng.choice(["Поставщик (Исполнитель):", "Поставщик:", "Исполнитель:"])
    buy = rng.choice(["Покупатель (Заказчик):", "Покупатель:", "Заказчик:"])
    rows = [(sup, party_line(s, rng.randrange(4))), (buy, party_line(d.buyer, rng.randrange(4)))]
    if rng.random() < 0.6:
        rows.append(("Основание:", basis(d)))
    body.append('<table width="100%" cellspacing="0" cellpadding="2">')
    body += [f'<tr><td width="20%" valign="top">{k}</td><td><b>{v}</b></td></tr>' for k, v in rows]
    body.append("</table><p></p>")
    body += [items_table(d, _inv_items(d)), totals_block(d), words_line(d, "наименований")]
    if rng.random() < 0.5:
        pay_by = (d.date[0], d.date[1], min(28, d.date[2] + 5))
        body.append(f"<p>Оплатить не позднее {date(pay_by, 'num')}</p>")
    body.append('<hr size="2" noshade>')
    label = "Предприниматель" if s.kpp is None else rng.choice(["Руководитель", "Директор"])
    people = [(label, d.supplier_head)]
    if s.kpp:
        people.append(("Бухгалтер", d.accountant))
    body.append(sign_row(people))
    return foot(body), (label, "right")


def invoice_letter(d: Doc) -> tuple[str, str]:
    """A small firm's invoice typed in a word processor: letterhead, 'Счет № 15/11 от …'."""
    s, rng = d.supplier, d.rng
    ids = f"ИНН {s.inn}" + (f", КПП {s.kpp}" if s.kpp else "")
    body = [
        head(d),
        f'<p align="center" style="font-size:{d.pt + 3}pt"><b>{e(s.name)}</b></p>',
        f'<p align="center">{e(s.address)}<br>{ids}<br>'
        f"р/с {s.account} в {e(s.bank)}<br>БИК {s.bik}, к/с {s.corr}</p>",
        '<hr size="1" noshade>',
        title(f"Счет № {d.number} от {date(d.date, 'year')}", d.pt + 3, "center"),
    ]
    who = rng.choice(["Покупатель", "Заказчик", "Плательщик"])
    body.append(f"<p>{who}: {party_line(d.buyer, rng.randrange(4))}</p>")
    if rng.random() < 0.5:
        body.append(f"<p>Основание: {basis(d)}</p>")
    body += [items_table(d, _inv_items(d), pad=3)]
    for k, v in totals_lines(d):
        body.append(f'<p align="right"><b>{e(k)} {v}{"" if v == "—" else " руб."}</b></p>')
    body.append(f"<p>Сумма прописью: {rubles_in_words(d.total)}.</p>")
    body.append(
        "<p>Оплата производится в рублях РФ путем перечисления денежных средств на расчетный "
        "счет, указанный в настоящем счете. В назначении платежа укажите номер счета.</p>"
    )
    label = "Индивидуальный предприниматель" if s.kpp is None else "Генеральный директор"
    body.append(f"<p>&nbsp;</p><p>{label} ______________________ / {e(d.supplier_head)} /</p>")
    return foot(body), (label, "right")


def invoice_payer(d: Doc) -> tuple[str, str]:
    """Requisites in a two-column grid headed 'Получатель:', the buyer as 'Плательщик:'."""
    s, rng = d.supplier, d.rng
    grid = [
        ("Получатель", f"<b>{e(s.name)}</b>"),
        ("ИНН", s.inn),
        *([("КПП", s.kpp)] if s.kpp else []),
        ("Расчетный счет", s.account),
        ("Банк получателя", e(s.bank)),
        ("БИК", s.bik),
        ("Корр. счет", s.corr),
    ]
    body = [
        head(d),
        '<p><b>Получатель:</b></p><table width="70%" cellspacing="0" cellpadding="2" style="border-collapse:collapse">',
    ]
    body += [f"<tr>{cell(k, B, width='35%')}{cell(v, B)}</tr>" for k, v in grid]
    body.append("</table>")
    ttl = rng.choice(["СЧЁТ", "СЧЕТ", "Счёт"])
    body.append(title(f"{ttl} № {d.number} от {date(d.date, d.date_style)}", d.pt + 4, "center"))
    body.append(f"<p><b>Плательщик:</b> {party_line(d.buyer, rng.randrange(4))}</p>")
    if rng.random() < 0.4:
        body.append("<p><b>Грузополучатель:</b> он же</p>")
    body += [items_table(d, _inv_items(d)), totals_block(d), words_line(d, "наименований")]
    body.append('<p style="font-size:8pt">Счет действителен в течение 5 банковских дней.</p>')
    label = "Руководитель предприятия"
    people = [(label, d.supplier_head)] + ([("Гл. бухгалтер", d.accountant)] if s.kpp else [])
    body.append(sign_row(people))
    return foot(body), (label, "right")


# ---- waybills ---------------------------------------------------------------------------

_FORM_NOTE = (
    '<p align="right" style="font-size:7pt">Унифицированная форма № ТОРГ-12<br>'
    "Утверждена постановлением Госкомстата России от 25.12.98 № 132</p>"
)


def torg12(d: Doc) -> tuple[str, str]:
    """ТОРГ-12 in landscape: the form's header grid, a two-storey item table, signatures."""
    rng, s, b = d.rng, d.supplier, d.buyer
    line = "border-bottom:1px solid #000"
    hdr = [
        ("Грузоотправитель", f"{e(s.name)}, {e(s.address)}"),
        ("Грузополучатель", f"{e(b.name)}, {e(b.address)}"),
        ("Поставщик", party_line(s, rng.randrange(4), bank=True)),
        ("Плательщик", party_line(b, rng.randrange(4), bank=rng.random() < 0.5)),
        ("Основание", basis(d)),
    ]
    body = [
        head(d, landscape=True),
        _FORM_NOTE,
        '<table width="100%" cellspacing="0" cellpadding="1">',
    ]
    body += [f'<tr><td width="11%">{k}</td><td style="{line}">{v}</td></tr>' for k, v in hdr]
    body.append("</table><p></p>")
    body.append(
        '<table cellspacing="0" cellpadding="3" style="border-collapse:collapse" align="center"><tr>'
        f'<td rowspan="2"><b>ТОВАРНАЯ НАКЛАДНАЯ</b>&nbsp;&nbsp;</td>'
        f"{cell('Номер документа', B + '; font-size:8pt', 'align=center')}"
        f"{cell('Дата составления', B + '; font-size:8pt', 'align=center')}</tr>"
        f"<tr>{cell(f'<b>{e(d.number)}</b>', B, 'align=center')}"
        f"{cell('<b>' + date(d.date, 'num') + '</b>', B, 'align=center')}</tr></table><p></p>"
    )
    places = 3 if rng.random() < 0.5 else None
    th = B + "; font-size:8pt"
    head_rows = (
        "<tr>"
        + "".join(
            cell(t, th, f'align="center" {span}', "th")
            for t, span in [
                ("№ п/п", 'rowspan="2"'),
                ("Товар", 'colspan="2"'),
                ("Единица измерения", 'colspan="2"'),
                ("Вид упаковки", 'rowspan="2"'),
                ("Количество", 'colspan="2"'),
                ("Масса брутто", 'rowspan="2"'),
                ("Количество (масса нетто)", 'rowspan="2"'),
                ("Цена, руб. коп.", 'rowspan="2"'),
                ("Сумма без учета НДС, руб. коп.", 'rowspan="2"'),
                ("НДС", 'colspan="2"'),
                ("Сумма с учетом НДС, руб. коп.", 'rowspan="2"'),
            ]
        )
        + "</tr><tr>"
        + "".join(
            cell(t, th, 'align="center"', "th")
            for t in [
                "наименование, характеристика, сорт, артикул товара",
                "код",
                "наимено-вание",
                "код по ОКЕИ",
                "в одном месте",
                "мест, штук",
                "ставка, %",
                "сумма, руб. коп.",
            ]
        )
        + "</tr><tr>"
        + "".join(cell(str(i), th, 'align="center"') for i in range(1, 16))
        + "</tr>"
    )
    rate = f"{d.vat_rate}%" if d.vat_rate else "без НДС"
    rows = []
    for i, r in enumerate(d.rows, 1):
        vals = [
            (str(i), "center"),
            (e(r.name), "left"),
            (e(r.article or "") if d.show_article else "", "center"),
            (e(r.unit), "center"),
            (_unit_code(r), "center"),
            ("", ""),
            ("", ""),
            ("", ""),
            ("", ""),
            (qty(r.qty, places), "right"),
            (money(r.price, d.group), "right"),
            (money(r.amount, d.group), "right"),
            (rate, "center"),
            (money(r.vat, d.group) if d.vat_rate else "—", "right"),
            (money(r.gross, d.group), "right"),
        ]
        tds = (cell(v, B, f'align="{a}"' + (" nowrap" if a != "left" else "")) for v, a in vals)
        rows.append("<tr>" + "".join(tds) + "</tr>")
    vat_sum = money(d.vat, d.group) if d.vat_rate else "—"
    for label in ("Итого", "Всего по накладной"):
        rows.append(
            f'<tr><td colspan="9" align="right"><b>{label}</b></td>'
            + "".join(
                cell(v, B, 'align="right"')
                for v in ["", "X", money(d.net, d.group), "X", vat_sum, money(d.total, d.group)]
            )
            + "</tr>"
        )
    body.append(
        '<table width="100%" cellspacing="0" cellpadding="2" style="border-collapse:collapse">'
        + head_rows
        + "".join(rows)
        + "</table>"
    )
    body.append(
        f"<p>Товарная накладная имеет приложение на ____ листах и содержит {len(d.rows)} "
        "порядковых номеров записей</p>"
        f"<p>Всего отпущено на сумму: <b>{rubles_in_words(d.total)}</b></p>"
    )
    label = "Отпуск груза разрешил"
    left = [
        (label, "Директор", d.supplier_head),
        ("Главный (старший) бухгалтер", "", d.accountant),
        ("Отпуск груза произвел", "Кладовщик", d.storekeeper),
    ]
    right = [
        ("По доверенности №", "", f"от «___» ________ {d.date[0]} г."),
        ("Груз принял", "", ""),
        ("Груз получил грузополучатель", "", d.buyer_head),
    ]
    body.append('<p></p><table width="100%" cellspacing="0" cellpadding="2">')
    for (a, pa, na), (c, pc, nc) in zip(left, right, strict=True):
        body.append(
            f'<tr><td width="14%">{a}</td><td width="8%" style="{line}">{pa}</td>'
            f'<td width="9%" style="{line}">&nbsp;</td><td width="14%" style="{line}">{e(na)}</td>'
            f'<td width="5%"></td><td width="16%">{c}</td><td width="8%" style="{line}">{pc}</td>'
            f'<td width="9%" style="{line}">&nbsp;</td><td style="{line}">{e(nc)}</td></tr>'
        )
    body.append(
        f'<tr><td colspan="4">М.П. &nbsp;&nbsp; {date(d.date, "quoted")}</td>'
        '<td></td><td colspan="4">М.П. &nbsp;&nbsp; «___» ____________ 20__ г.</td></tr></table>'
    )
    return foot(body), (label, "right")


def waybill_simple(d: Doc) -> tuple[str, str]:
    """A portrait 'Товарная накладная' of a small trading program, VAT under the table."""
    rng = d.rng
    body = [
        head(d),
        title(
            f"Товарная накладная № {d.number} от {date(d.date, d.date_style)}", d.pt + 4, rule=True
        ),
        f"<p>Поставщик: <b>{party_line(d.supplier, rng.randrange(4), bank=True)}</b></p>",
        f"<p>Покупатель: <b>{party_line(d.buyer, rng.randrange(4))}</b></p>",
    ]
    if rng.random() < 0.5:
        body.append("<p>Склад: Основной склад</p>")
    body.append(items_table(d, _inv_items(d)))
    g = d.group
    if d.vat_rate:
        lines = [
            ("Итого:", money(d.net, g)),
            (rng.choice([f"НДС {d.vat_rate}%:", "Сумма НДС:"]), money(d.vat, g)),
        ]
    else:
        lines = [("Итого:", money(d.net, g)), ("НДС не облагается", "—")]
    lines.append(("Всего по накладной:", money(d.total, g)))
    body.append(
        '<table width="100%" cellspacing="0" cellpadding="1">'
        + "".join(
            f'<tr><td width="78%" align="right"><b>{k}</b></td><td align="right"><b>{v}</b></td></tr>'
            for k, v in lines
        )
        + "</table>"
    )
    body.append(words_line(d, "наименований"))
    label = "Отпустил"
    body.append(sign_row([(label, d.storekeeper), ("Получил", "")]))
    return foot(body), (label, "right")


# ---- УПД --------------------------------------------------------------------------------


def upd(d: Doc) -> tuple[str, str]:
    """The УПД (status 1) in landscape with the form's numbered lines and 13 columns."""
    s, b, g = d.supplier, d.buyer, d.group
    line = "border-bottom:1px solid #000"
    ids = lambda p: p.inn + (f"/{p.kpp}" if p.kpp else "")  # noqa: E731
    num = f"<b>{e(d.number)}</b> от <b>{date(d.date, d.date_style)}</b>"
    hdr = [
        ("Счет-фактура №", num, "(1)"),
        ("Исправление №", "—&nbsp;&nbsp; от &nbsp;&nbsp;—", "(1а)"),
        ("Продавец:", f"<b>{e(s.name)}</b>", "(2)"),
        ("Адрес:", e(s.address), "(2а)"),
        ("ИНН/КПП продавца:", ids(s), "(2б)"),
        ("Грузоотправитель и его адрес:", "он же", "(3)"),
        ("Грузополучатель и его адрес:", f"{e(b.name)}, {e(b.address)}", "(4)"),
        ("К платежно-расчетному документу №", "— от —", "(5)"),
        (
            "Документ об отгрузке",
            f"№ п/п 1–{len(d.rows)} № {e(d.number)} от {date(d.date, 'num')}",
            "(5а)",
        ),
        ("Покупатель:", f"<b>{e(b.name)}</b>", "(6)"),
        ("Адрес:", e(b.address), "(6а)"),
        ("ИНН/КПП покупателя:", ids(b), "(6б)"),
        ("Валюта: наименование, код", "Российский рубль, 643", "(7)"),
        (
            "Идентификатор государственного контракта, договора (соглашения) (при наличии):",
            "",
            "(8)",
        ),
    ]
    status = (
        f'<td width="14%" rowspan="{len(hdr)}" valign="top" style="border-right:2px solid #000">'
        "<b>Универсальный передаточный документ</b><br><br>Статус: <b>1</b><br>"
        '<span style="font-size:7pt">1 — счет-фактура и передаточный документ (акт)<br>'
        "2 — передаточный документ (акт)</span></td>"
    )
    rows = "".join(
        f'<tr>{status if i == 0 else ""}<td width="22%">&nbsp;{k}</td>'
        f'<td width="60%" style="{line}">{v}</td><td width="4%">{n}</td></tr>'
        for i, (k, v, n) in enumerate(hdr)
    )
    body = [
        head(d, landscape=True),
        f'<table width="100%" cellspacing="0" cellpadding="1">{rows}</table>',
    ]
    th = B + "; font-size:7.5pt"
    cols = [  # (header, column number, width %)
        ("Код товара/ работ, услуг", "А", 7),
        ("№ п/п", "1", 3),
        (
            "Наименование товара (описание выполненных работ, оказанных услуг), "
            "имущественного права",
            "1а",
            20,
        ),
        ("Код вида товара", "1б", 4),
        ("Единица измерения: код", "2", 4),
        ("условное обозначение (национальное)", "2а", 6),
        ("Количество (объем)", "3", 6),
        ("Цена (тариф) за единицу измерения", "4", 7),
        ("Стоимость товаров (работ, услуг), имущественных прав без налога — всего", "5", 8),
        ("В том числе сумма акциза", "6", 5),
        ("Налоговая ставка", "7", 5),
        ("Сумма налога, предъявляемая покупателю", "8", 7),
        ("Стоимость товаров (работ, услуг), имущественных прав с налогом — всего", "9", 8),
        ("Страна происхождения товара", "10", 5),
        ("Регистрационный номер декларации на товары или партии товара", "11", 5),
    ]
    trs = [
        "<tr>"
        + "".join(cell(t, th, f'align="center" width="{w}%"', "th") for t, _, w in cols)
        + "</tr>"
    ]
    trs.append("<tr>" + "".join(cell(n, th, 'align="center"') for _, n, _ in cols) + "</tr>")
    rate = f"{d.vat_rate}%" if d.vat_rate else "без НДС"
    for i, r in enumerate(d.rows, 1):
        vals = [
            e(r.article) if d.show_article and r.article else "—",
            str(i),
            e(r.name),
            "—",
            _unit_code(r),
            e(r.unit),
            qty(r.qty),
            money(r.price, g),
            money(r.amount, g),
            "без акциза",
            rate,
            money(r.vat, g) if d.vat_rate else "без НДС",
            money(r.gross, g),
            "—",
            "—",
        ]
        aligns = "cclcccrrrccrrcc"
        trs.append(
            "<tr>"
            + "".join(
                cell(v, B, align=ALIGN[a], nowrap="nowrap")
                if a != "l"
                else cell(v, B, align="left")
                for v, a in zip(vals, aligns, strict=True)
            )
            + "</tr>"
        )
    vat_sum = money(d.vat, g) if d.vat_rate else "без НДС"
    trs.append(
        f"<tr>{cell('', B)}{cell('<b>Всего к оплате (9)</b>', B, 'colspan=7')}"
        + "".join(
            cell(f"<b>{v}</b>", B, 'align="right"')
            for v in [money(d.net, g), "X", "", vat_sum, money(d.total, g)]
        )
        + cell("", B, 'colspan="2"')
        + "</tr>"
    )
    body.append(
        '<p></p><table width="100%" cellspacing="0" cellpadding="2" style="border-collapse:collapse">'
        + "".join(trs)
        + "</table>"
    )
    label = "Руководитель организации"
    body.append(
        '<table width="100%" cellspacing="0" cellpadding="2"><tr>'
        f'<td width="18%">{label} или иное уполномоченное лицо</td><td width="10%" style="{line}">&nbsp;</td>'
        f'<td width="14%" style="{line}">{e(d.supplier_head)}</td><td width="4%"></td>'
        f'<td width="18%">Главный бухгалтер или иное уполномоченное лицо</td>'
        f'<td width="10%" style="{line}">&nbsp;</td><td style="{line}">{e(d.accountant)}</td></tr></table>'
    )
    body.append(
        f"<p>Основание передачи (сдачи) / получения (приемки): {basis(d)} (8)</p>"
        '<table width="100%" cellspacing="0" cellpadding="2"><tr>'
        f'<td width="50%">Товар (груз) передал / услуги, результаты работ, права сдал (10)<br>'
        f"Директор ____________ {e(d.supplier_head)}<br>"
        f"Дата отгрузки, передачи (сдачи) {date(d.date, 'quoted')} (11)</td>"
        "<td>Товар (груз) получил / услуги, результаты работ, права принял (15)<br>"
        f"____________ ____________ {e(d.buyer_head)}<br>"
        "Дата получения (приемки) «___» ____________ 20__ г. (16)</td></tr></table>"
    )
    return foot(body), (label, "right")


# ---- acts -------------------------------------------------------------------------------


def act_1c(d: Doc) -> tuple[str, str]:
    """1C's акт: title with a rule, the executor with bank details, two signature columns."""
    rng = d.rng
    kind = rng.choice(
        ["Акт", "Акт оказанных услуг", "Акт выполненных работ", "Акт об оказании услуг"]
    )
    body = [
        head(d),
        title(f"{kind} № {d.number} от {date(d.date, d.date_style)}", d.pt + 4, rule=True),
        f"<p>Исполнитель: <b>{party_line(d.supplier, rng.randrange(4), bank=True)}</b></p>",
        f"<p>Заказчик: <b>{party_line(d.buyer, rng.randrange(4))}</b></p>",
        f"<p>Основание: {basis(d)}</p>",
    ]
    keys = ["no", "service", "qty", "unit", "price", "amount"]
    body += [items_table(d, keys), totals_block(d), words_line(d, "оказано услуг")]
    body.append(
        "<p>Вышеперечисленные услуги выполнены полностью и в срок. Заказчик претензий по "
        "объему, качеству и срокам оказания услуг не имеет.</p>"
    )
    line = "border-bottom:1px solid #000"
    body.append(
        '<hr size="2" noshade><table width="100%" cellspacing="0" cellpadding="3"><tr>'
        '<td width="48%"><b>ИСПОЛНИТЕЛЬ</b></td><td width="4%"></td><td><b>ЗАКАЗЧИК</b></td></tr>'
        f'<tr><td style="{line}">{e(d.supplier_title)}&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;'
        f"&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;{e(d.supplier_head)}</td><td></td>"
        f'<td style="{line}">&nbsp;</td></tr></table>'
    )
    return foot(body), ("ИСПОЛНИТЕЛЬ", "below")


def _preamble(d: Doc, roles: tuple[str, str]) -> str:
    def who(p: Party, head_gen: str, role: str) -> str:
        if p.kpp is None:
            return f"{e(p.name)}, именуемый в дальнейшем «{role}», действующий на основании ОГРНИП"
        return (
            f"{e(p.name)}, именуемое в дальнейшем «{role}», в лице {head_gen}, "
            f"{'действующей' if head_gen.split()[0].endswith('ой') else 'действующего'} "
            "на основании Устава"
        )

    return (
        f"<p>{who(d.supplier, d.supplier_head_gen, roles[0])}, с одной стороны, и "
        f"{who(d.buyer, d.buyer_head_gen, roles[1])}, с другой стороны,"
    )


def _vat_phrase(d: Doc) -> str:
    if d.vat_rate is None:
        return "НДС не облагается в связи с применением упрощенной системы налогообложения"
    if d.vat_included:
        return f"в том числе НДС {d.vat_rate}% — {money(d.vat, d.group)} руб."
    return f"кроме того НДС {d.vat_rate}% — {money(d.vat, d.group)} руб., всего с НДС {money(d.total, d.group)} руб."


def _city_date(d: Doc) -> str:
    return (
        f'<table width="100%" cellspacing="0"><tr><td>{e(d.city)}</td>'
        f'<td align="right">{date(d.date, "quoted")}</td></tr></table><p></p>'
    )


def _parties_table(d: Doc, roles: tuple[str, str]) -> str:
    return (
        '<table width="100%" cellspacing="0" cellpadding="4" style="border-collapse:collapse"><tr>'
        f"{cell(requisites(d.supplier, roles[0], True, d.supplier_head), B, width='50%', valign='top')}"
        f"{cell(requisites(d.buyer, roles[1], True, d.buyer_head), B, 'valign=top')}</tr></table>"
    )


def act_formal(d: Doc) -> tuple[str, str]:
    """A typed акт сдачи-приемки: preamble, table with a total row, requisites of both sides."""
    rng, g = d.rng, d.group
    roles = ("Исполнитель", "Заказчик")
    what = rng.choice(["оказанных услуг", "выполненных работ"])
    body = [
        head(d),
        title(f"АКТ № {d.number}", d.pt + 3, "center"),
        f'<p align="center"><b>сдачи-приемки {what}</b></p>',
        _city_date(d),
        _preamble(d, roles) + " составили настоящий Акт о нижеследующем:</p>",
        f"<p>1. Исполнитель выполнил, а Заказчик принял по {basis(d, 'Договору')} следующие работы (услуги):</p>",
        items_table(d, ["no", "service", "unit", "qty", "price", "amount"], pad=3),
        totals_block(d),
    ]
    amount = d.net if not d.vat_included and d.vat_rate else d.total
    body.append(
        f"<p>2. Стоимость работ (услуг) составляет {money(amount, g)} руб. "
        f"({rubles_in_words(amount)}), {_vat_phrase(d)}</p>"
        "<p>3. Работы (услуги) выполнены в полном объеме и в установленные сроки. Стороны "
        "претензий друг к другу не имеют.</p>"
        "<p>4. Настоящий Акт составлен в двух экземплярах, по одному для каждой из Сторон.</p>"
        '<p align="center"><b>Подписи сторон</b></p>'
    )
    body.append(_parties_table(d, roles))
    return foot(body), (f"{SIGN_LINE} / {d.supplier_head} /", "on")


# ---- contract ---------------------------------------------------------------------------

_CLAUSES = {
    "ПОРЯДОК ПОСТАВКИ": [
        "Поставка Товара осуществляется партиями на основании заявок Покупателя, направляемых "
        "по электронной почте или в письменной форме.",
        "Поставщик обязан передать Товар Покупателю в течение 10 (десяти) рабочих дней с даты "
        "получения предварительной оплаты.",
        "Доставка Товара осуществляется транспортом Поставщика до склада Покупателя; расходы по "
        "доставке включены в цену Товара.",
        "Право собственности на Товар и риск его случайной гибели переходят к Покупателю с "
        "момента подписания товарной накладной (УПД).",
    ],
    "КАЧЕСТВО ТОВАРА И ПРИЕМКА": [
        "Качество Товара должно соответствовать техническим регламентам и подтверждаться "
        "сертификатами (декларациями) соответствия.",
        "Приемка Товара по количеству и качеству производится Покупателем при получении Товара.",
        "При обнаружении недостатков Покупатель в течение 5 (пяти) рабочих дней извещает "
        "Поставщика в письменной форме.",
    ],
    "ОТВЕТСТВЕННОСТЬ СТОРОН": [
        "За просрочку поставки Поставщик уплачивает Покупателю пеню в размере 0,1% от "
        "стоимости непоставленного Товара за каждый день просрочки.",
        "За просрочку оплаты Покупатель уплачивает Поставщику пеню в размере 0,1% от "
        "неоплаченной суммы за каждый день просрочки, но не более 10% от этой суммы.",
        "Стороны освобождаются от ответственности за неисполнение обязательств, вызванное "
        "обстоятельствами непреодолимой силы.",
    ],
    "РАЗРЕШЕНИЕ СПОРОВ": [
        "Споры разрешаются путем переговоров; срок ответа на претензию — 15 (пятнадцать) "
        "календарных дней.",
        "При недостижении согласия спор передается на рассмотрение Арбитражного суда по месту "
        "нахождения истца.",
    ],
}


def _term_clause(d: Doc) -> str:
    if d.term is None:
        return (
            "Договор вступает в силу с момента подписания и действует до полного исполнения "
            "Сторонами своих обязательств."
        )
    return d.rng.choice(
        [
            f"Настоящий договор действует до {date(d.term, 'short')}",
            f"Срок действия договора: до {date(d.term, 'num')}.",
            "Настоящий Договор вступает в силу с момента его подписания Сторонами и действует "
            f"до {date(d.term, d.rng.choice(['quoted', 'short']))}",
        ]
    ) + (" В части расчетов — до полного их завершения." if d.rng.random() < 0.4 else "")


def contract(d: Doc) -> tuple[str, str]:
    """A договор поставки: numbered sections, a specification table, requisites at the end."""
    rng, g = d.rng, d.group
    roles = ("Поставщик", "Покупатель")
    ttl = rng.choice(["ДОГОВОР ПОСТАВКИ", "Договор поставки", "ДОГОВОР ПОСТАВКИ ТОВАРА"])
    body = [head(d), title(f"{ttl} № {d.number}", d.pt + 4, "center"), _city_date(d)]
    body.append(_preamble(d, roles) + " заключили настоящий Договор о нижеследующем:</p>")
    sec = 1
    body.append(f"<p><b>{sec}. ПРЕДМЕТ ДОГОВОРА</b></p>")
    body.append(
        f"<p>{sec}.1. Поставщик обязуется передать в собственность Покупателя, а Покупатель — "
        "принять и оплатить товар (далее — Товар) в ассортименте, количестве и по ценам, "
        "согласованным Сторонами.</p>"
    )
    if d.rows:
        body.append(f"<p>{sec}.2. Наименование, количество и цена Товара:</p>")
        keys = ["no", "name", "unit", "qty", "price", "amount"]
        if d.show_article:
            keys.insert(2, "article")
        body.append(items_table(d, keys))
        body.append(f'<p align="right"><b>Итого: {money(d.total, g)} руб.</b></p>')
    sec += 1
    body.append(f"<p><b>{sec}. ЦЕНА ДОГОВОРА И ПОРЯДОК РАСЧЕТОВ</b></p>")
    body.append(
        f"<p>{sec}.1. Общая сумма Договора составляет {money(d.total, g)} руб. "
        f"({rubles_in_words(d.total)}), {_vat_phrase(d)}</p>"
        f"<p>{sec}.2. Покупатель производит оплату в размере 100% стоимости партии Товара в "
        "течение 5 (пяти) банковских дней с даты выставления счета.</p>"
    )
    chosen = rng.sample(list(_CLAUSES), rng.randrange(2, len(_CLAUSES) + 1))
    for name in [c for c in _CLAUSES if c in chosen]:  # sections keep their usual order
        sec += 1
        body.append(f"<p><b>{sec}. {name}</b></p>")
        body += [f"<p>{sec}.{i}. {t}</p>" for i, t in enumerate(_CLAUSES[name], 1)]
    sec += 1
    body.append(f"<p><b>{sec}. СРОК ДЕЙСТВИЯ ДОГОВОРА</b></p><p>{sec}.1. {_term_clause(d)}</p>")
    body.append(
        f"<p>{sec}.2. Договор составлен в двух экземплярах, имеющих одинаковую юридическую "
        "силу, по одному для каждой из Сторон.</p>"
    )
    sec += 1
    body.append(f"<p><b>{sec}. АДРЕСА, РЕКВИЗИТЫ И ПОДПИСИ СТОРОН</b></p>")
    body.append(_parties_table(d, roles))
    return foot(body), (f"{SIGN_LINE} / {d.supplier_head} /", "on")


BUILDERS: dict[str, dict[str, Callable[[Doc], tuple[str, tuple[str, str]]]]] = {
    "invoice": {
        "invoice-1c": invoice_1c,
        "invoice-letter": invoice_letter,
        "invoice-payer": invoice_payer,
    },
    "waybill": {"torg12": torg12, "waybill-simple": waybill_simple},
    "upd": {"upd": upd},
    "act": {"act-1c": act_1c, "act-formal": act_formal},
    "contract": {"contract": contract},
}
