"""Help lists every binding; bindings can be remapped from the config; the palette runs
every action."""

from __future__ import annotations

from teamtask.tui import keys
from teamtask.tui.screens.help import HelpScreen
from teamtask.tui.screens.quick_add import QuickAddScreen

from .helpers import notices, screen_text, settle


async def test_help_lists_every_binding_with_its_id(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one("#help-table")
        # Render the whole table, not just the visible part of the scroll.
        from rich.console import Console

        console = Console(width=110, record=True)
        console.print(table.content)
        text = console.export_text()
        for _title, bindings in keys.SECTIONS:
            for binding in bindings:
                assert binding.id in text, binding.id
                assert binding.description in text
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


async def test_keymap_from_the_config_file(make_app):
    config = '[tui.keys]\n"app.quick_add" = "ctrl+k"\n"no.such.binding" = "x"\n'
    app = make_app(config=config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert any("unknown binding id 'no.such.binding'" in n for n in notices(pilot))
        await pilot.press("N")
        await pilot.pause()
        assert not isinstance(app.screen, QuickAddScreen)
        await pilot.press("ctrl+k")
        await pilot.pause()
        assert isinstance(app.screen, QuickAddScreen)
        await pilot.press("escape")
        await pilot.press("question_mark")
        await pilot.pause()
        assert "ctrl+k" in str(app.screen.query_one("#help-table").content.columns[0]._cells)


async def test_command_palette_offers_task_actions(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        commands = {c.title: c for c in app.get_system_commands(app.screen)}
        for title in ("Quick add", "New", "Comment", "Reply", "Assign", "Due", "Edit",
                      "Close", "Approve", "Reject", "Registry", "Board", "Help"):  # fmt: skip
            assert title in commands, title
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"quick add")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, QuickAddScreen)
        assert "Quick add" in screen_text(pilot)
