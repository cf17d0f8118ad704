"""A one-line question in a modal (assign, due, reject reason, log time, view name).

The answer is submitted from inside the modal and a refusal (unknown user, bad date,
missing reason) is shown under the input, so the user fixes the line instead of
retyping it after a toast.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Static

from teamtask.domain.errors import DomainError
from teamtask.tui import keys
from teamtask.tui.backend import environment_problem
from teamtask.tui.widgets.plain import Plain

if TYPE_CHECKING:
    from teamtask.tui.app import TeamtaskApp

Preview = Callable[[str], tuple[str, bool]]


class PromptScreen(ModalScreen[bool]):
    BINDINGS = keys.MODAL

    def __init__(
        self,
        title: str,
        *,
        submit: Callable[[str], Awaitable[str | None]],
        value: str = "",
        placeholder: str = "",
        preview: Preview | None = None,
        suggestions: Sequence[str] = (),
        hint: str = "enter to confirm · esc to cancel",
    ) -> None:
        super().__init__()
        self.title_text = title
        self.submit = submit
        self.value = value
        self.placeholder = placeholder
        self.preview = preview
        self.suggestions = list(suggestions)
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="prompt"):
            yield Plain(self.title_text, classes="dialog-title")
            suggester = (
                SuggestFromList(self.suggestions, case_sensitive=False)
                if self.suggestions
                else None
            )
            yield Input(self.value, placeholder=self.placeholder, suggester=suggester, id="answer")
            yield Plain("", id="preview")
            yield Plain("", id="error", classes="error")
            yield Plain(self.hint, classes="hint")

    def on_mount(self) -> None:
        self._update_preview(self.value)

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one("#error", Static).update("")
        self._update_preview(event.value)

    def _update_preview(self, text: str) -> None:
        if self.preview is None:
            return
        shown, ok = self.preview(text)
        preview = self.query_one("#preview", Static)
        preview.update(shown)
        preview.set_class(not ok, "error")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()

    def action_submit(self) -> None:
        self._submit(self.query_one("#answer", Input).value)

    def action_cancel(self) -> None:
        self.dismiss(False)

    @work(exclusive=True, group="write")
    async def _submit(self, text: str) -> None:
        app: TeamtaskApp = self.app  # type: ignore[assignment]
        try:
            message = await self.submit(text)
        except Exception as exc:
            if isinstance(exc, DomainError) and environment_problem(exc) is None:
                self.query_one("#error", Static).update(str(exc))
                return
            app.report(exc)
            return
        self.dismiss(True)
        if message:
            app.notify(message)
        app.data_changed()
