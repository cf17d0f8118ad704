from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from teamtask.domain.errors import GrammarError
from teamtask.domain.evaluate import evaluate
from teamtask.domain.filters import (
    BUILTIN_KEYS,
    DATE_FIELDS,
    IS_FLAGS,
    MATCH_KEYS,
    PERSON_ROLES,
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
    all_of,
    parse_filter,
    to_text,
)

MOSCOW = ZoneInfo("Europe/Moscow")
NOW = datetime(2026, 11, 27, 10, 0, tzinfo=MOSCOW)  # a Friday


def parse(text: str | list[str]) -> Node | None:
    return parse_filter(text, now=NOW)


def error_of(text: str | list[str]) -> GrammarError:
    with pytest.raises(GrammarError) as caught:
        parse(text)
    return caught.value


# --- parsing -------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_empty_filter_is_none(text: str) -> None:
    assert parse(text) is None
    assert parse([]) is None


@pytest.mark.parametrize(
    ("text", "node"),
    [
        ("login", Text("login")),
        ('"log in"', Text("log in")),
        ("«вход в систему»", Text("вход в систему")),
        ('"status:done"', Text("status:done")),
        ('"say \\"hi\\""', Text('say "hi"')),
        ('"C:\\temp"', Text("C:\\temp")),
        ("@alice", Person("assignee", "alice")),
        ("@me", Person("assignee", "me")),
        ("@ME", Person("assignee", "me")),
        ("@none", Person("assignee", "none")),
        ("assignee:alice", Person("assignee", "alice")),
        ("author:@alice", Person("author", "alice")),
        ("watcher:me", Person("watcher", "me")),
        ("approver:me", Person("approver", "me")),
        ("+Bug", Tag("bug")),
        ("tag:UI", Tag("ui")),
        ("tag:3d", Tag("3d")),
        ("+area:db", Tag("area:db")),
        ("+", Text("+")),
        ("+3", Text("+3")),
        ("@", Text("@")),
        ("status:open", Status("open")),
        ("status:Closed", Status("closed")),
        ("status:any", Status("any")),
        ("status:in_review", Status("in_review")),
        ("group:support-l1,dev", Match("group", ("support-l1", "dev"))),
        ("priority:HIGH", Match("priority", ("high",))),
        ("priority:срочно", Match("priority", ("urgent",))),
        ("requester:a@b.com", Match("requester", ("a@b.com",))),
        ("channel:telegram", Match("channel", ("telegram",))),
        ("form:purchase", Match("form", ("purchase",))),
        ("view:mine", Match("view", ("mine",))),
        ('group:"support team",dev', Match("group", ("support team", "dev"))),
        ('group:"a,b"', Match("group", ("a,b",))),
        ("id:1,2,3", Ids((1, 2, 3))),
        ("id:#7", Ids((7,))),
        ("#42", Ids((42,))),
        ("#abc", Text("#abc")),
        ("due:none", DateCmp("due", "on", None)),
        ("due:fri", DateCmp("due", "on", date(2026, 12, 4))),
        ("due.before:+3d", DateCmp("due", "before", date(2026, 11, 30))),
        ("due.after:2026-12-01", DateCmp("due", "after", date(2026, 12, 1))),
        ("due<fri", DateCmp("due", "before", date(2026, 12, 4))),
        ("due>today", DateCmp("due", "after", date(2026, 11, 27))),
        ("created.after:-2w", DateCmp("created", "after", date(2026, 11, 13))),
        ("created<01.11", DateCmp("created", "before", date(2026, 11, 1))),
        ("updated.before:yesterday", DateCmp("updated", "before", date(2026, 11, 26))),
        ("closed.after:eom", DateCmp("closed", "after", date(2026, 11, 30))),
        (
            'due:"2026-12-01 15:00"',
            DateCmp("due", "on", datetime(2026, 12, 1, 12, 0, tzinfo=UTC)),
        ),
        ("is:overdue", Is("overdue")),
        ("is:Unassigned", Is("unassigned")),
        ("amount>1000", FieldCmp("amount", ">", "1000")),
        ("amount>=1000", FieldCmp("amount", ">=", "1000")),
        ("amount<1,5", FieldCmp("amount", "<", "1,5")),
        ("amount<=-5", FieldCmp("amount", "<=", "-5")),
        ("kind=import", FieldCmp("kind", "=", "import")),
        ("kind!=import", FieldCmp("kind", "!=", "import")),
        ("problem_type=import,export", FieldCmp("problem_type", "=", ("import", "export"))),
        ('supplier~"Ромашка ООО"', FieldCmp("supplier", "~", "Ромашка ООО")),
        ("note~a,b", FieldCmp("note", "~", "a,b")),
        ("product:none", FieldCmp("product", "none", None)),
        ("Product:NONE", FieldCmp("product", "none", None)),
        ("Amount>5", FieldCmp("amount", ">", "5")),
        ("status=done", Status("done")),
        ("priority=high", Match("priority", ("high",))),
        ("10:30", Text("10:30")),
        ("e-mail:", Text("e-mail:")),
        ("a@b.com", Text("a@b.com")),
        ("x-y", Text("x-y")),
    ],
)
def test_single_terms(text: str, node: Node) -> None:
    assert parse(text) == node


def test_terms_are_anded_and_or_binds_looser() -> None:
    a, b, c = Text("a"), Text("b"), Text("c")
    assert parse("a b c") == And((a, b, c))
    assert parse("a b or c") == Or((And((a, b)), c))
    assert parse("a or b c") == Or((a, And((b, c))))
    assert parse("a OR b | c") == Or((a, b, c))
    assert parse("a|b") == Or((a, b))
    assert parse("a and b") == And((a, b))


def test_parentheses_group_and_may_be_attached() -> None:
    a, b, c = Text("a"), Text("b"), Text("c")
    assert parse("(a or b) c") == And((Or((a, b)), c))
    assert parse("( a or b ) c") == And((Or((a, b)), c))
    assert parse("((a))") == a
    assert parse("a (b c)") == And((a, b, c))
    assert parse("(a or b) or c") == Or((a, b, c))


def test_negation() -> None:
    assert parse("-+bug") == Not(Tag("bug"))
    assert parse("-@alice") == Not(Person("assignee", "alice"))
    assert parse("-status:done") == Not(Status("done"))
    assert parse("-(a or b)") == Not(Or((Text("a"), Text("b"))))
    assert parse('-"a phrase"') == Not(Text("a phrase"))
    assert parse("--x") == Not(Not(Text("x")))
    assert parse("-a or b") == Or((Not(Text("a")), Text("b")))
    assert parse("(-a)") == Not(Text("a"))


def test_comma_lists_of_statuses_people_and_tags_are_ors() -> None:
    assert parse("status:open,in_review") == Or((Status("open"), Status("in_review")))
    assert parse("@alice,bob") == Or((Person("assignee", "alice"), Person("assignee", "bob")))
    assert parse("tag:bug,ui") == Or((Tag("bug"), Tag("ui")))
    assert parse("+bug status:a,b") == And((Tag("bug"), Or((Status("a"), Status("b")))))
    assert parse("x or status:a,b") == Or((Text("x"), Status("a"), Status("b")))


def test_a_realistic_filter() -> None:
    assert parse("+bug @me -status:done (due<fri or priority:urgent)") == And(
        (
            Tag("bug"),
            Person("assignee", "me"),
            Not(Status("done")),
            Or((DateCmp("due", "before", date(2026, 12, 4)), Match("priority", ("urgent",)))),
        )
    )


def test_argv_words() -> None:
    assert parse(["(a", "or", "b)", "-+bug"]) == And((Or((Text("a"), Text("b"))), Not(Tag("bug"))))
    assert parse(["log in", "x"]) == And((Text("log in"), Text("x")))
    assert parse(["(a or b)"]) == Text("(a or b)")
    assert parse(["-log in"]) == Not(Text("log in"))
    assert parse(["- log in"]) == Text("- log in")
    assert parse(["note:call back"]) == Text("note:call back")
    assert parse(["supplier~Ромашка ООО"]) == FieldCmp("supplier", "~", "Ромашка ООО")
    assert parse(["group:support team"]) == Match("group", ("support team",))
    assert parse(["due:01.12 15:00"]) == DateCmp(
        "due", "on", datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
    )


def test_parsed_nodes_are_hashable() -> None:
    node = parse("+bug (@me or due:none) amount>5 kind=a,b")
    assert node is not None
    assert hash(node) == hash(parse("+bug (@me or due:none) amount>5 kind=a,b"))
    assert len({node, parse("+bug")}) == 2


def test_all_of() -> None:
    assert all_of(None, None) is None
    assert all_of(Text("a"), None) == Text("a")
    assert all_of(And((Text("a"), Text("b"))), Text("c")) == And((Text("a"), Text("b"), Text("c")))


# --- errors --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "token", "position", "fragment"),
    [
        ("(a or b", "(", 0, "never closed"),
        ("a (b", "(", 2, "never closed"),
        ("a)", ")", 1, "closes nothing"),
        (")", ")", 0, "closes nothing"),
        ("()", "(", 0, "empty"),
        ("or a", "or", 0, "both sides"),
        ("a or", "or", 2, "both sides"),
        ("a or or b", "or", 2, "both sides"),
        ("(a or) b", "or", 3, "both sides"),
        ("a |", "|", 2, "both sides"),
        ("and a", "and", 0, "both sides"),
        ("- a", "-", 0, "exclude"),
        ("a -", "-", 2, "exclude"),
        ("-", "-", 0, "exclude"),
        ("-)", "-", 0, "exclude"),
        ('a "open', '"open', 2, "never closed"),
        ('""', '""', 0, "empty phrase"),
        ("x due:someday", "due:someday", 2, '"someday" is not a date'),
        ("due:2026-02-30", "due:2026-02-30", 0, "day is out of range"),
        ("due<", "due<", 0, "needs a date"),
        ("due.before:none", "due.before:none", 0, "only due:none"),
        ("created:today", "created:today", 0, "created.after:DATE"),
        ("due>=fri", "due>=fri", 0, "cannot be compared"),
        ("status~x", "status~x", 0, "cannot be compared"),
        ("status:in-progress", "status:in-progress", 0, "not a status"),
        ("status:", "status:", 0, "empty value"),
        ("group:a,,b", "group:a,,b", 0, "empty value"),
        ("priority:soon", "priority:soon", 0, "not a priority"),
        ("id:x", "id:x", 0, "not a task id"),
        ("id:1234567890123456789", "id:1234567890123456789", 0, "not a task id"),
        ("is:late", "is:late", 0, "is:overdue"),
        ("@alice's", "@alice's", 0, "not a handle"),
        ("+a/b", "+a/b", 0, "not a tag"),
        ("amount>", "amount>", 0, "needs a value"),
        ("kind=", "kind=", 0, "empty value"),
        ("сумма>100", "сумма>100", 0, "latin letters"),
        ("foo.bar=1", "foo.bar=1", 0, "unknown filter key"),
    ],
)
def test_errors_carry_token_and_position(
    text: str, token: str, position: int, fragment: str
) -> None:
    error = error_of(text)
    assert error.token == token
    assert error.position == position
    assert fragment in str(error)


def test_unknown_key_suggests_close_keys_and_the_field_form() -> None:
    error = error_of("+bug stauts:done")
    message = str(error)
    assert 'unknown filter key "stauts"' in message
    assert "status:" in message
    assert "stauts=done" in message
    assert error.position == 5
    assert error.expected == "status"


def test_argv_error_positions_count_joined_words() -> None:
    assert error_of(["+bug", "due:nope"]).position == len("+bug ")


def test_deep_nesting_is_a_grammar_error() -> None:
    assert "nested" in str(error_of("(" * 500 + "a" + ")" * 500))
    assert "nested" in str(error_of("-" * 500 + "a"))


# --- rendering -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("node", "text"),
    [
        (Text("login"), "login"),
        (Text("log in"), '"log in"'),
        (Text("or"), '"or"'),
        (Text("-x"), '"-x"'),
        (Text("a:b"), '"a:b"'),
        (Text('say "hi"'), '"say \\"hi\\""'),
        (Person("assignee", "me"), "@me"),
        (Person("watcher", "bob"), "watcher:bob"),
        (Tag("bug"), "+bug"),
        (Tag("3d"), "tag:3d"),
        (Match("group", ("a b", "dev")), 'group:"a b",dev'),
        (Ids((1, 2)), "id:1,2"),
        (DateCmp("due", "on", None), "due:none"),
        (DateCmp("due", "before", date(2026, 12, 4)), "due.before:2026-12-04"),
        (
            DateCmp("created", "after", datetime(2026, 12, 1, 12, 0, tzinfo=UTC)),
            "created.after:2026-12-01T12:00Z",
        ),
        (FieldCmp("kind", "=", ("a", "b c")), 'kind=a,"b c"'),
        (FieldCmp("amount", "<", "=5"), 'amount<"=5"'),
        (FieldCmp("product", "none", None), "product:none"),
        (Not(Or((Text("a"), Text("b")))), "-(a or b)"),
        (And((Or((Text("a"), Text("b"))), Not(Tag("x")))), "(a or b) -+x"),
        (Or((And((Text("a"), Text("b"))), Text("c"))), "a b or c"),
    ],
)
def test_to_text(node: Node, text: str) -> None:
    assert to_text(node) == text
    assert parse(text) == node


def test_local_datetimes_render_as_the_same_instant() -> None:
    node = DateCmp("due", "on", datetime(2026, 12, 1, 15, 0, tzinfo=MOSCOW))
    assert to_text(node) == "due:2026-12-01T12:00Z"
    assert parse(to_text(node)) == node


# --- evaluation ----------------------------------------------------------------------------

RECORD: dict[str, Any] = {
    "id": 42,
    "title": "Fix Login page",
    "description": "Users see ОШИБКА 500",
    "status": "in_review",
    "closed": False,
    "assignee": "alice",
    "author": "bob",
    "watchers": ["carol", "Dave"],
    "approvers": ["erin"],
    "tags": ["bug", "UI"],
    "group": "support-l1",
    "priority": "high",
    "channel": "email",
    "form": "purchase",
    "requester": "client@example.com",
    "due": date(2026, 11, 26),
    "created": datetime(2026, 11, 20, 21, 30, tzinfo=UTC),  # Nov 21 in Moscow
    "updated": datetime(2026, 11, 27, 6, 0, tzinfo=UTC),
    "fields": {
        "amount": Decimal("150000.50"),
        "count": 3,
        "ratio": 0.5,
        "supplier": "ООО «Ромашка»",
        "deadline": date(2026, 12, 10),
        "urgent": True,
        "kinds": ["import", "export"],
        "code": "0042",
        "empty": "",
    },
}


def matches(text: str, record: dict[str, Any] | None = None, me: str = "alice") -> bool:
    node = parse(text)
    assert node is not None
    return evaluate(node, RECORD if record is None else record, me=me, now=NOW)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("login", True), ("LOGIN", True), ("ошибка", True), ('"fix login"', True),
        ("logout", False), ("@me", True), ("@alice", True), ("@ALICE", True), ("@bob", False),
        ("@none", False), ("author:bob", True), ("author:me", False), ("watcher:dave", True),
        ("watcher:none", False), ("approver:erin", True), ("approver:me", False), ("+bug", True),
        ("+ui", True), ("+feature", False), ("status:open", True), ("status:closed", False),
        ("status:any", True), ("status:in_review", True), ("status:done", False),
        ("group:dev,support-l1", True), ("group:dev", False), ("priority:high", True),
        ("priority:low", False), ("channel:email", True), ("form:purchase", True),
        ("requester:CLIENT@example.com", True), ("id:1,42", True), ("#7", False),
        ("due:2026-11-26", True), ("due<today", True), ("due>today", False),
        ("due:none", False), ("created:none", None), ("created.after:2026-11-20", True),
        ("created.before:2026-11-21", False), ("updated.after:2026-11-27T08:00", True),
        ("updated.before:2026-11-27T08:00", False), ("closed.after:2000-01-01", False),
        ("is:overdue", True), ("is:open", True), ("is:closed", False),
        ("is:unassigned", False), ("is:unseen", False),
        ("amount>100000", True), ("amount>1000000", False), ("amount>=150000,50", True),
        ("amount=150000.5", True), ("amount!=150000.5", False), ("amount<abc", False),
        ("amount!=abc", True), ("count=3", True), ("count>2.5", True), ("ratio<1", True),
        ("supplier~ромашка", True), ("supplier~Лютик", False), ('supplier="ООО «Ромашка»"', True),
        ("deadline<2026-12-31", True), ("deadline=2026-12-10", True), ("deadline>fri", True),
        ("deadline<+3d", False),
        ("urgent=true", True), ("urgent=да", True), ("urgent=no", False), ("urgent!=no", True),
        ("kinds=export", True), ("kinds=other,import", True), ("kinds!=import", False),
        ("kinds~port", True), ("code=42", True), ("code>0041", True), ("missing>1", False),
        ("missing!=1", False), ("missing:none", True), ("empty:none", True),
        ("amount:none", False),
        ("+bug -+feature (@bob or @alice)", True), ("-(login or logout)", False),
    ],
)  # fmt: skip
def test_evaluate(text: str, expected: bool | None) -> None:
    if expected is None:
        with pytest.raises(GrammarError):
            parse(text)
        return
    assert matches(text) is expected


def test_evaluate_me_and_unassigned() -> None:
    unassigned = {**RECORD, "assignee": None, "watchers": [], "approvers": []}
    assert matches("@none", unassigned)
    assert matches("is:unassigned", unassigned)
    assert matches("watcher:none approver:none", unassigned)
    assert matches("watcher:me", me="carol")


def test_evaluate_closed_as_flag_or_timestamp() -> None:
    closed_at = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
    as_flag = {**RECORD, "closed": True, "closed_at": closed_at}
    as_time = {**RECORD, "closed": closed_at}
    for record in (as_flag, as_time):
        assert matches("status:closed is:closed", record)
        assert not matches("is:overdue", record)
        assert matches("closed.after:2026-11-24 closed.before:2026-11-26", record)


def test_evaluate_due_with_a_time() -> None:
    record = {**RECORD, "due": datetime(2026, 11, 27, 6, 0, tzinfo=UTC)}  # 09:00 Moscow
    assert matches("is:overdue", record)
    assert matches("due:today", record)
    assert not matches("due:2026-11-27T10:00", record)


def test_evaluate_day_boundaries_use_the_zone_of_now() -> None:
    node = DateCmp("created", "after", date(2026, 11, 20))
    assert evaluate(node, RECORD, me="x", now=NOW)  # Nov 21 in Moscow
    assert not evaluate(node, RECORD, me="x")  # Nov 20 in UTC


def test_evaluate_view_is_refused_and_overdue_needs_now() -> None:
    with pytest.raises(GrammarError, match="view"):
        evaluate(Match("view", ("mine",)), RECORD, me="alice")
    with pytest.raises(ValueError, match="now"):
        evaluate(Is("overdue"), RECORD, me="alice")


def test_the_empty_filter_passes_everything() -> None:
    assert evaluate(None, {}, me="alice")


def test_evaluate_on_an_almost_empty_record() -> None:
    record: dict[str, Any] = {"title": "x"}
    node = parse("x status:open @none watcher:none due:none -+bug amount:none -is:overdue")
    assert node is not None
    assert evaluate(node, record, me="alice", now=NOW)
    for text in ("amount>1", "group:a", "#1", "created.after:2000-01-01", "+bug"):
        assert not matches(text, record)


# --- properties ----------------------------------------------------------------------------

FRAGMENTS = st.sampled_from(
    ["(", ")", "-", "--", '"', "«", "»", "\\", "|", "or", "OR", "and", ",", ":", "=", "~", "!=",
     "<", ">", ">=", "@", "@me", "+", "+bug", "#", "#12", "status:", "status:open", "due:",
     "due:fri", "due<", "due.before:", "id:", "is:", "is:overdue", "group:", "priority:",
     "amount", "none", "1,5", "2026-12-01", "15:00", "z", "Ромашка", " ", "  "]
)  # fmt: skip
FILTERISH = st.lists(st.one_of(FRAGMENTS, st.text(max_size=4)), max_size=12).map("".join)


@settings(max_examples=100, deadline=None)
@given(st.one_of(st.text(max_size=60), FILTERISH, st.lists(FILTERISH, max_size=4)))
def test_any_input_parses_or_raises_grammar_error(text: str | list[str]) -> None:
    try:
        node = parse(text)
    except GrammarError as error:
        assert error.position is None or error.position >= 0
        return
    if node is not None:
        assert parse(to_text(node)) == node
        hash(node)
        try:
            evaluate(node, RECORD, me="alice", now=NOW)
        except GrammarError as error:
            assert "view" in str(error)


# Fixed alphabets rather than from_regex: generation speed dominates this suite's run time.
WORD_CHARS = "abzAZ09_жЖéß²"
HANDLES = st.one_of(
    st.sampled_from(["me", "none"]),
    st.text(alphabet=WORD_CHARS + ".-", min_size=1, max_size=8).filter(
        lambda h: h.casefold() not in ("me", "none")
    ),
)
TAG_NAMES = st.text(alphabet="abz09_жéß².:-", min_size=1, max_size=8)
VALUES = st.text(min_size=1, max_size=8)
FIELD_KEYS = st.builds(
    str.__add__, st.sampled_from("abz_"), st.text(alphabet="abz09_", max_size=6)
).filter(lambda k: k not in BUILTIN_KEYS and k not in DATE_FIELDS)
MOMENTS = st.one_of(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)),
    st.datetimes(
        min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
    ),
)
DATE_CMPS = st.one_of(
    st.builds(DateCmp, st.sampled_from(DATE_FIELDS), st.sampled_from(["before", "after"]), MOMENTS),
    st.builds(DateCmp, st.just("due"), st.just("on"), st.one_of(st.none(), MOMENTS)),
)
FIELD_CMPS = st.one_of(
    st.builds(FieldCmp, FIELD_KEYS, st.sampled_from([">", ">=", "<", "<=", "~"]), VALUES),
    st.builds(
        FieldCmp,
        FIELD_KEYS,
        st.sampled_from(["=", "!="]),
        st.one_of(VALUES, st.lists(VALUES, min_size=2, max_size=3).map(tuple)),
    ),
    st.builds(FieldCmp, FIELD_KEYS, st.just("none"), st.none()),
)
MATCHES = st.one_of(
    st.builds(
        Match,
        st.sampled_from([k for k in MATCH_KEYS if k != "priority"]),
        st.lists(VALUES, min_size=1, max_size=3).map(tuple),
    ),
    st.builds(
        Match,
        st.just("priority"),
        st.lists(st.sampled_from(["low", "normal", "high", "urgent"]), min_size=1).map(tuple),
    ),
)
LEAVES = st.one_of(
    st.builds(Text, st.text(min_size=1, max_size=10)),
    st.builds(Person, st.sampled_from(PERSON_ROLES), HANDLES),
    st.builds(Tag, TAG_NAMES),
    st.builds(Status, st.text(alphabet="abz_", min_size=1, max_size=8)),
    MATCHES,
    st.builds(Ids, st.lists(st.integers(0, 10**12), min_size=1, max_size=3).map(tuple)),
    DATE_CMPS,
    st.builds(Is, st.sampled_from(IS_FLAGS)),
    FIELD_CMPS,
)


def _extend(children: st.SearchStrategy[Node]) -> st.SearchStrategy[Node]:
    return st.one_of(
        st.builds(Not, children),
        st.lists(children.filter(lambda n: not isinstance(n, And)), min_size=2, max_size=3)
        .map(tuple)
        .map(And),
        st.lists(children.filter(lambda n: not isinstance(n, Or)), min_size=2, max_size=3)
        .map(tuple)
        .map(Or),
    )


ASTS = st.recursive(LEAVES, _extend, max_leaves=8)


@settings(max_examples=75, deadline=None)
@given(ASTS)
def test_generated_asts_round_trip(node: Node) -> None:
    assert parse(to_text(node)) == node


@settings(max_examples=30, deadline=None)
@given(ASTS, st.sampled_from(["Pacific/Kiritimati", "America/New_York", "UTC"]))
def test_rendering_does_not_depend_on_the_parsers_clock(node: Node, zone: str) -> None:
    # Rendered dates are absolute: the text means the same thing next week, anywhere.
    later = (NOW + timedelta(days=9)).astimezone(ZoneInfo(zone))
    assert parse_filter(to_text(node), now=later) == node
