"""Forms through the CLI on SQLite and PostgreSQL: built-ins, versions, typed values, routing."""

from __future__ import annotations

import tomllib

import pytest
from workflow_helpers import add, invoice, show, write, write_json

BUILTIN = {"support", "incident", "release", "kb", "invoice"}
INVOICE_FIELDS = [
    "doc_type", "number", "date", "supplier_name", "supplier_inn", "supplier_kpp", "buyer_name",
    "buyer_inn", "buyer_kpp", "bank_name", "bik", "account", "corr_account", "contract_term",
    "total", "vat", "vat_rate", "items", "has_signature", "has_stamp",
]  # fmt: skip


# -- built-in forms, show, export/import --------------------------------------------------


def test_builtin_forms_are_present_after_first_use(tt) -> None:
    forms = tt.ok("form", "ls", "--json").json()
    assert {f["key"] for f in forms} == BUILTIN
    for f in forms:
        assert f["version"] == 1
        assert f["tasks"] == 0
        assert f["title"]
    table = tt.ok("form", "ls").out
    for key in BUILTIN:
        assert key in table


def test_form_show_invoice_json(tt) -> None:
    shown = tt.ok("form", "show", "invoice", "--json").json()
    assert shown["key"] == "invoice"
    assert shown["version"] == 1
    assert [f["key"] for f in shown["fields"]] == INVOICE_FIELDS
    items = next(f for f in shown["fields"] if f["key"] == "items")
    assert items["type"] == "table"
    assert [c["key"] for c in items["columns"]] == [
        "name", "article", "quantity", "unit", "price", "amount",
    ]  # fmt: skip
    assert [s["key"] for s in shown["statuses"]][:2] == ["draft", "approval"]
    steps = shown["approval"]["steps"]
    assert [s["name"] for s in steps] == ["manager", "accounting", "ceo"]
    assert steps[2]["when"] == "total>100000"
    text = tt.ok("form", "show", "invoice").out
    assert "supplier_name" in text and "ceo" in text


def test_form_show_unknown_form_exits_2(tt) -> None:
    result = tt("form", "show", "nosuch")
    assert result.code == 2
    assert "nosuch" in result.err
    assert "invoice" in result.err  # the known forms are named


def test_export_import_round_trip_makes_version_2_and_old_tasks_keep_version_1(
    tt, tmp_path
) -> None:
    old = add(tt, "Клиент А не может загрузить файл", "--form", "support",
              "-F", "product=CORRECT", "-F", "client=Клиент А")  # fmt: skip
    exported = tt.ok("form", "export", "support").out
    definition = tomllib.loads(exported)
    assert definition["key"] == "support"

    definition["fields"] = [f for f in definition["fields"] if f["key"] != "client"]
    definition["fields"].append({"key": "contract", "title": "Договор", "type": "text"})
    import tomli_w

    path = write(tmp_path, "support-v2.toml", tomli_w.dumps(definition))
    imported = tt.ok("form", "import", str(path))
    assert "version 2" in imported.err

    listed = {f["key"]: f for f in tt.ok("form", "ls", "--json").json()}
    assert listed["support"]["version"] == 2
    assert listed["support"]["tasks"] == 1
    shown = tt.ok("form", "show", "support", "--json").json()
    assert shown["version"] == 2
    assert "contract" in [f["key"] for f in shown["fields"]]
    assert "client" not in [f["key"] for f in shown["fields"]]

    # The old task keeps its version-1 values and fields…
    assert show(tt, old["id"])["fields"] == {"product": "CORRECT", "client": "Клиент А"}
    tt.ok("edit", str(old["id"]), "-F", "client=Клиент Б")
    assert show(tt, old["id"])["fields"]["client"] == "Клиент Б"
    assert tt("edit", str(old["id"]), "-F", "contract=Д-1").code == 2
    # …while new tasks get version 2.
    new = add(tt, "Новое обращение", "--form", "support", "-F", "contract=Д-1")
    assert new["fields"] == {"contract": "Д-1"}
    refused = tt("add", "Ещё одно", "--form", "support", "-F", "client=X")
    assert refused.code == 2 and "client" in refused.err

    # Exporting and importing unchanged gives an identical definition as version 3.
    again = tt.ok("form", "export", "support").out
    path3 = write(tmp_path, "support-v3.toml", again)
    assert "version 3" in tt.ok("form", "import", str(path3)).err
    assert tomllib.loads(tt.ok("form", "export", "support").out) == tomllib.loads(again)


def test_import_a_new_form_then_use_it(tt, tmp_path) -> None:
    path = write(tmp_path, "visit.toml", VISIT)
    assert "form visit version 1" in tt.ok("form", "import", str(path)).err
    assert "visit" in {f["key"] for f in tt.ok("form", "ls", "--json").json()}
    task = add(tt, "x", "--form", "visit", "-F", "client=ООО Ромашка", "-F", "day=2026-12-01",
               "-F", "kind=ONSITE")  # fmt: skip
    assert task["title"] == "Визит: ООО Ромашка 2026-12-01"
    assert task["status"] == "planned"
    assert task["fields"] == {"client": "ООО Ромашка", "day": "2026-12-01", "kind": "onsite"}


VISIT = """
key = "visit"
name = "Визит"
title = "Визит: {client} {day}"

[[statuses]]
key = "planned"
[[statuses]]
key = "done"
closed = true

[[fields]]
key = "client"
type = "text"
[[fields]]
key = "day"
type = "date"
[[fields]]
key = "kind"
type = "choice"
options = ["onsite", "remote"]
"""

BAD_FORMS = {
    "not TOML": ("key = \n", ["TOML", "line 1"]),
    "no key": ('name = "x"\n[[statuses]]\nkey = "a"\n[[statuses]]\nkey = "b"\nclosed = true\n', ["key"]),
    "no statuses": ('key = "x"\n', ["status"]),
    "no closed status": ('key = "x"\n[[statuses]]\nkey = "a"\n', ["closed"]),
    "duplicate status": (
        'key = "x"\n[[statuses]]\nkey = "a"\n[[statuses]]\nkey = "a"\nclosed = true\n',
        ["unique"],
    ),
    "unknown field type": (
        'key = "x"\n[[statuses]]\nkey = "a"\n[[statuses]]\nkey = "b"\nclosed = true\n'
        '[[fields]]\nkey = "f"\ntype = "weird"\n',
        ["'f'", "weird"],
    ),
    "choice without options": (
        'key = "x"\n[[statuses]]\nkey = "a"\n[[statuses]]\nkey = "b"\nclosed = true\n'
        '[[fields]]\nkey = "kind"\ntype = "choice"\n',
        ["kind", "options"],
    ),
    "required from unknown status": (
        'key = "x"\n[[statuses]]\nkey = "a"\n[[statuses]]\nkey = "b"\nclosed = true\n'
        '[[fields]]\nkey = "f"\nrequired_from = "paid"\n',
        ["'f'", "paid"],
    ),
    "template names unknown field": (
        'key = "x"\ntitle = "Счёт {number}"\n[[statuses]]\nkey = "a"\n[[statuses]]\nkey = "b"\n'
        "closed = true\n",
        ["template", "number"],
    ),
    "bad approval mode": (
        'key = "x"\n[[statuses]]\nkey = "a"\n[[statuses]]\nkey = "b"\nclosed = true\n'
        '[approval]\nstatus = "a"\napproved_status = "b"\nrejected_status = "a"\n'
        '[[approval.steps]]\nname = "boss"\napprovers = ["bob"]\nmode = "most"\n',
        ["boss", "most"],
    ),
    "table without columns": (
        'key = "x"\n[[statuses]]\nkey = "a"\n[[statuses]]\nkey = "b"\nclosed = true\n'
        '[[fields]]\nkey = "items"\ntype = "table"\n',
        ["items", "columns"],
    ),
}  # fmt: skip


def test_invalid_form_files_exit_2_naming_the_problem(tt, tmp_path) -> None:
    before = tt.ok("form", "ls", "--json").json()
    for name, (text, words) in BAD_FORMS.items():
        path = write(tmp_path, name.replace(" ", "_") + ".toml", text)
        result = tt("form", "import", str(path))
        assert result.code == 2, f"{name}: exit {result.code}\n{result.err}"
        for word in words:
            assert word in result.err, f"{name}: {word!r} not in {result.err!r}"
    missing = tt("form", "import", str(tmp_path / "missing.toml"))
    assert missing.code == 2 and "missing.toml" in missing.err
    assert tt.ok("form", "ls", "--json").json() == before


# -- typed values on tt add / tt edit ------------------------------------------------------


def test_bad_value_exits_2_naming_field_value_and_type_and_writes_nothing(team, rows) -> None:
    tt = team
    before = rows()
    result = tt("add", "Счёт", "--form", "invoice", "-F", "number=1", "-F", "total=abc")
    assert result.code == 2
    assert "total" in result.err and "abc" in result.err and "amount" in result.err
    assert result.out == ""
    assert rows() == before
    assert tt.ok("ls", "status:any", "--format", "ids").out == ""


@pytest.mark.parametrize(
    ("assignment", "words"),
    [
        ("date=someday", ["date", "someday", "date ("]),
        ("vat_rate=twenty", ["vat_rate", "twenty", "a number"]),
        ("doc_type=receipt", ["doc_type", "receipt", "invoice, waybill"]),
        ("has_stamp=maybe", ["has_stamp", "maybe", "yes or no"]),
        ("contract_term=31.02.2027", ["contract_term", "31.02.2027", "date"]),
    ],
)
def test_each_type_is_validated_and_nothing_is_written(team, rows, assignment, words) -> None:
    before = rows()
    result = team("add", "Счёт", "--form", "invoice", "-F", "total=100", "-F", assignment)
    assert result.code == 2, result.err
    for word in words:
        assert word in result.err
    assert rows() == before


def test_unknown_field_exits_2(team, rows) -> None:
    before = rows()
    result = team("add", "Счёт", "--form", "invoice", "-F", "total=1", "-F", "nosuch=1")
    assert result.code == 2
    assert "nosuch" in result.err
    assert "supplier_name" in result.err  # the form's fields are listed
    assert rows() == before


def test_field_on_a_plain_task_is_an_error(tt, rows) -> None:
    before = rows()
    result = tt("add", "Обычная задача", "-F", "total=1")
    assert result.code == 2, f"exit {result.code}: {result.out}{result.err}"
    assert "total" in result.err
    assert rows() == before


def test_edit_field_on_a_plain_task_is_an_error(tt) -> None:
    plain = add(tt, "Обычная задача")
    result = tt("edit", str(plain["id"]), "-F", "total=1")
    assert result.code == 2
    assert "form" in result.err
    assert show(tt, plain["id"])["fields"] == {}


def test_edit_validates_and_keeps_the_old_value_on_error(team) -> None:
    task = invoice(team, "5", "ООО «Ромашка»", "1000")
    bad = team("edit", str(task["id"]), "-F", "total=много", "-F", "number=6")
    assert bad.code == 2 and "total" in bad.err and "много" in bad.err
    fields = show(team, task["id"])["fields"]
    assert fields["total"]["amount"] == "1000.00" and fields["number"] == "5"
    team.ok("edit", str(task["id"]), "-F", "total=12 345,60")
    assert show(team, task["id"])["fields"]["total"] == {"amount": "12345.60", "currency": "RUB"}


def test_money_date_and_checkbox_values_are_typed(team) -> None:
    task = invoice(team, "17", "ООО «Ромашка»", "12 345,60",
                   "date=01.12.2026", "has_stamp=да", "has_signature=no", "vat_rate=20",
                   "doc_type=WAYBILL")  # fmt: skip
    fields = task["fields"]
    assert fields["total"] == {"amount": "12345.60", "currency": "RUB"}
    assert fields["date"] == "2026-12-01"
    assert fields["has_stamp"] is True and fields["has_signature"] is False
    assert fields["vat_rate"] == 20
    assert fields["doc_type"] == "waybill"


def test_absurdly_long_number_exits_2_and_writes_nothing(team, rows) -> None:
    before = rows()
    result = team(
        "add", "Счёт", "--form", "invoice", "-F", "total=1", "-F", "vat_rate=" + "9" * 5000
    )
    assert result.code == 2
    assert "vat_rate" in result.err
    assert rows() == before


# -- tables ------------------------------------------------------------------------------


ITEMS = [
    {"name": "Бумага А4", "article": "P-1", "quantity": "10", "unit": "пач", "price": "350,50",
     "amount": "3 505,00"},
    {"name": "Ручка", "quantity": 2, "price": 10.5, "amount": 21},
]  # fmt: skip
STORED_ITEMS = [
    {"name": "Бумага А4", "article": "P-1", "quantity": 10, "unit": "пач", "price": "350.50",
     "amount": "3505.00"},
    {"name": "Ручка", "article": None, "quantity": 2, "unit": None, "price": "10.50",
     "amount": "21.00"},
]  # fmt: skip


def test_table_field_from_a_file(team, tmp_path) -> None:
    path = write_json(tmp_path, "items.json", ITEMS)
    task = invoice(team, "1", "ООО «Ромашка»", "3526", f"items=@{path}")
    assert task["fields"]["items"] == STORED_ITEMS
    assert show(team, task["id"])["fields"]["items"] == STORED_ITEMS


def test_table_field_inline_json(team) -> None:
    import json

    task = invoice(
        team, "2", "ООО «Ромашка»", "3526", "items=" + json.dumps(ITEMS, ensure_ascii=False)
    )
    assert task["fields"]["items"] == STORED_ITEMS


def test_table_errors_name_the_row(team, rows, tmp_path) -> None:
    before = rows()
    bad_row = [{"name": "ok", "quantity": 1}, {"name": "плохо", "quantity": "два"}]
    path = write_json(tmp_path, "bad.json", bad_row)
    result = team("add", "Счёт", "--form", "invoice", "-F", "total=1", "-F", f"items=@{path}")
    assert result.code == 2
    assert "items" in result.err and "row 2" in result.err and "quantity" in result.err
    not_json = team("add", "Счёт", "--form", "invoice", "-F", "total=1", "-F", "items=[{oops")
    assert not_json.code == 2 and "items" in not_json.err and "JSON" in not_json.err
    unknown = team(
        "add", "Счёт", "--form", "invoice", "-F", "total=1", "-F", 'items=[{"colour": "red"}]'
    )
    assert unknown.code == 2 and "colour" in unknown.err
    assert rows() == before


# -- title template, required fields -----------------------------------------------------


def test_title_template_renders_from_fields(team) -> None:
    task = invoice(team, "42", "ООО «Ромашка»", "12 345,60")
    assert task["title"] == "Счёт 42 от ООО «Ромашка»: 12345.60 RUB"
    release = add(
        team, "что угодно", "--form", "release", "-F", "product=CORRECT", "-F", "version=3.2"
    )
    assert release["title"] == "CORRECT 3.2"


def test_title_stays_as_typed_while_template_fields_are_missing(team) -> None:
    task = add(team, "Счёт без номера", "--form", "invoice", "-F", "total=10")
    assert task["title"] == "Счёт без номера"


def test_required_fields_are_checked_on_creation(tt, rows) -> None:
    before = rows()
    result = tt("add", "Релиз", "--form", "release", "-F", "product=CORRECT")
    assert result.code == 2
    assert "version" in result.err
    assert rows() == before


def test_solution_is_required_to_move_a_support_request_to_resolved(tt) -> None:
    task = add(tt, "Не работает импорт", "--form", "support", "-F", "product=CORRECT")
    assert task["status"] == "new"
    assert task["group"] == "support-l1"  # the form's default group
    tid = str(task["id"])

    refused = tt("move", tid, "resolved")
    assert refused.code == 2
    assert "solution" in refused.err
    assert show(tt, task["id"])["status"] == "new"
    refused = tt("close", tid)
    assert refused.code == 2 and "solution" in refused.err

    tt.ok("move", tid, "waiting_client")
    tt.ok("edit", tid, "-F", "solution=Обновить драйвер до 3.2.1")
    tt.ok("move", tid, "resolved")
    shown = show(tt, task["id"])
    assert shown["status"] == "resolved"
    assert shown["closed"] is True
    assert shown["fields"]["solution"] == "Обновить драйвер до 3.2.1"


def test_solution_and_status_in_one_edit(tt) -> None:
    task = add(tt, "Клиент ждёт", "--form", "support")
    tid = str(task["id"])
    assert tt("edit", tid, "--status", "resolved").code == 2
    tt.ok("edit", tid, "--status", "resolved", "-F", "solution=Перезапустить службу")
    assert show(tt, task["id"])["status"] == "resolved"


# -- routing ------------------------------------------------------------------------------

PURCHASE = """
key = "purchase"
name = "Закупка"
default_group = "support-l1"

[[statuses]]
key = "new"
[[statuses]]
key = "done"
closed = true

[[fields]]
key = "item"
type = "text"
[[fields]]
key = "amount"
type = "money"

[[route]]
when = "amount>100000"
group = "finance"

[[route]]
when = "item~сервер"
assignee = "bob"
"""


def test_routing_rules_choose_the_group(team, tmp_path) -> None:
    team.ok("form", "import", str(write(tmp_path, "purchase.toml", PURCHASE)))
    big = add(team, "Ноутбуки", "--form", "purchase", "-F", "item=Ноутбуки", "-F", "amount=150000")
    small = add(team, "Мышь", "--form", "purchase", "-F", "item=Мышь", "-F", "amount=1 000")
    edge = add(team, "Ровно", "--form", "purchase", "-F", "item=Стол", "-F", "amount=100000")
    assert big["group"] == "finance"
    assert small["group"] == "support-l1"
    assert edge["group"] == "support-l1"
    server = add(team, "Сервер", "--form", "purchase", "-F", "item=Сервер Dell", "-F", "amount=10")
    assert server["assignee"] == "bob"
    assert server["group"] == "support-l1"
