"""`tt quarantine`: the messages a poller could not import, and what a person can do with them.

Listing, showing and dropping work for every channel's records. Retrying re-reads email:
the stored bytes, or, for a message that was too big to store, the message itself from the
server (a person asking for it overrides `max_message_bytes`). A retry replaces the
quarantine record by the import's own record in one transaction, so a retry that fails again
leaves everything as it was.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from teamtask.channels.email_import import CHANNEL, Outcome, import_message
from teamtask.config import ConfigError, Settings
from teamtask.db import EnvironmentProblem
from teamtask.domain.errors import Invalid, NotFound
from teamtask.services.context import Context
from teamtask.store.values import as_datetime, iso

_COLUMNS = "id, channel, account, dedupe_key, reason, headers, received_at, status, raw"


@dataclass
class Quarantined:
    id: int
    channel: str
    account: str
    dedupe_key: str
    reason: str
    received_at: datetime
    status: str
    headers: dict[str, Any] = field(default_factory=dict)
    raw: bytes | None = field(default=None, repr=False)

    def header(self, name: str) -> str:
        value = self.headers.get(name, "")
        return value[0] if isinstance(value, list) and value else str(value or "")

    def as_json(self, tz: Any, *, with_headers: bool = False) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "channel": self.channel,
            "account": self.account,
            "status": self.status,
            "reason": self.reason,
            "from": self.header("From"),
            "subject": self.header("Subject"),
            "message_id": self.header("Message-ID") or None,
            "received_at": iso(self.received_at.astimezone(tz)),
            "raw_bytes": len(self.raw) if self.raw is not None else None,
        }
        if with_headers:
            data["headers"] = self.headers
        return data


def _record(row: tuple) -> Quarantined:
    headers = json.loads(row[5]) if row[5] else {}
    return Quarantined(
        id=row[0],
        channel=row[1],
        account=row[2],
        dedupe_key=row[3],
        reason=row[4] or "",
        headers=headers if isinstance(headers, dict) else {},
        received_at=as_datetime(row[6]),  # type: ignore[arg-type]
        status=row[7],
        raw=bytes(row[8]) if row[8] is not None else None,
    )


def list_quarantined(ctx: Context) -> list[Quarantined]:
    rows = ctx.db.all(
        f"SELECT {_COLUMNS} FROM inbound_messages WHERE status = 'quarantined' ORDER BY id"
    )
    return [_record(row) for row in rows]


def get_quarantined(ctx: Context, record_id: int) -> Quarantined:
    row = ctx.db.one(
        f"SELECT {_COLUMNS} FROM inbound_messages WHERE id = ? AND status = 'quarantined'",
        (record_id,),
    )
    if row is None:
        raise NotFound(f"quarantine has no message {record_id}")
    return _record(row)


def drop(ctx: Context, record_id: int) -> None:
    """Forget the bytes but keep the dedupe record: the message must not come back on a
    rescan of the folder."""
    from teamtask.services.inbound import drop_quarantined

    get_quarantined(ctx, record_id)
    drop_quarantined(ctx, record_id)


class StillQuarantined(Exception):
    """The retry failed the same way (or another): nothing changed."""


def retry(ctx: Context, settings: Settings, record_id: int) -> Outcome:
    """Import a quarantined email again; raise StillQuarantined with the reason if it fails."""
    from teamtask.channels.email_config import accounts

    record = get_quarantined(ctx, record_id)
    if record.channel != CHANNEL:
        raise Invalid(f"quarantine {record_id} came from {record.channel}; retry handles email")
    account = accounts(settings).get(record.account)
    if account is None:
        raise ConfigError(f"email account {record.account!r} is no longer configured")
    where = record.headers.get("_imap") if isinstance(record.headers.get("_imap"), dict) else None
    if record.raw is not None:
        return _replace(ctx, account, record, record.raw, where)
    if where is None:
        raise Invalid(f"quarantine {record_id} kept no bytes and no server location to fetch")
    from teamtask.channels.email_imap import ImapError, session

    try:
        with session(account) as mailbox:
            uid = int(where["uid"])
            if mailbox.uidvalidity != where.get("uidvalidity"):
                raise ImapError("the folder was renumbered since; the UID is no longer valid")
            raw = mailbox.bodies([uid]).get(uid)
            if raw is None:
                raise ImapError(f"message UID {uid} is no longer in {account.folder!r}")
            outcome = _replace(ctx, account, record, raw, where)
            mailbox.mark_done([uid])  # after the commit, as the poller does
            return outcome
    except ImapError as exc:
        raise EnvironmentProblem(f"{account.name}: {exc}") from None


def _replace(
    ctx: Context, account: Any, record: Quarantined, raw: bytes, where: dict[str, Any] | None
) -> Outcome:
    from teamtask.services.inbound import release_quarantined

    try:
        with ctx.db.transaction():
            # The import writes its own record under the same key; drop ours in the same
            # transaction so that a failure rolls both back.
            release_quarantined(ctx, record.id)
            outcome = import_message(ctx, account, raw, location=where, max_bytes=None)
            if outcome.kind == "quarantined":
                raise StillQuarantined(outcome.reason or "quarantined again")
    except (StillQuarantined, EnvironmentProblem):
        raise
    except Exception as exc:  # the import broke the transaction itself (PostgreSQL aborts it)
        raise StillQuarantined(f"cannot import: {exc}") from None
    return outcome
