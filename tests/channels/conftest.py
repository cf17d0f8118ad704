"""Fixtures with real servers for the channel tests (see servers.py)."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

try:  # tests/ may become a package later; today pytest puts this folder on sys.path
    from .servers import BotApiServer, DovecotServer, SmtpServer, dovecot_unavailable_reason
except ImportError:
    from servers import BotApiServer, DovecotServer, SmtpServer, dovecot_unavailable_reason


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")  # as tests/conftest.py


@pytest.fixture
def dovecot() -> Iterator[DovecotServer]:
    """A Dovecot of this test's own (fresh mailbox `support`/`secret`), killed afterwards.

    Missing Dovecot skips the test on a developer machine but fails it in CI, where .ci/run
    installs dovecot-imapd: a CI run must never pass by skipping the mail tests.
    """
    reason = dovecot_unavailable_reason()
    if reason:
        if _in_ci():
            pytest.fail(f"Dovecot is required in CI: {reason}")
        pytest.skip(reason)
    server = DovecotServer()
    try:
        server.start()
        yield server
    finally:
        server.cleanup()


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    """aiosmtpd on a free loopback port; `stop()`/`start()` simulate an outage."""
    server = SmtpServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def bot_api() -> Iterator[BotApiServer]:
    """A Bot API server on loopback; point python-telegram-bot at `base_url`/`base_file_url`
    (or the `[telegram] api_url` setting at `api_url`) and use token `bot_api.token`."""
    server = BotApiServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()
