"""The engine end to end with real Tesseract: rendered documents against their truth."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from teamtask.ocr.document import FIELD_KEYS
from teamtask.ocr.parse import canon_code, canon_text

from .conftest import Case, needs_tesseract

pytestmark = needs_tesseract


def _truth_items(case: Case) -> list[dict]:
    items = []
    for it in case.truth.items:
        it = dict(it)
        it["name"] = canon_text(it["name"])
        it["article"] = canon_code(it["article"]) if it["article"] else None
        items.append(it)
    return items


def _case(corpus: list[Case], name: str) -> Case:
    return next(c for c in corpus if c.name == name)


CLEAN = ["invoice-1c-png", "invoice-plain-jpg", "waybill-text-pdf", "upd-png", "contract-tiff-2p"]
DEGRADED = [
    "act-rotated-noisy",
    "act-scanned-gray-pdf",
    "invoice-shadow-photo",
    "upd-phone-photo",
]


@pytest.mark.parametrize("name", CLEAN + DEGRADED)
def test_fields_match_truth(corpus: list[Case], recognized: dict, name: str) -> None:
    case = _case(corpus, name)
    doc = recognized[name]
    assert doc.error is None
    assert doc.doc_type == case.truth.doc_type
    for key in FIELD_KEYS:
        want = case.truth.fields.get(key)
        if key == "number" and want:
            want = canon_code(want)  # look-alike letters in codes are normalized
        assert doc.value(key) == want, f"{name}: {key}"
        if want is not None and key in (
            "supplier_inn",
            "buyer_inn",
            "bik",
            "account",
            "corr_account",
            "supplier_kpp",
            "buyer_kpp",
        ):
            assert doc.fields[key].valid is True


NUMBERS = ("quantity", "price", "amount")


@pytest.mark.parametrize("name", CLEAN + DEGRADED)
def test_item_rows_match_truth(corpus: list[Case], recognized: dict, name: str) -> None:
    """Every row is found; on clean pages every row is exact, names and codes included."""
    case = _case(corpus, name)
    got = [it.to_json() for it in recognized[name].items]
    want = _truth_items(case)
    assert len(got) == len(want)
    numbers_ok = sum(all(g[k] == w[k] for k in NUMBERS) for g, w in zip(got, want, strict=True))
    exact = sum(g == w for g, w in zip(got, want, strict=True))
    if case.degraded:
        assert numbers_ok >= 0.8 * len(want), (got, want)
        assert exact >= 0.5 * len(want), (got, want)
    else:
        assert got == want


@pytest.mark.parametrize("name", CLEAN + DEGRADED)
def test_stamp_and_signature(corpus: list[Case], recognized: dict, name: str) -> None:
    case = _case(corpus, name)
    doc = recognized[name]
    assert doc.stamp.present == case.truth.stamp
    assert doc.signature.present == case.truth.signature


def test_multipage_tiff_and_json_contract(recognized: dict) -> None:
    doc = recognized["contract-tiff-2p"]
    assert doc.pages == 2
    j = doc.to_json()
    assert set(j) == {
        "file",
        "pages",
        "seconds",
        "doc_type",
        "fields",
        "items",
        "signature",
        "stamp",
        "warnings",
    }
    for f in j["fields"].values():
        assert set(f) == {"value", "confidence", "valid"}
        assert 0 <= f["confidence"] <= 1


def _run(paths: list[Path]):
    from teamtask.ocr.pipeline import recognize_files

    return recognize_files(paths, jobs=1)


def test_blank_page_and_cat_photo_are_unknown(tmp_path: Path) -> None:
    blank = tmp_path / "blank.png"
    Image.new("RGB", (2480, 3508), "white").save(blank)
    rng = np.random.default_rng(3)
    # A "photo": smooth colour blobs and fur-like noise, no text.
    base = rng.integers(0, 255, (60, 80, 3), dtype=np.uint8)
    cat = Image.fromarray(base).resize((1600, 1200), Image.Resampling.BICUBIC)
    fur = rng.normal(0, 25, (1200, 1600, 3))
    cat = Image.fromarray(np.clip(np.asarray(cat) + fur, 0, 255).astype(np.uint8))
    cat_path = tmp_path / "cat.jpg"
    cat.save(cat_path, quality=80)
    for doc in _run([blank, cat_path]):
        assert doc.error is None
        assert doc.doc_type == "unknown"
        assert doc.fields == {}
        assert doc.items == []
        assert not doc.stamp.present


def test_bad_inputs_are_reported_not_raised(tmp_path: Path) -> None:
    good = tmp_path / "tiny.png"
    Image.new("L", (300, 200), 255).save(good)
    text = tmp_path / "notes.txt"
    text.write_text("not a scan")
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    broken_pdf = tmp_path / "broken.pdf"
    broken_pdf.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF")
    truncated = tmp_path / "cut.png"
    buf = tmp_path / "full.png"
    Image.new("RGB", (800, 800), "white").save(buf)
    truncated.write_bytes(buf.read_bytes()[:200])
    docs = _run([good, text, empty, broken_pdf, truncated, tmp_path / "missing.jpg", tmp_path])
    assert docs[0].error is None
    reasons = [d.error for d in docs[1:]]
    assert all(reasons), reasons
    assert "not a PDF" in reasons[0]
    assert reasons[1] == "empty file"
    assert "PDF" in reasons[2]
    assert "corrupt image" in reasons[3]
    assert reasons[4] == "no such file"
    assert reasons[5] == "is a directory"


def test_huge_image_is_scaled_down(tmp_path: Path) -> None:
    from teamtask.ocr.load import MAX_SIDE, load_page, probe

    path = tmp_path / "huge.png"
    Image.new("L", (12000, 9000), 255).save(path)
    pr = probe(path)
    page = load_page(path, pr.kind, 0)
    assert max(page.image.size) <= MAX_SIDE


@pytest.mark.parametrize(("size", "dpi"), [((595.0, 842.0), 300.0), ((3370.0, 2384.0), None)])
def test_a_text_layer_page_is_drawn_at_a_scans_resolution_within_the_size_limit(
    tmp_path: Path, size: tuple[float, float], dpi: float | None
) -> None:
    """A text-layer PDF's words come from its text; its page is drawn for the marks at a
    scan's 300 dpi (at 150 a seal's inscription over the signer's name ran together into
    a pen-sized blob), and a page as large as A0 within the same limit as a scan's."""
    from teamtask.ocr.load import MAX_SIDE, load_page, probe

    from .corpus import Canvas
    from .render import write_text_pdf

    canvas = Canvas(size, "dejavu", 10)
    for k in range(6):
        canvas.text(60, 80 + 20 * k, f"Счет на оплату № {k} от 15.11.2026, ИНН 7707083893")
    path = tmp_path / "text.pdf"
    write_text_pdf(canvas, path)
    page = load_page(path, probe(path).kind, 0)
    assert page.words, "read from its text layer"
    assert max(page.image.size) <= MAX_SIDE
    if dpi is not None:
        assert page.dpi == dpi
        assert abs(page.image.size[0] - size[0] * dpi / 72) <= 1
    else:
        assert max(page.image.size) >= MAX_SIDE - 2  # as large as the limit allows
    # The words are in the drawn page's pixels: the first line sits where it was set.
    first = min(page.words, key=lambda w: w.y0)
    assert abs(first.x0 - 60 * page.dpi / 72) < 0.05 * page.dpi
