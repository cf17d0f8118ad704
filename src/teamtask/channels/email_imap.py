"""The IMAP side of the poller: connect, list new UIDs, fetch without marking, mark when told.

Nothing here decides what a message means or writes to the database; `email.py` calls these
in the order that makes a crash harmless (fetch → commit → mark → advance the cursor).
"""

from __future__ import annotations

import ssl
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any

from teamtask.channels.email_config import EmailAccount

IMAP_TIMEOUT = 60.0  # seconds per socket operation; a stuck server must not hang cron forever
FETCH_CHUNK = 500  # UIDs per FETCH of sizes: keeps command lines short on big mailboxes
SEEN = b"\\Seen"


class ImapError(Exception):
    """The server is unreachable or broke the session: retry later (exit 3 for --once)."""


class ImapLoginError(ImapError):
    """Wrong credentials. Never retried: Dovecot and others penalise repeated failures."""


def _errors() -> tuple[type[BaseException], ...]:
    from imapclient.exceptions import IMAPClientError

    return (OSError, IMAPClientError, ssl.SSLError)


def connect(account: EmailAccount) -> Any:
    """A logged-in IMAPClient; ConfigError when the password cannot be read."""
    from imapclient import IMAPClient
    from imapclient.exceptions import LoginError

    where = f"{account.imap_host}:{account.imap_port}"
    try:
        client = IMAPClient(
            account.imap_host,
            port=account.imap_port,
            ssl=account.imap_ssl,  # IMAPClient defaults to implicit TLS: pass it explicitly
            ssl_context=ssl.create_default_context() if account.imap_ssl else None,
            timeout=IMAP_TIMEOUT,
        )
        if account.imap_starttls:
            client.starttls(ssl.create_default_context())
    except _errors() as exc:
        raise ImapError(f"cannot connect to IMAP server {where}: {_describe(exc)}") from None
    try:
        password = account.password.reveal()
        client.login(account.username, password)
    except LoginError as exc:
        _logout(client)
        raise ImapLoginError(
            f"IMAP login as {account.username} at {where} failed: {_describe(exc)}"
        ) from None
    except _errors() as exc:
        _logout(client)
        raise ImapError(f"IMAP session with {where} broke: {_describe(exc)}") from None
    except BaseException:
        _logout(client)
        raise
    return client


def _logout(client: Any) -> None:
    with suppress(Exception):
        client.logout()


def _describe(exc: BaseException) -> str:
    text = str(exc).strip()
    if text.startswith(("b'", 'b"')):  # imapclient passes the server's bytes through str()
        text = text[2:-1]
    return text or type(exc).__name__


class Mailbox:
    """One account's folder on one connection."""

    def __init__(self, client: Any, account: EmailAccount) -> None:
        self.client = client
        self.account = account
        self.uidvalidity = 0

    def open(self) -> None:
        try:
            if self.account.processed_folder and not self.client.folder_exists(
                self.account.processed_folder
            ):
                self.client.create_folder(self.account.processed_folder)
            selected = self.client.select_folder(self.account.folder)
        except _errors() as exc:
            raise ImapError(
                f"cannot open folder {self.account.folder!r}: {_describe(exc)}"
            ) from None
        self.uidvalidity = int(selected[b"UIDVALIDITY"])

    def new_uids(self, after: int) -> list[int]:
        """UIDs above `after`, ascending. `UID n:*` also answers the highest UID when every
        UID is below n (RFC 3501 §6.4.8), hence the filter."""
        uids = self._call("search", ["UID", f"{after + 1}:*"])
        return sorted(uid for uid in uids if uid > after)

    def sizes(self, uids: list[int]) -> dict[int, int]:
        sizes: dict[int, int] = {}
        for start in range(0, len(uids), FETCH_CHUNK):
            answer = self._call("fetch", uids[start : start + FETCH_CHUNK], ["RFC822.SIZE"])
            sizes |= {uid: int(data.get(b"RFC822.SIZE", 0)) for uid, data in answer.items()}
        return sizes

    def bodies(self, uids: list[int]) -> dict[int, bytes]:
        """Whole messages; BODY.PEEK so that \\Seen is set only after the commit."""
        if not uids:
            return {}
        answer = self._call("fetch", uids, ["BODY.PEEK[]"])
        return {uid: bytes(data[b"BODY[]"]) for uid, data in answer.items() if b"BODY[]" in data}

    def headers(self, uids: list[int]) -> dict[int, bytes]:
        if not uids:
            return {}
        answer = self._call("fetch", uids, ["BODY.PEEK[HEADER]"])
        return {
            uid: bytes(data[b"BODY[HEADER]"])
            for uid, data in answer.items()
            if b"BODY[HEADER]" in data
        }

    def mark_done(self, uids: list[int]) -> None:
        """Imported (or deliberately skipped): flag \\Seen, or move to processed_folder."""
        if not uids:
            return
        if not self.account.processed_folder:
            self._call("add_flags", uids, [SEEN], silent=True)
            return
        if self.client.has_capability("MOVE"):
            self._call("move", uids, self.account.processed_folder)
            return
        # RFC 6851 fallback: copy, flag deleted, expunge only these UIDs when UIDPLUS allows.
        self._call("copy", uids, self.account.processed_folder)
        self._call("add_flags", uids, [SEEN, b"\\Deleted"], silent=True)
        if self.client.has_capability("UIDPLUS"):
            self._call("uid_expunge", uids)
        else:
            self._call("expunge")

    def wait_for_mail(self, seconds: float, stop: threading.Event) -> None:
        """IDLE until the server reports new mail, `seconds` pass or `stop` is set."""
        if not self.client.has_capability("IDLE"):
            deadline = time.monotonic() + seconds
            while not stop.is_set() and time.monotonic() < deadline:
                stop.wait(min(1.0, seconds))
            self._call("noop")
            return
        self._call("idle")
        try:
            deadline = time.monotonic() + seconds
            while not stop.is_set() and time.monotonic() < deadline:
                responses = self._call("idle_check", timeout=1)
                if any(len(r) > 1 and r[1] in (b"EXISTS", b"RECENT") for r in responses):
                    return
        finally:
            self._call("idle_done")

    def _call(self, method: str, *args: Any, **kwargs: Any) -> Any:
        try:
            return getattr(self.client, method)(*args, **kwargs)
        except _errors() as exc:
            raise ImapError(f"IMAP {method} failed: {_describe(exc)}") from None


@contextmanager
def session(account: EmailAccount) -> Iterator[Mailbox]:
    """Connect, select the folder, and always log out (quietly: the link may be dead)."""
    client = connect(account)
    try:
        mailbox = Mailbox(client, account)
        mailbox.open()
        yield mailbox
    finally:
        _logout(client)


def location(account: EmailAccount, uidvalidity: int, uid: int) -> dict[str, Any]:
    """Where a message was, so `tt quarantine retry` can fetch one that was too big to keep."""
    return {"folder": account.folder, "uidvalidity": uidvalidity, "uid": uid}
