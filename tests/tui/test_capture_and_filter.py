"""Quick add, the registry filter (good and bad), opening a task."""

from __future__ import annotations

from teamtask.services.queries import select_ids, with_default_status

from .helpers import apply_filter, fill, notices, open_screen, screen_text, settle, submit, wait_for


async def test_quick_add_previews_then_saves(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("N")
        await pilot.press(*"Fix login @boris +bug due:fri !high")
        await pilot.pause()
        preview = screen_text(pilot)
        assert "“Fix login” → @boris · +bug · due Fri 2026-03-06 · !high" in preview
        await pilot.press("enter")
        await settle(pilot)
        row = app.ctx.db.one(
            "SELECT t.id, u.handle, t.priority, t.due_date FROM tasks t"
            " JOIN users u ON u.id = t.assignee_id WHERE t.title = 'Fix login'"
        )
        assert row is not None and row[1] == "boris" and row[2] == 2
        assert str(row[3]) == "2026-03-06"
        assert app.ctx.db.scalar("SELECT tag FROM task_tags WHERE task_id = ?", (row[0],)) == "bug"
        assert any(n.startswith(f"#{row[0]} Fix login") for n in notices(pilot))


async def test_quick_add_refuses_bad_date_and_unknown_user_inline(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        before = app.ctx.db.scalar("SELECT count(*) FROM tasks")
        await pilot.press("N")
        await fill(pilot, "Call back due:someday")
        assert "someday" in screen_text(pilot)  # the date error, under the line
        await pilot.press("enter")
        await settle(pilot)
        await submit(pilot, "Call back @nobody")
        assert "unknown user @nobody" in screen_text(pilot)
        assert app.ctx.db.scalar("SELECT count(*) FROM tasks") == before
        assert app.unexpected_errors == []


async def test_filter_updates_the_table_and_bad_filter_shows_inline(make_app):
    from teamtask.domain.filters import parse_filter

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_screen(pilot, "2")
        await apply_filter(pilot, "+bug")
        screen = app.screen
        expected = select_ids(
            app.ctx, with_default_status(parse_filter("+bug", now=app.ctx.local_now())), limit=100
        )
        assert [r.id for r in screen.records] == expected and expected
        # A broken filter: said under the bar, the table keeps its rows, nothing crashes.
        await submit(pilot, "+bug due:<<")
        text = screen_text(pilot)
        assert "^" in text and "due" in text
        assert [r.id for r in screen.records] == expected
        # Unknown people are found by the compiler, in the worker: also inline.
        await submit(pilot, "+bug @nobody")
        assert "unknown user @nobody" in screen_text(pilot)
        assert app.unexpected_errors == []


async def test_registry_shows_form_columns_and_sorts(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_screen(pilot, "2")
        await apply_filter(pilot, "form:invoice")
        table = app.screen.query_one("#registry-table")
        keys = [str(k.value) for k in table.columns]
        assert keys[:8] == [
            "id",
            "title",
            "status",
            "due",
            "assignee",
            "number",
            "supplier_name",
            "total",
        ]
        text = screen_text(pilot)
        assert "Номер" in text and "Поставщик" in text and "250000.00 RUB" in text
        from rich.text import Text
        from textual.widgets import DataTable

        column = keys.index("total")
        table.post_message(
            DataTable.HeaderSelected(
                table, table.ordered_columns[column].key, column, Text("Сумма")
            )
        )
        await settle(pilot)
        assert app.screen.query_state.sort == "total"
        totals = [float(r.fields["total"]["amount"]) for r in app.screen.records]
        assert totals == sorted(totals)


async def test_open_a_task_from_the_inbox_and_come_back(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        first = app.screen.selected_task()
        assert first is not None
        await pilot.press("enter")
        await settle(pilot)
        from teamtask.tui.screens.task import TaskScreen

        assert isinstance(app.screen, TaskScreen)
        await wait_for(pilot, lambda: app.screen.record is not None, what="the task")
        assert f"#{first.id} {first.title}" in screen_text(pilot)
        assert (
            app.ctx.db.scalar("SELECT count(*) FROM read_marks WHERE task_id = ?", (first.id,)) == 1
        )
        await pilot.press("q")
        await settle(pilot)
        assert app.screen.__class__.__name__ == "InboxScreen"


async def test_registry_loads_page_by_page(make_app, monkeypatch):
    """Never the whole table: a page at a time, the next when the cursor nears the end."""
    import teamtask.tui.screens.registry as registry

    monkeypatch.setattr(registry, "PAGE", 10)
    monkeypatch.setattr(registry, "MORE_WHEN_WITHIN", 3)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_screen(pilot, "2")
        screen = app.screen
        total = app.ctx.db.scalar("SELECT count(*) FROM tasks WHERE closed = 0")
        assert total > 20
        assert len(screen.records) == 10
        await wait_for(pilot, lambda: screen.total == total, what="the count")
        assert f"10 of {total} tasks" in screen_text(pilot)
        for _ in range(9):
            await pilot.press("down")
        await settle(pilot)
        assert len(screen.records) == 20
        ids = [r.id for r in screen.records]
        assert len(set(ids)) == 20


async def test_new_task_with_the_full_editor(make_app):
    from teamtask.tui.screens.edit import EditScreen
    from teamtask.tui.screens.task import TaskScreen

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, EditScreen)
        await fill(pilot, "Prepare the quarterly report", "#edit-title-field Input")
        await fill(pilot, "vera", "#edit-assignee Input")
        await fill(pilot, "next week", "#edit-due Input")
        assert "not a date" in str(app.screen.query_one("#edit-due .field-note").render())
        await fill(pilot, "+7d", "#edit-due Input")
        await fill(pilot, "+ops report", "#edit-tags Input")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, TaskScreen)
        row = app.ctx.db.one(
            "SELECT t.id, u.handle, t.due_date, t.channel FROM tasks t"
            " JOIN users u ON u.id = t.assignee_id WHERE t.title = 'Prepare the quarterly report'"
        )
        assert row is not None and row[1] == "vera" and str(row[2]) == "2026-03-11"
        assert row[3] == "tui"
        tags = [
            r[0]
            for r in app.ctx.db.all(
                "SELECT tag FROM task_tags WHERE task_id = ? ORDER BY tag", (row[0],)
            )
        ]
        assert tags == ["ops", "report"]


async def test_slash_from_the_inbox_opens_the_registry_filter(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await settle(pilot)
        assert app.current_mode == "registry"
        assert app.focused is not None and app.focused.has_class("filter-input")


async def test_titles_that_look_like_markup_are_shown_as_typed(make_app):
    """People type brackets: "[urgent] fix [/] parser" must neither vanish nor crash."""
    from teamtask.services.tasks import NewTask, create_task

    app = make_app()
    title = "[urgent] fix [/] parser [bold]now"
    created = create_task(app.ctx, NewTask(title=title, assignee="anna"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert title in screen_text(pilot)  # the inbox
        await pilot.press("2")
        await settle(pilot)
        assert any(r.id == created.id for r in app.screen.records)
        from .test_task_flows import open_task

        await open_task(pilot, created.id)
        assert title in screen_text(pilot)
        app.screen.notify(f"#{created.id} {title}")  # screens pass markup=True by default
        await pilot.pause()
        await pilot.press("3")
        await settle(pilot)
        assert app.unexpected_errors == []


async def test_a_count_that_ends_after_the_registry_closed_is_dropped(make_app):
    """CI under load: the registry's count worker finished while the app was closing and
    its status line was gone; the late count raised and failed the app's worker."""
    from teamtask.tui.screens.registry import RegistryScreen

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_screen(pilot, "2")
        registry = app.screen
        assert isinstance(registry, RegistryScreen)
        await registry.query_one("#registry-status").remove()
        registry._update_status()  # as a count ending now would: nothing to show, no error


async def test_an_inbox_load_that_ends_after_the_inbox_closed_is_dropped(make_app):
    """CI under load: the inbox's load finished while the app was closing and its summary
    line was gone; the late load raised and failed the app's worker."""
    from teamtask.tui.screens.inbox import InboxScreen

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        inbox = app.screen
        assert isinstance(inbox, InboxScreen)
        await inbox.query_one("#inbox-summary").remove()
        inbox._paint([])  # as a load ending now would: nothing to show, no error
