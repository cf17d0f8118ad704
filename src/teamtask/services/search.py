"""Knowledge-base search: ranked, with Russian morphology, on both databases.

PostgreSQL uses its `russian` text search configuration over `search_documents.body`;
SQLite uses FTS5 over Snowball stems of the same text (see models.SearchDocument). Query
words match as prefixes of stems on both, so `запуск` finds "не запускается".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from teamtask.domain import stemming
from teamtask.domain.errors import Invalid
from teamtask.services.context import Context

SEARCHABLE_FORMS = ("kb",)
KB_FIELD_TERMS = ("product", "version", "problem_type")


def document_text(ctx: Context, task_id: int) -> str | None:
    row = ctx.db.one("SELECT title, description, form_key FROM tasks WHERE id = ?", (task_id,))
    if row is None or row[2] not in SEARCHABLE_FORMS:
        return None
    import json

    parts = [row[0], row[1]]
    for _key, value in ctx.db.all(
        "SELECT key, value_json FROM task_fields WHERE task_id = ? ORDER BY key", (task_id,)
    ):
        value = json.loads(value)
        if isinstance(value, str):
            parts.append(value)
    parts.extend(
        r[0]
        for r in ctx.db.all("SELECT body FROM comments WHERE task_id = ? ORDER BY id", (task_id,))
    )
    return "\n".join(p for p in parts if p)


def reindex(ctx: Context, task_id: int) -> None:
    """Called by the services inside their transaction whenever a task's text may change."""
    body = document_text(ctx, task_id)
    if body is None:
        ctx.db.execute("DELETE FROM search_documents WHERE task_id = ?", (task_id,))
        return
    stems = " ".join(stemming.stems(body))
    ctx.db.execute(
        "INSERT INTO search_documents (task_id, body, stems) VALUES (?, ?, ?)"
        " ON CONFLICT (task_id) DO UPDATE SET body = excluded.body, stems = excluded.stems",
        (task_id, body, stems),
    )


@dataclass
class Hit:
    task_id: int
    title: str
    status: str
    rank: float
    snippet: str
    fields: dict[str, Any]

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.task_id,
            "title": self.title,
            "status": self.status,
            "rank": round(self.rank, 4),
            "snippet": self.snippet,
            "fields": self.fields,
        }


def split_query(terms: list[str]) -> tuple[list[str], list[str]]:
    """`product:X` style terms restrict by field; the rest are the words to search."""
    words, filters = [], []
    for term in terms:
        key, sep, value = term.partition(":")
        if sep and key in KB_FIELD_TERMS and value:
            filters.append(f'{key}="{value}"')
        else:
            words.append(term)
    return words, filters


def search_kb(ctx: Context, terms: list[str], *, limit: int = 20) -> list[Hit]:
    words, field_filters = split_query(terms)
    query_words = stemming.words(" ".join(words))
    if not query_words:
        raise Invalid("search needs at least one word")
    from teamtask.domain.filters import parse_filter
    from teamtask.services.queries import scope
    from teamtask.store.filters import compile_filter

    node = parse_filter(["form:kb", "status:any", *field_filters], now=ctx.local_now())
    compiled = compile_filter(node, scope(ctx))
    if ctx.db.dialect == "postgresql":
        tsquery = " & ".join(f"{_pg_word(w)}:*" for w in query_words)
        rows = ctx.db.all(
            "SELECT t.id, t.title, t.status, ts_rank(to_tsvector('russian', d.body), q) AS rank,"
            " d.body FROM search_documents d JOIN tasks t ON t.id = d.task_id,"
            " to_tsquery('russian', ?) q"
            f" WHERE to_tsvector('russian', d.body) @@ q AND {compiled.where}"
            " ORDER BY rank DESC, t.id LIMIT ?",
            [tsquery, *compiled.params, limit],
        )
    else:
        match = " AND ".join(f'"{stemming.stem(w)}"*' for w in query_words)
        rows = ctx.db.all(
            "SELECT t.id, t.title, t.status, -bm25(search_fts) AS rank, d.body"
            " FROM search_fts JOIN search_documents d ON d.task_id = search_fts.rowid"
            " JOIN tasks t ON t.id = d.task_id"
            f" WHERE search_fts MATCH ? AND {compiled.where}"
            " ORDER BY rank DESC, t.id LIMIT ?",
            [match, *compiled.params, limit],
        )
    from teamtask.store.tasks import load_records

    fields = {r.id: r.fields for r in load_records(ctx.db, [row[0] for row in rows])}
    query_stems = [stemming.stem(w) for w in query_words]
    return [
        Hit(r[0], r[1], r[2], float(r[3]), snippet(r[4], query_stems), fields.get(r[0], {}))
        for r in rows
    ]


def _pg_word(word: str) -> str:
    # to_tsquery syntax characters must not reach it from user input.
    return re.sub(r"[^\w]", "", word) or "_"


def snippet(body: str, query_stems: list[str], width: int = 160) -> str:
    """A window of the text around the first match, matched words in [brackets]."""
    tokens = list(re.finditer(r"\w+", body))
    marked: list[tuple[int, int]] = []
    for token in tokens:
        stem = stemming.stem(token.group())
        if any(stem.startswith(q) or (q.startswith(stem) and len(stem) >= 4) for q in query_stems):
            marked.append(token.span())
    if not marked:
        return body[:width].replace("\n", " ")
    start = max(0, marked[0][0] - width // 3)
    end = min(len(body), start + width)
    pieces, cursor = [], start
    for a, b in marked:
        if a < start or b > end:
            continue
        pieces.append(body[cursor:a])
        pieces.append(f"[{body[a:b]}]")
        cursor = b
    pieces.append(body[cursor:end])
    text = "".join(pieces).replace("\n", " ")
    return ("…" if start else "") + text + ("…" if end < len(body) else "")
