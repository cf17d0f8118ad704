"""A number read several times — on the page, and from its crop by each reader — told
digit by digit by the readings' weighted agreement.

Each reader has its own confusions in a font (the Russian model reads PT Sans's flat 3 as
5, and surer on a crop than on the page; the English model does not), and a checksum or a
sum covers only some numbers: the readings' agreement covers every digit of every one.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from .load import Word

# A number, or a size in numbers ("3х2,5": the times sign is a letter in either alphabet).
_NUMBER = re.compile(r"^[\d.,/xх×-]*\d[\d.,/xх×-]*$")
_TIMES = str.maketrans("х×", "xx")


# The reader whose digits count double in a vote: the English model reads numbers better
# than the Russian one. On the held-out PT Sans pages it read right every number the Russian
# model got wrong (3 read as 5, 2 as 7 — on the page and again, surer, on the crop).
DIGIT_READER = "eng"
# The Russian model's own digit confusions, printed → read. Over 13 fonts (bench/digits.py,
# some 11,000 digits) its errors were 3 → 5 62 times (the PT family) and 2 → 7 20 times
# (PT Sans Narrow), 84 in all; the English model's were 3. Where the digit reader read the
# printed digit and another reader its confusion, the digit reader's stands however the
# confidences weigh.
RUSSIAN_MISREADS = {"3": "5", "2": "7"}


def vote_digits(
    readings: Sequence[Word], weights: Sequence[float], trusted: int | None = None
) -> str | None:
    """A number read several times, digit by digit as the readings' confidences, times
    their weights, say; None unless every reading has the same shape (digits in the same
    places) and every digit a winner with more than half of the votes (three readings of
    three digits — "3", "5", "4" — elect none). Signs are the first reading's (a size's
    "х" stays in the alphabet it was printed in). `trusted`: the digit reader's reading,
    whose 3 beats a 5 (2 a 7) of the others."""
    texts = [w.text for w in readings]
    if len(texts) < 3 or not all(_NUMBER.match(t) for t in texts):
        return None
    if len({re.sub(r"\d", "0", t).translate(_TIMES) for t in texts}) != 1:
        return None
    out = []
    for chars in zip(*texts, strict=True):
        if not chars[0].isdigit():
            out.append(chars[0])
            continue
        votes: Counter[str] = Counter()
        for c, w, k in zip(chars, readings, weights, strict=True):
            votes[c] += max(w.conf, 1.0) * k
        ((first, a),) = votes.most_common(1)
        mine = chars[trusted] if trusted is not None else None
        if mine is not None and RUSSIAN_MISREADS.get(mine) == first:
            out.append(mine)
            continue
        if a <= sum(votes.values()) / 2:
            return None
        out.append(first)
    return "".join(out)


_CODE_NUMBER = re.compile(r"^(.*\D-)(\d+)$")


def vote_code_digits(
    best: str, readings: Sequence[Word], weights: Sequence[float], trusted: int | None = None
) -> str | None:
    """A code's number voted as `vote_digits` votes a number ("ВВГ-525" on the page,
    "ВВГ-325" on its crop, "BBI-325" by the English reader: ВВГ-325), its letters as the
    reading chosen for them has them. Numbers of different lengths are voted whole: one
    that outweighs all the others together wins ("ВВГ-3725" on a crop against "325" on the
    page and by the English reader). None unless every reading ends in a number after a
    hyphen, and where no number wins."""
    head = _CODE_NUMBER.match(best)
    tails = [_CODE_NUMBER.match(w.text) for w in readings]
    if head is None or any(t is None for t in tails):
        return None
    numbers = [
        Word(t.group(2), w.x0, w.y0, w.x1, w.y1, w.conf)
        for t, w in zip(tails, readings, strict=True)
        if t
    ]
    if len({len(n.text) for n in numbers}) > 1:
        votes: Counter[str] = Counter()
        for n, k in zip(numbers, weights, strict=True):
            votes[n.text] += max(n.conf, 1.0) * k
        (winner, weight), *_ = votes.most_common(1)
        if weight <= sum(votes.values()) - weight:
            return None
        return head.group(1) + winner
    voted = vote_digits(numbers, weights, trusted)
    return head.group(1) + voted if voted is not None else None
