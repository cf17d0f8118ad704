"""Г and Т whose bars touch, read as П: the ink tells the pair from the letter."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from teamtask.ocr.glyphs import glyph_boxes, word_crop
from teamtask.ocr.load import Word
from teamtask.ocr.touching import restore_touching

from .corpus import FONT_DIR

NARROW = "paratype/PTN57F.ttf"  # PT Sans Narrow: Г's bar runs into Т's


def printed(text: str, face: str, px: int = 42) -> tuple[np.ndarray, Word]:
    font = ImageFont.truetype(str(FONT_DIR / face), px)
    img = Image.new("L", (60 + int(font.getlength(text)), 140), 255)
    ImageDraw.Draw(img).text((30, 40), text, fill=0, font=font)
    gray = np.where(np.asarray(img) < 128, 0, 255).astype(np.uint8)
    ys, xs = np.nonzero(gray < 128)
    return gray, Word(text, xs.min(), ys.min(), xs.max() + 1, ys.max() + 1, 60.0)


def test_touching_g_and_t_read_as_p_are_read_apart() -> None:
    gray, word = printed("ГТ-20", NARROW)
    assert len(glyph_boxes(word_crop(gray, word))) == 4  # Г and Т are one glyph
    misread = Word("П-20", word.x0, word.y0, word.x1, word.y1, 62.0)
    assert restore_touching(gray, misread) == "ГТ-20"


@pytest.mark.parametrize(
    "face",
    [
        NARROW,
        "paratype/PTS55F.ttf",
        "paratype/PTF55F.ttf",  # serifs reach past the stems, at the foot as at the bar
        "dejavu/DejaVuSans.ttf",
        "dejavu/DejaVuSerif.ttf",
        "liberation/LiberationSans-Regular.ttf",
        "liberation/LiberationSerif-Regular.ttf",
    ],
)
def test_a_printed_p_stays(face: str) -> None:
    for text in ("П-20", "ПВХ", "ПН-50"):
        gray, word = printed(text, face)
        assert restore_touching(gray, word) == text


def test_a_reading_that_does_not_match_its_glyphs_is_left_alone() -> None:
    gray, word = printed("ГТ-20", NARROW)
    assert restore_touching(gray, Word("П20", word.x0, word.y0, word.x1, word.y1)) == "П20"
