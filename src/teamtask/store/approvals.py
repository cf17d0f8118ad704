"""SQL for approval routes shared by filters (`approver:me`) and the inbox."""

from __future__ import annotations

from typing import Any


def pending_approver_sql(user_id: int | None, params: list[Any]) -> str:
    """Tasks whose current step waits for this user (directly or through a group)."""
    if user_id is None:
        return (
            "NOT EXISTS (SELECT 1 FROM approval_steps s WHERE s.task_id = t.id"
            " AND s.status = 'pending')"
        )
    params.extend([user_id, user_id])
    return (
        "EXISTS (SELECT 1 FROM approval_steps s JOIN approvers a ON a.step_id = s.id"
        " WHERE s.task_id = t.id AND s.status = 'pending' AND a.decision IS NULL"
        " AND (a.user_id = ? OR a.group_id IN"
        " (SELECT m.group_id FROM group_members m WHERE m.user_id = ?)))"
    )
