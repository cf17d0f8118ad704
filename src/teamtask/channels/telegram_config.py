"""The `[telegram]` section of the config file, checked before anything talks to Telegram.

Only the keys the issue documents are accepted: a typo (`max_file_size`, `greting`) would
otherwise be silently ignored and the poller would run with a default nobody asked for.
Every mistake is a ConfigError (exit 3) that names the key.

The token is a password for the bot: it comes from an environment variable (`token_env`,
default TEAMTASK_TELEGRAM_TOKEN) or, discouraged, from `token` in the file. It is kept out of
`repr`, never printed, logged or written to the database; `redact` scrubs it from any text
(exception messages may carry URLs, and Bot API URLs contain the token).
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlsplit

from teamtask.config import ConfigError, Settings

__all__ = ["DEFAULT_GREETING", "KEYS", "TelegramConfig", "load_telegram_config"]

DEFAULT_TOKEN_ENV = "TEAMTASK_TELEGRAM_TOKEN"
DEFAULT_API_URL = "https://api.telegram.org"
DEFAULT_FORM = "support"
DEFAULT_GREETING = "Здравствуйте! Опишите, пожалуйста, проблему — мы ответим здесь."
DEFAULT_MAX_FILE_BYTES = 20 * 1024 * 1024  # the most a bot may download from api.telegram.org

KEYS = (
    "token_env",
    "token",
    "api_url",
    "group",
    "form",
    "greeting",
    "max_file_bytes",
    "accept_groups",  # group chats become conversations too ("unless configured")
)

# Bot API tokens are "<bot id>:<secret>"; checking the shape catches a pasted chat id or a
# quoted variable name without ever echoing the value.
_TOKEN_SHAPE = re.compile(r"\d+:[A-Za-z0-9_-]+")


@dataclass(frozen=True)
class TelegramConfig:
    token: str = field(repr=False)
    token_source: str  # "environment variable X" or "config key telegram.token": for messages
    api_url: str = DEFAULT_API_URL
    group: str | None = None
    form: str | None = DEFAULT_FORM
    greeting: str = DEFAULT_GREETING
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    accept_groups: bool = False

    @property
    def base_url(self) -> str:
        return f"{self.api_url}/bot"

    @property
    def base_file_url(self) -> str:
        return f"{self.api_url}/file/bot"

    def redact(self, text: str) -> str:
        """`text` with the token (plain or percent-encoded, as in URLs) replaced by ***."""
        for variant in {self.token, quote(self.token, safe=""), quote(self.token)}:
            if variant:
                text = text.replace(variant, "***")
        return text


def load_telegram_config(
    settings: Settings, environ: Mapping[str, str] | None = None
) -> TelegramConfig:
    """Read and check `[telegram]`; raise ConfigError naming the first wrong key."""
    environ = os.environ if environ is None else environ
    where = f" in {settings.config_path}" if settings.config_path else ""
    raw = settings.raw.get("telegram")
    if raw is None:
        raise ConfigError(
            f"no [telegram] section{where}: add one with token_env (see `tt poll telegram --help`)"
        )
    if not isinstance(raw, dict):
        raise ConfigError(f"config key `telegram`{where} must be a table ([telegram])")
    for key in raw:
        if key not in KEYS:
            close = difflib.get_close_matches(key, KEYS, n=1, cutoff=0.6)
            hint = f"; did you mean `{close[0]}`?" if close else f"; known keys: {', '.join(KEYS)}"
            raise ConfigError(f"unknown config key `telegram.{key}`{where}{hint}")

    token, source = _token(raw, environ, where)
    max_file_bytes = raw.get("max_file_bytes", DEFAULT_MAX_FILE_BYTES)
    if (
        not isinstance(max_file_bytes, int)
        or isinstance(max_file_bytes, bool)
        or max_file_bytes <= 0
    ):
        raise ConfigError(f"config key `telegram.max_file_bytes`{where} must be a positive integer")
    accept_groups = raw.get("accept_groups", False)
    if not isinstance(accept_groups, bool):
        raise ConfigError(f"config key `telegram.accept_groups`{where} must be true or false")
    return TelegramConfig(
        token=token,
        token_source=source,
        api_url=_api_url(raw.get("api_url", DEFAULT_API_URL), where),
        group=_optional_name(raw, "group", None, where),
        form=_optional_name(raw, "form", DEFAULT_FORM, where),
        greeting=_text(raw, "greeting", DEFAULT_GREETING, where),
        max_file_bytes=max_file_bytes,
        accept_groups=accept_groups,
    )


def _token(raw: dict[str, Any], environ: Mapping[str, str], where: str) -> tuple[str, str]:
    if "token" in raw and "token_env" in raw:
        raise ConfigError(
            f"config keys `telegram.token` and `telegram.token_env`{where} are both set: keep one"
            " (token_env is safer: the file then holds no secret)"
        )
    if "token" in raw:
        value, source = raw["token"], "config key `telegram.token`"
        if not isinstance(value, str):
            raise ConfigError(f"config key `telegram.token`{where} must be a string")
    else:
        name = raw.get("token_env", DEFAULT_TOKEN_ENV)
        if not isinstance(name, str) or not name.strip():
            raise ConfigError(
                f"config key `telegram.token_env`{where} must name an environment variable"
            )
        value, source = environ.get(name, ""), f"environment variable {name}"
        if not value.strip():
            raise ConfigError(
                f"the bot token is missing: set the {source}"
                f" (named by config key `telegram.token_env`{where})"
            )
    value = value.strip()
    if not _TOKEN_SHAPE.fullmatch(value):
        raise ConfigError(
            f"the bot token from the {source} does not look like a Bot API token"
            " (digits, a colon, then letters, digits, - or _)"
        )
    return value, source


def _api_url(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise ConfigError(f"config key `telegram.api_url`{where} must be a string (a URL)")
    url = value.strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(
            f"config key `telegram.api_url`{where} must be an http(s) URL such as {DEFAULT_API_URL}"
        )
    if parts.path.endswith("/bot") or parts.query or parts.fragment:
        raise ConfigError(
            f"config key `telegram.api_url`{where} is the server root ({DEFAULT_API_URL}):"
            " methods live under {api_url}/bot<token>/, so leave out /bot and any query"
        )
    return url


def _optional_name(raw: dict[str, Any], key: str, default: str | None, where: str) -> str | None:
    value = raw.get(key, default)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"config key `telegram.{key}`{where} must be a non-empty string")
    return value.strip()


def _text(raw: dict[str, Any], key: str, default: str, where: str) -> str:
    value = raw.get(key, default)
    if not isinstance(value, str) or not value.strip():
        # Telegram rejects empty messages, so an empty greeting could never be sent.
        raise ConfigError(f"config key `telegram.{key}`{where} must be non-empty text")
    return value
