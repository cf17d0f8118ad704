"""Benchmark of `tt ocr`'s engine on the generated corpus (clean and degraded copies).

    uv run python bench/ocr.py [--per-layout N] [--seed S] [--corpus DIR] [--jobs N]
                               [--compare N] [--alone N] [--details]

Prints field accuracy, item-row accuracy, stamp/signature accuracy and seconds per page.
`--compare N` also runs N scanned pages with Tesseract's default OpenMP threading, one
page at a time, against one single-threaded process per page. `--alone N` times N
one-page scans read one file at a time, as `tt ocr scan.png` reads one.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from teamtask.ocr.document import FIELD_KEYS, Document  # noqa: E402
from teamtask.ocr.parse import canon_code, canon_text  # noqa: E402
from teamtask.ocr.pipeline import recognize_files  # noqa: E402

CLEAN = {"clean", "text-pdf"}


def canon_truth(truth: dict) -> dict:
    """The engine's canonical forms applied to the truth (look-alike letters in codes)."""
    if truth["fields"].get("number"):
        truth["fields"]["number"] = canon_code(truth["fields"]["number"])
    for it in truth["items"]:
        it["name"] = canon_text(it["name"])
        it["article"] = canon_code(it["article"]) if it["article"] else None
    return truth


def score(doc: Document, truth: dict) -> dict:
    fields_ok = fields_n = invented = 0
    wrong: list[str] = []
    for key in FIELD_KEYS:
        want = truth["fields"].get(key)
        got = doc.value(key)
        if want is None:
            if got is not None:
                invented += 1
                wrong.append(f"{key}: invented {got!r}")
            continue
        fields_n += 1
        if got == want:
            fields_ok += 1
        else:
            wrong.append(f"{key}: {want!r} → {got!r}")
    got_items = [it.to_json() for it in doc.items]
    rows_ok = sum(1 for a, b in zip(truth["items"], got_items, strict=False) if a == b)
    for a, b in zip(truth["items"], got_items, strict=False):
        if a != b:
            wrong.append(f"row {a} → {b}")
    if doc.doc_type != truth["doc_type"]:
        wrong.append(f"doc_type: {truth['doc_type']!r} → {doc.doc_type!r}")
    if doc.stamp.present != truth["stamp"]:
        wrong.append(f"stamp: {truth['stamp']} → {doc.stamp.present}")
    if doc.signature.present != truth["signature"]:
        wrong.append(f"signature: {truth['signature']} → {doc.signature.present}")
    if len(got_items) != len(truth["items"]):
        wrong.append(f"rows: {len(truth['items'])} → {len(got_items)}")
    return {
        "fields_ok": fields_ok,
        "fields_n": fields_n,
        "invented": invented,
        "type_ok": doc.doc_type == truth["doc_type"],
        "rows_ok": rows_ok,
        "rows_n": len(truth["items"]),
        "stamp_ok": doc.stamp.present == truth["stamp"],
        "sign_ok": doc.signature.present == truth["signature"],
        "wrong": wrong,
    }


def pct(a: float, b: float) -> str:
    return f"{100 * a / b:5.1f}%" if b else "  n/a"


def report(name: str, rows: list[dict]) -> None:
    f_ok = sum(r["fields_ok"] for r in rows)
    f_n = sum(r["fields_n"] for r in rows)
    r_ok = sum(r["rows_ok"] for r in rows)
    r_n = sum(r["rows_n"] for r in rows)
    print(
        f"{name:10s} docs {len(rows):3d}  fields {pct(f_ok, f_n)} ({f_ok}/{f_n})  "
        f"invented {sum(r['invented'] for r in rows)}  "
        f"type {pct(sum(r['type_ok'] for r in rows), len(rows))}  "
        f"item rows {pct(r_ok, r_n)} ({r_ok}/{r_n})  "
        f"stamp {pct(sum(r['stamp_ok'] for r in rows), len(rows))}  "
        f"signature {pct(sum(r['sign_ok'] for r in rows), len(rows))}"
    )


def quantiles(xs: list[float]) -> str:
    if not xs:
        return "n/a"
    xs = sorted(xs)
    p90 = xs[min(len(xs) - 1, round(0.9 * (len(xs) - 1)))]
    return f"median {statistics.median(xs):.2f} s, p90 {p90:.2f} s, max {xs[-1]:.2f} s"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--per-layout", type=int, default=3)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--corpus", type=Path)
    ap.add_argument("--jobs", type=int, default=None)
    ap.add_argument("--compare", type=int, default=0)
    ap.add_argument("--alone", type=int, default=0)
    ap.add_argument("--details", action="store_true")
    args = ap.parse_args()

    tmp = None
    corpus = args.corpus
    if corpus is not None and not (corpus / "manifest.json").exists() and any(corpus.glob("*")):
        # Generating into it would overwrite its files (through links, too).
        sys.exit(f"{corpus}: files but no manifest.json; give an empty or a generated corpus")
    if corpus is None or not (corpus / "manifest.json").exists():
        from tests.ocr.render import generate

        if corpus is None:
            tmp = tempfile.TemporaryDirectory(prefix="tt-ocr-bench-")
            corpus = Path(tmp.name)
        t0 = time.perf_counter()
        generate(corpus, args.per_layout, seed=args.seed)
        print(f"corpus generated in {time.perf_counter() - t0:.0f} s: {corpus}")
    manifest = json.loads((corpus / "manifest.json").read_text())
    files = [corpus / m["file"] for m in manifest]

    t0 = time.perf_counter()
    docs = recognize_files(files, jobs=args.jobs)
    wall = time.perf_counter() - t0
    pages = sum(d.pages for d in docs)
    by_variant: dict[str, list[dict]] = {"clean": [], "degraded": []}
    by_kind: dict[str, list[dict]] = {}
    scanned_secs: list[float] = []
    text_secs: list[float] = []
    for m, doc in zip(manifest, docs, strict=True):
        truth = canon_truth(json.loads((corpus / m["truth"]).read_text()))
        if doc.error:
            print(f"{m['file']}: ERROR {doc.error}")
            continue
        s = score(doc, truth)
        by_variant["clean" if m["variant"] in CLEAN else "degraded"].append(s)
        by_kind.setdefault(m["variant"], []).append(s)
        (text_secs if m["variant"] == "text-pdf" else scanned_secs).extend(doc.page_seconds)
        if args.details and s["wrong"]:
            print(f"{m['file']} ({m['variant']}):")
            for w in s["wrong"]:
                print("    " + w)
    print()
    report("clean", by_variant["clean"])
    report("degraded", by_variant["degraded"])
    report("all", by_variant["clean"] + by_variant["degraded"])
    print("by variant:")
    for kind, rows in sorted(by_kind.items()):
        report(f"  {kind}", rows)
    print(
        f"pages {pages}, wall {wall:.1f} s with {args.jobs or 'all'} jobs "
        f"→ {wall / max(1, pages):.2f} s per page of throughput"
    )
    print(f"scanned page (one worker, OMP_THREAD_LIMIT=1): {quantiles(scanned_secs)}")
    print(f"text-layer PDF page: {quantiles(text_secs)}")

    if args.compare:
        scans = [f for f, m in zip(files, manifest, strict=True) if m["variant"] != "text-pdf"][
            : args.compare
        ]
        t0 = time.perf_counter()
        recognize_files(scans, jobs=1, one_thread=False)
        default = time.perf_counter() - t0
        t0 = time.perf_counter()
        recognize_files(scans, jobs=args.jobs)
        pooled = time.perf_counter() - t0
        print(
            f"strategy on {len(scans)} scanned pages: default OpenMP threads, sequential "
            f"{default / len(scans):.2f} s/page; OMP_THREAD_LIMIT=1 + process pool "
            f"{pooled / len(scans):.2f} s/page"
        )
    if args.alone:
        # How one scan dropped on a task reads: a file of one page on its own, the spare
        # core reading its crops in the second language at the same time.
        single = [
            f
            for f, m, d in zip(files, manifest, docs, strict=True)
            if m["variant"] != "text-pdf" and d.pages == 1
        ][: args.alone]
        alone: list[float] = []
        for f in single:
            t0 = time.perf_counter()
            recognize_files([f])
            alone.append(time.perf_counter() - t0)
        print(f"one scanned page alone, {len(alone)} files: {quantiles(alone)}")
    if tmp is not None:
        tmp.cleanup()


if __name__ == "__main__":
    main()
