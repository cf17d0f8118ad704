"""Quick add: one line in the capture grammar, shown as understood before it is saved.

`Fix login @alice +bug due:fri !high` previews as
`“Fix login” → @alice · +bug · due Fri 2026-03-06 · !high`; an unknown @name or a bad
date is named under the line and nothing is saved.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from teamtask.domain.errors import DomainError, GrammarError
from teamtask.tui import keys
from teamtask.tui.backend import environment_problem
from teamtask.tui.widgets.plain import Plain

if TYPE_CHECKING:
    from teamtask.domain.capture import Capture
    from teamtask.tui.app import TeamtaskApp


class QuickAddScreen(ModalScreen[int | None]):
    BINDINGS = keys.MODAL

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="quick-add"):
            yield Plain("Quick add", classes="dialog-title")
            yield Input(placeholder="Fix login @alice +bug due:fri !high", id="capture")
            yield Plain("", id="preview")
            yield Plain("", id="error", classes="error")
            yield Plain(
                "@who assigns (a group sets the group) · +tag · due:fri, due:+3d, due:01.12 · "
                "!low !high !urgent · enter saves · esc cancels",
                classes="hint",
            )

    @property
    def tapp(self) -> TeamtaskApp:
        return self.app  # type: ignore[return-value]

    def _parse(self, text: str) -> Capture:
        from teamtask.domain.capture import parse_capture

        return parse_capture(text, now=self.tapp.ctx.local_now())

    def on_input_changed(self, event: Input.Changed) -> None:
        from teamtask.domain.capture import describe

        preview = self.query_one("#preview", Static)
        error = self.query_one("#error", Static)
        error.update("")
        if not event.value.strip():
            preview.update("")
            return
        try:
            capture = self._parse(event.value)
        except GrammarError as exc:
            preview.update("")
            error.update(self._located(exc))
            return
        preview.update(describe(capture, self.tapp.ctx.tz))

    def _located(self, exc: GrammarError) -> Text:
        text = Text()
        if exc.position is not None:
            text.append(" " * exc.position + "^ ", style="bold red")
        text.append(str(exc), style="red")
        return text

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()

    def action_submit(self) -> None:
        text = self.query_one("#capture", Input).value
        try:
            capture = self._parse(text)
        except GrammarError as exc:
            self.query_one("#error", Static).update(self._located(exc))
            return
        self._save(capture)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @work(exclusive=True, group="write")
    async def _save(self, capture: Capture) -> None:
        from teamtask.services.tasks import NewTask, create_task

        new = NewTask(
            title=capture.title,
            due=capture.due,
            tags=list(capture.tags),
            priority=capture.priority or "normal",
            mentions=capture.mentions,
            channel="tui",
        )
        try:
            created = await self.tapp.backend.call(create_task, new)
        except Exception as exc:
            if isinstance(exc, DomainError) and environment_problem(exc) is None:
                self.query_one("#error", Static).update(Text(str(exc), style="red"))
            else:
                self.tapp.report(exc)
            return
        self.dismiss(created.id)
        self.tapp.notify(f"#{created.id} {created.title}")
        self.tapp.data_changed()
