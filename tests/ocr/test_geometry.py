"""Finding a photographed sheet and looking at it square on."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from teamtask.ocr.geometry import _perspective_coeffs, find_page, straighten


def _photo(corners: list[tuple[int, int]], size: tuple[int, int] = (600, 800)) -> Image.Image:
    """A light sheet with lines of 'text' on a darker table."""
    img = Image.new("L", size, 90)
    d = ImageDraw.Draw(img)
    d.polygon(corners, fill=235)
    xs, ys = [c[0] for c in corners], [c[1] for c in corners]
    for y in range(min(ys) + 60, max(ys) - 60, 30):
        d.line((min(xs) + 70, y, max(xs) - 70, y), fill=20, width=4)
    return img


def test_the_sheet_is_found_by_its_corners() -> None:
    corners = [(80, 60), (530, 90), (560, 740), (50, 700)]
    found = find_page(np.asarray(_photo(corners)))
    assert found is not None
    assert np.abs(found - np.array(corners)).max() <= 4


def test_a_scan_is_left_alone() -> None:
    scan = _photo([(0, 0), (599, 0), (599, 799), (0, 799)])
    assert find_page(np.asarray(scan)) is None
    img, dpi, warped = straighten(scan.convert("RGB"), 300.0)
    assert not warped and dpi == 300.0 and img.size == scan.size


def test_nothing_like_a_sheet_is_left_alone() -> None:
    dark = Image.new("L", (600, 800), 40)
    assert find_page(np.asarray(dark)) is None


def test_perspective_maps_corners_to_corners() -> None:
    src = np.array([(10.0, 20.0), (500.0, 40.0), (520.0, 700.0), (5.0, 650.0)])
    dst = np.array([(0.0, 0.0), (400.0, 0.0), (400.0, 600.0), (0.0, 600.0)])
    a, b, c, d, e, f, g, h = _perspective_coeffs(src, dst)
    for (x, y), (u, v) in zip(dst, src, strict=True):
        k = g * x + h * y + 1
        assert abs((a * x + b * y + c) / k - u) < 1e-6
        assert abs((d * x + e * y + f) / k - v) < 1e-6


def test_straightened_sheet_is_upright_and_a4_sized() -> None:
    photo = _photo([(80, 60), (530, 90), (560, 740), (50, 700)]).convert("RGB")
    img, dpi, warped = straighten(photo, 72.0)
    assert warped
    assert img.height > img.width  # still portrait
    assert abs(dpi - max(img.size) / 11.69) < 1e-6
    # The table is gone: the warped image's border is paper, not table.
    border = np.asarray(img.convert("L"))[[2, -3], :]
    assert border.mean() > 200


def test_a_sheet_half_lost_in_shadow_is_not_warped() -> None:
    """When the outline found is no rectangle seen at an angle (one side far shorter than
    its opposite), straightening would bend the page more than the photo did."""
    lopsided = _photo([(80, 60), (530, 90), (560, 420), (50, 760)])
    assert find_page(np.asarray(lopsided)) is None


def test_a_corner_in_shadow_as_dark_as_the_table_is_found_from_the_edges() -> None:
    """Light falls from the top left: the sheet's bottom-right corner is no brighter than
    the table, so the bright region's outline cuts the corner off; the two edges that meet
    there are still straight lines, and they cross where the corner is."""
    corners = [(80, 60), (530, 90), (560, 740), (50, 700)]
    photo = np.asarray(_photo(corners)).astype(np.float64)
    yy, xx = np.mgrid[0 : photo.shape[0], 0 : photo.shape[1]]
    light = 1.0 - 0.62 * np.clip((xx / 600 + yy / 800 - 0.9) / 1.0, 0, 1)
    sheet = photo > 150
    shaded = np.where(sheet, photo * light, photo)
    assert abs(shaded[735, 550] - 90) < 12  # the corner is as dark as the table
    found = find_page(shaded.astype(np.uint8))
    assert found is not None
    assert np.abs(found - np.array(corners)).max() <= 5
