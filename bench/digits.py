"""How each Tesseract model reads digits, font by font: the evidence behind which reader's
digits the engine trusts (readers.DIGIT_READER and votes.vote_digits).

    uv run python bench/digits.py [--numbers 60] [--seed 5]

Prints, per font and model, the share of digits read wrong and the commonest confusions
(printed → read), on numbers set like accounts, ИНН and amounts at 10 pt, 300 dpi.
"""

from __future__ import annotations

import argparse
import random
from collections import Counter
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

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
PER_LINE = 3


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


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--numbers", type=int, default=60)
    ap.add_argument("--seed", type=int, default=5)
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


if __name__ == "__main__":
    main()
