"""`tt ocr` through a local Typer app wrapping the command (the root app registers it)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from PIL import Image
from typer.testing import CliRunner

from teamtask.cli.ocr import ocr

from .conftest import Case, needs_tesseract


@pytest.fixture
def app() -> typer.Typer:
    a = typer.Typer()
    a.command()(ocr)
    return a


def test_cli_module_imports_nothing_heavy() -> None:
    code = (
        "import sys, teamtask.cli.ocr\n"
        "heavy = {'numpy', 'PIL', 'pytesseract', 'pypdfium2', 'rich.progress'}\n"
        "print(sorted(heavy & set(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_unreadable_files_exit_2_and_others_still_processed(
    app: typer.Typer, tmp_path: Path
) -> None:
    blank = tmp_path / "blank.png"
    Image.new("L", (600, 800), 255).save(blank)
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-garbage")
    res = CliRunner().invoke(app, [str(bad), str(blank), "--json", "--jobs", "1"])
    assert res.exit_code == 2
    lines = [json.loads(x) for x in res.stdout.splitlines() if x.strip()]
    assert [x["file"] for x in lines] == [str(bad), str(blank)]
    assert "error" in lines[0] and lines[1]["doc_type"] == "unknown"
    assert "Traceback" not in res.output
    assert f"{bad}" in res.stderr and "PDF" in res.stderr


def test_task_and_create_together_is_refused(app: typer.Typer, tmp_path: Path) -> None:
    res = CliRunner().invoke(app, [str(tmp_path / "x.png"), "--task", "1", "--create"])
    assert res.exit_code == 2


@needs_tesseract
def test_json_and_human_output(app: typer.Typer, corpus: list[Case]) -> None:
    case = next(c for c in corpus if c.name == "waybill-text-pdf")
    res = CliRunner().invoke(app, [str(case.path), "--json"])
    assert res.exit_code == 0, res.output
    (line,) = res.stdout.splitlines()
    data = json.loads(line)
    assert data["doc_type"] == "waybill"
    assert data["fields"]["supplier_inn"]["value"] == case.truth.fields["supplier_inn"]
    assert len(data["items"]) == len(case.truth.items)
    res = CliRunner().invoke(app, [str(case.path)])
    assert res.exit_code == 0
    assert case.truth.fields["supplier_inn"] in res.stdout
    assert "stamp:" in res.stdout


@needs_tesseract
def test_create_and_fill_tasks_from_a_scan(tt, corpus: list[Case]) -> None:
    """The whole way: `tt ocr --create` and `--task` against a real database (both kinds)."""
    for group, member in (("managers", "bob"), ("finance", "carol"), ("ceo", "alice")):
        tt.ok("group", "add", group, "--member", member)
    case = next(c for c in corpus if c.name == "waybill-text-pdf")
    truth = case.truth.fields
    created = tt.ok("ocr", str(case.path), "--create", "--json")
    assert json.loads(created.out.splitlines()[0])["doc_type"] == "waybill"
    task_id = re.search(r"#(\d+) created", created.err)[1]  # type: ignore[index]
    task = tt.ok("show", task_id, "--json").json()
    assert task["form"] == "invoice" and task["fields"]["doc_type"] == "waybill"
    for key in ("number", "supplier_inn", "buyer_inn"):
        assert task["fields"][key] == truth[key]
    assert task["fields"]["total"]["amount"] == truth["total"]
    assert task["title"].startswith(f"Счёт {truth['number']} от ")
    assert task["status"] == "approval"  # the route started: the total was on the page
    assert [a["filename"] for a in task["attachments"]] == [case.path.name]
    assert any(h["action"] == "filled from scan" for h in task["history"])

    typed = tt.ok("add", "Счёт", "--form", "invoice", "-F", "number=вручную", "-F", "total=1",
                  "--json").json()  # fmt: skip
    tt.ok("ocr", str(case.path), "--task", str(typed["id"]))
    fields = tt.ok("show", str(typed["id"]), "--json").json()["fields"]
    assert fields["number"] == "вручную"  # a person's value stays
    assert fields["supplier_inn"] == truth["supplier_inn"]
    tt.ok("ocr", str(case.path), "--task", str(typed["id"]), "--overwrite")
    assert tt.ok("show", str(typed["id"]), "--json").json()["fields"]["number"] == truth["number"]

    assert tt("ocr", str(case.path), "--task", "999").code == 1
    plain = tt.ok("add", "Обычная задача", "--json").json()
    assert tt("ocr", str(case.path), "--task", str(plain["id"])).code == 2


@needs_tesseract
def test_form_values_and_review_notes(recognized: dict) -> None:
    from teamtask.ocr.fill import FORM_KEYS, form_values, review_notes

    doc = recognized["invoice-1c-png"]
    values = form_values(doc)
    assert set(values) == set(FORM_KEYS)
    assert values["doc_type"] == "invoice"
    assert values["supplier_inn"] == doc.value("supplier_inn")
    assert isinstance(values["items"], list) and values["items"]
    assert isinstance(values["has_stamp"], bool)
    doc.fields["bik"].valid = False
    assert any(n.startswith("bik") for n in review_notes(doc))
    doc.fields["bik"].valid = True
