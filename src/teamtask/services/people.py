"""Users, groups and contacts (external requesters)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from teamtask.domain.errors import Conflict, Invalid, NotFound
from teamtask.services.context import Context

HANDLE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _check_name(kind: str, name: str) -> str:
    name = name.strip().lstrip("@")
    if not HANDLE.match(name):
        raise Invalid(
            f"{kind} {name!r} is not valid: use letters, digits, '_', '.', '-' (up to 64)"
        )
    return name


def add_user(
    ctx: Context,
    handle: str,
    *,
    name: str = "",
    email: str | None = None,
    telegram: str | None = None,
    contractor: bool = False,
    rate: str | Decimal | None = None,
) -> int:
    handle = _check_name("handle", handle)
    if handle in ("me", "none"):
        raise Invalid(f"{handle!r} is reserved in filters and cannot be a handle")
    if email is not None and not EMAIL.match(email):
        raise Invalid(f"{email!r} is not an email address")
    rate_value = None
    if rate is not None:
        try:
            rate_value = Decimal(str(rate))
        except InvalidOperation:
            raise Invalid(f"rate {rate!r} is not a number") from None
        if rate_value < 0:
            raise Invalid("a rate cannot be negative")
    with ctx.db.transaction():
        if ctx.db.scalar("SELECT 1 FROM users WHERE handle = ?", (handle,)):
            raise Conflict(f"user @{handle} already exists")
        if ctx.db.scalar("SELECT 1 FROM groups WHERE name = ?", (handle,)):
            raise Conflict(f"{handle!r} is already a group name; @{handle} would be ambiguous")
        user_id = ctx.db.insert(
            "INSERT INTO users (handle, name, email, telegram, kind, rate, active, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                handle,
                name or handle,
                email,
                telegram.lstrip("@") if telegram else None,
                "contractor" if contractor else "member",
                rate_value,
                True,
                ctx.now(),
            ),
        )
    ctx.forget_people()
    return user_id


@dataclass
class UserInfo:
    handle: str
    name: str
    email: str | None
    telegram: str | None
    kind: str
    rate: Decimal | None
    active: bool
    groups: list[str]

    def as_json(self) -> dict:
        return {
            "handle": self.handle,
            "name": self.name,
            "email": self.email,
            "telegram": self.telegram,
            "kind": self.kind,
            "rate": str(self.rate) if self.rate is not None else None,
            "active": self.active,
            "groups": self.groups,
        }


def list_users(ctx: Context) -> list[UserInfo]:
    memberships: dict[int, list[str]] = {}
    for user_id, group in ctx.db.all(
        "SELECT m.user_id, g.name FROM group_members m JOIN groups g ON g.id = m.group_id"
        " ORDER BY g.name"
    ):
        memberships.setdefault(user_id, []).append(group)
    rows = ctx.db.all(
        "SELECT id, handle, name, email, telegram, kind, rate, active FROM users ORDER BY handle"
    )
    return [
        UserInfo(
            handle=r[1],
            name=r[2],
            email=r[3],
            telegram=r[4],
            kind=r[5],
            rate=Decimal(str(r[6])).quantize(Decimal("0.01")) if r[6] is not None else None,
            active=bool(r[7]),
            groups=memberships.get(r[0], []),
        )
        for r in rows
    ]


def add_group(ctx: Context, name: str, *, title: str = "", members: list[str] = ()) -> int:
    name = _check_name("group name", name)
    member_ids = [ctx.user_id_of(h) for h in members]
    with ctx.db.transaction():
        if ctx.db.scalar("SELECT 1 FROM groups WHERE name = ?", (name,)):
            raise Conflict(f"group {name!r} already exists")
        if ctx.db.scalar("SELECT 1 FROM users WHERE handle = ?", (name,)):
            raise Conflict(f"{name!r} is already a user handle; @{name} would be ambiguous")
        group_id = ctx.db.insert(
            "INSERT INTO groups (name, title, created_at) VALUES (?, ?, ?)",
            (name, title or name, ctx.now()),
        )
        for user_id in member_ids:
            ctx.db.execute(
                "INSERT INTO group_members (group_id, user_id) VALUES (?, ?)", (group_id, user_id)
            )
    ctx.forget_people()
    return group_id


def list_groups(ctx: Context) -> list[dict]:
    members: dict[str, list[str]] = {}
    for group, handle in ctx.db.all(
        "SELECT g.name, u.handle FROM group_members m JOIN groups g ON g.id = m.group_id"
        " JOIN users u ON u.id = m.user_id ORDER BY u.handle"
    ):
        members.setdefault(group, []).append(handle)
    return [
        {"name": name, "title": title, "members": members.get(name, [])}
        for name, title in ctx.db.all("SELECT name, title FROM groups ORDER BY name")
    ]


def change_members(ctx: Context, group: str, *, add: list[str], remove: list[str]) -> list[str]:
    group_id = ctx.group_id_of(group)
    add_ids = [ctx.user_id_of(h) for h in add]
    remove_ids = [ctx.user_id_of(h) for h in remove]
    with ctx.db.transaction():
        for user_id in add_ids:
            ctx.db.execute(
                "INSERT INTO group_members (group_id, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                (group_id, user_id),
            )
        for user_id in remove_ids:
            ctx.db.execute(
                "DELETE FROM group_members WHERE group_id = ? AND user_id = ?", (group_id, user_id)
            )
    return [
        r[0]
        for r in ctx.db.all(
            "SELECT u.handle FROM group_members m JOIN users u ON u.id = m.user_id"
            " WHERE m.group_id = ? ORDER BY u.handle",
            (group_id,),
        )
    ]


def contact_for(
    ctx: Context,
    address: str,
    *,
    name: str = "",
    telegram_chat_id: int | None = None,
    organisation: str | None = None,
) -> int:
    """Find or create the contact for an email address or `@telegram` username."""
    address = address.strip()
    if address.startswith("@"):
        username = address[1:]
        found = ctx.db.scalar("SELECT id FROM contacts WHERE telegram_username = ?", (username,))
        if found:
            return int(found)
        return ctx.db.insert(
            "INSERT INTO contacts (name, telegram_username, telegram_chat_id, organisation,"
            " created_at) VALUES (?, ?, ?, ?, ?)",
            (name or username, username, telegram_chat_id, organisation, ctx.now()),
        )
    if not EMAIL.match(address):
        raise Invalid(f"requester {address!r} is neither an email address nor a @telegram name")
    email = address.lower()
    found = ctx.db.scalar("SELECT id FROM contacts WHERE email = ?", (email,))
    if found:
        return int(found)
    return ctx.db.insert(
        "INSERT INTO contacts (name, email, organisation, created_at) VALUES (?, ?, ?, ?)",
        (name or email.split("@")[0], email, organisation, ctx.now()),
    )


def list_contacts(ctx: Context) -> list[dict]:
    return [
        {
            "id": r[0],
            "name": r[1],
            "email": r[2],
            "telegram": r[3],
            "telegram_chat_id": r[4],
            "organisation": r[5],
            "tasks": r[6],
        }
        for r in ctx.db.all(
            "SELECT c.id, c.name, c.email, c.telegram_username, c.telegram_chat_id,"
            " c.organisation, (SELECT count(*) FROM tasks t WHERE t.requester_id = c.id)"
            " FROM contacts c ORDER BY c.name, c.id"
        )
    ]


def require_user(ctx: Context, handle: str) -> int:
    try:
        return ctx.user_id_of(handle)
    except Invalid as exc:
        raise NotFound(str(exc)) from None
