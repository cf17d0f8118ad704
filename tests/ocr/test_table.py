"""Table structure: headers, rows and columns from word boxes laid out by hand.

Each layout copies what OCR returned on a ruled form printed in a font the engine was
not tuned on: a speck read as a digit in the header, a misread column number, a number
box set a line too high, a row cut by a page break, a header cell read as junk.
"""

from __future__ import annotations

from dataclasses import replace

from teamtask.ocr.columns import kopecks_by_arithmetic, kopecks_lost, unit_of
from teamtask.ocr.document import Item
from teamtask.ocr.header import column_kind, numbering_row
from teamtask.ocr.layout import Line, PageLayout, group_lines
from teamtask.ocr.load import Word
from teamtask.ocr.recognize import Rule
from teamtask.ocr.table import extract_items

from .test_parse import words_at


def line(y: float, *cells: tuple[float, str]) -> list[Word]:
    return words_at(y, *cells, char_w=16, gap=10)


def ruled_page(words: list[Word], xs: list[float], ys: list[float], index: int = 0) -> PageLayout:
    """A page whose table is ruled at `xs` (columns) and `ys` (rows), spanning both."""
    vrules = [Rule(x, ys[0], ys[-1]) for x in xs]
    hrules = [Rule(y, xs[0], xs[-1]) for y in ys]
    return PageLayout(group_lines(words, index), 2480, 3508, 300, hrules, vrules)


def fields(items: list[Item]) -> list[tuple[str | None, ...]]:
    return [(it.name, it.article, it.quantity, it.unit, it.price, it.amount) for it in items]


def bolt_and_cable_rows() -> list[Word]:
    """Two item rows under a ТОРГ-12-like header (unit at 760, quantity, price, amount)."""
    return (
        line(160, (120, "1"), (200, "Болт М8"), (760, "шт"), (900, "10"), (1050, "12,00"))
        + line(160, (1250, "120,00"))
        + line(210, (120, "2"), (200, "Кабель"), (760, "м"), (900, "0,5"), (1050, "40,00"))
        + line(210, (1250, "20,00"))
    )


# ТОРГ-12-like: № | name | unit | quantity | price | amount.
TORG_X = [100.0, 160.0, 700.0, 850.0, 1000.0, 1200.0, 1450.0]


def test_a_stray_digit_in_the_header_does_not_end_it_before_the_column_numbers() -> None:
    """A speck read as "2" starts a header line: that line, the header lines below it and
    the column-numbering row are header, not an item ("2", "3", … as name and amounts)."""
    words = (
        line(100, (110, "№"), (200, "Товар"), (710, "Ед."), (860, "Кол-во"), (1010, "Цена,"))
        + line(100, (1210, "Сумма"))
        + line(140, (620, "2"), (710, "изм."), (1010, "руб."), (1210, "руб."))
        + line(180, (200, "наименование,"), (860, "(нетто)"))
        + line(235, (120, "1"), (400, "2"), (760, "3"), (900, "4"), (1100, "5"), (1300, "6"))
        + line(290, (120, "1"), (200, "Болт М8"), (760, "шт"), (900, "10"), (1050, "12,00"))
        + line(290, (1250, "120,00"))
    )
    page = ruled_page(words, TORG_X, [90, 225, 280, 330])
    items, _, _, _ = extract_items(page)
    assert fields(items) == [("Болт М8", None, "10", "шт", "12.00", "120.00")]


# УПД-like: article | № | name | unit | quantity | price | net | gross.
UPD_X = [100.0, 250.0, 310.0, 700.0, 850.0, 1000.0, 1200.0, 1450.0, 1700.0]
UPD_TITLES = (
    line(100, (110, "Код"), (260, "№"), (320, "Наименование"), (710, "Единица"))
    + line(100, (860, "Количество"), (1010, "Цена"), (1210, "Стоимость"), (1460, "Стоимость"))
    + line(140, (110, "товара"), (260, "п/п"), (320, "товара"), (710, "измерения"))
    + line(140, (860, "(объем)"), (1010, "(тариф)"), (1210, "без налога"), (1460, "с налогом"))
)
# The column numbers, "1а" misread as "Та".
UPD_NUMBERS = line(190, (150, "А"), (270, "1"), (450, "Та"), (760, "2"), (900, "3")) + line(
    190, (1100, "4"), (1300, "5"), (1550, "6")
)
UPD_HEADER = UPD_TITLES + UPD_NUMBERS


def upd_row(y: float, code: str, n: str, name: str, figures: tuple[str, ...]) -> list[Word]:
    """A УПД item row under UPD_HEADER: code, number, name (may be empty), then unit,
    quantity, price, amount and gross amount."""
    unit, qty, price, amount, gross = figures
    cells = [(110, code), (270, n)] + ([(320, name)] if name else [])
    return line(y, *cells, (760, unit), (900, qty)) + line(
        y, (1050, price), (1250, amount), (1500, gross)
    )


def test_a_tall_form_header_in_many_short_lines_runs_down_to_its_column_numbers() -> None:
    """A УПД header whose cells are set in their middles comes back as many short lines: a
    speck read "13" opens one, the "— всего" of two amount columns stands on one of its
    own, and the column numbers follow five lines below the seeming end. All of it is
    header; the rows under the numbers are the items."""
    words = (
        UPD_TITLES
        + line(180, (620, "13"), (1460, "покупателю"))
        + line(220, (320, "услуг"), (710, "измерения"), (1210, "прав"))
        + line(260, (1460, "партии"))
        + line(300, (1210, "всего"), (1460, "всего"))
        + line(340, (320, "права"))
        + line(380, (150, "А"), (270, "1"), (450, "1а"), (760, "2"), (900, "3"))
        + line(380, (1100, "4"), (1300, "5"), (1550, "6"))
        + upd_row(440, "—", "1", "Болт М8", ("шт", "10", "12,00", "120,00", "144,00"))
    )
    page = ruled_page(words, UPD_X, [90, 370, 410, 480])
    items, _, _, _ = extract_items(page)
    assert fields(items) == [("Болт М8", None, "10", "шт", "12.00", "120.00")]


def test_a_price_column_named_by_its_unit_alone_is_the_price() -> None:
    """A blurred УПД header lost "Цена (тариф)" of "Цена (тариф) за единицу измерения" and
    "условное обозначение" of the unit's "(национальное)": the column of money the rest
    names a unit is the price, and the unit is the column its cells show."""
    titles = (
        line(100, (110, "Код"), (260, "№"), (320, "Наименование"), (710, "(национальное"))
        + line(100, (860, "Количество"), (1010, "за"), (1210, "Стоимость"), (1460, "Стоимость"))
        + line(140, (110, "товара"), (260, "п/п"), (320, "товара"))
        + line(140, (860, "(объем)"), (1010, "единицу"), (1210, "без налога"), (1460, "с налогом"))
        + line(180, (1010, "измерения"))
    )
    words = (
        titles
        + upd_row(250, "АБ-1", "1", "Болт М8", ("шт", "10", "12,00", "120,00", "144,00"))
        + upd_row(300, "КБ-2", "2", "Кабель", ("м", "2,5", "40,00", "100,00", "120,00"))
    )
    page = ruled_page(words, UPD_X, [90, 230, 280, 330])
    items, _, _, _ = extract_items(page)
    assert fields(items) == [
        ("Болт М8", "АБ-1", "10", "шт", "12.00", "120.00"),
        ("Кабель", "КБ-2", "2.5", "м", "40.00", "100.00"),
    ]


def test_a_long_column_numbering_row_may_have_a_few_numbers_misread() -> None:
    def row(*texts: str) -> Line:
        return Line([Word(t, 100 * i, 0, 100 * i + 30, 30) for i, t in enumerate(texts)])

    upd = ["А", "1", "1а", "16", "2", "2а", "3", "4", "5", "6", "7", "8", "9", "10", "11"]
    assert numbering_row(row(*upd))
    assert numbering_row(row(*["Та" if t == "1а" else t for t in upd]))  # "1а" misread
    misread = {"А": "ОА", "1а": "Та", "2а": "2;"}  # a rotated scan's reading
    assert numbering_row(row(*[misread.get(t, t) for t in upd]))
    # Too many misreads, one in a short row, or an amount make no numbering row.
    assert not numbering_row(row(*[f"x{t}" if i % 3 == 0 else t for i, t in enumerate(upd)]))
    assert not numbering_row(row("1", "2", "Та", "4", "5"))
    assert not numbering_row(row("1", "Ручка", "шт", "5", "7", "8", "9", "10"))
    assert not numbering_row(row("1", "2", "3", "4", "5", "6", "7", "8", "12,00"))


def test_a_row_that_starts_with_its_article_is_no_header_line() -> None:
    """A УПД row opens with the article, not a row number: its amounts end the header even
    where no column-numbering row does (a form without one, or one OCR lost)."""
    words = (
        UPD_TITLES
        + upd_row(200, "АБ-1", "1", "Болт", ("шт", "10", "12,00", "120,00", "144,00"))
        + line(240, (320, "М8 оцинк."))
    )
    page = ruled_page(words, UPD_X, [90, 180, 280])
    items, _, _, _ = extract_items(page)
    assert fields(items) == [("Болт М8 оцинк.", "АБ-1", "10", "шт", "12.00", "120.00")]


def test_a_ruled_row_keeps_a_number_ocr_set_a_line_higher() -> None:
    """In a ruled row of three lines, the gross amount's box came out level with the
    name's first line: that line is no row of its own, the rules still bound the rows."""
    words = (
        UPD_HEADER
        + upd_row(250, "АБ-1", "1", "Болт", ("шт", "10", "12,00", "120,00", "144,00"))
        + line(330, (320, "Гайка"), (1500, "36,00"))
        + line(370, (110, "ГК-8"), (270, "2"), (320, "шестигр."), (760, "шт"), (900, "10"))
        + line(370, (1050, "3,00"), (1250, "30,00"))
        + line(410, (320, "М8"))
    )
    page = ruled_page(words, UPD_X, [90, 180, 230, 320, 450])
    items, _, _, _ = extract_items(page)
    assert fields(items) == [
        ("Болт", "АБ-1", "10", "шт", "12.00", "120.00"),
        ("Гайка шестигр. М8", "ГК-8", "10", "шт", "3.00", "30.00"),
    ]


def test_a_row_cut_by_the_page_break_ends_its_name_on_the_next_page() -> None:
    """The page break cut the last row after its first line: the next page opens with a
    ruled row holding only the rest of the name, which belongs to that last item."""
    page1 = UPD_HEADER + upd_row(
        250, "ЛС-5", "1", "Светодиодная", ("шт", "2", "10,00", "20,00", "24,00")
    )
    items, _, _, table = extract_items(ruled_page(page1, UPD_X, [90, 180, 230, 300]))
    page2 = line(110, (320, "лента 5 м")) + upd_row(
        180, "АБ-1", "2", "Болт М8", ("шт", "10", "12,00", "120,00", "144,00")
    )
    more, _, _, _ = extract_items(ruled_page(page2, UPD_X, [90, 160, 230], index=1), table)
    assert fields(items) == [("Светодиодная лента 5 м", "ЛС-5", "2", "шт", "10.00", "20.00")]
    assert fields(more) == [("Болт М8", "АБ-1", "10", "шт", "12.00", "120.00")]


def test_a_cut_rows_rest_above_a_tall_row_is_found_by_the_tables_top_rule() -> None:
    """Seen in a held-out УПД PDF: the rest of the cut name ("листов") stands in a row of
    its own under the table's top rule, far above the next row's numbers (that row's name
    wraps above and below them); a dash in the code column is no article."""
    page1 = UPD_HEADER + upd_row(
        250, "—", "1", "Степлер до 20", ("шт", "1", "441,65", "441,65", "529,98")
    )
    items, _, _, table = extract_items(ruled_page(page1, UPD_X, [90, 180, 230, 300]))
    page2 = (
        line(100, (320, "листов"))
        + line(150, (320, "Антисептик для рук 1"))
        + upd_row(190, "—", "2", "", ("шт", "20", "12,00", "240,00", "288,00"))
        + line(230, (320, "л"))
    )
    more, _, _, _ = extract_items(ruled_page(page2, UPD_X, [90, 140, 270], index=1), table)
    assert fields(items) == [("Степлер до 20 листов", None, "1", "шт", "441.65", "441.65")]
    assert fields(more) == [("Антисептик для рук 1 л", None, "20", "шт", "12.00", "240.00")]


def test_the_unit_column_is_known_by_its_cells_when_its_header_is_junk() -> None:
    """ "Ед. изм." on two lines of a narrow cell read as one junk word ("т"): a column of
    units of measure under it is still the unit column."""
    words = (
        line(100, (110, "№"), (200, "Товар"), (720, "т"), (860, "Количество"), (1010, "Цена"))
        + line(100, (1210, "Сумма"))
        + bolt_and_cable_rows()
    )
    page = ruled_page(words, TORG_X, [90, 150, 200, 250])
    items, _, _, _ = extract_items(page)
    assert [(it.name, it.unit) for it in items] == [("Болт М8", "шт"), ("Кабель", "м")]


def test_the_code_column_is_known_by_its_cells_when_its_header_is_junk() -> None:
    """Held-out invoice: a bold "Код товара" in a narrow cell read "Ко од" / "тов: ‚ар а";
    a column of one code-shaped word per row under it is the goods' code."""
    xs = [100.0, 160.0, 330.0, 800.0, 950.0, 1100.0, 1300.0, 1550.0]

    def rows(first: str, second: str) -> list[Word]:
        return (
            line(190, (120, "1"), (170, first), (340, "Цемент М500"), (820, "10"))
            + line(190, (960, "меш"), (1150, "12,00"), (1350, "120,00"))
            + line(240, (120, "2"), (170, second), (340, "Кабель"), (820, "5"))
            + line(240, (960, "м"), (1150, "4,00"), (1350, "20,00"))
        )

    header = (
        line(100, (110, "N"), (170, "Ко од"), (340, "Наименование"), (810, "Кол."))
        + line(100, (960, "Ед."), (1110, "Цена"), (1310, "Сумма"))
        + line(140, (170, "тов: ‚ар а"))
    )
    page = ruled_page(header + rows("Ц-500", "ПН-L"), xs, [90, 170, 220, 270])
    items, _, _, _ = extract_items(page)
    assert [(it.name, it.article) for it in items] == [("Цемент М500", "Ц-500"), ("Кабель", "ПН-L")]
    # Numbers alone (an ОКЕИ code, a row's number) or words alone (a country) are no codes.
    for first, second in (("796", "006"), ("Китай", "Россия")):
        page = ruled_page(header + rows(first, second), xs, [90, 170, 220, 270])
        items, _, _, _ = extract_items(page)
        assert [it.article for it in items] == [None, None]


def test_a_unit_column_of_codes_is_the_okei_code() -> None:
    """ "Единица измерения" over "код" and "условное обозначение" with both sub-headers
    misread: the column of numeric codes is ОКЕИ, the one of units is the unit."""
    xs = [100.0, 160.0, 700.0, 800.0, 950.0, 1100.0, 1300.0, 1550.0]
    words = (
        line(100, (110, "№"), (200, "Товар"), (710, "Единица"), (960, "Количество"))
        + line(100, (1110, "Цена"), (1310, "Сумма"))
        + line(140, (710, "измерения:"), (810, "словное"))
        + line(190, (120, "1"), (200, "Болт М8"), (720, "796"), (860, "шт"), (1000, "10"))
        + line(190, (1150, "12,00"), (1350, "120,00"))
        + line(240, (120, "2"), (200, "Кабель"), (720, "006"), (860, "м"), (1000, "0,5"))
        + line(240, (1150, "40,00"), (1350, "20,00"))
    )
    page = ruled_page(words, xs, [90, 180, 230, 280])
    items, _, _, _ = extract_items(page)
    assert [(it.name, it.unit) for it in items] == [("Болт М8", "шт"), ("Кабель", "м")]


def test_a_column_ends_where_the_header_has_a_gap_too() -> None:
    """Unruled: "без налога" centred over right-aligned amounts reaches into the gap
    between the price and amount figures; the column boundary goes where neither the
    rows nor the header have a word, so "без" stays with its column."""
    words = (
        line(100, (200, "Товар"), (700, "Кол-во"), (900, "Цена"), (1110, "Стоимость"))
        + line(140, (1040, "без налога"))
        + line(200, (200, "Болт М8"), (720, "10"), (920, "12,00"), (1130, "120,00"))
        + line(250, (200, "Гайка М8"), (720, "10"), (936, "3,00"), (1146, "30,00"))
    )
    items, _, _, cols = extract_items(PageLayout(group_lines(words, 0), 2480, 3508, 300))
    assert cols is not None
    assert [c.kind for c in cols][-2:] == ["price", "net"]
    assert [(it.name, it.price, it.amount) for it in items] == [
        ("Болт М8", "12.00", "120.00"),
        ("Гайка М8", "3.00", "30.00"),
    ]


def test_columns_whose_rules_noise_broke_come_from_rivers() -> None:
    """Noise broke the table's left rules into pieces too short to keep: the horizontal
    rules still reach past the first vertical one, so the rows' rivers stand in for the
    lost rules (and the kept rules still bound the other columns)."""
    words = (
        line(100, (110, "№"), (200, "Товар"), (710, "Ед."), (860, "Кол-во"), (1010, "Цена,"))
        + line(100, (1210, "Сумма"))
        + bolt_and_cable_rows()
    )
    ys = [90.0, 150.0, 200.0, 250.0]
    vrules = [Rule(x, ys[0], ys[-1]) for x in TORG_X[2:]]  # 100 and 160 lost
    hrules = [Rule(y, TORG_X[0], TORG_X[-1]) for y in ys]
    page = PageLayout(group_lines(words, 0), 2480, 3508, 300, hrules, vrules)
    items, _, _, _ = extract_items(page)
    assert fields(items) == [
        ("Болт М8", None, "10", "шт", "12.00", "120.00"),
        ("Кабель", None, "0.5", "м", "40.00", "20.00"),
    ]


def test_a_hyphenated_name_boxed_apart_is_one_word_again() -> None:
    """A wrapped cell re-read from its crop gives "Папка-" beside "регистратор"."""
    from teamtask.ocr.table import _join_name

    first = line(400, (200, "Папка-"), (320, "регистратор"), (520, "75"))
    second = line(440, (200, "синяя"), (320, "-"), (350, "А4"))
    row = group_lines(first + second, 0)
    assert _join_name(row, first + second) == "Папка-регистратор 75 синяя - А4"
    # A rule's remnant read as a bar after the hyphen ("Папка-|", held out).
    barred = line(400, (200, "Папка-|"), (320, "регистратор"))
    assert _join_name(group_lines(barred, 0), barred) == "Папка-регистратор"


def test_a_sentence_split_by_a_dropped_dash_is_no_header() -> None:
    """A contract's clause names goods and quantities ("…принять и оплатить товар (далее —
    Товар) в ассортименте, количестве…"); where OCR dropped its dashes the gaps look like
    cells', but runs of that many words are prose: the table's own header comes below."""
    clause = "1.1. Поставщик обязуется передать в собственность Покупателя, а Покупатель"
    words = (
        line(60, (100, clause), (1330, "принять и оплатить товар (далее"))
        + line(60, (1870, "Товар) в ассортименте, количестве и по"))
        + line(100, (100, "ценам, согласованным Сторонами."))
        + line(160, (110, "№"), (200, "Наименование"), (710, "Ед."), (860, "Кол-во"))
        + line(160, (1010, "Цена,"), (1210, "Сумма"))
        + line(210, (120, "1"), (200, "Дюбель-гвоздь 6х40"), (760, "кг"), (900, "20"))
        + line(210, (1050, "1322,24"), (1250, "26444,80"))
    )
    page = ruled_page(words, TORG_X, [150, 200, 250])
    items, _, _, _ = extract_items(page)
    assert fields(items) == [("Дюбель-гвоздь 6х40", None, "20", "кг", "1322.24", "26444.80")]


def test_a_code_column_whose_k_was_lost_is_no_second_name_column() -> None:
    """УПД at 200 dpi: "Код товара/ работ, услуг" read "Ki од товара/ работ, услуг" names
    goods but no code; the column headed "Наименование" is the name all the same."""
    assert column_kind("Ki од товара/ работ, услуг") == "article"
    words = (
        line(100, (110, "товара/"), (260, "Наименование товара"), (710, "Кол-во"))
        + line(100, (860, "Цена"), (1010, "Сумма"))
        + line(160, (110, "ВВГ-325"), (260, "Кабель ВВГнг-LS 3х2,5"), (760, "250"))
        + line(160, (880, "6408,00"), (1030, "1602000,00"))
    )
    page = ruled_page(words, [100.0, 250.0, 700.0, 850.0, 1000.0, 1250.0], [90, 150, 200])
    items, _, _, _ = extract_items(page)
    assert [(it.name, it.quantity) for it in items] == [("Кабель ВВГнг-LS 3х2,5", "250")]


def test_the_upd_column_numbered_a_is_the_code_when_ocr_lost_its_heading() -> None:
    """A bold УПД header beside a rule: OCR lost "Код товара/" and kept "работ, услуг",
    which names goods; the column's number "А" still makes it the goods' code."""
    words = (
        line(100, (260, "№"), (320, "Наименование"), (710, "Единица"))
        + line(100, (860, "Количество"), (1010, "Цена"), (1210, "Стоимость"), (1460, "Стоимость"))
        + line(140, (110, "работ,"), (260, "п/п"), (320, "товара"), (710, "измерения"))
        + line(140, (860, "(объем)"), (1010, "(тариф)"), (1210, "без налога"), (1460, "с налогом"))
        + line(165, (110, "услуг"))
        + UPD_NUMBERS
        + upd_row(230, "СК-200", "1", "Стяжка", ("упак", "10", "183,00", "1830,00", "1830,00"))
    )
    page = ruled_page(words, UPD_X, [90, 180, 280])
    items, _, _, _ = extract_items(page)
    assert fields(items) == [("Стяжка", "CK-200", "10", "упак", "183.00", "1830.00")]


def test_a_bold_headers_letters_read_apart_still_name_their_columns() -> None:
    """A bold serif header read "Това р" and "Ко д": the cells name goods and a code."""
    words = (
        line(100, (110, "№"), (300, "Това р"), (710, "Ко д"), (860, "Количество"))
        + line(100, (1010, "Цена"), (1210, "Сумма"))
        + line(160, (120, "1"), (200, "Лента ПВХ 19 мм"), (720, "ЛИ-19"), (900, "12"))
        + line(160, (1050, "284,82"), (1250, "3417,84"))
    )
    page = ruled_page(words, [100.0, 160.0, 700.0, 850.0, 1000.0, 1200.0, 1450.0], [90, 150, 200])
    items, _, _, _ = extract_items(page)
    assert fields(items) == [("Лента ПВХ 19 мм", "ЛИ-19", "12", None, "284.82", "3417.84")]


def test_a_column_rule_a_seal_hides_below_the_header_still_bounds_its_column() -> None:
    """The rules around the unit column stop at the header's last line (a seal printed
    over the rows hides the rest): the unit column is still a column of its own."""
    words = (
        line(100, (110, "№"), (200, "Наименование"), (710, "Ед."), (860, "Кол-во"))
        + line(100, (1010, "Цена"), (1210, "Сумма"))
        + line(160, (120, "1"), (200, "Кабель ВВГнг-LS"), (760, "м"), (900, "3,2"))
        + line(160, (1030, "10935,72"), (1250, "34994,30"))
    )
    page = ruled_page(words, TORG_X, [90, 140, 200])
    page.vrules = [
        Rule(r.pos, r.start, 125.0) if r.pos in (700.0, 850.0) else r for r in page.vrules
    ]
    items, _, _, _ = extract_items(page)
    assert fields(items) == [("Кабель ВВГнг-LS", None, "3.2", "м", "10935.72", "34994.30")]


def test_of_two_quantity_columns_the_one_the_rows_fill_counts_the_goods() -> None:
    """Held-out ТОРГ-12 scan: "Количество в одном месте" with "одном месте" misread ("в
    0чем") names a quantity too; it is empty, and "Количество (масса нетто)" holds the
    goods' quantity."""
    xs = [100.0, 160.0, 700.0, 850.0, 1000.0, 1150.0, 1350.0, 1600.0]
    words = (
        line(100, (110, "№"), (200, "Товар"), (710, "Ед."), (860, "Количество"))
        + line(100, (1010, "Количество"), (1160, "Цена,"), (1360, "Сумма"))
        + line(140, (860, "в 0чем"), (1010, "(нетто)"), (1160, "руб."), (1360, "руб."))
        + line(210, (120, "1"), (200, "Болт М8"), (760, "шт"), (1050, "10"), (1200, "12,00"))
        + line(210, (1400, "120,00"))
        + line(260, (120, "2"), (200, "Кабель"), (760, "м"), (1050, "0,5"), (1200, "40,00"))
        + line(260, (1400, "20,00"))
    )
    page = ruled_page(words, xs, [90, 190, 240, 290])
    items, _, _, _ = extract_items(page)
    assert fields(items) == [
        ("Болт М8", None, "10", "шт", "12.00", "120.00"),
        ("Кабель", None, "0.5", "м", "40.00", "20.00"),
    ]


def test_the_goods_column_is_known_by_its_cells_when_its_header_is_junk() -> None:
    """A bold "Товар" read "Това ip": the column of long worded cells holds the goods'
    names; the unit column beside it, whose cells are short, does not."""
    words = (
        line(100, (110, "N"), (200, "Това ip"), (720, "Ед."), (860, "Кол-во"), (1010, "Цена"))
        + line(100, (1210, "Сумма"))
        + line(160, (120, "1"), (200, "Бумага для офисной техники"), (760, "пач"), (900, "250"))
        + line(160, (1050, "1415,83"), (1250, "353957,50"))
        + line(210, (120, "2"), (200, "Степлер №24/6"), (760, "шт"), (900, "4"))
        + line(210, (1050, "55,15"), (1250, "220,60"))
    )
    page = ruled_page(words, TORG_X, [90, 150, 200, 250])
    items, _, _, _ = extract_items(page)
    assert fields(items) == [
        ("Бумага для офисной техники", None, "250", "пач", "1415.83", "353957.50"),
        ("Степлер №24/6", None, "4", "шт", "55.15", "220.60"),
    ]


def test_a_tall_headers_line_of_only_the_number_sign_is_header() -> None:
    """A text-layer contract's table whose header cells are set in their middles: "Ед."
    tops the header, "№" comes on a line of its own, then the names, then "п/п"."""
    words = (
        line(100, (720, "Ед."))
        + line(135, (115, "№"))
        + line(170, (200, "Наименование"), (720, "измерения"), (860, "Кол-во"), (1010, "Цена"))
        + line(170, (1210, "Стоимость"))
        + line(205, (110, "п/п"))
        + line(260, (120, "1"), (200, "Розетка двойная"), (760, "шт"), (900, "50"))
        + line(260, (1050, "14345,13"), (1250, "717256,50"))
    )
    page = ruled_page(words, TORG_X, [90, 250, 300])
    items, _, _, _ = extract_items(page)
    assert fields(items) == [("Розетка двойная", None, "50", "шт", "14345.13", "717256.50")]


def test_junk_beside_a_unit_in_its_cell_is_no_part_of_it() -> None:
    """A seal's remnant or a speck read after the unit ("шт о.", "шт ыъ—ю"): the unit is
    "шт"; a unit of two words stays whole, and a cell of junk alone stays what it read."""

    def unit_of(cell_text: str, conf: float = 95) -> str | None:
        cell = [replace(w, conf=conf) for w in line(160, (720, cell_text))]
        words = (
            line(100, (110, "№"), (200, "Товар"), (720, "Ед."), (860, "Количество"))
            + line(100, (1010, "Цена"), (1210, "Сумма"))
            + line(160, (120, "1"), (200, "Розетка двойная"), (900, "3"))
            + cell
            + line(160, (1050, "637,00"), (1250, "1911,00"))
        )
        items, _, _, _ = extract_items(ruled_page(words, TORG_X, [90, 150, 200]))
        return items[0].unit

    assert unit_of("шт о.") == "шт"
    assert unit_of("шт ыъ—ю") == "шт"
    assert unit_of("шт ЫЪ—Ю—", conf=23) == "шт"  # longer, but read unsurely
    assert unit_of("шт ЫЪ—Ю—") == "шт ыъ—ю"  # read surely: what it is, is not known
    assert unit_of("пог. м") == "пог. м"  # two words, the first no unit alone: as read
    assert unit_of("шт") == "шт"
    assert unit_of("ь г") == "ь г"


def test_a_first_row_whose_name_starts_above_its_number_is_no_header() -> None:
    """Held-out invoice: a row's number and figures set in the middle of its cell, its name
    on three lines, the first above the number. Below the rule under the header, that line
    is the row's, not the header's (its "упаковочный" had named the goods' column as
    packages, and no row was read)."""
    words = (
        line(100, (110, "№"), (200, "Товар"), (720, "Ед."), (860, "Кол-во"), (1010, "Цена"))
        + line(100, (1210, "Сумма"))
        + line(160, (200, "Скотч упаковочный 48 мм х"))
        + line(195, (120, "1"), (760, "шт"), (900, "100"), (1050, "78,52"), (1250, "7852,00"))
        + line(230, (200, "66 м"))
    )
    items, _, _, _ = extract_items(ruled_page(words, TORG_X, [90, 150, 270]))
    assert fields(items) == [
        ("Скотч упаковочный 48 мм х 66 м", None, "100", "шт", "78.52", "7852.00")
    ]


def test_the_amount_is_the_column_of_quantity_times_price_whatever_its_header_reads() -> None:
    """A bold "без налога" read "6 ез налога" still names the amount before tax; read past
    telling ("б.з налога", no more than a sum of tax by its words), the column whose cells
    are quantity × price on the rows is the amount, not the amount with tax after it."""

    def amounts(net_header: str) -> list[str | None]:
        titles = [w for w in UPD_TITLES if w.text not in ("без", "налога")]
        words = (
            titles
            + line(140, (1210, net_header))
            + UPD_NUMBERS
            + upd_row(
                250, "—", "1", "Гофротруба", ("м", "12", "23 623,00", "283 476,00", "345 840,72")
            )
            + upd_row(300, "—", "2", "Дюбель", ("кг", "20", "47,00", "940,00", "1 146,80"))
        )
        items, _, _, _ = extract_items(ruled_page(words, UPD_X, [90, 180, 240, 290, 340]))
        return [it.amount for it in items]

    assert amounts("без налога") == ["283476.00", "940.00"]
    assert amounts("6 ез налога") == ["283476.00", "940.00"]
    assert amounts("б.з налога") == ["283476.00", "940.00"]
    assert column_kind("Стоимость б.з налога") == "vat"  # the header alone would not tell


def test_a_unit_after_junk_read_unsurely_is_the_cells_unit() -> None:
    """A speck of a seal read "о" at confidence 0 before the unit ("о м"): the unit is "м",
    and a column of such cells under a junk header is still the unit column. Read surely,
    a word before the unit is part of the cell (what it is, is not known)."""
    speck = Word("о", 700, 210, 714, 240, 0)
    assert unit_of([speck, Word("м", 730, 210, 746, 240, 95)]) == "м"
    assert unit_of([replace(speck, conf=90), Word("м", 730, 210, 746, 240, 95)]) != "м"
    words = (
        line(100, (110, "№"), (200, "Товар"), (720, "т"), (860, "Количество"), (1010, "Цена"))
        + line(100, (1210, "Сумма"))
        + [w for w in bolt_and_cable_rows() if w.text != "м"]
        + [speck, Word("м", 760, 210, 776, 240, 63)]
    )
    items, _, _, _ = extract_items(ruled_page(words, TORG_X, [90, 150, 200, 250]))
    assert [(it.name, it.unit) for it in items] == [("Болт М8", "шт"), ("Кабель", "м")]


def test_a_unit_cell_no_reading_of_which_is_a_unit_but_anothers_is_that_unit() -> None:
    """A one-row act: "шт" read "ш" (91) on the page, "Шт" and "WIT" in the crops. The
    readers' readings hold one unit between them; two different ones tell nothing."""
    cell = Word("ш", 1719, 1435, 1764, 1458, 91, ("Шт", "WIT"))
    assert unit_of([cell]) == "шт"
    assert unit_of([replace(cell, alts=("Шт", "м"))]) == "ш"
    assert unit_of([replace(cell, alts=())]) == "ш"
    # Ш's stems read as two letters, by either model.
    assert [unit_of([replace(cell, text=t, alts=())]) for t in ("тит", "WIT", "шит")] == ["шт"] * 3


def test_a_unit_read_a_sign_off_is_the_unit_the_column_reads_elsewhere() -> None:
    """A noisy copy's "шт" read "ш" or "шп", its "м" read "ом": the unit the other rows
    read exactly, a sign away. No other unit near it, or two: as read."""

    def units(*cells: str) -> list[str | None]:
        words = line(100, (110, "№"), (200, "Товар"), (720, "Ед."), (860, "Количество")) + line(
            100, (1010, "Цена"), (1210, "Сумма")
        )
        for n, unit in enumerate(cells):
            y = 160 + 50 * n
            words += line(y, (120, str(n + 1)), (200, f"Товар {n + 1}"), (720, unit), (900, "2"))
            words += line(y, (1050, "10,00"), (1250, "20,00"))
        ys = [90, 150] + [200 + 50 * n for n in range(len(cells))]
        items, _, _, _ = extract_items(ruled_page(words, TORG_X, ys))
        return [it.unit for it in items]

    assert units("шт", "ш", "шп", "м", "ом") == ["шт", "шт", "шт", "м", "м"]
    assert units("ш", "ом") == ["ш", "ом"]  # nothing read exactly to go by
    assert units("шт", "шу", "шк") == ["шт", "шт", "шт"]
    assert units("м", "м2", "мз") == ["м", "м2", "мз"]  # "м" and "м2" both a sign away


def test_a_money_cell_read_without_its_comma_gets_its_kopecks_back() -> None:
    """A column prints its amounts alike: a bare number among cells with kopecks lost its
    comma to OCR. Not in a column printed without kopecks, nor where bare cells are many."""
    assert kopecks_lost(["183,00", "21812", "12354,92", ""]) == ["183,00", "218,12", "12354,92", ""]
    assert kopecks_lost(["1 830,00", "5 453 000", "98 839,36"]) == [
        "1 830,00",
        "54530,00",
        "98 839,36",
    ]
    assert kopecks_lost(["1500", "2300", "183,00"]) == ["1500", "2300", "183,00"]
    assert kopecks_lost(["21812", "183,00"]) == ["21812", "183,00"]  # one other cell: no rule
    assert kopecks_lost(["21812", "183,00", "без НДС"]) == ["21812", "183,00", "без НДС"]


def test_a_rows_price_read_without_its_comma_gets_it_back_where_the_row_adds_up() -> None:
    """Held-out grey ТОРГ-12 of one row: "100,000" × "49620" = "49620,00", the price's
    comma lost. The arithmetic alone would as well make the quantity 1; the cells' print
    says which: the bare cell beside one with kopecks."""
    assert kopecks_by_arithmetic("100", "49620", "49620,00") == ("496,20", "49620,00")
    assert kopecks_by_arithmetic("3", "155,87", "46761") == ("155,87", "467,61")
    # Adding up as read, or not even with the comma back, or no quantity: as read.
    assert kopecks_by_arithmetic("1", "49620", "49620,00") == ("49620", "49620,00")
    assert kopecks_by_arithmetic("7", "49620", "49620,00") == ("49620", "49620,00")
    assert kopecks_by_arithmetic(None, "49620", "49620,00") == ("49620", "49620,00")


def test_a_price_and_a_gross_amount_that_lost_their_commas_do_not_move_the_amount() -> None:
    """A rotated УПД without VAT (net = gross): one row read its price "21812" and its gross
    amount "5453000", which make q·p on that row. The amount is still the net column's,
    and the price is 218.12."""
    rows = [
        ("СК-200", "1", "Стяжка", ("упак", "10", "183,00", "1830,00", "1830,00")),
        ("ВВГ-325", "2", "Кабель", ("м", "250", "21812", "54530,00", "5453000")),
        ("TK-1170", "3", "Тонер", ("шт", "8", "12354,92", "98839,36", "98839,36")),
    ]
    words = UPD_HEADER + [w for k, r in enumerate(rows) for w in upd_row(230 + 50 * k, *r)]
    page = ruled_page(words, UPD_X, [90, 180, 280, 330, 380])
    items, _, _, _ = extract_items(page)
    assert [(it.price, it.amount) for it in items] == [
        ("183.00", "1830.00"),
        ("218.12", "54530.00"),
        ("12354.92", "98839.36"),
    ]


def test_a_speck_in_the_code_column_is_no_code() -> None:
    """Held-out УПД: a speck in the code column read "o": no code is a single sign."""
    rows = [
        ("СК-200", "1", "Стяжка", ("упак", "10", "183,00", "1830,00", "1830,00")),
        ("o", "2", "Кабель", ("м", "250", "218,12", "54530,00", "54530,00")),
        ("—", "3", "Тонер", ("шт", "8", "12354,92", "98839,36", "98839,36")),
    ]
    words = UPD_HEADER + [w for k, r in enumerate(rows) for w in upd_row(230 + 50 * k, *r)]
    items, _, _, _ = extract_items(ruled_page(words, UPD_X, [90, 180, 280, 330, 380]))
    assert [it.article for it in items] == ["CK-200", None, None]
