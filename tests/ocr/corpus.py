"""A generator of Russian business documents with known ground truth, for tests and bench.

A document is laid out once as a list of drawing operations in points (1/72 inch); the
same list is rasterised with Pillow (scans, degraded copies, TIFF, scanned PDF) or written
as a PDF with a real text layer through pdfium. Identifiers are generated valid
(ИНН, КПП, БИК, account keys), so the engine's checks must pass on clean pages.

    uv run python -m tests.ocr.render OUT_DIR [DOCS_PER_LAYOUT]
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from PIL import ImageFont

FONT_DIR = Path("/usr/share/fonts/truetype")
FONTS = {
    "dejavu": ("dejavu/DejaVuSans.ttf", "dejavu/DejaVuSans-Bold.ttf"),
    "dejavu-serif": ("dejavu/DejaVuSerif.ttf", "dejavu/DejaVuSerif-Bold.ttf"),
    "liberation": ("liberation/LiberationSans-Regular.ttf", "liberation/LiberationSans-Bold.ttf"),
    "liberation-serif": (
        "liberation/LiberationSerif-Regular.ttf",
        "liberation/LiberationSerif-Bold.ttf",
    ),
    "liberation-narrow": (
        "liberation/LiberationSansNarrow-Regular.ttf",
        "liberation/LiberationSansNarrow-Bold.ttf",
    ),
}
A4 = (595.0, 842.0)
CENT = Decimal("0.01")

# ---- valid identifiers ------------------------------------------------------------------


def _inn_digit(digits: list[int], weights: tuple[int, ...]) -> int:
    return sum(w * d for w, d in zip(weights, digits, strict=False)) % 11 % 10


def make_inn(rng: random.Random, person: bool = False) -> str:
    region = rng.choice(["77", "78", "50", "66", "16", "54", "23", "52"])
    if person:
        d = [int(c) for c in region] + [rng.randrange(10) for _ in range(8)]
        d.append(_inn_digit(d, (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)))
        d.append(_inn_digit(d, (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)))
    else:
        d = [int(c) for c in region] + [rng.randrange(10) for _ in range(7)]
        d.append(_inn_digit(d, (2, 4, 10, 3, 5, 9, 4, 6, 8)))
    return "".join(map(str, d))


def make_kpp(inn: str, rng: random.Random) -> str:
    return inn[:4] + rng.choice(["01", "01", "01", "43", "45"]) + "001"


def make_bik(rng: random.Random) -> str:
    return "04" + f"{rng.randrange(10**4):04d}" + f"{rng.randrange(50, 1000):03d}"


def _keyed(account: list[int], prefix: str) -> str:
    weights = ((7, 1, 3) * 8)[:23]
    account[8] = 0
    digits = [int(c) for c in prefix] + account
    s = sum(d * w % 10 for d, w in zip(digits, weights, strict=True))
    for k in range(10):
        if (s + k * 3 % 10) % 10 == 0:
            account[8] = k
            break
    return "".join(map(str, account))


def make_account(bik: str, rng: random.Random) -> str:
    head = rng.choice(["40702810", "40702810", "40802810", "40701810"])
    acc = [int(c) for c in head] + [0] + [rng.randrange(10) for _ in range(11)]
    return _keyed(acc, bik[6:9])


def make_corr(bik: str) -> str:
    acc = [int(c) for c in "30101810"] + [0] + [0] * 8 + [int(c) for c in bik[6:9]]
    return _keyed(acc, "0" + bik[4:6])


# ---- data -------------------------------------------------------------------------------

ORGS = [
    "Ромашка",
    "Вектор",
    "Техснаб",
    "СтройМонтаж",
    "Альфа-Трейд",
    "Северный ветер",
    "Лотос",
    "Меридиан",
    "ПромКомплект",
    "Орион",
    "Сибирские сети",
    "Гранит",
    "Эталон Плюс",
    "Кедр",
]
PEOPLE = ["Смирнов Алексей Петрович", "Кузнецова Ольга Ивановна", "Попов Игорь Сергеевич"]
BANKS = [
    "ПАО Сбербанк",
    'АО "Альфа-Банк"',
    "Банк ВТБ (ПАО)",
    'АО "Т-Банк"',
    'ПАО "Промсвязьбанк"',
    'АО "Райффайзенбанк"',
    'ООО "Банк Точка"',
]
GOODS = [
    ("Бумага офисная А4, 500 л.", "BP-500", "пач"),
    ("Картридж лазерный CF283A", "CF283A", "шт"),
    ("Кабель ВВГнг 3х2,5", "10-245", "м"),
    ("Перчатки рабочие х/б", "ПР-12", "пар"),
    ("Монитор 24 дюйма", "MN-2401", "шт"),
    ("Клавиатура беспроводная", "KB-330", "шт"),
    ("Цемент М500, мешок 50 кг", "ЦМ-500", "меш"),
    ("Саморез по дереву 4,2х75", "СД-4275", "упак"),
    ("Краска фасадная белая", "КФ-10", "кг"),
    ("Труба стальная 57х3,5", "ТС-57", "м"),
    ("Вода питьевая 19 л", "ВП-19", "шт"),
    ("Степлер настольный", "ST-24", "шт"),
    ("Светильник светодиодный 36 Вт", "LED-36", "шт"),
    ("Огнетушитель порошковый ОП-4", "ОП-4", "шт"),
    ("Папка-регистратор 75 мм", "PR-75", "шт"),
]
SERVICES = [
    ("Доставка товара по городу", None, "усл"),
    ("Монтаж оборудования", None, "усл"),
    ("Консультационные услуги", None, "час"),
    ("Техническое обслуживание серверов за ноябрь", None, "мес"),
    ("Разработка проектной документации", None, "усл"),
    ("Уборка офисных помещений", None, "м2"),
]
MONTHS = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
]


def money_text(d: Decimal, sep: str = " ") -> str:
    q = d.quantize(CENT)
    whole, frac = f"{q:f}".split(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return sep.join(groups) + "," + frac


def qty_text(d: Decimal) -> str:
    t = f"{d:f}"
    return t.replace(".", ",")


@dataclass
class Party:
    name: str
    inn: str
    kpp: str | None
    address: str
    bank: str
    bik: str
    account: str
    corr: str


def make_party(rng: random.Random, quotes: tuple[str, str]) -> Party:
    if rng.random() < 0.15:
        name = "ИП " + rng.choice(PEOPLE)
        inn, kpp = make_inn(rng, person=True), None
    else:
        form = rng.choice(["ООО", "ООО", "ООО", "АО", "ПАО", "ЗАО"])
        name = f"{form} {quotes[0]}{rng.choice(ORGS)}{quotes[1]}"
        inn = make_inn(rng)
        kpp = make_kpp(inn, rng)
    bik = make_bik(rng)
    street = rng.choice(["ул. Ленина", "пр-т Мира", "ул. Садовая", "ш. Энтузиастов"])
    city = rng.choice(["г. Москва", "г. Санкт-Петербург", "г. Казань", "г. Новосибирск"])
    address = f"{rng.randrange(100000, 199999)}, {city}, {street}, д. {rng.randrange(1, 120)}"
    return Party(
        name, inn, kpp, address, rng.choice(BANKS), bik, make_account(bik, rng), make_corr(bik)
    )


def plain_name(name: str) -> str:
    for q in "«»“”„":
        name = name.replace(q, '"')
    return name


# ---- drawing operations -----------------------------------------------------------------


@dataclass
class Op:
    kind: str  # text | line | stamp | sign
    x: float
    y: float
    args: dict[str, Any] = field(default_factory=dict)


class Canvas:
    """Collects drawing operations in points; measures text with the chosen font."""

    def __init__(self, size: tuple[float, float], font: str, pt: float) -> None:
        self.size = size
        self.font = font
        self.pt = pt
        self.ops: list[Op] = []
        self._cache: dict[tuple[bool, float], ImageFont.FreeTypeFont] = {}

    def pil_font(self, bold: bool, size: float, scale: float = 1.0) -> ImageFont.FreeTypeFont:
        key = (bold, round(size * scale, 2))
        if key not in self._cache:
            path = FONT_DIR / FONTS[self.font][1 if bold else 0]
            self._cache[key] = ImageFont.truetype(str(path), max(1, round(size * scale)))
        return self._cache[key]

    def width(self, s: str, size: float | None = None, bold: bool = False) -> float:
        size = size or self.pt
        return self.pil_font(bold, 100).getlength(s) * size / 100

    def text(
        self,
        x: float,
        y: float,
        s: str,
        *,
        size: float | None = None,
        bold: bool = False,
        align: str = "left",
    ) -> float:
        size = size or self.pt
        w = self.width(s, size, bold)
        if align == "right":
            x -= w
        elif align == "center":
            x -= w / 2
        self.ops.append(Op("text", x, y, {"s": s, "size": size, "bold": bold}))
        return w

    def wrap(
        self,
        x: float,
        y: float,
        s: str,
        width: float,
        *,
        size: float | None = None,
        bold: bool = False,
        lead: float = 1.35,
    ) -> float:
        """Word-wrapped paragraph; returns the y below it."""
        size = size or self.pt
        line = ""
        for word in s.split():
            cand = (line + " " + word).strip()
            if self.width(cand, size, bold) > width and line:
                self.text(x, y, line, size=size, bold=bold)
                y += size * lead
                line = word
            else:
                line = cand
        if line:
            self.text(x, y, line, size=size, bold=bold)
            y += size * lead
        return y

    def line(self, x0: float, y0: float, x1: float, y1: float, w: float = 0.6) -> None:
        self.ops.append(Op("line", x0, y0, {"x1": x1, "y1": y1, "w": w}))

    def rect(self, x0: float, y0: float, x1: float, y1: float, w: float = 0.6) -> None:
        self.line(x0, y0, x1, y0, w)
        self.line(x0, y1, x1, y1, w)
        self.line(x0, y0, x0, y1, w)
        self.line(x1, y0, x1, y1, w)


# ---- ground truth -----------------------------------------------------------------------


@dataclass
class Truth:
    doc_type: str
    fields: dict[str, str | None]
    items: list[dict[str, str | None]]
    stamp: bool
    signature: bool
    layout: str

    def to_json(self) -> dict[str, Any]:
        return {
            "doc_type": self.doc_type,
            "fields": self.fields,
            "items": self.items,
            "stamp": self.stamp,
            "signature": self.signature,
            "layout": self.layout,
        }


@dataclass
class Spec:
    """Everything a layout needs to draw one document."""

    rng: random.Random
    doc_type: str
    layout: str
    number: str
    date: tuple[int, int, int]
    supplier: Party
    buyer: Party
    rows: list[dict[str, Any]]
    vat_rate: int | None  # None: без НДС
    vat_on_top: bool
    stamp: bool
    signature: bool
    term: tuple[int, int, int] | None
    quotes: tuple[str, str]
    font: str
    pt: float
    total: Decimal = Decimal(0)
    vat: Decimal = Decimal(0)
    net: Decimal = Decimal(0)
    show_article: bool = True  # a layout without an article column clears it


def _round(d: Decimal) -> Decimal:
    return d.quantize(CENT, rounding=ROUND_HALF_UP)


def make_spec(rng: random.Random, doc_type: str, layout: str) -> Spec:
    quotes = rng.choice([("«", "»"), ('"', '"'), ("“", "”")])
    supplier = make_party(rng, quotes)
    buyer = make_party(rng, quotes)
    n_items = rng.choice([1, 2, 3, 4, 5, 6, 8, 10, 12, 15])
    if doc_type == "contract":
        n_items = rng.choice([0, 0, 2, 3])
    pool = SERVICES if doc_type == "act" else GOODS
    rows = []
    for name, article, unit in rng.sample(pool, min(n_items, len(pool))):
        qty = Decimal(rng.choice([1, 2, 3, 5, 10, 12, 20, 25, 40, 100]))
        if unit in ("кг", "м") and rng.random() < 0.4:
            qty = Decimal(rng.choice(["2.5", "12.75", "0.5", "7.2"]))
        price = Decimal(rng.randrange(1500, 2_500_000)) / 100
        rows.append(
            {
                "name": name,
                "article": article,
                "unit": unit,
                "quantity": qty,
                "price": price,
                "amount": _round(qty * price),
            }
        )
    vat_rate = rng.choice([22, 22, 22, 20, 10, None])
    year = 2026 if vat_rate != 20 else 2025
    date = (year, rng.randrange(1, 13), rng.randrange(1, 29))
    vat_on_top = doc_type in ("waybill", "upd")
    number = rng.choice(
        [
            str(rng.randrange(1, 999)),
            f"{rng.randrange(1, 9999)}",
            f"А-{rng.randrange(10, 999)}",
            f"{rng.randrange(1, 99)}/{year % 100}",
        ]
    )
    spec = Spec(
        rng,
        doc_type,
        layout,
        number,
        date,
        supplier,
        buyer,
        rows,
        vat_rate,
        vat_on_top,
        stamp=rng.random() < 0.6,
        signature=rng.random() < 0.7,
        term=(date[0] + 1, 12, 31) if doc_type == "contract" else None,
        quotes=quotes,
        font=rng.choice(list(FONTS)),
        pt=rng.choice([9.0, 9.5, 10.0, 10.5]),
    )
    if doc_type == "contract" and not rows:
        spec.net = Decimal(rng.randrange(100_000, 5_000_000))
    else:
        spec.net = sum((r["amount"] for r in rows), Decimal(0))
    rate = Decimal(vat_rate or 0)
    if vat_on_top:
        for r in rows:
            r["vat"] = _round(r["amount"] * rate / 100)
        spec.vat = sum((r["vat"] for r in rows), Decimal(0))
        spec.total = spec.net + spec.vat
    else:
        spec.total = spec.net
        spec.vat = _round(spec.total * rate / (100 + rate))
    return spec


def truth_of(spec: Spec) -> Truth:
    s, b = spec.supplier, spec.buyer
    f: dict[str, str | None] = {
        "number": spec.number,
        "date": "{:04d}-{:02d}-{:02d}".format(*spec.date),
        "supplier_name": plain_name(s.name),
        "supplier_inn": s.inn,
        "supplier_kpp": s.kpp,
        "buyer_name": plain_name(b.name),
        "buyer_inn": b.inn,
        "buyer_kpp": b.kpp,
        "bank_name": plain_name(s.bank),
        "bik": s.bik,
        "account": s.account,
        "corr_account": s.corr,
        "total": f"{spec.total:.2f}",
        "vat": f"{spec.vat:.2f}" if spec.vat_rate else "0.00",
        "vat_rate": str(spec.vat_rate) if spec.vat_rate else "без НДС",
        "contract_term": "{:04d}-{:02d}-{:02d}".format(*spec.term) if spec.term else None,
    }
    if spec.doc_type == "upd":
        for k in ("bank_name", "bik", "account", "corr_account"):
            f[k] = None
    items = [
        {
            "name": r["name"],
            "article": r["article"] if spec.show_article else None,
            "quantity": _qfmt(r["quantity"]),
            "unit": r["unit"],
            "price": f"{r['price']:.2f}",
            "amount": f"{r['amount']:.2f}",
        }
        for r in spec.rows
    ]
    return Truth(spec.doc_type, f, items, spec.stamp, spec.signature, spec.layout)


def _qfmt(d: Decimal) -> str:
    t = f"{d:f}"
    return t.rstrip("0").rstrip(".") if "." in t else t


def date_text(d: tuple[int, int, int], style: str) -> str:
    if style == "words":
        return f"{d[2]} {MONTHS[d[1] - 1]} {d[0]} г."
    if style == "quoted":
        return f"«{d[2]:02d}» {MONTHS[d[1] - 1]} {d[0]} г."
    return f"{d[2]:02d}.{d[1]:02d}.{d[0]}"
