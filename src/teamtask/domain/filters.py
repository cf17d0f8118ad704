"""The filter language shared by ``tt ls``, the TUI filter bar, saved views, board columns,
form routing and approval conditions: ``+bug @me -status:done (due<fri or !urgent)``.

Parsed once here into a small AST; the store compiles that AST to SQL and ``evaluate`` runs it
on plain dicts for routing and approval rules. ``to_text`` renders an AST back so saved views
are stored as text a person can read and edit.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from teamtask.domain.capture import PRIORITIES, PRIORITY_ALIASES
from teamtask.domain.dates import DATE_HELP, parse_date
from teamtask.domain.errors import GrammarError

if TYPE_CHECKING:
    pass


@dataclass(frozen=True, slots=True)
class Text:
    text: str


@dataclass(frozen=True, slots=True)
class Person:
    role: str
    handle: str


@dataclass(frozen=True, slots=True)
class Tag:
    name: str


@dataclass(frozen=True, slots=True)
class Status:
    value: str


@dataclass(frozen=True, slots=True)
class Match:
    key: str
    values: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Ids:
    ids: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class DateCmp:
    field: str
    op: str
    value: date | datetime | None


@dataclass(frozen=True, slots=True)
class Is:
    flag: str


@dataclass(frozen=True, slots=True)
class FieldCmp:
    key: str
    op: str
    value: str | tuple[str, ...] | None


@dataclass(frozen=True, slots=True)
class Not:
    node: Node


@dataclass(frozen=True, slots=True)
class And:
    nodes: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    nodes: tuple[Node, ...]


Node = Text | Person | Tag | Status | Match | Ids | DateCmp | Is | FieldCmp | Not | And | Or

PERSON_ROLES = ("assignee", "author", "watcher", "approver")
MATCH_KEYS = ("group", "priority", "requester", "channel", "form", "view")
DATE_FIELDS = ("due", "created", "updated", "closed")
IS_FLAGS = ("overdue", "unassigned", "open", "closed", "unseen")
FIELD_OPS = ("!=", ">=", "<=", "=", "~", "<", ">")
_DATE_KEYS = {
    "due": ("due", "on"),
    "due.before": ("due", "before"),
    "due.after": ("due", "after"),
    **{f"{field}.{op}": (field, op) for field in DATE_FIELDS[1:] for op in ("after", "before")},
}
BUILTIN_KEYS = (*PERSON_ROLES, "tag", "status", *MATCH_KEYS, "id", *_DATE_KEYS, "is")

_KEY_OP = re.compile(r"([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)(!=|>=|<=|=|~|<|>|:)")
# "сумма>100" would otherwise silently become a text search that matches nothing.
_FOREIGN_KEY_OP = re.compile(r"[^\W\d]\w*(?:!=|>=|<=|=|~|<|>)")
_FIELD_KEY = re.compile(r"[a-z_][a-z0-9_]*")
_HANDLE = re.compile(r"[\w.-]+")
_TAG_NAME = re.compile(r"[\w.:-]+")
_TAG_START = re.compile(r"[^\W\d]")
_STATUS = re.compile(r"[a-z_]+")
_HASH_ID = re.compile(r"#([0-9]{1,18})")
_ID = re.compile(r"#?([0-9]{1,18})")
_BARE_TEXT = re.compile(r'[^\s"«()|\\]+')
_BARE_VALUE = re.compile(r'[^\s"«()|,\\=<>~!:][^\s"«()|,\\]*')
_QUOTE_CLOSE = {'"': '"', "«": "»"}
_MAX_DEPTH = 64


def parse_filter(text: str | Sequence[str], *, now: datetime) -> Node | None:
    """Parse a filter; ``None`` means the empty filter (everything matches)."""
    return _Parser(_tokenize(text), now).parse()


def all_of(*nodes: Node | None) -> Node | None:
    """AND several filters together (e.g. a view and a board column), skipping empty ones."""
    present = [node for node in nodes if node is not None]
    return _combine(And, present) if present else None


# --- tokens ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # "word", "(", ")", "or", "and", "not"
    position: int
    source: str
    parts: tuple[tuple[str, bool], ...] = ()  # (text, was_quoted) pieces of a word


def _tokenize(text: str | Sequence[str]) -> list[_Token]:
    if isinstance(text, str):
        return _scan(text, 0)
    tokens: list[_Token] = []
    offset = 0  # offsets are into " ".join(argv), which is what an error display shows
    for word in text:
        if any(c.isspace() for c in word):
            tokens += _argv_phrase(word, offset)
        else:
            tokens += _scan(word, offset)
        offset += len(word) + 1
    return tokens


def _scan(text: str, base: int) -> list[_Token]:
    tokens: list[_Token] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
        elif c in "()":
            tokens.append(_Token(c, base + i, c))
            i += 1
        elif c == "|":
            tokens.append(_Token("or", base + i, c))
            i += 1
        elif c == "-":
            while i < n and text[i] == "-":
                tokens.append(_Token("not", base + i, "-"))
                i += 1
            if i == n or text[i].isspace() or text[i] in ")|":
                raise _empty_negation(base + i - 1)
        else:
            i = _scan_word(text, i, base, tokens)
    return tokens


def _scan_word(text: str, i: int, base: int, tokens: list[_Token]) -> int:
    start, n = i, len(text)
    parts: list[tuple[str, bool]] = []
    plain: list[str] = []
    while i < n and not text[i].isspace() and text[i] not in "()|":
        if text[i] in _QUOTE_CLOSE:
            if plain:
                parts.append(("".join(plain), False))
                plain = []
            quoted, i = _scan_quoted(text, i, base)
            parts.append((quoted, True))
        else:
            plain.append(text[i])
            i += 1
    if plain:
        parts.append(("".join(plain), False))
    source = text[start:i]
    if len(parts) == 1 and not parts[0][1] and source.casefold() in ("or", "and"):
        tokens.append(_Token(source.casefold(), base + start, source))
    else:
        tokens.append(_Token("word", base + start, source, tuple(parts)))
    return i


def _scan_quoted(text: str, i: int, base: int) -> tuple[str, int]:
    close = _QUOTE_CLOSE[text[i]]
    chars: list[str] = []
    j = i + 1
    while j < len(text):
        c = text[j]
        if c == "\\" and j + 1 < len(text) and text[j + 1] in (close, "\\"):
            chars.append(text[j + 1])
            j += 2
        elif c == close:
            return "".join(chars), j + 1
        else:
            chars.append(c)
            j += 1
    raise GrammarError(
        f"the quote {text[i]} at position {base + i} is never closed",
        token=text[i:],
        position=base + i,
        expected=close,
    )


def _argv_phrase(word: str, base: int) -> list[_Token]:
    """An argv word the shell kept whole: a phrase, or ``key~value with spaces``."""
    dashes = len(word) - len(word.lstrip("-"))
    if not dashes or dashes == len(word) or word[dashes].isspace():
        dashes = 0
    tokens = [_Token("not", base + i, "-") for i in range(dashes)]
    rest = word[dashes:]
    m = _KEY_OP.match(rest)
    # "note:call back" stays a phrase; "supplier~Ромашка ООО" and "due:01.12 15:00" do not.
    keyed = m is not None and (m[2] != ":" or m[1].lower() in BUILTIN_KEYS)
    if m and keyed and m.end() < len(rest) and not rest[m.end()].isspace():
        parts = ((rest[: m.end()], False), (rest[m.end() :], True))
    else:
        parts = ((rest, True),)
    tokens.append(_Token("word", base + dashes, rest, parts))
    return tokens


# --- grammar -----------------------------------------------------------------------------


class _Parser:
    """expr := conj ("or" conj)* ; conj := unary+ ; unary := "-" unary | "(" expr ")" | term"""

    def __init__(self, tokens: list[_Token], now: datetime) -> None:
        self.tokens = tokens
        self.index = 0
        self.now = now

    def parse(self) -> Node | None:
        if not self.tokens:
            return None
        node = self.disjunction(0)
        if (stray := self.peek()) is not None:
            raise _error(f'")" at position {stray.position} closes nothing', stray, "(")
        return node

    def peek(self) -> _Token | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def disjunction(self, depth: int) -> Node:
        branches = [self.conjunction(depth)]
        while (token := self.peek()) is not None and token.kind == "or":
            self.take()
            following = self.peek()
            if following is None or following.kind in (")", "or"):
                raise _dangling(token)
            branches.append(self.conjunction(depth))
        return _combine(Or, branches)

    def conjunction(self, depth: int) -> Node:
        items: list[Node] = []
        while (token := self.peek()) is not None and token.kind not in (")", "or"):
            if token.kind == "and":
                self.take()
                following = self.peek()
                if not items or following is None or following.kind in (")", "or", "and"):
                    raise _dangling(token)
                continue
            items.append(self.unary(depth))
        if not items:
            token = self.peek()
            assert token is not None  # callers only start a conjunction before a token
            if token.kind == "or":
                raise _dangling(token)
            raise _error(f'")" at position {token.position} closes nothing', token, "(")
        return _combine(And, items)

    def unary(self, depth: int) -> Node:
        token = self.take()
        if depth > _MAX_DEPTH:
            raise _error("the filter is nested too deeply", token, None)
        if token.kind == "not":
            following = self.peek()
            if following is None or following.kind in (")", "or", "and"):
                raise _empty_negation(token.position)
            return Not(self.unary(depth + 1))
        if token.kind == "(":
            following = self.peek()
            if following is not None and following.kind == ")":
                raise _error(f'"()" at position {token.position} is empty', token, "a term")
            if following is None:
                raise _unclosed(token)
            node = self.disjunction(depth + 1)
            closing = self.peek()
            if closing is None or closing.kind != ")":
                raise _unclosed(token)
            self.take()
            return node
        return _term(token, self.now)


def _combine(kind: type[And] | type[Or], items: Iterable[Node]) -> Node:
    flat: list[Node] = []
    for item in items:
        flat.extend(item.nodes if isinstance(item, kind) else (item,))
    return flat[0] if len(flat) == 1 else kind(tuple(flat))


# --- terms -------------------------------------------------------------------------------


def _term(token: _Token, now: datetime) -> Node:
    parts = token.parts
    first, quoted = parts[0]
    if quoted and len(parts) == 1:
        if not first:
            raise _error(f'"" at position {token.position} is an empty phrase', token, "text")
        return Text(first)
    if not quoted:
        if m := _KEY_OP.match(first):
            value = ((first[m.end() :], False), *parts[1:])
            return _keyed(m[1].lower(), m[2], value, token, now)
        if _FOREIGN_KEY_OP.match(first):
            raise _error(
                f'"{token.source}": form field keys use latin letters, digits and _',
                token,
                "key=value",
            )
        rest = ((first[1:], False), *parts[1:])
        if first.startswith("@") and (len(first) > 1 or len(parts) > 1):
            return _people("assignee", rest, token)
        if first.startswith("+") and len(first) > 1 and _TAG_START.match(first[1]):
            return _tags(rest, token)
        if len(parts) == 1 and (m := _HASH_ID.fullmatch(first)):
            return Ids((int(m[1]),))
    return Text("".join(text for text, _ in parts))


def _keyed(
    key: str, op: str, value: tuple[tuple[str, bool], ...], token: _Token, now: datetime
) -> Node:
    joined = "".join(text for text, _ in value)
    if op == "=" and key in BUILTIN_KEYS:
        op = ":"  # status=done reads as status:done
    if op == ":":
        if key in PERSON_ROLES:
            return _people(key, value, token)
        if key == "tag":
            return _tags(value, token)
        if key == "status":
            return _combine(Or, [Status(_status(v, token)) for v in _items(value, token)])
        if key in MATCH_KEYS:
            return Match(key, tuple(_match_value(key, v, token) for v in _items(value, token)))
        if key == "id":
            return Ids(tuple(_id(v, token) for v in _items(value, token)))
        if key in _DATE_KEYS:
            return _date_cmp(key, joined, token, now)
        if key == "is":
            return Is(_flag(joined, token))
        if key in DATE_FIELDS:
            raise _error(f'"{token.source}": write {_date_hint(key)}', token, _date_hint(key))
        if joined.casefold() == "none" and _FIELD_KEY.fullmatch(key):
            return FieldCmp(key, "none", None)
        raise _unknown_key(key, joined, token)
    if key in DATE_FIELDS and op in ("<", ">"):
        return DateCmp(key, "before" if op == "<" else "after", _date(joined, token, now))
    if key in BUILTIN_KEYS or key in DATE_FIELDS:
        hint = _date_hint(key) if key in DATE_FIELDS else f"{key}:VALUE"
        raise _error(
            f'"{token.source}": {key} cannot be compared with {op}; write {hint}', token, hint
        )
    if not _FIELD_KEY.fullmatch(key):
        raise _unknown_key(key, joined, token)
    if op in ("=", "!="):
        items = _items(value, token)
        return FieldCmp(key, op, items[0] if len(items) == 1 else tuple(items))
    if not joined:
        raise _error(f'"{token.source}" needs a value after {op}', token, "a value")
    return FieldCmp(key, op, joined)


def _items(value: tuple[tuple[str, bool], ...], token: _Token) -> list[str]:
    """Comma-separated values; a comma inside quotes belongs to the value."""
    items = [""]
    for text, quoted in value:
        if quoted:
            items[-1] += text
        else:
            first, *more = text.split(",")
            items[-1] += first
            items += more
    if not all(items):
        raise _error(f'"{token.source}" has an empty value', token, "a value")
    return items


def _people(role: str, value: tuple[tuple[str, bool], ...], token: _Token) -> Node:
    people: list[Node] = []
    for item in _items(value, token):
        handle = item.removeprefix("@")
        if handle.casefold() in ("me", "none"):
            handle = handle.casefold()
        elif not _HANDLE.fullmatch(handle):
            raise _error(f'"{item}" is not a handle: expected @name, @me or @none', token, "@name")
        people.append(Person(role, handle))
    return _combine(Or, people)


def _tags(value: tuple[tuple[str, bool], ...], token: _Token) -> Node:
    tags: list[Node] = []
    for item in _items(value, token):
        name = item.lower()
        if not _TAG_NAME.fullmatch(name):
            raise _error(f'"{item}" is not a tag: use letters, digits, _ . : -', token, "+tag")
        tags.append(Tag(name))
    return _combine(Or, tags)


def _status(value: str, token: _Token) -> str:
    status = value.lower()
    if not _STATUS.fullmatch(status):
        raise _error(
            f'"{value}" is not a status: expected open, closed, any or a status name',
            token,
            "open, closed, any or a status name",
        )
    return status


def _match_value(key: str, value: str, token: _Token) -> str:
    if key != "priority":
        return value
    if (priority := PRIORITY_ALIASES.get(value.casefold())) is None:
        expected = ", ".join(PRIORITIES)
        raise _error(f'"{value}" is not a priority: expected {expected}', token, expected)
    return priority


def _id(value: str, token: _Token) -> int:
    if not (m := _ID.fullmatch(value)):
        raise _error(f'"{value}" is not a task id: expected a number such as 42', token, "42")
    return int(m[1])


def _date_cmp(key: str, value: str, token: _Token, now: datetime) -> DateCmp:
    field, op = _DATE_KEYS[key]
    if value.casefold() == "none":
        if key != "due":
            raise _error(f'"{token.source}": only due:none looks for a missing date', token, None)
        return DateCmp(field, op, None)
    return DateCmp(field, op, _date(value, token, now))


def _date(value: str, token: _Token, now: datetime) -> date | datetime:
    if not value.strip():
        raise _error(f'"{token.source}" needs a date: expected {DATE_HELP}', token, DATE_HELP)
    try:
        return parse_date(value, now=now)
    except GrammarError as exc:
        raise exc.located(token.source, token.position) from None


def _flag(value: str, token: _Token) -> str:
    flag = value.lower()
    if flag not in IS_FLAGS:
        expected = ", ".join(f"is:{f}" for f in IS_FLAGS)
        raise _error(f'"{token.source}" is not a filter: expected {expected}', token, expected)
    return flag


def _date_hint(field: str) -> str:
    hint = f"{field}.after:DATE or {field}.before:DATE"
    return f"due:DATE, {hint}" if field == "due" else hint


# --- errors ------------------------------------------------------------------------------


def _error(message: str, token: _Token, expected: str | None) -> GrammarError:
    return GrammarError(message, token=token.source, position=token.position, expected=expected)


def _dangling(token: _Token) -> GrammarError:
    return _error(
        f'"{token.source}" at position {token.position} needs a term on both sides',
        token,
        "a term",
    )


def _unclosed(token: _Token) -> GrammarError:
    return _error(f'"(" at position {token.position} is never closed', token, ")")


def _empty_negation(position: int) -> GrammarError:
    return GrammarError(
        f'"-" at position {position} must be followed by what to exclude, e.g. -+bug',
        token="-",
        position=position,
        expected="a term",
    )


def _unknown_key(key: str, value: str, token: _Token) -> GrammarError:
    import difflib  # only on this error path: keeps the parser's import cost down

    close = difflib.get_close_matches(key, BUILTIN_KEYS, n=3, cutoff=0.6)
    guess = f" (did you mean {' or '.join(f'{k}:' for k in close)}?)" if close else ""
    return _error(
        f'unknown filter key "{key}" in "{token.source}"{guess}; compare a form field with '
        f"{key}={value or 'VALUE'}, or put text in quotes to search for it",
        token,
        ", ".join(close) if close else "key=value",
    )


# --- rendering ---------------------------------------------------------------------------


def to_text(node: Node) -> str:
    """Filter text that parses back to ``node`` (for nodes ``parse_filter`` can produce)."""
    match node:
        case Or(nodes):
            return " or ".join(to_text(n) for n in nodes)
        case And(nodes):
            return " ".join(f"({to_text(n)})" if isinstance(n, Or) else to_text(n) for n in nodes)
        case Not(inner):
            body = to_text(inner)
            return f"-({body})" if isinstance(inner, And | Or) else f"-{body}"
        case Text(text):
            return _render_text(text)
        case Person("assignee", handle):
            return f"@{handle}"
        case Person(role, handle):
            return f"{role}:{_render_value(handle)}"
        case Tag(name):
            bare = _TAG_NAME.fullmatch(name) and _TAG_START.match(name)
            return f"+{name}" if bare else f"tag:{_render_value(name)}"
        case Status(value):
            return f"status:{_render_value(value)}"
        case Match(key, values):
            return f"{key}:{','.join(_render_value(v) for v in values)}"
        case Ids(ids):
            return "id:" + ",".join(str(i) for i in ids)
        case DateCmp(field, op, value):
            key = field if op == "on" else f"{field}.{op}"
            return f"{key}:{'none' if value is None else _render_date(value)}"
        case Is(flag):
            return f"is:{flag}"
        case FieldCmp(key, "none", _):
            return f"{key}:none"
        case FieldCmp(key, op, value):
            values = value if isinstance(value, tuple) else (value or "",)
            return f"{key}{op}{','.join(_render_value(v) for v in values)}"
    raise TypeError(f"not a filter node: {node!r}")


def _render_text(text: str) -> str:
    bare = (
        _BARE_TEXT.fullmatch(text)
        and text[0] not in "-@+#"
        and text.casefold() not in ("or", "and")
        and not _KEY_OP.match(text)
        and not _FOREIGN_KEY_OP.match(text)
    )
    return text if bare else _quote(text)


def _render_value(value: str) -> str:
    return value if _BARE_VALUE.fullmatch(value) else _quote(value)


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _render_date(value: date | datetime) -> str:
    if not isinstance(value, datetime):
        return value.isoformat()
    utc = (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC)
    if utc.second or utc.microsecond:
        return utc.replace(tzinfo=None).isoformat() + "Z"
    return f"{utc.date().isoformat()}T{utc.hour:02d}:{utc.minute:02d}Z"
