"""Text parsers: normalization of numbers, money, dates, names; they never crash."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from teamtask.ocr.extract import line_amounts
from teamtask.ocr.layout import Line, Text, group_lines
from teamtask.ocr.load import Word
from teamtask.ocr.parse import (
    canon_code,
    canon_text,
    canon_unit,
    find_dates,
    normalize_name,
    parse_date,
    parse_decimal,
    parse_money,
    parse_quantity,
)
from teamtask.ocr.validate import code_digits

OCR_TEXT = st.text(
    alphabet=st.sampled_from(
        list("0123456789 ,.-/:;№%«»\"'()ОоЗзбВlI|SsНДСндсИННКППянваряфевраля\n\u00a0")
    ),
    max_size=80,
) | st.text(max_size=80)


def words_at(
    y: float, *cells: tuple[float, str], char_w: float = 14, gap: float = 12
) -> list[Word]:
    """Words of printed cells on one line: each cell's text from its x, word by word."""
    words = []
    for x, text in cells:
        for t in text.split():
            words.append(Word(t, x, y, x + char_w * len(t), y + 30, 95))
            x += char_w * len(t) + gap
    return words


@pytest.mark.parametrize(
    ("text", "money"),
    [
        ("3 500,00", "3500.00"),
        ("3.500,00", "3500.00"),
        ("1,234.56", "1234.56"),
        ("3500-00", "3500.00"),
        ("12", "12.00"),
        ("12 345,6", "12345.60"),
        ("О,50", "0.50"),
        ("959 724 80", "959724.80"),
        ("1 000 000,00 руб.", "1000000.00"),
        ("abc", None),
        ("", None),
        ("-", None),
        ("1.2.3.4", None),
    ],
)
def test_money(text: str, money: str | None) -> None:
    assert parse_money(text) == money


@pytest.mark.parametrize(
    ("text", "qty"), [("3", "3"), ("2,5", "2.5"), ("1,000", "1"), ("0,125", "0.125"), ("10", "10")]
)
def test_quantity(text: str, qty: str) -> None:
    assert parse_quantity(text) == qty


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Счет на оплату № 123 от 15 ноября 2026 г.", "2026-11-15"),
        ("от 15.11.2026", "2026-11-15"),
        ("«01» января 2027 г.", "2027-01-01"),
        ("действует до 31.12.2027.", "2027-12-31"),
        ("от 05.05 2026", "2026-05-05"),
        ("2026-03-09", "2026-03-09"),
        ("от 15.11.26", "2026-11-15"),
        ("31 ФЕВРАЛЯ 2026", None),
        ("№ 12", None),
        # A day read as the letters its digits look like, or a serif 1 read as a bracket:
        ("«Об» августа 2026 г.", "2026-08-06"),
        ("«1]» февраля 2026 г.", "2026-02-11"),
        ("«ОЗ» мая 2026 г.", "2026-05-03"),
        ("l5 МАЯ 2026", "2026-05-15"),
        # ...but letters alone, unquoted, are a word: "в мая" is no day.
        ("В мая 2026", None),
        ("«Ан» мая 2026", None),
    ],
)
def test_dates(text: str, iso: str | None) -> None:
    assert parse_date(text) == iso


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("000 «Ромашка»,", 'ООО "Ромашка"'),
        ("OOO “Ромашка”", 'ООО "Ромашка"'),
        ('ООО "Ромашка', 'ООО "Ромашка"'),
        ("АО „Вектор“", 'АО "Вектор"'),
        ("ИП Иванов И.И.", "ИП Иванов И.И."),
        # A УПД line's code after the name, its closing quote lost by OCR.
        ('ООО "ИнтерСвязь (2)', 'ООО "ИнтерСвязь"'),
        ("АО «Балтика» (6а)", 'АО "Балтика"'),
        # The opening quote lost (a held-out ТОРГ-12 scan).
        ('ООО Балтийская логистика"', 'ООО "Балтийская логистика"'),
        # The opening quote beside a speck read as another (a held-out УПД, noisy copy),
        # and nested quotes, which stay.
        ('АО "\'Монолит-М"', 'АО "Монолит-М"'),
        ("ООО «Торговый дом «Ромашка»»", 'ООО "Торговый дом "Ромашка""'),
        (
            "Общество с ограниченной ответственностью «Лотос»",
            'Общество с ограниченной ответственностью "Лотос"',
        ),
    ],
)
def test_names(raw: str, name: str) -> None:
    assert normalize_name(raw) == name


def test_lookalikes() -> None:
    assert canon_code("KB-330") == canon_code("КВ-330") == "KB-330"
    assert canon_code("ЦМ-500") == "ЦМ-500"
    # A code's hyphen boxed apart from its letters or its number is no space.
    assert canon_code("ЛИ -19") == canon_code("ЛИ- 19") == "ЛИ-19"
    # A held-out ТОРГ-12's hyphens read as a stop and a colon, a space after them.
    assert canon_code("CY. 48") == "CY-48"
    assert canon_code("ПН: -50") == "ПН-50"
    assert canon_code("A.12") == "A.12"  # no space: a code's own stop
    assert canon_code("ТК-1170 ТК 1170") == "TK-1170 TK 1170"
    assert canon_code("NB-1556 -") == canon_code("NB-1556 —") == "NB-1556"
    assert canon_code("—") == "—"  # a dash alone is what the cell holds
    assert canon_text("Бумага A4") == "Бумага А4"
    assert canon_text("Картридж CF283A") == "Картридж CF283A"
    assert parse_quantity("З", cell=True) == "3"
    assert parse_quantity("1О", cell=True) == "10"
    assert parse_quantity("З") is None  # outside a quantity cell a letter stays a letter
    for sign in "xXхХ×":
        assert canon_text(f"Труба 57{sign}3,5") == "Труба 57х3,5"
    assert canon_text("Кабель X-2") == "Кабель Х-2"
    # The number sign read as "No" (held-out ТОРГ-12 in FreeSans); a word "No" stays.
    assert canon_text("Степлер No24/6 до 20 листов") == "Степлер №24/6 до 20 листов"
    assert canon_text("Кабель Nokia") == "Кабель Nokia"
    # The English model's S read "$" in a Latin word (held-out УПД, PT Sans Narrow).
    assert canon_text("Кабель ВВГнг-L$ 3х2,5") == "Кабель ВВГнг-LS 3х2,5"
    assert canon_text("Ваучер $100") == "Ваучер $100"  # no Latin letter: as printed
    # A round bracket closed by a brace or a square bracket (held-out УПД, noisy copy).
    assert canon_text("Батарейка АА LR6 (4 шт.}") == "Батарейка АА LR6 (4 шт.)"
    assert canon_text("Бумага (А4] 500 л") == "Бумага (А4) 500 л"
    assert canon_text("Кабель (3 м) ]") == "Кабель (3 м) ]"  # none open: as read


def test_a_c_read_as_an_unclosed_parenthesis() -> None:
    """PT Sans's С and ( share one arc: "(мазка", "(K-200" on held-out scans."""
    assert canon_text("(мазка Литол-24") == "Смазка Литол-24"
    # A speck before a word that has its capital; the closed parenthesis after it stays.
    assert canon_text("(Стяжка кабельная (100 шт.)") == "Стяжка кабельная (100 шт.)"
    assert canon_code("(K-200") == canon_code("CK-200")
    # A parenthesis that is closed, or opens a number, or stands inside a name, stays.
    assert canon_text("(Смазка) Литол") == "(Смазка) Литол"
    assert canon_text("(100 шт.)") == "(100 шт.)"
    assert canon_text("Кабель (медь") == "Кабель (медь"


def test_a_full_stop_no_abbreviation_could_have_is_a_speck() -> None:
    assert canon_text("Вода. питьевая 19 л") == "Вода питьевая 19 л"
    # Abbreviations end in a consonant; a sentence's full stop comes before a capital.
    assert canon_text("Бумага 500 л. в пачке") == "Бумага 500 л. в пачке"
    assert canon_text("Кабель 3 шт. в бухте") == "Кабель 3 шт. в бухте"
    assert canon_text("Услуги по договору. Доставка") == "Услуги по договору. Доставка"
    assert canon_text("Вода.") == "Вода."
    assert [canon_unit(u) for u in ("WT", "LUT", "KI", "М", "упак")] == [
        "шт",
        "шт",
        "кг",
        "м",
        "упак",
    ]
    # Units of services: pages of a translation, copies.
    assert [canon_unit(u) for u in ("стр", "экз.", "чел")] == ["стр", "экз", "чел"]


def test_amounts_glue_digit_groups_but_not_columns() -> None:
    def w(text: str, x0: float) -> Word:
        return Word(text, x0, 0, x0 + 12 * len(text), 30)

    line = Line(
        [
            w("Итого", 0),
            w("1", 300),
            w("099", 320),
            w("650,83", 366),
            w("241", 700),
            w("923,19", 746),
        ]
    )
    assert line_amounts(line) == [Decimal("1099650.83"), Decimal("241923.19")]
    # A full stop after the last group is the sentence's, not a decimal point.
    line = Line([w("Итого:", 0), w("139", 300), w("808,21.", 346)])
    assert line_amounts(line) == [Decimal("139808.21")]
    # A held-out УПД's totals: the VAT's comma lost ("15" "23817" for "15 238,17"), the
    # line's other amounts in kopecks. Alone, or on a line of whole numbers, as printed.
    line = Line([w("152", 300), w("381,74", 346), w("15", 600), w("23817", 630)])
    assert line_amounts(line) == [Decimal("152381.74"), Decimal("15238.17")]
    line = Line([w("381,74", 346), w("23817", 630)])
    assert line_amounts(line) == [Decimal("381.74"), Decimal("23817")]
    line = Line([w("15", 600), w("23817", 630)])
    assert line_amounts(line) == [Decimal("15"), Decimal("23817")]


@settings(max_examples=150, deadline=None)
@given(OCR_TEXT)
def test_parsers_never_crash(text: str) -> None:
    for fn in (
        parse_decimal,
        parse_money,
        parse_quantity,
        parse_date,
        normalize_name,
        canon_code,
        canon_text,
        canon_unit,
    ):
        fn(text)
    for _pos, d in find_dates(text):
        assert 1990 <= d.year <= 2100


@settings(max_examples=200, deadline=None)
@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False))
def test_money_round_trip(value: Decimal) -> None:
    whole, frac = f"{value:.2f}".split(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    assert parse_money(" ".join(groups) + "," + frac) == f"{value:.2f}"


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.tuples(st.text(min_size=1, max_size=8), st.integers(0, 2000), st.integers(0, 3000)),
        max_size=40,
    )
)
def test_layout_never_crashes(boxes: list[tuple[str, int, int]]) -> None:
    from teamtask.ocr.extract import extract

    words = [Word(t, x, y, x + 10 * len(t), y + 30, 90) for t, x, y in boxes]
    lines = group_lines(words)
    Text(lines)
    extract(lines)


def test_a_word_joins_the_line_whose_centre_is_nearest_once_all_lines_are_built() -> None:
    """A УПД's text layer (tight boxes): the ИП's ИНН (digits, no descender) sits a little
    above its label ("продавца:" has two descenders), and the status box's smaller
    "документ (акт)" half a line higher came first; the number is on its label's line."""
    from teamtask.ocr.extract import extract

    def box(text: str, x: float, y0: float, y1: float) -> Word:
        return Word(text, x, y0, x + 14 * len(text), y1, 95)

    words = [
        box("Продавец:", 322, 130.0, 148.0),
        box("ИП", 667, 130.0, 144.3),
        box("Тимофеев", 710, 130.0, 144.3),
        box("документ", 89, 217.4, 230.7),
        box("(акт)", 152, 217.3, 230.9),
        box("ИНН/КПП", 322, 223.8, 240.7),
        box("продавца:", 412, 223.9, 241.9),
        box("504153229913", 667, 223.8, 238.1),
        box("(2б)", 1634, 223.6, 242.3),
    ]
    lines = group_lines(words)
    assert [ln.text for ln in lines] == [
        "Продавец: ИП Тимофеев",
        "документ (акт)",
        "ИНН/КПП продавца: 504153229913 (2б)",
    ]
    assert extract(lines).values["supplier_inn"].value == "504153229913"


def test_party_labels_survive_common_misreadings() -> None:
    """ "Продавец" read as "Пролавец" (д and л pass for each other) still names the seller."""
    from teamtask.ocr.extract import extract

    def party(name: list[str], requisites: list[str]) -> dict:
        """What is found in a party's line and the ИНН/КПП line under it."""
        words = words_at(100, (40, " ".join(name))) + words_at(150, (40, " ".join(requisites)))
        return {k: f.value for k, f in extract(group_lines(words, 0)).values.items()}

    found = party(
        ["Пролавец:", "АО", "“Ромашка”"], ["ИНН/КПП", "продавца:", "2326543020/232601001"]
    )
    assert found["supplier_name"] == 'АО "Ромашка"'
    # The English model's ИНН/КПП (WHH/KNN), a colon read as ";".
    found = party(
        ["Продавец;", "ПАО", "«Альфа-Трейд»"], ["WHH/KNN", "продавца:", "5058067450/505801001."]
    )
    assert found["supplier_name"] == 'ПАО "Альфа-Трейд"'
    assert (found["supplier_inn"], found["supplier_kpp"]) == ("5058067450", "505801001")
    # VHH/KNA (a photo's ИНН/КПП as the English model read it).
    found = party(
        ["Покупатель:", "АО", "«Балтика»"],
        ["VHH/KNA", "покупателя:", "6624042517/662401001", "(6б)"],
    )
    assert (found["buyer_inn"], found["buyer_kpp"]) == ("6624042517", "662401001")
    # MHH/KNN, and a УПД's line code "(2б)" after the pair.
    found = party(
        ["Продавец:", "ООО", "«Агроснаб»"],
        ["MHH/KNN", "продавца:", "2384291767/238443001", "(2б)"],
    )
    assert (found["supplier_inn"], found["supplier_kpp"]) == ("2384291767", "238443001")
    # A colon read as ";", the line code's parenthesis as a brace.
    found = party(
        ["Покупатель:", "ООО", "«Стройресурс»"],
        ["ИННИКПП", "покупателя;", "5449059880/544945001", "{66)"],
    )
    assert (found["buyer_inn"], found["buyer_kpp"]) == ("5449059880", "544945001")
    # A 200 dpi scan's И read as Д; an entrepreneur's twelve-digit ИНН and no КПП.
    found = party(
        ["Продавец:", "ИП", "Лебедев", "Денис", "Константинович"],
        ["ДНН/КПП", "продавца:", "521342537396", "(2б)"],
    )
    assert found["supplier_inn"] == "521342537396"
    # A JPEG УПД: the slash and К read as one И ("ИННИПП").
    found = party(
        ["Продавец:", "ИП", "Тимофеев", "Сергей", "Николаевич"],
        ["ИННИПП", "продавца:", "542322987955", "(2б)"],
    )
    assert found["supplier_inn"] == "542322987955"
    # An act at 200 dpi: an entrepreneur's 8 read "Я"; the checksum puts it back.
    found = party(["Заказчик:", "ИП", "Григорьев", "Павел", "Андреевич,"], ["ИНН", "162238Я25228,"])
    assert found["buyer_inn"] == "162238Я25228"
    # A grey ТОРГ-12: "ИНН/КПП" read "ИНН/КШ1", its last П a 1 before the number.
    found = party(
        ["Плательщик", "ЗАО", "«Балтийская", "логистика»,"],
        ["ИНН/КШ1", "7747981170/774701001,", "350066,", "г.", "Краснодар"],
    )
    assert (found["buyer_inn"], found["buyer_kpp"]) == ("7747981170", "774701001")


def test_column_kinds_from_headers_as_ocr_reads_them() -> None:
    from teamtask.ocr.header import column_kind

    assert column_kind("Количество (масса нетто)") == "quantity"
    assert column_kind("‹оличество (масса нетто)") == "quantity"  # К lost at the rule
    assert column_kind("Товар: код") == "article"
    assert column_kind("Цена, руб. коп.") == "price"
    assert column_kind("Сумма без учета НДС, руб. коп.") == "net"
    assert column_kind("Кол.") == "quantity"
    assert column_kind("Количество В°АНОМ месте") == "skip"  # "в одном месте": packages
    # ТОРГ-12's leaf columns under "Товар" and "Единица измерения"; УПД's column 2.
    assert column_kind("Товар наименование, характеристика, сорт, артикул товара") == "name"
    assert column_kind("Единица измерения наимено-вание") == "unit"
    assert column_kind("Единица измерения: код") == "okei"
    assert column_kind("Код товара/ работ, услуг") == "article"
    # Held-out invoice, grayscale: "Артикул" read twice over its ink, in two pieces.
    assert column_kind("Артик РТИКУЛ") == "article"


def test_a_column_number_row_may_hold_letters() -> None:
    from teamtask.ocr.header import numbering_row

    def row(*texts: str) -> Line:
        return Line([Word(t, 100 * i, 0, 100 * i + 30, 30) for i, t in enumerate(texts)])

    assert numbering_row(row("А", "1", "1а", "1б", "2", "2а", "3", "4"))
    assert numbering_row(row("1", "2", "3", "4", "5"))
    assert not numbering_row(row("А", "Б", "В", "1"))  # letters, not column numbers
    assert not numbering_row(row("1", "Ручка", "шт", "5"))


def test_a_table_carried_on_to_the_next_page_without_its_header() -> None:
    """Page 2 starts with rows in page 1's columns: they are items too."""
    from teamtask.ocr.layout import PageLayout
    from teamtask.ocr.table import extract_items

    def line(y: float, cells: list[tuple[float, str]]) -> list[Word]:
        return words_at(y, *cells, char_w=16, gap=10)

    def row(y: float, n: int, name: str, qty: str, price: str, amount: str) -> list[Word]:
        return line(y, [(100, str(n)), (200, name), (900, qty), (1100, price), (1400, amount)])

    header = line(
        100, [(100, "№"), (200, "Наименование"), (900, "Кол-во"), (1100, "Цена"), (1400, "Сумма")]
    )
    page1 = (
        header
        + row(160, 1, "Болт М8", "10", "12,00", "120,00")
        + row(220, 2, "Гайка М8", "10", "3,00", "30,00")
    )
    page2 = (
        row(150, 3, "Шайба М8", "20", "1,50", "30,00")
        + row(210, 4, "Дюбель 6х40", "100", "2,00", "200,00")
        + line(330, [(200, "Итого:"), (1400, "380,00")])
    )
    items, _, _, table = extract_items(PageLayout(group_lines(page1, 0), 2480, 3508, 300))
    assert [it.name for it in items] == ["Болт М8", "Гайка М8"]
    more, _, _, _ = extract_items(PageLayout(group_lines(page2, 1), 2480, 3508, 300), table)
    assert [(it.name, it.quantity, it.amount) for it in more] == [
        ("Шайба М8", "20", "30.00"),
        ("Дюбель 6х40", "100", "200.00"),
    ]
    # A ruled page 2 that lies a little elsewhere: its own rules bound the columns.
    from teamtask.ocr.recognize import Rule

    shifted = [Word(w.text, w.x0 + 12, w.y0, w.x1 + 12, w.y1, w.conf) for w in page2]
    rules = [Rule(x, 120, 300) for x in (95, 195, 885, 1085, 1385, 1620)]
    ruled, _, _, _ = extract_items(
        PageLayout(group_lines(shifted, 1), 2480, 3508, 300, vrules=rules), table
    )
    assert [(it.name, it.quantity, it.price, it.amount) for it in ruled] == [
        ("Шайба М8", "20", "1.50", "30.00"),
        ("Дюбель 6х40", "100", "2.00", "200.00"),
    ]
    # Without the previous page's table a headerless page has no items.
    alone, _, _, _ = extract_items(PageLayout(group_lines(page2, 1), 2480, 3508, 300))
    assert alone == []


def test_the_end_of_a_long_name_is_no_column_of_its_own() -> None:
    """Without rules, a wide word space before the last word of a long name ("серверов за")
    opens a river; a headerless column of words only right of the names is the names'."""
    from teamtask.ocr.columns import Column, _join_name_overflow

    def w(text: str, x0: float) -> Word:
        return Word(text, x0, 0, x0 + 20 * len(text), 30)

    cols = [
        Column(268, 1171, "name", "Наименование"),
        Column(1171, 1351),
        Column(1351, 1540, "quantity", "Кол-во"),
    ]
    body = [Line([w("серверов", 952), w("за", 1181), w("1", 1508)])]
    joined = _join_name_overflow(cols, body)
    assert [(c.kind, c.x0, c.x1) for c in joined] == [
        ("name", 268, 1351),
        ("quantity", 1351, 1540),
    ]
    # A headerless column of numbers (an unnamed code column) stays.
    body = [Line([w("серверов", 952), w("4410", 1181), w("1", 1508)])]
    assert (
        len(_join_name_overflow([Column(268, 1171, "name", "Наим"), Column(1171, 1351)], body)) == 2
    )


def test_the_title_names_the_document_not_a_clause_that_mentions_another() -> None:
    from teamtask.ocr.extract import extract

    def lines(*texts: str) -> list[Line]:
        return [Line(words_at(100 + 50 * i, (40, text))) for i, text in enumerate(texts)]

    contract = extract(
        lines(
            "ДОГОВОР ПОСТАВКИ № 17/2025",
            "г. Самара «10» августа 2025 г.",
            "3.2. Передача Товара оформляется товарной накладной (УПД).",
            "Настоящий договор действует до 31.12.2026.",
        )
    )
    assert contract.doc_type == "contract"
    assert contract.values["number"].value == "17/2025"
    assert contract.values["date"].value == "2025-08-10"
    assert contract.values["contract_term"].value == "2026-12-31"
    upd = extract(lines("Универсальный передаточный документ", "Счет-фактура № 5 от 01.02.2026"))
    assert upd.doc_type == "upd"
    # A tenth held-out corpus: a bold "Счёт" whose С came back as "(".
    invoice = extract(lines("Получатель ООО «Вектор»", "(чёт № 352 от 8 июня 2026 г."))
    assert invoice.doc_type == "invoice"
    assert (invoice.values["number"].value, invoice.values["date"].value) == ("352", "2026-06-08")
    assert extract(lines("Расчет № 5 от 01.02.2026")).doc_type == "unknown"


def test_a_contracts_vat_sentence_wrapped_after_the_word_nds() -> None:
    """Held-out contracts: the price clause breaks its line right after "НДС"."""
    from teamtask.ocr.extract import extract

    def lines(*texts: str) -> list[Line]:
        return [Line(words_at(100 + 50 * i, (40, text))) for i, text in enumerate(texts)]

    head = "2.1. Общая сумма Договора составляет 50 000,00 руб. (Пятьдесят тысяч рублей 00 копеек),"
    found = extract(lines("ДОГОВОР ПОСТАВКИ № 7", f"{head} в том числе НДС", "22% —9016,39 руб."))
    assert (found.values["vat_rate"].value, found.values["vat"].value) == ("22", "9016.39")
    assert found.values["total"].value == "50000.00"
    found = extract(
        lines("ДОГОВОР ПОСТАВКИ № 7", f"{head} НДС", "не облагается в связи с применением УСН")
    )
    assert (found.values["vat_rate"].value, found.values["vat"].value) == ("без НДС", "0.00")
    # Broken after "НДС не" (a held-out contract), and the other ways a contract says it.
    for first, second in [
        (f"{head} НДС не", "облагается в связи с применением упрощенной системы"),
        (f"{head} НДС не предусмотрен.", "3. Порядок расчетов"),
        (f"{head} НДС не начисляется", "на основании ст. 346.11 НК РФ."),
        (f"{head} не облагается НДС.", "3. Порядок расчетов"),
        (f"{head} Поставщик освобожден от уплаты НДС.", "3. Порядок расчетов"),
    ]:
        found = extract(lines("ДОГОВОР ПОСТАВКИ № 7", first, second))
        assert (found.values["vat_rate"].value, found.values["vat"].value) == ("без НДС", "0.00")
    # The price without VAT is no contract without VAT.
    found = extract(
        lines("ДОГОВОР ПОСТАВКИ № 7", f"{head} без учета НДС.", "НДС 22% начисляется сверх цены.")
    )
    assert found.values.get("vat_rate") is None or found.values["vat_rate"].value != "без НДС"


@pytest.mark.parametrize("word", ["Договора", "Логовора", "договора"])
def test_a_contracts_total_with_its_word_for_contract_misread(word: str) -> None:
    """A held-out contract: "Договора" read "Логовора" in the price clause."""
    from teamtask.ocr.extract import extract

    texts = ("ДОГОВОР ПОСТАВКИ № 8/2025", f"2.1. Общая сумма {word} составляет 50 000,00 руб.")
    found = extract([Line(words_at(100 + 50 * i, (40, t))) for i, t in enumerate(texts)])
    assert found.values["total"].value == "50000.00"


@pytest.mark.parametrize("label", ["Поставщик", "Тоставщик", "Ноставщик"])
def test_a_label_centred_on_a_two_line_cell_names_both_lines(label: str) -> None:
    """ТОРГ-12: "Поставщик" sits between the two lines of its value; a rotated scan reads
    its П as Т or Н."""
    from teamtask.ocr.extract import extract

    words = (
        words_at(100, (400, 'АО "Агроснаб", ИНН 5458734620, КПП 545843001, р/с'))
        + words_at(125, (40, label))
        + words_at(150, (400, "40701810280968593454, БИК 044625471"))
        + words_at(220, (40, "Плательщик"), (400, "ИП Осипова Елена Юрьевна, ИНН 163869347913"))
    )
    found = extract(group_lines(words, 0)).values
    assert found["supplier_name"].value == 'АО "Агроснаб"'
    assert (found["supplier_inn"].value, found["supplier_kpp"].value) == (
        "5458734620",
        "545843001",
    )
    assert found["buyer_inn"].value == "163869347913"


def test_a_quoted_name_whose_open_quote_was_read_twice_is_whole() -> None:
    """Held-out УПД, noisy copy: the buyer read `АО "'Монолит-М"`; the name ended at the
    second mark, `АО ""`."""
    from teamtask.ocr.extract import extract

    words = words_at(100, (40, 'Продавец: ООО "Вектор", ИНН 7707083893')) + words_at(
        160, (40, 'Покупатель: АО "\'Монолит-М", ИНН 5414382064')
    )
    found = extract(group_lines(words, 0)).values
    assert found["buyer_name"].value == 'АО "Монолит-М"'
    assert found["supplier_name"].value == 'ООО "Вектор"'


@pytest.mark.parametrize("label", ["|лательщик", "[лательщик", "лательщик"])
def test_a_centred_label_whose_first_letter_came_back_as_a_stroke_names_its_party(
    label: str,
) -> None:
    """Held-out ТОРГ-12, rotated and noisy copies: "Плательщик", centred on its two-line
    cell, came back "|лательщик" (and "[лательщик" at 200 dpi); the buyer's ИНН/КПП went unfound and the supplier's
    section ran on into the buyer's line."""
    from teamtask.ocr.extract import extract

    words = (
        words_at(100, (400, "ИП Лебедев Денис Константинович, ИНН 786574882638, р/с"))
        + words_at(125, (40, "Поставщик"))
        + words_at(150, (400, 'ПАО "МТС-Банк", БИК 046726139'))
        + words_at(210, (400, 'ЗАО "Монолит-М", ИНН/КПП 2333200169/233301001, р/с'))
        + words_at(235, (40, label))
        + words_at(260, (400, 'АО "ОТП Банк", БИК 046240327'))
    )
    found = extract(group_lines(words, 0)).values
    assert found["supplier_inn"].value == "786574882638"
    assert "supplier_kpp" not in found
    assert found["buyer_name"].value == 'ЗАО "Монолит-М"'
    assert (found["buyer_inn"].value, found["buyer_kpp"].value) == ("2333200169", "233301001")


def test_a_centred_label_read_garbled_with_a_piece_read_again_names_its_party() -> None:
    """Held-out ТОРГ-12 (clean scan): the centred "Поставщик" came back "1юоставщик" 34, and
    a piece of its ink read again as "поста" 94 inside its box; the supplier's ИНН, КПП and
    БИК went unfound."""
    from dataclasses import replace

    from teamtask.ocr.extract import extract

    (label,) = words_at(125, (40, "1юоставщик"))
    label = replace(label, conf=34.0)
    piece = Word("поста", label.x0 + 20, label.y0, label.x0 + 90, label.y1, 94.0)
    words = [
        *words_at(100, (400, "ЗАО «Стройресурс», ИНН 5249662756, КПП 524901001, р/с")),
        label,
        piece,
        *words_at(150, (400, "045895517, к/с 30101810700000000517")),
        *words_at(200, (40, 'Плательщик ЗАО "ИнтерСвязь", ИНН 6655503415, КПП 665501001')),
    ]
    found = extract(group_lines(words, 0)).values
    assert (found["supplier_inn"].value, found["supplier_kpp"].value) == (
        "5249662756",
        "524901001",
    )
    assert found["buyer_inn"].value == "6655503415"
    # A word of its own beside the label, however sure, is text: the label stays put.
    other = replace(piece, x0=label.x1 + 20, x1=label.x1 + 90)
    words[words.index(piece)] = other
    assert "supplier_inn" not in extract(group_lines(words, 0)).values


def test_a_label_whose_first_letter_was_lost_names_its_party_on_its_line() -> None:
    """Held-out ТОРГ-12 (clean scan): "Плательщик" came back "лательщик", its П read as
    nothing at all, and the buyer's ИНН/КПП went unfound."""
    from teamtask.ocr.extract import extract

    words = words_at(
        100, (40, 'Поставщик ООО "Балтийская логистика", ИНН 5443144681, КПП 544343001')
    ) + words_at(150, (40, "лательщик ООО «Монолит-М», ИНН 5098991523, КПП 509845001"))
    found = extract(group_lines(words, 0)).values
    assert found["buyer_name"].value == 'ООО "Монолит-М"'
    assert (found["buyer_inn"].value, found["buyer_kpp"].value) == ("5098991523", "509845001")
    assert found["supplier_inn"].value == "5443144681"


def test_a_centred_label_beside_an_unsure_speck_reading_names_both_lines() -> None:
    """A speck read as an unsure word ("ИЦ!" 32) beside the lone label does not make the
    label a line of text of its own."""
    from dataclasses import replace

    from teamtask.ocr.extract import extract

    (speck,) = words_at(125, (300, "ИЦ!"))
    words = (
        words_at(100, (400, "ИП Белова Наталья Сергеевна, ИНН 165200820603, р/с"))
        + words_at(125, (40, "Поставщик"))
        + [replace(speck, conf=32.0)]
        + words_at(150, (400, "40802810556921515968, БИК 044060160"))
        + words_at(220, (40, "Плательщик"), (400, 'ПАО "Монолит-М", ИНН 7845420800'))
    )
    found = extract(group_lines(words, 0)).values
    assert found["supplier_inn"].value == "165200820603"
    assert found["bik"].value == "044060160"
    # A few signs with no Russian letter, however sure ("iL!" 60), are a speck's too.
    at = len(words_at(100, (400, "ИП Белова Наталья Сергеевна, ИНН 165200820603, р/с"))) + 1
    words[at] = replace(speck, text="iL!", conf=60.0)
    assert extract(group_lines(words, 0)).values["supplier_inn"].value == "165200820603"
    # A sure word beside it is text: the label is not moved (the supplier is not found
    # on the lines around it).
    words[at] = replace(speck, text="Смирнов", conf=95.0)
    assert "supplier_inn" not in extract(group_lines(words, 0)).values


def test_requisites_in_a_grid_of_labels_and_values() -> None:
    from teamtask.ocr.extract import extract

    words = (
        words_at(100, (40, "Получатель:"))
        + words_at(150, (40, "Получатель"), (500, "ИП Белова Наталья Сергеевна"))
        + words_at(200, (40, "ИНН"), (500, "527604748310"))
        + words_at(250, (40, "Банк получателя"), (500, "Банк ВТБ (ПАО)"))
        + words_at(300, (40, "БИК"), (500, "043898245"))
    )
    found = extract(group_lines(words, 0)).values
    assert found["supplier_name"].value == "ИП Белова Наталья Сергеевна"
    assert found["supplier_inn"].value == "527604748310"
    assert found["bank_name"].value == "Банк ВТБ (ПАО)"
    assert found["bik"].value == "043898245"


def test_a_bank_name_wrapped_before_its_bik_is_read_whole() -> None:
    """ТОРГ-12: "… в банке ТОЧКА ПАО" / "БАНКА "ФК ОТКРЫТИЕ", БИК 045656115, …"."""
    from teamtask.ocr.extract import extract

    words = (
        words_at(100, (400, 'ООО "Инфосистемы", ИНН/КПП 7780819150/778001001, в банке ТОЧКА ПАО'))
        + words_at(125, (40, "Поставщик"))
        + words_at(150, (400, 'БАНКА "ФК ОТКРЫТИЕ", БИК 045656115, к/с 30101810200000000115'))
    )
    found = extract(group_lines(words, 0)).values
    assert found["bank_name"].value == 'ТОЧКА ПАО БАНКА "ФК ОТКРЫТИЕ"'
    assert found["bik"].value == "045656115"
    # A line that does not run on to the БИК is not the name's rest.
    words = words_at(100, (400, "р/с 40702810106512530970 в банке АО Банк")) + words_at(
        150, (400, "Адрес: г. Самара, ул. Ленина, д. 1")
    )
    assert extract(group_lines(words, 0)).values["bank_name"].value == "АО Банк"
    # Nor is a line of the bank's codes ("БИК … к/с …").
    words = words_at(100, (400, 'р/с 40702810106512530970 в банке АО "Альфа-Банк"')) + words_at(
        150, (400, "БИК 040126841 к/с 30101810200000000593")
    )
    assert extract(group_lines(words, 0)).values["bank_name"].value == 'АО "Альфа-Банк"'


def test_a_contracts_vat_amount_follows_its_rate_on_the_next_line() -> None:
    """Held-out contract: "…в том числе НДС 22% —" / "18 032,79 руб.": the kopecks in words
    before the rate ("00 копеек") are no VAT amount."""
    from teamtask.ocr.extract import extract

    def lines(*texts: str) -> list[Line]:
        return [Line(words_at(100 + 50 * i, (40, text))) for i, text in enumerate(texts)]

    head = "2.1. Общая сумма Договора составляет 100 000,00 руб. (Сто тысяч рублей 00 копеек),"
    found = extract(
        lines("ДОГОВОР ПОСТАВКИ № 7", f"{head} в том числе НДС 22% —", "18 032,79 руб.")
    ).values
    assert (found["vat_rate"].value, found["vat"].value) == ("22", "18032.79")
    assert found["total"].value == "100000.00"
    found = extract(lines("ДОГОВОР ПОСТАВКИ № 7", f"{head} в том числе НДС 22% — 18 032,79 руб."))
    assert found.values["vat"].value == "18032.79"
    # Words after the rate and no amount: the VAT is not there to read, not the total.
    found = extract(lines("ДОГОВОР ПОСТАВКИ № 7", f"{head} в том числе НДС 22% по ставке"))
    assert found.values["vat_rate"].value == "22"
    assert "vat" not in found.values


def test_a_upd_label_wrapped_in_its_cell_still_names_the_sellers_inn() -> None:
    """Held-out УПД (text layer): "ИНН/КПП" beside its value, "продавца:" on the next line."""
    from teamtask.ocr.extract import extract

    words = (
        words_at(100, (40, "Счет-фактура № 339 от «02» апреля 2026 г. (1)"))
        + words_at(150, (400, 'Продавец: ПАО "Монолит-М" (2)'))
        + words_at(175, (40, "Статус: 1"), (400, "Адрес: 101067, г. Москва, д. 73 (2а)"))
        + words_at(200, (40, "передаточный документ (акт)"), (400, "ИНН/КПП 5266826355/526643001"))
        + words_at(225, (400, "продавца: (2б)"))
        + words_at(300, (400, "ИНН/КПП покупателя: 2399446533/239945001 (6б)"))
    )
    found = extract(group_lines(words, 0)).values
    assert (found["supplier_inn"].value, found["supplier_kpp"].value) == (
        "5266826355",
        "526643001",
    )
    assert found["buyer_inn"].value == "2399446533"
    # A pair whose next line names no party is nobody's.
    words = words_at(200, (400, "ИНН/КПП 5266826355/526643001")) + words_at(225, (400, "адрес: —"))
    assert "supplier_inn" not in extract(group_lines(words, 0)).values


def test_an_inn_read_with_a_space_inside_is_one_number_where_it_checks() -> None:
    """Held-out contract scan: "ИНН 7701 143112" (a kerned 1) under "Поставщик"."""
    from teamtask.ocr.extract import extract

    def requisites(inn: str) -> list[Line]:
        words = (
            words_at(100, (40, "ДОГОВОР ПОСТАВКИ № 71-П/26"))
            + words_at(200, (40, "Поставщик"), (900, "Покупатель"))
            + words_at(230, (40, 'ООО "Инфосистемы"'), (900, "ПАО «Уралтехкомплект»"))
            + words_at(260, (40, f"ИНН {inn} / КПП 770101001"), (900, "ИНН 1661660368"))
            + words_at(290, (40, "Р/с 40701810363023980647"), (900, "Р/с 40701810684427861228"))
        )
        return group_lines(words, 0)

    found = extract(requisites("7701 143112")).values
    assert code_digits(found["supplier_inn"].value) == "7701143112"
    assert found["buyer_inn"].value == "1661660368"
    # Two numbers whose digits joined do not check are not one.
    assert "supplier_inn" not in extract(requisites("7701 143113")).values


def test_a_boxed_party_heading_read_with_a_rules_remnant_still_heads_its_column() -> None:
    """Held-out contract scan: the headings' box left "[Покупатель" (and "Поставщик"
    read unsurely); the requisites below still go to their parties."""
    from teamtask.ocr.extract import extract

    words = (
        words_at(100, (40, "ДОГОВОР ПОСТАВКИ № 6/2025"))
        + words_at(200, (40, "Поставщик"), (900, "[Покупатель"))
        + words_at(230, (40, 'ООО "Северсталь-Комплект"'), (900, "ООО «Нева-Электро»"))
        + words_at(260, (40, "ИНН 6694870521 / КПП 669401001"), (900, "141, пом. 32-Н"))
        + words_at(290, (40, "Р/с 40701810655564703207"), (900, "ИНН 7835996401 / КПП 783501001"))
    )
    found = extract(group_lines(words, 0)).values
    assert found["supplier_inn"].value == "6694870521"
    assert found["buyer_inn"].value == "7835996401"
    assert found["buyer_kpp"].value == "783501001"
    assert found["supplier_name"].value == 'ООО "Северсталь-Комплект"'
    # A quote read twice before the name ("'Северсталь…) closes no empty name: the
    # preamble's name stands.
    garbled = [
        Word('"\'Северсталь-Комплект"', w.x0, w.y0, w.x1, w.y1, 30)
        if w.text == '"Северсталь-Комплект"'
        else w
        for w in words
    ]
    preamble = words_at(150, (40, 'ООО "Северсталь-Комплект", именуемое в дальнейшем «Поставщик»'))
    found = extract(group_lines(garbled + preamble, 0)).values
    assert found["supplier_name"].value == 'ООО "Северсталь-Комплект"'
    # A noisy copy's "'Покунатель" (п read as н) heads the buyer's column too.
    noisy = [replace(w, text="'Покунатель") if w.text == "[Покупатель" else w for w in words]
    assert extract(group_lines(noisy, 0)).values["buyer_inn"].value == "7835996401"
    # A rotated copy's "Ноставщик" (its П read as Н) heads the supplier's column.
    rotated = [replace(w, text="Ноставщик") if w.text == "Поставщик" else w for w in words]
    found = extract(group_lines(rotated, 0)).values
    assert found["supplier_inn"].value == "6694870521"
    assert found["buyer_inn"].value == "7835996401"


def test_a_bank_name_set_below_its_bik_is_the_line_over_its_label() -> None:
    """Held-out 1C invoice (text layer): the bank's name sits lower in its cell of two
    rows than "БИК" beside it, so the page's lines put the БИК first and the name alone
    on the line above "Банк получателя"."""
    from teamtask.ocr.extract import extract

    # The text layer's boxes as printed (the name's quotes reach below its baseline).
    words = [
        Word("АО", 92, 106, 122, 122, 95),
        Word('"Альфа-Банк"', 128, 106, 270, 127, 95),
        Word("Банк", 92, 134, 128, 145, 95),
        Word("получателя", 132, 134, 220, 149, 95),
        Word("БИК", 671, 99, 715, 115, 95),
        Word("049109207", 772, 99, 884, 115, 95),
        Word("Сч.", 671, 135, 704, 151, 95),
        Word("№", 710, 135, 732, 151, 95),
        Word("30101810800000000207", 772, 135, 1021, 151, 95),
    ]
    found = extract(group_lines(words, 0)).values
    assert found["bank_name"].value == 'АО "Альфа-Банк"'
    assert found["bik"].value == "049109207"
    # A line of codes over the label is no name.
    words = words_at(112, (90, "БИК 049109207 АО")) + words_at(140, (90, "Банк получателя"))
    assert "bank_name" not in extract(group_lines(words, 0)).values


@pytest.mark.parametrize("word", ["накладной", "наклапной"])
def test_a_waybills_total_is_its_grand_total_under_the_net_and_the_vat(word: str) -> None:
    """A waybill prints "Итого" (net), "Сумма НДС" and "Всего по накладной" (gross) under
    its table; a bold serif's д read п ("наклапной") still names the grand total."""
    from teamtask.ocr.extract import extract

    texts = (
        "Товарная накладная № ЦБ-529 от 12 марта 2026 г.",
        "Итого: 159 759,88",
        "Сумма НДС: 35 147,18",
        f"Всего по {word}: 194 907,06",
    )
    found = extract([Line(words_at(100 + 50 * i, (40, t))) for i, t in enumerate(texts)])
    assert (found.values["total"].value, found.values["vat"].value) == ("194907.06", "35147.18")
