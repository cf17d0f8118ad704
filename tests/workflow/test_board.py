"""The board: a form's statuses (or the plain ones) as columns with counts; `tt move` checks
that the status belongs to the task's workflow."""

from __future__ import annotations

from workflow_helpers import add, show

from teamtask.domain.statuses import PLAIN

SUPPORT = ["new", "waiting_support", "waiting_client", "waiting_fix", "waiting_release", "resolved"]


def test_form_board_columns_are_the_forms_statuses_with_counts(tt) -> None:
    made = [add(tt, f"Обращение {n}", "--form", "support")["id"] for n in range(5)]
    tt.ok("move", str(made[1]), "waiting_client")
    tt.ok("move", str(made[2]), "waiting_client")
    tt.ok("move", str(made[3]), "waiting_fix")
    tt.ok("edit", str(made[4]), "--status", "resolved", "-F", "solution=Готово")
    tt.ok("add", "Обычная задача")  # not on the support board
    tt.ok("add", "Инцидент", "--form", "incident")  # nor on it

    board = tt.ok("board", "--form", "support", "--json").json()
    assert [c["status"] for c in board] == SUPPORT
    shown = tt.ok("form", "show", "support", "--json").json()
    assert [c["title"] for c in board] == [s["title"] for s in shown["statuses"]]
    counts = {c["status"]: c["count"] for c in board}
    assert counts == {"new": 1, "waiting_support": 0, "waiting_client": 2, "waiting_fix": 1,
                      "waiting_release": 0, "resolved": 1}  # fmt: skip
    cards = {c["status"]: sorted(card["id"] for card in c["cards"]) for c in board}
    assert cards["waiting_client"] == sorted(made[1:3])
    assert cards["new"] == [made[0]]
    assert [c["closed"] for c in board] == [False] * 5 + [True]


def test_board_form_from_the_filter(tt) -> None:
    task = add(tt, "Обращение", "--form", "support")
    board = tt.ok("board", "form:support", "--json").json()
    assert [c["status"] for c in board] == SUPPORT
    assert board[0]["cards"][0]["id"] == task["id"]


def test_board_filter_narrows_the_cards(tt) -> None:
    mine = add(tt, "Моё обращение", "--form", "support", "-a", "bob")
    add(tt, "Чужое обращение", "--form", "support")
    board = tt.ok("board", "@bob", "--form", "support", "--json").json()
    assert {c["status"]: c["count"] for c in board}["new"] == 1
    assert board[0]["cards"][0]["id"] == mine["id"]
    assert board[0]["cards"][0]["assignee"] == "bob"


def test_plain_board(tt) -> None:
    todo = add(tt, "Написать тесты")["id"]
    doing = add(tt, "Починить сборку")["id"]
    tt.ok("move", str(doing), "doing")
    done = add(tt, "Обновить README")["id"]
    tt.ok("close", str(done))
    add(tt, "Обращение", "--form", "support")

    board = tt.ok("board", "--json").json()
    assert [c["status"] for c in board] == PLAIN.keys()
    counts = {c["status"]: c["count"] for c in board}
    assert counts == {"todo": 1, "doing": 1, "waiting": 0, "done": 1, "cancelled": 0}
    assert [card["id"] for card in board[0]["cards"]] == [todo]
    all_cards = [card["id"] for c in board for card in c["cards"]]
    assert sorted(all_cards) == sorted([todo, doing, done])


def test_board_text_shows_columns_counts_and_cards(tt) -> None:
    add(tt, "Клиент ждёт ответа", "--form", "support")
    out = tt.ok("board", "--form", "support").out
    assert "Новое (1)" in out
    assert "Решено (0)" in out
    assert "Клиент ждёт ответа" in out


def test_unknown_board_form_exits_2(tt) -> None:
    result = tt("board", "--form", "nosuch")
    assert result.code == 2 and "nosuch" in result.err


def test_move_validates_the_status_against_the_tasks_form(tt) -> None:
    request = add(tt, "Обращение", "--form", "support")
    plain = add(tt, "Обычная задача")

    wrong = tt("move", str(request["id"]), "doing")
    assert wrong.code == 2
    assert "doing" in wrong.err and "waiting_client" in wrong.err  # the form's statuses
    assert show(tt, request["id"])["status"] == "new"

    wrong = tt("move", str(plain["id"]), "waiting_client")
    assert wrong.code == 2
    assert "waiting_client" in wrong.err and "todo" in wrong.err
    assert show(tt, plain["id"])["status"] == "todo"

    tt.ok("move", str(request["id"]), "waiting_fix")
    assert show(tt, request["id"])["status"] == "waiting_fix"
    assert tt("move", "999", "todo").code == 1
