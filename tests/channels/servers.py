"""Real servers for the channel tests, on loopback: Dovecot (IMAP), aiosmtpd (SMTP) and a Bot
API server that speaks Telegram's HTTP protocol. conftest.py turns them into fixtures; the
poller tests of later issues use the same classes.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import datetime
from email import message_from_bytes
from email import policy as email_policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

LOOPBACK = "127.0.0.1"


def free_port() -> int:
    """A port nobody listens on right now (the kernel picks it; a race is possible but rare)."""
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        return probe.getsockname()[1]


def wait_until(predicate: Any, timeout: float, message: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError(message)
        time.sleep(0.01)


# --- Dovecot ------------------------------------------------------------------------------

# The configuration of shared/testing/dovecot.conf.template (seen working as root here), kept
# in the repository so the tests do not depend on a file outside it. Additions, all for
# speed: with no stats process to answer, imap-login waits 5 s for a stats handshake, so the
# stats writer is off; fsync is off (test mail is thrown away), which makes APPEND ~10x
# faster; a wrong password is refused after 0.5 s instead of 2 s, and the auth penalty
# (anvil-auth-penalty, mode 0 disables it) does not slow every later login from 127.0.0.1 by
# 2-15 s after one failure.
DOVECOT_CONFIG = """\
protocols = imap
listen = 127.0.0.1
base_dir = @DIR@/run
state_dir = @DIR@/state
log_path = @DIR@/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_login_user = nobody
default_internal_user = root
default_internal_group = root
mail_location = maildir:@DIR@/mail/%u
first_valid_uid = 1
mail_uid = mail
mail_gid = mail
stats_writer_socket_path =
mail_fsync = never
auth_failure_delay = 0
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
service imap-login {
  inet_listener imap {
    port = @PORT@
  }
  inet_listener imaps {
    port = 0
  }
}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u @DIR@/users
}
userdb {
  driver = static
  args = uid=mail gid=mail home=@DIR@/mail/%u
}
"""


def dovecot_binary() -> str | None:
    return shutil.which("dovecot", path=f"{os.environ.get('PATH', '')}:/usr/sbin:/sbin")


def dovecot_unavailable_reason() -> str | None:
    """Why Dovecot cannot run here, or None when it can."""
    if dovecot_binary() is None:
        return "dovecot is not installed (Debian package dovecot-imapd)"
    if os.geteuid() != 0:
        return "the Dovecot fixture runs mail as user `mail`, which needs root"
    try:
        import pwd

        pwd.getpwnam("mail")
    except KeyError:
        return "no system user `mail`"
    return None


_APPENDUID = re.compile(rb"APPENDUID (\d+) ([\d,:]+)")


class DovecotServer:
    """A private Dovecot on a free loopback port, mail in a temporary Maildir.

    Runs in the foreground (`-F`) as our child in its own session, so `stop` can kill the
    whole process group at once: a graceful SIGTERM takes Dovecot a second or more.
    """

    host = LOOPBACK

    def __init__(self, *, user: str = "support", password: str = "secret") -> None:
        self.user = user
        self.password = password
        # Not under pytest's tmp_path: that is mode 0700 and the `mail` user must reach in.
        self.root = Path(tempfile.mkdtemp(prefix="tt-dovecot-"))
        self.root.chmod(0o755)
        self.port = free_port()
        self._process: subprocess.Popen[bytes] | None = None
        for sub in ("run", "state", "mail"):
            (self.root / sub).mkdir()
        shutil.chown(self.root / "mail", "mail", "mail")
        self._users: dict[str, str] = {}
        self.add_user(user, password)

    @property
    def config_path(self) -> Path:
        return self.root / "dovecot.conf"

    @property
    def log_path(self) -> Path:
        return self.root / "dovecot.log"

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def add_user(self, user: str, password: str) -> None:
        """Another mailbox. Dovecot re-reads passwd-file when it changes, but at most once a
        second, so on a running server this waits until the new login works."""
        self._users[user] = password
        lines = [f"{name}:{{PLAIN}}{secret}\n" for name, secret in self._users.items()]
        (self.root / "users").write_text("".join(lines))
        if self.running:
            wait_until(lambda: self._can_login(user, password), 5, f"{user} cannot log in")

    def _can_login(self, user: str, password: str) -> bool:
        try:
            self.connect(user, password).logout()
        except Exception:  # LoginError until the file is re-read
            time.sleep(0.1)
            return False
        return True

    def start(self, timeout: float = 10.0) -> None:
        if self.running:
            return
        config = DOVECOT_CONFIG.replace("@DIR@", str(self.root)).replace("@PORT@", str(self.port))
        self.config_path.write_text(config)
        (self.root / "run" / "master.pid").unlink(missing_ok=True)  # a stale pid blocks start
        binary = dovecot_binary()
        assert binary, "dovecot is not installed"
        self._process = subprocess.Popen(
            [binary, "-F", "-c", str(self.config_path)],
            stdout=subprocess.DEVNULL,
            stderr=(self.root / "master.err").open("wb"),
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while not self._greets():
            if self._process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"Dovecot did not start:\n{self.diagnostics()}")
            time.sleep(0.01)

    def _greets(self) -> bool:
        try:
            with socket.create_connection((self.host, self.port), timeout=1) as conn:
                return conn.recv(64).startswith(b"* OK")
        except OSError:
            return False

    def stop(self) -> None:
        """Kill Dovecot and every process it started; clients see their connections drop."""
        if self._process is None:
            return
        if self._process.poll() is None:
            with suppress(ProcessLookupError):
                os.killpg(self._process.pid, signal.SIGKILL)
        self._process.wait(timeout=10)
        self._process = None
        # Children (imap, auth) are reparented when the master dies; wait for the port.
        wait_until(lambda: not self._greets(), 5, "Dovecot still answers after stop")

    def cleanup(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)

    def diagnostics(self) -> str:
        parts = []
        for path in (self.root / "master.err", self.log_path):
            if path.exists():
                parts.append(f"--- {path.name}\n{path.read_text(errors='replace')[-3000:]}")
        return "\n".join(parts)

    # Client helpers (imapclient) -------------------------------------------------------

    def connect(self, user: str | None = None, password: str | None = None) -> Any:
        """A logged-in IMAPClient. Note ssl=False: IMAPClient defaults to implicit TLS."""
        from imapclient import IMAPClient

        client = IMAPClient(self.host, port=self.port, ssl=False, timeout=10)
        client.login(user or self.user, password or self.password)
        return client

    @contextmanager
    def client(self, folder: str | None = None) -> Iterator[Any]:
        client = self.connect()
        try:
            if folder is not None:
                client.select_folder(folder)
            yield client
        finally:
            with suppress(Exception):  # the server may have been stopped under us
                client.logout()

    def create_folder(self, name: str) -> None:
        with self.client() as client:
            if not client.folder_exists(name):
                client.create_folder(name)

    def append(
        self,
        raw: bytes,
        folder: str = "INBOX",
        *,
        flags: Iterable[str | bytes] = (),
        when: datetime | None = None,
    ) -> int:
        """APPEND one message; return its UID (Dovecot answers with UIDPLUS APPENDUID)."""
        with self.client() as client:
            answer = client.append(folder, raw, flags=tuple(flags), msg_time=when)
        return self._appended_uids(answer)[0]

    def append_many(self, raws: Iterable[bytes], folder: str = "INBOX") -> list[int]:
        """MULTIAPPEND in batches: seeding a thousand messages takes a second, not a minute."""
        uids: list[int] = []
        batch: list[bytes] = []
        with self.client() as client:
            for raw in raws:
                batch.append(raw)
                if len(batch) == 200:
                    uids += self._appended_uids(client.multiappend(folder, batch))
                    batch = []
            if batch:
                uids += self._appended_uids(client.multiappend(folder, batch))
        return uids

    @staticmethod
    def _appended_uids(answer: Any) -> list[int]:
        # append() answers the bare response text, multiappend() a (typ, [data]) pair.
        if isinstance(answer, tuple):
            answer = b" ".join(part for part in answer[1] if isinstance(part, bytes))
        text = answer if isinstance(answer, bytes) else str(answer).encode()
        match = _APPENDUID.search(text)
        if not match:
            raise AssertionError(f"no APPENDUID in {text!r}")
        uids: list[int] = []
        for piece in match.group(2).split(b","):
            first, _, last = piece.partition(b":")
            uids += range(int(first), int(last or first) + 1)
        return uids

    def uids(self, folder: str = "INBOX") -> list[int]:
        with self.client(folder) as client:
            return sorted(client.search("ALL"))

    def flags(self, uid: int, folder: str = "INBOX") -> set[bytes]:
        with self.client(folder) as client:
            answer = client.fetch([uid], ["FLAGS"])
        return set(answer[uid][b"FLAGS"]) if uid in answer else set()

    def fetch(self, uid: int, folder: str = "INBOX") -> bytes:
        """The message bytes, fetched with BODY.PEEK[] so that \\Seen stays as it was."""
        with self.client(folder) as client:
            answer = client.fetch([uid], ["BODY.PEEK[]"])
        return answer[uid][b"BODY[]"]

    def uidvalidity(self, folder: str = "INBOX") -> int:
        with self.client() as client:
            return int(client.folder_status(folder, ["UIDVALIDITY"])[b"UIDVALIDITY"])

    def maildir(self, folder: str = "INBOX", user: str | None = None) -> Path:
        home = self.root / "mail" / (user or self.user)
        return home if folder.upper() == "INBOX" else home / f".{folder}"

    def reset_uidvalidity(self, folder: str = "INBOX") -> int:
        """Give `folder` a new UIDVALIDITY with its messages (and flags) kept and renumbered,
        as after a server migration or index loss: Dovecot rebuilds a deleted uidlist and
        index with a fresh UIDVALIDITY. Call it with no client holding the folder open."""
        old = self.uidvalidity(folder)
        directory = self.maildir(folder)
        for attempt in range(3):
            for path in [directory / "dovecot-uidlist", *directory.glob("dovecot.index*")]:
                path.unlink(missing_ok=True)
            new = self.uidvalidity(folder)
            if new != old:
                return new
            time.sleep(1.0 + attempt)  # UIDVALIDITY comes from the clock: let it move on
        raise AssertionError(f"UIDVALIDITY of {folder} stayed {old}")


# --- SMTP ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReceivedMail:
    mail_from: str
    rcpt_tos: tuple[str, ...]
    data: bytes
    authenticated_as: str | None

    @property
    def message(self) -> EmailMessage:
        parsed = message_from_bytes(self.data, policy=email_policy.default)
        assert isinstance(parsed, EmailMessage)
        return parsed


class SmtpServer:
    """aiosmtpd on loopback. AUTH PLAIN/LOGIN is offered without TLS (and not required), so a
    client may log in with `user`/`password` or send anonymously; wrong credentials get 535.
    `reject_next` makes the next DATA commands fail with a chosen reply."""

    host = LOOPBACK

    def __init__(self, *, user: str = "support@example.com", password: str = "smtp-secret"):
        self.user = user
        self.password = password
        self.port = free_port()
        self.received: list[ReceivedMail] = []
        self._rejections: list[str] = []
        self._lock = threading.Lock()
        self._controller: Any = None

    @property
    def running(self) -> bool:
        return self._controller is not None

    def start(self) -> None:
        if self._controller is not None:
            return
        from aiosmtpd.controller import Controller

        self._controller = Controller(
            _SmtpHandler(self),
            hostname=self.host,
            port=self.port,
            authenticator=self._authenticate,
            auth_require_tls=False,
            auth_required=False,
        )
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def reject_next(self, count: int = 1, reply: str = "451 4.3.0 Try again later") -> None:
        with self._lock:
            self._rejections += [reply] * count

    def wait_for(self, count: int, timeout: float = 5.0) -> list[ReceivedMail]:
        wait_until(lambda: len(self.received) >= count, timeout, f"expected {count} mails")
        return list(self.received)

    def _authenticate(
        self, server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
    ) -> Any:
        from aiosmtpd.smtp import AuthResult, LoginPassword

        if isinstance(auth_data, LoginPassword):
            ok = (
                auth_data.login.decode() == self.user
                and auth_data.password.decode() == self.password
            )
            if ok:
                return AuthResult(success=True, auth_data=self.user)
        return AuthResult(success=False, handled=False)

    def _take_rejection(self) -> str | None:
        with self._lock:
            return self._rejections.pop(0) if self._rejections else None


class _SmtpHandler:
    def __init__(self, server: SmtpServer) -> None:
        self._server = server

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        rejection = self._server._take_rejection()
        if rejection:
            return rejection
        authenticated = session.auth_data if session.authenticated else None
        self._server.received.append(
            ReceivedMail(
                mail_from=envelope.mail_from,
                rcpt_tos=tuple(envelope.rcpt_tos),
                data=bytes(envelope.original_content or envelope.content),
                authenticated_as=authenticated if isinstance(authenticated, str) else None,
            )
        )
        return "250 2.0.0 OK queued"


# --- Telegram Bot API ---------------------------------------------------------------------

BOT_TOKEN = "123456789:TEST-token_for-teamtask"
BOT_USER = {
    "id": 123456789,
    "is_bot": True,
    "first_name": "Teamtask Support",
    "username": "teamtask_test_bot",
    "can_join_groups": False,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}
CLIENT_USER = {
    "id": 555001,
    "is_bot": False,
    "first_name": "Иван",
    "last_name": "Петров",
    "username": "ivan_petrov",
    "language_code": "ru",
}
FILE_SIZE_LIMIT = 20 * 1024 * 1024  # bots cannot getFile anything larger
_INT_PARAMS = {"chat_id", "offset", "limit", "timeout", "message_id", "reply_to_message_id"}


class ApiError(Exception):
    def __init__(self, status: int, description: str, parameters: dict[str, Any] | None = None):
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters


@dataclass
class StoredFile:
    file_id: str
    file_unique_id: str
    file_path: str
    data: bytes
    declared_size: int

    def as_file(self) -> dict[str, Any]:
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": self.declared_size,
            "file_path": self.file_path,
        }


@dataclass
class SentMessage:
    chat_id: int | str
    text: str
    message_id: int
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class ApiCall:
    method: str
    params: dict[str, Any]
    status: int


class BotApiServer:
    """Speaks the Bot API over HTTP: `/bot{token}/{method}` and `/file/bot{token}/{path}`.

    getUpdates keeps Telegram's confirmation rule: updates with update_id < offset are gone for
    good; a negative offset keeps only the last |offset|; with `timeout` the call long-polls
    until an update arrives. sendMessage answers 403 for blocked chats, 400 for empty or
    too long text, and 429 with retry_after while failures are queued with `fail_sends`.
    """

    host = LOOPBACK

    def __init__(self, token: str = BOT_TOKEN, *, max_long_poll: float = 30.0) -> None:
        self.token = token
        self.port = free_port()
        self.max_long_poll = max_long_poll
        self.calls: list[ApiCall] = []
        self.sent: list[SentMessage] = []
        self.blocked_chats: set[int | str] = set()
        self.files: dict[str, StoredFile] = {}
        self._updates: list[dict[str, Any]] = []
        self._next_update_id = 100_000
        self._next_message_id = 1
        self._next_file = 1
        self._send_failures: list[tuple[int, str, dict[str, Any] | None]] = []
        self._condition = threading.Condition()
        self._stopping = False
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def api_url(self) -> str:
        """The server root, as in the `[telegram] api_url` setting."""
        return f"http://{self.host}:{self.port}"

    @property
    def base_url(self) -> str:
        return f"{self.api_url}/bot"

    @property
    def base_file_url(self) -> str:
        return f"{self.api_url}/file/bot"

    def start(self) -> None:
        if self._httpd is not None:
            return
        self._stopping = False
        handler = type("Handler", (_BotApiHandler,), {"api": self})
        self._httpd = ThreadingHTTPServer((self.host, self.port), handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._httpd is None:
            return
        with self._condition:
            self._stopping = True
            self._condition.notify_all()  # wake long polls
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._httpd = self._thread = None

    # Test controls ----------------------------------------------------------------------

    def block_chat(self, chat_id: int | str) -> None:
        self.blocked_chats.add(chat_id)

    def fail_sends(self, count: int = 1, *, retry_after: int = 1) -> None:
        """The next `count` sendMessage calls answer 429 Too Many Requests."""
        description = f"Too Many Requests: retry after {retry_after}"
        failure = (429, description, {"retry_after": retry_after})
        with self._condition:
            self._send_failures += [failure] * count

    def pending_update_ids(self) -> list[int]:
        with self._condition:
            return [update["update_id"] for update in self._updates]

    def calls_of(self, method: str) -> list[ApiCall]:
        return [call for call in self.calls if call.method == method]

    # Update builders: each enqueues the update and returns it ---------------------------

    def push(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Enqueue any update body ({"message": …}, {"my_chat_member": …}); ids are ours."""
        with self._condition:
            update = {"update_id": self._next_update_id, **payload}
            self._next_update_id += 1
            self._updates.append(update)
            self._condition.notify_all()
        return update

    def message(
        self,
        *,
        user: dict[str, Any] | None = None,
        chat: dict[str, Any] | None = None,
        **content: Any,
    ) -> dict[str, Any]:
        """A Message object (not yet enqueued) from `user` in `chat` (default: private chat)."""
        user = user or CLIENT_USER
        if chat is None:
            chat = {"id": user["id"], "type": "private"}
            chat |= {k: user[k] for k in ("first_name", "last_name", "username") if k in user}
        with self._condition:
            message_id = self._next_message_id
            self._next_message_id += 1
        return {
            "message_id": message_id,
            "from": user,
            "chat": chat,
            "date": int(time.time()),
            **content,
        }

    def push_text(self, text: str, **kwargs: Any) -> dict[str, Any]:
        """A private text message; a leading /command gets its bot_command entity."""
        content: dict[str, Any] = {"text": text}
        command = re.match(r"/[A-Za-z0-9_]+(@\w+)?", text)
        if command:
            content["entities"] = [{"type": "bot_command", "offset": 0, "length": command.end()}]
        return self.push({"message": self.message(**content, **kwargs)})

    def push_photo(self, data: bytes, caption: str | None = None, **kwargs: Any) -> dict[str, Any]:
        """Three sizes like Telegram sends them, smallest first; only the last is `data`."""
        sizes = []
        for width, blob in ((90, data[:64]), (320, data[: len(data) // 2]), (1280, data)):
            stored = self.add_file(blob, "photos", "jpg")
            sizes.append(
                {
                    "file_id": stored.file_id,
                    "file_unique_id": stored.file_unique_id,
                    "width": width,
                    "height": width * 3 // 4,
                    "file_size": len(blob),
                }
            )
        content: dict[str, Any] = {"photo": sizes}
        if caption is not None:
            content["caption"] = caption
        return self.push({"message": self.message(**content, **kwargs)})

    def push_document(
        self,
        data: bytes,
        file_name: str,
        mime_type: str = "application/pdf",
        caption: str | None = None,
        declared_size: int | None = None,
        **kwargs: Any,
    ) -> dict[str, Any]:
        """`declared_size` fakes a big file without sending megabytes through the test."""
        stored = self.add_file(
            data, "documents", file_name.rpartition(".")[2] or "bin", declared_size=declared_size
        )
        document = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_name": file_name,
            "mime_type": mime_type,
            "file_size": stored.declared_size,
        }
        content: dict[str, Any] = {"document": document}
        if caption is not None:
            content["caption"] = caption
        return self.push({"message": self.message(**content, **kwargs)})

    def push_voice(self, data: bytes, duration: int = 3, **kwargs: Any) -> dict[str, Any]:
        stored = self.add_file(data, "voice", "oga")
        voice = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "duration": duration,
            "mime_type": "audio/ogg",
            "file_size": len(data),
        }
        return self.push({"message": self.message(voice=voice, **kwargs)})

    def push_video_note(self, data: bytes, duration: int = 5, **kwargs: Any) -> dict[str, Any]:
        stored = self.add_file(data, "video_notes", "mp4")
        note = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "length": 240,
            "duration": duration,
            "file_size": len(data),
        }
        return self.push({"message": self.message(video_note=note, **kwargs)})

    def push_edit(self, original: dict[str, Any], text: str) -> dict[str, Any]:
        """An edit of an earlier pushed update's message: same message_id, new text/caption."""
        edited = dict(original["message"])
        edited["caption" if "caption" in edited else "text"] = text
        edited["edit_date"] = int(time.time())
        return self.push({"edited_message": edited})

    def push_group_text(self, text: str, chat_id: int = -100_200_300) -> dict[str, Any]:
        chat = {"id": chat_id, "type": "supergroup", "title": "Клиенты"}
        return self.push({"message": self.message(chat=chat, text=text)})

    def push_channel_post(self, text: str, chat_id: int = -100_999_888) -> dict[str, Any]:
        chat = {"id": chat_id, "type": "channel", "title": "Новости"}
        post = self.message(chat=chat, text=text)
        del post["from"]  # channel posts have sender_chat, not from
        post["sender_chat"] = chat
        return self.push({"channel_post": post})

    def add_file(
        self, data: bytes, directory: str, extension: str, declared_size: int | None = None
    ) -> StoredFile:
        with self._condition:
            number = self._next_file
            self._next_file += 1
        stored = StoredFile(
            file_id=f"FILE-{number:04d}-{directory}",
            file_unique_id=f"U{number:04d}",
            file_path=f"{directory}/file_{number}.{extension}",
            data=data,
            declared_size=declared_size if declared_size is not None else len(data),
        )
        self.files[stored.file_id] = stored
        return stored

    # The API ---------------------------------------------------------------------------

    def call(self, method: str, params: dict[str, Any]) -> Any:
        handler = getattr(self, f"_api_{method}", None)
        if handler is None:
            raise ApiError(404, "Not Found")
        return handler(params)

    def _api_getMe(self, params: dict[str, Any]) -> Any:
        return BOT_USER

    def _api_deleteWebhook(self, params: dict[str, Any]) -> Any:
        return True

    def _api_getWebhookInfo(self, params: dict[str, Any]) -> Any:
        return {
            "url": "",
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }

    def _api_getUpdates(self, params: dict[str, Any]) -> Any:
        offset = params.get("offset")
        limit = max(1, min(int(params.get("limit") or 100), 100))
        timeout = min(float(params.get("timeout") or 0), self.max_long_poll)
        deadline = time.monotonic() + timeout
        with self._condition:
            if isinstance(offset, int) and offset < 0:
                self._updates = self._updates[offset:]
            elif isinstance(offset, int) and offset > 0:  # confirms everything before it
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
            while not self._updates and not self._stopping:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                self._condition.wait(remaining)
            return list(self._updates[:limit])

    def _api_sendMessage(self, params: dict[str, Any]) -> Any:
        chat_id = params.get("chat_id")
        text = params.get("text")
        if chat_id is None or chat_id == "":
            raise ApiError(400, "Bad Request: chat_id is empty")
        if not isinstance(text, str) or not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if len(text.encode("utf-16-le")) // 2 > 4096:
            raise ApiError(400, "Bad Request: message is too long")
        with self._condition:
            failure = self._send_failures.pop(0) if self._send_failures else None
        if failure:
            raise ApiError(*failure)
        if chat_id in self.blocked_chats:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        with self._condition:
            message_id = self._next_message_id
            self._next_message_id += 1
            self.sent.append(SentMessage(chat_id, text, message_id, dict(params)))
        chat_type = "private" if isinstance(chat_id, int) and chat_id > 0 else "supergroup"
        return {
            "message_id": message_id,
            "from": BOT_USER,
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": chat_type},
            "text": text,
        }

    def _api_getFile(self, params: dict[str, Any]) -> Any:
        stored = self.files.get(str(params.get("file_id")))
        if stored is None:
            raise ApiError(400, "Bad Request: invalid file_id")
        if stored.declared_size > FILE_SIZE_LIMIT:
            raise ApiError(400, "Bad Request: file is too big")
        return stored.as_file()

    def file_data(self, file_path: str) -> bytes | None:
        for stored in self.files.values():
            if stored.file_path == file_path:
                return stored.data
        return None


class _BotApiHandler(BaseHTTPRequestHandler):
    api: BotApiServer
    protocol_version = "HTTP/1.1"  # keep-alive, like Telegram; httpx reuses connections
    timeout = 60

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the tests read `api.calls` instead

    def do_GET(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        self._dispatch()

    def _dispatch(self) -> None:
        split = urlsplit(self.path)
        # PTB percent-encodes the token's ':' (and file paths); compare decoded text.
        path = unquote(split.path)
        body = self._body()
        if path.startswith("/file/bot"):
            token, _, file_path = path[len("/file/bot") :].partition("/")
            data = self.api.file_data(file_path) if token == self.api.token else None
            if data is None:
                self._json(404, {"ok": False, "error_code": 404, "description": "Not Found"})
            else:
                self._send(200, data, "application/octet-stream")
            return
        match = re.fullmatch(r"/bot([^/]*)/(\w+)", path)
        if match is None:
            self._json(404, {"ok": False, "error_code": 404, "description": "Not Found"})
            return
        token, method = match.groups()
        params = self._params(split.query, body)
        if token != self.api.token:
            status, answer = 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
        else:
            try:
                status, answer = 200, {"ok": True, "result": self.api.call(method, params)}
            except ApiError as error:
                status = error.status
                answer = {"ok": False, "error_code": error.status, "description": error.description}
                if error.parameters:
                    answer["parameters"] = error.parameters
        self.api.calls.append(ApiCall(method, params, status))
        self._json(status, answer)

    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _params(self, query: str, body: bytes) -> dict[str, Any]:
        """Telegram accepts query strings, url-encoded forms, JSON and multipart forms; PTB
        sends url-encoded forms with complex values (lists, dicts) JSON-encoded."""
        params: dict[str, Any] = dict(parse_qsl(query))
        content_type = (self.headers.get("Content-Type") or "").lower()
        if body and content_type.startswith("application/json"):
            params |= json.loads(body)
        elif body and content_type.startswith("multipart/form-data"):
            head = f"Content-Type: {self.headers['Content-Type']}\r\n\r\n".encode()
            form = message_from_bytes(head + body, policy=email_policy.HTTP)
            for part in form.iter_parts():  # type: ignore[attr-defined]
                name = part.get_param("name", header="content-disposition")
                params[name] = (part.get_payload(decode=True) or b"").decode("utf-8", "replace")
        elif body:
            params |= dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
        for key, value in list(params.items()):
            if isinstance(value, str) and value[:1] in ("[", "{"):
                with suppress(ValueError):
                    params[key] = json.loads(value)
            if key in _INT_PARAMS and isinstance(params[key], str):
                with suppress(ValueError):  # "@channelname" chat ids stay strings
                    params[key] = int(params[key])
        return params

    def _json(self, status: int, payload: dict[str, Any]) -> None:
        self._send(status, json.dumps(payload, ensure_ascii=False).encode(), "application/json")

    def _send(self, status: int, data: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def run_async(coroutine: Any) -> Any:
    """Run a coroutine from a synchronous test (no pytest-asyncio needed)."""
    return asyncio.run(coroutine)
