"""Form definitions and typed field values: pure rules, no storage.

A form is a TOML document (see src/teamtask/forms/*.toml). Parsing checks it whole and
names the first problem; values typed by people (`-F total=12 345,60`) are validated
against the field's type and turned into plain Python values that the store keeps typed.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from teamtask.domain.errors import Invalid
from teamtask.domain.statuses import Status, Workflow

FIELD_TYPES = (
    "text",
    "longtext",
    "number",
    "money",
    "date",
    "datetime",
    "checkbox",
    "choice",
    "multichoice",
    "user",
    "email",
    "phone",
    "table",
    "file",
)
TABLE_COLUMN_TYPES = ("text", "number", "money", "date", "checkbox", "choice")
_KEY = re.compile(r"^[a-z_][a-z0-9_]*$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[0-9 ()\-]{5,20}$")
_TRUE = {"true", "yes", "1", "on", "да", "x", "✓"}
_FALSE = {"false", "no", "0", "off", "нет", ""}
_TEMPLATE_FIELD = re.compile(r"\{([a-z_][a-z0-9_]*)\}")


@dataclass(frozen=True)
class FieldDef:
    key: str
    title: str
    type: str
    required: bool = False
    required_from: str | None = None  # required only once the task reaches this status
    options: tuple[str, ...] = ()
    default: Any = None
    currency: str = "RUB"
    columns: tuple[FieldDef, ...] = ()

    def expected(self) -> str:
        if self.type in ("choice", "multichoice"):
            return f"{self.type} of {', '.join(self.options)}"
        if self.type == "table":
            return "a JSON list of rows with " + ", ".join(c.key for c in self.columns)
        return {
            "number": "a number",
            "money": "an amount such as 12345.60",
            "date": "a date (2026-12-01, 01.12.2026, fri…)",
            "datetime": "a date and time (2026-12-01 15:00)",
            "checkbox": "yes or no",
            "user": "a user handle",
            "email": "an email address",
            "phone": "a phone number",
        }.get(self.type, "text")


@dataclass(frozen=True)
class RouteRule:
    when: str
    group: str | None = None
    assignee: str | None = None


@dataclass(frozen=True)
class StepDef:
    name: str
    approvers: tuple[str, ...]  # handles, or group names
    mode: str = "all"
    when: str | None = None


@dataclass(frozen=True)
class FormDef:
    key: str
    title: str
    workflow: Workflow
    fields: tuple[FieldDef, ...]
    version: int = 0
    default_group: str | None = None
    default_assignee: str | None = None
    routes: tuple[RouteRule, ...] = ()
    approval: tuple[StepDef, ...] = ()
    approval_status: str | None = None
    approved_status: str | None = None
    rejected_status: str | None = None
    title_template: str | None = None
    source: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def field(self, key: str) -> FieldDef:
        for f in self.fields:
            if f.key == key:
                return f
        known = ", ".join(f.key for f in self.fields)
        raise Invalid(f"form {self.key!r} has no field {key!r}; its fields: {known}")

    def has_field(self, key: str) -> bool:
        return any(f.key == key for f in self.fields)

    def render_title(self, values: dict[str, Any]) -> str | None:
        """The title template with the fields it names; None while any of them is empty."""
        if not self.title_template:
            return None
        missing = [
            k for k in _TEMPLATE_FIELD.findall(self.title_template) if values.get(k) in (None, "")
        ]
        if missing:
            return None
        return _TEMPLATE_FIELD.sub(lambda m: display(values[m[1]]), self.title_template)


def display(value: Any) -> str:
    if isinstance(value, dict) and "amount" in value:
        return f"{value['amount']} {value.get('currency', '')}".strip()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)


# -- parsing definitions ---------------------------------------------------------------


def _problem(form: str, message: str) -> Invalid:
    return Invalid(f"form {form!r}: {message}")


def _field_def(form: str, raw: dict[str, Any], *, in_table: bool = False) -> FieldDef:
    key = raw.get("key")
    if not isinstance(key, str) or not _KEY.match(key):
        raise _problem(form, f"field key {key!r} must be lower_snake_case")
    kind = raw.get("type", "text")
    allowed = TABLE_COLUMN_TYPES if in_table else FIELD_TYPES
    if kind not in allowed:
        raise _problem(
            form, f"field {key!r} has type {kind!r}; expected one of {', '.join(allowed)}"
        )
    options = tuple(str(o) for o in raw.get("options", ()))
    if kind in ("choice", "multichoice") and not options:
        raise _problem(form, f"field {key!r} is a {kind} and needs options")
    columns: tuple[FieldDef, ...] = ()
    if kind == "table":
        raw_columns = raw.get("columns")
        if not raw_columns:
            raise _problem(form, f"table field {key!r} needs columns")
        columns = tuple(_field_def(form, c, in_table=True) for c in raw_columns)
    required = raw.get("required", False)
    required_from = None
    if isinstance(required, str):
        required_from, required = required, False
    return FieldDef(
        key=key,
        title=str(raw.get("title", key)),
        type=kind,
        required=bool(required),
        required_from=raw.get("required_from", required_from),
        options=options,
        default=raw.get("default"),
        currency=str(raw.get("currency", "RUB")),
        columns=columns,
    )


def parse_form(raw: dict[str, Any], *, version: int = 0) -> FormDef:
    """Check a whole TOML form definition; the first problem is named in the error."""
    key = raw.get("key")
    if not isinstance(key, str) or not re.match(r"^[a-z][a-z0-9_-]*$", key):
        raise Invalid(f"a form needs a key in lower case letters, got {key!r}")
    statuses_raw = raw.get("statuses") or []
    if not statuses_raw:
        raise _problem(key, "needs at least one status")
    statuses = []
    for s in statuses_raw:
        if not isinstance(s, dict) or not isinstance(s.get("key"), str):
            raise _problem(key, "each status needs a key")
        statuses.append(
            Status(s["key"], str(s.get("title", s["key"])), bool(s.get("closed", False)))
        )
    keys = [s.key for s in statuses]
    if len(set(keys)) != len(keys):
        raise _problem(key, "status keys must be unique")
    if not any(s.closed for s in statuses) or all(s.closed for s in statuses):
        raise _problem(key, "needs open statuses and at least one closed status")
    fields = tuple(_field_def(key, f) for f in raw.get("fields", []))
    field_keys = [f.key for f in fields]
    if len(set(field_keys)) != len(field_keys):
        raise _problem(key, "field keys must be unique")
    for f in fields:
        if f.required_from and f.required_from not in keys:
            raise _problem(
                key, f"field {f.key!r} is required from unknown status {f.required_from!r}"
            )
        if f.default is not None:
            validate_value(f, f.default)
    approval_raw = raw.get("approval", {}) or {}
    steps = tuple(
        StepDef(
            name=str(step.get("name", f"step {n}")),
            approvers=tuple(str(a).lstrip("@") for a in step.get("approvers", [])),
            mode=str(step.get("mode", "all")),
            when=step.get("when"),
        )
        for n, step in enumerate(approval_raw.get("steps", []), start=1)
    )
    for step in steps:
        if step.mode not in ("all", "any"):
            raise _problem(
                key, f"approval step {step.name!r} has mode {step.mode!r}; expected all or any"
            )
        if not step.approvers:
            raise _problem(key, f"approval step {step.name!r} has no approvers")
    status_names = {
        name: approval_raw.get(name) for name in ("status", "approved_status", "rejected_status")
    }
    if steps:
        for name, value in status_names.items():
            if value is None or value not in keys:
                raise _problem(key, f"approval.{name} must name one of its statuses, got {value!r}")
    routes = tuple(
        RouteRule(when=str(r["when"]), group=r.get("group"), assignee=r.get("assignee"))
        for r in raw.get("route", [])
    )
    template = raw.get("title")
    if template is not None and not isinstance(template, str):
        raise _problem(key, 'title must be a template string such as "Счёт {number}"')
    for name in _TEMPLATE_FIELD.findall(template or ""):
        if name not in field_keys:
            raise _problem(key, f"title template names unknown field {name!r}")
    return FormDef(
        key=key,
        title=str(raw.get("name", key)),
        workflow=Workflow(tuple(statuses)),
        fields=fields,
        version=version,
        default_group=raw.get("default_group"),
        default_assignee=raw.get("default_assignee"),
        routes=routes,
        approval=steps,
        approval_status=status_names["status"],
        approved_status=status_names["approved_status"],
        rejected_status=status_names["rejected_status"],
        title_template=template,
        source=raw,
    )


# -- values ----------------------------------------------------------------------------


def _bad(f: FieldDef, value: Any, why: str | None = None) -> Invalid:
    shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    reason = f" ({why})" if why else ""
    return Invalid(f"field {f.key}: {shown!r} is not {f.expected()}{reason}")


def parse_decimal(text: str) -> Decimal:
    """`12 345,60`, `12345.60`, `1 000 000` → Decimal; raises InvalidOperation."""
    cleaned = re.sub(r"[\s\u00a0\u202f]", "", text).replace("₽", "").replace("руб.", "")
    if "," in cleaned and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    elif "," in cleaned and "." in cleaned:
        cleaned = cleaned.replace(",", "")
    if len(cleaned) > 40:  # no business number is this long; huge ones stall Decimal → int
        raise InvalidOperation(text)
    value = Decimal(cleaned)
    # Exponents like 1e999999 would make quantize/int() run for minutes.
    if not value.is_finite() or abs(value.adjusted()) > 30:
        raise InvalidOperation(text)
    return value


def validate_value(
    f: FieldDef, raw: Any, *, now: datetime | None = None, users: set[str] | None = None
) -> Any:
    """A value typed by a person or a script → the plain value stored for this field."""
    if raw is None or (isinstance(raw, str) and raw.strip() == "" and f.type != "checkbox"):
        return None
    kind = f.type
    if kind in ("text", "longtext", "file"):
        return str(raw) if kind != "text" else str(raw).strip()
    if kind == "number":
        try:
            value = parse_decimal(str(raw))
        except (InvalidOperation, ValueError):
            raise _bad(f, raw) from None
        return _plain_number(value)
    if kind == "money":
        if isinstance(raw, dict):
            amount, currency = raw.get("amount"), raw.get("currency", f.currency)
        else:
            text = str(raw).strip()
            match = re.match(r"^(.*?)\s*([A-Z]{3})$", text)
            amount, currency = (match[1], match[2]) if match else (text, f.currency)
        try:
            value = parse_decimal(str(amount)).quantize(Decimal("0.01"))
        except (InvalidOperation, ValueError):
            raise _bad(f, raw) from None
        return {"amount": str(value), "currency": currency}
    if kind in ("date", "datetime"):
        return _date_value(f, raw, now)
    if kind == "checkbox":
        if isinstance(raw, bool):
            return raw
        text = str(raw).strip().casefold()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise _bad(f, raw)
    if kind == "choice":
        return _option(f, str(raw))
    if kind == "multichoice":
        items = raw if isinstance(raw, list) else [p for p in re.split(r"\s*,\s*", str(raw)) if p]
        return [_option(f, str(i)) for i in items]
    if kind == "user":
        handle = str(raw).strip().lstrip("@")
        if users is not None and handle not in users:
            raise _bad(f, raw, "no such user")
        return handle
    if kind == "email":
        text = str(raw).strip()
        if not _EMAIL.match(text):
            raise _bad(f, raw)
        return text.lower()
    if kind == "phone":
        text = str(raw).strip()
        if not _PHONE.match(text):
            raise _bad(f, raw)
        return text
    if kind == "table":
        return _table(f, raw, now)
    raise _bad(f, raw)  # pragma: no cover - types are checked when the form is parsed


def _plain_number(value: Decimal) -> int | float:
    # Plain numbers (quantities, versions) as JSON numbers; exact amounts use `money`.
    return int(value) if value == value.to_integral_value() else float(value)


def _option(f: FieldDef, text: str) -> str:
    text = text.strip()
    for option in f.options:
        if option.casefold() == text.casefold():
            return option
    raise _bad(f, text)


def _date_value(f: FieldDef, raw: Any, now: datetime | None) -> str:
    from teamtask.domain.dates import parse_date

    reference = now or datetime.now().astimezone()
    if isinstance(raw, datetime | date):
        parsed: date | datetime = raw
    else:
        try:
            parsed = parse_date(str(raw), now=reference)
        except Invalid:
            raise _bad(f, raw) from None
    if f.type == "date":
        # An instant belongs to the user's calendar day, not to UTC's.
        day = parsed.astimezone(reference.tzinfo).date() if isinstance(parsed, datetime) else parsed
        return day.isoformat()
    if not isinstance(parsed, datetime):
        raise _bad(f, raw, "a time is needed")
    return parsed.isoformat(timespec="minutes")


def _table(f: FieldDef, raw: Any, now: datetime | None) -> list[dict[str, Any]]:
    rows = raw
    if isinstance(raw, str):
        try:
            rows = json.loads(raw)
        except ValueError as exc:  # JSONDecodeError, or an integer too long to convert
            raise _bad(f, raw, f"invalid JSON: {getattr(exc, 'msg', exc)}") from None
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise _bad(f, raw, "expected a list of objects")
    columns = {c.key: c for c in f.columns}
    clean = []
    for number, row in enumerate(rows, start=1):
        unknown = set(row) - set(columns)
        if unknown:
            raise Invalid(
                f"field {f.key}: row {number} has unknown columns {', '.join(sorted(unknown))}"
            )
        out = {}
        for key, column in columns.items():
            try:
                value = validate_value(column, row.get(key), now=now)
            except Invalid as exc:
                raise Invalid(f"field {f.key}, row {number}: {exc}") from None
            if isinstance(value, dict) and "amount" in value:  # money inside tables: plain amount
                value = value["amount"]
            out[key] = value
        clean.append(out)
    return clean


@dataclass(frozen=True)
class Stored:
    """How one value is kept: exact JSON plus the typed columns filters compile against."""

    json: str
    num: Decimal | None
    day: date | None
    folded: str | None


def to_storage(f: FieldDef, value: Any) -> Stored:
    exact = json.dumps(value, ensure_ascii=False, sort_keys=True)
    if f.type == "number":
        return Stored(exact, Decimal(str(value)), None, str(value))
    if f.type == "money":
        return Stored(exact, Decimal(value["amount"]), None, value["amount"])
    if f.type in ("date", "datetime"):
        return Stored(exact, None, date.fromisoformat(value[:10]), value)
    if f.type == "checkbox":
        return Stored(exact, Decimal(int(value)), None, "true" if value else "false")
    if f.type == "multichoice":
        return Stored(exact, None, None, "," + ",".join(v.casefold() for v in value) + ",")
    if f.type == "table":
        text = " ".join(str(v) for row in value for v in row.values() if v is not None)
        return Stored(exact, None, None, text.casefold())
    return Stored(exact, None, None, str(value).casefold())


def comparable(f: FieldDef, value: Any) -> Any:
    """A stored value as the filter evaluator compares it (routing and approval conditions)."""
    if value is None:
        return None
    if f.type == "number":
        return Decimal(str(value))
    if f.type == "money":
        return Decimal(value["amount"])
    if f.type in ("date", "datetime"):
        return date.fromisoformat(value[:10])
    return value


def missing_required(form: FormDef, values: dict[str, Any], status: str) -> list[FieldDef]:
    """Required fields still empty at `status` (some are required only from a status on)."""
    order = form.workflow.keys()
    position = order.index(status) if status in order else 0
    missing = []
    for f in form.fields:
        needed = f.required or (
            f.required_from is not None and position >= order.index(f.required_from)
        )
        if needed and values.get(f.key) in (None, "", []):
            missing.append(f)
    return missing
