"""The registry: field filters with typed semantics, columns, sorting, CSV, saved views."""

from __future__ import annotations

import csv
import io

import pytest
from workflow_helpers import add, ids, invoice

COLUMNS = "id,number,supplier_name,total,status"


@pytest.fixture
def registry(team):
    """Four invoices, three support requests and a plain task; returns their ids by name."""
    tt = team
    made = {
        "romashka": invoice(tt, "1", "ООО «Ромашка»", "50000", "date=2026-11-01"),
        "small": invoice(tt, "2", "ИП Васильков", "500", "date=2026-12-15"),
        "trade": invoice(tt, "3", "АО РОМАШКА-ТРЕЙД", "12 345,60", "date=01.12.2026"),
        "big": invoice(tt, "4", "Acme Ltd", "250000"),
        "imp": add(tt, "Импорт падает", "--form", "support", "-F", "product=CORRECT",
                   "-F", "problem_type=import", "-F", "version=3.2"),
        "exp": add(tt, "Экспорт пустой", "--form", "support", "-F", "product=correct",
                   "-F", "problem_type=EXPORT"),
        "acc": add(tt, "Нет доступа", "--form", "support", "-F", "product=OTHER",
                   "-F", "problem_type=access", "-F", "version=3.2"),
        "plain": add(tt, "Обычная задача"),
    }  # fmt: skip
    return {name: task["id"] for name, task in made.items()}


def test_numbers_compare_as_numbers(team, registry) -> None:
    r = registry
    assert set(ids(team, "form:invoice", "total>10000")) == {r["romashka"], r["trade"], r["big"]}
    assert ids(team, "form:invoice", "total<=500") == [r["small"]]
    assert ids(team, "form:invoice", "total>=50000", "total<250000") == [r["romashka"]]
    # 12345.60 > 9999 although "12345.60" < "9999" as text
    assert r["trade"] in ids(team, "form:invoice", "total>9999")
    assert ids(team, "form:invoice", "total=12345.6") == [r["trade"]]
    assert set(ids(team, "form:invoice", "total!=500")) == {r["romashka"], r["trade"], r["big"]}


def test_dates_compare_as_dates(team, registry) -> None:
    r = registry
    assert ids(team, "form:invoice", "date<2026-12-01") == [r["romashka"]]
    assert set(ids(team, "form:invoice", "date>=2026-12-01")) == {r["small"], r["trade"]}
    assert ids(team, "form:invoice", "date=2026-12-15") == [r["small"]]


def test_cyrillic_contains_is_case_insensitive(team, registry) -> None:
    r = registry
    expected = {r["romashka"], r["trade"]}
    assert set(ids(team, "supplier_name~ромашка")) == expected
    assert set(ids(team, "form:invoice", "supplier_name~РОМАШКА")) == expected
    assert set(ids(team, "supplier_name~Ромашк")) == expected
    assert ids(team, "supplier_name~васильк") == [r["small"]]
    assert ids(team, "supplier_name~лютик") == []


def test_equality_in_list_and_none(team, registry) -> None:
    r = registry
    assert set(ids(team, "form:support", "product=CORRECT")) == {r["imp"], r["exp"]}
    assert ids(team, "number=2") == [r["small"]]
    assert set(ids(team, "problem_type=import,export")) == {r["imp"], r["exp"]}
    assert ids(team, "form:support", "problem_type!=import,export") == [r["acc"]]
    assert ids(team, "form:support", "version:none") == [r["exp"]]
    assert ids(team, "form:invoice", "date:none") == [r["big"]]


def test_filter_errors_exit_2(team, registry) -> None:
    bad_number = team("ls", "form:invoice", "total>abc")
    assert bad_number.code == 2 and "total" in bad_number.err
    bad_date = team("ls", "form:invoice", "date<someday")
    assert bad_date.code == 2 and "date" in bad_date.err
    unknown = team("ls", "nosuchfield>1")
    assert unknown.code == 2 and "nosuchfield" in unknown.err


def test_columns_and_sort_by_a_field(team, registry) -> None:
    r = registry
    assert ids(team, "form:invoice", "--sort", "-total") == [
        r["big"],
        r["romashka"],
        r["trade"],
        r["small"],
    ]
    assert ids(team, "form:invoice", "--sort", "total") == [
        r["small"],
        r["trade"],
        r["romashka"],
        r["big"],
    ]
    table = team.ok(
        "ls", "form:invoice", "total>10000", "--columns", COLUMNS, "--sort", "-total"
    ).out
    lines = [line for line in table.splitlines() if line.strip()]
    header = lines[0].split()
    assert header == ["id", "number", "supplier_name", "total", "status"]
    body = "\n".join(lines[1:])
    assert body.index("Acme Ltd") < body.index("ООО «Ромашка»") < body.index("АО РОМАШКА-ТРЕЙД")
    assert "ИП Васильков" not in body
    assert "250000.00" in body and "12345.60" in body


def test_json_format_carries_typed_fields(team, registry) -> None:
    listed = team.ok(
        "ls", "form:invoice", "total>10000", "--sort", "-total", "--format", "json"
    ).json()
    assert [t["id"] for t in listed] == [registry["big"], registry["romashka"], registry["trade"]]
    assert listed[0]["fields"]["total"] == {"amount": "250000.00", "currency": "RUB"}
    assert listed[2]["fields"]["date"] == "2026-12-01"


def test_csv_with_semicolons_and_bom_opens_in_a_spreadsheet(team, registry) -> None:
    out = team.ok(
        "ls", "form:invoice", "total>10000", "--columns", COLUMNS, "--sort", "-total",
        "--format", "csv", "--delimiter", ";", "--bom",
    ).out  # fmt: skip
    assert out.startswith("\ufeff")
    parsed = list(csv.reader(io.StringIO(out[1:]), delimiter=";"))
    assert parsed[0] == ["id", "number", "supplier_name", "total", "status"]
    body = parsed[1:]
    assert [row[0] for row in body] == [str(registry[k]) for k in ("big", "romashka", "trade")]
    assert [row[2] for row in body] == ["Acme Ltd", "ООО «Ромашка»", "АО РОМАШКА-ТРЕЙД"]
    assert all(len(row) == 5 for row in body)
    assert body[0][3].startswith("250000.00")
    assert body[2][3].startswith("12345.60")
    assert {row[4] for row in body} == {"approval"}


def test_plain_csv_has_no_bom_and_uses_commas(team, registry) -> None:
    out = team.ok("ls", "form:invoice", "--columns", "id,supplier_name", "--format", "csv").out
    assert not out.startswith("\ufeff")
    parsed = list(csv.reader(io.StringIO(out)))
    assert parsed[0] == ["id", "supplier_name"]
    assert len(parsed) == 5


# -- saved views ------------------------------------------------------------------------


def test_saved_views_are_shared_and_extendable(team, registry) -> None:
    r = registry
    team.ok("view", "save", "big-invoices", "form:invoice", "total>10000")
    team.ok("view", "save", "correct", "form:support", "product=CORRECT")
    views = team.ok("view", "ls", "--json").json()
    assert [(v["name"], v["owner"]) for v in views] == [
        ("big-invoices", "alice"),
        ("correct", "alice"),
    ]
    assert views[0]["filter"] == "form:invoice total>10000"
    assert "big-invoices" in team.ok("view", "ls").out

    assert set(ids(team, "view:big-invoices")) == {r["romashka"], r["trade"], r["big"]}
    assert set(ids(team, "view:big-invoices", "supplier_name~ромашка")) == {
        r["romashka"],
        r["trade"],
    }
    assert ids(team, "view:big-invoices", "total>100000") == [r["big"]]
    assert set(ids(team, "view:correct")) == {r["imp"], r["exp"]}
    assert ids(team, "view:correct", "problem_type=export") == [r["exp"]]
    # the whole team sees and uses the same views
    assert [v["name"] for v in team.ok("view", "ls", "--json", user="bob").json()] == [
        "big-invoices", "correct",
    ]  # fmt: skip
    assert set(ids(team, "view:correct", user="bob")) == {r["imp"], r["exp"]}


def test_saved_view_errors(team, registry) -> None:
    team.ok("view", "save", "mine", "@me")
    again = team("view", "save", "mine", "+bug")
    assert again.code == 1 and "mine" in again.err
    team.ok("view", "save", "mine", "+bug", "--replace")
    assert team.ok("view", "ls", "--json").json()[0]["filter"] == "+bug"

    broken = team("view", "save", "broken", "nosuchfield>1")
    assert broken.code == 2 and "nosuchfield" in broken.err
    assert [v["name"] for v in team.ok("view", "ls", "--json").json()] == ["mine"]

    unknown = team("ls", "view:nosuch")
    assert unknown.code == 2 and "nosuch" in unknown.err


def test_remove_a_view(team, registry) -> None:
    team.ok("view", "save", "tmp", "form:invoice")
    team.ok("view", "rm", "tmp")
    assert team.ok("view", "ls", "--json").json() == []
    assert team("ls", "view:tmp").code == 2
    missing = team("view", "rm", "tmp")
    assert missing.code == 1 and "tmp" in missing.err


def test_not_equal_agrees_with_routing_conditions_on_tasks_without_the_field(
    team, registry
) -> None:
    """`problem_type!=import` in `tt ls` selects what the same text selects as a routing or
    approval condition (domain.evaluate): a task without the field does not match."""
    from datetime import UTC, datetime

    from teamtask.domain.evaluate import evaluate
    from teamtask.domain.filters import parse_filter

    node = parse_filter("problem_type!=import", now=datetime.now(UTC))
    assert evaluate(node, {"fields": {}}, me="alice") is False
    r = registry
    assert set(ids(team, "problem_type!=import")) == {r["exp"], r["acc"]}
