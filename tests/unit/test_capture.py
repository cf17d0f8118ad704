from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from teamtask.domain.capture import Capture, describe, parse_capture
from teamtask.domain.errors import GrammarError

MOSCOW = ZoneInfo("Europe/Moscow")
NOW = datetime(2026, 11, 27, 10, 0, tzinfo=MOSCOW)  # a Friday


def capture(text: str | list[str]) -> Capture:
    return parse_capture(text, now=NOW)


def test_the_taskwarrior_sentence() -> None:
    assert capture("Fix login @alice +bug due:fri !high") == Capture(
        title="Fix login",
        mentions=("alice",),
        tags=("bug",),
        due=date(2026, 12, 4),
        priority="high",
    )


def test_tokens_may_appear_anywhere_and_whitespace_collapses() -> None:
    result = capture("  !urgent  +Ops   Restart\tthe   @bob  server\n due:tomorrow ")
    assert result.title == "Restart the server"
    assert result.mentions == ("bob",)
    assert result.tags == ("ops",)
    assert result.due == date(2026, 11, 28)
    assert result.priority == "urgent"


def test_plain_title_has_no_extras() -> None:
    assert capture("Just a title") == Capture("Just a title")


def test_mentions_keep_order_drop_duplicates_and_trailing_punctuation() -> None:
    result = capture("Ask @alice, @bob. and @Alice! then @support-l1; or @j.doe?")
    assert result.mentions == ("alice", "bob", "support-l1", "j.doe")
    assert result.title == "Ask and then or"


def test_tags_are_lowercased_and_deduplicated() -> None:
    result = capture("Task +Bug +ui, +bug +area:db +v2.0 +Баг")
    assert result.tags == ("bug", "ui", "area:db", "v2.0", "баг")
    assert result.title == "Task"


@pytest.mark.parametrize("word", ["+", "+3", "+3d", "+10%", "@", "@.", "!", "!!!", "!important"])
def test_look_alikes_stay_in_the_title(word: str) -> None:
    result = capture(f"Plan {word} now")
    assert result.title == f"Plan {word} now"
    assert result.tags == () and result.mentions == () and result.priority is None


def test_email_is_title_text() -> None:
    result = capture("Reply to a@b.com about it")
    assert result.title == "Reply to a@b.com about it"
    assert result.mentions == ()


@pytest.mark.parametrize(
    ("word", "literal"),
    [
        (r"\@alice", "@alice"),
        (r"\+bug", "+bug"),
        (r"\!high", "!high"),
        (r"\due:fri", "due:fri"),
        (r"\\x", "\\x"),
        (r"\n", "\\n"),
        ("C:\\temp", "C:\\temp"),
    ],
)
def test_backslash_makes_a_token_literal(word: str, literal: str) -> None:
    result = capture(f"Write {word}")
    assert result.title == f"Write {literal}"
    assert result.mentions == () and result.tags == () and result.due is None


@pytest.mark.parametrize(
    ("word", "priority"),
    [
        ("!low", "low"), ("!normal", "normal"), ("!high", "high"), ("!urgent", "urgent"),
        ("!HIGH", "high"), ("!срочно", "urgent"), ("!высокий", "high"), ("!низкий", "low"),
        ("!обычный", "normal"),
    ],
)  # fmt: skip
def test_priorities(word: str, priority: str) -> None:
    assert capture(f"Do it {word}").priority == priority


def test_last_due_and_priority_win() -> None:
    result = capture("Do it due:mon !low due:tue !urgent")
    assert result.due == date(2026, 12, 1)
    assert result.priority == "urgent"


def test_due_forms() -> None:
    assert capture("X срок:завтра").due == date(2026, 11, 28)
    assert capture("X Due:+3d").due == date(2026, 11, 30)
    assert capture("X due:2026-12-01T15:00").due == datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def test_bad_due_points_at_the_word() -> None:
    with pytest.raises(GrammarError) as caught:
        capture("Fix login due:someday @alice")
    error = caught.value
    assert error.token == "due:someday"
    assert error.position == 10
    assert '"someday" is not a date' in str(error)


def test_due_without_a_value() -> None:
    with pytest.raises(GrammarError) as caught:
        capture("Fix due:")
    assert caught.value.token == "due:"
    assert caught.value.position == 4


@pytest.mark.parametrize("text", ["", "   ", "@alice +bug", "due:fri !high", ["", " "]])
def test_a_task_needs_a_title(text: str | list[str]) -> None:
    with pytest.raises(GrammarError, match="a task needs a title"):
        capture(text)


def test_argv_words_with_spaces_are_literal_title_text() -> None:
    result = capture(["Fix", "the @alice +bug  page", "+ui"])
    assert result.title == "Fix the @alice +bug page"
    assert result.tags == ("ui",)
    assert result.mentions == ()


def test_argv_quoted_due_value_is_still_a_due() -> None:
    result = capture(["Call", "due:01.12 15:00"])
    assert result.title == "Call"
    assert result.due == datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
    assert capture(["due: the report"]).title == "due: the report"


def test_argv_error_position_counts_joined_words() -> None:
    with pytest.raises(GrammarError) as caught:
        capture(["Fix", "login", "due:nope"])
    assert caught.value.position == len("Fix login ")


def test_describe() -> None:
    assert (
        describe(capture("Fix login @alice +bug due:fri !high"), MOSCOW)
        == "“Fix login” → @alice · +bug · due Fri 2026-12-04 · !high"
    )
    assert describe(capture("Fix login"), MOSCOW) == "“Fix login”"
    timed = Capture("Call", due=datetime(2026, 12, 6, 21, 30, tzinfo=UTC))
    assert describe(timed, MOSCOW) == "“Call” → due Mon 2026-12-07 00:30"


WORDS = st.sampled_from(
    ["@alice", "@", "+bug", "+", "+3d", "!high", "!", "due:fri", "due:", "due:x", "срок:пт",
     "\\@x", "\\", "a@b.com", "@a,", "+b.", "title", "Задача", "«»", '"', "(", ")", "-", ":"]
)  # fmt: skip


@settings(max_examples=100, deadline=None)
@given(
    st.one_of(
        st.text(max_size=60),
        st.lists(st.one_of(WORDS, st.text(max_size=8)), max_size=8).map(" ".join),
        st.lists(st.one_of(WORDS, st.text(max_size=8)), max_size=6),
    )
)
def test_any_input_parses_or_raises_grammar_error(text: str | list[str]) -> None:
    try:
        result = capture(text)
    except GrammarError:
        return
    assert result.title and result.title == result.title.strip()
    assert describe(result, MOSCOW).startswith("“")
