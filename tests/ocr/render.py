"""Rasterise or PDF-write a laid-out document, add stamps and signatures, degrade copies."""

from __future__ import annotations

import ctypes
import io
import json
import math
import random
import sys
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, ImageChops, ImageDraw, ImageFilter

from .corpus import Canvas, Op, Truth, make_spec, truth_of
from .layouts import BUILDERS, LAYOUTS


def build(seed: int, doc_type: str, layout: str | None = None) -> tuple[Canvas, Truth]:
    rng = random.Random(seed)
    layout = layout or rng.choice(LAYOUTS[doc_type])
    spec = make_spec(rng, doc_type, layout)
    return BUILDERS[layout](spec), truth_of(spec)


# ---- ink: stamp and signature -----------------------------------------------------------


def stamp_layer(op: Op, scale: float) -> tuple[Image.Image, tuple[int, int]]:
    """A round seal: two rings, the name around the edge, ИНН across the middle."""
    r = op.args["r"] * scale
    size = int(2 * r + 8)
    layer = Image.new("L", (size, size), 0)  # ink coverage
    d = ImageDraw.Draw(layer)
    c = size / 2
    w = max(2, int(scale * 1.6))
    d.ellipse((c - r, c - r, c + r, c + r), outline=230, width=w)
    r2 = r * 0.72
    d.ellipse((c - r2, c - r2, c + r2, c + r2), outline=230, width=max(1, w // 2))
    from .corpus import FONT_DIR, FONTS

    font = _font(FONT_DIR / FONTS["dejavu"][1], int(r * 0.16))
    text = ("* " + op.args["name"].upper() + " * г. МОСКВА ")[:48]
    for i, ch in enumerate(text):
        ang = -math.pi / 2 + 2 * math.pi * i / len(text)
        rr = (r + r2) / 2
        glyph = Image.new("L", (int(r * 0.25), int(r * 0.25)), 0)
        ImageDraw.Draw(glyph).text(
            (glyph.width / 2, glyph.height / 2), ch, fill=230, font=font, anchor="mm"
        )
        glyph = glyph.rotate(-math.degrees(ang) - 90, resample=Image.Resampling.BICUBIC)
        gx = c + rr * math.cos(ang) - glyph.width / 2
        gy = c + rr * math.sin(ang) - glyph.height / 2
        layer.paste(glyph, (int(gx), int(gy)), glyph)
    small = _font(FONT_DIR / FONTS["dejavu"][1], int(r * 0.14))
    d.text((c, c - r * 0.12), "ИНН", fill=230, font=small, anchor="mm")
    d.text((c, c + r * 0.1), op.args["inn"], fill=230, font=small, anchor="mm")
    return layer, (int(op.x * scale - size / 2), int(op.y * scale - size / 2))


def sign_layer(op: Op, scale: float) -> tuple[Image.Image, tuple[int, int]]:
    """Handwriting-like strokes: a few loops with a flourish."""
    rng = random.Random(op.args["seed"])
    w, h = op.args["w"] * scale, op.args["h"] * scale
    layer = Image.new("L", (int(w + 20), int(h + 20)), 0)
    d = ImageDraw.Draw(layer)
    pts = []
    n = 120
    loops = rng.randrange(3, 6)
    for i in range(n):
        t = i / (n - 1)
        x = 10 + w * t + 0.08 * w * math.sin(2 * math.pi * loops * t + 1)
        y = 10 + h * (
            0.5 + 0.35 * math.sin(2 * math.pi * loops * t) * (1 - 0.5 * t) + 0.1 * math.sin(7 * t)
        )
        pts.append((x, y))
    d.line(pts, fill=230, width=max(2, int(scale * 0.9)), joint="curve")
    d.line(
        [(10 + w * 0.2, 10 + h * 0.9), (10 + w, 10 + h * 0.6)],
        fill=230,
        width=max(2, int(scale * 0.8)),
    )
    return layer, (int(op.x * scale - 10), int(op.y * scale - 10))


_FONTS: dict[tuple[str, int], Any] = {}


def _font(path: Path, px: int) -> Any:
    from PIL import ImageFont

    key = (str(path), px)
    if key not in _FONTS:
        _FONTS[key] = ImageFont.truetype(str(path), max(1, px))
    return _FONTS[key]


def _ink(
    page: Image.Image, layer: Image.Image, pos: tuple[int, int], color: tuple[int, int, int]
) -> None:
    """Multiply ink over the page, as real ink darkens what lies under it."""
    tint = Image.new("RGB", layer.size, color)
    white = Image.new("RGB", layer.size, "white")
    overlay = Image.composite(tint, white, layer)
    region = page.crop((pos[0], pos[1], pos[0] + layer.width, pos[1] + layer.height))
    page.paste(ImageChops.multiply(region, overlay), pos)


# ---- raster -----------------------------------------------------------------------------


def rasterize(c: Canvas, dpi: int = 300) -> Image.Image:
    from .corpus import FONT_DIR, FONTS

    scale = dpi / 72
    page = Image.new("RGB", (round(c.size[0] * scale), round(c.size[1] * scale)), "white")
    d = ImageDraw.Draw(page)
    inks = []
    for op in c.ops:
        if op.kind == "text":
            path = FONT_DIR / FONTS[c.font][1 if op.args["bold"] else 0]
            font = _font(path, round(op.args["size"] * scale))
            d.text(
                (op.x * scale, op.y * scale), op.args["s"], fill=(0, 0, 0), font=font, anchor="la"
            )
        elif op.kind == "line":
            d.line(
                (op.x * scale, op.y * scale, op.args["x1"] * scale, op.args["y1"] * scale),
                fill=(0, 0, 0),
                width=max(1, round(op.args["w"] * scale)),
            )
        else:
            inks.append(op)
    for op in inks:
        layer, pos = (stamp_layer if op.kind == "stamp" else sign_layer)(op, scale)
        _ink(page, layer, pos, op.args["color"])
    page.info["dpi"] = (dpi, dpi)
    return page


# ---- PDF with a text layer --------------------------------------------------------------


def write_text_pdf(c: Canvas, path: Path) -> None:
    """A PDF as accounting software writes it: real text objects, vector rules."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    from .corpus import FONT_DIR, FONTS

    pdf = pdfium.PdfDocument.new()
    w, h = c.size
    page = pdf.new_page(w, h)
    keep: list[Any] = []  # ctypes buffers must outlive the document
    fonts: dict[bool, Any] = {}
    for op in c.ops:  # ink images first: text and rules stay on top of them
        if op.kind in ("stamp", "sign"):
            scale = 150 / 72
            layer, pos = (stamp_layer if op.kind == "stamp" else sign_layer)(op, scale)
            # Ink with its coverage as alpha: a stamp over a signature leaves it visible,
            # as a facsimile's transparent images do.
            img = Image.new("RGBA", layer.size, (*op.args["color"], 0))
            img.putalpha(layer)
            obj = pdfium.PdfImage.new(pdf)
            obj.set_bitmap(pdfium.PdfBitmap.from_pil(img))
            pw, ph = layer.width / scale, layer.height / scale
            x, y = pos[0] / scale, pos[1] / scale
            obj.set_matrix(pdfium.PdfMatrix().scale(pw, ph).translate(x, h - y - ph))
            page.insert_obj(obj)
    for op in c.ops:
        if op.kind == "text":
            bold = op.args["bold"]
            if bold not in fonts:
                data = (FONT_DIR / FONTS[c.font][1 if bold else 0]).read_bytes()
                buf = (ctypes.c_uint8 * len(data)).from_buffer_copy(data)
                keep.append(buf)
                fonts[bold] = raw.FPDFText_LoadFont(
                    pdf, buf, len(data), raw.FPDF_FONT_TRUETYPE, True
                )
            size = op.args["size"]
            obj = raw.FPDFPageObj_CreateTextObj(pdf, fonts[bold], size)
            wbuf = ctypes.create_string_buffer((op.args["s"] + "\0").encode("utf-16-le"))
            keep.append(wbuf)
            raw.FPDFText_SetText(obj, ctypes.cast(wbuf, ctypes.POINTER(raw.FPDF_WCHAR)))
            ascent = c.pil_font(bold, 100).getmetrics()[0] * size / 100
            raw.FPDFPageObj_Transform(obj, 1, 0, 0, 1, op.x, h - op.y - ascent)
            raw.FPDFPage_InsertObject(page, obj)
        elif op.kind == "line":
            p = raw.FPDFPageObj_CreateNewPath(op.x, h - op.y)
            raw.FPDFPath_LineTo(p, op.args["x1"], h - op.args["y1"])
            raw.FPDFPath_SetDrawMode(p, raw.FPDF_FILLMODE_NONE, True)
            raw.FPDFPageObj_SetStrokeWidth(p, op.args["w"])
            raw.FPDFPageObj_SetStrokeColor(p, 0, 0, 0, 255)
            raw.FPDFPage_InsertObject(page, p)
    page.gen_content()
    pdf.save(str(path))
    pdf.close()


# ---- degradations -----------------------------------------------------------------------


def degrade(img: Image.Image, kind: str, rng: random.Random) -> Image.Image:
    if kind == "rotate":
        angle = rng.choice([-2.0, -1.3, 1.1, 2.0])
        return img.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor="white")
    if kind == "noise":
        a = np.asarray(img).astype(np.int16)
        a = a + np.random.default_rng(rng.randrange(1 << 30)).normal(0, 18, a.shape).astype(
            np.int16
        )
        return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), img.mode)
    if kind == "blur":
        return img.filter(ImageFilter.GaussianBlur(1.1))
    if kind == "jpeg":
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=30)
        return Image.open(io.BytesIO(buf.getvalue())).convert(img.mode)
    if kind == "dpi200":
        out = img.resize((img.width * 2 // 3, img.height * 2 // 3), Image.Resampling.LANCZOS)
        out.info["dpi"] = (200, 200)
        return out
    if kind == "gray":
        return img.convert("L")
    if kind == "shadow":
        # A page photographed or scanned under uneven light: one side in shadow, warm paper.
        a = np.asarray(img.convert("RGB")).astype(np.float32)
        h, w = a.shape[:2]
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        ang = rng.uniform(0, 2 * np.pi)
        ramp = (np.cos(ang) * xx / w + np.sin(ang) * yy / h + 1.5) / 3  # 0.17 … 0.83
        dark = rng.uniform(0.45, 0.6)
        light = dark + (1 - dark) * ramp
        paper = np.array([1.0, 0.97, 0.91], dtype=np.float32)
        return Image.fromarray(np.clip(a * light[..., None] * paper, 0, 255).astype(np.uint8))
    if kind == "photo":
        return _photo(degrade(img, "shadow", rng), rng)
    raise ValueError(kind)


def _photo(page: Image.Image, rng: random.Random) -> Image.Image:
    """The sheet photographed on a darker table, at an angle: each corner moved by up to 5 %
    of the page, 8 % of table around it; the file says 72 dpi, as phones' files do."""
    from teamtask.ocr.geometry import _perspective_coeffs

    w, h = page.size
    m = int(0.08 * max(w, h))
    size = (w + 2 * m, h + 2 * m)
    jitter = 0.05 * max(w, h)
    quad = np.array(
        [(m + dx, m + dy) for dx, dy in [(0, 0), (w, 0), (w, h), (0, h)]],
        dtype=np.float64,
    ) + np.array([[rng.uniform(-jitter, jitter) for _ in range(2)] for _ in range(4)])
    src = np.array([(0, 0), (w, 0), (w, h), (0, h)], dtype=np.float64)
    coeffs = _perspective_coeffs(src, quad)  # photo pixel → page pixel
    sheet = page.transform(size, Image.Transform.PERSPECTIVE, coeffs, Image.Resampling.BICUBIC)
    mask = Image.new("L", page.size, 255).transform(
        size, Image.Transform.PERSPECTIVE, coeffs, Image.Resampling.BILINEAR
    )
    tone = rng.choice([(96, 78, 60), (70, 72, 80), (120, 110, 95)])
    table = np.random.default_rng(rng.randrange(1 << 30)).normal(0, 10, (size[1], size[0], 1))
    table = Image.fromarray(np.clip(np.array(tone) + table, 0, 255).astype(np.uint8))
    photo = Image.composite(sheet, table, mask)
    photo.info["dpi"] = (72, 72)
    return photo


DEGRADATIONS = ["rotate", "noise", "blur", "jpeg", "dpi200", "gray"]


def save_image(img: Image.Image, path: Path) -> None:
    dpi = img.info.get("dpi", (300, 300))
    if path.suffix == ".jpg":
        img.save(path, "JPEG", quality=85, dpi=dpi)
    elif path.suffix == ".pdf":
        img.save(path, "PDF", resolution=float(dpi[0]))
    else:
        img.save(path, dpi=dpi, compress_level=1)


# ---- corpus on disk ---------------------------------------------------------------------


def generate(out: Path, per_layout: int = 2, seed: int = 7, degraded: bool = True) -> list[dict]:
    """Write documents and truth; returns the manifest (one entry per file)."""
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    manifest: list[dict] = []
    k = 0
    for doc_type, layouts in LAYOUTS.items():
        for layout in layouts:
            for _ in range(per_layout):
                k += 1
                canvas, truth = build(rng.randrange(1 << 30), doc_type, layout)
                name = f"{k:03d}-{layout}"
                (out / f"{name}.json").write_text(
                    json.dumps(truth.to_json(), ensure_ascii=False, indent=1)
                )
                page = rasterize(canvas)
                fmt = ".png" if k % 3 else ".jpg"
                save_image(page, out / f"{name}{fmt}")
                manifest.append(
                    {"file": f"{name}{fmt}", "truth": f"{name}.json", "variant": "clean"}
                )
                if k % 4 == 1:
                    write_text_pdf(canvas, out / f"{name}-text.pdf")
                    manifest.append(
                        {"file": f"{name}-text.pdf", "truth": f"{name}.json", "variant": "text-pdf"}
                    )
                if degraded:
                    kind = DEGRADATIONS[k % len(DEGRADATIONS)]
                    bad = degrade(page, kind, rng)
                    if kind == "rotate":
                        bad = degrade(bad, "jpeg" if k % 2 else "noise", rng)
                    suffix = ".pdf" if kind == "gray" and k % 2 else ".png"
                    save_image(bad, out / f"{name}-{kind}{suffix}")
                    manifest.append(
                        {"file": f"{name}-{kind}{suffix}", "truth": f"{name}.json", "variant": kind}
                    )
                    if k % 5 == 2:  # and a page in uneven light, and a phone's photo
                        # Their own random source: the rest of the corpus stays as it was.
                        for kind in ("shadow", "photo"):
                            extra = degrade(page, kind, random.Random(seed * 1000 + k))
                            save_image(extra, out / f"{name}-{kind}.jpg")
                            manifest.append(
                                {
                                    "file": f"{name}-{kind}.jpg",
                                    "truth": f"{name}.json",
                                    "variant": kind,
                                }
                            )
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1))
    return manifest


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/ocr-corpus")
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    print(len(generate(target, n)), "files in", target)
