"""The `[telegram]` section is checked key by key before anything talks to Telegram, and the
run lock keeps two pollers apart on SQLite (flock) and PostgreSQL (advisory lock)."""

from __future__ import annotations

import contextlib
import io
import subprocess
import sys
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from teamtask.channels.telegram import run_poll
from teamtask.channels.telegram_config import TelegramConfig, load_telegram_config
from teamtask.cli.state import State
from teamtask.config import ConfigError, Settings

TOKEN = "123456789:AAE-secret_value-xyz"
ENV = {"TEAMTASK_TELEGRAM_TOKEN": TOKEN, "OTHER_TOKEN": TOKEN}


def settings(telegram: Any) -> Settings:
    raw = {} if telegram is None else {"telegram": telegram}
    return Settings(
        db_url="sqlite:///unused.db",
        user="alice",
        user_is_explicit=True,
        timezone=ZoneInfo("UTC"),
        config_path=Path("/etc/teamtask/config.toml"),
        raw=raw,
    )


def load(telegram: Any, environ: dict[str, str] | None = None) -> TelegramConfig:
    return load_telegram_config(settings(telegram), ENV if environ is None else environ)


def test_every_documented_key() -> None:
    config = load(
        {
            "token_env": "OTHER_TOKEN",
            "api_url": "http://127.0.0.1:8081/",
            "group": "support-l1",
            "form": "support",
            "greeting": "Привет!",
            "max_file_bytes": 1024,
            "accept_groups": True,
        }
    )
    assert config.token == TOKEN and config.token_source == "environment variable OTHER_TOKEN"
    assert config.base_url == "http://127.0.0.1:8081/bot"
    assert config.base_file_url == "http://127.0.0.1:8081/file/bot"
    assert (config.group, config.form, config.greeting) == ("support-l1", "support", "Привет!")
    assert (config.max_file_bytes, config.accept_groups) == (1024, True)


def test_defaults_and_the_discouraged_inline_token() -> None:
    config = load({})
    assert config.token_source == "environment variable TEAMTASK_TELEGRAM_TOKEN"
    assert config.api_url == "https://api.telegram.org"
    assert (config.group, config.form, config.accept_groups) == (None, "support", False)
    assert config.max_file_bytes == 20 * 1024 * 1024
    assert load({"token": TOKEN}, environ={}).token_source == "config key `telegram.token`"


@pytest.mark.parametrize(
    ("section", "names"),
    [
        ({"max_file_size": 10}, ["telegram.max_file_size", "max_file_bytes"]),
        ({"chat": 1}, ["telegram.chat", "token_env"]),
        ({"max_file_bytes": "20MB"}, ["telegram.max_file_bytes", "positive integer"]),
        ({"max_file_bytes": 0}, ["telegram.max_file_bytes"]),
        ({"max_file_bytes": True}, ["telegram.max_file_bytes"]),
        ({"accept_groups": "yes"}, ["telegram.accept_groups", "true or false"]),
        ({"greeting": "  "}, ["telegram.greeting"]),
        ({"group": ""}, ["telegram.group"]),
        ({"form": 5}, ["telegram.form"]),
        ({"api_url": "ftp://example.org"}, ["telegram.api_url", "http"]),
        ({"api_url": "https://api.telegram.org/bot"}, ["telegram.api_url", "server root"]),
        ({"token_env": ""}, ["telegram.token_env"]),
        ({"token": TOKEN, "token_env": "X"}, ["telegram.token", "telegram.token_env"]),
        ({"token_env": "UNSET_VARIABLE"}, ["UNSET_VARIABLE", "missing"]),
        ({"token": 12345}, ["telegram.token", "string"]),
    ],
)
def test_wrong_keys_and_values_name_the_key(section: dict[str, Any], names: list[str]) -> None:
    with pytest.raises(ConfigError) as caught:
        load(section)
    for name in names:
        assert name in str(caught.value)
    assert "/etc/teamtask/config.toml" in str(caught.value)


def test_missing_section_and_a_token_that_is_no_token() -> None:
    with pytest.raises(ConfigError, match=r"no \[telegram\] section"):
        load(None)
    with pytest.raises(ConfigError, match="does not look like a Bot API token") as caught:
        load({"token": "my secret password"}, environ={})
    assert "my secret password" not in str(caught.value)


def test_the_token_never_shows() -> None:
    config = load({})
    assert TOKEN not in repr(config)
    url = f"{config.base_url}{TOKEN.replace(':', '%3A')}/getMe and {TOKEN}"
    assert config.redact(url) == f"{config.base_url}***/getMe and ***"


def _run(state: State) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = run_poll(state, once=True, watch=False, quiet=True)
    state.close()
    return code, err.getvalue()


def test_poll_with_a_wrong_key_exits_3_before_touching_anything(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[telegram]\ntoken = "1:x"\ngreting = "hi"\n', encoding="utf-8")
    db = tmp_path / "never.db"

    code, err = _run(State(db=f"sqlite:///{db}", user="alice", config=str(config)))

    assert code == 3
    assert "`telegram.greting`" in err and "`greeting`" in err
    assert not db.exists()


def test_poll_with_an_unknown_group_exits_3(
    tt: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("TEAMTASK_TELEGRAM_TOKEN", TOKEN)
    config = tmp_path / "telegram.toml"
    config.write_text('[telegram]\ngroup = "support-l2"\n', encoding="utf-8")

    code, err = _run(State(db=tt.db_url, user="alice", config=str(config)))

    assert code == 3
    assert "`telegram.group`" in err and "support-l2" in err

    config.write_text('[telegram]\nform = "suport"\n', encoding="utf-8")
    code, err = _run(State(db=tt.db_url, user="alice", config=str(config)))
    assert code == 3
    assert "`telegram.form`" in err and "suport" in err


# --- the run lock -------------------------------------------------------------------------

HOLD_LOCK = (
    "import sys, time\n"
    "from teamtask.channels.runlock import RunLock\n"
    "from teamtask.config import load_settings\n"
    "from teamtask.services.context import open_context\n"
    "lock = RunLock(open_context(load_settings(db=sys.argv[1], user='alice')), 'telegram')\n"
    "assert lock.acquire()\n"
    "print('locked', flush=True)\n"
    "time.sleep(60)\n"
)


def test_run_lock_is_exclusive_and_dies_with_its_holder(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from teamtask.channels.runlock import RunLock
    from teamtask.config import load_settings
    from teamtask.services.context import open_context

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))  # lock files of this test only
    opened = []

    def lock(name: str) -> RunLock:
        ctx = open_context(load_settings(db=db_url, user="alice"))
        opened.append(ctx)
        return RunLock(ctx, name)

    mine, theirs, other_source = lock("telegram"), lock("telegram"), lock("email:support")
    assert mine.acquire()
    assert not theirs.acquire()
    assert other_source.acquire()  # another source polls independently
    other_source.release()
    mine.release()
    assert theirs.acquire()  # released
    theirs.release()

    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, db_url], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        assert not mine.acquire()
    finally:
        holder.kill()  # SIGKILL: no cleanup code runs, the OS / server frees the lock
        holder.wait(timeout=10)
    try:
        assert mine.acquire(wait=5), "the lock of a killed process was never released"
        mine.release()
    finally:
        for ctx in opened:
            ctx.db.close()
