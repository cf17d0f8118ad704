"""Filling forms from recognized scans (the database half of `tt ocr --task/--create`)."""

from __future__ import annotations

import pytest
from workflow_helpers import show

from teamtask.config import load_settings
from teamtask.domain.errors import Invalid
from teamtask.services.context import open_context
from teamtask.services.scans import Scan, create_from_scan, fill_task

SCANNED = {
    "doc_type": "invoice",
    "number": "118",
    "supplier_name": 'ООО "Вектор"',
    "supplier_inn": "7707083893",
    "date": "2026-11-20",
    "total": "48500.00",
    "items": [
        {
            "name": "Бумага А4",
            "article": "P-1",
            "quantity": "5",
            "unit": "пач",
            "price": "9700.00",
            "amount": "48500.00",
        }
    ],
    "has_stamp": True,
    "has_signature": False,
    "bik": None,  # not found on the page: never written
}


@pytest.fixture
def ctx(team, monkeypatch):
    monkeypatch.setenv("TEAMTASK_TZ", team.env["TEAMTASK_TZ"])
    context = open_context(
        load_settings(db=team.db_url, user="alice", config=team.env["TEAMTASK_CONFIG"])
    )
    yield context
    context.db.close()


def scan(**values) -> Scan:
    return Scan(
        "invoice-118.pdf",
        b"%PDF-1.4 scan",
        {**SCANNED, **values},
        notes=["supplier_kpp = 77010100: low confidence (0.41)"],
    )


def test_create_titles_by_template_attaches_and_starts_approval(team, ctx) -> None:
    result = create_from_scan(ctx, "invoice", scan())
    task = show(team, result.task_id)
    assert task["title"] == 'Счёт 118 от ООО "Вектор": 48500.00 RUB'
    assert task["status"] == "approval" and result.approval_started
    assert task["fields"]["supplier_inn"] == "7707083893"
    assert task["fields"]["items"][0]["amount"] == "48500.00"
    assert "bik" not in task["fields"]
    assert [a["filename"] for a in task["attachments"]] == ["invoice-118.pdf"]
    assert any(h["action"] == "filled from scan" for h in task["history"])
    note = [c for c in task["comments"] if not c["public"]][-1]["body"]
    assert "supplier_kpp" in note and "low confidence" in note


def test_create_without_the_amount_waits_as_a_draft_until_moved(team, ctx) -> None:
    result = create_from_scan(ctx, "invoice", scan(total=None))
    task = show(team, result.task_id)
    assert task["status"] == "draft" and not result.approval_started
    assert "approval not started: fill total" in task["comments"][-1]["body"]
    team.ok("edit", str(result.task_id), "-F", "total=48500")
    team.ok("move", str(result.task_id), "approval")
    steps = team.ok("approvals", str(result.task_id), "--json").json()["steps"]
    assert [s["status"] for s in steps] == ["pending", "waiting", "waiting"]


def test_fill_keeps_what_a_person_typed_unless_overwrite(team, ctx) -> None:
    task = team.ok(
        "add",
        "Счёт",
        "--form",
        "invoice",
        "-F",
        "number=118",
        "-F",
        "supplier_name=Вектор (вручную)",
        "-F",
        "total=1",
        "--json",
    ).json()
    first = fill_task(ctx, task["id"], scan())
    assert "supplier_name" in first.kept and "supplier_inn" in first.filled
    assert show(team, task["id"])["fields"]["supplier_name"] == "Вектор (вручную)"
    fill_task(ctx, task["id"], scan(), overwrite=True)
    assert show(team, task["id"])["fields"]["supplier_name"] == 'ООО "Вектор"'


def test_a_misread_value_is_reported_not_written(team, ctx) -> None:
    task = team.ok("add", "Счёт", "--form", "invoice", "-F", "total=1", "--json").json()
    result = fill_task(ctx, task["id"], scan(date="31.02.2026"))
    assert any(r.startswith("date:") for r in result.rejected)
    shown = show(team, task["id"])
    assert "date" not in shown["fields"]
    assert "not taken: date" in shown["comments"][-1]["body"]


def test_a_plain_task_has_no_form_to_fill(team, ctx) -> None:
    task = team.ok("add", "Обычная задача", "--json").json()
    with pytest.raises(Invalid, match="no form"):
        fill_task(ctx, task["id"], scan())
