"""Shared fixtures of the email channel tests (no tests of its own).

`mail` wires one test's database (both kinds, through `tt`), a real Dovecot and a real aiosmtpd
into a teamtask config file, and offers the few steps the scenarios repeat: append a message,
run the poller (in-process or as a real process), read back tasks, comments and the outbox.
"""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path
from typing import Any

import pytest

from teamtask.db import Database, DatabaseUrl

from .servers import DovecotServer, SmtpServer

IMAP_PASSWORD_ENV = "TT_TEST_IMAP_PASSWORD"
SMTP_PASSWORD_ENV = "TT_TEST_SMTP_PASSWORD"
SUPPORT = "support@example.com"
CLIENT = "ivan@example.ru"


def account_toml(
    dovecot: DovecotServer, smtp: SmtpServer, name: str = "support", **overrides: Any
) -> str:
    values: dict[str, Any] = {
        "imap_host": dovecot.host,
        "imap_port": dovecot.port,
        "imap_ssl": False,
        "username": dovecot.user,
        "password_env": IMAP_PASSWORD_ENV,
        "folder": "INBOX",
        "processed_folder": "",
        "group": "support-l1",
        "form": "support",
        "smtp_host": smtp.host,
        "smtp_port": smtp.port,
        "smtp_ssl": False,
        "smtp_starttls": False,
        "smtp_username": smtp.user,
        "smtp_password_env": SMTP_PASSWORD_ENV,
        "from_address": SUPPORT,
        "max_message_bytes": 26_214_400,
    }
    values |= overrides
    lines = [f"[email.accounts.{name}]"]
    for key, value in values.items():
        if value is None:
            continue
        if isinstance(value, bool):
            lines.append(f"{key} = {'true' if value else 'false'}")
        elif isinstance(value, int):
            lines.append(f"{key} = {value}")
        else:
            lines.append(f'{key} = "{value}"')
    return "\n".join(lines) + "\n"


def message(
    subject: str = "Не работает печать",
    body: str = "Здравствуйте! Принтер не печатает.\n",
    *,
    sender: str = f"Иван Петров <{CLIENT}>",
    message_id: str | None = "auto",
    in_reply_to: str | None = None,
    references: str | None = None,
    headers: dict[str, str] | None = None,
    html: str | None = None,
    attachments: list[tuple[str, str, bytes]] = (),  # type: ignore[assignment]
) -> bytes:
    """A well-formed message the way a mail program would write it."""
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = SUPPORT
    if subject is not None:
        mail["Subject"] = subject
    mail["Date"] = format_datetime(__import__("datetime").datetime.now().astimezone())
    if message_id == "auto":
        message_id = make_msgid(domain="example.ru")
    if message_id:
        mail["Message-ID"] = message_id
    if in_reply_to:
        mail["In-Reply-To"] = in_reply_to
    if references:
        mail["References"] = references
    for name, value in (headers or {}).items():
        mail[name] = value
    if html is not None and body is None:
        mail.set_content(html, subtype="html")
    else:
        mail.set_content(body)
        if html is not None:
            mail.add_alternative(html, subtype="html")
    for filename, content_type, data in attachments:
        maintype, subtype = content_type.split("/", 1)
        mail.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return bytes(mail)


def raw_message(headers: str, body: bytes | str = b"Hello\r\n") -> bytes:
    """Bytes exactly as given (CRLF line ends), for mail no library would write."""
    head = headers.strip().replace("\r\n", "\n").replace("\n", "\r\n").encode("utf-8")
    data = body.encode() if isinstance(body, str) else body
    return head + b"\r\n\r\n" + data


def b64(data: bytes) -> str:
    return base64.encodebytes(data).decode()


@dataclass
class PollResult:
    code: int
    out: str
    err: str

    @property
    def text(self) -> str:
        return self.out + self.err


class Mail:
    """One test's mail world: `tt`, Dovecot, aiosmtpd and the config that joins them."""

    def __init__(self, tt: Any, dovecot: DovecotServer, smtp: SmtpServer) -> None:
        self.tt = tt
        self.dovecot = dovecot
        self.smtp = smtp
        self.config_path = Path(tt.env["TEAMTASK_CONFIG"])
        self.db = Database(DatabaseUrl.parse(tt.db_url))
        self.configure()

    def configure(self, extra: str = "", **overrides: Any) -> None:
        self.config_path.write_text(account_toml(self.dovecot, self.smtp, **overrides) + extra)

    def close(self) -> None:
        self.db.close()

    # Actions --------------------------------------------------------------------------

    def append(self, raw: bytes, folder: str = "INBOX") -> int:
        return self.dovecot.append(raw, folder)

    def poll(self, *args: str) -> PollResult:
        result = self.tt("poll", "email", "--once", *args)
        return PollResult(result.code, result.out, result.err)

    def poll_ok(self, *args: str) -> PollResult:
        result = self.poll(*args)
        assert result.code == 0, result.text
        return result

    def run(self, *args: str, env: dict[str, str] | None = None, timeout: float = 60) -> PollResult:
        """`tt ARGS` as a real process (for kill -9 and concurrency)."""
        proc = self.spawn(*args, env=env)
        out, err = proc.communicate(timeout=timeout)
        return PollResult(proc.returncode, out, err)

    def run_bytes(self, *args: str, timeout: float = 60) -> bytes:
        """`tt ARGS` as a real process; its stdout as bytes (for --raw)."""
        proc = self.spawn(*args, text=False)
        out, err = proc.communicate(timeout=timeout)
        assert proc.returncode == 0, err
        return out

    def spawn(
        self, *args: str, env: dict[str, str] | None = None, text: bool = True
    ) -> subprocess.Popen[Any]:
        return subprocess.Popen(
            [sys.executable, "-m", "teamtask", *args],
            env={**os.environ, **self.tt.env, **(env or {})},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=text,
        )

    # Reading back ---------------------------------------------------------------------

    def all(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple]:
        rows = self.db.all(sql, params)
        self.db.close()  # no open read snapshot or lock held between steps
        return rows

    def scalar(self, sql: str, params: tuple[Any, ...] = ()) -> Any:
        rows = self.all(sql, params)
        return rows[0][0] if rows else None

    def execute(self, sql: str, params: tuple[Any, ...] = ()) -> None:
        with self.db.transaction():
            self.db.execute(sql, params)
        self.db.close()

    def tasks(self) -> list[dict[str, Any]]:
        rows = self.all(
            "SELECT t.id, t.title, t.description, t.status, t.channel, t.form_key, g.name,"
            " c.email, c.name FROM tasks t LEFT JOIN groups g ON g.id = t.group_id"
            " LEFT JOIN contacts c ON c.id = t.requester_id ORDER BY t.id"
        )
        keys = ["id", "title", "description", "status", "channel", "form", "group", "email", "name"]
        return [dict(zip(keys, row, strict=True)) for row in rows]

    def comments(self, task_id: int) -> list[dict[str, Any]]:
        rows = self.all(
            "SELECT c.body, c.public, c.channel, ct.email, c.external_id FROM comments c"
            " LEFT JOIN contacts ct ON ct.id = c.author_contact_id WHERE c.task_id = ?"
            " ORDER BY c.id",
            (task_id,),
        )
        keys = ["body", "public", "channel", "author", "external_id"]
        return [dict(zip(keys, row, strict=True)) for row in rows]

    def inbound(self) -> list[dict[str, Any]]:
        rows = self.all(
            "SELECT dedupe_key, status, task_id, reason, raw IS NOT NULL, external_id"
            " FROM inbound_messages ORDER BY id"
        )
        keys = ["key", "status", "task", "reason", "has_raw", "external_id"]
        return [dict(zip(keys, row, strict=True)) for row in rows]

    def outbox(self) -> list[dict[str, Any]]:
        rows = self.all(
            "SELECT id, task_id, status, attempts, last_error, external_id FROM outbox ORDER BY id"
        )
        keys = ["id", "task", "status", "attempts", "last_error", "external_id"]
        return [dict(zip(keys, row, strict=True)) for row in rows]

    def reply(self, task_id: int, text: str, *, public: bool = True) -> None:
        args = ["comment", str(task_id), text] + (["--public"] if public else [])
        self.tt.ok(*args)

    def seen(self, uid: int, folder: str = "INBOX") -> bool:
        return b"\\Seen" in self.dovecot.flags(uid, folder)


@pytest.fixture
def mail(tt: Any, dovecot: DovecotServer, smtp_server: SmtpServer, monkeypatch) -> Any:
    # Run-lock files go to the platform data dir: keep this test's out of the real one.
    monkeypatch.setenv("XDG_DATA_HOME", str(Path(tt.tmp_path) / "xdg-data"))
    monkeypatch.setenv(IMAP_PASSWORD_ENV, dovecot.password)
    monkeypatch.setenv(SMTP_PASSWORD_ENV, smtp_server.password)
    world = Mail(tt, dovecot, smtp_server)
    yield world
    world.close()
