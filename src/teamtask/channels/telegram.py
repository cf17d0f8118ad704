"""`tt poll telegram`: client chats become support tasks, public replies go back to the chat.

Exactly once, in this order for every update (by update_id): import it in one transaction
whose dedupe record is the update_id (`services.inbound.ingest`), then persist the offset in
the poller cursor, and only then let Telegram forget it — an update is confirmed only by a
later getUpdates with a higher offset. A crash after the commit re-reads the update and finds
it a duplicate; a crash after the cursor skips it; nothing is ever imported twice or lost.

Replies are outbox items (`services.outbox`): claimed and committed before the send, one at
a time, so an item only counts an attempt when it really was attempted. Long replies are
split at Telegram's limit and the ids of the parts already sent are kept on the item, so a
retry after a partial send does not repeat them.

python-telegram-bot is imported only here and only when a poll or delivery runs.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import signal
import sys
import warnings
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from teamtask.channels.telegram_config import TelegramConfig, load_telegram_config
from teamtask.channels.tg_updates import (
    FileRef,
    IncomingUpdate,
    RateLimiter,
    UpdateKind,
    classify_update,
    split_text,
)
from teamtask.config import ConfigError
from teamtask.db import EnvironmentProblem
from teamtask.domain.errors import DomainError, Invalid
from teamtask.exits import EXIT_OK, EXIT_USAGE, exit_code_for

if TYPE_CHECKING:
    from telegram import Bot

    from teamtask.cli.state import State
    from teamtask.services.context import Context

__all__ = ["CRASH_ENV", "Summary", "deliver_pending", "run_poll"]

CHANNEL = "telegram"
UPDATE_RETENTION = timedelta(hours=24)  # how long Telegram keeps unconfirmed updates
POLL_TIMEOUT = 10  # long poll in --watch; replies wait at most this long between polls
BATCH = 100  # getUpdates maximum
# A 429 pause up to this long is waited out; a longer one sends the item back to the outbox.
MAX_INLINE_WAIT = 30.0
SEND_ATTEMPTS = 3
MAX_BACKOFF = 60.0
CRASH_ENV = "TEAMTASK_TEST_CRASH_AFTER"  # test hook, see _crash_point


@dataclass
class Summary:
    tasks: int = 0
    comments: int = 0
    edits: int = 0
    ignored: int = 0
    failed: int = 0
    sent: int = 0

    def line(self) -> str:
        parts = [
            _count(self.tasks, "new task", "new tasks"),
            _count(self.comments, "comment", "comments"),
            _count(self.edits, "edit", "edits"),
            f"{self.ignored} ignored",
            f"{self.failed} failed",
            _count(self.sent, "reply sent", "replies sent"),
        ]
        return f"{CHANNEL}: " + ", ".join(parts)

    def busy(self) -> bool:
        return any((self.tasks, self.comments, self.edits, self.ignored, self.failed, self.sent))


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


# --- entry points -------------------------------------------------------------------------


def run_poll(state: State, *, once: bool = False, watch: bool = False, quiet: bool = False) -> int:
    """Import what clients wrote and send what the team replied; return the exit code.

    `--once` (the default) drains the pending updates and replies, then exits; `--watch`
    long-polls until SIGINT/SIGTERM and rides out network errors with backoff."""
    if once and watch:
        _warn("--once and --watch exclude each other")
        return EXIT_USAGE
    summary = Summary()
    config: TelegramConfig | None = None
    try:
        from teamtask.channels.runlock import RunLock, RunLockBusy, busy_message

        config = load_telegram_config(state.settings)
        ctx = state.context()
        _check_routing(ctx, config)
        lock = RunLock(ctx, CHANNEL)
        if not lock.acquire():
            raise RunLockBusy(busy_message(CHANNEL))
        try:
            asyncio.run(_run(ctx, config, summary, watch=watch, quiet=quiet))
        finally:
            lock.release()
    except DomainError as exc:
        if not watch and not quiet and summary.busy():
            print(summary.line())  # what was committed before the error stays committed
        message = str(exc)
        _warn(config.redact(message) if config else message)
        return exit_code_for(exc)
    if not watch and not quiet:
        print(summary.line())
    return EXIT_OK


def deliver_pending(context: Context) -> tuple[int, int]:
    """Send the due telegram outbox items now; return (sent, failed). Raises ConfigError or
    EnvironmentProblem (exit 3) when Telegram cannot be used. Runs its own event loop, so
    call it from synchronous code (the CLI), not from inside a running loop."""
    from teamtask.services.outbox import list_outbox

    waiting = [d for d in list_outbox(context) if d.channel == CHANNEL]
    if not any(d.status in ("pending", "sending") for d in waiting):
        return 0, 0  # nothing to do: no token needed, no connection made
    config = load_telegram_config(context.settings)
    summary = Summary()

    async def deliver() -> None:
        async with _session(config) as bot:
            await _deliver(context, _Sender(bot), summary)

    asyncio.run(deliver())  # errors leave _session translated and redacted
    return summary.sent, summary.failed


# --- the run ------------------------------------------------------------------------------


async def _run(
    ctx: Context, config: TelegramConfig, summary: Summary, *, watch: bool, quiet: bool
) -> None:
    stop = asyncio.Event()
    if watch:
        _stop_on_signals(stop)
    delay = 1.0
    cycle = summary  # --watch reports per cycle; --once reports `summary` at the end
    while not stop.is_set():
        try:
            async with _session(config) as bot:
                poller = _Poller(ctx, config, bot, summary)
                if not watch:
                    await poller.drain()
                    await _deliver(ctx, poller.sender, summary)
                    return
                while not stop.is_set():
                    poller.summary = cycle = Summary()
                    await poller.poll(POLL_TIMEOUT, stop)
                    await _deliver(ctx, poller.sender, cycle)
                    delay = 1.0
                    if cycle.busy() and not quiet:
                        print(cycle.line(), flush=True)
                await poller.confirm()
        except EnvironmentProblem as exc:  # network, Telegram or database trouble
            if not watch:
                raise
            if cycle.busy() and not quiet:
                print(cycle.line(), flush=True)  # committed before the error
                cycle = Summary()
            if not quiet:
                _warn(f"{config.redact(str(exc))}; retrying in {delay:.0f} s")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), delay)
            delay = min(delay * 2, MAX_BACKOFF)


@contextlib.asynccontextmanager
async def _session(config: TelegramConfig) -> AsyncIterator[Bot]:
    """An initialized Bot (initialize calls getMe, so a wrong token fails here), with
    Telegram's errors turned into the errors every entry point knows."""
    from telegram import Bot

    # httpx logs every request URL at INFO, and Bot API URLs contain the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    bot = Bot(config.token, base_url=config.base_url, base_file_url=config.base_file_url)
    try:
        async with bot:
            yield bot
    except DomainError:
        raise
    except Exception as exc:
        translated = _translate(exc, config)
        if translated is None:
            raise
        raise translated from None


def _translate(exc: BaseException, config: TelegramConfig) -> DomainError | None:
    from telegram import error

    if isinstance(exc, error.InvalidToken):
        return ConfigError(
            f"Telegram rejected the bot token from the {config.token_source}"
            f" (HTTP 401/404 from {config.api_url}): check the token, or telegram.api_url"
        )
    if isinstance(exc, error.Conflict):
        return EnvironmentProblem(
            "another program is reading this bot's updates, or a webhook is set"
            f" (HTTP 409): {config.redact(exc.message)}"
        )
    if isinstance(exc, error.TelegramError):
        return EnvironmentProblem(
            f"cannot use the Telegram Bot API at {config.api_url}: {config.redact(exc.message)}"
        )
    return None


class _Poller:
    def __init__(self, ctx: Context, config: TelegramConfig, bot: Bot, summary: Summary):
        from teamtask.services.inbound import get_cursor

        self.ctx, self.config, self.bot, self.summary = ctx, config, bot, summary
        self.sender = _Sender(bot)
        # Update ids belong to one bot: a new token starts its own cursor.
        self.account = str(bot.id)
        value = get_cursor(ctx, CHANNEL, self.account) or {}
        offset = value.get("offset")
        self.offset: int | None = offset if isinstance(offset, int) else None
        if _older_than(value.get("saved_at"), UPDATE_RETENTION, ctx):
            # Telegram keeps unconfirmed updates for 24 hours, and after a week without
            # updates it may restart update ids lower than our offset: an old offset would
            # then confirm (drop) new messages. Nothing it protects can still be pending.
            self.offset = None
        # Chats that sent /new: their next message opens a task even if one is open. Kept
        # in the cursor so the flag and the offset are saved together and survive restarts.
        self.fresh_chats: set[int] = {int(c) for c in value.get("fresh_chats", [])}

    def _next_offset(self) -> int | None:
        return None if self.offset is None else self.offset + 1

    async def drain(self) -> None:
        """Process every pending update. The last, empty getUpdates carries offset=last+1 and
        so is the call that confirms the processed ones at Telegram."""
        while True:
            updates = await self.bot.get_updates(offset=self._next_offset(), limit=BATCH, timeout=0)
            if not updates:
                return
            for update in sorted(updates, key=lambda u: u.update_id):
                await self.process(update.to_dict())

    async def poll(self, timeout: int, stop: asyncio.Event) -> None:
        """One long poll that a stop signal cuts short (the unprocessed updates stay
        unconfirmed, so cancelling loses nothing)."""
        fetch = asyncio.ensure_future(
            self.bot.get_updates(offset=self._next_offset(), limit=BATCH, timeout=timeout)
        )
        stopped = asyncio.ensure_future(stop.wait())
        done, _ = await asyncio.wait({fetch, stopped}, return_when=asyncio.FIRST_COMPLETED)
        stopped.cancel()
        if fetch not in done:
            fetch.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await fetch
            return
        for update in sorted(fetch.result(), key=lambda u: u.update_id):
            await self.process(update.to_dict())

    async def confirm(self) -> None:
        """Tell Telegram about the last processed update before leaving --watch."""
        if self.offset is not None:
            with contextlib.suppress(Exception):  # the next run confirms it anyway
                await self.bot.get_updates(offset=self.offset + 1, limit=1, timeout=0)

    async def process(self, raw: dict[str, Any]) -> None:
        info = classify_update(raw)
        if self.offset is not None and info.update_id <= self.offset:
            return  # done by an earlier run whose confirmation never reached Telegram
        kind = info.kind
        if kind is UpdateKind.GROUP and self.config.accept_groups:
            edited = "edited_message" in raw
            kind = UpdateKind.EDITED_MESSAGE if edited else UpdateKind.PRIVATE_MESSAGE
        if info.chat_id is None:
            kind = UpdateKind.OTHER
        if kind is UpdateKind.COMMAND and info.command == "start":
            await self._greet(info)
        elif kind is UpdateKind.COMMAND and info.command == "new" and info.chat_id is not None:
            self.fresh_chats.add(info.chat_id)
        elif kind is UpdateKind.PRIVATE_MESSAGE:
            await self._import(info, raw)
        elif kind is UpdateKind.EDITED_MESSAGE:
            self._edit(info, raw)
        else:
            self.summary.ignored += 1
        self.offset = info.update_id
        self._save_cursor()
        _crash_point("cursor")

    def _save_cursor(self) -> None:
        from teamtask.services.inbound import set_cursor

        value = {
            "offset": self.offset,
            "fresh_chats": sorted(self.fresh_chats),
            "saved_at": self.ctx.now().isoformat(),
        }
        set_cursor(self.ctx, CHANNEL, self.account, value)

    async def _greet(self, info: IncomingUpdate) -> None:
        """Sent before the cursor moves: a crash in between greets twice, never not at all."""
        from telegram import error

        assert info.chat_id is not None
        try:
            for part in split_text(self.config.greeting):
                await self.sender.send(info.chat_id, part)
        except (error.Forbidden, error.BadRequest, error.RetryAfter) as exc:
            # A greeting is a courtesy: if it cannot go, the conversation still goes on.
            self.summary.failed += 1
            _warn(f"greeting to chat {info.chat_id} not sent: {self.config.redact(str(exc))}")

    async def _import(self, info: IncomingUpdate, raw: dict[str, Any]) -> None:
        from teamtask.services import inbound

        chat_id = info.chat_id
        assert chat_id is not None
        key = str(info.update_id)
        fresh = chat_id in self.fresh_chats
        self.fresh_chats.discard(chat_id)  # /new is used up by this message, whatever happens
        if inbound.already_seen(self.ctx, CHANNEL, self.account, key):
            return  # committed by a run that died before saving the cursor: skip the downloads
        thread = None if fresh else inbound.open_task_for_chat(self.ctx, chat_id)
        # After a closed conversation the new task links it; after /new the client asked
        # for a separate topic, so the open one is not made its parent.
        link = None if thread or fresh else inbound.last_task_for_chat(self.ctx, chat_id)
        attachments, skipped = await self._files(info.files)
        skipped += [f"a {kind} (not supported)" for kind in info.unsupported]
        body, sender = _body_and_sender(info, raw)
        message = inbound.Inbound(
            channel=CHANNEL,
            account=self.account,
            dedupe_key=key,
            sender=sender,
            body=body,
            subject=None if info.text.strip() else f"Telegram message from {sender.name}",
            external_id=f"{chat_id}:{info.message_id}",
            thread_task_id=thread,
            attachments=attachments,
            skipped_attachments=skipped,
            headers={"update_id": info.update_id, "chat_id": chat_id, "user_id": info.user_id},
            group=self.config.group,
            form=self.config.form,
            link_task_id=link,
        )
        try:
            result = inbound.ingest(self.ctx, message)
        except (EnvironmentProblem, ConfigError):
            raise  # the database or the set-up is wrong: stop, the update stays unconfirmed
        except DomainError as exc:
            # A message the rules refuse must not block the chat for ever: keep it, with why.
            update = json.dumps(raw, ensure_ascii=False).encode()
            inbound.quarantine(self.ctx, message, str(exc), update)
            self.summary.failed += 1
            _warn(f"update {info.update_id} from chat {chat_id} quarantined: {exc}")
            return
        if result.kind == "task":
            self.summary.tasks += 1
        elif result.kind == "comment":
            self.summary.comments += 1
        if result.kind != "duplicate":
            _crash_point("commit")

    async def _files(self, files: tuple[FileRef, ...]) -> tuple[list, list[str]]:
        """Download what fits; say why the rest was not taken. The size Telegram declares is
        checked first: getFile refuses files over 20 MB outright."""
        from telegram import error

        limit = min(self.config.max_file_bytes, self.ctx.settings.attachment_limit)
        taken: list[tuple[str, str | None, bytes]] = []
        skipped: list[str] = []
        for ref in files:
            if ref.size is not None and ref.size > limit:
                skipped.append(_too_big(ref.name, ref.size, limit))
                continue
            try:
                remote = await self.bot.get_file(ref.file_id)
            except error.BadRequest as exc:
                skipped.append(f"{ref.name}: Telegram would not hand it over ({exc.message})")
                continue
            if remote.file_size is not None and remote.file_size > limit:
                skipped.append(_too_big(ref.name, remote.file_size, limit))
                continue
            data = bytes(await remote.download_as_bytearray())
            if len(data) > limit:  # Telegram may not have declared a size at all
                skipped.append(_too_big(ref.name, len(data), limit))
                continue
            taken.append((ref.name, ref.mime, data))
        return taken, skipped

    def _edit(self, info: IncomingUpdate, raw: dict[str, Any]) -> None:
        from teamtask.services.inbound import edit_from_channel

        body, _ = _body_and_sender(info, raw)
        external_id = f"{info.chat_id}:{info.message_id}"
        if edit_from_channel(self.ctx, CHANNEL, self.account, external_id, body):
            self.summary.edits += 1
        else:
            self.summary.ignored += 1  # same text (formatting only) or a message we never took


def _body_and_sender(info: IncomingUpdate, raw: dict[str, Any]) -> tuple[str, Any]:
    """In a private chat the requester is the person; in an accepted group chat it is the
    group (replies go there), and each message names who wrote it."""
    from teamtask.services.inbound import Sender

    person = info.sender_name or info.username or str(info.user_id or info.chat_id)
    if info.chat_type == "private":
        sender = Sender(name=person, telegram_chat_id=info.chat_id, telegram_username=info.username)
        return info.text, sender
    message = raw.get("message") or raw.get("edited_message") or {}
    chat = message.get("chat") or {}
    title = chat.get("title") if isinstance(chat.get("title"), str) else str(info.chat_id)
    username = chat.get("username") if isinstance(chat.get("username"), str) else None
    sender = Sender(name=title, telegram_chat_id=info.chat_id, telegram_username=username)
    return f"{person}: {info.text}" if info.text else "", sender


# --- replies ------------------------------------------------------------------------------


class _Sender:
    """sendMessage with the rate limits and Telegram's own retry_after honoured."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot
        self.limiter = RateLimiter()

    async def send(self, chat_id: int | str, text: str) -> int:
        from telegram import error

        for attempt in range(1, SEND_ATTEMPTS + 1):
            await self.limiter.wait(chat_id)
            try:
                message = await self.bot.send_message(chat_id=chat_id, text=text)
                return message.message_id
            except error.RetryAfter as exc:
                seconds = _retry_seconds(exc)
                # Telegram does not say whether the flood limit is the chat's or the bot's:
                # pause every chat, which is never wrong.
                self.limiter.retry_after(chat_id, seconds, whole_bot=True)
                if seconds > MAX_INLINE_WAIT or attempt == SEND_ATTEMPTS:
                    raise
        raise AssertionError("unreachable")


async def _deliver(ctx: Context, sender: _Sender, summary: Summary) -> None:
    from telegram import error

    from teamtask.services.outbox import claim_due, mark_failed, mark_sent, set_external_id

    seen: set[int] = set()
    while True:
        claimed = claim_due(ctx, CHANNEL, limit=1)  # one at a time: see the module docstring
        if not claimed or claimed[0].id in seen:
            # A repeat cannot happen (every deferral below is > 0 s); stop rather than loop.
            return
        item = claimed[0]
        seen.add(item.id)
        chat_id = _chat_id(item.recipient)
        parts = split_text(item.body)
        done = _sent_parts(item.external_id, chat_id)
        try:
            for part in parts[len(done) :]:
                done.append(await sender.send(chat_id, part))
                if len(done) < len(parts):
                    set_external_id(ctx, item.id, _external_id(chat_id, done))
            mark_sent(ctx, item.id, _external_id(chat_id, done))
            summary.sent += 1
        except error.RetryAfter as exc:
            seconds = max(_retry_seconds(exc), 1.0)
            mark_failed(
                ctx,
                item.id,
                f"Telegram asked to wait {seconds:.0f} s (HTTP 429)",
                retry_after=timedelta(seconds=seconds),
            )
        except (error.Forbidden, error.BadRequest, error.ChatMigrated) as exc:
            # Blocked by the user, chat gone, text refused: sending again cannot help.
            mark_failed(ctx, item.id, _reason(exc), permanent=True)
            summary.failed += 1
        except error.TelegramError as exc:
            # Network or token trouble concerns every item: put this one back, stop the pass.
            mark_failed(ctx, item.id, _reason(exc))
            raise


def _chat_id(recipient: str) -> int | str:
    try:
        return int(recipient)
    except ValueError:
        return recipient  # "@channelname"


def _external_id(chat_id: int | str, message_ids: list[int]) -> str:
    return f"{chat_id}:{','.join(str(m) for m in message_ids)}"


def _sent_parts(external_id: str | None, chat_id: int | str) -> list[int]:
    """Message ids of the parts an earlier, interrupted attempt already delivered."""
    prefix = f"{chat_id}:"
    if not external_id or not external_id.startswith(prefix):
        return []
    try:
        return [int(m) for m in external_id[len(prefix) :].split(",") if m]
    except ValueError:
        return []


def _reason(exc: Exception) -> str:
    from telegram import error

    codes = {error.Forbidden: 403, error.BadRequest: 400, error.InvalidToken: 401}
    code = next((c for kind, c in codes.items() if isinstance(exc, kind)), None)
    message = getattr(exc, "message", str(exc))
    return f"{message} (HTTP {code})" if code else message


# --- small helpers ------------------------------------------------------------------------


def _check_routing(ctx: Context, config: TelegramConfig) -> None:
    """A misspelt group or form would make every message fail or land nowhere: refuse to
    start instead (exit 3), naming the key."""
    if config.group and config.group not in ctx.groups():
        raise ConfigError(
            f"config key `telegram.group` names {config.group!r}, which is not a group;"
            f" create it (`tt group add {config.group}`) or fix the key"
        )
    if config.form:
        from teamtask.services.forms import form_definition

        try:
            form_definition(ctx, config.form)
        except Invalid as exc:
            raise ConfigError(f"config key `telegram.form`: {exc}") from None


def _stop_on_signals(stop: asyncio.Event) -> None:
    """The first SIGINT/SIGTERM finishes the update at hand and leaves cleanly; the handlers
    are then removed, so a second signal interrupts the hard way (nothing is lost either
    way: an unconfirmed update comes again)."""
    loop = asyncio.get_running_loop()
    signals = (signal.SIGINT, signal.SIGTERM)

    def first_signal() -> None:
        stop.set()
        for signum in signals:
            loop.remove_signal_handler(signum)

    for signum in signals:
        # Not possible outside the main thread; Ctrl-C then interrupts the hard way.
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(signum, first_signal)


def _crash_point(stage: str) -> None:
    """Test hook: die as abruptly as `kill -9` right after `stage` — "commit" (the import is
    committed, the offset is not saved) or "cursor" (saved, not yet confirmed at Telegram)."""
    if os.environ.get(CRASH_ENV) == stage:
        sys.stdout.flush()
        os._exit(137)


def _retry_seconds(exc: Any) -> float:
    """RetryAfter.retry_after is an int, or a timedelta with PTB_TIMEDELTA=1; reading the int
    warns about the coming change, which would only puzzle a user on stderr."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def _older_than(stamp: Any, age: timedelta, ctx: Context) -> bool:
    if not isinstance(stamp, str):
        return False
    try:
        saved = datetime.fromisoformat(stamp)
    except ValueError:
        return False
    return saved.tzinfo is not None and ctx.now() - saved > age


def _too_big(name: str, size: int, limit: int) -> str:
    return f"{name} ({_size(size)}) is over the limit of {_size(limit)}"


def _size(number: int) -> str:
    if number >= 1024 * 1024:
        return f"{number / 1024 / 1024:.1f} MB"
    if number >= 1024:
        return f"{number / 1024:.1f} KB"
    return f"{number} bytes"


def _warn(message: str) -> None:
    print(f"tt: {CHANNEL}: {message}", file=sys.stderr, flush=True)
