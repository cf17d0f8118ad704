"""Comments: internal notes by default; public ones go to the requester through the outbox."""

from __future__ import annotations

from dataclasses import dataclass

from teamtask.domain.errors import Invalid
from teamtask.services import history
from teamtask.services.context import Context
from teamtask.services.tasks import require_row


@dataclass
class Posted:
    comment_id: int
    outbox_id: int | None  # set when a public reply was queued for delivery
    recipient: str | None


def insert_comment(
    ctx: Context,
    task_id: int,
    body: str,
    *,
    public: bool,
    channel: str = "cli",
    author_contact_id: int | None = None,
    external_id: str | None = None,
) -> int:
    """Write the comment row only; callers hold the transaction and write history."""
    return ctx.db.insert(
        "INSERT INTO comments (task_id, author_user_id, author_contact_id, body, public, channel,"
        " external_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            task_id,
            None if author_contact_id is not None else ctx.user_id,
            author_contact_id,
            body,
            public,
            channel,
            external_id,
            ctx.now(),
        ),
    )


def reply_recipient(ctx: Context, task_id: int) -> tuple[str, str] | None:
    """Where a public reply on this task goes: (channel, recipient), or None if nowhere."""
    row = ctx.db.one(
        "SELECT t.channel, c.email, c.telegram_chat_id FROM tasks t "
        "JOIN contacts c ON c.id = t.requester_id WHERE t.id = ?",
        (task_id,),
    )
    if row is None:
        return None
    channel, email, chat_id = row
    if channel == "telegram" and chat_id is not None:
        return "telegram", str(chat_id)
    if email:
        return "email", email
    if chat_id is not None:
        return "telegram", str(chat_id)
    return None


def add_comment(ctx: Context, task_id: int, body: str, *, public: bool = False) -> Posted:
    body = body.strip()
    if not body:
        raise Invalid("a comment needs some text")
    with ctx.db.transaction():
        row = require_row(ctx, task_id)
        comment_id = insert_comment(ctx, task_id, body, public=public)
        outbox_id = recipient = None
        if public:
            target = reply_recipient(ctx, task_id)
            if target is not None:
                channel, recipient = target
                # Reply from the mailbox (or bot) the conversation came in through.
                account = ctx.db.scalar(
                    "SELECT account FROM inbound_messages WHERE task_id = ? AND channel = ?"
                    " AND status = 'imported' ORDER BY id LIMIT 1",
                    (task_id, channel),
                )
                outbox_id = ctx.db.insert(
                    "INSERT INTO outbox (comment_id, task_id, channel, account, recipient, status,"
                    " attempts, created_at) VALUES (?, ?, ?, ?, ?, 'pending', 0, ?)",
                    (comment_id, task_id, channel, account, recipient, ctx.now()),
                )
        history.record(
            ctx, task_id, "commented", note=f"{'public' if public else 'internal'} #{comment_id}"
        )
        history.touch(ctx, task_id)
        if row["form_key"]:
            from teamtask.services.forms import after_change

            after_change(ctx, task_id)
    return Posted(comment_id, outbox_id, recipient)
