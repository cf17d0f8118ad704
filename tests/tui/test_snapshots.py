"""One snapshot per screen at 120×40 on the demo data (fixed clock, UTC).

Update after an intended change of the look with `pytest tests/tui --snapshot-update`
and review the SVGs in tests/tui/__snapshots__/ before committing them. The demo
data (services/demo.py) feeds these pictures: changing it means updating them too.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from .helpers import fill, settle

SIZE = (120, 40)


async def steady(pilot: Pilot) -> None:
    """No blinking cursor, nothing in flight: the same picture on every run."""
    await settle(pilot)
    for screen in pilot.app.screen_stack:
        for widget in screen.query("Input, TextArea"):
            assert isinstance(widget, Input | TextArea)
            widget.cursor_blink = False
            if isinstance(widget, TextArea):
                # Under a modal the editor's last line may be drawn with or without the
                # cursor, as the blur and the modal's first paint happen to fall: no
                # cursor at all is the one picture every run gives.
                widget.show_cursor = False
    await pilot.pause()


def steps(
    *keys: str, text: str | None = None, then: tuple[str, ...] = ()
) -> Callable[[Pilot], Awaitable[None]]:
    async def run(pilot: Pilot) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        if text is not None:
            await fill(pilot, text)
            await settle(pilot)
        for key in then:
            await pilot.press(key)
            await settle(pilot)
        await steady(pilot)

    return run


def first_invoice(app) -> int:
    return app.ctx.db.scalar("SELECT min(id) FROM tasks WHERE form_key = 'invoice'")


def open_task(task_id_of: Callable, *keys: str, text: str | None = None):
    async def run(pilot: Pilot) -> None:
        from teamtask.tui.screens.task import TaskScreen

        await settle(pilot)
        await pilot.app.push_screen(TaskScreen(task_id_of(pilot.app)))
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        if text is not None:
            await fill(pilot, text)
        await steady(pilot)

    return run


def test_inbox(snap, make_app):
    assert snap(make_app(), terminal_size=SIZE, run_before=steady)


def test_registry(snap, make_app):
    assert snap(make_app(), terminal_size=SIZE, run_before=steps("2"))


def test_registry_invoice_columns(snap, make_app):
    run = steps("2", "slash", text="form:invoice", then=("enter",))
    assert snap(make_app(), terminal_size=SIZE, run_before=run)


def test_registry_bad_filter(snap, make_app):
    run = steps("2", "slash", text="@anna due.before:", then=("enter",))
    assert snap(make_app(), terminal_size=SIZE, run_before=run)


def test_board(snap, make_app):
    assert snap(make_app(), terminal_size=SIZE, run_before=steps("3"))


def test_task_view(snap, make_app):
    def with_requester(app) -> int:
        return app.ctx.db.scalar(
            "SELECT min(t.id) FROM tasks t WHERE t.requester_id IS NOT NULL AND t.form_key IS NULL"
            " AND EXISTS (SELECT 1 FROM comments c WHERE c.task_id = t.id AND c.public)"
            " AND EXISTS (SELECT 1 FROM comments c WHERE c.task_id = t.id AND NOT c.public)"
        ) or app.ctx.db.scalar("SELECT min(task_id) FROM comments")

    assert snap(make_app(), terminal_size=SIZE, run_before=open_task(with_requester))


def test_task_view_invoice(snap, make_app):
    assert snap(make_app(), terminal_size=SIZE, run_before=open_task(first_invoice))


def test_edit_invoice(snap, make_app):
    assert snap(make_app(), terminal_size=SIZE, run_before=open_task(first_invoice, "e"))


def test_quick_add(snap, make_app):
    run = steps("N", text="Fix login @boris +bug due:fri !high")
    assert snap(make_app(), terminal_size=SIZE, run_before=run)


def test_public_reply_confirmation(snap, make_app):
    def with_requester(app) -> int:
        return app.ctx.db.scalar(
            "SELECT min(id) FROM tasks WHERE requester_id IS NOT NULL AND form_key IS NULL"
        )

    async def run(pilot: Pilot) -> None:
        await open_task(with_requester, "r", text="Исправили, проверьте, пожалуйста.")(pilot)
        await pilot.press("ctrl+s")
        await steady(pilot)

    assert snap(make_app(), terminal_size=SIZE, run_before=run)


def test_help(snap, make_app):
    assert snap(make_app(), terminal_size=SIZE, run_before=steps("question_mark"))
