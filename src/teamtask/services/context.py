"""The context every use case runs in: the database, the settings and who is acting."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from teamtask.config import Settings
from teamtask.db import Database, DatabaseUrl
from teamtask.domain.errors import Invalid
from teamtask.store.values import now_utc


@dataclass
class Context:
    db: Database
    settings: Settings
    user_id: int | None = None
    user_handle: str | None = None
    # Handle/name lookups are small and hot (every capture resolves @mentions); cache per run.
    _users: dict[str, int] | None = field(default=None, repr=False)
    _groups: dict[str, int] | None = field(default=None, repr=False)

    @property
    def tz(self) -> ZoneInfo:
        return self.settings.timezone

    def now(self) -> datetime:
        return now_utc()

    def local_now(self) -> datetime:
        return now_utc().astimezone(self.tz)

    # -- people lookups ----------------------------------------------------------------
    def users(self) -> dict[str, int]:
        if self._users is None:
            self._users = dict(self.db.all("SELECT handle, id FROM users"))
        return self._users

    def groups(self) -> dict[str, int]:
        if self._groups is None:
            self._groups = dict(self.db.all("SELECT name, id FROM groups"))
        return self._groups

    def forget_people(self) -> None:
        self._users = None
        self._groups = None

    def user_id_of(self, handle: str) -> int:
        handle = handle.lstrip("@")
        if handle == "me":
            if self.user_id is None:
                raise Invalid("no current user: pass --user or set TEAMTASK_USER")
            return self.user_id
        users = self.users()
        if handle in users:
            return users[handle]
        lowered = {h.lower(): i for h, i in users.items()}
        if handle.lower() in lowered:
            return lowered[handle.lower()]
        raise Invalid(f"unknown user @{handle}{suggest(handle, users)}")

    def group_id_of(self, name: str) -> int:
        groups = self.groups()
        if name in groups:
            return groups[name]
        raise Invalid(f"unknown group {name!r}{suggest(name, groups)}")

    def handle_of(self, user_id: int | None) -> str | None:
        if user_id is None:
            return None
        for handle, uid in self.users().items():
            if uid == user_id:
                return handle
        return None

    def group_name_of(self, group_id: int | None) -> str | None:
        if group_id is None:
            return None
        for name, gid in self.groups().items():
            if gid == group_id:
                return name
        return None


def suggest(word: str, candidates) -> str:
    close = difflib.get_close_matches(word, list(candidates), n=3, cutoff=0.5)
    return f"; did you mean {', '.join('@' + c for c in close)}?" if close else ""


def open_context(settings: Settings, *, migrate_embedded: bool = True) -> Context:
    """Connect, check the schema, and resolve the acting user.

    On the embedded SQLite file the schema is created on first use and the OS user is
    created on first sight, so `tt add` works on a fresh machine with no set-up. A shared
    PostgreSQL database is only bootstrapped this way while it has no users at all.
    """
    url = DatabaseUrl.parse(settings.db_url)
    db = Database(url)
    db.ensure_schema(auto_upgrade=migrate_embedded and url.dialect == "sqlite")
    ctx = Context(db=db, settings=settings)
    if not db.scalar("SELECT 1 FROM forms LIMIT 1"):
        from teamtask.services.forms import install_builtin_forms

        install_builtin_forms(ctx)
    users = ctx.users()
    handle = settings.user
    if handle in users:
        ctx.user_id, ctx.user_handle = users[handle], handle
        return ctx
    if not users or (url.dialect == "sqlite" and not settings.user_is_explicit):
        from teamtask.services.people import add_user

        add_user(ctx, handle, name=handle)
        ctx.forget_people()
        ctx.user_id, ctx.user_handle = ctx.users()[handle], handle
        return ctx
    raise Invalid(
        f"you are {handle!r}, who is not a user of this database{suggest(handle, users)}; "
        "pass --user HANDLE or ask a teammate to run `tt user add`"
    )
