"""Values as they come back from either dialect, turned into Python types.

SQLite returns ISO text for dates and timestamps (see `Database.adapt`); psycopg returns
`date` and aware `datetime` objects. Read models call these so callers never care which.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any


def now_utc() -> datetime:
    return datetime.now(UTC)


def as_datetime(value: Any) -> datetime | None:
    if value is None:
        return None
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def as_date(value: Any) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def as_decimal(value: Any) -> Decimal | None:
    if value is None:
        return None
    return value if isinstance(value, Decimal) else Decimal(str(value))


def iso(value: datetime | None) -> str | None:
    """Timestamps in JSON: ISO 8601 with offset, to the second."""
    return None if value is None else value.isoformat(timespec="seconds")
