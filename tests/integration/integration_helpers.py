"""Plain helpers shared by the integration tests (fixtures live in conftest.py)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from support.databases import dsn, empty_postgres  # noqa: F401  (re-exported for tests)

MOSCOW = "Europe/Moscow"  # the time zone tests/conftest.py gives every `tt` run


def today() -> date:
    """Today where the `tt` runs live (TEAMTASK_TZ=Europe/Moscow)."""
    return datetime.now(ZoneInfo(MOSCOW)).date()


def day(offset: int) -> str:
    return (today() + timedelta(days=offset)).isoformat()


def query(url: str, sql: str, params: tuple = ()) -> list[tuple]:
    """Read rows straight from the database through teamtask.db.Database (never writes)."""
    from teamtask.db import Database, DatabaseUrl

    db = Database(DatabaseUrl.parse(url))
    try:
        return db.all(sql, params)
    finally:
        db.close()


def ids(result) -> list[int]:
    """The numbers printed by `tt ls --format ids`."""
    return [int(line) for line in result.out.split()]


BINARY = bytes(range(256)) * 8 + b"\x00end"


def add_team(tt) -> None:
    """The people tests/conftest.py's `tt` fixture starts with, on another database."""
    tt.ok("user", "add", "alice", "--name", "Alice", "--email", "alice@example.com", user="admin")
    tt.ok("user", "add", "bob", "--name", "Bob")
    tt.ok("user", "add", "carol", "--name", "Carol", "--contractor", "--rate", "1500")
    tt.ok("group", "add", "support-l1", "--member", "alice", "--member", "bob")


def build_rich_database(tt, tmp_path: Path) -> None:
    """People, groups and ten tasks in every state with everything a task can carry
    (needs the `add_team` people)."""
    tt.ok(
        "user",
        "add",
        "dmitry",
        "--name",
        "Дмитрий Волков",
        "--email",
        "d@x.example",
        "--telegram",
        "dmitry_tg",
    )
    tt.ok("group", "add", "dev", "--member", "bob", "--member", "carol", "--title", "Developers")
    tt.ok(
        "add",
        "Fix login",
        "@bob",
        "@carol",
        "+bug",
        "+web",
        "due:fri",
        "!high",
        "@support-l1",
        "-m",
        "Шаги:\n1. открыть /login\n2. ввести пароль",
    )  # 1
    tt.ok("add", "Deploy 4.2", "+ops", "-d", f"{day(2)} 15:00", "-g", "dev")  # 2
    tt.ok("move", "2", "doing")
    tt.ok("add", "Счёт не пришёл", "--requester", "client@x.example", "-a", "dmitry")  # 3
    tt.ok("move", "3", "waiting")
    tt.ok("comment", "3", "Проверяю", "в", "бухгалтерии")
    tt.ok("comment", "3", "We", "re-sent", "the", "invoice", "--public")
    tt.ok("add", "Old task", "due:yesterday")  # 4
    tt.ok("close", "4", "-m", "Сделано")
    tt.ok("add", "Not needed")  # 5
    tt.ok("move", "5", "cancelled")
    tt.ok("add", "Part of login fix", "--parent", "1", "-w", "dmitry")  # 6
    tt.ok("add", "Disk full on db1", "--dedupe-key", "disk-db1", "!urgent")  # 7
    tt.ok("add", "Disk full on db1", "--dedupe-key", "disk-db1")
    tt.ok("add", "Telegram question", "--requester", "@tg_client")  # 8
    tt.ok("add", "With files", "@alice")  # 9
    tmp_path.mkdir(parents=True, exist_ok=True)
    binary, text = tmp_path / "dump.bin", tmp_path / "отчёт.txt"
    binary.write_bytes(BINARY)
    text.write_text("итоги квартала\n", encoding="utf-8")
    tt.ok("attach", "9", str(binary), str(text))
    tt.ok("add", "Epic: auth", "+epic")  # 10
    tt.ok("edit", "2", "--parent", "10")  # a parent with a higher number than its child
    tt.ok("close", "10")
    tt.ok("reopen", "10")
    tt.ok("comment", "1", "Bob", "here", user="bob")
    tt.ok("assign", "1", "carol")
