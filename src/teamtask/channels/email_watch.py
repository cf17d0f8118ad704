"""`tt poll email --watch`: a long-running poller per account, woken by IMAP IDLE.

The steps are those of a `--once` run, repeated: import, deliver, then IDLE until the server
announces mail or `IDLE_SECONDS` pass (replies written meanwhile must not wait for the next
mail). A dropped IMAP or database connection is retried with exponential backoff up to a
minute; a refused login is not (servers penalise repeated failures), nor is a bad config.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable

from teamtask.channels.email import (
    EXIT_ENVIRONMENT,
    EXIT_FAILED,
    EXIT_OK,
    Printer,
    Report,
    check_targets,
    deliver,
    poll_mailbox,
)
from teamtask.channels.email_config import EmailAccount
from teamtask.channels.email_imap import ImapError, ImapLoginError, session
from teamtask.channels.runlock import RunLock
from teamtask.config import ConfigError
from teamtask.db import EnvironmentProblem
from teamtask.services.context import Context

# How long to idle before looking at the outbox again (for tests: a second).
IDLE_ENV = "TEAMTASK_EMAIL_IDLE_SECONDS"
IDLE_SECONDS = 60.0
RECONNECT_MAX_SECONDS = 60.0


def idle_seconds() -> float:
    try:
        return max(0.5, float(os.environ.get(IDLE_ENV, IDLE_SECONDS)))
    except ValueError:
        return IDLE_SECONDS


def watch_all(
    ctx: Context, selected: list[EmailAccount], everyone: list[EmailAccount], printer: Printer
) -> int:
    """One thread per account (each with its own database connection); SIGTERM or Ctrl-C
    stops them between two steps, never inside a commit."""
    stop = threading.Event()
    codes: dict[str, int] = {}

    def run(account: EmailAccount) -> None:
        try:
            codes[account.name] = watch_account(ctx, account, everyone, printer, stop)
        except Exception as exc:  # a bug: report it like the CLI would, and fail the exit code
            printer.warn(account.name, f"stopped: {exc!r}")
            codes[account.name] = EXIT_FAILED

    previous = _on_sigterm(stop.set)
    threads = [threading.Thread(target=run, args=(a,), name=f"email-{a.name}") for a in selected]
    try:
        for thread in threads:
            thread.start()
        while any(thread.is_alive() for thread in threads):
            for thread in threads:
                thread.join(timeout=0.2)
    except KeyboardInterrupt:
        stop.set()
        for thread in threads:
            thread.join()
    finally:
        _restore_sigterm(previous)
    return max(codes.values(), default=EXIT_OK)


def watch_account(
    ctx: Context,
    account: EmailAccount,
    everyone: list[EmailAccount],
    printer: Printer,
    stop: threading.Event,
) -> int:
    lock = RunLock(ctx, f"email:{account.name}")
    if not lock.acquire():
        printer.warn(account.name, "already running (another poller holds this account)")
        return EXIT_OK
    delay = 1.0
    try:
        check_targets(ctx, account)
        while not stop.is_set():
            try:
                with session(account) as mailbox:
                    delay = 1.0
                    while not stop.is_set():
                        report = Report(account.name)
                        poll_mailbox(ctx, account, mailbox, report, printer)
                        deliver(ctx, account, everyone, report, printer)
                        if report.eventful:
                            printer.summary(report)
                        mailbox.wait_for_mail(idle_seconds(), stop)
            except ImapLoginError as exc:
                printer.warn(account.name, str(exc))
                return EXIT_ENVIRONMENT  # retrying a wrong password only gets us banned
            except (ImapError, EnvironmentProblem) as exc:
                printer.warn(account.name, f"{exc}; reconnecting in {delay:g} s")
                stop.wait(delay)
                if isinstance(exc, EnvironmentProblem) and not _reconnect_database(ctx, lock, stop):
                    printer.warn(account.name, "another poller took over this account")
                    return EXIT_OK
                delay = min(delay * 2, RECONNECT_MAX_SECONDS)
    except ConfigError as exc:
        printer.warn(account.name, str(exc))
        return EXIT_ENVIRONMENT
    finally:
        lock.release()
    return EXIT_OK


def _reconnect_database(ctx: Context, lock: RunLock, stop: threading.Event) -> bool:
    """A dropped PostgreSQL session took its advisory lock along: take it again before
    anything else, or yield (False) to the poller that took it meanwhile."""
    ctx.db.close()
    if ctx.db.dialect != "postgresql":
        return True  # the flock belongs to the process, not to the connection
    lock.release()
    delay = 1.0
    while not stop.is_set():
        try:
            return lock.acquire()
        except EnvironmentProblem:
            ctx.db.close()
            stop.wait(delay)
            delay = min(delay * 2, RECONNECT_MAX_SECONDS)
    return True


def _on_sigterm(handler: Callable[[], None]) -> object:
    if threading.current_thread() is not threading.main_thread():
        return None
    return signal.signal(signal.SIGTERM, lambda _signum, _frame: handler())


def _restore_sigterm(previous: object) -> None:
    if previous is not None and threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, previous)  # type: ignore[arg-type]
