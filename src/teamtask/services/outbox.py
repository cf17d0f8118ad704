"""The outbox: public replies waiting for delivery through their channel.

A delivery is claimed (`sending`) and committed before the channel sends it, then marked
`sent` with the id the channel gave it. A crash between send and mark leaves a `sending`
item; channels that can tell (email: our Message-ID) resolve it, others resend after
`STALE_SENDING` — the only case where a client may see a reply twice, never zero times.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from teamtask.domain.errors import Invalid, NotFound
from teamtask.services.context import Context
from teamtask.store.values import as_datetime, iso

MAX_ATTEMPTS = 8
STALE_SENDING = timedelta(minutes=10)


def backoff(attempts: int) -> timedelta:
    """1, 2, 4 … 64 minutes between attempts."""
    return timedelta(minutes=2 ** min(attempts - 1, 6))


@dataclass
class Delivery:
    id: int
    task_id: int
    comment_id: int
    channel: str
    recipient: str
    status: str
    attempts: int
    last_error: str | None
    body: str
    subject: str
    created_at: datetime
    sent_at: datetime | None
    external_id: str | None
    next_attempt_at: datetime | None = None

    def as_json(self, tz) -> dict[str, Any]:
        return {
            "id": self.id,
            "task": self.task_id,
            "comment": self.comment_id,
            "channel": self.channel,
            "recipient": self.recipient,
            "status": self.status,
            "attempts": self.attempts,
            "last_error": self.last_error,
            "created_at": iso(self.created_at.astimezone(tz)),
            "sent_at": iso(self.sent_at.astimezone(tz)) if self.sent_at else None,
            "next_attempt_at": iso(self.next_attempt_at.astimezone(tz))
            if self.next_attempt_at
            else None,
        }


_SELECT = (
    "SELECT o.id, o.task_id, o.comment_id, o.channel, o.recipient, o.status, o.attempts,"
    " o.last_error, c.body, t.title, o.created_at, o.sent_at, o.external_id, o.next_attempt_at"
    " FROM outbox o JOIN comments c ON c.id = o.comment_id JOIN tasks t ON t.id = o.task_id"
)


def _delivery(r: tuple) -> Delivery:
    return Delivery(
        r[0],
        r[1],
        r[2],
        r[3],
        r[4],
        r[5],
        r[6],
        r[7],
        r[8],
        r[9],
        as_datetime(r[10]),
        as_datetime(r[11]),
        r[12],
        as_datetime(r[13]),
    )  # type: ignore[arg-type]


def list_outbox(ctx: Context, status: str | None = None) -> list[Delivery]:
    if status is not None and status not in ("pending", "sending", "sent", "failed"):
        raise Invalid(
            f"unknown outbox status {status!r}: expected pending, sending, sent or failed"
        )
    where, params = ("WHERE o.status = ?", [status]) if status else ("", [])
    return [_delivery(r) for r in ctx.db.all(f"{_SELECT} {where} ORDER BY o.id", params)]


def claim_due(
    ctx: Context, channel: str, *, limit: int = 100, account: str | None = None
) -> list[Delivery]:
    """Pending items whose time has come, marked `sending` and committed before any send."""
    now = ctx.now()
    only_account, params = "", [channel, now, now - STALE_SENDING]
    if account is not None:
        only_account = " AND o.account = ?"
        params.append(account)
    with ctx.db.transaction():
        rows = ctx.db.all(
            f"{_SELECT} WHERE o.channel = ? AND ((o.status = 'pending' AND"
            " (o.next_attempt_at IS NULL OR o.next_attempt_at <= ?))"
            f" OR (o.status = 'sending' AND o.next_attempt_at <= ?)){only_account}"
            " ORDER BY o.id LIMIT ?",
            (*params, limit),
        )
        claimed = []
        for r in rows:
            # Compare-and-set on the status just read: on PostgreSQL a poller and
            # `tt outbox --retry` may read the same row; only one of them wins it.
            won = ctx.db.execute(
                "UPDATE outbox SET status = 'sending', attempts = attempts + 1,"
                " next_attempt_at = ? WHERE id = ? AND status = ? AND attempts = ?",
                (now, r[0], r[5], r[6]),
            ).rowcount
            if won == 1:
                claimed.append(r)
    return [_delivery(r) for r in claimed]


def mark_sent(ctx: Context, outbox_id: int, external_id: str | None) -> None:
    with ctx.db.transaction():
        ctx.db.execute(
            "UPDATE outbox SET status = 'sent', sent_at = ?, external_id = COALESCE(?, external_id),"
            " last_error = NULL WHERE id = ?",
            (ctx.now(), external_id, outbox_id),
        )


def set_external_id(ctx: Context, outbox_id: int, external_id: str) -> None:
    """Remember the id a message will carry before sending it, so a resend can be detected."""
    with ctx.db.transaction():
        ctx.db.execute("UPDATE outbox SET external_id = ? WHERE id = ?", (external_id, outbox_id))


def mark_failed(
    ctx: Context,
    outbox_id: int,
    error: str,
    *,
    permanent: bool = False,
    retry_after: timedelta | None = None,
) -> str:
    """Temporary failures go back to pending with backoff; permanent ones stay `failed`."""
    with ctx.db.transaction():
        attempts = int(ctx.db.scalar("SELECT attempts FROM outbox WHERE id = ?", (outbox_id,)) or 0)
        final = permanent or attempts >= MAX_ATTEMPTS
        delay = retry_after if retry_after is not None else backoff(max(attempts, 1))
        ctx.db.execute(
            "UPDATE outbox SET status = ?, last_error = ?, next_attempt_at = ? WHERE id = ?",
            (
                "failed" if final else "pending",
                error[:2000],
                None if final else ctx.now() + delay,
                outbox_id,
            ),
        )
    return "failed" if final else "pending"


def fail_by_external_id(ctx: Context, external_ids: list[str], reason: str) -> int:
    """A bounce names the Message-ID we sent: that delivery failed after all."""
    count = 0
    with ctx.db.transaction():
        for external_id in external_ids:
            count += ctx.db.execute(
                "UPDATE outbox SET status = 'failed', last_error = ? WHERE external_id = ?",
                (reason[:2000], external_id),
            ).rowcount
    return count


def retry(ctx: Context, outbox_id: int) -> Delivery:
    with ctx.db.transaction():
        row = ctx.db.one("SELECT status FROM outbox WHERE id = ?", (outbox_id,))
        if row is None:
            raise NotFound(f"outbox item {outbox_id} does not exist")
        if row[0] == "sent":
            raise Invalid(f"outbox item {outbox_id} was already sent; nothing to retry")
        ctx.db.execute(
            "UPDATE outbox SET status = 'pending', next_attempt_at = NULL, attempts = 0"
            " WHERE id = ?",
            (outbox_id,),
        )
    return next(d for d in list_outbox(ctx) if d.id == outbox_id)
