"""Knowledge-base search with Russian word forms, on SQLite (FTS5 + Snowball) and PostgreSQL
(`russian` text search configuration)."""

from __future__ import annotations

import re

import pytest

TITLE = "Не запускается обработка пакетов"


@pytest.fixture
def kb(tt) -> dict[str, int]:
    def kb_add(title: str, *options: str) -> int:
        out = tt.ok("kb", "add", title, *options).out
        match = re.match(r"#(\d+) ", out)
        assert match, out
        return int(match[1])

    return {
        "batch": kb_add(
            TITLE, "--product", "CORRECT", "--version", "3.2", "--problem-type", "performance",
            "--description", "После обновления очередь стоит, задания не начинаются",
            "--solution", "Перезапустить службу очереди и очистить кэш",
        ),
        "export": kb_add(
            "Ошибка экспорта в Excel", "--product", "OTHER", "--version", "1.0",
            "--problem-type", "export", "--description", "Выгрузка падает на больших файлах",
            "--solution", "Обновить драйвер",
        ),
        "slow": kb_add(
            "Медленная обработка пакетов документов", "--product", "OTHER", "--version", "2.0",
            "--problem-type", "performance", "--description", "Пакеты распознаются долго",
            "--solution", "Добавить процессорных ядер",
        ),
        "draft": kb_add(
            "Не запускается сервис лицензий", "--product", "CORRECT", "--version", "3.1",
            "--problem-type", "access", "--draft",
        ),
    }  # fmt: skip


def search(tt, *terms: str) -> list[dict]:
    return tt.ok("kb", "search", *terms, "--json").json()


def test_word_forms_find_the_article(tt, kb) -> None:
    hits = search(tt, "обработки", "пакета")
    found = [h["id"] for h in hits]
    assert kb["batch"] in found
    assert kb["export"] not in found
    batch = next(h for h in hits if h["id"] == kb["batch"])
    assert batch["title"] == TITLE
    assert batch["status"] == "published"
    assert batch["fields"]["product"] == "CORRECT"


def test_a_prefix_of_a_stem_finds_the_article(tt, kb) -> None:
    found = [h["id"] for h in search(tt, "запуск")]
    assert kb["batch"] in found
    assert kb["draft"] in found  # drafts are searchable too ("Не запускается сервис…")
    assert kb["export"] not in found and kb["slow"] not in found


def test_one_query_for_one_word_form_finds_the_others(tt, kb) -> None:
    for query in ("пакеты", "пакетов", "пакет", "Пакетам"):
        found = {h["id"] for h in search(tt, query)}
        assert found == {kb["batch"], kb["slow"]}, query


def test_every_query_word_must_match(tt, kb) -> None:
    assert [h["id"] for h in search(tt, "обработка", "очереди")] == [kb["batch"]]
    assert search(tt, "обработка", "драйвер") == []


def test_field_terms_restrict_the_search(tt, kb) -> None:
    assert [h["id"] for h in search(tt, "обработки", "пакета", "product:OTHER")] == [kb["slow"]]
    assert [h["id"] for h in search(tt, "обработки", "пакета", "product:CORRECT")] == [kb["batch"]]
    assert [h["id"] for h in search(tt, "запуск", "version:3.1")] == [kb["draft"]]
    assert [
        h["id"] for h in search(tt, "пакетов", "problem_type:performance", "product:OTHER")
    ] == [kb["slow"]]
    assert search(tt, "запуск", "product:OTHER") == []


def test_snippet_marks_the_matched_words(tt, kb) -> None:
    batch = next(h for h in search(tt, "обработки", "пакета") if h["id"] == kb["batch"])
    marked = re.findall(r"\[([^\]]+)\]", batch["snippet"])
    assert marked, batch["snippet"]
    assert {m.lower() for m in marked} >= {"обработка", "пакетов"}
    started = next(h for h in search(tt, "запуск") if h["id"] == kb["batch"])
    assert "[запускается]" in started["snippet"]


def test_solution_and_description_are_searched(tt, kb) -> None:
    assert [h["id"] for h in search(tt, "драйвера")] == [kb["export"]]
    assert [h["id"] for h in search(tt, "выгрузке")] == [kb["export"]]


def test_comments_on_a_kb_task_are_searchable(tt, kb) -> None:
    assert search(tt, "совместимости") == []
    tt.ok("comment", str(kb["export"]), "Помогла", "переустановка", "библиотеки", "совместимости")
    hits = search(tt, "библиотека", "совместимость")
    assert [h["id"] for h in hits] == [kb["export"]]
    assert "[библиотеки]" in hits[0]["snippet"]


def test_edits_keep_the_index_in_step(tt, kb) -> None:
    tt.ok("edit", str(kb["export"]), "-F", "solution=Переустановить компоненты печати")
    assert search(tt, "драйвер") == []
    assert [h["id"] for h in search(tt, "печать")] == [kb["export"]]
    tt.ok("edit", str(kb["export"]), "--title", "Выгрузка в таблицы не работает")
    assert search(tt, "экспорт", "Excel") == []
    assert [h["id"] for h in search(tt, "таблицам")] == [kb["export"]]


def test_only_kb_tasks_are_found(tt, kb) -> None:
    tt.ok("add", "Не запускается обработка пакетов у клиента")
    tt.ok("add", "Не запускается обработка пакетов", "--form", "support")
    found = [h["id"] for h in search(tt, "обработки", "пакета")]
    assert set(found) == {kb["batch"], kb["slow"]}


def test_text_output_and_nothing_found(tt, kb) -> None:
    text = tt.ok("kb", "search", "обработки", "пакета").out
    assert TITLE in text and "CORRECT" in text
    empty = tt("kb", "search", "гиппопотам")
    assert empty.code == 1 and "nothing found" in empty.err
    assert search(tt, "гиппопотам") == []
    assert tt("kb", "search", "product:CORRECT").code == 2  # no words to search
