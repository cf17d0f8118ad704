"""Evaluating a filter on a plain dict: form routing rules and approval step conditions.

The same AST the store compiles to SQL (teamtask.domain.filters) runs here in Python, on one
task described as a dict, so `when = "total>100000"` means the same in a route as in `tt ls`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from teamtask.domain.dates import local_day, parse_date
from teamtask.domain.errors import GrammarError
from teamtask.domain.filters import (
    And,
    DateCmp,
    FieldCmp,
    Ids,
    Is,
    Match,
    Node,
    Not,
    Or,
    Person,
    Status,
    Tag,
    Text,
)

if TYPE_CHECKING:
    from decimal import Decimal


def evaluate(
    node: Node | None, record: Mapping[str, object], *, me: str, now: datetime | None = None
) -> bool:
    """Whether ``record`` (a plain dict describing one task) passes the filter.

    ``None`` (the empty filter) passes everything. ``now`` is needed by ``is:overdue`` and by
    relative dates compared with date fields; its zone also decides which calendar day a
    stored instant falls on (UTC without it).
    """
    return node is None or _Evaluation(record, me, now).test(node)


_ORDER: dict[str, Callable[[object, object], bool]] = {
    "=": lambda a, b: a == b,
    "<": lambda a, b: a < b,  # type: ignore[operator]
    ">": lambda a, b: a > b,  # type: ignore[operator]
    "<=": lambda a, b: a <= b,  # type: ignore[operator]
    ">=": lambda a, b: a >= b,  # type: ignore[operator]
}
_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_NUMBER = re.compile(r"[+-]?[0-9]{1,30}(?:[.,][0-9]{1,30})?")
_DIGIT_GROUPING = str.maketrans("", "", " _\u00a0\u202f\u2009")
_TRUE = ("true", "yes", "1", "да", "y")
_FALSE = ("false", "no", "0", "нет", "n")


class _Evaluation:
    def __init__(self, record: Mapping[str, object], me: str, now: datetime | None) -> None:
        self.record = record
        self.me = me
        self.now = now
        self.tz = now.tzinfo if now is not None and now.tzinfo is not None else UTC

    def test(self, node: Node) -> bool:
        match node:
            case And(nodes):
                return all(self.test(n) for n in nodes)
            case Or(nodes):
                return any(self.test(n) for n in nodes)
            case Not(inner):
                return not self.test(inner)
            case Text(text):
                needle = text.casefold()
                return any(needle in _text(self.record.get(k)) for k in ("title", "description"))
            case Person(role, handle):
                return self.person(role, handle)
            case Tag(name):
                return name in {str(t).lower() for t in _seq(self.record.get("tags"))}
            case Status(value):
                if value in ("open", "closed"):
                    return self.closed() == (value == "closed")
                return value == "any" or _same(self.record.get("status"), value)
            case Match("view", values):
                raise GrammarError(
                    f"view:{','.join(values)} must be replaced by the view's filter first",
                    token=f"view:{','.join(values)}",
                    expected="a filter without view:",
                )
            case Match(key, values):
                actual = self.record.get(key)
                return any(_same(actual, v) or (v == "none" and not actual) for v in values)
            case Ids(ids):
                return self.record.get("id") in ids
            case DateCmp(field, op, value):
                return self.date_cmp(field, op, value)
            case Is(flag):
                return self.flag(flag)
            case FieldCmp(key, op, value):
                return self.field(key, op, value)
        raise TypeError(f"not a filter node: {node!r}")

    def person(self, role: str, handle: str) -> bool:
        wanted = self.me if handle == "me" else handle
        if role in ("assignee", "author"):
            actual = self.record.get(role)
            return not actual if handle == "none" else _same(actual, wanted)
        people = _seq(self.record.get("watchers" if role == "watcher" else "approvers"))
        return not people if handle == "none" else any(_same(p, wanted) for p in people)

    def closed(self) -> bool:
        closed = self.record.get("closed")
        return closed if isinstance(closed, bool) else closed is not None

    def moment(self, field: str) -> object:
        if field == "closed":
            # "closed" is a flag in some records and a timestamp in others.
            closed = self.record.get("closed_at", self.record.get("closed"))
            return None if isinstance(closed, bool) else closed
        return self.record.get(field)

    def date_cmp(self, field: str, op: str, value: date | datetime | None) -> bool:
        actual = self.moment(field)
        if value is None:
            return actual is None
        if not isinstance(actual, date):
            return False
        compare = _ORDER[{"on": "=", "before": "<", "after": ">"}[op]]
        if isinstance(actual, datetime) and isinstance(value, datetime):
            return compare(_aware(actual), _aware(value))
        return compare(local_day(actual, self.tz), local_day(value, self.tz))

    def flag(self, flag: str) -> bool:
        if flag == "overdue":
            if self.now is None:
                raise ValueError("evaluating is:overdue needs now")
            due = self.record.get("due")
            if self.closed() or not isinstance(due, date):
                return False
            if isinstance(due, datetime):
                return _aware(due) < self.now
            return due < self.now.date()
        if flag == "unassigned":
            return not self.record.get("assignee")
        if flag in ("open", "closed"):
            return self.closed() == (flag == "closed")
        return bool(self.record.get(flag))

    def field(self, key: str, op: str, value: str | tuple[str, ...] | None) -> bool:
        fields = self.record.get("fields")
        actual = fields.get(key) if isinstance(fields, Mapping) else None
        if op == "none":
            return actual is None or actual == "" or actual == [] or actual == ()
        if actual is None:
            return False
        wanted = value if isinstance(value, tuple) else (value or "",)
        if op == "!=":
            return not any(self.compare(actual, "=", w) for w in wanted)
        return any(self.compare(actual, op, w) for w in wanted)

    def compare(self, actual: object, op: str, wanted: str) -> bool:
        if isinstance(actual, list | tuple | set | frozenset):
            return any(self.compare(a, op, wanted) for a in actual)
        if op == "~":
            return wanted.casefold() in _text(actual)
        pair = self.coerce(actual, wanted)
        if pair is None:
            return False
        try:
            return _ORDER[op](*pair)
        except (TypeError, ArithmeticError):
            return False

    def coerce(self, actual: object, wanted: str) -> tuple[object, object] | None:
        """Bring the typed field value and the filter's text to one comparable type."""
        if isinstance(actual, bool):
            folded = wanted.strip().casefold()
            return (actual, folded in _TRUE) if folded in _TRUE + _FALSE else None
        if isinstance(actual, date):
            moment = self.any_date(wanted)
            if moment is None:
                return None
            if isinstance(actual, datetime) and isinstance(moment, datetime):
                return _aware(actual), moment
            return local_day(actual, self.tz), local_day(moment, self.tz)
        if isinstance(actual, str):
            if (ours := _number(actual)) is not None and (theirs := _number(wanted)) is not None:
                return ours, theirs
            if _ISO_DAY.match(actual) and _ISO_DAY.match(wanted):
                day, other = self.iso_date(actual), self.iso_date(wanted)
                if day is not None and other is not None:
                    return local_day(day, self.tz), local_day(other, self.tz)
            return actual.casefold(), wanted.casefold()
        if (ours := _number(actual)) is not None:
            theirs = _number(wanted)
            return (ours, theirs) if theirs is not None else None
        return _text(actual), wanted.casefold()

    def any_date(self, text: str) -> date | datetime | None:
        """Any date form for a typed date field; relative ones only when ``now`` is known."""
        if self.now is None:
            return self.iso_date(text)
        try:
            return parse_date(text, now=self.now)
        except GrammarError:
            return None

    def iso_date(self, text: str) -> date | datetime | None:
        if not _ISO_DAY.match(text.strip()):
            return None
        try:
            # Only the zone matters for ISO text, so a fixed day stands in for an unknown now.
            return parse_date(text, now=self.now or datetime(2000, 1, 1, tzinfo=self.tz))
        except GrammarError:
            return None


def _number(value: object) -> Decimal | None:
    """A finite Decimal for numbers and numeric text (``1 000,50`` too), else None."""
    from decimal import Decimal  # lazily: only routing rules compare numbers

    if isinstance(value, str):
        cleaned = value.strip().translate(_DIGIT_GROUPING)
        return Decimal(cleaned.replace(",", ".")) if _NUMBER.fullmatch(cleaned) else None
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return None
    number = Decimal(str(value))
    return number if number.is_finite() else None


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value).casefold()


def _same(actual: object, wanted: str) -> bool:
    return isinstance(actual, str) and actual.casefold() == wanted.casefold()


def _seq(value: object) -> Sequence[object]:
    return value if isinstance(value, list | tuple) else ()


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
