"""`[email.accounts.NAME]`: read, type-check and explain mistakes by the key's full name.

A typo in a cron job's config must fail loudly (exit 3) rather than poll the wrong folder or
silently never send replies, so unknown keys are errors too. Passwords are resolved only when a
connection needs them, from the environment or a command, and live in no field that `repr`,
logs or the database could show.
"""

from __future__ import annotations

import difflib
import os
import shlex
import subprocess
from dataclasses import dataclass, field
from typing import Any

from teamtask.config import ConfigError, Settings

DEFAULT_MAX_MESSAGE_BYTES = 26_214_400  # 25 MiB, what most providers accept
PASSWORD_COMMAND_TIMEOUT = 30

# key → (type, default); REQUIRED marks keys without a default.
REQUIRED = object()
_KEYS: dict[str, tuple[type, Any]] = {
    "imap_host": (str, REQUIRED),
    "imap_port": (int, None),  # None: 993 with imap_ssl, else 143
    "imap_ssl": (bool, True),
    "imap_starttls": (bool, False),
    "username": (str, REQUIRED),
    "password_env": (str, None),
    "password_command": (str, None),
    "password": (str, None),
    "folder": (str, "INBOX"),
    "processed_folder": (str, ""),
    "group": (str, REQUIRED),
    "form": (str, "support"),
    "smtp_host": (str, REQUIRED),
    "smtp_port": (int, 587),
    "smtp_ssl": (bool, False),
    "smtp_starttls": (bool, True),
    "smtp_username": (str, None),  # default: username
    "smtp_password_env": (str, None),  # default: the IMAP password
    "smtp_password_command": (str, None),
    "smtp_password": (str, None),
    "from_address": (str, REQUIRED),
    "max_message_bytes": (int, DEFAULT_MAX_MESSAGE_BYTES),
}
_TYPE_NAMES = {str: "a string", int: "an integer", bool: "true or false"}


@dataclass(frozen=True)
class Secret:
    """Where a password comes from; `reveal()` reads it only when a login needs it."""

    key: str  # the config key that named the source, for error messages
    source: str  # "env" | "command" | "inline"
    value: str = field(repr=False)  # env var name, command line, or the password itself

    def reveal(self) -> str:
        if self.source == "inline":
            return self.value
        if self.source == "env":
            password = os.environ.get(self.value)
            if not password:
                raise ConfigError(f"`{self.key}`: environment variable {self.value} is not set")
            return password
        return _run_password_command(self.key, self.value)


def _run_password_command(key: str, command: str) -> str:
    try:
        argv = shlex.split(command)
    except ValueError as exc:
        raise ConfigError(f"`{key}` is not a valid command line: {exc}") from None
    if not argv:
        raise ConfigError(f"`{key}` is empty")
    try:
        done = subprocess.run(
            argv, capture_output=True, text=True, timeout=PASSWORD_COMMAND_TIMEOUT, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ConfigError(f"`{key}`: cannot run {argv[0]}: {exc}") from None
    # The output is the secret: never echo it, not even in an error.
    if done.returncode != 0:
        raise ConfigError(f"`{key}`: {argv[0]} exited with status {done.returncode}")
    password = done.stdout.splitlines()[0] if done.stdout else ""
    if not password:
        raise ConfigError(f"`{key}`: {argv[0]} printed no password")
    return password


@dataclass(frozen=True)
class EmailAccount:
    name: str
    imap_host: str
    imap_port: int
    imap_ssl: bool
    imap_starttls: bool
    username: str
    password: Secret
    folder: str
    processed_folder: str
    group: str
    form: str
    smtp_host: str
    smtp_port: int
    smtp_ssl: bool
    smtp_starttls: bool
    smtp_username: str
    smtp_password: Secret
    from_address: str
    max_message_bytes: int

    @property
    def domain(self) -> str:
        return self.from_address.rpartition("@")[2]


def accounts(settings: Settings) -> dict[str, EmailAccount]:
    """Every configured account, in file order; {} when there is no [email] section."""
    email = settings.raw.get("email")
    if email is None:
        return {}
    if not isinstance(email, dict):
        raise ConfigError("config key `email` must be a table")
    for key in email:
        if key != "accounts":
            raise ConfigError(f"unknown config key `email.{key}`{_hint(key, ['accounts'])}")
    tables = email.get("accounts", {})
    if not isinstance(tables, dict):
        raise ConfigError("config key `email.accounts` must be a table of accounts")
    return {name: parse_account(name, table) for name, table in tables.items()}


def account_named(settings: Settings, name: str | None) -> list[EmailAccount]:
    """The accounts a command works on: the named one, or all; never an empty list."""
    found = accounts(settings)
    where = f" in {settings.config_path}" if settings.config_path else ""
    if not found:
        raise ConfigError(f"no email account is configured: add [email.accounts.NAME]{where}")
    if name is None:
        return list(found.values())
    if name not in found:
        raise ConfigError(
            f"no email account {name!r}{where}; configured: {', '.join(sorted(found))}"
        )
    return [found[name]]


def parse_account(name: str, table: Any) -> EmailAccount:
    prefix = f"email.accounts.{name}"
    if not isinstance(table, dict):
        raise ConfigError(f"config key `{prefix}` must be a table")
    for key in table:
        if key not in _KEYS:
            raise ConfigError(f"unknown config key `{prefix}.{key}`{_hint(key, list(_KEYS))}")
    values: dict[str, Any] = {}
    for key, (kind, default) in _KEYS.items():
        if key not in table:
            if default is REQUIRED:
                raise ConfigError(f"missing config key `{prefix}.{key}`")
            values[key] = default
            continue
        value = table[key]
        # bool is an int in Python: `imap_port = true` must not pass as port 1.
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise ConfigError(
                f"config key `{prefix}.{key}` must be {_TYPE_NAMES[kind]},"
                f" not {type(value).__name__} {value!r}"
                if "password" not in key or key.endswith(("_env", "_command"))
                else f"config key `{prefix}.{key}` must be {_TYPE_NAMES[kind]}"
            )
        values[key] = value
    _check_values(prefix, values)
    if values["imap_port"] is None:
        values["imap_port"] = 993 if values["imap_ssl"] else 143
    password = _secret(prefix, values, "")
    smtp_password = _secret(prefix, values, "smtp_", optional=True) or password
    return EmailAccount(
        name=name,
        imap_host=values["imap_host"],
        imap_port=values["imap_port"],
        imap_ssl=values["imap_ssl"],
        imap_starttls=values["imap_starttls"],
        username=values["username"],
        password=password,
        folder=values["folder"],
        processed_folder=values["processed_folder"],
        group=values["group"],
        form=values["form"],
        smtp_host=values["smtp_host"],
        smtp_port=values["smtp_port"],
        smtp_ssl=values["smtp_ssl"],
        smtp_starttls=values["smtp_starttls"],
        smtp_username=values["smtp_username"] or values["username"],
        smtp_password=smtp_password,
        from_address=values["from_address"].strip(),
        max_message_bytes=values["max_message_bytes"],
    )


def _check_values(prefix: str, values: dict[str, Any]) -> None:
    for key in ("imap_host", "username", "folder", "group", "form", "smtp_host"):
        if not values[key].strip():
            raise ConfigError(f"config key `{prefix}.{key}` must not be empty")
    for key in ("imap_port", "smtp_port"):
        port = values[key]
        if port is not None and not 0 < port < 65536:
            raise ConfigError(f"config key `{prefix}.{key}` must be a port (1-65535), not {port}")
    if values["max_message_bytes"] <= 0:
        raise ConfigError(f"config key `{prefix}.max_message_bytes` must be a positive integer")
    if values["imap_ssl"] and values["imap_starttls"]:
        raise ConfigError(
            f"config keys `{prefix}.imap_ssl` and `{prefix}.imap_starttls` exclude each other"
        )
    if values["smtp_ssl"] and values["smtp_starttls"]:
        raise ConfigError(
            f"config keys `{prefix}.smtp_ssl` and `{prefix}.smtp_starttls` exclude each other"
        )
    address = values["from_address"].strip()
    local, at, domain = address.rpartition("@")
    if not at or not local or not domain or " " in address:
        raise ConfigError(f"config key `{prefix}.from_address` must be an email address")
    if values["processed_folder"].strip() == values["folder"].strip():
        raise ConfigError(
            f"config key `{prefix}.processed_folder` must differ from `folder` (or be empty)"
        )


def _secret(prefix: str, values: dict[str, Any], stem: str, *, optional: bool = False):
    sources: list[tuple[str, str]] = [
        (kind, f"{stem}{key}")
        for kind, key in (
            ("env", "password_env"),
            ("command", "password_command"),
            ("inline", "password"),
        )
        if values[f"{stem}{key}"] is not None
    ]
    if len(sources) > 1:
        names = " and ".join(f"`{prefix}.{key}`" for _, key in sources)
        raise ConfigError(f"config keys {names} exclude each other: give one password source")
    if not sources:
        if optional:
            return None
        raise ConfigError(
            f"missing config key `{prefix}.password_env` (or password_command, or password)"
        )
    kind, key = sources[0]
    value = values[key]
    if not value.strip():
        raise ConfigError(f"config key `{prefix}.{key}` must not be empty")
    return Secret(f"{prefix}.{key}", kind, value)


def _hint(word: str, candidates: list[str]) -> str:
    close = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    return f"; did you mean `{close[0]}`?" if close else ""
