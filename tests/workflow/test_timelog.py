"""Time tracking: `tt log` durations and dates, `tt time` reports with contractor costs."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from workflow_helpers import add, show

RATE = Decimal(1500)


def report(tt, *args: str) -> dict[str, dict]:
    rows = tt.ok("time", *args, "--format", "json").json()
    return {row["key"]: row for row in rows}


def cost(minutes: int) -> str:
    return str((RATE * minutes / 60).quantize(Decimal("0.01")))


@pytest.fixture
def logged(tt):
    """alice and carol log hours on a plain task and a support request."""
    site = add(tt, "Перенос сайта")["id"]
    request = add(tt, "Клиент не может войти", "--form", "support")["id"]
    today = datetime.now(ZoneInfo("Europe/Moscow")).date().isoformat()
    tt.ok("log", str(site), "1h30m", "настройка", "nginx")
    tt.ok("log", str(site), "45m", "--on", "2026-11-20")
    tt.ok("log", str(request), "1.5h", "--on", "2026-11-20")
    tt.ok("log", str(site), "2h", "--user", "carol", "--on", "2026-11-20")
    tt.ok("log", str(request), "1h15m", "--user", "carol", "--on", "2026-11-21")
    tt.ok("log", str(request), "7m", "созвон", user="carol")  # today, by carol herself
    return {"site": site, "request": request, "today": today}


def test_log_records_minutes_in_history(tt) -> None:
    task = add(tt, "Документация")
    tid = str(task["id"])
    assert "+1h30m" in tt.ok("log", tid, "1h30m", "черновик", "раздела").err
    assert "+45m" in tt.ok("log", tid, "45m").err
    assert "+1h30m" in tt.ok("log", tid, "1.5h").err
    history = [h for h in show(tt, task["id"])["history"] if h["action"] == "time logged"]
    assert [h["changes"]["minutes"][1] for h in history] == [90, 45, 90]


@pytest.mark.parametrize("duration", ["abc", "0m", "0", "2d", "1h1h", "1.h", "-1h", "-30"])
def test_bad_durations_exit_2(tt, duration: str) -> None:
    task = add(tt, "Документация")
    result = (
        tt("log", str(task["id"]), "--", duration)
        if duration.startswith("-")
        else tt("log", str(task["id"]), duration)
    )
    assert result.code == 2, result.err
    assert tt.ok("time", "--format", "json").out.strip() == "[]"


def test_log_errors(tt) -> None:
    task = add(tt, "Документация")
    tid = str(task["id"])
    assert tt("log", tid, "25h").code == 2  # more than a day in one entry
    assert tt("log", tid, "1h", "--on", "someday").code == 2
    unknown = tt("log", tid, "1h", "--user", "mallory")
    assert unknown.code == 2 and "mallory" in unknown.err
    assert tt("log", "999", "1h").code == 1
    assert tt.ok("time", "--format", "json").out.strip() == "[]"


def test_report_by_user_with_exact_contractor_cost(tt, logged) -> None:
    by_user = report(tt, "--by", "user")
    assert set(by_user) == {"alice", "carol"}
    alice, carol = by_user["alice"], by_user["carol"]
    assert alice["minutes"] == 90 + 45 + 90
    assert alice["cost"] is None  # no rate, no cost
    carol_minutes = 120 + 75 + 7
    assert carol["minutes"] == carol_minutes
    assert carol["hours"] == round(carol_minutes / 60, 2)
    assert carol["cost"] == cost(carol_minutes) == "5050.00"


def test_report_by_task_day_and_form(tt, logged) -> None:
    by_task = report(tt, "--by", "task")
    site = next(v for k, v in by_task.items() if k.startswith(f"#{logged['site']} "))
    request = next(v for k, v in by_task.items() if k.startswith(f"#{logged['request']} "))
    assert site["minutes"] == 90 + 45 + 120
    assert site["cost"] == cost(120)
    assert request["minutes"] == 90 + 75 + 7
    assert request["cost"] == cost(75 + 7)

    by_day = report(tt, "--by", "day")
    assert by_day["2026-11-20"]["minutes"] == 45 + 90 + 120
    assert by_day["2026-11-20"]["cost"] == cost(120)
    assert by_day["2026-11-21"]["minutes"] == 75
    assert by_day[logged["today"]]["minutes"] == 90 + 7

    by_form = report(tt, "--by", "form")
    assert by_form["support"]["minutes"] == 90 + 75 + 7
    assert by_form["(no form)"]["minutes"] == 90 + 45 + 120


def test_report_since_until_and_filter(tt, logged) -> None:
    one_day = report(tt, "--by", "user", "--since", "2026-11-21", "--until", "2026-11-21")
    assert {k: v["minutes"] for k, v in one_day.items()} == {"carol": 75}
    assert one_day["carol"]["cost"] == cost(75) == "1875.00"
    november_20 = report(tt, "--by", "user", "--since", "2026-11-20", "--until", "20.11.2026")
    assert {k: v["minutes"] for k, v in november_20.items()} == {"alice": 135, "carol": 120}
    support = report(tt, "form:support", "--by", "user")
    assert {k: v["minutes"] for k, v in support.items()} == {"alice": 90, "carol": 82}
    assert support["carol"]["cost"] == cost(82)


def test_report_formats(tt, logged) -> None:
    out = tt.ok("time", "--by", "user", "--format", "csv").out
    parsed = list(csv.reader(io.StringIO(out)))
    assert parsed[0] == ["user", "hours", "time", "cost"]
    rows = {r[0]: r for r in parsed[1:]}
    assert rows["carol"][3] == "5050.00"
    assert rows["alice"][3] == ""
    assert Decimal(rows["carol"][1]) == Decimal("3.37")
    assert rows["carol"][2] == "3h22m"
    table = tt.ok("time", "--by", "user").out
    assert "carol" in table and "5050.00" in table and "total" in table
    assert tt("time", "--by", "week").code == 2
    assert tt("time", "--format", "xml").code == 2
