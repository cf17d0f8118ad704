"""A message from a channel (email, Telegram, …) becomes a new task or a comment on one.

Pollers parse their protocol, decide nothing about tasks, and call `ingest` once per
message. `ingest` commits the task or comment, the attachments and the dedupe record in one
transaction, so a poller that is killed before it marks the message at the source simply
sees `duplicate` on its next run: every message is imported exactly once.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from teamtask.services import history
from teamtask.services.context import Context

FOLLOW_UP_STATUS = {"support": "waiting_support"}


@dataclass
class Sender:
    name: str = ""
    email: str | None = None
    telegram_chat_id: int | None = None
    telegram_username: str | None = None


@dataclass
class Inbound:
    channel: str
    account: str
    dedupe_key: str
    sender: Sender
    body: str
    subject: str | None = None
    external_id: str | None = None  # Message-ID, "chat:message" …: for threading replies
    content_sha256: str | None = None
    thread_task_id: int | None = None  # decided by the channel's threading rules
    internal: bool = False  # auto-replies and bounces: kept as internal notes only
    attachments: list[tuple[str, str, bytes]] = field(default_factory=list)
    skipped_attachments: list[str] = field(default_factory=list)  # reasons, for a note
    headers: dict[str, Any] | None = None
    group: str | None = None
    form: str | None = None
    link_task_id: int | None = None  # a previous conversation, linked as parent


@dataclass
class Ingested:
    kind: str  # "task" | "comment" | "note" | "duplicate" | "skipped"
    task_id: int | None
    comment_id: int | None = None


def already_seen(ctx: Context, channel: str, account: str, dedupe_key: str) -> bool:
    return bool(
        ctx.db.scalar(
            "SELECT 1 FROM inbound_messages WHERE channel = ? AND account = ? AND dedupe_key = ?",
            (channel, account, dedupe_key),
        )
    )


def contact_id(ctx: Context, sender: Sender) -> int | None:
    """Match the sender to a contact (by address or chat id), creating one on first contact."""
    db = ctx.db
    if sender.email:
        email = sender.email.lower()
        found = db.scalar("SELECT id FROM contacts WHERE email = ?", (email,))
        if found:
            return int(found)
        return db.insert(
            "INSERT INTO contacts (name, email, created_at) VALUES (?, ?, ?)",
            (sender.name or email.split("@")[0], email, ctx.now()),
        )
    if sender.telegram_chat_id is not None:
        found = db.scalar(
            "SELECT id FROM contacts WHERE telegram_chat_id = ?", (sender.telegram_chat_id,)
        )
        if found:
            if sender.telegram_username:
                db.execute(
                    "UPDATE contacts SET telegram_username = ? WHERE id = ?",
                    (sender.telegram_username, found),
                )
            return int(found)
        return db.insert(
            "INSERT INTO contacts (name, telegram_chat_id, telegram_username, created_at)"
            " VALUES (?, ?, ?, ?)",
            (
                sender.name or sender.telegram_username or str(sender.telegram_chat_id),
                sender.telegram_chat_id,
                sender.telegram_username,
                ctx.now(),
            ),
        )
    return None


def record_seen(
    ctx: Context,
    message: Inbound,
    *,
    status: str,
    task_id: int | None,
    comment_id: int | None = None,
    reason: str | None = None,
    raw: bytes | None = None,
) -> None:
    ctx.db.execute(
        "INSERT INTO inbound_messages (channel, account, dedupe_key, external_id, content_sha256,"
        " task_id, comment_id, status, reason, headers, raw, received_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            message.channel,
            message.account,
            message.dedupe_key,
            message.external_id,
            message.content_sha256,
            task_id,
            comment_id,
            status,
            reason,
            json.dumps(message.headers, ensure_ascii=False) if message.headers else None,
            raw,
            ctx.now(),
        ),
    )


def ingest(ctx: Context, message: Inbound) -> Ingested:
    from teamtask.services.attachments import store_attachment
    from teamtask.services.comments import insert_comment
    from teamtask.services.tasks import NewTask, TaskChanges, create_task, edit_task, task_row

    with ctx.db.transaction():
        if already_seen(ctx, message.channel, message.account, message.dedupe_key):
            return Ingested("duplicate", None)
        requester = contact_id(ctx, message.sender)
        thread = task_row(ctx.db, message.thread_task_id) if message.thread_task_id else None
        body = message.body.strip() or "(no text)"
        if thread is None and message.internal:
            record_seen(ctx, message, status="skipped", task_id=None, reason="automatic message")
            return Ingested("skipped", None)
        if thread is None:
            created = create_task(
                ctx,
                NewTask(
                    title=(message.subject or body.splitlines()[0])[:200].strip() or "(no subject)",
                    description=message.body.strip(),
                    group=message.group if message.group in ctx.groups() else None,
                    form=message.form,
                    channel=message.channel,
                    requester_id=requester,
                    parent=message.link_task_id,
                    from_requester=requester is not None,
                ),
            )
            task_id, comment_id, kind = created.id, None, "task"
        else:
            task_id = thread["id"]
            comment_id = insert_comment(
                ctx,
                task_id,
                body,
                public=not message.internal,
                channel=message.channel,
                author_contact_id=None if message.internal else requester,
                external_id=message.external_id,
            )
            kind = "note" if message.internal else "comment"
            history.record(
                ctx,
                task_id,
                "auto-reply noted" if message.internal else "client replied",
                note=f"via {message.channel}",
                actor_contact_id=None if message.internal else requester,
            )
            if not message.internal:
                _wake_up(ctx, thread, edit_task, TaskChanges)
            else:
                history.touch(ctx, task_id)
        skipped = list(message.skipped_attachments)
        limit = ctx.settings.attachment_limit
        for name, content_type, data in message.attachments:
            if len(data) > limit:  # the message goes in; only the file stays out
                skipped.append(f"{name}: {len(data):,} bytes, over the limit of {limit:,}")
                continue
            store_attachment(
                ctx, task_id, name, data, content_type=content_type, comment_id=comment_id
            )
        if skipped:
            insert_comment(
                ctx,
                task_id,
                "Not attached: " + "; ".join(skipped),
                public=False,
                channel=message.channel,
            )
        # The record's external_id also threads later replies (In-Reply-To) to this task.
        record_seen(ctx, message, status="imported", task_id=task_id, comment_id=comment_id)
    return Ingested(kind, task_id, comment_id)


def edit_from_channel(
    ctx: Context, channel: str, account: str, external_id: str, body: str
) -> bool:
    """A client edited a message: update what it became (comment or task description).

    Returns False when nothing changed, so an edit that only touched formatting writes
    no history.
    """
    body = body.strip()
    with ctx.db.transaction():
        row = ctx.db.one(
            "SELECT task_id, comment_id FROM inbound_messages WHERE channel = ? AND account = ?"
            " AND external_id = ? AND status = 'imported' ORDER BY id LIMIT 1",
            (channel, account, external_id),
        )
        if row is None:
            return False
        task_id, comment_id = row
        if comment_id is not None:
            old = ctx.db.scalar("SELECT body FROM comments WHERE id = ?", (comment_id,))
            if old == body:
                return False
            ctx.db.execute(
                "UPDATE comments SET body = ?, edited_at = ? WHERE id = ?",
                (body, ctx.now(), comment_id),
            )
            history.record(ctx, task_id, "comment edited", {"comment": (old, body)}, as_user=False)
            history.touch(ctx, task_id)
            return True
        old = ctx.db.scalar("SELECT description FROM tasks WHERE id = ?", (task_id,))
        if old == body:
            return False
        from teamtask.services.tasks import TaskChanges, edit_task

        edit_task(ctx, task_id, TaskChanges(description=body), action="edited by client")
        return True


def _wake_up(ctx: Context, row: dict[str, Any], edit_task, TaskChanges) -> None:
    """A client's reply puts the ball back in support's court; a closed task reopens."""
    from teamtask.services.tasks import workflow_of

    target = FOLLOW_UP_STATUS.get(row["form_key"] or "")
    workflow = workflow_of(ctx, row["form_key"], row["form_version"])
    if target is None or target not in workflow.keys():  # noqa: SIM118 (Workflow is no dict)
        target = workflow.reopen_status.key if row["closed"] else None
    if target and target != row["status"]:
        edit_task(
            ctx,
            row["id"],
            TaskChanges(status=target),
            action="reopened" if row["closed"] else "client replied",
        )
    else:
        history.touch(ctx, row["id"])


def quarantine(ctx: Context, message: Inbound, reason: str, raw: bytes | None) -> None:
    """Keep what could not be imported, with the reason; the rest of the mailbox goes on."""
    with ctx.db.transaction():
        if already_seen(ctx, message.channel, message.account, message.dedupe_key):
            return
        record_seen(ctx, message, status="quarantined", task_id=None, reason=reason, raw=raw)


def drop_quarantined(ctx: Context, record_id: int) -> bool:
    """Forget a quarantined message's bytes but keep its dedupe record, so that a rescan of
    the source never brings it back."""
    with ctx.db.transaction():
        return bool(
            ctx.db.execute(
                "UPDATE inbound_messages SET status = 'dropped', raw = NULL WHERE id = ?"
                " AND status = 'quarantined'",
                (record_id,),
            ).rowcount
        )


def release_quarantined(ctx: Context, record_id: int) -> None:
    """Let a quarantined message be imported again: call inside the retry's transaction, so
    that a failed retry rolls back and the message stays in quarantine."""
    ctx.db.execute(
        "DELETE FROM inbound_messages WHERE id = ? AND status = 'quarantined'", (record_id,)
    )


def task_for_external_ids(ctx: Context, ids: list[str]) -> int | None:
    """The task a reply belongs to, by the Message-IDs we received or sent (newest first)."""
    ids = [i for i in ids if i]
    if not ids:
        return None
    marks = ",".join("?" * len(ids))
    for sql in (
        f"SELECT task_id FROM outbox WHERE external_id IN ({marks}) ORDER BY id DESC LIMIT 1",
        f"SELECT task_id FROM inbound_messages WHERE external_id IN ({marks})"
        " AND task_id IS NOT NULL ORDER BY id DESC LIMIT 1",
        f"SELECT task_id FROM comments WHERE external_id IN ({marks}) ORDER BY id DESC LIMIT 1",
    ):
        found = ctx.db.scalar(sql, ids)
        if found:
            return int(found)
    return None


def is_participant(ctx: Context, task_id: int, email: str) -> bool:
    """May this address thread into the task by quoting [#ID]? Requester, or a team member on it."""
    email = email.lower()
    if ctx.db.scalar(
        "SELECT 1 FROM tasks t JOIN contacts c ON c.id = t.requester_id WHERE t.id = ? AND c.email = ?",
        (task_id, email),
    ):
        return True
    return bool(
        ctx.db.scalar(
            "SELECT 1 FROM tasks t JOIN users u ON u.email = ? WHERE t.id = ? AND (u.id = t.assignee_id"
            " OR u.id = t.author_id OR u.id IN (SELECT w.user_id FROM task_watchers w WHERE w.task_id = t.id))",
            (email, task_id),
        )
    )


def open_task_for_chat(ctx: Context, chat_id: int) -> int | None:
    found = ctx.db.scalar(
        "SELECT t.id FROM tasks t JOIN contacts c ON c.id = t.requester_id"
        " WHERE c.telegram_chat_id = ? AND t.channel = 'telegram' AND t.closed = ?"
        " ORDER BY t.id DESC LIMIT 1",
        (chat_id, False),
    )
    return int(found) if found else None


def last_task_for_chat(ctx: Context, chat_id: int) -> int | None:
    found = ctx.db.scalar(
        "SELECT t.id FROM tasks t JOIN contacts c ON c.id = t.requester_id"
        " WHERE c.telegram_chat_id = ? AND t.channel = 'telegram' ORDER BY t.id DESC LIMIT 1",
        (chat_id,),
    )
    return int(found) if found else None


def get_cursor(ctx: Context, channel: str, account: str) -> dict[str, Any] | None:
    value = ctx.db.scalar(
        "SELECT value FROM poller_cursors WHERE channel = ? AND account = ?", (channel, account)
    )
    return None if value is None else json.loads(value)


def set_cursor(ctx: Context, channel: str, account: str, value: dict[str, Any]) -> None:
    with ctx.db.transaction():
        ctx.db.execute(
            "INSERT INTO poller_cursors (channel, account, value, updated_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (channel, account) DO UPDATE SET value = excluded.value,"
            " updated_at = excluded.updated_at",
            (channel, account, json.dumps(value), ctx.now()),
        )
