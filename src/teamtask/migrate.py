"""Alembic, driven from code: `tt db upgrade`, `tt db current` and first use of SQLite.

Imported only when the schema must change or be reported: Alembic and SQLModel together
cost most of a second to import.
"""

from __future__ import annotations

from pathlib import Path

HAND_MADE = ("search_fts", "ix_search_documents_russian")


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Autogenerate filter: the full-text search objects are made by hand, per dialect
    (SQLite FTS5 tables, a PostgreSQL expression index), and are not in the metadata."""
    return not (name and name.startswith(HAND_MADE))


def migrations_dir() -> Path:
    """`migrations/` at the top of a checkout, or its copy inside an installed wheel."""
    package_dir = Path(__file__).resolve().parent
    for candidate in (package_dir / "_migrations", package_dir.parent.parent / "migrations"):
        if (candidate / "env.py").exists():
            return candidate
    raise FileNotFoundError("teamtask's Alembic migrations are missing from this installation")


def alembic_config(url: str):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    config.attributes["configure_logger"] = False
    return config


def upgrade(url: str, revision: str = "head") -> None:
    from alembic import command

    command.upgrade(alembic_config(url), revision)


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    head = script.get_current_head()
    assert head is not None
    return head
