"""Settings: a TOML file in the platform config dir, overridden by environment and options.

Precedence, highest first: command-line option, environment variable, config file, default.
The file is optional; channel sections (`[email.accounts.*]`, `[telegram]`) are read by
the channel modules from `Settings.raw` so that this module stays small and fast to import.
"""

from __future__ import annotations

import getpass
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from teamtask.domain.errors import DomainError

APP_NAME = "teamtask"
DEFAULT_ATTACHMENT_LIMIT = 25 * 1024 * 1024


class ConfigError(DomainError):
    """A configuration file or value is wrong (exit 3)."""


def config_dir() -> Path:
    from platformdirs import user_config_path

    return user_config_path(APP_NAME)


def data_dir() -> Path:
    from platformdirs import user_data_path

    return user_data_path(APP_NAME)


def default_config_path() -> Path:
    return config_dir() / "config.toml"


def default_db_url() -> str:
    return f"sqlite:///{data_dir() / 'teamtask.db'}"


def demo_db_url() -> str:
    return f"sqlite:///{data_dir() / 'demo.db'}"


@dataclass
class Settings:
    db_url: str
    user: str
    user_is_explicit: bool
    timezone: ZoneInfo
    attachment_limit: int = DEFAULT_ATTACHMENT_LIMIT
    config_path: Path | None = None
    raw: dict[str, Any] = field(default_factory=dict)

    def section(self, *path: str) -> dict[str, Any]:
        node: Any = self.raw
        for part in path:
            node = node.get(part, {}) if isinstance(node, dict) else {}
        return node if isinstance(node, dict) else {}


def load_file(path: Path | None, *, required: bool) -> dict[str, Any]:
    if path is None:
        return {}
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        if required:
            raise ConfigError(f"config file {path} does not exist") from None
        return {}
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {path} is not valid TOML: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"cannot read config file {path}: {exc.strerror}") from None


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(
            f"unknown time zone {name!r} in config key `timezone` (e.g. Europe/Moscow)"
        ) from None


def _local_zone_name() -> str:
    tz = os.environ.get("TZ")
    if tz:
        return tz.lstrip(":")
    try:
        link = os.readlink("/etc/localtime")
        return link.split("zoneinfo/", 1)[1]
    except (OSError, IndexError):
        return "UTC"


def load_settings(
    *, db: str | None = None, user: str | None = None, config: str | None = None
) -> Settings:
    config_value = config or os.environ.get("TEAMTASK_CONFIG")
    path = Path(config_value).expanduser() if config_value else default_config_path()
    raw = load_file(path, required=bool(config_value))

    db_url = db or os.environ.get("TEAMTASK_DB") or raw.get("db") or default_db_url()
    if not isinstance(db_url, str):
        raise ConfigError("config key `db` must be a string (a database URL or a file path)")
    explicit_user = user or os.environ.get("TEAMTASK_USER") or raw.get("user")
    if explicit_user is not None and not isinstance(explicit_user, str):
        raise ConfigError("config key `user` must be a string (a user handle)")
    handle = explicit_user or getpass.getuser()

    tz_name = os.environ.get("TEAMTASK_TZ") or raw.get("timezone") or _local_zone_name()
    limit = raw.get("attachments", {}).get("max_bytes", DEFAULT_ATTACHMENT_LIMIT)
    if not isinstance(limit, int) or limit <= 0:
        raise ConfigError("config key `attachments.max_bytes` must be a positive integer")
    return Settings(
        db_url=db_url,
        user=handle,
        user_is_explicit=explicit_user is not None,
        timezone=_zone(str(tz_name)),
        attachment_limit=limit,
        config_path=path,
        raw=raw,
    )
