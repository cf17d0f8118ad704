"""Connected components of a mask, as runs: for seal strokes and for finding the page."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

Run = tuple[int, int, int]  # row, first column, last column


class Box(NamedTuple):
    """A component's bounding box, inclusive: rows top..bottom, columns left..right."""

    top: int
    bottom: int
    left: int
    right: int


def bounds(runs: list[Run]) -> Box:
    return Box(
        min(y for y, _, _ in runs),
        max(y for y, _, _ in runs),
        min(a for _, a, _ in runs),
        max(b for _, _, b in runs),
    )


def runs(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Horizontal runs of a mask: row, first column, last column."""
    h, w = mask.shape
    padded = np.zeros((h, w + 2), dtype=np.int8)
    padded[:, 1:-1] = mask
    diff = np.diff(padded, axis=1)
    rs, starts = np.nonzero(diff == 1)
    _, ends = np.nonzero(diff == -1)
    return rs, starts, ends - 1


def components(mask: np.ndarray) -> list[list[Run]]:
    """8-connected components of a mask as lists of runs (row, x0, x1).

    Union-find over runs rather than pixels: a page region has a few thousand runs, so
    plain Python is fast here, and no image-processing library is needed.
    """
    rows, x0s, x1s = runs(mask)
    n = rows.size
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_row: dict[int, list[int]] = {}
    for i, r in enumerate(rows.tolist()):
        by_row.setdefault(r, []).append(i)
    xs0, xs1 = x0s.tolist(), x1s.tolist()
    for r, here in by_row.items():
        below = by_row.get(r + 1)
        if not below:
            continue
        j = 0
        for i in here:  # both lists are sorted by x: a two-pointer sweep
            while j < len(below) and xs1[below[j]] < xs0[i] - 1:
                j += 1
            k = j
            while k < len(below) and xs0[below[k]] <= xs1[i] + 1:
                a, b = find(i), find(below[k])
                if a != b:
                    parent[a] = b
                k += 1
    groups: dict[int, list[Run]] = {}
    for i in range(n):
        groups.setdefault(find(i), []).append((int(rows[i]), xs0[i], xs1[i]))
    return list(groups.values())
