"""Approval routes: the invoice's three steps, permissions, rejection, resubmission, revoking,
ad-hoc approvers, `approver:me` and the inbox."""

from __future__ import annotations

from typing import Any

from workflow_helpers import add, ids, invoice, show


def route(tt, task_id: int, user: str | None = None) -> dict[str, Any]:
    return tt.ok("approvals", str(task_id), "--json", **({"user": user} if user else {})).json()


def statuses(tt, task_id: int) -> list[str]:
    return [s["status"] for s in route(tt, task_id)["steps"]]


def inbox_reasons(tt, user: str) -> dict[int, str]:
    return {e["task"]["id"]: e["reason"] for e in tt.ok("inbox", "--json", user=user).json()}


def test_invoice_enters_approval_on_creation(team) -> None:
    task = invoice(team, "1", "ООО «Ромашка»", "50000")
    assert task["status"] == "approval"
    shown = route(team, task["id"])
    assert shown["round"] == 1
    assert [(s["step"], s["name"], s["mode"]) for s in shown["steps"]] == [
        (1, "manager", "any"), (2, "accounting", "any"), (3, "ceo", "all"),
    ]  # fmt: skip
    assert [s["status"] for s in shown["steps"]] == ["pending", "waiting", "waiting"]
    assert shown["steps"][0]["approvers"] == [
        {"approver": "managers", "decision": None, "by": None, "comment": None}
    ]
    assert shown["steps"][2]["when"] == "total>100000"


def test_ceo_step_is_skipped_below_the_threshold(team) -> None:
    task = invoice(team, "1", "ООО «Ромашка»", "50000")
    tid = str(task["id"])
    assert "next: accounting" in team.ok("approve", tid, "-m", "ок", user="bob").err
    assert "route complete" in team.ok("approve", tid, user="carol").err
    assert statuses(team, task["id"]) == ["approved", "approved", "skipped"]
    assert show(team, task["id"])["status"] == "approved"
    actions = [h["action"] for h in show(team, task["id"])["history"]]
    assert "approval step skipped" in actions
    assert "approval completed" in actions
    assert team("approve", tid, user="dave").code == 1  # nothing left to decide


def test_ceo_step_is_required_above_the_threshold(team) -> None:
    task = invoice(team, "2", "Acme Ltd", "150000")
    tid = str(task["id"])
    team.ok("approve", tid, user="bob")
    assert "next: ceo" in team.ok("approve", tid, user="carol").err
    assert statuses(team, task["id"]) == ["approved", "approved", "pending"]
    assert show(team, task["id"])["status"] == "approval"
    assert ids(team, "approver:me", user="dave") == [task["id"]]
    team.ok("approve", tid, "-m", "согласовано", user="dave")
    assert statuses(team, task["id"]) == ["approved", "approved", "approved"]
    assert show(team, task["id"])["status"] == "approved"


def test_approvals_json_shows_who_decided_what_and_who_is_pending(team) -> None:
    task = invoice(team, "3", "Acme Ltd", "150000")
    tid = str(task["id"])
    team.ok("approve", tid, "-m", "бюджет есть", user="bob")
    shown = route(team, task["id"], user="carol")
    manager, accounting, ceo = shown["steps"]
    assert manager["approvers"] == [
        {"approver": "managers", "decision": "approved", "by": "bob", "comment": "бюджет есть"}
    ]
    assert accounting["status"] == "pending"
    assert accounting["approvers"] == [
        {"approver": "finance", "decision": None, "by": None, "comment": None}
    ]
    assert ceo["status"] == "waiting"
    text = team.ok("approvals", tid).out
    assert "bob" in text and "pending" in text and "finance" in text


def test_approver_me_and_inbox_show_the_pending_approver_only(team) -> None:
    task = invoice(team, "4", "ООО «Ромашка»", "50000")
    tid = task["id"]
    other = add(team, "Обычная задача")
    assert ids(team, "approver:me", user="bob") == [tid]
    for user in ("alice", "carol", "dave"):
        assert ids(team, "approver:me", user=user) == [], user
    assert inbox_reasons(team, "bob").get(tid) == "approval"
    for user in ("alice", "carol", "dave"):
        assert inbox_reasons(team, user).get(tid) != "approval", user
    assert other["id"] not in ids(team, "approver:me", user="bob")

    team.ok("approve", str(tid), user="bob")
    assert ids(team, "approver:me", user="bob") == []
    assert inbox_reasons(team, "bob").get(tid) != "approval"
    assert ids(team, "approver:me", user="carol") == [tid]
    assert inbox_reasons(team, "carol").get(tid) == "approval"


def test_only_a_pending_approver_may_decide(team) -> None:
    task = invoice(team, "5", "ООО «Ромашка»", "50000")
    tid = str(task["id"])
    for user in ("alice", "carol", "dave"):
        refused = team("approve", tid, user=user)
        assert refused.code == 1, user
        assert "not a pending approver" in refused.err
        assert "managers" in refused.err  # who is pending
        assert team("reject", tid, "-m", "нет", user=user).code == 1
    assert statuses(team, task["id"]) == ["pending", "waiting", "waiting"]

    team.ok("approve", tid, user="bob")
    twice = team("approve", tid, user="bob")
    assert twice.code == 1
    assert "not a pending approver" in twice.err
    assert statuses(team, task["id"]) == ["approved", "pending", "waiting"]


def test_the_same_approver_cannot_approve_twice_in_an_all_step(tt) -> None:
    task = add(tt, "Договор аренды")
    tid = str(task["id"])
    tt.ok("approvers", tid, "--step", "1", "bob", "carol")
    assert "still waits" in tt.ok("approve", tid, user="bob").err
    twice = tt("approve", tid, user="bob")
    assert twice.code == 1
    assert "carol" in twice.err
    tt.ok("approve", tid, user="carol")
    assert statuses(tt, task["id"]) == ["approved"]


def test_reject_needs_a_reason(team) -> None:
    task = invoice(team, "6", "ООО «Ромашка»", "50000")
    tid = str(task["id"])
    refused = team("reject", tid, user="bob")
    assert refused.code == 2
    assert "-m" in refused.err
    blank = team("reject", tid, "-m", "   ", user="bob")
    assert blank.code == 2
    assert statuses(team, task["id"]) == ["pending", "waiting", "waiting"]
    assert show(team, task["id"])["status"] == "approval"


def test_rejection_and_resubmission(team) -> None:
    task = invoice(team, "7", "ИП Васильков", "150000")
    tid = str(task["id"])
    team.ok("approve", tid, user="bob")
    team.ok("reject", tid, "-m", "не тот поставщик", user="carol")
    shown = show(team, task["id"])
    assert shown["status"] == "rejected"
    assert any(h["action"] == "rejected" for h in shown["history"])
    assert statuses(team, task["id"]) == ["approved", "rejected", "waiting"]
    assert route(team, task["id"])["steps"][1]["approvers"][0] == {
        "approver": "finance", "decision": "rejected", "by": "carol", "comment": "не тот поставщик",
    }  # fmt: skip
    # the route stopped: nobody may decide until the author resubmits
    assert team("approve", tid, user="dave").code == 1
    assert ids(team, "approver:me", user="carol") == []

    stranger = team("resubmit", tid, user="bob")
    assert stranger.code == 1
    assert "author" in stranger.err
    assert show(team, task["id"])["status"] == "rejected"

    team.ok("edit", tid, "-F", "supplier_name=ООО «Ромашка»")
    assert "round 2" in team.ok("resubmit", tid).err
    again = route(team, task["id"])
    assert again["round"] == 2
    assert [s["status"] for s in again["steps"]] == ["pending", "waiting", "waiting"]
    assert all(a["decision"] is None for s in again["steps"] for a in s["approvers"])
    assert show(team, task["id"])["status"] == "approval"
    assert ids(team, "approver:me", user="bob") == [task["id"]]

    assert team("resubmit", tid).code == 2  # nothing rejected to resubmit now
    team.ok("approve", tid, user="bob")
    team.ok("approve", tid, user="carol")
    team.ok("approve", tid, user="dave")
    assert show(team, task["id"])["status"] == "approved"


def test_revoke_while_the_route_is_at_that_step(tt) -> None:
    task = add(tt, "Закупка мебели")
    tid = str(task["id"])
    tt.ok("approvers", tid, "--step", "1", "bob", "carol")
    tt.ok("approve", tid, "-m", "да", user="bob")
    step = route(tt, task["id"])["steps"][0]
    assert [(a["approver"], a["decision"]) for a in step["approvers"]] == [
        ("@bob", "approved"), ("@carol", None),
    ]  # fmt: skip
    assert "withdrawn" in tt.ok("revoke", tid, user="bob").err
    step = route(tt, task["id"])["steps"][0]
    assert [(a["approver"], a["decision"]) for a in step["approvers"]] == [
        ("@bob", None), ("@carol", None),
    ]  # fmt: skip
    assert tt("revoke", tid, user="bob").code == 1  # nothing left to revoke
    assert tt("revoke", tid, user="alice").code == 1  # never decided


def test_revoke_after_the_route_moved_on_fails(team) -> None:
    task = invoice(team, "8", "ООО «Ромашка»", "50000")
    tid = str(task["id"])
    team.ok("approve", tid, user="bob")
    refused = team("revoke", tid, user="bob")
    assert refused.code == 1
    assert refused.err.strip()
    assert statuses(team, task["id"]) == ["approved", "pending", "waiting"]


def test_revoking_a_rejection_reopens_the_step(team) -> None:
    task = invoice(team, "9", "ООО «Ромашка»", "50000")
    tid = str(task["id"])
    team.ok("reject", tid, "-m", "ошибся", user="bob")
    assert show(team, task["id"])["status"] == "rejected"
    team.ok("revoke", tid, user="bob")
    assert show(team, task["id"])["status"] == "approval"
    assert statuses(team, task["id"]) == ["pending", "waiting", "waiting"]
    team.ok("approve", tid, user="bob")


def test_ad_hoc_approvers_on_a_plain_task(tt) -> None:
    task = add(tt, "Отпуск с 1 декабря")
    tid = str(task["id"])
    assert route(tt, task["id"]) == {"task": task["id"], "round": None, "steps": []}
    assert tt("approve", tid, user="bob").code == 1

    tt.ok("approvers", tid, "--step", "1", "bob")
    shown = route(tt, task["id"])
    assert shown["steps"][0]["status"] == "pending"
    assert shown["steps"][0]["approvers"][0]["approver"] == "@bob"
    assert ids(tt, "approver:me", user="bob") == [task["id"]]
    assert inbox_reasons(tt, "bob").get(task["id"]) == "approval"
    assert tt("approve", tid, user="carol").code == 1

    assert "route complete" in tt.ok("approve", tid, "-m", "хорошего отдыха", user="bob").err
    step = route(tt, task["id"])["steps"][0]
    assert step["status"] == "approved"
    assert step["approvers"][0]["comment"] == "хорошего отдыха"
    assert show(tt, task["id"])["status"] == "todo"  # plain tasks keep their status


def test_ad_hoc_approvers_errors(tt) -> None:
    task = add(tt, "Что-то")
    tid = str(task["id"])
    unknown = tt("approvers", tid, "--step", "1", "mallory")
    assert unknown.code == 2 and "mallory" in unknown.err
    assert tt("approvers", tid, "--step", "0", "bob").code == 2
    assert tt("approvers", "999", "--step", "1", "bob").code == 1


def test_a_group_step_in_a_second_ad_hoc_step(tt) -> None:
    task = add(tt, "Двухшаговое согласование")
    tid = str(task["id"])
    tt.ok("approvers", tid, "--step", "1", "carol")
    tt.ok("approvers", tid, "--step", "2", "support-l1")
    assert [s["status"] for s in route(tt, task["id"])["steps"]] == ["pending", "waiting"]
    assert tt("approve", tid, user="bob").code == 1  # step 2 is not open yet
    tt.ok("approve", tid, user="carol")
    assert ids(tt, "approver:me", user="bob") == [task["id"]]
    tt.ok("approve", tid, user="bob")  # any member of the group decides for it
    assert [s["status"] for s in route(tt, task["id"])["steps"]] == ["approved", "approved"]
