"""`tt poll email`: import a mailbox into tasks and send the replies, safely from cron.

The order of effects is the whole design. Per batch of messages: fetch with BODY.PEEK[] (the
server marks nothing), commit each message through `services.inbound` (task or comment,
attachments and the dedupe record in one transaction), then flag \\Seen or move the batch,
then advance the cursor {folder, uidvalidity, last_uid}. A kill at any point leaves either
an uncommitted message (fetched again next run) or a committed one that the dedupe record
turns into `duplicate` (and the next run marks it). A new UIDVALIDITY means the server
renumbered the folder: the cursor restarts from 0 and dedupe keeps the rescan harmless.

One poller per account runs at a time (`RunLock`); a second one says "already running" and
exits 0, which is what cron wants when a slow run overlaps the next.
"""

from __future__ import annotations

import os
import signal
import sys
from contextlib import suppress
from dataclasses import dataclass, field
from typing import IO

from teamtask.channels.email_config import EmailAccount, account_named, accounts
from teamtask.channels.email_imap import ImapError, Mailbox, location, session
from teamtask.channels.email_import import CHANNEL, Outcome, import_message, quarantine_oversize
from teamtask.channels.runlock import RunLock
from teamtask.config import ConfigError, Settings
from teamtask.exits import EXIT_ENVIRONMENT, EXIT_FAILED, EXIT_OK
from teamtask.services import inbound
from teamtask.services.context import Context

# Test hook: `commit`, `mark` or `smtp`, optionally `:N` (the Nth time), kills this process
# with SIGKILL at that point, to prove that a crash there loses and duplicates nothing.
CRASH_ENV = "TEAMTASK_TEST_CRASH_AFTER"
BATCH_MESSAGES = 50
BATCH_BYTES = 32 * 1024 * 1024  # fetched bodies held in memory at once

_crash_counts: dict[str, int] = {}


def crash_point(name: str) -> None:
    wanted = os.environ.get(CRASH_ENV)
    if not wanted:
        return
    point, _, nth = wanted.partition(":")
    if point != name:
        return
    _crash_counts[name] = _crash_counts.get(name, 0) + 1
    if _crash_counts[name] >= int(nth or 1):
        os.kill(os.getpid(), signal.SIGKILL)


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


@dataclass
class Report:
    """What one pass over one account did; its `line` is the summary cron mails home."""

    account: str
    tasks: int = 0
    comments: int = 0
    automatic: int = 0
    quarantined: int = 0
    duplicates: int = 0
    sent: int = 0
    failed_deliveries: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, outcome: Outcome) -> None:
        if outcome.automatic:
            self.automatic += 1
        elif outcome.kind == "task":
            self.tasks += 1
        elif outcome.kind == "comment":
            self.comments += 1
        elif outcome.kind == "quarantined":
            self.quarantined += 1
        elif outcome.kind == "duplicate":
            self.duplicates += 1

    @property
    def eventful(self) -> bool:
        return bool(
            self.tasks
            or self.comments
            or self.automatic
            or self.quarantined
            or self.sent
            or self.failed_deliveries
            or self.errors
        )

    def line(self) -> str:
        return (
            f"{self.account}: {_plural(self.tasks, 'new task', 'new tasks')}, "
            f"{_plural(self.comments, 'comment', 'comments')}, "
            f"{_plural(self.automatic, 'auto-reply', 'auto-replies')} skipped, "
            f"{self.quarantined} quarantined, {_plural(self.sent, 'reply', 'replies')} sent"
        )

    @property
    def exit_code(self) -> int:
        if self.errors:
            return EXIT_ENVIRONMENT
        return EXIT_FAILED if self.quarantined or self.failed_deliveries else EXIT_OK


@dataclass
class Printer:
    quiet: bool = False
    out: IO[str] | None = None
    err: IO[str] | None = None

    def summary(self, report: Report) -> None:
        if not self.quiet:
            (self.out or sys.stdout).write(report.line() + "\n")

    def warn(self, account: str, message: str) -> None:
        stream = self.err or sys.stderr
        stream.write(f"{account}: {message}\n")
        stream.flush()


def poll(
    ctx: Context,
    settings: Settings,
    *,
    account: str | None = None,
    watch: bool = False,
    quiet: bool = False,
) -> int:
    """`tt poll email`: every selected account once (or forever with `watch`); the exit code."""
    selected = account_named(settings, account)
    everyone = list(accounts(settings).values())
    printer = Printer(quiet=quiet)
    if watch:
        from teamtask.channels.email_watch import watch_all

        return watch_all(ctx, selected, everyone, printer)
    return max(run_once(ctx, one, everyone, printer).exit_code for one in selected)


def run_once(
    ctx: Context, account: EmailAccount, everyone: list[EmailAccount], printer: Printer
) -> Report:
    report = Report(account.name)
    lock = RunLock(ctx, f"email:{account.name}")
    if not lock.acquire():
        printer.warn(account.name, "already running (another poller holds this account)")
        return report
    try:
        try:
            check_targets(ctx, account)
            with session(account) as mailbox:
                poll_mailbox(ctx, account, mailbox, report, printer)
        except (ImapError, ConfigError) as exc:
            report.errors.append(str(exc))
            printer.warn(account.name, str(exc))
        deliver(ctx, account, everyone, report, printer)
    finally:
        lock.release()
    printer.summary(report)
    return report


def check_targets(ctx: Context, account: EmailAccount) -> None:
    """The group and form must exist, or every message would fail alike: say so once."""
    from teamtask.domain.errors import Invalid
    from teamtask.services.forms import form_definition

    prefix = f"email.accounts.{account.name}"
    if account.group not in ctx.groups():
        known = ", ".join(sorted(ctx.groups())) or "none yet"
        raise ConfigError(f"config key `{prefix}.group`: no group {account.group!r} ({known})")
    try:
        form_definition(ctx, account.form)
    except Invalid as exc:
        raise ConfigError(f"config key `{prefix}.form`: {exc}") from None


def poll_mailbox(
    ctx: Context, account: EmailAccount, mailbox: Mailbox, report: Report, printer: Printer
) -> None:
    cursor = inbound.get_cursor(ctx, CHANNEL, account.name) or {}
    same_folder = cursor.get("folder", account.folder) == account.folder
    last = int(cursor.get("last_uid", 0))
    if cursor and (cursor.get("uidvalidity") != mailbox.uidvalidity or not same_folder):
        if last:
            printer.warn(account.name, "the folder was renumbered (UIDVALIDITY); rescanning it")
        last = 0
    uids = mailbox.new_uids(last)
    if not uids:
        return
    sizes = mailbox.sizes(uids)
    for batch in _batches(uids, sizes, account.max_message_bytes):
        _import_batch(ctx, account, mailbox, batch, sizes, report, printer)


def _batches(uids: list[int], sizes: dict[int, int], limit: int) -> list[list[int]]:
    """Consecutive UIDs, at most BATCH_MESSAGES and BATCH_BYTES of bodies per fetch."""
    batches: list[list[int]] = []
    current: list[int] = []
    weight = 0
    for uid in uids:
        size = sizes.get(uid, 0)
        size = size if size <= limit else 0  # oversize: only the header is fetched
        if current and (len(current) >= BATCH_MESSAGES or weight + size > BATCH_BYTES):
            batches.append(current)
            current, weight = [], 0
        current.append(uid)
        weight += size
    if current:
        batches.append(current)
    return batches


def _import_batch(
    ctx: Context,
    account: EmailAccount,
    mailbox: Mailbox,
    batch: list[int],
    sizes: dict[int, int],
    report: Report,
    printer: Printer,
) -> None:
    limit = account.max_message_bytes
    big = [uid for uid in batch if sizes.get(uid, 0) > limit]
    headers = mailbox.headers(big)
    bodies = mailbox.bodies([uid for uid in batch if uid not in headers])
    done: list[int] = []  # committed: safe to mark at the server
    try:
        for uid in batch:
            where = location(account, mailbox.uidvalidity, uid)
            if uid in headers:
                outcome = quarantine_oversize(ctx, account, headers[uid], sizes[uid], where)
            elif uid in bodies:
                outcome = import_message(ctx, account, bodies[uid], location=where, max_bytes=limit)
            else:
                continue  # expunged by someone else since the search
            crash_point("commit")
            report.add(outcome)
            _explain(account, uid, outcome, printer)
            if outcome.kind != "quarantined":  # quarantined mail stays visible in the folder
                done.append(uid)
    except BaseException:
        with suppress(ImapError):  # what was committed need not be fetched again
            mailbox.mark_done(done)
        raise
    mailbox.mark_done(done)
    crash_point("mark")
    value = {"folder": account.folder, "uidvalidity": mailbox.uidvalidity, "last_uid": batch[-1]}
    inbound.set_cursor(ctx, CHANNEL, account.name, value)


def _explain(account: EmailAccount, uid: int, outcome: Outcome, printer: Printer) -> None:
    if outcome.kind == "quarantined":
        printer.warn(account.name, f"quarantined message UID {uid}: {outcome.reason}")
    if outcome.warning:
        task = f" as task #{outcome.task_id}" if outcome.task_id else ""
        printer.warn(account.name, f"{outcome.warning}; imported UID {uid}{task}")


def deliver(
    ctx: Context,
    account: EmailAccount,
    everyone: list[EmailAccount],
    report: Report,
    printer: Printer,
    *,
    wait: float = 0.0,
) -> None:
    from teamtask.channels.email_smtp import deliver_due

    done = deliver_due(
        ctx, everyone, wait=wait, warn=lambda message: printer.warn(account.name, message)
    )
    report.sent += done.total
    report.failed_deliveries += done.failed
    for error in dict.fromkeys(done.errors):
        if error not in report.errors:
            report.errors.append(error)
            printer.warn(account.name, error)
