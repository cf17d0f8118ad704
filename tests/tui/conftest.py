"""Fixtures for the TUI tests: the demo database on a fixed clock, and an app factory.

The demo is built once per session with a fake clock that ticks 7 seconds per reading,
starting two days before `FIXED_NOW`, so every stamp and every "relative" due date in it
is the same on every run and every day; the tests then freeze the clock at `FIXED_NOW`.
Snapshots therefore stay stable (the time zone is UTC too).
"""

from __future__ import annotations

import asyncio
import inspect
import re
import shutil
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

FIXED_NOW = datetime(2026, 3, 4, 9, 0, tzinfo=UTC)  # a Wednesday


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem):
    """Run `async def` tests in a fresh event loop: Pilot needs nothing more, so no
    asyncio plugin is needed for this one folder."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    names = pyfuncitem._fixtureinfo.argnames
    kwargs = {name: pyfuncitem.funcargs[name] for name in names}
    asyncio.run(pyfuncitem.obj(**kwargs))
    return True


DEMO_USER = "anna"


class TickingClock:
    def __init__(self, start: datetime, step: timedelta) -> None:
        self.now = start
        self.step = step

    def __call__(self) -> datetime:
        moment = self.now
        self.now += self.step
        return moment


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory, sqlite_template) -> Path:
    from teamtask.config import load_settings
    from teamtask.services.context import open_context
    from teamtask.services.demo import ensure_demo

    folder = tmp_path_factory.mktemp("tui-demo")
    path = folder / "demo.db"
    shutil.copy(sqlite_template, path)
    config = folder / "config.toml"
    config.write_text("")
    patch = pytest.MonkeyPatch()
    patch.setenv("TEAMTASK_TZ", "UTC")
    patch.setattr(
        "teamtask.services.context.now_utc",
        TickingClock(FIXED_NOW - timedelta(days=2), timedelta(seconds=7)),
    )
    try:
        ctx = open_context(load_settings(db=str(path), user=DEMO_USER, config=str(config)))
        ensure_demo(ctx)
        ctx.db.close()
    finally:
        patch.undo()
    return path


@pytest.fixture
def tui_env(demo_template, tmp_path, monkeypatch) -> Path:
    """A private copy of the demo database, the clock frozen, the environment set."""
    path = tmp_path / "teamtask.db"
    shutil.copy(demo_template, path)
    config = tmp_path / "config.toml"
    config.write_text("")
    monkeypatch.setenv("TEAMTASK_TZ", "UTC")
    monkeypatch.setenv("TEAMTASK_CONFIG", str(config))
    monkeypatch.setenv("TEAMTASK_DB", str(path))
    monkeypatch.setenv("TEAMTASK_USER", DEMO_USER)
    monkeypatch.setattr("teamtask.services.context.now_utc", lambda: FIXED_NOW)
    return path


@pytest.fixture
def make_app(tui_env, tmp_path) -> Iterator[Callable[..., object]]:
    """`make_app(live=False, config="", user="anna", db=None)` → a TeamtaskApp."""
    from teamtask.config import load_settings
    from teamtask.services.context import open_context
    from teamtask.tui.app import TeamtaskApp

    contexts = []

    def make(
        *,
        live: bool = False,
        config: str = "",
        user: str = DEMO_USER,
        db: str | None = None,
        interval: float = 0.2,
    ) -> TeamtaskApp:
        config_path = tmp_path / "config.toml"
        config_path.write_text(config)
        ctx = open_context(load_settings(db=db or str(tui_env), user=user, config=str(config_path)))
        contexts.append(ctx)
        return TeamtaskApp(ctx, live=live, watch_interval=interval)

    yield make
    for ctx in contexts:
        ctx.db.close()


@pytest.fixture
def other_ctx(tui_env):
    """A second service context on the same file: 'someone else' writing meanwhile."""
    from teamtask.config import load_settings
    from teamtask.services.context import open_context

    def make(user: str = "boris"):
        return open_context(load_settings(db=str(tui_env), user=user))

    return make


@pytest.fixture
def snap(snapshot):
    """`snap(app, run_before=…)`: pytest-textual-snapshot's SVG comparison, made stable.

    Rich names an SVG's styles after a hash of the rendered segments, and that hash takes
    in Textual's style metadata, which is not the same from run to run even when the
    picture is identical (seen on the reply modal). The picture is what we compare, so
    the name is normalised first.
    """
    from pytest_textual_snapshot import SVGImageExtension
    from textual._doc import take_svg_screenshot

    expected = snapshot.use_extension(SVGImageExtension)

    def compare(app, *, run_before, terminal_size=(120, 40)) -> bool:
        svg = take_svg_screenshot(app=app, terminal_size=terminal_size, run_before=run_before)
        return expected == re.sub(r"terminal-\d+", "terminal", svg)

    return compare
