"""One email's bytes → one call to `services.inbound` (task, comment, note, skip or quarantine).

This is where the channel's rules live: which task a reply belongs to, what an automatic
message may do, how a reused Message-ID is told apart from a second copy. It knows nothing of
IMAP, so `tt quarantine retry` and the poller share it. Every path ends in exactly one
committed dedupe record (or an exception that leaves nothing behind), which is what lets the
poller mark the message at the server afterwards.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from teamtask.channels.autoreply import AutoKind
from teamtask.channels.compose import subject_task_id
from teamtask.channels.email_config import EmailAccount
from teamtask.channels.mime import ParsedMail, UnparseableMessage, parse_message
from teamtask.db import EnvironmentProblem
from teamtask.services import inbound, outbox
from teamtask.services.context import Context
from teamtask.services.inbound import Inbound, Sender

CHANNEL = "email"
NOTE_TEXT_CHARS = 4000  # an auto-reply's text is context, not content: keep notes short
# DSN actions that mean the reply will never arrive; `delayed`/`relayed`/`delivered` do not.
FINAL_BOUNCE_ACTIONS = {"failed", None}


@dataclass
class Outcome:
    kind: str  # task | comment | note | skipped | duplicate | quarantined
    task_id: int | None = None
    reason: str | None = None  # why it was quarantined or skipped
    warning: str | None = None  # imported, but someone should know (reused Message-ID)
    automatic: bool = False  # an auto-reply, bounce or our own mail: counted as skipped


def import_message(
    ctx: Context,
    account: EmailAccount,
    raw: bytes,
    *,
    location: dict[str, Any] | None = None,
    max_bytes: int | None = None,
) -> Outcome:
    """Parse and import one message; `max_bytes` None means no size limit (an explicit retry)."""
    try:
        parsed = parse_message(raw, max_bytes=max_bytes)
    except UnparseableMessage as exc:
        return _quarantine_bytes(ctx, account, raw, f"not an email: {exc}", raw, location)
    return import_parsed(ctx, account, parsed, raw, location=location)


def quarantine_oversize(
    ctx: Context, account: EmailAccount, header: bytes, size: int, location: dict[str, Any]
) -> Outcome:
    """Too big to fetch: record it from its header alone; the message stays on the server."""
    reason = f"message too large: {size} bytes, limit {account.max_message_bytes}"
    try:
        parsed = parse_message(header)
    except UnparseableMessage:
        return _quarantine_bytes(ctx, account, header, reason, None, location)
    key, warning = dedupe_key(ctx, account, parsed)
    if key is None:
        return Outcome("duplicate")
    message = _inbound(account, parsed, location, key=key, warning=warning)
    return _quarantine(ctx, message, reason, None)


def import_parsed(
    ctx: Context,
    account: EmailAccount,
    parsed: ParsedMail,
    raw: bytes,
    *,
    location: dict[str, Any] | None = None,
) -> Outcome:
    key, warning = dedupe_key(ctx, account, parsed)
    if key is None:
        return Outcome("duplicate")
    message = _inbound(account, parsed, location, key=key, warning=warning)
    if parsed.problem:
        too_big = parsed.problem.startswith("message too large")
        return _quarantine(ctx, message, parsed.problem, None if too_big else raw)
    try:
        if parsed.is_ours:  # before `auto`: our replies carry X-Auto-Response-Suppress
            return _automatic(ctx, message, None, "our own mail")
        if parsed.auto is not None:
            return _automatic(ctx, message, parsed, parsed.auto_reason or str(parsed.auto))
        message.sender = Sender(name=parsed.from_name or "", email=parsed.from_address)
        message.thread_task_id = thread_of(ctx, parsed)
        message.subject = parsed.title
        if message.thread_task_id is None:
            message.body = parsed.text
        else:  # a follow-up: the new text only, unless that left nothing
            message.body = parsed.text_without_quotes or parsed.text
        message.group, message.form = account.group, account.form
        _attach(ctx, message, parsed)
        done = inbound.ingest(ctx, message)
    except EnvironmentProblem:
        raise  # the database is gone: stop the run, the message stays for the next one
    except Exception as exc:  # a bug or a rule must not block the mailbox: keep the bytes
        return _quarantine(ctx, message, f"cannot import: {exc}"[:500], raw)
    return Outcome(done.kind, done.task_id, warning=warning)


def dedupe_key(
    ctx: Context, account: EmailAccount, parsed: ParsedMail
) -> tuple[str | None, str | None]:
    """(key, warning); key None when this very message was seen before.

    A Message-ID seen with other content is a broken mailer reusing ids, not a copy: the
    message gets its own key (id + content hash) and a warning, and is never dropped.
    """
    if parsed.message_id is None:
        key = parsed.dedupe_key  # sha256 of the bytes
        return (
            (None, None) if inbound.already_seen(ctx, CHANNEL, account.name, key) else (key, None)
        )
    seen = ctx.db.scalar(
        "SELECT content_sha256 FROM inbound_messages WHERE channel = ? AND account = ?"
        " AND dedupe_key = ?",
        (CHANNEL, account.name, parsed.message_id),
    )
    if seen is None:
        return parsed.message_id, None
    fingerprint = content_fingerprint(parsed)
    if seen == fingerprint:
        return None, None
    key = f"{parsed.message_id} sha256:{fingerprint}"
    if inbound.already_seen(ctx, CHANNEL, account.name, key):
        return None, None
    return key, f"Message-ID {parsed.message_id} was reused by a different message"


def content_fingerprint(parsed: ParsedMail) -> str:
    """What a person sees (sender, date, subject, text, files), not the bytes: the same mail
    delivered twice gains different Received headers but is still the same mail."""
    digest = hashlib.sha256()
    for part in (
        parsed.from_address or "",
        parsed.date.isoformat() if parsed.date else "",
        parsed.subject,
        parsed.text,
    ):
        digest.update(part.encode("utf-8", "replace") + b"\x00")
    for attachment in parsed.attachments:
        digest.update(hashlib.sha256(attachment.data).digest())
    return digest.hexdigest()


def thread_of(ctx: Context, parsed: ParsedMail, *, extra_ids: tuple[str, ...] = ()) -> int | None:
    """The task this mail continues: a `[#ID]` tag, but only from that task's requester or
    participants (anyone may type a number); then the Message-IDs it answers. A stranger who
    answers one of our mails (a colleague in Cc replying to all) is in the thread by
    In-Reply-To even though the tag alone would not let them in."""
    tagged = subject_task_id(parsed.subject)
    if (
        tagged is not None
        and parsed.from_address
        and inbound.is_participant(ctx, tagged, parsed.from_address)
    ):
        return tagged
    ids = [*extra_ids, parsed.in_reply_to or "", *reversed(parsed.references)]
    return inbound.task_for_external_ids(ctx, [i for i in ids if i])


def _automatic(ctx: Context, message: Inbound, parsed: ParsedMail | None, reason: str) -> Outcome:
    """No task, no reply; an internal note when it belongs to a known task."""
    message.internal = True
    message.sender = Sender()  # no contact for MAILER-DAEMON or a vacation robot
    if parsed is not None:
        bounced = parsed.bounce_message_ids if parsed.auto is AutoKind.BOUNCE else ()
        if bounced and parsed.bounce_action in FINAL_BOUNCE_ACTIONS:
            # Before ingest and idempotent: a crash in between redoes both on the next run.
            outbox.fail_by_external_id(
                ctx, list(bounced), f"bounced: {parsed.bounce_reason or reason}"
            )
        message.thread_task_id = thread_of(ctx, parsed, extra_ids=bounced)
        text = (parsed.text_without_quotes or parsed.text)[:NOTE_TEXT_CHARS]
        label = "Delivery report" if parsed.auto is AutoKind.BOUNCE else "Automatic message"
        details = parsed.bounce_reason if parsed.auto is AutoKind.BOUNCE else None
        heading = f"{label} ({reason}) from {parsed.from_address or 'unknown'}"
        message.body = "\n\n".join(part for part in (heading, details, text) if part)
    done = inbound.ingest(ctx, message)
    return Outcome(done.kind, done.task_id, reason=reason, automatic=done.kind != "duplicate")


def _attach(ctx: Context, message: Inbound, parsed: ParsedMail) -> None:
    """Files over the attachment limit are named in a note instead of failing the import."""
    limit = ctx.settings.attachment_limit
    for attachment in parsed.attachments:
        if attachment.size > limit:
            message.skipped_attachments.append(
                f"{attachment.filename} ({attachment.size:,} bytes, over the limit of {limit:,})"
            )
        else:
            message.attachments.append(
                (attachment.filename, attachment.content_type, attachment.data)
            )


def _inbound(
    account: EmailAccount,
    parsed: ParsedMail,
    location: dict[str, Any] | None,
    *,
    key: str,
    warning: str | None = None,
) -> Inbound:
    headers: dict[str, Any] = {}
    for name, value in parsed.headers:
        if name in headers:
            previous = headers[name]
            headers[name] = [*previous, value] if isinstance(previous, list) else [previous, value]
        else:
            headers[name] = value
    headers |= _meta(location, defects=parsed.defects, warning=warning)
    return Inbound(
        channel=CHANNEL,
        account=account.name,
        dedupe_key=key,
        sender=Sender(name=parsed.from_name or "", email=parsed.from_address),
        body="",
        subject=parsed.title,
        external_id=parsed.message_id,
        content_sha256=content_fingerprint(parsed),
        headers=headers,
    )


def _meta(
    location: dict[str, Any] | None,
    *,
    defects: tuple[str, ...] = (),
    warning: str | None = None,
) -> dict[str, Any]:
    """Our own notes next to the headers; `_` keeps them apart from real header names."""
    meta: dict[str, Any] = {}
    if location:
        meta["_imap"] = location
    if defects:
        meta["_defects"] = list(defects)
    if warning:
        meta["_warning"] = warning
    return meta


def _quarantine_bytes(
    ctx: Context,
    account: EmailAccount,
    data: bytes,
    reason: str,
    raw: bytes | None,
    location: dict[str, Any] | None,
) -> Outcome:
    """Quarantine what has no readable header: keyed by the hash of the bytes."""
    digest = hashlib.sha256(data).hexdigest()
    key = f"sha256:{digest}"
    if inbound.already_seen(ctx, CHANNEL, account.name, key):
        return Outcome("duplicate")
    message = Inbound(
        CHANNEL, account.name, key, Sender(), "", content_sha256=digest, headers=_meta(location)
    )
    return _quarantine(ctx, message, reason, raw)


def _quarantine(ctx: Context, message: Inbound, reason: str, raw: bytes | None) -> Outcome:
    inbound.quarantine(ctx, message, reason, raw)
    return Outcome("quarantined", reason=reason)
