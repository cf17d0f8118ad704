"""Deliver public comments from the outbox by SMTP, each exactly once as far as SMTP allows.

For every item: compose, store our Message-ID (`outbox.set_external_id`, committed), send,
mark sent. A crash between the server's `250` and the mark leaves the item `sending` with
its Message-ID stored; `claim_due` hands it back after `outbox.STALE_SENDING` and we send it
again *with the same Message-ID*. The crash window is a few milliseconds after the SMTP
dialogue, while a crash anywhere earlier means nothing was sent, so resending is right almost
always; in the rare other case the client receives two copies with one Message-ID, which mail
programs (Gmail, Thunderbird, Outlook) show as one message. Dropping the item instead would
lose replies, which the outbox exists to prevent.

Only one process delivers email at a time (a `RunLock` on the whole email outbox): claiming
is then race-free on PostgreSQL too, and one account's poller may deliver another account's
replies through that account's own SMTP settings.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Callable
from dataclasses import dataclass, field

from teamtask.channels.compose import compose_reply
from teamtask.channels.email_config import ConfigError, EmailAccount
from teamtask.channels.runlock import RunLock
from teamtask.services import outbox
from teamtask.services.context import Context
from teamtask.services.outbox import Delivery

SMTP_TIMEOUT = 60.0
OUTBOX_LOCK = "email-outbox"
MAX_ROUNDS = 50  # claim_due hands out 100 items a round; this bounds one run to 5,000


@dataclass
class Delivered:
    sent: dict[str, int] = field(default_factory=dict)  # account → count
    failed: int = 0  # items that went back to pending (retry later) or to failed
    errors: list[str] = field(default_factory=list)  # server unreachable, login refused: exit 3
    busy: bool = False  # another process is delivering right now

    def count(self, account: str) -> None:
        self.sent[account] = self.sent.get(account, 0) + 1

    @property
    def total(self) -> int:
        return sum(self.sent.values())


class SmtpUnavailable(Exception):
    """No session with the server: every item of the account waits for the next run."""


def deliver_due(
    ctx: Context,
    accounts: list[EmailAccount],
    *,
    wait: float = 0.0,
    warn: Callable[[str], None] = lambda _message: None,
) -> Delivered:
    """Send every due email reply. `accounts` are all configured accounts: an item goes out
    through the account its task came in by (the first account for tasks made by hand)."""
    result = Delivered()
    if not accounts:
        return result
    lock = RunLock(ctx, OUTBOX_LOCK)
    if not lock.acquire(wait=wait):
        result.busy = True
        return result
    try:
        for _round in range(MAX_ROUNDS):
            items = outbox.claim_due(ctx, "email")
            if not items:
                break
            by_account: dict[str, list[Delivery]] = {}
            for item in items:
                by_account.setdefault(_account_of(ctx, item, accounts).name, []).append(item)
            for name, batch in by_account.items():
                account = next(a for a in accounts if a.name == name)
                _deliver_batch(ctx, account, batch, result, warn)
    finally:
        lock.release()
    return result


def _account_of(ctx: Context, item: Delivery, accounts: list[EmailAccount]) -> EmailAccount:
    by_name = {account.name: account for account in accounts}
    stored = ctx.db.scalar("SELECT account FROM outbox WHERE id = ?", (item.id,))
    came_in = ctx.db.scalar(
        "SELECT account FROM inbound_messages WHERE task_id = ? AND channel = 'email'"
        " AND status = 'imported' ORDER BY id DESC LIMIT 1",
        (item.task_id,),
    )
    for name in (stored, came_in):
        if name in by_name:
            return by_name[name]
    return accounts[0]


def _deliver_batch(
    ctx: Context,
    account: EmailAccount,
    items: list[Delivery],
    result: Delivered,
    warn: Callable[[str], None],
) -> None:
    try:
        smtp = _open(account)
    except (SmtpUnavailable, ConfigError) as exc:
        result.errors.append(str(exc))
        for item in items:
            _failed(ctx, item, str(exc), permanent=False, result=result)
        return
    try:
        for index, item in enumerate(items):
            try:
                _send(ctx, smtp, account, item)
            except SmtpUnavailable as exc:
                # The session died: this item and the rest wait for the next run.
                result.errors.append(str(exc))
                for rest in items[index:]:
                    _failed(ctx, rest, str(exc), permanent=False, result=result)
                return
            except _Rejected as exc:
                state = _failed(ctx, item, exc.answer, permanent=exc.permanent, result=result)
                warn(f"reply #{item.id} to {item.recipient} {state}: {exc.answer}")
                continue
            result.count(account.name)
    finally:
        try:
            smtp.quit()
        except (smtplib.SMTPException, OSError):
            smtp.close()


def _failed(ctx: Context, item: Delivery, error: str, *, permanent: bool, result: Delivered) -> str:
    result.failed += 1
    return outbox.mark_failed(ctx, item.id, error, permanent=permanent)


class _Rejected(Exception):
    def __init__(self, answer: str, *, permanent: bool) -> None:
        super().__init__(answer)
        self.answer = answer
        self.permanent = permanent


def _open(account: EmailAccount) -> smtplib.SMTP:
    where = f"{account.smtp_host}:{account.smtp_port}"
    context = ssl.create_default_context()
    try:
        if account.smtp_ssl:
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                account.smtp_host, account.smtp_port, timeout=SMTP_TIMEOUT, context=context
            )
        else:
            smtp = smtplib.SMTP(account.smtp_host, account.smtp_port, timeout=SMTP_TIMEOUT)
        smtp.ehlo()
        if account.smtp_starttls:
            smtp.starttls(context=context)
            smtp.ehlo()
    except (smtplib.SMTPException, OSError) as exc:
        raise SmtpUnavailable(f"cannot connect to SMTP server {where}: {_answer(exc)}") from None
    try:
        # A relay that offers no AUTH (a local MTA) is used as is.
        if smtp.has_extn("auth"):
            smtp.login(account.smtp_username, account.smtp_password.reveal())
    except smtplib.SMTPAuthenticationError as exc:
        smtp.close()
        raise SmtpUnavailable(
            f"SMTP login as {account.smtp_username} at {where} failed: {_answer(exc)}"
        ) from None
    except (smtplib.SMTPException, OSError) as exc:
        smtp.close()
        raise SmtpUnavailable(f"SMTP session with {where} broke: {_answer(exc)}") from None
    except BaseException:
        smtp.close()
        raise
    return smtp


def _send(ctx: Context, smtp: smtplib.SMTP, account: EmailAccount, item: Delivery) -> None:
    name, parent, chain = _thread(ctx, item)
    try:
        message, message_id = compose_reply(
            from_address=account.from_address,
            to_address=item.recipient,
            to_name=name,
            subject=item.subject,
            task_id=item.task_id,
            body=item.body,
            in_reply_to=parent,
            references=chain,
            domain=account.domain,
        )
    except ValueError as exc:
        raise _Rejected(str(exc), permanent=True) from None
    if item.external_id:
        # An earlier attempt stopped after storing its id: the same id lets mail programs
        # show a possible second copy as one message.
        message.replace_header("Message-ID", item.external_id)
        message_id = item.external_id
    else:
        outbox.set_external_id(ctx, item.id, message_id)  # committed before the send
    try:
        smtp.send_message(message, from_addr=account.from_address, to_addrs=[item.recipient])
    except smtplib.SMTPRecipientsRefused as exc:
        code, text = next(iter(exc.recipients.values()))
        raise _Rejected(_answer_of(code, text), permanent=code >= 500) from None
    except smtplib.SMTPResponseException as exc:  # sender refused, data refused
        raise _Rejected(_answer(exc), permanent=exc.smtp_code >= 500) from None
    except (smtplib.SMTPException, OSError) as exc:  # disconnected, timed out
        raise SmtpUnavailable(f"SMTP delivery interrupted: {_answer(exc)}") from None
    from teamtask.channels.email import crash_point

    crash_point("smtp")
    outbox.mark_sent(ctx, item.id, message_id)


def _thread(ctx: Context, item: Delivery) -> tuple[str | None, str | None, list[str]]:
    """(recipient's name, the client's last Message-ID, the thread's Message-IDs in order).

    Auto-replies kept as internal notes are not part of the conversation, so only mail that
    became the task or a public comment counts.
    """
    name = ctx.db.scalar(
        "SELECT c.name FROM tasks t JOIN contacts c ON c.id = t.requester_id"
        " WHERE t.id = ? AND c.email = ?",
        (item.task_id, item.recipient),
    )
    rows = ctx.db.all(
        "SELECT i.external_id, i.received_at, 0 FROM inbound_messages i"
        " LEFT JOIN comments c ON c.id = i.comment_id"
        " WHERE i.task_id = ? AND i.channel = 'email' AND i.status = 'imported'"
        " AND i.external_id IS NOT NULL AND (i.comment_id IS NULL OR c.public = ?)"
        " UNION ALL SELECT o.external_id, o.sent_at, 1 FROM outbox o"
        " WHERE o.task_id = ? AND o.channel = 'email' AND o.status = 'sent'"
        " AND o.external_id IS NOT NULL ORDER BY 2",
        (item.task_id, True, item.task_id),
    )
    chain = [row[0] for row in rows]
    from_client = [row[0] for row in rows if row[2] == 0]
    return name, (from_client[-1] if from_client else None), chain


def _answer(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        return _answer_of(exc.smtp_code, exc.smtp_error)
    return str(exc).strip() or type(exc).__name__


def _answer_of(code: int, text: bytes | str) -> str:
    """The server's answer as people read it: `451 4.3.0 Try again later`."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return f"{code} {' '.join(text.split())}".strip()
