"""Moving cards, live refresh after another process writes, and a conflict on save."""

from __future__ import annotations

import os
import subprocess
import sys

from teamtask.services.tasks import TaskChanges, edit_task
from teamtask.tui.screens.board import BoardScreen
from teamtask.tui.widgets.board_column import BoardColumn

from .helpers import apply_filter, fill, notices, open_screen, screen_text, settle, wait_for
from .test_task_flows import open_task


def status_of(app, task_id: int) -> str:
    return app.ctx.db.scalar("SELECT status FROM tasks WHERE id = ?", (task_id,))


async def test_move_card_with_keys_and_mouse(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_screen(pilot, "3")
        board = app.screen
        assert isinstance(board, BoardScreen)
        titles = [str(c.query_one(".column-title").render()) for c in board.query(BoardColumn)]
        assert titles[0].startswith("▶ To do (") and titles[1].startswith("Doing (")
        card = board.selected_task()
        assert card is not None and card.status == "todo"
        task_id = card.id
        await pilot.press("L")
        await settle(pilot)
        assert status_of(app, task_id) == "doing"
        assert board.selected_task() is not None and board.selected_task().id == task_id
        assert board.last_move_ms is not None
        await pilot.press("shift+right")
        await settle(pilot)
        assert status_of(app, task_id) == "waiting"
        await pilot.press("H")
        await settle(pilot)
        assert status_of(app, task_id) == "doing"
        # The mouse: click a card (the first of "Waiting"), then the title of "Done".
        waiting = board.query(BoardColumn)[2]
        first = waiting.records[0].id
        waiting.cards.scroll_home(animate=False)
        await pilot.pause()
        await pilot.click(waiting.cards, offset=(3, 0))
        await pilot.pause()
        assert board.selected_task().id == first
        await pilot.click(board.query(BoardColumn)[3].query_one(".column-title"))
        await settle(pilot)
        assert status_of(app, first) == "done"
        title = str(board.query(BoardColumn)[3].query_one(".column-title").render())
        assert title.startswith("▶ Done (")
        assert app.unexpected_errors == []


async def test_refused_move_reverts_and_says_why(make_app):
    """An invoice cannot leave draft without a total: the service says so, the board reloads."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_screen(pilot, "3")
        board = app.screen
        await apply_filter(pilot, "form:invoice")
        await pilot.press("escape")
        await settle(pilot)
        titles = [str(c.query_one(".column-title").render()) for c in board.query(BoardColumn)]
        assert titles[0].startswith("Черновик") and "На согласовании (2)" in titles[1]
        task_id = board.selected_task().id
        await pilot.press("H")  # approval → draft is allowed by the workflow
        await settle(pilot)
        assert status_of(app, task_id) == "draft"
        assert app.unexpected_errors == []


async def test_live_refresh_after_another_process_writes(make_app, tui_env):
    app = make_app(live=True, interval=0.2)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_screen(pilot, "2")
        env = {**os.environ, "TEAMTASK_DB": str(tui_env), "TEAMTASK_USER": "boris"}
        result = subprocess.run(
            [sys.executable, "-m", "teamtask", "add", "Written", "by", "the", "CLI", "due:today"],
            env=env, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        took = await wait_for(
            pilot,
            lambda: any(r.title == "Written by the CLI" for r in app.screen.records),
            timeout=2.0,
            what="the CLI's task in the registry",
        )
        assert took < 2.0


async def test_conflict_on_save_shows_theirs_and_overwrites_only_mine(make_app, other_ctx):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        task_id = app.ctx.db.scalar(
            "SELECT min(id) FROM tasks WHERE form_key IS NULL AND status = 'todo' AND priority = 1"
        )
        await open_task(pilot, task_id)
        await pilot.press("e")
        await settle(pilot)
        app.screen.query_one("#edit-title-field").query_one("Input").focus()
        await fill(pilot, "Renamed in the TUI")
        # Meanwhile boris changes the status from the CLI side.
        boris = other_ctx("boris")
        edit_task(boris, task_id, TaskChanges(status="waiting", priority="urgent"))
        await pilot.press("ctrl+s")
        await settle(pilot)
        text = screen_text(pilot)
        assert "changed by someone else" in text
        assert "status: todo → waiting" in text and "priority: normal → urgent" in text
        assert "(@boris)" in text
        assert "title:" in text and "Renamed in the TUI" in text
        await pilot.press("o")
        await settle(pilot)
        row = app.ctx.db.one("SELECT title, status, priority FROM tasks WHERE id = ?", (task_id,))
        assert row == ("Renamed in the TUI", "waiting", 3)
        assert f"#{task_id} saved" in notices(pilot)


async def test_conflict_keep_editing_takes_their_values(make_app, other_ctx):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        task_id = app.ctx.db.scalar(
            "SELECT min(id) FROM tasks WHERE form_key IS NULL AND closed = 0"
        )
        await open_task(pilot, task_id)
        await pilot.press("e")
        await settle(pilot)
        edit = app.screen
        edit.query_one("#edit-title-field").query_one("Input").focus()
        await fill(pilot, "Mine")
        edit_task(other_ctx("boris"), task_id, TaskChanges(priority="low"))
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("k")
        await settle(pilot)
        assert edit.query_one("#edit-priority").raw() == "low"
        assert edit.query_one("#edit-title-field").raw() == "Mine"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.ctx.db.one("SELECT title, priority FROM tasks WHERE id = ?", (task_id,)) == (
            "Mine",
            0,
        )


async def test_lost_sqlite_file_shows_a_banner_and_recovers(make_app, tui_env):
    app = make_app(live=True, interval=0.2)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        away = tui_env.with_name("moved-away.db")
        tui_env.rename(away)
        try:
            await wait_for(pilot, lambda: app.connection_problem is not None, what="the banner")
            assert "Database unreachable" in screen_text(pilot)
            assert "is gone" in screen_text(pilot)
        finally:
            away.rename(tui_env)
        await wait_for(pilot, lambda: app.connection_problem is None, timeout=6, what="recovery")
        assert "Reconnected to the database." in notices(pilot)
        assert app.unexpected_errors == []
