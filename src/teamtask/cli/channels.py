"""Commands for the channels: `tt poll`, `tt outbox`, `tt quarantine`.

Exit codes follow cron's needs: 0 all well, 1 some messages quarantined or deliveries failed
(the rest went through), 3 configuration or connection errors. imapclient, smtplib and the
Telegram library load only inside the command that uses them.
"""

import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer

from teamtask.cli.state import State, state_of

if TYPE_CHECKING:
    from teamtask.services.context import Context
    from teamtask.services.outbox import Delivery

poll_app = typer.Typer(
    help="Import messages from email and Telegram into tasks, and send the replies.",
    no_args_is_help=True,
)
quarantine_app = typer.Typer(
    help="Messages a channel could not import: look at them, retry or drop them.",
    no_args_is_help=True,
)

OnceOption = Annotated[bool, typer.Option("--once", help="One pass, then exit (for cron).")]
WatchOption = Annotated[
    bool, typer.Option("--watch", help="Keep running: IMAP IDLE / long polling, reconnecting.")
]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No summary line.")]


def _exit(code: int) -> None:
    if code:
        raise typer.Exit(code)


def _mode(once: bool, watch: bool) -> bool:
    """True for --watch; --once is the default and the two exclude each other."""
    if once and watch:
        from teamtask.domain.errors import Invalid

        raise Invalid("--once and --watch exclude each other")
    return watch


def _telegram() -> Any:
    """The Telegram channel module, or a clear exit 3 when this installation lacks it."""
    try:
        from teamtask.channels import telegram
    except ModuleNotFoundError as exc:
        from teamtask.db import EnvironmentProblem

        raise EnvironmentProblem(
            f"the Telegram channel is not available in this installation ({exc.name} is missing)"
        ) from None
    return telegram


@poll_app.command("email")
def poll_email(
    ctx: typer.Context,
    account: Annotated[
        str | None, typer.Option("--account", help="Only this [email.accounts.NAME].")
    ] = None,
    once: OnceOption = False,
    watch: WatchOption = False,
    quiet: QuietOption = False,
) -> None:
    """Import new mail into tasks and send public replies by SMTP."""
    watching = _mode(once, watch)
    state = state_of(ctx)
    from teamtask.channels.email import poll
    from teamtask.channels.email_config import account_named

    account_named(state.settings, account)  # a config mistake needs no database to report
    _exit(poll(state.context(), state.settings, account=account, watch=watching, quiet=quiet))


@poll_app.command("telegram")
def poll_telegram(
    ctx: typer.Context,
    once: OnceOption = False,
    watch: WatchOption = False,
    quiet: QuietOption = False,
) -> None:
    """Import Telegram messages into tasks and send public replies."""
    watching = _mode(once, watch)
    telegram = _telegram()
    _exit(telegram.run_poll(state_of(ctx), once=not watching, watch=watching, quiet=quiet))


@poll_app.command("all")
def poll_all(ctx: typer.Context, quiet: QuietOption = False) -> None:
    """Every configured channel, once."""
    state = state_of(ctx)
    from teamtask.channels.email_config import accounts
    from teamtask.config import ConfigError

    has_email = bool(accounts(state.settings))
    has_telegram = "telegram" in state.settings.raw
    if not has_email and not has_telegram:
        raise ConfigError(
            "no channel is configured: add [email.accounts.NAME] or [telegram] to the config"
        )
    code = 0
    if has_email:
        from teamtask.channels.email import poll

        code = poll(state.context(), state.settings, quiet=quiet)
    if has_telegram:
        code = max(code, _telegram().run_poll(state, once=True, watch=False, quiet=quiet))
    _exit(code)


def outbox(
    ctx: typer.Context,
    status: Annotated[
        str | None,
        typer.Option("--status", help="pending, sending, failed or sent (default: all unsent)."),
    ] = None,
    retry: Annotated[
        int | None, typer.Option("--retry", metavar="ID", help="Deliver this item again now.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Replies waiting for delivery, and those that failed (with the server's answer)."""
    from teamtask.services.outbox import list_outbox

    state = state_of(ctx)
    context = state.context()
    if retry is not None:
        _exit(_retry_delivery(state, context, retry, as_json=as_json))
        return
    items = list_outbox(context, status)
    if status is None:
        items = [item for item in items if item.status != "sent"]
    if as_json:
        from teamtask.cli.output import emit_json

        emit_json([item.as_json(context.tz) for item in items])
        return
    from teamtask.cli.output import print_table, short

    print_table(
        None,
        ["id", "task", "channel", "recipient", "status", "attempts", "next attempt", "last error"],
        (
            [
                item.id,
                f"#{item.task_id}",
                item.channel,
                item.recipient,
                item.status,
                item.attempts,
                short(item.next_attempt_at.astimezone(context.tz))
                if item.next_attempt_at and item.status == "pending"
                else "",
                item.last_error or "",
            ]
            for item in items
        ),
    )


def _retry_delivery(state: State, context: "Context", item_id: int, *, as_json: bool) -> int:
    from teamtask.services import outbox as outbox_service

    item = outbox_service.retry(context, item_id)
    code = 0
    if item.channel == "email":
        from teamtask.channels.email import EXIT_ENVIRONMENT, Printer, Report, deliver
        from teamtask.channels.email_config import account_named

        everyone = account_named(state.settings, None)
        report = Report("outbox")
        # Wait for a poller that is delivering right now rather than skip the retry.
        deliver(context, everyone[0], everyone, report, Printer(), wait=30.0)
        code = EXIT_ENVIRONMENT if report.errors else 0
    elif item.channel == "telegram":
        _telegram().deliver_pending(context)
    after = next(d for d in outbox_service.list_outbox(context) if d.id == item_id)
    _report_delivery(context, after, as_json=as_json)
    return code or (0 if after.status == "sent" else 1)


def _report_delivery(context: "Context", item: "Delivery", *, as_json: bool) -> None:
    if as_json:
        from teamtask.cli.output import emit_json

        emit_json(item.as_json(context.tz))
        return
    if item.status == "sent":
        sys.stderr.write(f"outbox {item.id}: sent to {item.recipient}\n")
    else:
        error = f": {item.last_error}" if item.last_error else ""
        sys.stderr.write(f"outbox {item.id}: {item.status}{error}\n")


@quarantine_app.command("ls")
def quarantine_ls(
    ctx: typer.Context, as_json: Annotated[bool, typer.Option("--json")] = False
) -> None:
    """Messages waiting in quarantine."""
    from teamtask.channels.email_quarantine import list_quarantined

    context = state_of(ctx).context()
    records = list_quarantined(context)
    if as_json:
        from teamtask.cli.output import emit_json

        emit_json([record.as_json(context.tz) for record in records])
        return
    from teamtask.cli.output import print_table, short

    print_table(
        None,
        ["id", "received", "channel", "account", "from", "subject", "reason"],
        (
            [
                record.id,
                short(record.received_at.astimezone(context.tz)),
                record.channel,
                record.account,
                record.header("From"),
                record.header("Subject")[:60],
                record.reason,
            ]
            for record in records
        ),
    )


@quarantine_app.command("show")
def quarantine_show(
    ctx: typer.Context,
    record_id: Annotated[int, typer.Argument(metavar="ID")],
    raw: Annotated[bool, typer.Option("--raw", help="Write the original bytes to stdout.")] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """The reason and headers of one quarantined message (or its bytes with --raw)."""
    from teamtask.channels.email_quarantine import get_quarantined

    context = state_of(ctx).context()
    record = get_quarantined(context, record_id)
    if raw:
        if record.raw is None:
            from teamtask.domain.errors import NotFound

            raise NotFound(f"quarantine {record_id} kept no bytes: {record.reason}")
        sys.stdout.flush()
        sys.stdout.buffer.write(record.raw)
        sys.stdout.buffer.flush()
        return
    if as_json:
        from teamtask.cli.output import emit_json

        emit_json(record.as_json(context.tz, with_headers=True))
        return
    from teamtask.cli.output import short

    lines = [
        f"quarantine {record.id} ({record.channel}, account {record.account})",
        f"received: {short(record.received_at.astimezone(context.tz))}",
        f"reason:   {record.reason}",
        f"bytes:    {len(record.raw) if record.raw is not None else 'not kept'}",
        "",
    ]
    for name, value in record.headers.items():
        for one in value if isinstance(value, list) else [value]:
            lines.append(f"{name}: {one}")
    sys.stdout.write("\n".join(lines) + "\n")


@quarantine_app.command("retry")
def quarantine_retry(
    ctx: typer.Context, record_id: Annotated[int, typer.Argument(metavar="ID")]
) -> None:
    """Import a quarantined message again (after a fix, or with a raised size limit)."""
    from teamtask.channels.email_quarantine import StillQuarantined, retry

    state = state_of(ctx)
    try:
        outcome = retry(state.context(), state.settings, record_id)
    except StillQuarantined as exc:
        sys.stderr.write(f"quarantine {record_id}: still cannot import: {exc}\n")
        raise typer.Exit(1) from None
    where = f" #{outcome.task_id}" if outcome.task_id else ""
    what = {
        "task": f"imported as task{where}",
        "comment": f"imported as a comment on task{where}",
        "note": f"kept as an internal note on task{where}",
        "skipped": "an automatic message: recorded, no task",
        "duplicate": "already imported earlier",
    }.get(outcome.kind, outcome.kind)
    sys.stderr.write(f"quarantine {record_id}: {what}\n")


@quarantine_app.command("drop")
def quarantine_drop(
    ctx: typer.Context, record_id: Annotated[int, typer.Argument(metavar="ID")]
) -> None:
    """Forget a quarantined message (it will not be imported, even on a rescan)."""
    from teamtask.channels.email_quarantine import drop

    drop(state_of(ctx).context(), record_id)
    sys.stderr.write(f"quarantine {record_id}: dropped\n")
