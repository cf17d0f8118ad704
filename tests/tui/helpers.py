"""Waiting and reading helpers for Pilot tests."""

from __future__ import annotations

import html
import re
import time
from collections.abc import Callable

from textual.pilot import Pilot

_TEXT = re.compile(r'<text[^>]*\bx="([\d.]+)"[^>]*\by="([\d.]+)"[^>]*>(.*?)</text>', re.S)


async def settle(pilot: Pilot, timeout: float = 10.0) -> None:
    """Until no fetch or write is in flight (twice in a row) and the screen is repainted."""
    app = pilot.app
    deadline = time.monotonic() + timeout
    quiet = 0
    while time.monotonic() < deadline:
        await pilot.pause(0.02)
        quiet = quiet + 1 if app.is_idle() else 0  # type: ignore[attr-defined]
        if quiet >= 3:
            await pilot.pause()
            return
    raise AssertionError("the app did not settle")


async def open_screen(pilot: Pilot, key: str) -> None:
    """Once the app has settled, the screen behind a number key ("2": the registry, "3":
    the board), settled in its turn."""
    await settle(pilot)
    await pilot.press(key)
    await settle(pilot)


async def wait_for(
    pilot: Pilot, predicate: Callable[[], bool], timeout: float = 5.0, what: str = "condition"
) -> float:
    """Wait (pumping the app) until predicate() is true; returns the seconds it took."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if predicate():
            return time.monotonic() - started
        await pilot.pause(0.05)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def screen_text(pilot: Pilot) -> str:
    """What a person would read on the screen now, line by line (from the SVG export)."""
    svg = pilot.app.export_screenshot()
    rows: dict[float, list[tuple[float, str]]] = {}
    for x, y, text in _TEXT.findall(svg):
        rows.setdefault(float(y), []).append(
            (float(x), html.unescape(re.sub(r"<[^>]+>", "", text)))
        )
    lines = [
        "".join(t for _, t in sorted(parts)).replace("\xa0", " ")
        for _, parts in sorted(rows.items())
    ]
    return "\n".join(lines)


def notices(pilot: Pilot) -> list[str]:
    return list(pilot.app.notices)  # type: ignore[attr-defined]


async def fill(pilot: Pilot, text: str, selector: str | None = None) -> None:
    """Put text in the focused input (or `selector`) at once: typing it key by key costs
    ~0.1 s a key under Pilot and the per-key path is covered by the quick-add test."""
    from textual.widgets import Input, TextArea

    app = pilot.app
    await pilot.pause()  # a focus() just asked for takes effect on the next message
    widget = app.screen.query_one(selector) if selector else app.focused
    if isinstance(widget, TextArea):
        widget.text = text
    elif isinstance(widget, Input):
        widget.value = text
        widget.cursor_position = len(text)
    else:
        raise AssertionError(f"cannot fill {widget!r}")
    await pilot.pause()


async def submit(pilot: Pilot, text: str) -> None:
    """Fill the focused input, press enter and wait until the app has answered."""
    await fill(pilot, text)
    await pilot.press("enter")
    await settle(pilot)


async def apply_filter(pilot: Pilot, text: str) -> None:
    """Open the filter bar (`/`) and apply `text`."""
    await pilot.press("slash")
    await submit(pilot, text)
