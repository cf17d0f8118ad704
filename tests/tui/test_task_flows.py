"""Comment, public reply, edit a form field, approve and reject: from the task view."""

from __future__ import annotations

from teamtask.tui.screens.task import TaskScreen

from .helpers import fill, notices, open_screen, screen_text, settle, submit, wait_for


def invoice_ids(app) -> list[int]:
    return [
        r[0] for r in app.ctx.db.all("SELECT id FROM tasks WHERE form_key = 'invoice' ORDER BY id")
    ]


def task_with_requester(app) -> int:
    return app.ctx.db.scalar(
        "SELECT t.id FROM tasks t JOIN contacts c ON c.id = t.requester_id"
        " WHERE t.form_key IS NULL ORDER BY t.id LIMIT 1"
    )


async def open_task(pilot, task_id: int) -> TaskScreen:
    await settle(pilot)
    screen = TaskScreen(task_id)
    await pilot.app.push_screen(screen)
    await settle(pilot)
    await wait_for(pilot, lambda: screen.record is not None, what=f"task #{task_id}")
    return screen


async def test_internal_comment(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        task_id = app.ctx.db.scalar("SELECT min(id) FROM tasks")
        await open_task(pilot, task_id)
        await pilot.press("c")
        await pilot.pause()
        assert "Internal comment on" in screen_text(pilot)
        await fill(pilot, "Checked the logs: the queue is stuck.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        row = app.ctx.db.one(
            "SELECT public FROM comments WHERE task_id = ? AND body LIKE 'Checked the logs%'",
            (task_id,),
        )
        assert row is not None and not row[0]
        assert app.ctx.db.scalar("SELECT count(*) FROM outbox WHERE task_id = ?", (task_id,)) == 0
        text = screen_text(pilot)
        assert "Checked the logs: the queue is stuck." in text and "internal" in text


async def test_public_reply_names_the_recipient_and_asks_to_confirm(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        task_id = task_with_requester(app)
        email = app.ctx.db.scalar(
            "SELECT c.email FROM tasks t JOIN contacts c ON c.id = t.requester_id WHERE t.id = ?",
            (task_id,),
        )
        await open_task(pilot, task_id)
        await pilot.press("r")
        await settle(pilot)
        text = screen_text(pilot)
        assert "PUBLIC reply" in text and "To: " in text and email in text
        await fill(pilot, "Здравствуйте! Исправили, проверьте, пожалуйста.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        # Nothing is sent yet: first the recipient, once more, and a second ctrl+s.
        assert app.ctx.db.scalar("SELECT count(*) FROM outbox WHERE task_id = ?", (task_id,)) == 0
        text = screen_text(pilot)
        assert "Send this reply to" in text and email in text
        await pilot.press("ctrl+s")
        await settle(pilot)
        row = app.ctx.db.one(
            "SELECT o.recipient, c.public FROM outbox o JOIN comments c ON c.id = o.comment_id"
            " WHERE o.task_id = ?",
            (task_id,),
        )
        assert row == (email, 1) or row == (email, True)
        assert f"#{task_id} public reply queued for {email}" in notices(pilot)
        assert "PUBLIC → requester" in screen_text(pilot)


async def test_edit_form_field_bad_value_then_good(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        invoice = invoice_ids(app)[0]
        await open_task(pilot, invoice)
        await pilot.press("e")
        await settle(pilot)
        editor = app.screen.query_one("#field-total")
        total = editor.query_one("Input")
        total.focus()
        await fill(pilot, "двенадцать тысяч")
        note = editor.query_one(".field-note")
        assert "is not an amount" in str(note.render())
        assert editor.has_class("-invalid")
        await pilot.press("ctrl+s")
        await settle(pilot)
        stored = app.ctx.db.scalar(
            "SELECT value_json FROM task_fields WHERE task_id = ? AND key = 'total'", (invoice,)
        )
        assert "двенадцать" not in stored
        assert "need fixing" in screen_text(pilot)
        await fill(pilot, "12 345,60")
        assert not editor.has_class("-invalid")
        await pilot.press("ctrl+s")
        await settle(pilot)
        stored = app.ctx.db.scalar(
            "SELECT value_json FROM task_fields WHERE task_id = ? AND key = 'total'", (invoice,)
        )
        assert '"amount": "12345.60"' in stored
        assert isinstance(app.screen, TaskScreen)


async def test_service_refusal_lands_next_to_the_field(make_app):
    """A rule only the service knows (a required field at a status) is shown in place."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        invoice = invoice_ids(app)[0]
        await open_task(pilot, invoice)
        await pilot.press("e")
        await settle(pilot)
        app.screen.query_one("#field-total").query_one("Input").focus()
        await fill(pilot, "")
        await pilot.press("ctrl+s")
        await settle(pilot)
        note = str(app.screen.query_one("#field-total").query_one(".field-note").render())
        assert "required" in note
        assert app.unexpected_errors == []


async def test_approve_then_reject_with_reason(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        first, second = invoice_ids(app)[:2]
        await open_task(pilot, first)
        assert "manager" in screen_text(pilot) and "pending" in screen_text(pilot)
        await pilot.press("A")
        await settle(pilot)
        status = app.ctx.db.scalar(
            "SELECT status FROM approval_steps WHERE task_id = ? AND name = 'manager'", (first,)
        )
        assert status == "approved"
        assert any("approved" in n and "next: accounting" in n for n in notices(pilot))
        await pilot.press("q")
        await open_task(pilot, second)
        await pilot.press("R")
        await pilot.pause()
        await pilot.press("enter")  # no reason yet: refused in the prompt
        await settle(pilot)
        assert "a rejection needs a reason" in screen_text(pilot)
        await submit(pilot, "Сумма не совпадает с договором")
        row = app.ctx.db.one(
            "SELECT a.decision, a.comment FROM approvers a JOIN approval_steps s ON s.id = a.step_id"
            " WHERE s.task_id = ? AND a.decision IS NOT NULL",
            (second,),
        )
        assert row == ("rejected", "Сумма не совпадает с договором")
        assert app.ctx.db.scalar("SELECT status FROM tasks WHERE id = ?", (second,)) == "rejected"


async def test_assign_and_due_from_the_registry(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_screen(pilot, "2")
        task = app.screen.selected_task()
        await pilot.press("a")
        await settle(pilot)
        await fill(pilot, "nobodyhere")
        assert "no user @nobodyhere" in screen_text(pilot)
        await submit(pilot, "vera")
        assert (
            app.ctx.db.scalar(
                "SELECT u.handle FROM tasks t JOIN users u ON u.id = t.assignee_id WHERE t.id = ?",
                (task.id,),
            )
            == "vera"
        )
        await pilot.press("d")
        await settle(pilot)
        await fill(pilot, "fri")
        assert "due Fri 2026-03-06" in screen_text(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert (
            str(app.ctx.db.scalar("SELECT due_date FROM tasks WHERE id = ?", (task.id,)))
            == "2026-03-06"
        )
        await pilot.press("x")
        await settle(pilot)
        assert app.ctx.db.scalar("SELECT closed FROM tasks WHERE id = ?", (task.id,))
