"""Commands for approvals, time tracking and the board."""

import sys
from typing import Annotated

import typer

from teamtask.cli.state import state_of

TaskId = Annotated[int, typer.Argument(help="Task number.", show_default=False)]


def parse_day(context, text: str | None):
    """A day in the date grammar (`fri`, `01.12.2026`); an instant counts as its local day."""
    if text is None:
        return None
    from teamtask.domain.dates import local_day, parse_date

    return local_day(parse_date(text, now=context.local_now()), context.tz)


def approve(
    ctx: typer.Context,
    task_id: TaskId,
    message: Annotated[str | None, typer.Option("-m", "--message")] = None,
) -> None:
    """Approve the current step of a task's route."""
    from teamtask.services.approvals import decide

    sys.stderr.write(decide(state_of(ctx).context(), task_id, "approved", message) + "\n")


def reject(
    ctx: typer.Context,
    task_id: TaskId,
    message: Annotated[str, typer.Option("-m", "--message", help="Reason (required).")] = "",
) -> None:
    """Reject: the route stops until the author resubmits."""
    from teamtask.services.approvals import decide

    sys.stderr.write(decide(state_of(ctx).context(), task_id, "rejected", message) + "\n")


def resubmit(ctx: typer.Context, task_id: TaskId) -> None:
    """After a rejection: ask the route again from step one."""
    from teamtask.services.approvals import resubmit as resubmit_route

    sys.stderr.write(resubmit_route(state_of(ctx).context(), task_id) + "\n")


def revoke(ctx: typer.Context, task_id: TaskId) -> None:
    """Withdraw your decision while the route is still at that step."""
    from teamtask.services.approvals import revoke as revoke_decision

    sys.stderr.write(revoke_decision(state_of(ctx).context(), task_id) + "\n")


def approvers(
    ctx: typer.Context,
    task_id: TaskId,
    handles: Annotated[list[str], typer.Argument(help="Users or groups.")],
    step: Annotated[int, typer.Option("--step", help="Step number, from 1.")] = 1,
) -> None:
    """Add approvers to step N of any task's route."""
    from teamtask.services.approvals import add_approvers

    sys.stderr.write(add_approvers(state_of(ctx).context(), task_id, step, handles) + "\n")


def approvals(
    ctx: typer.Context, task_id: TaskId, as_json: Annotated[bool, typer.Option("--json")] = False
) -> None:
    """The route: steps, who decided what, who is pending."""
    from teamtask.services.approvals import route

    round_no, steps = route(state_of(ctx).context(), task_id)
    if as_json:
        from teamtask.cli.output import emit_json

        emit_json({"task": task_id, "round": round_no, "steps": [s.as_json() for s in steps]})
        return
    if not steps:
        sys.stderr.write(f"#{task_id} has no approval route\n")
        return
    from teamtask.cli.output import print_table

    rows = []
    for s in steps:
        for a in s.approvers or [{"approver": "", "decision": None, "by": None, "comment": None}]:
            decision = a["decision"] or ("pending" if s.status == "pending" else "")
            by = f" by @{a['by']}" if a["by"] and a["by"] != a["approver"].lstrip("@") else ""
            rows.append(
                [
                    s.position,
                    s.name,
                    s.mode,
                    s.status,
                    a["approver"],
                    decision + by,
                    a["comment"] or "",
                    s.condition or "",
                ]
            )
    print_table(
        f"#{task_id} approval route, round {round_no}",
        ["#", "step", "mode", "step status", "approver", "decision", "comment", "when"],
        rows,
    )


def log(
    ctx: typer.Context,
    task_id: TaskId,
    duration: Annotated[str, typer.Argument(help="45m, 1h30m, 1.5h")],
    note: Annotated[list[str] | None, typer.Argument(help="What was done.")] = None,
    on: Annotated[str | None, typer.Option("--on", help="Day of the work (default today).")] = None,
    user: Annotated[str | None, typer.Option("--user", help="Log for someone else.")] = None,
) -> None:
    """Log time spent on a task."""
    from teamtask.domain.durations import format_minutes, parse_duration
    from teamtask.services.timelog import log_time

    context = state_of(ctx).context()
    minutes = parse_duration(duration)
    log_time(
        context, task_id, minutes, note=" ".join(note or []), on=parse_day(context, on), user=user
    )
    sys.stderr.write(f"#{task_id} +{format_minutes(minutes)}\n")


def time_report(
    ctx: typer.Context,
    filter_words: Annotated[
        list[str] | None, typer.Argument(help="Which tasks (default all).")
    ] = None,
    by: Annotated[str, typer.Option("--by", help="user|task|day|form")] = "user",
    since: Annotated[str | None, typer.Option("--since")] = None,
    until: Annotated[str | None, typer.Option("--until")] = None,
    fmt: Annotated[str, typer.Option("--format", help="table|csv|json")] = "table",
) -> None:
    """Hours (and cost, for users with a rate) per user, task, day or form."""
    from teamtask.domain.durations import format_minutes
    from teamtask.domain.errors import Invalid
    from teamtask.services.timelog import report

    if fmt not in ("table", "csv", "json"):
        raise Invalid(f"unknown format {fmt!r}: expected table, csv or json")
    context = state_of(ctx).context()
    rows = report(
        context,
        filter_words or [],
        by=by,
        since=parse_day(context, since),
        until=parse_day(context, until),
    )
    if fmt == "json":
        from teamtask.cli.output import emit_json

        emit_json([r.as_json() for r in rows])
        return
    header = [by, "hours", "time", "cost"]
    data = [[r.key, f"{r.minutes / 60:.2f}", format_minutes(r.minutes), r.cost] for r in rows]
    total_minutes = sum(r.minutes for r in rows)
    costs = [r.cost for r in rows if r.cost is not None]
    if fmt == "csv":
        from teamtask.cli.output import emit_csv

        emit_csv(header, data)
        return
    from teamtask.cli.output import print_table

    data.append(
        [
            "total",
            f"{total_minutes / 60:.2f}",
            format_minutes(total_minutes) if total_minutes else "0m",
            sum(costs) if costs else None,
        ]
    )
    print_table(None, header, data)


def board(
    ctx: typer.Context,
    filter_words: Annotated[list[str] | None, typer.Argument(help="Which tasks.")] = None,
    form: Annotated[
        str | None, typer.Option("--form", help="Columns from this form's statuses.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Kanban columns with counts and cards."""
    from teamtask.services.board import build_board

    context = state_of(ctx).context()
    columns = build_board(context, filter_words or [], form=form)
    if as_json:
        from teamtask.cli.output import emit_json

        emit_json([c.as_json(context.tz) for c in columns])
        return
    from teamtask.cli.render import render_board

    render_board(context, columns)
