"""SQLModel tables: the schema of record for Alembic and for the schema-agreement test.

The hot CLI paths (`tt add`, `tt ls`) do not import this module: importing SQLModel costs
about half a second here, more than the whole capture budget. They talk to the same tables
through `teamtask.store` with plain DB-API SQL; `tests/integration/test_migrations.py` keeps
this metadata, the migrations and the SQL in agreement.

Conventions that keep SQLite and PostgreSQL identical:
- timestamps are stored as timezone-aware UTC (`TIMESTAMP WITH TIME ZONE` on PostgreSQL,
  ISO 8601 text on SQLite, written by `teamtask.store.clock`);
- text that users search case-insensitively also has a case-folded twin (`search_text`,
  `value_folded`), written by the services, because SQLite's `lower()` folds ASCII only;
- people are referenced by id; every read model turns ids back into handles.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    Numeric,
    Text,
    UniqueConstraint,
)
from sqlmodel import Field, SQLModel


def _ts(*, nullable: bool = False, index: bool = False) -> Column:
    return Column(DateTime(timezone=True), nullable=nullable, index=index)


def _fk(target: str, *, nullable: bool = True, ondelete: str | None = None, index: bool = True):
    return Column(Integer, ForeignKey(target, ondelete=ondelete), nullable=nullable, index=index)


class User(SQLModel, table=True):
    __tablename__ = "users"
    id: int | None = Field(default=None, primary_key=True)
    handle: str = Field(sa_column=Column(Text, nullable=False, unique=True))
    name: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    email: str | None = Field(default=None, sa_column=Column(Text))
    telegram: str | None = Field(default=None, sa_column=Column(Text))
    kind: str = Field(
        default="member", sa_column=Column(Text, nullable=False, server_default="member")
    )
    rate: Decimal | None = Field(default=None, sa_column=Column(Numeric(12, 2)))
    active: bool = Field(default=True, nullable=False)
    created_at: datetime = Field(sa_column=_ts())


class Group(SQLModel, table=True):
    __tablename__ = "groups"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(sa_column=Column(Text, nullable=False, unique=True))
    title: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    created_at: datetime = Field(sa_column=_ts())


class GroupMember(SQLModel, table=True):
    __tablename__ = "group_members"
    group_id: int = Field(
        sa_column=Column(Integer, ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True)
    )
    user_id: int = Field(
        sa_column=Column(Integer, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    )


class Contact(SQLModel, table=True):
    """An external requester: a client who wrote by email or Telegram."""

    __tablename__ = "contacts"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    email: str | None = Field(default=None, sa_column=Column(Text, unique=True))
    telegram_chat_id: int | None = Field(default=None, sa_column=Column(BigInteger, unique=True))
    telegram_username: str | None = Field(default=None, sa_column=Column(Text))
    organisation: str | None = Field(default=None, sa_column=Column(Text))
    created_at: datetime = Field(sa_column=_ts())


class Form(SQLModel, table=True):
    """One version of a form definition; tasks remember the version they were created with."""

    __tablename__ = "forms"
    __table_args__ = (UniqueConstraint("key", "version"),)
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(sa_column=Column(Text, nullable=False, index=True))
    version: int = Field(nullable=False)
    title: str = Field(sa_column=Column(Text, nullable=False))
    definition: str = Field(sa_column=Column(Text, nullable=False))  # canonical JSON
    current: bool = Field(default=True, nullable=False)
    created_at: datetime = Field(sa_column=_ts())


class Task(SQLModel, table=True):
    __tablename__ = "tasks"
    __table_args__ = (
        # The default `tt ls` (open tasks by due date) and the inbox read from this index.
        Index("ix_tasks_open_due", "closed", "due_date", "id"),
        Index("ix_tasks_dedupe_open", "dedupe_key", "closed"),
    )
    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(sa_column=Column(Text, nullable=False))
    description: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    # Case-folded title + description: SQLite's lower()/LIKE fold ASCII only, and the
    # same column keeps PostgreSQL's behaviour independent of the server's locale.
    search_text: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    status: str = Field(sa_column=Column(Text, nullable=False, index=True))
    closed: bool = Field(default=False, nullable=False)
    priority: int = Field(default=1, nullable=False)  # 0 low, 1 normal, 2 high, 3 urgent
    author_id: int | None = Field(default=None, sa_column=_fk("users.id"))
    assignee_id: int | None = Field(default=None, sa_column=_fk("users.id"))
    group_id: int | None = Field(default=None, sa_column=_fk("groups.id"))
    form_key: str | None = Field(default=None, sa_column=Column(Text, index=True))
    form_version: int | None = Field(default=None)
    # A due date is a calendar day in the team's zone; a due time, when given, is the
    # exact UTC instant and due_date is its local day (so `due:fri` matches both).
    due_date: date | None = Field(default=None)
    due_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    created_at: datetime = Field(sa_column=_ts(index=True))
    updated_at: datetime = Field(sa_column=_ts(index=True))
    closed_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    parent_id: int | None = Field(default=None, sa_column=_fk("tasks.id", ondelete="SET NULL"))
    requester_id: int | None = Field(default=None, sa_column=_fk("contacts.id"))
    channel: str = Field(
        default="cli", sa_column=Column(Text, nullable=False, server_default="cli")
    )
    dedupe_key: str | None = Field(default=None, sa_column=Column(Text))
    version: int = Field(default=1, nullable=False)


class TaskWatcher(SQLModel, table=True):
    __tablename__ = "task_watchers"
    task_id: int = Field(
        sa_column=Column(Integer, ForeignKey("tasks.id", ondelete="CASCADE"), primary_key=True)
    )
    user_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
        )
    )


class TaskTag(SQLModel, table=True):
    __tablename__ = "task_tags"
    task_id: int = Field(
        sa_column=Column(Integer, ForeignKey("tasks.id", ondelete="CASCADE"), primary_key=True)
    )
    tag: str = Field(sa_column=Column(Text, primary_key=True, index=True))


class TaskField(SQLModel, table=True):
    """A form field value, stored typed so that registry filters compile to indexed SQL.

    One row per (task, field). `value_num` holds numbers and money, `value_date` dates and
    datetimes' local days, `value_folded` case-folded text for `~` searches; `value_json`
    keeps the exact value (tables, lists, money with currency) for display and export.
    """

    __tablename__ = "task_fields"
    __table_args__ = (
        Index("ix_task_fields_num", "key", "value_num"),
        Index("ix_task_fields_date", "key", "value_date"),
        Index("ix_task_fields_text", "key", "value_folded"),
    )
    task_id: int = Field(
        sa_column=Column(Integer, ForeignKey("tasks.id", ondelete="CASCADE"), primary_key=True)
    )
    key: str = Field(sa_column=Column(Text, primary_key=True))
    value_json: str = Field(sa_column=Column(Text, nullable=False))
    value_num: Decimal | None = Field(default=None, sa_column=Column(Numeric(20, 4)))
    value_date: date | None = Field(default=None)
    value_folded: str | None = Field(default=None, sa_column=Column(Text))


class Comment(SQLModel, table=True):
    __tablename__ = "comments"
    id: int | None = Field(default=None, primary_key=True)
    task_id: int = Field(sa_column=_fk("tasks.id", nullable=False, ondelete="CASCADE"))
    author_user_id: int | None = Field(default=None, sa_column=_fk("users.id", index=False))
    author_contact_id: int | None = Field(default=None, sa_column=_fk("contacts.id", index=False))
    body: str = Field(sa_column=Column(Text, nullable=False))
    public: bool = Field(default=False, nullable=False)
    channel: str = Field(
        default="cli", sa_column=Column(Text, nullable=False, server_default="cli")
    )
    external_id: str | None = Field(default=None, sa_column=Column(Text, index=True))
    created_at: datetime = Field(sa_column=_ts())
    edited_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))


class Attachment(SQLModel, table=True):
    """Attachments live in the database so that a shared database needs no shared disk."""

    __tablename__ = "attachments"
    id: int | None = Field(default=None, primary_key=True)
    task_id: int = Field(sa_column=_fk("tasks.id", nullable=False, ondelete="CASCADE"))
    comment_id: int | None = Field(
        default=None, sa_column=_fk("comments.id", ondelete="SET NULL", index=False)
    )
    filename: str = Field(sa_column=Column(Text, nullable=False))
    content_type: str = Field(sa_column=Column(Text, nullable=False))
    size: int = Field(nullable=False)
    sha256: str = Field(sa_column=Column(Text, nullable=False, index=True))
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    uploaded_by_id: int | None = Field(default=None, sa_column=_fk("users.id", index=False))
    created_at: datetime = Field(sa_column=_ts())


class HistoryEvent(SQLModel, table=True):
    __tablename__ = "history"
    id: int | None = Field(default=None, primary_key=True)
    task_id: int = Field(sa_column=_fk("tasks.id", nullable=False, ondelete="CASCADE"))
    actor_user_id: int | None = Field(default=None, sa_column=_fk("users.id", index=False))
    actor_contact_id: int | None = Field(default=None, sa_column=_fk("contacts.id", index=False))
    at: datetime = Field(sa_column=_ts())
    action: str = Field(sa_column=Column(Text, nullable=False))
    # JSON object {field: [old, new]}; values rendered as the user sees them (handles, dates).
    changes: str = Field(default="{}", sa_column=Column(Text, nullable=False, server_default="{}"))
    note: str | None = Field(default=None, sa_column=Column(Text))


class ReadMark(SQLModel, table=True):
    __tablename__ = "read_marks"
    user_id: int = Field(
        sa_column=Column(Integer, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    )
    task_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("tasks.id", ondelete="CASCADE"), primary_key=True, index=True
        )
    )
    seen_at: datetime = Field(sa_column=_ts())


class OutboxItem(SQLModel, table=True):
    """A public comment waiting to be delivered to its requester through a channel."""

    __tablename__ = "outbox"
    id: int | None = Field(default=None, primary_key=True)
    comment_id: int = Field(sa_column=_fk("comments.id", nullable=False, ondelete="CASCADE"))
    task_id: int = Field(sa_column=_fk("tasks.id", nullable=False, ondelete="CASCADE"))
    channel: str = Field(sa_column=Column(Text, nullable=False))
    account: str | None = Field(default=None, sa_column=Column(Text))
    recipient: str = Field(sa_column=Column(Text, nullable=False))
    status: str = Field(
        default="pending", sa_column=Column(Text, nullable=False, server_default="pending")
    )
    attempts: int = Field(default=0, nullable=False)
    last_error: str | None = Field(default=None, sa_column=Column(Text))
    next_attempt_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    external_id: str | None = Field(default=None, sa_column=Column(Text, index=True))
    created_at: datetime = Field(sa_column=_ts())
    sent_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))


class InboundMessage(SQLModel, table=True):
    """Every message a poller saw: the dedupe record and the quarantine."""

    __tablename__ = "inbound_messages"
    __table_args__ = (UniqueConstraint("channel", "account", "dedupe_key"),)
    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(sa_column=Column(Text, nullable=False))
    account: str = Field(sa_column=Column(Text, nullable=False))
    # Message-ID (+ content hash when the id was reused), sha256 of the bytes, or update_id.
    dedupe_key: str = Field(sa_column=Column(Text, nullable=False))
    external_id: str | None = Field(default=None, sa_column=Column(Text, index=True))
    content_sha256: str | None = Field(default=None, sa_column=Column(Text))
    task_id: int | None = Field(default=None, sa_column=_fk("tasks.id", ondelete="SET NULL"))
    comment_id: int | None = Field(
        default=None, sa_column=_fk("comments.id", ondelete="SET NULL", index=False)
    )
    status: str = Field(sa_column=Column(Text, nullable=False))  # imported|skipped|quarantined
    reason: str | None = Field(default=None, sa_column=Column(Text))
    headers: str | None = Field(default=None, sa_column=Column(Text))  # JSON, for reference
    raw: bytes | None = Field(default=None, sa_column=Column(LargeBinary))  # quarantine only
    received_at: datetime = Field(sa_column=_ts())


class PollerCursor(SQLModel, table=True):
    __tablename__ = "poller_cursors"
    channel: str = Field(sa_column=Column(Text, primary_key=True))
    account: str = Field(sa_column=Column(Text, primary_key=True))
    value: str = Field(sa_column=Column(Text, nullable=False))  # JSON, channel-specific
    updated_at: datetime = Field(sa_column=_ts())


class SavedView(SQLModel, table=True):
    """A named filter shared by the whole team (`tt view save`, `tt ls view:NAME`)."""

    __tablename__ = "saved_views"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(sa_column=Column(Text, nullable=False, unique=True))
    filter: str = Field(sa_column=Column(Text, nullable=False))
    owner_id: int | None = Field(default=None, sa_column=_fk("users.id", index=False))
    created_at: datetime = Field(sa_column=_ts())


class ApprovalStep(SQLModel, table=True):
    """One step of a task's approval route in one round (a resubmission starts a new round)."""

    __tablename__ = "approval_steps"
    __table_args__ = (UniqueConstraint("task_id", "round", "position"),)
    id: int | None = Field(default=None, primary_key=True)
    task_id: int = Field(sa_column=_fk("tasks.id", nullable=False, ondelete="CASCADE"))
    round: int = Field(nullable=False)
    position: int = Field(nullable=False)
    name: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    mode: str = Field(sa_column=Column(Text, nullable=False))  # all | any
    condition: str | None = Field(default=None, sa_column=Column(Text))  # filter text
    # waiting (not reached) | pending (current) | approved | rejected | skipped
    status: str = Field(sa_column=Column(Text, nullable=False, index=True))
    decided_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))


class Approver(SQLModel, table=True):
    """A user, or a group any member of which may decide, on one approval step."""

    __tablename__ = "approvers"
    id: int | None = Field(default=None, primary_key=True)
    step_id: int = Field(sa_column=_fk("approval_steps.id", nullable=False, ondelete="CASCADE"))
    user_id: int | None = Field(default=None, sa_column=_fk("users.id"))
    group_id: int | None = Field(default=None, sa_column=_fk("groups.id"))
    decision: str | None = Field(default=None, sa_column=Column(Text))  # approved | rejected
    decided_by_id: int | None = Field(default=None, sa_column=_fk("users.id", index=False))
    comment: str | None = Field(default=None, sa_column=Column(Text))
    decided_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))


class TimeEntry(SQLModel, table=True):
    __tablename__ = "time_entries"
    id: int | None = Field(default=None, primary_key=True)
    task_id: int = Field(sa_column=_fk("tasks.id", nullable=False, ondelete="CASCADE"))
    user_id: int = Field(sa_column=_fk("users.id", nullable=False))
    minutes: int = Field(nullable=False)
    on_date: date = Field(nullable=False, index=True)
    note: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    created_at: datetime = Field(sa_column=_ts())


class SearchDocument(SQLModel, table=True):
    """The searchable text of a knowledge-base task, kept in sync by the services.

    PostgreSQL ranks it with its `russian` text search configuration (an expression GIN
    index created by the migration); SQLite mirrors `stems` into an FTS5 table `search_fts`
    (created by the migration, invisible to this metadata) because FTS5's own tokenizers
    cannot stem Russian.
    """

    __tablename__ = "search_documents"
    task_id: int = Field(
        sa_column=Column(Integer, ForeignKey("tasks.id", ondelete="CASCADE"), primary_key=True)
    )
    body: str = Field(sa_column=Column(Text, nullable=False))
    stems: str = Field(sa_column=Column(Text, nullable=False))
