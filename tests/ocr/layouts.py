"""Page layouts of the generated corpus: two or three per document type.

They follow the printed forms accountants see (1C's счёт на оплату, ТОРГ-12, УПД, акт,
договор) but vary wording, ruling, column sets and order, so the engine cannot lean on one.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .corpus import A4, Canvas, Party, Spec, date_text, money_text, qty_text

LAYOUTS = {
    "invoice": ["invoice_1c", "invoice_plain"],
    "waybill": ["torg12"],
    "upd": ["upd"],
    "contract": ["contract"],
    "act": ["act_ruled", "act_plain"],
}


def vat_label(spec: Spec, gross: bool) -> tuple[str, str]:
    """The VAT line's label and value as printed."""
    if spec.vat_rate is None:
        return "Без налога (НДС)", "-"
    word = spec.rng.choice(["В том числе НДС", "в т.ч. НДС"]) if gross else "НДС"
    return f"{word} ({spec.vat_rate}%):", money_text(spec.vat)


def party_line(p: Party, with_bank: bool, rng: Any) -> str:
    parts = [p.name]
    if p.kpp:
        parts.append(rng.choice([f"ИНН {p.inn}, КПП {p.kpp}", f"ИНН/КПП {p.inn}/{p.kpp}"]))
    else:
        parts.append(f"ИНН {p.inn}")
    parts.append(p.address)
    if with_bank:
        parts.append(f"р/с {p.account} в {p.bank}, БИК {p.bik}, к/с {p.corr}")
    return ", ".join(parts)


def table(
    c: Canvas,
    x: float,
    y: float,
    cols: list[tuple[str, float, str]],
    rows: list[list[str]],
    *,
    ruled: bool,
    size: float | None = None,
) -> float:
    """A table with wrapped header and name cells; returns the y below it."""
    size = size or c.pt
    lead = size * 1.25
    pad = 2.5

    def cell_lines(text: str, width: float, bold: bool = False) -> list[str]:
        lines, line = [], ""
        for word in text.split():
            cand = (line + " " + word).strip()
            if c.width(cand, size, bold) > width - 2 * pad and line:
                lines.append(line)
                line = word
            else:
                line = cand
        return [*lines, line] if line else [""]

    def draw_row(cells: list[str], y: float, bold: bool) -> float:
        # Numbers never wrap (a cell too narrow for one would be a broken form).
        wrapped = [
            cell_lines(t, w, bold) if bold or a != "right" else [t]
            for t, (_, w, a) in zip(cells, cols, strict=True)
        ]
        height = max(len(w) for w in wrapped) * lead + 2 * pad
        cx = x
        for lines, (_, w, align) in zip(wrapped, cols, strict=True):
            for i, ln in enumerate(lines):
                ty = y + pad + i * lead
                if align == "right" and not bold:
                    c.text(cx + w - pad, ty, ln, size=size, align="right")
                elif align == "center" or bold:
                    c.text(cx + w / 2, ty, ln, size=size, bold=bold, align="center")
                else:
                    c.text(cx + pad, ty, ln, size=size)
            cx += w
        if ruled:
            cx = x
            for _, w, _ in cols:
                c.line(cx, y, cx, y + height)
                cx += w
            c.line(cx, y, cx, y + height)
            c.line(x, y + height, cx, y + height)
        return y + height

    total_w = sum(w for _, w, _ in cols)
    c.line(x, y, x + total_w, y, 0.8 if ruled else 0.6)
    y = draw_row([h for h, _, _ in cols], y, True)
    if not ruled:
        c.line(x, y, x + total_w, y)
    for r in rows:
        y = draw_row(r, y, False)
    if not ruled:
        c.line(x, y, x + total_w, y)
    return y


def signatures(c: Canvas, spec: Spec, y: float, labels: list[str]) -> float:
    """Signature lines with labels; ink and stamp go over them when the spec says so."""
    w = c.size[0]
    slot = (w - 80) / len(labels)
    for i, label in enumerate(labels):
        x = 40 + i * slot
        lw = c.text(x, y, label)
        c.line(x + lw + 6, y + c.pt * 1.1, x + slot - 80, y + c.pt * 1.1, 0.5)
        c.text(x + slot - 76, y, "/" + spec.rng.choice(["Иванов И.И.", "Петрова А.С."]) + "/")
        if spec.signature and (i == 0 or spec.rng.random() < 0.6):
            c.ops.append(_sign_op(c, x + lw + 12, y - c.pt * 1.2, min(90, slot - lw - 100), spec))
    if spec.stamp:
        r = spec.rng.uniform(56, 64)
        c.ops.append(_stamp_op(c, 40 + slot * 0.45, y + r * 0.55, r, spec))
    c.text(40, y + c.pt * 2.5, "М.П.")
    return y + c.pt * 4


def _sign_op(c: Canvas, x: float, y: float, w: float, spec: Spec) -> Any:
    from .corpus import Op

    color = spec.rng.choice([(20, 30, 120), (10, 10, 10), (30, 50, 160)])
    return Op(
        "sign",
        x,
        y,
        {"w": max(40.0, w), "h": c.pt * 2.6, "seed": spec.rng.random(), "color": color},
    )


def _stamp_op(c: Canvas, x: float, y: float, r: float, spec: Spec) -> Any:
    from .corpus import Op

    color = spec.rng.choice([(40, 60, 190), (90, 50, 170), (60, 70, 150)])
    return Op(
        "stamp",
        x,
        y,
        {"r": r, "color": color, "name": spec.supplier.name, "inn": spec.supplier.inn},
    )


def _items_rows(spec: Spec, cols: list[str]) -> list[list[str]]:
    rows = []
    for i, r in enumerate(spec.rows, 1):
        values = {
            "no": str(i),
            "name": r["name"],
            "article": r["article"] or "",
            "qty": qty_text(r["quantity"]),
            "unit": r["unit"],
            "price": money_text(r["price"]),
            "amount": money_text(r["amount"]),
            "rate": f"{spec.vat_rate}%" if spec.vat_rate else "без НДС",
            "vat": money_text(r.get("vat", Decimal(0))) if spec.vat_rate else "без НДС",
            "gross": money_text(r["amount"] + r.get("vat", Decimal(0))),
        }
        rows.append([values[k] for k in cols])
    return rows


# ---- invoices ---------------------------------------------------------------------------


def invoice_1c(spec: Spec) -> Canvas:
    c = Canvas(A4, spec.font, spec.pt)
    s, b = spec.supplier, spec.buyer
    x0, x1, x2, x3 = 40.0, 330.0, 380.0, 555.0
    y0, h = 40.0, spec.pt * 1.6
    # Bank block: bank | БИК | value / Сч. № ; ИНН | КПП | Сч. № ; recipient.
    c.rect(x0, y0, x3, y0 + 5 * h)
    c.line(x0, y0 + 2 * h, x3, y0 + 2 * h)
    c.line(x1, y0, x1, y0 + 5 * h)
    c.line(x2, y0, x2, y0 + 5 * h)
    c.line(x1, y0 + h, x2, y0 + h)
    c.line(x0 + 140, y0 + 2 * h, x0 + 140, y0 + 3 * h)
    c.line(x0, y0 + 3 * h, x1, y0 + 3 * h)
    c.text(x0 + 3, y0 + 3, s.bank)
    c.text(x0 + 3, y0 + h + 3, "Банк получателя", size=spec.pt - 1.5)
    c.text(x1 + 3, y0 + 3, "БИК")
    c.text(x2 + 3, y0 + 3, s.bik)
    c.text(x1 + 3, y0 + h + 3, "Сч. №")
    c.text(x2 + 3, y0 + h + 3, s.corr)
    c.text(x0 + 3, y0 + 2 * h + 3, f"ИНН {s.inn}")
    c.text(x0 + 143, y0 + 2 * h + 3, f"КПП {s.kpp or ''}")
    c.text(x1 + 3, y0 + 2 * h + 3, "Сч. №")
    c.text(x2 + 3, y0 + 2 * h + 3, s.account)
    c.text(x0 + 3, y0 + 3 * h + 3, s.name)
    c.text(x0 + 3, y0 + 4 * h + 3, "Получатель", size=spec.pt - 1.5)
    y = y0 + 5 * h + 25
    title = spec.rng.choice(["Счет на оплату", "Счёт на оплату", "СЧЕТ НА ОПЛАТУ"])
    c.text(
        x0,
        y,
        f"{title} № {spec.number} от {date_text(spec.date, 'words')}",
        size=spec.pt + 4,
        bold=True,
    )
    y += spec.pt * 2.4
    c.line(x0, y, x3, y, 1.2)
    y += 8
    y = c.wrap(x0, y, "Поставщик (Исполнитель): " + party_line(s, False, spec.rng), x3 - x0)
    y += 4
    y = c.wrap(x0, y, "Покупатель (Заказчик): " + party_line(b, False, spec.rng), x3 - x0)
    y += 4
    y = c.wrap(
        x0, y, f"Основание: Договор № {spec.rng.randrange(1, 99)} от 10.01.{spec.date[0]}", x3 - x0
    )
    y += 8
    with_art = spec.rng.random() < 0.5
    spec.show_article = with_art
    cols = [("№", 22, "center"), ("Товары (работы, услуги)", 0, "left")]
    keys = ["no", "name"]
    if with_art:
        cols.append(("Артикул", 60, "left"))
        keys.append("article")
    cols += [
        ("Кол-во", 45, "right"),
        ("Ед.", 32, "left"),
        ("Цена", 65, "right"),
        ("Сумма", 72, "right"),
    ]
    keys += ["qty", "unit", "price", "amount"]
    fixed = sum(w for _, w, _ in cols)
    cols[1] = (cols[1][0], (x3 - x0) - fixed, "left")
    y = table(c, x0, y, cols, _items_rows(spec, keys), ruled=True)
    y = _totals(
        c,
        spec,
        y + 6,
        x3,
        [
            ("Итого:", money_text(spec.total)),
            vat_label(spec, True),
            ("Всего к оплате:", money_text(spec.total)),
        ],
    )
    y = c.wrap(
        x0,
        y + 4,
        f"Всего наименований {len(spec.rows)}, на сумму {money_text(spec.total)} руб.",
        x3 - x0,
    )
    c.line(x0, y + 10, x3, y + 10, 1.2)
    return _sign_block(c, spec, y + 30, ["Руководитель", "Бухгалтер"])


def _totals(c: Canvas, spec: Spec, y: float, right: float, lines: list[tuple[str, str]]) -> float:
    for label, value in lines:
        c.text(right - 90, y, label, bold=True, align="right")
        c.text(right, y, value, bold=True, align="right")
        y += spec.pt * 1.5
    return y


def _sign_block(c: Canvas, spec: Spec, y: float, labels: list[str]) -> Canvas:
    signatures(c, spec, y, labels)
    return c


def invoice_plain(spec: Spec) -> Canvas:
    c = Canvas(A4, spec.font, spec.pt)
    s, b = spec.supplier, spec.buyer
    x0, x3 = 50.0, 545.0
    y = 45.0
    c.text(x0, y, s.name, size=spec.pt + 2, bold=True)
    y += spec.pt * 2
    y = c.wrap(x0, y, f"Адрес: {s.address}", x3 - x0)
    y = c.wrap(x0, y, f"ИНН {s.inn}" + (f"   КПП {s.kpp}" if s.kpp else ""), x3 - x0)
    y = c.wrap(x0, y, f"Расчетный счет: {s.account}", x3 - x0)
    y = c.wrap(x0, y, f"Банк: {s.bank}", x3 - x0)
    y = c.wrap(x0, y, f"БИК: {s.bik}    Корр. счет: {s.corr}", x3 - x0)
    y += 18
    c.text((x0 + x3) / 2, y, f"СЧЁТ № {spec.number}", size=spec.pt + 5, bold=True, align="center")
    y += spec.pt * 2.2
    c.text(
        (x0 + x3) / 2,
        y,
        f"от {date_text(spec.date, spec.rng.choice(['words', 'num']))}",
        align="center",
    )
    y += spec.pt * 2.5
    y = c.wrap(
        x0, y, f"Плательщик: {b.name}, ИНН {b.inn}" + (f", КПП {b.kpp}" if b.kpp else ""), x3 - x0
    )
    y += 10
    cols = [
        ("№", 20, "center"),
        ("Наименование", 0, "left"),
        ("Код", 55, "left"),
        ("Ед. изм.", 40, "left"),
        ("Количество", 55, "right"),
        ("Цена, руб.", 70, "right"),
        ("Сумма, руб.", 75, "right"),
    ]
    cols[1] = (cols[1][0], (x3 - x0) - sum(w for _, w, _ in cols), "left")
    rows = _items_rows(spec, ["no", "name", "article", "unit", "qty", "price", "amount"])
    y = table(c, x0, y, cols, rows, ruled=False)
    y = _totals(
        c,
        spec,
        y + 8,
        x3,
        [
            ("Итого:", money_text(spec.total)),
            vat_label(spec, True),
            ("Всего к оплате:", money_text(spec.total)),
        ],
    )
    y = c.wrap(
        x0, y + 6, "Оплата данного счета означает согласие с условиями поставки товара.", x3 - x0
    )
    return _sign_block(c, spec, y + 30, ["Генеральный директор", "Главный бухгалтер"])


# ---- waybill and УПД (landscape) --------------------------------------------------------


def torg12(spec: Spec) -> Canvas:
    c = Canvas((A4[1], A4[0]), spec.font, spec.pt - 1)
    s, b = spec.supplier, spec.buyer
    x0, x3 = 30.0, 812.0
    y = 30.0
    c.text(x3, y, "Унифицированная форма № ТОРГ-12", size=c.pt - 1.5, align="right")
    y += c.pt * 1.8
    for label, p, bank in (
        ("Грузоотправитель", s, False),
        ("Грузополучатель", b, False),
        ("Поставщик", s, True),
        ("Плательщик", b, False),
    ):
        y = c.wrap(x0, y, f"{label}: " + party_line(p, bank, spec.rng), x3 - x0 - 150)
        y += 2
    y += 10
    c.text(x0 + 250, y + 14, "ТОВАРНАЯ НАКЛАДНАЯ", size=c.pt + 3, bold=True)
    bx = x0 + 450
    c.rect(bx, y, bx + 200, y + 36)
    c.line(bx + 100, y, bx + 100, y + 36)
    c.line(bx, y + 18, bx + 200, y + 18)
    c.text(bx + 50, y + 4, "Номер документа", size=c.pt - 1, align="center")
    c.text(bx + 150, y + 4, "Дата составления", size=c.pt - 1, align="center")
    c.text(bx + 50, y + 22, spec.number, align="center")
    c.text(bx + 150, y + 22, date_text(spec.date, "num"), align="center")
    y += 50
    cols = [
        ("Номер по порядку", 40, "center"),
        ("Товар: наименование, характеристика, сорт", 0, "left"),
        ("Товар: код", 55, "left"),
        ("Ед. изм.", 38, "left"),
        ("Код по ОКЕИ", 40, "center"),
        ("Количество (масса нетто)", 62, "right"),
        ("Цена, руб. коп.", 70, "right"),
        ("Сумма без учета НДС, руб. коп.", 80, "right"),
        ("НДС ставка, %", 45, "center"),
        ("НДС сумма, руб. коп.", 70, "right"),
        ("Сумма с учетом НДС, руб. коп.", 82, "right"),
    ]
    cols[1] = (cols[1][0], (x3 - x0) - sum(w for _, w, _ in cols), "left")
    okei = {
        "шт": "796",
        "м": "006",
        "кг": "166",
        "пач": "728",
        "упак": "778",
        "пар": "715",
        "меш": "796",
    }
    rows = _items_rows(
        spec,
        ["no", "name", "article", "unit", "unit", "qty", "price", "amount", "rate", "vat", "gross"],
    )
    for r in rows:
        r[4] = okei.get(r[4], "796")
    y = table(c, x0, y, cols, rows, ruled=True)
    right = [x3 - 82 - 70 - 45 - 80, x3 - 82 - 70, x3]
    y += 4
    c.text(x0 + 300, y, "Итого", bold=True)
    c.text(right[0], y, money_text(spec.net), align="right")
    c.text(right[1], y, money_text(spec.vat) if spec.vat_rate else "-", align="right")
    c.text(right[2], y, money_text(spec.total), align="right")
    y += c.pt * 1.6
    c.text(x0 + 300, y, "Всего по накладной", bold=True)
    c.text(right[0], y, money_text(spec.net), align="right")
    c.text(right[1], y, money_text(spec.vat) if spec.vat_rate else "-", align="right")
    c.text(right[2], y, money_text(spec.total), align="right")
    y += c.pt * 3
    return _sign_block(c, spec, y, ["Отпуск груза разрешил", "Главный бухгалтер", "Груз получил"])


def upd(spec: Spec) -> Canvas:
    c = Canvas((A4[1], A4[0]), spec.font, spec.pt - 1)
    s, b = spec.supplier, spec.buyer
    x0, x3 = 30.0, 812.0
    y = 30.0
    c.text(x0, y, "Универсальный", bold=True)
    c.text(x0, y + c.pt * 1.4, "передаточный документ", bold=True)
    c.text(x0, y + c.pt * 3, "Статус: 1")
    lx = x0 + 200
    c.text(
        lx,
        y,
        f"Счет-фактура № {spec.number} от {date_text(spec.date, 'words')}",
        size=c.pt + 2,
        bold=True,
    )
    y += c.pt * 2.2
    c.text(lx, y, "Исправление № -- от --")
    y += c.pt * 1.6
    kv = [
        ("Продавец", s.name),
        ("Адрес", s.address),
        ("ИНН/КПП продавца", f"{s.inn}/{s.kpp or ''}"),
        ("Грузоотправитель и его адрес", "он же"),
        ("Грузополучатель и его адрес", f"{b.name}, {b.address}"),
        ("К платежно-расчетному документу", "№ -- от --"),
        ("Покупатель", b.name),
        ("Адрес", b.address),
        ("ИНН/КПП покупателя", f"{b.inn}/{b.kpp or ''}"),
        ("Валюта: наименование, код", "Российский рубль, 643"),
    ]
    for k, v in kv:
        c.text(lx, y, f"{k}: {v}")
        y += c.pt * 1.45
    y += 8
    cols = [
        ("№ п/п", 28, "center"),
        ("Код товара/ работ, услуг", 55, "left"),
        ("Наименование товара (описание выполненных работ, оказанных услуг)", 0, "left"),
        ("Ед. изм.", 38, "left"),
        ("Коли- чество (объем)", 52, "right"),
        ("Цена (тариф) за единицу измерения", 70, "right"),
        ("Стоимость товаров без налога - всего", 80, "right"),
        ("Налоговая ставка", 48, "center"),
        ("Сумма налога", 70, "right"),
        ("Стоимость товаров с налогом - всего", 82, "right"),
    ]
    cols[2] = (cols[2][0], (x3 - x0) - sum(w for _, w, _ in cols), "left")
    rows = _items_rows(
        spec, ["no", "article", "name", "unit", "qty", "price", "amount", "rate", "vat", "gross"]
    )
    y = table(c, x0, y, cols, rows, ruled=True)
    y += 4
    c.text(x0 + 100, y, "Всего к оплате", bold=True)
    c.text(x3 - 82 - 70 - 48, y, money_text(spec.net), align="right")
    c.text(x3 - 82, y, money_text(spec.vat) if spec.vat_rate else "без НДС", align="right")
    c.text(x3, y, money_text(spec.total), align="right")
    y += c.pt * 3
    return _sign_block(c, spec, y, ["Руководитель организации", "Главный бухгалтер"])


# ---- contract and act -------------------------------------------------------------------


def contract(spec: Spec) -> Canvas:
    c = Canvas(A4, spec.font, spec.pt)
    s, b = spec.supplier, spec.buyer
    x0, x3 = 55.0, 540.0
    q0, q1 = spec.quotes
    y = 45.0
    kind = spec.rng.choice(["ДОГОВОР ПОСТАВКИ", "ДОГОВОР", "ДОГОВОР ОКАЗАНИЯ УСЛУГ"])
    c.text((x0 + x3) / 2, y, f"{kind} № {spec.number}", size=spec.pt + 3, bold=True, align="center")
    y += spec.pt * 2.5
    c.text(x0, y, "г. Москва")
    c.text(x3, y, date_text(spec.date, spec.rng.choice(["quoted", "words"])), align="right")
    y += spec.pt * 2.5
    role_s, role_b = (
        ("Поставщик", "Покупатель") if "ПОСТАВКИ" in kind else ("Исполнитель", "Заказчик")
    )
    y = c.wrap(
        x0,
        y,
        f"{s.name}, именуемое в дальнейшем {q0}{role_s}{q1}, в лице генерального "
        f"директора, действующего на основании Устава, с одной стороны, и {b.name}, "
        f"именуемое в дальнейшем {q0}{role_b}{q1}, с другой стороны, заключили "
        "настоящий договор о нижеследующем:",
        x3 - x0,
    )
    y += 6
    y = c.wrap(x0, y, "1. ПРЕДМЕТ ДОГОВОРА", x3 - x0, bold=True)
    y = c.wrap(
        x0,
        y,
        f"1.1. {role_s} обязуется передать, а {role_b} принять и оплатить товары "
        "(услуги) в количестве и по ценам, указанным в Спецификации.",
        x3 - x0,
    )
    spec.show_article = False
    if spec.rows:
        cols = [
            ("№", 22, "center"),
            ("Наименование", 0, "left"),
            ("Ед.", 35, "left"),
            ("Кол-во", 45, "right"),
            ("Цена", 70, "right"),
            ("Сумма", 75, "right"),
        ]
        cols[1] = (cols[1][0], (x3 - x0) - sum(w for _, w, _ in cols), "left")
        y = (
            table(
                c,
                x0,
                y + 6,
                cols,
                _items_rows(spec, ["no", "name", "unit", "qty", "price", "amount"]),
                ruled=True,
            )
            + 6
        )
    y = c.wrap(x0, y, "2. ЦЕНА И ПОРЯДОК РАСЧЕТОВ", x3 - x0, bold=True)
    vat = (
        f"в том числе НДС {spec.vat_rate}% — {money_text(spec.vat)} руб."
        if spec.vat_rate
        else "НДС не облагается"
    )
    y = c.wrap(
        x0, y, f"2.1. Общая сумма договора составляет {money_text(spec.total)} руб., {vat}", x3 - x0
    )
    y = c.wrap(x0, y, "2.2. Оплата производится в течение 10 банковских дней.", x3 - x0)
    y = c.wrap(x0, y, "3. СРОК ДЕЙСТВИЯ ДОГОВОРА", x3 - x0, bold=True)
    t = spec.term or (0, 0, 0)
    y = c.wrap(
        x0,
        y,
        "3.1. Договор вступает в силу с момента подписания и действует до "
        f"{t[2]:02d}.{t[1]:02d}.{t[0]}.",
        x3 - x0,
    )
    y += 10
    y = c.wrap(x0, y, "4. РЕКВИЗИТЫ СТОРОН", x3 - x0, bold=True)
    mid = (x0 + x3) / 2 + 5
    width = mid - x0 - 15
    ya = c.wrap(x0, y, f"{role_s}:", width, bold=True)
    yb = c.wrap(mid, y, f"{role_b}:", width, bold=True)
    for p, x, yy in ((s, x0, ya), (b, mid, yb)):
        lines = [p.name, p.address, f"ИНН {p.inn}"]
        if p.kpp:
            lines[-1] += f" КПП {p.kpp}"
        lines += [f"р/с {p.account}", f"в {p.bank}", f"БИК {p.bik}", f"к/с {p.corr}"]
        for ln in lines:
            yy = c.wrap(x, yy, ln, width)
        if p is s:
            ya = yy
        else:
            yb = yy
    y = max(ya, yb) + 20
    return _sign_block(c, spec, y, [role_s, role_b])


def act_ruled(spec: Spec) -> Canvas:
    return _act(spec, ruled=True)


def act_plain(spec: Spec) -> Canvas:
    return _act(spec, ruled=False)


def _act(spec: Spec, ruled: bool) -> Canvas:
    c = Canvas(A4, spec.font, spec.pt)
    s, b = spec.supplier, spec.buyer
    x0, x3 = 45.0, 550.0
    y = 45.0
    title = spec.rng.choice(["Акт", "АКТ", "Акт выполненных работ", "Акт об оказании услуг"])
    c.text(
        x0,
        y,
        f"{title} № {spec.number} от {date_text(spec.date, 'words')}",
        size=spec.pt + 4,
        bold=True,
    )
    y += spec.pt * 2.4
    c.line(x0, y, x3, y, 1.2)
    y += 8
    y = c.wrap(x0, y, "Исполнитель: " + party_line(s, True, spec.rng), x3 - x0) + 4
    y = c.wrap(x0, y, "Заказчик: " + party_line(b, False, spec.rng), x3 - x0) + 4
    y = c.wrap(x0, y, f"Основание: Договор № {spec.rng.randrange(1, 99)}", x3 - x0) + 8
    cols = [
        ("№", 22, "center"),
        ("Наименование работ, услуг", 0, "left"),
        ("Кол-во", 45, "right"),
        ("Ед.", 35, "left"),
        ("Цена", 70, "right"),
        ("Сумма", 75, "right"),
    ]
    cols[1] = (cols[1][0], (x3 - x0) - sum(w for _, w, _ in cols), "left")
    y = table(
        c,
        x0,
        y,
        cols,
        _items_rows(spec, ["no", "name", "qty", "unit", "price", "amount"]),
        ruled=ruled,
    )
    y = _totals(c, spec, y + 6, x3, [("Итого:", money_text(spec.total)), vat_label(spec, True)])
    y = c.wrap(
        x0,
        y + 4,
        f"Всего оказано услуг {len(spec.rows)}, на сумму {money_text(spec.total)} руб.",
        x3 - x0,
    )
    y = c.wrap(
        x0,
        y + 4,
        "Вышеперечисленные услуги выполнены полностью и в срок. Заказчик "
        "претензий по объему, качеству и срокам оказания услуг не имеет.",
        x3 - x0,
    )
    return _sign_block(c, spec, y + 30, ["Исполнитель", "Заказчик"])


BUILDERS = {
    "invoice_1c": invoice_1c,
    "invoice_plain": invoice_plain,
    "torg12": torg12,
    "upd": upd,
    "contract": contract,
    "act_ruled": act_ruled,
    "act_plain": act_plain,
}
