"""A zero read as the letter О and back, told by its width against the page's own 0's and
О's, on words rendered in Debian's fonts."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from teamtask.ocr.load import Word
from teamtask.ocr.zeros import RoundGlyphs, _verdict, zero_or_letter

from .corpus import FONT_DIR

PROPORTIONAL = [
    "dejavu/DejaVuSans.ttf",
    "dejavu/DejaVuSerif.ttf",
    "dejavu/DejaVuSans-Bold.ttf",
    "liberation/LiberationSans-Regular.ttf",
    "liberation/LiberationSerif-Regular.ttf",
    "liberation/LiberationSansNarrow-Regular.ttf",
    "liberation/LiberationSerif-Italic.ttf",
    "paratype/PTS55F.ttf",
    "paratype/PTN57F.ttf",  # PT Sans Narrow: its 0 only 13 % narrower than its О
    "paratype/PTN77F.ttf",
    "freefont/FreeSans.ttf",
    "open-sans/OpenSans-Regular.ttf",
]


def printed_line(
    words: list[tuple[str, str]], face: str, px: int = 42, blur: float = 0.0
) -> tuple[np.ndarray, list[Word]]:
    """Words printed on one line, each (printed, read): the page and the words as read,
    boxed where their ink is."""
    font = ImageFont.truetype(str(FONT_DIR / face), px)
    space = int(font.getlength(" ")) * 2
    width = 60 + sum(int(font.getlength(p)) + space for p, _ in words)
    img = Image.new("L", (width, 160), 255)
    draw = ImageDraw.Draw(img)
    spans, x = [], 30
    for p, _ in words:
        draw.text((x, 50), p, fill=0, font=font)
        end = x + int(font.getlength(p))
        spans.append((x, end))
        x = end + space
    if blur:
        img = img.filter(ImageFilter.GaussianBlur(blur))
    gray = np.asarray(img)
    out = []
    for (x0, x1), (_, read) in zip(spans, words, strict=True):
        ys, xs = np.nonzero(gray[:, x0 - 2 : x1 + 2] < 128)
        out.append(Word(read, x0 - 2 + xs.min(), ys.min(), x0 - 2 + xs.max() + 1, ys.max() + 1, 96))
    return gray, out


# The page's own: sure numbers and words of capitals, printed as read.
PAGE = [("ООО", "ООО"), ("1 500,00", "1 500,00"), ("ОГРН", "ОГРН"), ("2026", "2026")]


def told(words: list[tuple[str, str]], face: str, blur: float = 0.0) -> list[str]:
    gray, read = printed_line(PAGE + words, face, blur=blur)
    page = RoundGlyphs(gray, read)
    return [zero_or_letter(gray, w, page) for w in read[len(PAGE) :]]


@pytest.mark.parametrize("face", PROPORTIONAL)
@pytest.mark.parametrize("blur", [0.0, 1.0])
def test_a_zero_read_as_the_letter_o_and_back_is_told_by_its_width(face: str, blur: float) -> None:
    words = [
        ("Д0,", "ДО,"),  # the cement grade, read as the preposition
        ("ОП-4", "0П-4"),  # a fire extinguisher's code, its О read as a zero
        ("М500", "М5ОО"),
        ("CO-1260", "C0-1260"),  # a Latin code's O: the Latin letter
    ]
    assert told(words, face, blur) == ["Д0,", "ОП-4", "М500", "CO-1260"]


@pytest.mark.parametrize("face", PROPORTIONAL)
def test_a_round_glyph_read_right_keeps_its_reading(face: str) -> None:
    words = [("ДО", "ДО"), ("П-01", "П-01"), ("ОП-4", "ОП-4"), ("Д0", "Д0"), ("АО", "АО")]
    assert told(words, face) == ["ДО", "П-01", "ОП-4", "Д0", "АО"]


def test_a_monospaced_face_whose_0_is_as_wide_as_its_o_tells_nothing() -> None:
    words = [("Д0,", "ДО,"), ("ДО", "ДО")]
    assert told(words, "dejavu/DejaVuSansMono.ttf") == ["ДО,", "ДО"]


def test_glyphs_touching_tell_nothing() -> None:
    """FreeSerif's serifs join "Д0," into one piece of ink: no glyph is the 0."""
    assert told([("Д0,", "ДО,")], "freefont/FreeSerif.ttf", blur=1.0) == ["ДО,"]


def test_a_page_with_no_sure_letter_o_tells_only_a_glyph_as_wide_as_its_zeros() -> None:
    """No О to measure by: a 0 read "О" is as wide as the page's 0's and is told; a letter О
    is wider than they by more than a pixel's error, and no verdict is given."""
    gray, read = printed_line([("1 500,00", "1 500,00"), ("Д0,", "ДО,")], "dejavu/DejaVuSans.ttf")
    assert zero_or_letter(gray, read[1], RoundGlyphs(gray, read)) == "Д0,"
    gray, read = printed_line([("1 500,00", "1 500,00"), ("ДО,", "ДО,")], "dejavu/DejaVuSans.ttf")
    assert zero_or_letter(gray, read[1], RoundGlyphs(gray, read)) == "ДО,"


@pytest.mark.parametrize("face", ["paratype/PTN57F.ttf", "dejavu/DejaVuSans.ttf"])
def test_the_legal_form_read_as_zeros_measures_the_letter_o(face: str) -> None:
    """Held-out ТОРГ-12 (a narrow face): the page's only О's are its parties' "ООО", read
    "000" before «Монолит-М»; counted as zeros they told nothing of "Д0," read "ДО,". Before
    a name in quotes they are the letter; "000" in a number ("150 000") stays a zero."""
    words = [("ООО", "000"), ("«Монолит-М»", "«Монолит-М»"), ("1 500,00", "1 500,00")]
    gray, read = printed_line([*words, ("Д0,", "ДО,")], face)
    assert zero_or_letter(gray, read[-1], RoundGlyphs(gray, read)) == "Д0,"
    # Three zeros in a number: zeros. With no О measured, a glyph as wide as the page's 0's
    # is a 0 (a twenty-first corpus's УПД: "Д0," read "ДО,", no word of capitals with an О
    # on its page); a letter О, wider by 13 % at least, is told by nothing.
    words = [("150", "150"), ("000", "000"), ("1 500,00", "1 500,00")]
    gray, read = printed_line([*words, ("Д0,", "ДО,")], face)
    assert zero_or_letter(gray, read[-1], RoundGlyphs(gray, read)) == "Д0,"
    gray, read = printed_line([*words, ("ДО,", "ДО,")], face)
    assert zero_or_letter(gray, read[-1], RoundGlyphs(gray, read)) == "ДО,"


def test_a_glyph_far_from_one_of_the_two_is_the_other_however_they_compare() -> None:
    """Held-out УПД: its parties' "ООО" set wider (0.67 of their height) than the code
    "CO-1260"'s О (0.60), its 0's at 0.50: the О is not much nearer the О's, but far wider
    than any 0 of the face. A glyph as far from both tells nothing."""
    assert _verdict(0.60, 0.50, 0.67) == "О"
    assert _verdict(0.536, 0.50, 0.643) == "0"
    assert _verdict(0.62, 0.50, 0.78) is None  # far from both: no verdict
    assert _verdict(0.52, 0.50, 0.52) is None  # a monospaced face
    # Only one of the two measured: a glyph as wide as it is it; a little off, nothing.
    assert _verdict(0.655, 0.655, None) == "0" and _verdict(0.90, None, 0.88) == "О"
    assert _verdict(0.70, 0.655, None) is None and _verdict(0.83, None, 0.88) is None


def test_only_glyphs_as_tall_as_the_measured_ones_are_told() -> None:
    """A heading's glyphs, twice the text's height, are not measured by the text's: its
    0 read as О keeps the reading (where it is the text's height, it is told)."""
    face = "dejavu/DejaVuSans.ttf"
    gray, read = printed_line(PAGE, face)
    page = RoundGlyphs(gray, read)
    for px, expected in ((84, "ДО"), (42, "Д0")):
        big_gray, big = printed_line([("Д0", "ДО")], face, px=px)
        assert zero_or_letter(big_gray, big[0], page) == expected


@pytest.mark.parametrize(
    "face",
    [
        "dejavu/DejaVuSans.ttf",
        "liberation/LiberationSans-Regular.ttf",
        "open-sans/OpenSans-Regular.ttf",
        "paratype/PTS55F.ttf",
    ],
)
def test_a_page_with_one_of_the_two_measured_tells_a_glyph_far_from_it(face: str) -> None:
    """Held-out УПД (PT Sans Narrow): "CO-1260" read "C0-1260" on a page with no sure word
    of capitals holding an О. Its О is far wider than the page's zeros: the letter. A zero
    as wide as they stays a zero; and on a page of О's only, a glyph far narrower is a 0."""
    numbers = [("1 500,00", "1 500,00"), ("2026", "2026")]
    gray, read = printed_line([*numbers, ("CO-1260", "C0-1260"), ("Д0", "Д0")], face)
    page = RoundGlyphs(gray, read)
    assert [zero_or_letter(gray, w, page) for w in read[2:]] == ["CO-1260", "Д0"]
    letters = [("ООО", "ООО"), ("ОГРН", "ОГРН")]
    gray, read = printed_line([*letters, ("М500", "М5ОО"), ("ДО", "ДО")], face)
    page = RoundGlyphs(gray, read)
    assert [zero_or_letter(gray, w, page) for w in read[2:]] == ["М500", "ДО"]
