from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from teamtask.domain.durations import DURATION_HELP, format_minutes, parse_duration
from teamtask.domain.errors import GrammarError


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("45m", 45), ("1h", 60), ("1h30m", 90), ("1h 30m", 90), ("1.5h", 90), ("1,5h", 90),
        ("90", 90), (" 90 ", 90), ("1ч30м", 90), ("1ч 30мин", 90), ("2ч", 120), ("15мин", 15),
        ("15 min", 15), ("1H30M", 90), ("0.25h", 15), ("1.1h", 66), ("1.01h", 61),
        ("1,5m", 2), ("0h5m", 5), ("999999h", 59_999_940),
    ],
)  # fmt: skip
def test_parse_duration(text: str, minutes: int) -> None:
    assert parse_duration(text) == minutes


@pytest.mark.parametrize(
    "text",
    ["", "  ", "0", "0m", "0h0m", "-1h", "-30", "2d", "1w", "h", "m", "1h1h", "30m1h", "1..5h",
     "abc", "1.h", ".5h", "1h-30m", "1e3", "١٢", "1234567h", "0.001h"],
)  # fmt: skip
def test_zero_negative_and_garbage_are_errors(text: str) -> None:
    with pytest.raises(GrammarError) as caught:
        parse_duration(text)
    assert caught.value.expected == DURATION_HELP
    assert "is not a duration" in str(caught.value)


def test_zero_and_negative_explain_why() -> None:
    for text in ("0", "-1h"):
        with pytest.raises(GrammarError, match="longer than zero"):
            parse_duration(text)


@pytest.mark.parametrize(
    ("minutes", "text"),
    [(90, "1h30m"), (45, "45m"), (120, "2h"), (0, "0m"), (61, "1h1m"), (-90, "-1h30m")],
)
def test_format_minutes(minutes: int, text: str) -> None:
    assert format_minutes(minutes) == text


@settings(max_examples=60, deadline=None)
@given(minutes=st.integers(min_value=1, max_value=10**7))
def test_formatted_minutes_parse_back(minutes: int) -> None:
    assert parse_duration(format_minutes(minutes)) == minutes


@settings(max_examples=100, deadline=None)
@given(st.one_of(st.text(max_size=20), st.text(alphabet="0123456789.,hmчмин -", max_size=12)))
def test_any_text_parses_or_raises_grammar_error(text: str) -> None:
    try:
        minutes = parse_duration(text)
    except GrammarError:
        return
    assert isinstance(minutes, int) and 0 < minutes < 2**31
