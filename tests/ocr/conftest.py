"""Fixtures for the OCR tests: a small rendered corpus, recognized once per session.

Real Tesseract runs here (the tests skip when it or its Russian data is missing); the full
corpus with timings is bench/ocr.py's job.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from .corpus import Truth
from .render import build, degrade, rasterize, save_image, write_text_pdf


def _tesseract_ready() -> bool:
    if not shutil.which("tesseract"):
        return False
    out = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True)
    return "rus" in out.stdout.split()


# Locally a machine without Tesseract skips these; under CI=true they run and fail loudly.
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
needs_tesseract = pytest.mark.skipif(
    not IN_CI and not _tesseract_ready(), reason="tesseract-ocr-rus missing"
)


@dataclass
class Case:
    name: str
    path: Path
    truth: Truth
    degraded: bool


# (name, seed, doc type, layout, how it is stored). Seeds are fixed: the documents, and so
# the expectations, are the same on every run.
CASES = [
    ("invoice-1c-png", 101, "invoice", "invoice_1c", "png"),
    ("invoice-plain-jpg", 202, "invoice", "invoice_plain", "jpg"),
    ("waybill-text-pdf", 303, "waybill", "torg12", "text-pdf"),
    ("upd-png", 404, "upd", "upd", "png"),
    ("contract-tiff-2p", 505, "contract", "contract", "tiff2"),
    ("act-rotated-noisy", 606, "act", "act_plain", "rotate+noise"),
    ("act-scanned-gray-pdf", 707, "act", "act_ruled", "gray-pdf"),
    ("invoice-shadow-photo", 808, "invoice", "invoice_1c", "shadow"),
    ("upd-phone-photo", 909, "upd", "upd", "photo"),
]


def make_case(root: Path, name: str, seed: int, doc_type: str, layout: str, how: str) -> Case:
    canvas, truth = build(seed, doc_type, layout)
    rng = random.Random(seed)
    if how == "text-pdf":
        path = root / f"{name}.pdf"
        write_text_pdf(canvas, path)
        return Case(name, path, truth, False)
    page = rasterize(canvas)
    if how == "png":
        path = root / f"{name}.png"
        save_image(page, path)
    elif how == "jpg":
        path = root / f"{name}.jpg"
        save_image(page, path)
    elif how == "tiff2":
        from PIL import Image

        path = root / f"{name}.tiff"
        blank = Image.new("RGB", page.size, "white")
        page.save(
            path, save_all=True, append_images=[blank], compression="tiff_lzw", dpi=(300, 300)
        )
    elif how == "rotate+noise":
        path = root / f"{name}.png"
        save_image(degrade(degrade(page, "rotate", rng), "noise", rng), path)
    elif how in ("shadow", "photo"):
        path = root / f"{name}.jpg"
        save_image(degrade(page, how, rng), path)
    elif how == "gray-pdf":
        path = root / f"{name}.pdf"
        save_image(degrade(page, "gray", rng), path)
    else:
        raise ValueError(how)
    return Case(name, path, truth, how not in ("png", "jpg", "tiff2"))


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Case]:
    root = tmp_path_factory.mktemp("ocr-corpus")
    cases = [make_case(root, *c) for c in CASES]
    (root / "truth.json").write_text(
        json.dumps({c.name: c.truth.to_json() for c in cases}, ensure_ascii=False, indent=1)
    )
    return cases


@pytest.fixture(scope="session")
def recognized(corpus: list[Case]) -> dict[str, object]:
    if not _tesseract_ready():
        pytest.skip("tesseract-ocr-rus missing")
    from teamtask.ocr.pipeline import recognize_files

    docs = recognize_files([c.path for c in corpus], jobs=2)
    return {c.name: d for c, d in zip(corpus, docs, strict=True)}
