"""Configuration mistakes are named by their key and exit 3; passwords never show."""

from __future__ import annotations

import sys
import time
from typing import Any

import pytest

from teamtask.channels.email_config import parse_account
from teamtask.config import ConfigError

from .test_email_helpers import IMAP_PASSWORD_ENV, mail

__all__ = ["mail"]

BASE: dict[str, Any] = {
    "imap_host": "imap.example.com",
    "username": "support@example.com",
    "password_env": "SUPPORT_MAIL_PASSWORD",
    "group": "support-l1",
    "smtp_host": "smtp.example.com",
    "from_address": "support@example.com",
}
sqlite_only = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


def test_defaults_of_the_issue() -> None:
    account = parse_account("support", dict(BASE))
    assert (account.imap_port, account.imap_ssl, account.folder, account.processed_folder) == (
        993,
        True,
        "INBOX",
        "",
    )
    assert (account.smtp_port, account.smtp_starttls, account.smtp_username) == (
        587,
        True,
        "support@example.com",
    )
    assert account.smtp_password == account.password
    assert (account.form, account.max_message_bytes) == ("support", 26_214_400)
    assert parse_account("x", BASE | {"imap_ssl": False}).imap_port == 143


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"imap_hots": "x"},
            "unknown config key `email.accounts.support.imap_hots`; did you mean `imap_host`?",
        ),
        ({"imap_port": "993"}, "`email.accounts.support.imap_port` must be an integer"),
        ({"imap_port": True}, "`email.accounts.support.imap_port` must be an integer"),
        ({"imap_port": 70000}, "`email.accounts.support.imap_port` must be a port"),
        ({"imap_ssl": "yes"}, "`email.accounts.support.imap_ssl` must be true or false"),
        (
            {"imap_starttls": True},
            "`email.accounts.support.imap_ssl` and `email.accounts.support.imap_starttls` exclude each other",
        ),
        ({"group": None}, "missing config key `email.accounts.support.group`"),
        (
            {"from_address": "support"},
            "`email.accounts.support.from_address` must be an email address",
        ),
        (
            {"max_message_bytes": 0},
            "`email.accounts.support.max_message_bytes` must be a positive integer",
        ),
        ({"password_env": None}, "missing config key `email.accounts.support.password_env`"),
        (
            {"password": "x"},
            "`email.accounts.support.password_env` and `email.accounts.support.password` exclude each other",
        ),
        ({"processed_folder": "INBOX"}, "`email.accounts.support.processed_folder` must differ"),
    ],
)
def test_mistakes_are_named_by_key(change: dict[str, Any], message: str) -> None:
    table = {k: v for k, v in (BASE | change).items() if v is not None}
    with pytest.raises(ConfigError) as caught:
        parse_account("support", table)
    assert message in str(caught.value)


def test_a_wrong_typed_password_is_not_echoed() -> None:
    table = {k: v for k, v in BASE.items() if k != "password_env"} | {"password": 12345678}
    with pytest.raises(ConfigError) as caught:
        parse_account("support", table)
    assert "12345678" not in str(caught.value) and "`email.accounts.support.password`" in str(
        caught.value
    )
    inline = {k: v for k, v in BASE.items() if k != "password_env"} | {"password": "hunter2"}
    assert "hunter2" not in repr(parse_account("support", inline))


def test_password_command_is_run_only_when_needed(tmp_path) -> None:
    script = tmp_path / "pw.py"
    script.write_text("print('s3cret')\n")
    account = parse_account(
        "s",
        {
            **{k: v for k, v in BASE.items() if k != "password_env"},
            "password_command": f"{sys.executable} {script}",
        },
    )
    assert "s3cret" not in repr(account)
    assert account.password.reveal() == "s3cret"
    failing = parse_account(
        "s", {**{k: v for k, v in BASE.items() if k != "password_env"}, "password_command": "false"}
    )
    with pytest.raises(ConfigError, match="password_command`: false exited with status 1"):
        failing.password.reveal()


@sqlite_only
def test_cli_reports_the_key_and_exits_3(mail: Any) -> None:
    mail.configure(imap_prot=993)
    result = mail.poll()
    assert result.code == 3
    assert "email.accounts.support.imap_prot" in result.err

    mail.configure(group="no-such-group")
    result = mail.poll()
    assert result.code == 3 and "email.accounts.support.group" in result.err

    mail.configure(form="nope")
    result = mail.poll()
    assert result.code == 3 and "email.accounts.support.form" in result.err

    mail.configure()
    result = mail.poll("--account", "sales")
    assert result.code == 3 and "no email account 'sales'" in result.err

    assert mail.tt("poll", "email", "--once", "--watch").code == 2


@sqlite_only
def test_missing_password_env_and_wrong_password_exit_3_without_the_password(
    mail: Any, monkeypatch
) -> None:
    monkeypatch.delenv(IMAP_PASSWORD_ENV)
    result = mail.poll()
    assert result.code == 3
    assert IMAP_PASSWORD_ENV in result.err and "is not set" in result.err

    monkeypatch.setenv(IMAP_PASSWORD_ENV, "wrong-Pa55word")
    started = time.monotonic()
    result = mail.poll()
    assert result.code == 3
    assert "login as support" in result.err and "failed" in result.err
    assert "wrong-Pa55word" not in result.text
    assert time.monotonic() - started < 10  # no retries against a login penalty


@sqlite_only
def test_imap_unreachable_exits_3(mail: Any) -> None:
    mail.dovecot.stop()
    result = mail.poll()
    assert result.code == 3
    assert "cannot connect to IMAP server" in result.err
    assert "support: 0 new tasks" in result.out
