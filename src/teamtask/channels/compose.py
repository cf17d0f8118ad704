"""Build the email that carries a public comment back to the client.

The reply must thread in the client's mail program (In-Reply-To, References), carry the task
tag that routes the client's next answer back to the task (`[#ID]` in the subject), and carry
our loop header so that the poller never imports our own mail.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime
from email import policy as email_policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from teamtask.channels.autoreply import LOOP_HEADER
from teamtask.channels.mime import normalize_message_id

__all__ = ["compose_reply", "strip_reply_prefixes", "subject_task_id", "tag_subject"]

# SMTP line endings, and never 8bit bodies: not every relay announces 8BITMIME.
_POLICY = email_policy.SMTP.clone(cte_type="7bit")

_TASK_TAG = re.compile(r"\[#(\d{1,12})\]")
# Reply and forward prefixes that mail programs stack up: English, Russian Outlook ("Ответ:",
# "На:"), German ("AW:", "WG:"), counted ("Re[2]:", "Re(3):").
_REPLY_PREFIX = re.compile(
    r"^\s*(re|fwd?|aw|wg|sv|ответ|на|отв|пересл)\s*(\[\d+\]|\(\d+\))?\s*:\s*", re.IGNORECASE
)
MAX_REFERENCES = 20


def subject_task_id(subject: str | None) -> int | None:
    """The task id from a `[#ID]` tag; the last tag wins (ours is appended at the end)."""
    tags = _TASK_TAG.findall(subject or "")
    return int(tags[-1]) if tags else None


def strip_reply_prefixes(subject: str) -> str:
    """`Re: RE: Fwd: Ответ: Тема` → `Тема`."""
    previous = None
    while previous != subject:
        previous, subject = subject, _REPLY_PREFIX.sub("", subject, count=1)
    return subject.strip()


def tag_subject(subject: str, task_id: int) -> str:
    """`Re: <subject> [#ID]`: one `Re:`, one tag for this task."""
    without_own_tag = _TASK_TAG.sub(
        lambda match: "" if int(match.group(1)) == task_id else match.group(0), subject or ""
    )
    base = strip_reply_prefixes(without_own_tag)
    base = re.sub(r"\s{2,}", " ", base).strip()
    return f"Re: {base} [#{task_id}]" if base else f"Re: [#{task_id}]"


def _ascii_address(address: str) -> str:
    """Internationalised domains (`.рф`) become punycode; a non-ASCII local part would need
    SMTPUTF8, which we do not rely on."""
    local, at, domain = address.strip().rpartition("@")
    if not at or not local or not domain:
        raise ValueError(f"not an email address: {address!r}")
    if not local.isascii():
        raise ValueError(f"non-ASCII local part needs SMTPUTF8: {address!r}")
    try:
        return f"{local}@{domain.encode('idna').decode('ascii')}"
    except UnicodeError as exc:
        raise ValueError(f"bad domain in {address!r}: {exc}") from exc


def _references(references: Sequence[str], in_reply_to: str | None) -> list[str]:
    chain = [ref for ref in (normalize_message_id(value) for value in references) if ref]
    parent = normalize_message_id(in_reply_to)
    if parent and parent not in chain:
        chain.append(parent)
    chain = list(dict.fromkeys(chain))
    if len(chain) > MAX_REFERENCES:  # RFC 5322 §3.6.4: keep the root and the nearest ancestors
        chain = chain[:1] + chain[-(MAX_REFERENCES - 1) :]
    return chain


def compose_reply(
    *,
    from_address: str,
    to_address: str,
    to_name: str | None,
    subject: str,
    task_id: int,
    body: str,
    in_reply_to: str | None,
    references: Sequence[str],
    domain: str,
    from_name: str | None = None,
    date: datetime | None = None,
) -> tuple[EmailMessage, str]:
    """The reply and its new Message-ID (store it: the client's answer will refer to it).

    Raises ValueError for an address that cannot be put in a header: the outbox item should
    then fail with that message rather than be retried.
    """
    message = EmailMessage(policy=_POLICY)
    message_id = make_msgid(idstring=f"tt{task_id}", domain=domain)
    try:
        sender = Address(display_name=from_name or "", addr_spec=_ascii_address(from_address))
        recipient = Address(display_name=to_name or "", addr_spec=_ascii_address(to_address))
        message["From"] = sender
        message["To"] = recipient
    except (ValueError, IndexError) as exc:  # headerregistry raises IndexError on some garbage
        raise ValueError(f"cannot address the reply: {exc}") from exc
    message["Subject"] = tag_subject(subject, task_id)
    message["Date"] = format_datetime(date or datetime.now(UTC))
    message["Message-ID"] = message_id
    parent = normalize_message_id(in_reply_to)
    if parent:
        message["In-Reply-To"] = parent
    chain = _references(references, in_reply_to)
    if chain:
        message["References"] = " ".join(chain)
    message[LOOP_HEADER] = from_address
    # Ask Exchange/Outlook not to send out-of-office answers to our replies; delivery reports
    # (DR/NDR) stay allowed because a bounce is how the outbox learns a reply failed.
    message["X-Auto-Response-Suppress"] = "OOF, AutoReply"
    message.set_content(body, charset="utf-8")
    return message, message_id
