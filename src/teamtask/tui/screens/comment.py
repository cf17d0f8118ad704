"""Write an internal comment or a public reply.

The two look different on purpose (yellow "internal", green "public") and a public reply
names its recipient before anything is sent, then asks once more: a reply to a client
cannot be taken back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static, TextArea

from teamtask.domain.errors import DomainError
from teamtask.tui import keys
from teamtask.tui.backend import environment_problem
from teamtask.tui.widgets.plain import Plain

if TYPE_CHECKING:
    from teamtask.tui.app import TeamtaskApp


class CommentScreen(ModalScreen[bool]):
    BINDINGS = keys.MODAL

    def __init__(
        self,
        task_id: int,
        task_title: str,
        *,
        public: bool,
        recipient: tuple[str, str] | None = None,
        requester: str | None = None,
    ) -> None:
        super().__init__()
        self.task_id = task_id
        self.task_title = task_title
        self.public = public
        self.recipient = recipient
        self.requester = requester
        self.confirming = False

    @property
    def recipient_text(self) -> str:
        if self.recipient is None:
            return "nobody: this task has no requester to send it to"
        channel, address = self.recipient
        name = self.requester or address
        shown = name if address in name else f"{name} ({address})"
        return f"{shown} by {channel}"

    def compose(self) -> ComposeResult:
        kind = "public" if self.public else "internal"
        with Vertical(id="dialog", classes=f"comment {kind}"):
            if self.public:
                yield Plain(f"PUBLIC reply on #{self.task_id}", classes="dialog-title")
                yield Plain(f"To: {self.recipient_text}", id="recipient")
            else:
                yield Plain(
                    f"Internal comment on #{self.task_id} · only the team sees it",
                    classes="dialog-title",
                )
            yield Plain(self.task_title, classes="dim")
            yield TextArea(id="body")
            yield Plain("", id="confirm")
            yield Plain("", id="error", classes="error")
            with Horizontal(classes="buttons"):
                label = "Send reply" if self.public else "Add comment"
                yield Button(label, id="send", variant="success" if self.public else "warning")
                yield Button("Cancel", id="cancel")
            yield Plain("ctrl+s send · esc cancel", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#body", TextArea).focus()

    def on_text_area_changed(self) -> None:
        self.query_one("#error", Static).update("")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "send":
            self.action_submit()
        else:
            self.action_cancel()

    def action_cancel(self) -> None:
        if self.confirming:
            self.confirming = False
            self.query_one("#confirm", Static).update("")
            self.query_one("#confirm").remove_class("-visible")
            return
        self.dismiss(False)

    def action_submit(self) -> None:
        body = self.query_one("#body", TextArea).text.strip()
        if not body:
            self.query_one("#error", Static).update("Write something first.")
            return
        if self.public and self.recipient is not None and not self.confirming:
            self.confirming = True
            confirm = self.query_one("#confirm", Static)
            confirm.update(
                f"Send this reply to {self.recipient_text}? "
                "Press ctrl+s again (or Send) to send it; esc to keep editing."
            )
            confirm.add_class("-visible")
            self.query_one("#send", Button).label = f"Send to {self.recipient[1]}"
            return
        self._send(body)

    @work(exclusive=True, group="write")
    async def _send(self, body: str) -> None:
        from teamtask.services.comments import add_comment

        app: TeamtaskApp = self.app  # type: ignore[assignment]
        try:
            posted = await app.backend.call(add_comment, self.task_id, body, public=self.public)
        except Exception as exc:
            if isinstance(exc, DomainError) and environment_problem(exc) is None:
                self.query_one("#error", Static).update(str(exc))
            else:
                app.report(exc)
            return
        self.dismiss(True)
        if posted.outbox_id is not None:
            app.notify(f"#{self.task_id} public reply queued for {posted.recipient}")
        elif self.public:
            app.notify(f"#{self.task_id} public comment added (no requester to send it to)")
        else:
            app.notify(f"#{self.task_id} internal comment added")
        app.data_changed()
