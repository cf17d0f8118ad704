"""Approval routes: steps in sequence, approvers in parallel inside a step.

A route runs in rounds: a rejection stops the round; `resubmit` starts a new round from step
one with the same steps. Exactly one step of the current round is `pending` while the route
runs; steps before it are approved or skipped (their `when` was false), steps after it wait.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from teamtask.domain.errors import Forbidden, Invalid
from teamtask.domain.forms import FormDef
from teamtask.services import history
from teamtask.services.context import Context
from teamtask.services.tasks import require_row


def _current_round(ctx: Context, task_id: int) -> int | None:
    value = ctx.db.scalar("SELECT max(round) FROM approval_steps WHERE task_id = ?", (task_id,))
    return None if value is None else int(value)


def _approver_ids(
    ctx: Context, names: tuple[str, ...] | list[str]
) -> list[tuple[int | None, int | None]]:
    """Each name is a group (any member may decide) or a user; (user_id, group_id) pairs."""
    resolved = []
    for name in names:
        name = name.lstrip("@")
        if name in ctx.groups():
            resolved.append((None, ctx.groups()[name]))
        elif name in ctx.users():
            resolved.append((ctx.users()[name], None))
        else:
            raise Invalid(
                f"approver {name!r} is neither a user nor a group; create it "
                f"(tt user add / tt group add) or adapt the form's route"
            )
    return resolved


def _add_step(
    ctx: Context,
    task_id: int,
    round_no: int,
    position: int,
    name: str,
    mode: str,
    condition: str | None,
    approvers: list[tuple[int | None, int | None]],
) -> int:
    step_id = ctx.db.insert(
        "INSERT INTO approval_steps (task_id, round, position, name, mode, condition, status)"
        " VALUES (?, ?, ?, ?, ?, ?, 'waiting')",
        (task_id, round_no, position, name, mode, condition),
    )
    for user_id, group_id in approvers:
        ctx.db.execute(
            "INSERT INTO approvers (step_id, user_id, group_id) VALUES (?, ?, ?)",
            (step_id, user_id, group_id),
        )
    return step_id


def _form_of(ctx: Context, row: dict[str, Any]) -> FormDef | None:
    if not row["form_key"]:
        return None
    from teamtask.services.forms import form_definition

    return form_definition(ctx, row["form_key"], row["form_version"])


def _set_status(ctx: Context, task_id: int, status: str | None, action: str) -> None:
    row = require_row(ctx, task_id)
    if status and status != row["status"]:
        from teamtask.services.tasks import TaskChanges, edit_task

        edit_task(ctx, task_id, TaskChanges(status=status), action=action)


def start_route(ctx: Context, task_id: int, form: FormDef) -> None:
    with ctx.db.transaction():
        round_no = (_current_round(ctx, task_id) or 0) + 1
        for position, step in enumerate(form.approval, start=1):
            _add_step(
                ctx,
                task_id,
                round_no,
                position,
                step.name,
                step.mode,
                step.when,
                _approver_ids(ctx, step.approvers),
            )
        _set_status(ctx, task_id, form.approval_status, "approval started")
        _advance(ctx, task_id, round_no)


def _condition_holds(ctx: Context, task_id: int, condition: str | None) -> bool:
    if not condition:
        return True
    from teamtask.domain.evaluate import evaluate
    from teamtask.domain.filters import parse_filter
    from teamtask.services.forms import current_values, evaluation_record

    row = require_row(ctx, task_id)
    form = _form_of(ctx, row)
    values = current_values(ctx, task_id)
    record = (
        evaluation_record(form, values, title=row["title"], status=row["status"])
        if form
        else {"fields": {}, "title": row["title"], "status": row["status"]}
    )
    return evaluate(
        parse_filter(condition, now=ctx.local_now()),
        record,
        me=ctx.user_handle or "",
        now=ctx.local_now(),
    )


def _advance(ctx: Context, task_id: int, round_no: int) -> None:
    """Open the next step whose condition holds, skipping the others; finish if none is left."""
    if ctx.db.scalar(
        "SELECT 1 FROM approval_steps WHERE task_id = ? AND round = ? AND status = 'pending'",
        (task_id, round_no),
    ):
        return
    for step_id, name, condition in ctx.db.all(
        "SELECT id, name, condition FROM approval_steps WHERE task_id = ? AND round = ?"
        " AND status = 'waiting' ORDER BY position",
        (task_id, round_no),
    ):
        if _condition_holds(ctx, task_id, condition):
            ctx.db.execute("UPDATE approval_steps SET status = 'pending' WHERE id = ?", (step_id,))
            return
        ctx.db.execute(
            "UPDATE approval_steps SET status = 'skipped', decided_at = ? WHERE id = ?",
            (ctx.now(), step_id),
        )
        history.record(
            ctx,
            task_id,
            "approval step skipped",
            {"step": (None, name)},
            note=f"condition {condition} is false",
        )
    if ctx.db.scalar(
        "SELECT 1 FROM approval_steps WHERE task_id = ? AND round = ? AND status = 'rejected'",
        (task_id, round_no),
    ):
        return
    row = require_row(ctx, task_id)
    form = _form_of(ctx, row)
    history.record(ctx, task_id, "approval completed")
    _set_status(ctx, task_id, form.approved_status if form else None, "approved")


def _pending_step(ctx: Context, task_id: int) -> tuple[int, str, str, int] | None:
    row = ctx.db.one(
        "SELECT id, name, mode, round FROM approval_steps WHERE task_id = ? AND status = 'pending'",
        (task_id,),
    )
    return None if row is None else (row[0], row[1], row[2], row[3])


def _my_rows(ctx: Context, step_id: int, *, undecided: bool) -> list[int]:
    decided = "a.decision IS NULL" if undecided else "a.decided_by_id = ?"
    params: list[Any] = [step_id, ctx.user_id, ctx.user_id]
    if not undecided:
        params.append(ctx.user_id)
    return [
        r[0]
        for r in ctx.db.all(
            "SELECT a.id FROM approvers a WHERE a.step_id = ? AND (a.user_id = ? OR a.group_id IN"
            " (SELECT m.group_id FROM group_members m WHERE m.user_id = ?)) AND "
            + decided
            + " ORDER BY a.user_id IS NULL, a.id",
            params,
        )
    ]


def _pending_names(ctx: Context, step_id: int) -> str:
    names = [
        f"@{r[0]}" if r[0] else r[1]
        for r in ctx.db.all(
            "SELECT u.handle, g.name FROM approvers a LEFT JOIN users u ON u.id = a.user_id"
            " LEFT JOIN groups g ON g.id = a.group_id WHERE a.step_id = ? AND a.decision IS NULL",
            (step_id,),
        )
    ]
    return ", ".join(names) or "nobody"


def decide(ctx: Context, task_id: int, decision: str, comment: str | None = None) -> str:
    """Approve or reject as the current user; returns what happened, for the user to read."""
    if decision == "rejected" and not (comment and comment.strip()):
        raise Invalid("a rejection needs a reason: -m REASON")
    with ctx.db.transaction():
        require_row(ctx, task_id, for_update=True)
        step = _pending_step(ctx, task_id)
        if step is None:
            raise Forbidden(f"task #{task_id} is not awaiting any approval")
        step_id, name, mode, round_no = step
        mine = _my_rows(ctx, step_id, undecided=True)
        if not mine:
            raise Forbidden(
                f"you are not a pending approver of #{task_id} at step {name!r} "
                f"(pending: {_pending_names(ctx, step_id)})"
            )
        now = ctx.now()
        ctx.db.execute(
            "UPDATE approvers SET decision = ?, decided_by_id = ?, comment = ?, decided_at = ?"
            " WHERE id = ?",
            (decision, ctx.user_id, comment, now, mine[0]),
        )
        history.record(ctx, task_id, decision, {"step": (None, name)}, note=comment)
        if decision == "rejected":
            ctx.db.execute(
                "UPDATE approval_steps SET status = 'rejected', decided_at = ? WHERE id = ?",
                (now, step_id),
            )
            form = _form_of(ctx, require_row(ctx, task_id))
            _set_status(ctx, task_id, form.rejected_status if form else None, "rejected")
            return f"#{task_id} rejected at step {name}"
        undecided = ctx.db.scalar(
            "SELECT count(*) FROM approvers WHERE step_id = ? AND decision IS NULL", (step_id,)
        )
        if mode == "any" or not undecided:
            ctx.db.execute(
                "UPDATE approval_steps SET status = 'approved', decided_at = ? WHERE id = ?",
                (now, step_id),
            )
            _advance(ctx, task_id, round_no)
            following = _pending_step(ctx, task_id)
            if following is None:
                return f"#{task_id} approved: route complete"
            return f"#{task_id} step {name} approved; next: {following[1]}"
        history.touch(ctx, task_id)
        return f"#{task_id} your approval is recorded; step {name} still waits for {_pending_names(ctx, step_id)}"


def resubmit(ctx: Context, task_id: int) -> str:
    with ctx.db.transaction():
        row = require_row(ctx, task_id, for_update=True)
        if row["author_id"] != ctx.user_id:
            raise Forbidden(f"only the author of #{task_id} can resubmit it")
        round_no = _current_round(ctx, task_id)
        if round_no is None or not ctx.db.scalar(
            "SELECT 1 FROM approval_steps WHERE task_id = ? AND round = ? AND status = 'rejected'",
            (task_id, round_no),
        ):
            raise Invalid(f"task #{task_id} has no rejected approval to resubmit")
        steps = ctx.db.all(
            "SELECT id, position, name, mode, condition FROM approval_steps"
            " WHERE task_id = ? AND round = ? ORDER BY position",
            (task_id, round_no),
        )
        for old_id, position, name, mode, condition in steps:
            approvers = ctx.db.all(
                "SELECT user_id, group_id FROM approvers WHERE step_id = ?", (old_id,)
            )
            _add_step(
                ctx,
                task_id,
                round_no + 1,
                position,
                name,
                mode,
                condition,
                [(a[0], a[1]) for a in approvers],
            )
        history.record(ctx, task_id, "resubmitted", {"round": (round_no, round_no + 1)})
        form = _form_of(ctx, row)
        _set_status(ctx, task_id, form.approval_status if form else None, "resubmitted")
        _advance(ctx, task_id, round_no + 1)
    return f"#{task_id} resubmitted for approval (round {round_no + 1})"


def revoke(ctx: Context, task_id: int) -> str:
    """Withdraw my decision while the route still stands at that step."""
    with ctx.db.transaction():
        require_row(ctx, task_id, for_update=True)
        row = ctx.db.one(
            "SELECT id, name, status FROM approval_steps WHERE task_id = ?"
            " AND status IN ('pending', 'rejected') AND round = (SELECT max(round)"
            " FROM approval_steps WHERE task_id = ?)",
            (task_id, task_id),
        )
        if row is None:
            raise Forbidden(f"task #{task_id} has moved past your step; nothing to revoke")
        step_id, name, status = row
        mine = _my_rows(ctx, step_id, undecided=False)
        if not mine:
            raise Forbidden(
                f"you have no decision to revoke at the current step {name!r} of #{task_id}"
            )
        ctx.db.execute(
            "UPDATE approvers SET decision = NULL, decided_by_id = NULL, comment = NULL,"
            " decided_at = NULL WHERE id = ?",
            (mine[0],),
        )
        history.record(ctx, task_id, "decision revoked", {"step": (name, None)})
        if status == "rejected":
            ctx.db.execute(
                "UPDATE approval_steps SET status = 'pending', decided_at = NULL WHERE id = ?",
                (step_id,),
            )
            form = _form_of(ctx, require_row(ctx, task_id))
            _set_status(ctx, task_id, form.approval_status if form else None, "decision revoked")
        history.touch(ctx, task_id)
    return f"#{task_id} your decision at step {name} is withdrawn"


def add_approvers(ctx: Context, task_id: int, position: int, names: list[str]) -> str:
    """Ad-hoc approvers on any task: join step N of the current round (made if missing)."""
    if position < 1:
        raise Invalid("--step counts from 1")
    approvers = _approver_ids(ctx, names)
    with ctx.db.transaction():
        require_row(ctx, task_id, for_update=True)
        round_no = _current_round(ctx, task_id) or 1
        step = ctx.db.one(
            "SELECT id, status FROM approval_steps WHERE task_id = ? AND round = ? AND position = ?",
            (task_id, round_no, position),
        )
        if step is None:
            _add_step(ctx, task_id, round_no, position, f"step {position}", "all", None, approvers)
        else:
            if step[1] in ("approved", "skipped"):
                raise Invalid(f"step {position} of #{task_id} is already {step[1]}")
            for user_id, group_id in approvers:
                ctx.db.execute(
                    "INSERT INTO approvers (step_id, user_id, group_id) VALUES (?, ?, ?)",
                    (step[0], user_id, group_id),
                )
        history.record(
            ctx, task_id, "approvers added", {"approvers": (None, names)}, note=f"step {position}"
        )
        if not ctx.db.scalar(
            "SELECT 1 FROM approval_steps WHERE task_id = ? AND round = ? AND status IN"
            " ('pending', 'rejected')",
            (task_id, round_no),
        ):
            _advance(ctx, task_id, round_no)
        history.touch(ctx, task_id)
    return f"#{task_id} approvers at step {position}: {', '.join(names)}"


@dataclass
class StepView:
    position: int
    name: str
    mode: str
    status: str
    condition: str | None
    approvers: list[dict[str, Any]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "step": self.position,
            "name": self.name,
            "mode": self.mode,
            "status": self.status,
            "when": self.condition,
            "approvers": self.approvers,
        }


def route(ctx: Context, task_id: int) -> tuple[int | None, list[StepView]]:
    require_row(ctx, task_id)
    round_no = _current_round(ctx, task_id)
    if round_no is None:
        return None, []
    steps = []
    for step_id, position, name, mode, status, condition in ctx.db.all(
        "SELECT id, position, name, mode, status, condition FROM approval_steps"
        " WHERE task_id = ? AND round = ? ORDER BY position",
        (task_id, round_no),
    ):
        view = StepView(position, name, mode, status, condition)
        for handle, group, decision, by, comment in ctx.db.all(
            "SELECT u.handle, g.name, a.decision, d.handle, a.comment FROM approvers a"
            " LEFT JOIN users u ON u.id = a.user_id LEFT JOIN groups g ON g.id = a.group_id"
            " LEFT JOIN users d ON d.id = a.decided_by_id WHERE a.step_id = ? ORDER BY a.id",
            (step_id,),
        ):
            view.approvers.append(
                {
                    "approver": f"@{handle}" if handle else group,
                    "decision": decision,
                    "by": by,
                    "comment": comment,
                }
            )
        steps.append(view)
    return round_no, steps
