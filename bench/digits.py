"""How each Tesseract model reads digits, font by font: the evidence behind which reader's
digits the engine trusts (votes.DIGIT_READER and votes.vote_digits), and how often the
ink's verdict on a 5 or a 7 (digitshapes.judge) would be wrong.

    uv run python bench/digits.py [--numbers 60] [--seed 5] [--shapes-only]

Prints, per font and model, the share of digits read wrong and the commonest confusions
(printed → read), on numbers set like accounts, ИНН and amounts at 10 pt, 300 dpi. Then,
per font (upright and italic, sharp and blurred): of the printed 3s and 2s, how many the
ink puts right were they read 5 and 7, and of the printed 5s and 7s how many it would
turn wrong.
"""

from __future__ import annotations

import argparse
import random
from collections import Counter
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from teamtask.ocr.digitshapes import digit_glyphs, judge
from teamtask.ocr.load import Word
from teamtask.ocr.pipeline import limit_threads
from teamtask.ocr.recognize import ocr_words

FONTS = Path("/usr/share/fonts/truetype")
FACES = {
    "DejaVu Sans": "dejavu/DejaVuSans.ttf",
    "DejaVu Serif": "dejavu/DejaVuSerif.ttf",
    "DejaVu Sans Condensed": "dejavu/DejaVuSansCondensed.ttf",
    "Liberation Sans": "liberation/LiberationSans-Regular.ttf",
    "Liberation Serif": "liberation/LiberationSerif-Regular.ttf",
    "Liberation Sans Narrow": "liberation/LiberationSansNarrow-Regular.ttf",
    "FreeSans": "freefont/FreeSans.ttf",
    "FreeSerif": "freefont/FreeSerif.ttf",
    "Open Sans": "open-sans/OpenSans-Regular.ttf",
    "PT Sans": "paratype/PTS55F.ttf",
    "PT Sans Narrow": "paratype/PTN57F.ttf",
    "PT Serif": "paratype/PTF55F.ttf",
    "PT Sans Caption": "paratype/PTC55F.ttf",
}
BOLD = {
    "DejaVu Sans Bold": "dejavu/DejaVuSans-Bold.ttf",
    "Liberation Sans Bold": "liberation/LiberationSans-Bold.ttf",
    "PT Sans Bold": "paratype/PTS75F.ttf",
    "Open Sans Bold": "open-sans/OpenSans-Bold.ttf",
}
ITALICS = {
    "DejaVu Sans Oblique": "dejavu/DejaVuSans-Oblique.ttf",
    "DejaVu Serif Italic": "dejavu/DejaVuSerif-Italic.ttf",
    "Liberation Sans Italic": "liberation/LiberationSans-Italic.ttf",
    "Liberation Serif Italic": "liberation/LiberationSerif-Italic.ttf",
    "FreeSans Oblique": "freefont/FreeSansOblique.ttf",
    "FreeSerif Italic": "freefont/FreeSerifItalic.ttf",
    "PT Sans Italic": "paratype/PTS56F.ttf",
    "PT Serif Italic": "paratype/PTF56F.ttf",
}
PER_LINE = 3
BLUR = 1.0  # a Gaussian blur's radius in pixels, as a worn scan's


def numbers(rng: random.Random, n: int) -> list[str]:
    out = []
    for _ in range(n):
        kind = rng.choice(["account", "inn", "amount"])
        if kind == "account":
            out.append("".join(rng.choice("0123456789") for _ in range(20)))
        elif kind == "inn":
            out.append("".join(rng.choice("0123456789") for _ in range(rng.choice([9, 10, 12]))))
        else:
            whole = rng.randint(1, 999999)
            out.append(f"{whole:,}".replace(",", " ") + f",{rng.randint(0, 99):02d}")
    return out


def strip(font: ImageFont.FreeTypeFont, lines: list[str]) -> np.ndarray:
    img = Image.new("L", (2400, 70 * len(lines) + 60), 255)
    d = ImageDraw.Draw(img)
    for i, text in enumerate(lines):
        d.text((60, 30 + 70 * i), text, fill=0, font=font)
    return np.asarray(img)


def _by_line(words: list) -> dict[int, list[str]]:
    """Words of the strip by line number (lines are 70 px apart from y = 30)."""
    out: dict[int, list] = {}
    for w in words:
        out.setdefault(round((w.cy - 30 - 21) / 70), []).append(w)
    return {k: [w.text for w in sorted(v, key=lambda w: w.x0)] for k, v in out.items()}


def shape_verdicts(gray: np.ndarray, truth: list[str]) -> Counter[str]:
    """Each printed 3, 5, 2, 7's ink judged as the model's confusion would have it read:
    "3 put right" / "3 left" (a 3 read 5: put right or not), "5 turned" / "5 kept", and
    the same for 2 and 7. Words are boxed by the English model's reading and given their
    printed text, so a misreading does not move a glyph."""
    out: Counter[str] = Counter()
    lines = _boxes_by_line(ocr_words(gray, "eng", 60))
    for i, want_line in enumerate(truth[k : k + PER_LINE] for k in range(0, len(truth), PER_LINE)):
        boxes = lines.get(i, [])
        if len(boxes) != len(want_line):
            continue
        for box, want in zip(boxes, want_line, strict=True):
            word = Word(want, box.x0, box.y0, box.x1, box.y1)
            for at, glyph in digit_glyphs(gray, word) or []:
                printed = want[at]
                if printed in "35":
                    said = judge(glyph, "5")
                    out[f"{printed} {'→3' if said == '3' else '→5'}"] += 1
                elif printed in "27":
                    said = judge(glyph, "7")
                    out[f"{printed} {'→2' if said == '2' else '→7'}"] += 1
    return out


def _boxes_by_line(words: list) -> dict[int, list]:
    out: dict[int, list] = {}
    for w in words:
        out.setdefault(round((w.cy - 30 - 21) / 70), []).append(w)
    return {k: sorted(v, key=lambda w: w.x0) for k, v in out.items()}


def shapes_table(lines: list[str], truth: list[str]) -> None:
    print()
    print(f"{'font':24} {'ink':5} {'3s put right':>13} {'5s turned':>10} {'2s put right':>13}")
    print(f"{'':24} {'':5} {'(read 5)':>13} {'to 3':>10} {'(read 7)':>13} 7s turned to 2")
    wrong = Counter()
    for face, path in {**FACES, **BOLD, **ITALICS}.items():
        font = ImageFont.truetype(str(FONTS / path), 42)
        sharp = strip(font, lines)
        blurred = np.asarray(Image.fromarray(sharp).filter(ImageFilter.GaussianBlur(BLUR)))
        for ink, gray in (("sharp", sharp), ("blur", blurred)):
            v = shape_verdicts(gray, truth)
            wrong["5"] += v["5 →3"]
            wrong["7"] += v["7 →2"]

            def share(right: str, left: str, v: Counter[str] = v) -> str:
                n = v[right] + v[left]
                return f"{v[right]}/{n}" if n else "—"

            print(
                f"{face:24} {ink:5} {share('3 →3', '3 →5'):>13} {share('5 →3', '5 →5'):>10}"
                f" {share('2 →2', '2 →7'):>13} {share('7 →2', '7 →7')}"
            )
    print(f"all fonts: 5s turned to 3 ×{wrong['5']}, 7s turned to 2 ×{wrong['7']}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--numbers", type=int, default=60)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--shapes-only", action="store_true", help="only the ink's verdicts")
    args = ap.parse_args()
    limit_threads()
    rng = random.Random(args.seed)
    nums = numbers(rng, args.numbers)
    # Each number a word of its own: amounts' digit groups are joined back for the check.
    lines = [
        "      ".join(n.replace(" ", "") for n in nums[i : i + PER_LINE])
        for i in range(0, len(nums), PER_LINE)
    ]
    truth = [n.replace(" ", "") for n in nums]
    if args.shapes_only:
        shapes_table(lines, truth)
        return
    total: dict[str, Counter[str]] = {"rus": Counter(), "eng": Counter()}
    print(f"{'font':24} {'model':5} {'digits wrong':>13}  commonest confusions")
    for face, path in FACES.items():
        font = ImageFont.truetype(str(FONTS / path), 42)  # 10 pt at 300 dpi
        gray = strip(font, lines)
        for model in ("rus", "eng"):
            got_lines = _by_line(ocr_words(gray, model, 60))
            conf: Counter[str] = Counter()
            wrong = seen = 0
            for i, want_line in enumerate(
                truth[k : k + PER_LINE] for k in range(0, len(truth), PER_LINE)
            ):
                got_line = got_lines.get(i, [])
                if len(got_line) != len(want_line):
                    continue  # a number split or lost: not a digit's confusion
                for got, want in zip(got_line, want_line, strict=True):
                    if len(got) != len(want):
                        continue
                    for a, b in zip(want, got, strict=True):
                        if a.isdigit():
                            seen += 1
                            if a != b:
                                wrong += 1
                                conf[f"{a}→{b}"] += 1
            total[model].update(conf)
            share = f"{100 * wrong / seen:.2f} %" if seen else "—"
            common = ", ".join(f"{k} ×{v}" for k, v in conf.most_common(4))
            print(f"{face:24} {model:5} {share:>13}  {common}")
    for model, conf in total.items():
        print(f"all fonts {model}: " + ", ".join(f"{k} ×{v}" for k, v in conf.most_common(8)))
    shapes_table(lines, truth)


if __name__ == "__main__":
    main()
