"""Pure rules of forms (domain/forms.py): parsing definitions and validating typed values.

No database: a form definition is a dict, a value is what a person types after `-F key=`.
"""

from __future__ import annotations

import json
import tomllib
from datetime import date, datetime
from decimal import Decimal
from importlib import resources
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from teamtask.domain.errors import Invalid
from teamtask.domain.forms import (
    FIELD_TYPES,
    FieldDef,
    missing_required,
    parse_form,
    validate_value,
)

MOSCOW = ZoneInfo("Europe/Moscow")
# A Wednesday at noon in Moscow: fri → 27th, eow → Sunday 29th, eom → 30th.
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=MOSCOW)

INVOICE_FIELDS = [
    "doc_type", "number", "date", "supplier_name", "supplier_inn", "supplier_kpp", "buyer_name",
    "buyer_inn", "buyer_kpp", "bank_name", "bik", "account", "corr_account", "contract_term",
    "total", "vat", "vat_rate", "items", "has_signature", "has_stamp",
]  # fmt: skip
ITEM_COLUMNS = ["name", "article", "quantity", "unit", "price", "amount"]


def minimal(**extra: Any) -> dict[str, Any]:
    """The smallest valid definition, with `extra` keys replacing or adding to it."""
    raw: dict[str, Any] = {
        "key": "demo",
        "name": "Demo",
        "statuses": [{"key": "open", "title": "Open"}, {"key": "done", "closed": True}],
        "fields": [{"key": "amount", "type": "money"}],
    }
    raw.update(extra)
    return raw


def field(kind: str, **props: Any) -> FieldDef:
    return FieldDef(key="f", title="F", type=kind, **props)


def builtin(key: str) -> dict[str, Any]:
    text = resources.files("teamtask.forms").joinpath(f"{key}.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


# -- definitions -------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["support", "incident", "release", "kb", "invoice"])
def test_builtin_forms_parse(key: str) -> None:
    form = parse_form(builtin(key))
    assert form.key == key
    assert any(s.closed for s in form.workflow.statuses)
    assert not form.workflow.initial.closed


def test_invoice_has_exactly_the_fields_the_ocr_fills() -> None:
    form = parse_form(builtin("invoice"))
    assert [f.key for f in form.fields] == INVOICE_FIELDS
    items = form.field("items")
    assert items.type == "table"
    assert [c.key for c in items.columns] == ITEM_COLUMNS
    assert form.field("total").type == "money"
    assert form.field("has_stamp").type == form.field("has_signature").type == "checkbox"
    assert [s.name for s in form.approval] == ["manager", "accounting", "ceo"]
    assert form.approval[2].when == "total>100000"
    assert form.approval_status == "approval"
    assert form.rejected_status == "rejected"


def test_support_statuses_say_whom_the_request_waits_for() -> None:
    form = parse_form(builtin("support"))
    assert form.workflow.keys() == [
        "new", "waiting_support", "waiting_client", "waiting_fix", "waiting_release", "resolved",
    ]  # fmt: skip
    assert [s.key for s in form.workflow.statuses if s.closed] == ["resolved"]
    assert form.field("solution").required_from == "resolved"


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ({**minimal(), "key": None}, ["key"]),
        ({**minimal(), "key": "Bad Key"}, ["key", "Bad Key"]),
        (minimal(statuses=[]), ["status"]),
        (minimal(statuses=[{"title": "no key"}, {"key": "done", "closed": True}]), ["status", "key"]),
        (minimal(statuses=[{"key": "a"}, {"key": "a", "closed": True}]), ["unique"]),
        (minimal(statuses=[{"key": "a"}, {"key": "b"}]), ["closed"]),
        (minimal(statuses=[{"key": "a", "closed": True}]), ["open"]),
        (minimal(fields=[{"key": "Total", "type": "money"}]), ["Total", "lower_snake_case"]),
        (minimal(fields=[{"key": "x", "type": "weird"}]), ["'x'", "weird", "money"]),
        (minimal(fields=[{"key": "x", "type": "choice"}]), ["'x'", "options"]),
        (minimal(fields=[{"key": "x", "type": "multichoice"}]), ["'x'", "options"]),
        (minimal(fields=[{"key": "x", "type": "table"}]), ["'x'", "columns"]),
        (
            minimal(fields=[{"key": "x", "type": "table", "columns": [{"key": "who", "type": "user"}]}]),
            ["'who'", "user"],
        ),
        (minimal(fields=[{"key": "x"}, {"key": "x"}]), ["unique"]),
        (minimal(fields=[{"key": "x", "required_from": "paid"}]), ["'x'", "paid"]),
        (minimal(fields=[{"key": "x", "type": "number", "default": "many"}]), ["x", "many", "number"]),
        (minimal(title="Счёт {number}"), ["template", "number"]),
        (minimal(title=42), ["title", "template"]),
        (
            minimal(approval={"status": "open", "approved_status": "done", "rejected_status": "open",
                              "steps": [{"name": "boss", "approvers": ["bob"], "mode": "most"}]}),
            ["boss", "most", "all or any"],
        ),
        (
            minimal(approval={"status": "open", "approved_status": "done", "rejected_status": "open",
                              "steps": [{"name": "boss", "approvers": []}]}),
            ["boss", "approvers"],
        ),
        (
            minimal(approval={"status": "open", "approved_status": "paid",
                              "steps": [{"name": "boss", "approvers": ["bob"]}]}),
            ["approved_status", "paid"],
        ),
        (
            minimal(approval={"approved_status": "done", "rejected_status": "open",
                              "steps": [{"name": "boss", "approvers": ["bob"]}]}),
            ["approval.status"],
        ),
    ],
)  # fmt: skip
def test_parse_form_errors_name_the_problem(raw: dict[str, Any], words: list[str]) -> None:
    with pytest.raises(Invalid) as caught:
        parse_form(raw)
    message = str(caught.value)
    for word in words:
        assert word in message, f"{word!r} not in {message!r}"


def test_required_as_a_status_name_means_required_from_that_status() -> None:
    form = parse_form(minimal(fields=[{"key": "why", "required": "done"}]))
    assert form.field("why").required_from == "done"
    assert not form.field("why").required
    assert missing_required(form, {}, "open") == []
    assert [f.key for f in missing_required(form, {}, "done")] == ["why"]
    assert missing_required(form, {"why": "because"}, "done") == []


def test_approval_handles_lose_their_at_sign() -> None:
    form = parse_form(
        minimal(approval={"status": "open", "approved_status": "done", "rejected_status": "open",
                          "steps": [{"approvers": ["@bob", "finance"]}]})
    )  # fmt: skip
    assert form.approval[0].approvers == ("bob", "finance")
    assert form.approval[0].mode == "all"


def test_title_template_renders_once_its_fields_are_filled() -> None:
    form = parse_form(
        minimal(
            title="Счёт {number}: {amount}",
            fields=[{"key": "number"}, {"key": "amount", "type": "money"}],
        )
    )
    assert form.render_title({"number": "7"}) is None
    values = {"number": "7", "amount": validate_value(form.field("amount"), "1 500,5")}
    assert form.render_title(values) == "Счёт 7: 1500.50 RUB"


def test_unknown_field_names_the_known_ones() -> None:
    form = parse_form(minimal(fields=[{"key": "alpha"}, {"key": "beta"}]))
    with pytest.raises(Invalid, match=r"no field 'gamma'.*alpha, beta"):
        form.field("gamma")


# -- values --------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", FIELD_TYPES)
def test_empty_is_no_value(kind: str) -> None:
    if kind == "checkbox":
        assert validate_value(field(kind), "") is False
        return
    f = _field_of(kind)
    assert validate_value(f, None, now=NOW) is None
    assert validate_value(f, "   ", now=NOW) is None


def test_text_types() -> None:
    assert validate_value(field("text"), "  ООО «Ромашка»  ") == "ООО «Ромашка»"
    assert validate_value(field("longtext"), "line one\nline two\n") == "line one\nline two\n"
    assert validate_value(field("file"), "scan.pdf") == "scan.pdf"


@pytest.mark.parametrize(
    ("text", "value"),
    [("10", 10), ("-3", -3), ("12 345,60", 12345.6), ("12345.60", 12345.6), ("1 000 000", 1000000),
     ("0,5", 0.5), ("20", 20), ("1\u00a0000", 1000)],
)  # fmt: skip
def test_number(text: str, value: float) -> None:
    assert validate_value(field("number"), text) == value


@pytest.mark.parametrize("text", ["abc", "12,34,56x", "NaN", "Infinity", "-inf", "1..2", "--1"])
def test_bad_number_names_field_value_and_type(text: str) -> None:
    with pytest.raises(Invalid) as caught:
        validate_value(field("number"), text)
    message = str(caught.value)
    assert "f" in message and text in message and "a number" in message


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("12 345,60", "12345.60", "RUB"),
        ("12345.6", "12345.60", "RUB"),
        ("12,345.60", "12345.60", "RUB"),
        ("1 000 000", "1000000.00", "RUB"),
        ("150000", "150000.00", "RUB"),
        ("99.999", "100.00", "RUB"),
        ("500 ₽", "500.00", "RUB"),
        ("1500 руб.", "1500.00", "RUB"),
        ("120.5 USD", "120.50", "USD"),
        ("12 345,60 EUR", "12345.60", "EUR"),
        ("0", "0.00", "RUB"),
    ],
)
def test_money(text: str, amount: str, currency: str) -> None:
    assert validate_value(field("money"), text) == {"amount": amount, "currency": currency}


def test_money_keeps_its_decimal_exactly() -> None:
    value = validate_value(field("money"), "0,1")
    assert Decimal(value["amount"]) * 3 == Decimal("0.30")


def test_money_uses_the_fields_currency_and_accepts_a_mapping() -> None:
    assert validate_value(field("money", currency="USD"), "10") == {
        "amount": "10.00",
        "currency": "USD",
    }
    assert validate_value(field("money"), {"amount": "7,5", "currency": "EUR"}) == {
        "amount": "7.50",
        "currency": "EUR",
    }


@pytest.mark.parametrize("text", ["abc", "12 345,60 рублей", "1e", "NaN", "сто"])
def test_bad_money(text: str) -> None:
    with pytest.raises(Invalid) as caught:
        validate_value(field("money"), text)
    assert "field f" in str(caught.value)
    assert "amount" in str(caught.value)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2026-12-01", "2026-12-01"),
        ("01.12.2026", "2026-12-01"),
        ("1.12.2026", "2026-12-01"),
        ("01.12.26", "2026-12-01"),
        ("01.12", "2026-12-01"),
        ("today", "2026-11-25"),
        ("сегодня", "2026-11-25"),
        ("tomorrow", "2026-11-26"),
        ("завтра", "2026-11-26"),
        ("yesterday", "2026-11-24"),
        ("fri", "2026-11-27"),
        ("пт", "2026-11-27"),
        ("пятницу", "2026-11-27"),
        ("wed", "2026-12-02"),
        ("mon", "2026-11-30"),
        ("eow", "2026-11-29"),
        ("eom", "2026-11-30"),
        ("eoy", "2026-12-31"),
        ("+3d", "2026-11-28"),
        ("+2w", "2026-12-09"),
        ("+1m", "2026-12-25"),
        ("-2d", "2026-11-23"),
        ("2026-12-01 15:00", "2026-12-01"),
        ("01.12.2026 15:00", "2026-12-01"),
        ("  2026-12-01  ", "2026-12-01"),
    ],
)
def test_date_in_every_grammar_form(text: str, day: str) -> None:
    assert validate_value(field("date"), text, now=NOW) == day


def test_date_with_an_early_morning_time_keeps_the_users_day() -> None:
    # 01:00 in Moscow is still 1 December for the person who typed it (22:00 UTC the day before).
    assert validate_value(field("date"), "2026-12-01 01:00", now=NOW) == "2026-12-01"


def test_date_accepts_python_dates() -> None:
    assert validate_value(field("date"), date(2026, 12, 1)) == "2026-12-01"


@pytest.mark.parametrize(
    "text", ["someday", "31.02.2026", "2026-13-01", "32.01", "next week", "12/01/2026"]
)
def test_bad_date(text: str) -> None:
    with pytest.raises(Invalid) as caught:
        validate_value(field("date"), text, now=NOW)
    message = str(caught.value)
    assert "field f" in message and text in message and "date" in message


def test_datetime_is_stored_as_an_instant() -> None:
    value = validate_value(field("datetime"), "2026-12-01 15:00", now=NOW)
    assert datetime.fromisoformat(value) == datetime(2026, 12, 1, 15, 0, tzinfo=MOSCOW)
    value = validate_value(field("datetime"), "01.12.2026 09:30", now=NOW)
    assert datetime.fromisoformat(value) == datetime(2026, 12, 1, 9, 30, tzinfo=MOSCOW)


def test_datetime_needs_a_time() -> None:
    with pytest.raises(Invalid, match="time"):
        validate_value(field("datetime"), "2026-12-01", now=NOW)


@pytest.mark.parametrize("text", ["yes", "YES", "да", "Да", "true", "1", "on", "x", "✓"])
def test_checkbox_true(text: str) -> None:
    assert validate_value(field("checkbox"), text) is True


@pytest.mark.parametrize("text", ["no", "No", "нет", "НЕТ", "false", "0", "off", ""])
def test_checkbox_false(text: str) -> None:
    assert validate_value(field("checkbox"), text) is False


def test_checkbox_takes_booleans_and_rejects_anything_else() -> None:
    assert validate_value(field("checkbox"), True) is True
    assert validate_value(field("checkbox"), False) is False
    with pytest.raises(Invalid, match="'maybe' is not yes or no"):
        validate_value(field("checkbox"), "maybe")


OPTIONS = ("import", "export", "Recognition")


@pytest.mark.parametrize(
    ("text", "option"),
    [
        ("import", "import"),
        ("IMPORT", "import"),
        (" Export ", "export"),
        ("recognition", "Recognition"),
    ],
)
def test_choice_is_case_insensitive_and_returns_the_option(text: str, option: str) -> None:
    assert validate_value(field("choice", options=OPTIONS), text) == option


def test_bad_choice_lists_the_options() -> None:
    with pytest.raises(Invalid) as caught:
        validate_value(field("choice", options=OPTIONS), "crash")
    assert "'crash'" in str(caught.value)
    assert "import, export, Recognition" in str(caught.value)


def test_multichoice() -> None:
    f = field("multichoice", options=OPTIONS)
    assert validate_value(f, "import, EXPORT") == ["import", "export"]
    assert validate_value(f, "recognition") == ["Recognition"]
    assert validate_value(f, ["Export", "import"]) == ["export", "import"]
    with pytest.raises(Invalid, match="crash"):
        validate_value(f, "import,crash")


def test_user() -> None:
    users = {"alice", "bob"}
    assert validate_value(field("user"), "@bob", users=users) == "bob"
    assert validate_value(field("user"), "alice", users=users) == "alice"
    with pytest.raises(Invalid, match="no such user"):
        validate_value(field("user"), "@mallory", users=users)


def test_email() -> None:
    assert validate_value(field("email"), " Alice@Example.COM ") == "alice@example.com"
    for bad in ("alice", "alice@", "a b@c.d", "@example.com"):
        with pytest.raises(Invalid, match="email"):
            validate_value(field("email"), bad)


def test_phone() -> None:
    assert validate_value(field("phone"), "+7 (495) 123-45-67") == "+7 (495) 123-45-67"
    for bad in ("call me", "12", "+7 495 123 45 67 ext 5"):
        with pytest.raises(Invalid, match="phone"):
            validate_value(field("phone"), bad)


# -- tables --------------------------------------------------------------------------------

ITEMS = FieldDef(
    key="items",
    title="Позиции",
    type="table",
    columns=(
        FieldDef("name", "Наименование", "text"),
        FieldDef("quantity", "Кол-во", "number"),
        FieldDef("price", "Цена", "money"),
        FieldDef("delivered", "Доставлено", "date"),
        FieldDef("vat", "НДС", "checkbox"),
        FieldDef("kind", "Вид", "choice", options=("goods", "service")),
    ),
)


def test_table_from_json_types_every_column() -> None:
    text = json.dumps(
        [
            {"name": "Бумага А4", "quantity": "10", "price": "350,50", "delivered": "01.12.2026",
             "vat": "да", "kind": "GOODS"},
            {"name": "Доставка", "quantity": 1, "price": 500, "kind": "service"},
        ],
        ensure_ascii=False,
    )  # fmt: skip
    rows = validate_value(ITEMS, text, now=NOW)
    assert rows == [
        {"name": "Бумага А4", "quantity": 10, "price": "350.50", "delivered": "2026-12-01",
         "vat": True, "kind": "goods"},
        {"name": "Доставка", "quantity": 1, "price": "500.00", "delivered": None, "vat": None,
         "kind": "service"},
    ]  # fmt: skip


def test_table_accepts_a_list_and_an_empty_list() -> None:
    assert validate_value(ITEMS, [{"name": "x"}], now=NOW)[0]["name"] == "x"
    assert validate_value(ITEMS, "[]", now=NOW) == []


def test_table_errors_name_the_row_and_the_column() -> None:
    text = json.dumps(
        [{"name": "ok", "quantity": 1}, {"name": "bad", "quantity": "два"}], ensure_ascii=False
    )
    with pytest.raises(Invalid) as caught:
        validate_value(ITEMS, text, now=NOW)
    message = str(caught.value)
    assert "items" in message and "row 2" in message and "quantity" in message and "два" in message

    with pytest.raises(Invalid, match=r"row 3.*price"):
        validate_value(ITEMS, [{}, {}, {"price": "дорого"}], now=NOW)
    with pytest.raises(Invalid, match=r"row 1.*kind"):
        validate_value(ITEMS, [{"kind": "gift"}], now=NOW)


def test_table_rejects_unknown_columns_bad_json_and_non_lists() -> None:
    with pytest.raises(Invalid, match=r"row 2 has unknown columns colour"):
        validate_value(ITEMS, [{"name": "a"}, {"name": "b", "colour": "red"}], now=NOW)
    with pytest.raises(Invalid, match="invalid JSON"):
        validate_value(ITEMS, "[{name: 1}]", now=NOW)
    with pytest.raises(Invalid, match="list of objects"):
        validate_value(ITEMS, '{"name": "a"}', now=NOW)
    with pytest.raises(Invalid, match="list of objects"):
        validate_value(ITEMS, "[1, 2]", now=NOW)


def test_table_json_with_a_huge_integer_is_invalid() -> None:
    # json.loads raises a plain ValueError (not JSONDecodeError) past 4300 digits.
    with pytest.raises(Invalid):
        validate_value(ITEMS, '[{"quantity": ' + "1" * 5000 + "}]", now=NOW)


# -- property: any text is a value or an Invalid, never a crash ---------------------------


def _field_of(kind: str) -> FieldDef:
    if kind in ("choice", "multichoice"):
        return field(kind, options=OPTIONS)
    if kind == "table":
        return ITEMS
    return field(kind)


_TEXT = st.one_of(
    st.text(max_size=40),
    # No exponents here: int(Decimal("1e999999999")) never returns (reported separately).
    st.text(alphabet="0123456789 ,.-+₽USDRUB", max_size=20),
    st.text(alphabet="0123456789.-: tTzZ+", max_size=20),
    st.from_regex(r"\[\{\"(name|quantity|price|delivered|vat|kind)\": (\"[^\"]{0,8}\"|-?[0-9]{1,6}(\.[0-9]{1,3})?|true|null|\[\])\}\]", fullmatch=True),
)  # fmt: skip


@pytest.mark.parametrize("kind", FIELD_TYPES)
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_TEXT)
def test_any_text_is_a_value_or_invalid(kind: str, text: str) -> None:
    f = _field_of(kind)
    try:
        value = validate_value(f, text, now=NOW, users={"alice", "bob"})
    except Invalid as exc:
        assert str(exc)
        return
    json.dumps(value, ensure_ascii=False)  # whatever is accepted can be stored as JSON
