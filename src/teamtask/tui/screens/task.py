"""One task in full: header, fields, approval route, attachments, time, timeline.

Opening it marks the task seen (clears "new activity" in the inbox), in the background.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll

from teamtask.tui import keys
from teamtask.tui.screens.task_actions import TaskActionsScreen
from teamtask.tui.widgets.approval_route import ApprovalRoute
from teamtask.tui.widgets.fields_view import FieldsView
from teamtask.tui.widgets.plain import Plain
from teamtask.tui.widgets.task_facts import TaskFacts
from teamtask.tui.widgets.task_header import TaskHeader
from teamtask.tui.widgets.timeline import Timeline

if TYPE_CHECKING:
    from teamtask.domain.forms import FormDef
    from teamtask.services.approvals import StepView
    from teamtask.services.context import Context
    from teamtask.services.queries import TaskDetail
    from teamtask.services.timelog import ReportRow
    from teamtask.store.tasks import TaskRecord


@dataclass
class TaskView:
    detail: TaskDetail
    form: FormDef | None
    round_no: int | None
    steps: list[StepView]
    time: list[ReportRow]


def fetch_task(ctx: Context, task_id: int) -> TaskView:
    from teamtask.services.approvals import route
    from teamtask.services.queries import task_detail
    from teamtask.services.timelog import report

    detail = task_detail(ctx, task_id)
    form = None
    if detail.record.form:
        from teamtask.services.forms import form_definition

        form = form_definition(ctx, detail.record.form, detail.record.form_version)
    round_no, steps = route(ctx, task_id)
    time = report(ctx, [f"id:{task_id}"], by="user")
    return TaskView(detail, form, round_no, steps, time)


class TaskScreen(TaskActionsScreen):
    BINDINGS = keys.TASK_VIEW

    def __init__(self, task_id: int) -> None:
        super().__init__()
        self.task_id = task_id
        self.record: TaskRecord | None = None
        self.loads = 0
        self._seen = False

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="task-body", classes="body"):
            yield Plain(f"Loading #{self.task_id}…", classes="summary")

    def reload(self) -> None:
        self._load()

    @work(exclusive=True, group="load")
    async def _load(self) -> None:
        try:
            view = await self.tapp.backend.call(fetch_task, self.task_id)
        except Exception as exc:
            self.tapp.report(exc)
            return
        await self._paint(view)
        self.loads += 1
        if not self._seen:
            self._seen = True
            from teamtask.services.tasks import mark_seen

            try:
                await self.tapp.backend.call(mark_seen, self.task_id)
            except Exception as exc:
                self.tapp.report(exc)

    async def _paint(self, view: TaskView) -> None:
        ctx = self.tapp.ctx
        record = view.detail.record
        self.record = record
        body = self.query_one("#task-body", VerticalScroll)
        scroll = body.scroll_y
        parts: list[Any] = [TaskHeader(record, ctx.tz, ctx.local_now().date())]
        if record.description:
            parts.append(Plain(Text(record.description), classes="task-section description"))
        side: list[Any] = []
        if view.form is not None:
            side.append(FieldsView(view.form, record.fields))
        extras: list[Any] = [TaskFacts(view.detail.attachments, view.time)]
        if view.steps:
            extras.append(ApprovalRoute(view.round_no, view.steps))
        parts.append(
            Horizontal(*side, VerticalScroll(*extras, classes="task-side"), classes="task-middle")
        )
        parts.append(Timeline(view.detail.timeline, ctx.tz))
        with self.app.batch_update():
            await body.remove_children()
            await body.mount_all(parts)
        body.scroll_y = scroll
        self.sub_title = f"#{record.id}"

    def action_back(self) -> None:
        self.app.pop_screen()

    def selected_task(self) -> TaskRecord | None:
        return self.record
