from __future__ import annotations

import pickle
from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from teamtask.domain.dates import DATE_HELP, format_due, local_day, parse_date
from teamtask.domain.errors import GrammarError, Invalid

MOSCOW = ZoneInfo("Europe/Moscow")
NOW = datetime(2026, 11, 27, 10, 0, tzinfo=MOSCOW)  # a Friday


def parse(text: str, now: datetime = NOW) -> date | datetime:
    return parse_date(text, now=now)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", date(2026, 11, 27)),
        ("  TOMORROW ", date(2026, 11, 28)),
        ("yesterday", date(2026, 11, 26)),
        ("сегодня", date(2026, 11, 27)),
        ("Завтра", date(2026, 11, 28)),
        ("вчера", date(2026, 11, 26)),
        ("послезавтра", date(2026, 11, 29)),
        ("eow", date(2026, 11, 29)),
        ("eom", date(2026, 11, 30)),
        ("eoy", date(2026, 12, 31)),
        ("+3d", date(2026, 11, 30)),
        ("+2w", date(2026, 12, 11)),
        ("+1m", date(2026, 12, 27)),
        ("+1y", date(2027, 11, 27)),
        ("-2d", date(2026, 11, 25)),
        ("-1m", date(2026, 10, 27)),
        ("+0d", date(2026, 11, 27)),
        ("2026-12-01", date(2026, 12, 1)),
        ("01.12.2026", date(2026, 12, 1)),
        ("1.12.2026", date(2026, 12, 1)),
        ("01.12.26", date(2026, 12, 1)),
        ("01.12", date(2026, 12, 1)),
        ("1.2", date(2026, 2, 1)),
    ],
)
def test_day_forms(text: str, expected: date) -> None:
    result = parse(text)
    assert type(result) is date
    assert result == expected


@pytest.mark.parametrize(
    ("text", "weekday"),
    [
        ("mon", 0), ("Monday", 0), ("tue", 1), ("tuesday", 1), ("wed", 2), ("wednesday", 2),
        ("thu", 3), ("thursday", 3), ("fri", 4), ("FRIDAY", 4), ("sat", 5), ("saturday", 5),
        ("sun", 6), ("sunday", 6), ("пн", 0), ("понедельник", 0), ("вт", 1), ("вторник", 1),
        ("ср", 2), ("среда", 2), ("среду", 2), ("чт", 3), ("четверг", 3), ("пт", 4),
        ("пятница", 4), ("Пятницу", 4), ("сб", 5), ("суббота", 5), ("субботу", 5), ("вс", 6),
        ("воскресенье", 6),
    ],
)  # fmt: skip
def test_weekdays_are_strictly_after_today(text: str, weekday: int) -> None:
    result = parse(text)
    assert isinstance(result, date) and not isinstance(result, datetime)
    assert result.weekday() == weekday
    assert NOW.date() < result <= NOW.date() + timedelta(days=7)


def test_same_weekday_means_next_week() -> None:
    assert parse("fri") == date(2026, 12, 4)
    assert parse("пт") == date(2026, 12, 4)


def test_eow_on_a_sunday_is_today() -> None:
    sunday = datetime(2026, 11, 29, 9, 0, tzinfo=MOSCOW)
    assert parse("eow", sunday) == date(2026, 11, 29)


def test_today_follows_the_users_zone_not_utc() -> None:
    # 01:30 in Moscow is still the previous day in UTC.
    early = datetime(2026, 11, 28, 1, 30, tzinfo=MOSCOW)
    assert parse("today", early) == date(2026, 11, 28)


@pytest.mark.parametrize(
    ("now", "text", "expected"),
    [
        (datetime(2026, 1, 31, tzinfo=MOSCOW), "+1m", date(2026, 2, 28)),
        (datetime(2028, 1, 31, tzinfo=MOSCOW), "+1m", date(2028, 2, 29)),
        (datetime(2028, 2, 29, tzinfo=MOSCOW), "+1y", date(2029, 2, 28)),
        (datetime(2026, 3, 31, tzinfo=MOSCOW), "-1m", date(2026, 2, 28)),
        (datetime(2026, 12, 15, tzinfo=MOSCOW), "+1m", date(2027, 1, 15)),
        (datetime(2026, 2, 10, tzinfo=MOSCOW), "eom", date(2026, 2, 28)),
        (datetime(2026, 12, 10, tzinfo=MOSCOW), "eom", date(2026, 12, 31)),
    ],
)
def test_calendar_arithmetic_clamps_the_day(now: datetime, text: str, expected: date) -> None:
    assert parse(text, now) == expected


@pytest.mark.parametrize(
    ("text", "expected_utc"),
    [
        ("2026-12-01T15:00", datetime(2026, 12, 1, 12, 0, tzinfo=UTC)),
        ("2026-12-01 15:00", datetime(2026, 12, 1, 12, 0, tzinfo=UTC)),
        ("2026-12-01t15:00", datetime(2026, 12, 1, 12, 0, tzinfo=UTC)),
        ("2026-12-01T15:00:30", datetime(2026, 12, 1, 12, 0, 30, tzinfo=UTC)),
        ("2026-12-01T15:00:30.25", datetime(2026, 12, 1, 12, 0, 30, 250000, tzinfo=UTC)),
        ("2026-12-01T15:00Z", datetime(2026, 12, 1, 15, 0, tzinfo=UTC)),
        ("2026-12-01T15:00+01:00", datetime(2026, 12, 1, 14, 0, tzinfo=UTC)),
        ("2026-12-01T15:00-0530", datetime(2026, 12, 1, 20, 30, tzinfo=UTC)),
        ("01.12.2026 15:00", datetime(2026, 12, 1, 12, 0, tzinfo=UTC)),
        ("01.12 9:05", datetime(2026, 12, 1, 6, 5, tzinfo=UTC)),
        ("1.12.26   15:00", datetime(2026, 12, 1, 12, 0, tzinfo=UTC)),
    ],
)
def test_times_are_local_and_returned_in_utc(text: str, expected_utc: datetime) -> None:
    result = parse(text)
    assert isinstance(result, datetime)
    assert result.utcoffset() == timedelta(0)
    assert result == expected_utc


def test_now_is_the_current_instant_in_utc() -> None:
    result = parse("now")
    assert result == NOW and isinstance(result, datetime)
    assert result.utcoffset() == timedelta(0)


def test_local_time_across_a_dst_change() -> None:
    berlin = datetime(2026, 3, 20, 12, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    assert parse("2026-03-30 09:00", berlin) == datetime(2026, 3, 30, 7, 0, tzinfo=UTC)
    assert parse("2026-03-27 09:00", berlin) == datetime(2026, 3, 27, 8, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "text",
    [
        "", "   ", "notadate", "2026-02-30", "2026-13-01", "31.04.2026", "2026-12-01T25:00",
        "2026-12-01T15:60", "2026-12-01T15:00+25:00", "0000-01-01", "+99999y", "+3", "3d",
        "+3x", "fri day", "2026-12-01Z", "٢٠٢٦-١٢-٠١", "1.2.3", "tomorrow 15:00", "+1d2h",
    ],
)  # fmt: skip
def test_invalid_input_is_a_grammar_error(text: str) -> None:
    with pytest.raises(GrammarError) as caught:
        parse(text)
    assert isinstance(caught.value, Invalid)
    assert caught.value.token == text.strip()
    assert caught.value.expected == DATE_HELP
    assert f'"{text.strip()}" is not a date' in str(caught.value)


def test_error_message_says_what_was_expected() -> None:
    with pytest.raises(GrammarError) as caught:
        parse("notadate")
    message = str(caught.value)
    assert message.startswith('"notadate" is not a date: expected today, tomorrow, mon…sun')
    assert "+3d" in message and "2026-12-01" in message and "01.12.2026" in message


def test_nonexistent_day_explains_itself() -> None:
    with pytest.raises(GrammarError, match="day is out of range for month"):
        parse("2026-02-30")


def test_error_position_skips_leading_whitespace() -> None:
    with pytest.raises(GrammarError) as caught:
        parse("   nope")
    assert caught.value.position == 3


def test_long_bad_input_is_shortened_in_the_message() -> None:
    with pytest.raises(GrammarError) as caught:
        parse("x" * 500)
    assert len(str(caught.value)) < 300
    assert caught.value.token == "x" * 500


def test_naive_now_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="aware"):
        parse_date("today", now=datetime(2026, 11, 27))


def test_grammar_error_survives_pickling() -> None:
    error = GrammarError("bad", token="x", position=3, expected="y")
    copy = pickle.loads(pickle.dumps(error))
    assert (str(copy), copy.token, copy.position, copy.expected) == ("bad", "x", 3, "y")


def test_format_due() -> None:
    assert format_due(date(2026, 12, 1), MOSCOW) == "2026-12-01"
    assert format_due(datetime(2026, 12, 1, 12, 0, tzinfo=UTC), MOSCOW) == "2026-12-01 15:00"
    assert format_due(datetime(2026, 12, 1, 22, 0, tzinfo=UTC), MOSCOW) == "2026-12-02 01:00"
    assert format_due(datetime(2026, 12, 1, 12, 0), UTC) == "2026-12-01 12:00"
    assert format_due(date(5, 1, 2), UTC) == "0005-01-02"


def test_formatted_due_parses_back() -> None:
    for value in (date(2026, 12, 1), datetime(2026, 12, 1, 12, 0, tzinfo=UTC)):
        assert parse(format_due(value, MOSCOW)) == value


def test_local_day() -> None:
    assert local_day(datetime(2026, 12, 1, 22, 0, tzinfo=UTC), MOSCOW) == date(2026, 12, 2)
    assert local_day(date(2026, 12, 1), MOSCOW) == date(2026, 12, 1)


ZONES = st.sampled_from([MOSCOW, UTC, ZoneInfo("America/New_York"), timezone(timedelta(hours=14))])
NOWS = st.builds(
    lambda moment, zone: moment.replace(tzinfo=UTC).astimezone(zone),
    st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30)),
    ZONES,
)
DATEISH = st.text(alphabet="0123456789.-+:TZtz dwmyfrionesat", max_size=25)


@settings(max_examples=100, deadline=None)
@given(text=st.one_of(st.text(max_size=40), DATEISH), now=NOWS)
def test_any_text_parses_or_raises_grammar_error(text: str, now: datetime) -> None:
    try:
        result = parse_date(text, now=now)
    except GrammarError:
        return
    assert isinstance(result, date)
    if isinstance(result, datetime):
        assert result.utcoffset() == timedelta(0)


@settings(max_examples=50, deadline=None)
@given(day=st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))
def test_iso_days_round_trip(day: date) -> None:
    assert parse(day.isoformat()) == day
