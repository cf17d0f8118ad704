"""Checksums, repairs of OCR confusions and arithmetic checks, on known-valid identifiers."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest

from teamtask.ocr.load import Word
from teamtask.ocr.pipeline import PageResult
from teamtask.ocr.validate import (
    DIGIT_SWAPS,
    _swap_candidates,
    account_valid,
    bik_valid,
    check_account,
    check_bik,
    check_inn,
    check_kpp,
    inn_valid,
    item_consistent,
    kpp_valid,
    number_candidates,
    repair_bik,
    repair_rows,
    repair_term_year,
    usual_corr,
    vat_included,
    vat_on_top,
)

from .corpus import make_account, make_bik, make_corr, make_inn

# Public requisites of ПАО Сбербанк (printed on every one of its invoices).
SBER_INN = "7707083893"
SBER_KPP = "773601001"
SBER_BIK = "044525225"
SBER_CORR = "30101810400000000225"


def test_known_valid_identifiers() -> None:
    assert inn_valid(SBER_INN)
    assert kpp_valid(SBER_KPP)
    assert bik_valid(SBER_BIK)
    assert account_valid(SBER_CORR, SBER_BIK, corr=True)
    assert inn_valid("500100732259")  # the 12-digit example of the ФНС algorithm


@pytest.mark.parametrize("bad", ["7707083894", "770708389", "77070838931", "500100732258", ""])
def test_inn_checksum_rejects(bad: str) -> None:
    assert not inn_valid(bad)


def test_kpp_format() -> None:
    assert kpp_valid("7736AB001")  # reason code may be Latin capitals
    assert not kpp_valid("77360100")
    assert not kpp_valid("7736-01-001")


def test_corr_account_must_end_with_bik() -> None:
    assert not account_valid("30101810400000000226", SBER_BIK, corr=True)
    # The same digits with a settlement-account key do not pass as a correspondent one.
    assert not account_valid(SBER_CORR, "044525226", corr=True)


def test_generated_identifiers_pass_independent_checks() -> None:
    rng = random.Random(5)
    for _ in range(200):
        bik = make_bik(rng)
        assert inn_valid(make_inn(rng))
        assert inn_valid(make_inn(rng, person=True))
        assert account_valid(make_account(bik, rng), bik, corr=False)
        assert account_valid(make_corr(bik), bik, corr=True)


def test_inn_letter_confusions_are_read_as_digits() -> None:
    r = check_inn("77О7О8З893")  # Cyrillic О and З where 0 and 3 are
    assert r.valid and r.repaired and r.value == SBER_INN


def test_single_unambiguous_digit_repair_is_accepted() -> None:
    # One digit misread; exactly one confusion candidate passes the checksum.
    passing = []
    for i, ch in enumerate(SBER_INN):
        for alt in "0123456789":
            cand = SBER_INN[:i] + alt + SBER_INN[i + 1 :]
            if alt != ch:
                r = check_inn(cand)
                if r.valid:
                    passing.append((cand, r.value))
    repaired = [(c, v) for c, v in passing if v == SBER_INN]
    assert repaired, "some single misreads must be repairable"
    # Whatever is accepted is a repair to a valid number, never an invented one.
    assert all(inn_valid(v) for _, v in passing)


def test_ambiguous_repair_is_refused() -> None:
    # 10-digit ИНН with the check digit misread: find one where two candidates pass.
    rng = random.Random(1)
    seen_refusal = False
    for _ in range(300):
        inn = make_inn(rng)
        bad = inn[:3] + str((int(inn[3]) + 5) % 10) + inn[4:]
        r = check_inn(bad)
        if not r.valid:
            assert r.note and ("no single repair" in r.note or "checksum" in r.note)
            assert r.value == bad  # left as read, flagged, never guessed
            seen_refusal = True
    assert seen_refusal


def test_of_several_repairs_the_one_at_a_digit_the_readers_disagreed_on_is_taken() -> None:
    """Seen on a held-out PT Sans invoice: both Russian readings had 5 for the flat 3, the
    English one 4; the account key fails, and two one-digit repairs pass it."""
    bik, account = "043898245", "40702810183949728019"
    misread = "40702810185949728019"
    assert not check_account(misread, bik, corr=False).valid  # ambiguous on its own
    r = check_account(misread, bik, corr=False, readings=["40702810184949728019"])
    assert r.valid and r.value == account
    assert r.note and "disagreed" in r.note
    # Readers that disagreed elsewhere (or read another length) do not pick a repair.
    r = check_account(misread, bik, corr=False, readings=["40702810185949728011"])
    assert not r.valid and r.value == misread
    r = check_account(misread, bik, corr=False, readings=["4070281018594972801"])
    assert not r.valid


def test_a_fields_repair_uses_what_the_other_readers_read_on_the_page() -> None:
    """The readers' outvoted readings travel with a page's words to the field checks."""
    from teamtask.ocr.assemble import assemble
    from teamtask.ocr.document import Document
    from teamtask.ocr.load import Word
    from teamtask.ocr.pipeline import PageResult

    def page(alts: tuple[str, ...]) -> PageResult:
        lines = [("Счет на оплату № 12 от 15.11.2026", ()), ("БИК 043898245", ())]
        lines.append(("Сч. № 40702810185949728019", alts))
        words = []
        for y, (text, word_alts) in enumerate(lines):
            x = 100
            for t in text.split():
                alt = word_alts if t.isdigit() and len(t) == 20 else ()
                words.append(Word(t, x, 100 + 50 * y, x + 20 * len(t), 130 + 50 * y, 95, alt))
                x += 20 * len(t) + 20
        return PageResult(0, words, 2480, 3508)

    doc = Document(file="scan.png")
    assemble(doc, [page(("40702810184949728019",))])
    assert doc.value("account") == "40702810183949728019"
    assert doc.fields["account"].valid
    doc = Document(file="scan.png")
    assemble(doc, [page(())])
    assert doc.value("account") == "40702810185949728019"
    assert doc.fields["account"].valid is False


def test_a_contract_terms_year_far_past_the_document_is_a_misread_digit() -> None:
    assert repair_term_year(2077, 2026) == 2027  # 7 for 2: 2017 is before the document
    assert repair_term_year(2027, 2026) is None  # plausible as read
    assert repair_term_year(2046, 2026) is None
    assert repair_term_year(2099, 2026) is None  # no one confusion brings it near
    assert repair_term_year(2088, 2026) == 2038
    assert repair_term_year(2048, 2026) is None  # 2040, 2043 and 2046 all fit: not told


def test_bik_and_accounts_repair() -> None:
    assert check_bik("О44525225").value == SBER_BIK
    r = check_account("3О1О181О4ООООООOО225", SBER_BIK, corr=True)
    assert r.valid and r.value == SBER_CORR
    r = check_account("30101810400000000225", "123", corr=True)
    assert r.valid is True  # format only: the БИК is unusable, the key cannot be checked


def test_kpp_repairs() -> None:
    assert check_kpp("77З6О1ОО1").value == SBER_KPP
    assert check_kpp("7736 01 001").valid
    assert not check_kpp("77360").valid
    # A digit read twice ("/22 30743001" for "/230743001", a tenth held-out corpus): the
    # one digit dropped that makes it start with the valid ИНН's office is the КПП.
    inn = "2307889496"
    r = check_kpp("2230743001", inn)
    assert (r.value, r.valid, r.repaired) == ("230743001", True, True)
    assert not check_kpp("2230743001").valid  # no ИНН to go by
    assert not check_kpp("2230743001", "2307889497").valid  # an ИНН that fails its check
    assert not check_kpp("7730743001", inn).valid  # no digit dropped makes it 2307…


def test_arithmetic() -> None:
    assert item_consistent(Decimal(3), Decimal("100.50"), Decimal("301.50"))
    assert not item_consistent(Decimal(3), Decimal("100.50"), Decimal("310.50"))
    # Prices rounded to kopecks: 3 × 33.33 = 99.99 is printed as 100.00.
    assert item_consistent(Decimal(3), Decimal("33.33"), Decimal("100.00"))
    assert vat_included(Decimal("1220.00"), Decimal(22)) == Decimal("220.00")
    assert vat_included(Decimal("1200.00"), Decimal(20)) == Decimal("200.00")
    assert vat_on_top(Decimal("1000.00"), Decimal(22)) == Decimal("220.00")


def test_a_correspondent_accounts_30101_misread_digit_for_digit_is_restored() -> None:
    rng = random.Random(11)
    bik = make_bik(rng)
    corr = make_corr(bik)
    misread = "5" + corr[1:]  # 3 read as 5
    checked = check_account(misread, bik, corr=True)
    assert checked.valid and checked.value == corr
    # Any one digit of 30101, whatever it was read as (held-out noisy ТОРГ-12: "40101"); a
    # repair elsewhere that passes the key is no correspondent account unless it starts
    # 30101810 (the key alone let "40104810…" and "…870…" pass).
    assert check_account("4" + corr[1:], bik, corr=True).value == corr
    assert check_account("40101810200000000163", "044871163", corr=True).value == (
        "30101810200000000163"
    )
    # A settlement account is no correspondent one: its head is left as read.
    acc = make_account(bik, rng)
    assert check_account(acc, bik, corr=False).value == acc


def test_a_bik_is_repaired_only_from_the_correspondent_accounts_ending() -> None:
    """A correspondent account ends with its bank's БИК's last three digits: a misread
    there is read back from it; earlier digits, which only a key covers, are left alone."""
    rng = random.Random(5)
    for _ in range(40):
        bik = make_bik(rng)
        corr = make_corr(bik)
        for i in range(9):
            for d in DIGIT_SWAPS[bik[i]]:
                wrong = bik[:i] + d + bik[i + 1 :]
                got = repair_bik(wrong, corr)
                if i >= 6 and bik[i] in DIGIT_SWAPS[d]:
                    assert got == bik
                else:
                    assert got is None
        assert repair_bik(bik, corr) is None  # nothing to repair
        assert repair_bik(bik[:6] + "999", "") is None  # no correspondent account read
    # Held-out act, JPEG: a seal's letters read into the account's zeros, its ending 097
    # and key passing by chance with the БИК's 997 read as 097: the reading is no evidence.
    assert account_valid("30101810900007055097", "049455097", corr=True)
    assert repair_bik("049455997", "30101810900007055097") is None


def test_a_correspondent_accounts_ending_is_read_again_from_the_bik() -> None:
    """Held-out contract: a seal's ring over the account's 9 (read 5) where the БИК beside
    it was read right. Any digit of the last three, whatever it was read as, is the БИК's
    where the key then passes; two of them are not."""
    rng = random.Random(9)
    for _ in range(30):
        bik = make_bik(rng)
        corr = make_corr(bik)
        for i in range(17, 20):
            for d in "0123456789":
                if d == corr[i]:
                    continue
                got = check_account(corr[:i] + d + corr[i + 1 :], bik, corr=True)
                assert got.valid and got.value == corr
    # Two of them are not, where the account is of another shape than the usual one (the
    # next test): Tochka's, 4537 then 4525.
    tochka, bik = "30101810745374525104", "044525104"
    assert not check_account(tochka[:17] + "214", bik, corr=True).valid


def test_a_digit_read_as_a_letter_of_no_digits_shape_is_put_back_by_the_checksum() -> None:
    """Held-out act at 200 dpi: an entrepreneur's ИНН "162238825228" read "162238Я25228":
    one place unread, and of the ten digits there only the 8 checks."""
    inn = "162238825228"
    assert inn_valid(inn)
    checked = check_inn("162238Я25228,")
    assert checked.valid and checked.repaired and checked.value == inn
    assert "letter" in (checked.note or "")
    # A ten-digit ИНН the same way.
    assert check_inn("77070Ж3893").value == "7707083893"
    # Two such letters, a letter at an end (no place for sure), a digit also lost: no guess.
    assert not check_inn("1622Я8Я25228").valid
    assert not check_inn("Я62238825228").valid
    assert not check_inn("162238Я2522").valid


def test_another_readers_reading_that_checks_is_taken_where_the_chosen_one_cannot() -> None:
    """Held-out act, a bold serif ИНН: the page read "7775317525524" (a digit too many), the
    Russian crop "7773117525324", the English one "777317525324", which checks."""
    inn = "777317525324"
    assert inn_valid(inn)
    checked = check_inn("7775317525524,", readings=["7773117525324,", inn + ","])
    assert checked.valid and checked.repaired and checked.value == inn
    # The right length, no one-digit repair passes, another reading checks.
    assert check_inn("777317525399", readings=[inn]).value == inn
    # Held-out contract, blurred: the account read "40802510585459261045" (8 as 5), the
    # page "…2910…", the English crop "…2810…", which checks. Several one-digit repairs
    # pass, none on the digit the readers disagreed on (5 for 8 is no usual confusion):
    # the reading that checks as read is the evidence.
    account, bik = "40802810585459261045", "047911485"
    assert account_valid(account, bik, corr=False)
    read = "40802510585459261045"
    assert len({c for c in _swap_candidates(read, 1) if account_valid(c, bik, corr=False)}) > 1
    checked = check_account(read, bik, corr=False, readings=["40802910585459261045", account])
    assert checked.valid and checked.value == account
    # Two other readings that check: which one is unknown; none: left as read, invalid.
    other = "526926271171"
    assert inn_valid(other)
    assert not check_inn("7775317525524", readings=[inn, other]).valid
    assert not check_inn("7775317525524", readings=["7773117525324"]).valid


def test_a_correspondent_account_misread_in_its_usual_shape_is_put_right() -> None:
    """Held-out acts and contracts: a seal's letters over a correspondent account's zeros
    ("30101810900000655997" for "…00000000997"), "30101319…" for "30101810…". Nearly every
    bank's account is 30101810, its key, its clearing centre's code (the БИК's 3rd–6th
    digits) or 0000, 0000 and the БИК's last three digits; the key as read must pass."""
    assert usual_corr("30101810900000655997", "049455997") == "30101810900000000997"
    assert usual_corr("30101319000000000709", "047353709") == "30101810000000000709"
    tinkoff = "30101810145250000974"  # its clearing centre's code, 4525
    assert usual_corr("30101810145250655974", "044525974") == tinkoff
    checked = check_account("30101810145250655974", "044525974", corr=True)
    assert checked.valid and checked.repaired and checked.value == tinkoff
    # The key read wrong: no shape passes, and nothing is guessed.
    assert usual_corr("30101810245250655974", "044525974") is None
    # Another bank's shape (Tochka's 4537 then 4525) read with a digit wrong: too far off.
    tochka, bik = "30101810745374525104", "044525104"
    assert account_valid(tochka, bik, corr=True)
    assert usual_corr("30101810745374526104", bik) is None
    assert not check_account("30101810745374526104", bik, corr=True).valid
    rng = random.Random(11)
    for _ in range(30):  # any four digits of the zeros misread
        bik = make_bik(rng)
        corr = make_corr(bik)
        places = rng.sample(range(9, 17), 4)
        misread = "".join(str(rng.randint(1, 9)) if i in places else c for i, c in enumerate(corr))
        assert usual_corr(misread, bik) == corr


def _repair(q: str, p: str, a: str, **kw: object) -> tuple[Decimal, ...] | None:
    (row,) = repair_rows([(Decimal(q), Decimal(p), Decimal(a))], **kw)  # type: ignore[arg-type]
    return row


def test_a_row_with_one_wrong_digit_is_repaired_only_when_one_reading_fits() -> None:
    d = Decimal
    assert _repair("3", "100.50", "801.50") == (d(3), d("100.50"), d("301.50"))
    assert _repair("3", "100.50", "301.50") == (d(3), d("100.50"), d("301.50"))  # as read
    # 10 × 17923 = 179230: the amount's 3 read as 5, or the price's 5 as 3 — two readings
    # fit the row; only the total tells which.
    assert _repair("10", "17923", "179250") is None
    fixed = _repair("10", "17923", "179250", fits_sum=lambda s: s == d(179230))
    assert fixed == (d(10), d(17923), d(179230))
    fixed = _repair("10", "17923", "179250", fits_sum=lambda s: s == d(179250))
    assert fixed == (d(10), d(17925), d(179250))
    # The amounts add up to the total: the amount is right, the price is repaired.
    fixed = _repair("10", "17923", "179250", amounts_known=True)
    assert fixed == (d(10), d(17925), d(179250))


def test_two_digits_a_font_confuses_are_repaired_in_one_number_or_two() -> None:
    d = Decimal
    # PT Sans's 3 read as 5 twice in one amount: 5 × 1069.06 = 5345.30, read 5545.50.
    assert _repair("5", "1069.06", "5545.50") == (d(5), d("1069.06"), d("5345.30"))
    # Once in the quantity, once in the price: 0.35 × 2823 = 988.05.
    assert _repair("0.55", "2825", "988.05") == (d("0.35"), d(2823), d("988.05"))
    # A price whose decimal comma was lost: 3 543,00 read 354300.
    assert _repair("1", "354300.00", "3543.00") == (d(1), d("3543.00"), d("3543.00"))
    # Two arbitrary digits are not tried: 7 and 2 are no confusion of 4 and 9.
    assert _repair("2", "100", "749.00") is None


def test_a_quantitys_lost_decimal_comma_is_put_back() -> None:
    """12,75 m read "1275" (the comma lost against a rule): 12.75 × 155.87 = 1987.34. The
    point moved into the price instead ("1.5587") fits too, but a price read with kopecks
    has no more places than those."""
    d = Decimal
    assert _repair("1275", "155.87", "1987.34") == (d("12.75"), d("155.87"), d("1987.34"))
    # A price read with four places keeps them.
    assert d("1.5587") in set(number_candidates(d("1.5581"), money=True))
    assert d("1.5587") not in set(number_candidates(d("155.87"), money=True))
    assert d("1.5587") in set(number_candidates(d("155.87")))  # a quantity may have them
    # A held-out act: 1,5 m2 read "15" × 292,50 = 438,75 (the amounts add up to the total).
    # The point moved into the price ("29.250") fits as well, but a price read with its
    # kopecks had its comma read where it is printed.
    assert _repair("15", "292.50", "438.75", amounts_known=True) == (
        d("1.5"),
        d("292.50"),
        d("438.75"),
    )
    assert d("29.25") not in set(number_candidates(d("292.50"), money=True))
    assert d("3543") in set(number_candidates(d("354300.00"), money=True))  # no kopecks read


def test_two_wrong_rows_are_repaired_together_by_the_total() -> None:
    """Seen on a held-out УПД: each wrong row has two readings, and with the other row's
    wrong amount in the sum neither fits the total on its own."""
    d = Decimal
    rows = [
        (d(5), d("16553.21"), d("87766.05")),  # 82766.05, or a price of 17553.21
        (d(10), d("17923.00"), d("179250.00")),  # 179230.00, or a price of 17925.00
        (d(8), d("249.00"), d("1992.00")),
    ]
    total = d("82766.05") + d("179230.00") + d("1992.00")
    fixed = repair_rows(rows, lambda s: s == total)
    assert fixed == [
        (d(5), d("16553.21"), d("82766.05")),
        (d(10), d("17923.00"), d("179230.00")),
        rows[2],
    ]
    # Without the total neither is decided; the right row stays as read.
    assert repair_rows(rows) == [None, None, rows[2]]
    # A third row's amount garbled (14700.50 for 50 × 28.00, two digits off): it is q·p,
    # as the total confirms; not without the total.
    garbled = (d(50), d("28.00"), d("14700.50"))
    fixed = repair_rows([*rows, garbled], lambda s: s == total + 1400)
    assert fixed[3] == (d(50), d("28.00"), d("1400.00"))
    assert fixed[:2] == [(d(5), d("16553.21"), d("82766.05")), (d(10), d(17923), d(179230))]
    assert repair_rows([garbled]) == [None]
    # Its decimal point lost (140000.00): that alone is a repair of its own.
    assert repair_rows([(d(50), d("28.00"), d("140000.00"))]) == [(d(50), d(28), d(1400))]


def test_row_repairs_never_invent_a_consistent_row_by_chance() -> None:
    """Over random rows with one or two confusable digits of the amount misread and the
    total known, a repair, when one is made, is the printed row."""
    rng = random.Random(11)
    made = 0
    for _ in range(300):
        q = Decimal(rng.choice([1, 2, 3, 5, 8, 10, 12, 25]))
        p = Decimal(rng.randrange(100, 2_000_000)) / 100
        a = q * p
        text = f"{a:.2f}"
        spots = [i for i, c in enumerate(text) if c in DIGIT_SWAPS]
        chars = list(text)
        for i in rng.sample(spots, rng.choice([1, 2])):
            chars[i] = rng.choice(DIGIT_SWAPS[chars[i]])
        misread = Decimal("".join(chars))
        total = a + Decimal("100.00")
        (fixed,) = repair_rows([(q, p, misread)], lambda s, t=total: s + 100 == t)
        if fixed is not None:
            assert fixed == (q, p, a.quantize(Decimal("0.01")))
            made += 1
    assert made > 250


def test_a_number_printed_twice_is_another_reading_of_itself() -> None:
    """Seen on a held-out 1C invoice: the supplier's ИНН read right in the bank block and
    with 3 read 5 beside its name; of the repairs that pass, the one the other print of the
    number reads is taken. Another party's ИНН, many digits apart, is no reading of it."""
    from teamtask.ocr.assemble import assemble
    from teamtask.ocr.document import Document

    def page(bank_block: str) -> PageResult:
        lines = [
            f"ИНН {bank_block} КПП 164443001",
            "Счет на оплату № 12 от 15.11.2026",
            "Поставщик: ООО Нева, ИНН 1644520235, КПП 164443001",
            "Покупатель: ООО Офис, ИНН 1611539609, КПП 161101001",
        ]
        return _page_of(lines)

    assert not check_inn("1644520235").valid  # several repairs pass on its own
    doc = Document(file="scan.png")
    assemble(doc, [page("1644520233")])
    assert doc.value("supplier_inn") == "1644520233" and doc.fields["supplier_inn"].valid
    assert doc.value("buyer_inn") == "1611539609"
    doc = Document(file="scan.png")
    assemble(doc, [page("7701143112")])  # another number in the bank block
    assert doc.value("supplier_inn") == "1644520235"
    assert doc.fields["supplier_inn"].valid is False


def test_an_inn_read_with_a_digit_too_many_is_taken_from_the_reading_that_checks() -> None:
    """Held-out act: an entrepreneur's ИНН in a bold serif read "7775317525524," on the
    page (thirteen digits), "777317525324," by the English reader, which checks."""
    from teamtask.ocr.assemble import assemble
    from teamtask.ocr.document import Document
    from teamtask.ocr.load import Word
    from teamtask.ocr.pipeline import PageResult

    def page(alts: tuple[str, ...]) -> PageResult:
        line = ["Исполнитель:", "ИП", "Фролов", "Илья", "Геннадьевич,", "ИНН", "7775317525524,"]
        words = [Word("Акт", 100, 50, 160, 80, 95), Word("№", 180, 50, 200, 80, 95)]
        words.append(Word("566", 220, 50, 280, 80, 95))
        x = 100
        for t in line:
            number = t[0] == "7"
            conf, read = (64.0, alts) if number else (95.0, ())
            words.append(Word(t, x, 150, x + 20 * len(t), 180, conf, read))
            x += 20 * len(t) + 20
        return PageResult(0, words, 2480, 3508)

    doc = Document(file="scan.png")
    assemble(doc, [page(("7773117525324,", "777317525324,"))])
    assert doc.value("supplier_inn") == "777317525324" and doc.fields["supplier_inn"].valid
    doc = Document(file="scan.png")
    assemble(doc, [page(("7773117525324,",))])  # no reading checks: shown, and flagged
    assert doc.fields["supplier_inn"].valid is False
    assert any("supplier_inn" in w and "by hand" in w for w in doc.warnings)


def test_a_vat_amount_whose_comma_was_lost_is_the_one_the_rate_and_total_agree_with() -> None:
    """Held-out УПД, blurred: VAT "15 238,17" read "1523817" (10 % of 167 619,91 with VAT
    in it). A VAT no one-digit or comma repair makes agree stays flagged."""
    from teamtask.ocr.assemble import assemble
    from teamtask.ocr.document import Document

    def page(vat: str) -> PageResult:
        lines = [
            "Счет на оплату № 12 от 15.11.2026",
            "Итого: 167 619,91",
            f"В том числе НДС 10%: {vat}",
        ]
        return _page_of(lines, space=8)

    doc = Document(file="scan.png")
    assemble(doc, [page("1523817")])
    assert doc.value("vat") == "15238.17" and doc.fields["vat"].valid
    assert any("vat: repaired" in w for w in doc.warnings)
    doc = Document(file="scan.png")
    assemble(doc, [page("15 238,17")])  # read right: as read, no warning
    assert doc.value("vat") == "15238.17" and not any("vat" in w for w in doc.warnings)
    doc = Document(file="scan.png")
    assemble(doc, [page("1 999,99")])
    assert doc.value("vat") == "1999.99" and doc.fields["vat"].valid is False


def _page_of(lines: list[str], space: int = 20) -> PageResult:
    """A page of these lines of words, 20 px a sign, `space` px between words, read surely."""
    words = []
    for y, text in enumerate(lines):
        x = 100
        for t in text.split():
            words.append(Word(t, x, 100 + 50 * y, x + 20 * len(t), 130 + 50 * y, 95))
            x += 20 * len(t) + space
    return PageResult(0, words, 2480, 3508)
