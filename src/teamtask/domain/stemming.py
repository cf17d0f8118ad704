"""Words → stems for full-text search on SQLite (FTS5 cannot stem Russian by itself).

Stems differ by word form (`запускается` → `запуска`, `запуск` → `запуск`), so queries
match stems as prefixes: `запуск*` bridges both.
"""

from __future__ import annotations

import re
from functools import cache

_WORD = re.compile(r"\w+", re.UNICODE)
_CYRILLIC = re.compile(r"[а-яё]")


@cache
def _stemmer(language: str):
    import snowballstemmer

    return snowballstemmer.stemmer(language)


def words(text: str) -> list[str]:
    return [w.casefold().replace("ё", "е") for w in _WORD.findall(text)]


def stem(word: str) -> str:
    word = word.casefold().replace("ё", "е")
    language = "russian" if _CYRILLIC.search(word) else "english"
    return _stemmer(language).stemWord(word)


def stems(text: str) -> list[str]:
    return [stem(w) for w in words(text)]
