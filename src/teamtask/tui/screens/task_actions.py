"""The actions on one task (open, comment, reply, assign, due, edit, close, approve, reject,
log time), shared by every screen that has a "current task": inbox, registry, board and
the task view. Each screen only says which task is current."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from teamtask.tui import keys
from teamtask.tui.screens.base import BaseScreen

if TYPE_CHECKING:
    from teamtask.services.context import Context
    from teamtask.store.tasks import TaskRecord


def _handles(ctx: Context) -> list[str]:
    return sorted(ctx.users())


class TaskActionsScreen(BaseScreen):
    BINDINGS = keys.TASK

    def selected_task(self) -> TaskRecord | None:
        return None

    def _need_task(self) -> TaskRecord | None:
        task = self.selected_task()
        if task is None:
            self.notify("Select a task first.", severity="warning")
        return task

    # -- navigation ------------------------------------------------------------------
    def action_open_task(self) -> None:
        task = self._need_task()
        if task is not None:
            from teamtask.tui.screens.task import TaskScreen

            self.app.push_screen(TaskScreen(task.id))

    def action_edit(self) -> None:
        task = self._need_task()
        if task is not None:
            from teamtask.tui.screens.edit import EditScreen

            self.app.push_screen(EditScreen(task_id=task.id))

    # -- comments ----------------------------------------------------------------------
    def action_comment(self) -> None:
        task = self._need_task()
        if task is not None:
            from teamtask.tui.screens.comment import CommentScreen

            self.app.push_screen(CommentScreen(task.id, task.title, public=False))

    def action_reply(self) -> None:
        task = self._need_task()
        if task is not None:
            self.run_worker(self._reply(task), group="load", exclusive=True)

    async def _reply(self, task: TaskRecord) -> None:
        from teamtask.services.comments import reply_recipient
        from teamtask.tui.screens.comment import CommentScreen

        try:
            target = await self.tapp.backend.call(reply_recipient, task.id)
        except Exception as exc:
            self.tapp.report(exc)
            return
        requester = task.requester.label if task.requester else None
        self.app.push_screen(
            CommentScreen(task.id, task.title, public=True, recipient=target, requester=requester)
        )

    # -- quick changes -------------------------------------------------------------------
    def action_assign(self) -> None:
        task = self._need_task()
        if task is not None:
            self.run_worker(self._assign(task), group="load", exclusive=True)

    async def _assign(self, task: TaskRecord) -> None:
        from teamtask.services.tasks import TaskChanges, edit_task
        from teamtask.tui.screens.prompt import PromptScreen

        try:
            handles = await self.tapp.backend.call(_handles)
        except Exception as exc:
            self.tapp.report(exc)
            return

        def preview(text: str) -> tuple[str, bool]:
            handle = text.strip().lstrip("@")
            if handle in ("", "none"):
                return "unassign", True
            if handle in handles:
                return f"assign to @{handle}", True
            close = [h for h in handles if h.startswith(handle)]
            return (f"no user @{handle}" + (f"; did you mean @{close[0]}?" if close else "")), False

        async def submit(text: str) -> str:
            handle = text.strip().lstrip("@")
            unassign = handle in ("", "none")
            changes = TaskChanges(assignee=None if unassign else handle, unassign=unassign)
            await self.tapp.backend.call(edit_task, task.id, changes, action="assigned")
            return f"#{task.id} unassigned" if unassign else f"#{task.id} assigned to @{handle}"

        self.app.push_screen(
            PromptScreen(
                f"Assign #{task.id} {task.title}",
                submit=submit,
                value=task.assignee or "",
                placeholder="handle (empty or none unassigns)",
                preview=preview,
                suggestions=handles,
            )
        )

    def action_due(self) -> None:
        task = self._need_task()
        if task is None:
            return
        from teamtask.domain.dates import DATE_HELP, format_due, local_day, parse_date
        from teamtask.services.tasks import TaskChanges, edit_task
        from teamtask.tui.screens.prompt import PromptScreen

        ctx = self.tapp.ctx

        def parse(text: str) -> datetime | object | None:
            if text.strip().lower() in ("", "none"):
                return None
            return parse_date(text, now=ctx.local_now())

        def preview(text: str) -> tuple[str, bool]:
            try:
                value = parse(text)
            except Exception as exc:
                return str(exc), False
            if value is None:
                return "no due date", True
            day = local_day(value, ctx.tz)  # type: ignore[arg-type]
            return f"due {day:%a} {format_due(value, ctx.tz)}", True  # type: ignore[arg-type]

        async def submit(text: str) -> str:
            value = parse(text)
            await self.tapp.backend.call(edit_task, task.id, TaskChanges(due=value))
            return f"#{task.id} due {format_due(value, ctx.tz) if value else 'cleared'}"  # type: ignore[arg-type]

        current = format_due(task.due, ctx.tz) if task.due else ""
        self.app.push_screen(
            PromptScreen(
                f"Due date of #{task.id} {task.title}",
                submit=submit,
                value=current,
                placeholder=DATE_HELP,
                preview=preview,
            )
        )

    def action_close_task(self) -> None:
        task = self._need_task()
        if task is not None:
            from teamtask.services.tasks import close_task

            self.tapp.run_service(close_task, task.id, done=lambda status: f"#{task.id} {status}")

    # -- approvals ----------------------------------------------------------------------
    def action_approve(self) -> None:
        task = self._need_task()
        if task is not None:
            from teamtask.services.approvals import decide

            self.tapp.run_service(decide, task.id, "approved", None, done=str)

    def action_reject(self) -> None:
        task = self._need_task()
        if task is None:
            return
        from teamtask.services.approvals import decide
        from teamtask.tui.screens.prompt import PromptScreen

        async def submit(text: str) -> str:
            return await self.tapp.backend.call(decide, task.id, "rejected", text)

        self.app.push_screen(
            PromptScreen(
                f"Reject #{task.id} {task.title}",
                submit=submit,
                placeholder="the reason (the author reads it)",
                preview=lambda t: (
                    ("", True) if t.strip() else ("a rejection needs a reason", False)
                ),
            )
        )

    def action_log_time(self) -> None:
        task = self._need_task()
        if task is None:
            return
        from teamtask.domain.durations import format_minutes, parse_duration
        from teamtask.services.timelog import log_time
        from teamtask.tui.screens.prompt import PromptScreen

        def split(text: str) -> tuple[int, str]:
            duration, _, note = text.strip().partition(" ")
            return parse_duration(duration), note.strip()

        def preview(text: str) -> tuple[str, bool]:
            try:
                minutes, note = split(text)
            except Exception as exc:
                return str(exc), False
            return f"+{format_minutes(minutes)} {note}".strip(), True

        async def submit(text: str) -> str:
            minutes, note = split(text)
            await self.tapp.backend.call(log_time, task.id, minutes, note=note)
            return f"#{task.id} +{format_minutes(minutes)}"

        self.app.push_screen(
            PromptScreen(
                f"Log time on #{task.id} {task.title}",
                submit=submit,
                placeholder="45m, 1h30m or 1.5h, then an optional note",
                preview=preview,
            )
        )
