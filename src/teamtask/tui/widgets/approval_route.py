"""The approval route of a task: steps in order, who decided, who is still pending."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

if TYPE_CHECKING:
    from teamtask.services.approvals import StepView

STEP_STYLE = {
    "approved": "green", "rejected": "bold red", "pending": "bold yellow",
    "skipped": "dim", "waiting": "dim",
}  # fmt: skip


def route_renderable(round_no: int | None, steps: list[StepView]) -> RenderableType:
    table = Table.grid(padding=(0, 2))
    table.add_column(justify="right", style="dim")
    table.add_column(no_wrap=True)
    table.add_column()
    table.add_column()
    for step in steps:
        people = Text()
        for approver in step.approvers:
            decision = approver["decision"]
            style = "green" if decision == "approved" else "red" if decision else "yellow"
            mark = "✓" if decision == "approved" else "✗" if decision else "…"
            people.append(f"{mark} {approver['approver']}", style=style)
            if approver.get("by") and approver["by"] != approver["approver"].lstrip("@"):
                people.append(f" (by @{approver['by']})", style="dim")
            if approver.get("comment"):
                people.append(f" “{approver['comment']}”", style="italic")
            people.append("  ")
        condition = f"when {step.condition}" if step.condition else ""
        table.add_row(
            str(step.position),
            Text(f"{step.name} [{step.mode}]"),
            Text(step.status, style=STEP_STYLE.get(step.status, "")),
            Text.assemble(people, (condition, "dim")),
        )
    title = Text(f"Approval route (round {round_no})", style="bold")
    return Group(title, table)


class ApprovalRoute(Static):
    def __init__(self, round_no: int | None, steps: list[StepView]) -> None:
        super().__init__(route_renderable(round_no, steps), classes="task-section")
