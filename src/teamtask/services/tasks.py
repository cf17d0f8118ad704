"""Task use cases: create, edit, move, close, watch. The only code that writes tasks."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from teamtask.domain.errors import Conflict, Invalid, NotFound
from teamtask.domain.statuses import PLAIN, Workflow, priority_name, priority_rank
from teamtask.services import history
from teamtask.services.context import Context
from teamtask.store.tasks import task_row
from teamtask.store.values import as_date, as_datetime

UNSET: Any = object()


def search_text(title: str, description: str) -> str:
    return f"{title}\n{description}".casefold()


def due_columns(ctx: Context, due: date | datetime | None) -> tuple[date | None, datetime | None]:
    """A day stays a day; an instant also records its local day so `due:fri` finds it."""
    if due is None:
        return None, None
    if isinstance(due, datetime):
        return due.astimezone(ctx.tz).date(), due
    return due, None


def due_value(row: dict[str, Any]) -> date | datetime | None:
    at = as_datetime(row["due_at"])
    return at if at is not None else as_date(row["due_date"])


def workflow_of(ctx: Context, form_key: str | None, form_version: int | None = None) -> Workflow:
    if not form_key:
        return PLAIN
    from teamtask.services.forms import form_definition

    return form_definition(ctx, form_key, form_version).workflow


def require_row(ctx: Context, task_id: int, *, for_update: bool = False) -> dict[str, Any]:
    row = task_row(ctx.db, task_id, for_update=for_update)
    if row is None:
        raise NotFound(f"task #{task_id} does not exist")
    return row


@dataclass
class NewTask:
    title: str
    description: str = ""
    assignee: str | None = None
    group: str | None = None
    due: date | datetime | None = None
    watchers: Sequence[str] = ()
    tags: Sequence[str] = ()
    priority: str = "normal"
    parent: int | None = None
    requester: str | None = None
    requester_id: int | None = None
    dedupe_key: str | None = None
    channel: str = "cli"
    form: str | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    status: str | None = None
    # Inline `@name` tokens: a user becomes the assignee (then watchers), a group the group.
    mentions: Sequence[str] = ()
    # True when the requester wrote it (email, Telegram): history names them, not a user.
    from_requester: bool = False
    # A form's approval route starts on creation unless the fields it needs are not known yet.
    start_approval: bool = True


@dataclass
class Created:
    id: int
    title: str
    created: bool  # False when an open task with the same dedupe key absorbed this one
    repeats: int = 0


def resolve_mentions(ctx: Context, new: NewTask) -> None:
    for mention in new.mentions:
        name = mention.lstrip("@")
        if name in ctx.groups() and name not in ctx.users():
            if new.group is None:
                new.group = name
            continue
        ctx.user_id_of(name)  # raises with suggestions for an unknown handle
        if new.assignee is None:
            new.assignee = name
        elif name != new.assignee and name not in new.watchers:
            new.watchers = [*new.watchers, name]


def create_task(ctx: Context, new: NewTask) -> Created:
    title = new.title.strip()
    if not title:
        raise Invalid("a task needs a title")
    if new.fields and not new.form:
        names = ", ".join(sorted(new.fields))
        raise Invalid(
            f"-F {names}: form fields need a form, and this task has none (add --form KEY)"
        )
    resolve_mentions(ctx, new)
    rank = priority_rank(new.priority)
    assignee_id = ctx.user_id_of(new.assignee) if new.assignee else None
    group_id = ctx.group_id_of(new.group) if new.group else None
    watcher_ids = {ctx.user_id_of(h) for h in new.watchers}
    tags = normalize_tags(new.tags)

    with ctx.db.transaction():
        if new.dedupe_key:
            repeated = _absorb_repeat(ctx, new.dedupe_key)
            if repeated is not None:
                return repeated
        form_version = None
        fields: dict[str, Any] = {}
        if new.form:
            from teamtask.services.forms import prepare_form_task

            prepared = prepare_form_task(ctx, new)
            form_version, fields = prepared.version, prepared.fields
            group_id = group_id or prepared.group_id
            assignee_id = assignee_id or prepared.assignee_id
            title = prepared.title or title
        workflow = workflow_of(ctx, new.form, form_version)
        status = workflow.get(new.status) if new.status else workflow.initial
        if new.parent is not None:
            require_row(ctx, new.parent)
        requester_id = new.requester_id
        if new.requester and requester_id is None:
            from teamtask.services.people import contact_for

            requester_id = contact_for(ctx, new.requester)
        due_date, due_at = due_columns(ctx, new.due)
        now = ctx.now()
        task_id = ctx.db.insert(
            "INSERT INTO tasks (title, description, search_text, status, closed, priority,"
            " author_id, assignee_id, group_id, form_key, form_version, due_date, due_at,"
            " created_at, updated_at, closed_at, parent_id, requester_id, channel, dedupe_key,"
            " version) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,1)",
            (
                title,
                new.description,
                search_text(title, new.description),
                status.key,
                status.closed,
                rank,
                ctx.user_id,
                assignee_id,
                group_id,
                new.form,
                form_version,
                due_date,
                due_at,
                now,
                now,
                now if status.closed else None,
                new.parent,
                requester_id,
                new.channel,
                new.dedupe_key,
            ),
        )
        _set_watchers(ctx, task_id, watcher_ids, remove=False)
        _set_tags(ctx, task_id, tags, remove=False)
        if fields:
            from teamtask.services.forms import write_fields

            write_fields(ctx, task_id, fields)
        initial: dict[str, tuple[Any, Any]] = {"title": (None, title), "status": (None, status.key)}
        if new.assignee:
            initial["assignee"] = (None, new.assignee)
        if new.group:
            initial["group"] = (None, new.group)
        if new.due is not None:
            initial["due"] = (None, new.due)
        history.record(
            ctx,
            task_id,
            "created",
            initial,
            actor_contact_id=requester_id if new.from_requester else None,
        )
        if new.form:
            from teamtask.services.forms import after_form_task_created

            after_form_task_created(ctx, task_id, start_approval=new.start_approval)
    return Created(task_id, title, created=True)


def _absorb_repeat(ctx: Context, dedupe_key: str) -> Created | None:
    """Monitoring fires the same alert many times; only the first opens a task."""
    row = ctx.db.one(
        "SELECT id, title FROM tasks WHERE dedupe_key = ? AND closed = ? ORDER BY id LIMIT 1",
        (dedupe_key, False),
    )
    if row is None:
        return None
    task_id, title = row
    repeats = 1 + int(
        ctx.db.scalar(
            "SELECT count(*) FROM history WHERE task_id = ? AND action = 'repeated'", (task_id,)
        )
    )
    stamp = ctx.local_now().strftime("%Y-%m-%d %H:%M")
    from teamtask.services.comments import insert_comment

    insert_comment(
        ctx,
        task_id,
        f"repeated {repeats + 1} times, last at {stamp}",
        public=False,
        channel="automation",
    )
    history.record(ctx, task_id, "repeated", {"repeats": (repeats, repeats + 1)})
    history.touch(ctx, task_id)
    return Created(task_id, title, created=False, repeats=repeats + 1)


def normalize_tags(tags: Iterable[str]) -> list[str]:
    seen: list[str] = []
    for tag in tags:
        clean = tag.strip().lstrip("+").lower()
        if not clean:
            raise Invalid("an empty tag is not allowed")
        if clean not in seen:
            seen.append(clean)
    return seen


def _set_watchers(ctx: Context, task_id: int, user_ids: Iterable[int], *, remove: bool) -> None:
    for user_id in user_ids:
        if remove:
            ctx.db.execute(
                "DELETE FROM task_watchers WHERE task_id = ? AND user_id = ?", (task_id, user_id)
            )
        else:
            ctx.db.execute(
                "INSERT INTO task_watchers (task_id, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                (task_id, user_id),
            )


def _set_tags(ctx: Context, task_id: int, tags: Iterable[str], *, remove: bool) -> None:
    for tag in tags:
        if remove:
            ctx.db.execute("DELETE FROM task_tags WHERE task_id = ? AND tag = ?", (task_id, tag))
        else:
            ctx.db.execute(
                "INSERT INTO task_tags (task_id, tag) VALUES (?, ?) ON CONFLICT DO NOTHING",
                (task_id, tag),
            )


@dataclass
class TaskChanges:
    title: str | None = None
    description: str | None = None
    status: str | None = None
    priority: str | None = None
    assignee: str | None = None
    unassign: bool = False
    group: str | None = None
    due: date | datetime | None = UNSET  # None clears the due date
    parent: int | None = UNSET
    add_watchers: Sequence[str] = ()
    remove_watchers: Sequence[str] = ()
    add_tags: Sequence[str] = ()
    remove_tags: Sequence[str] = ()
    fields: dict[str, Any] = field(default_factory=dict)
    mentions: Sequence[str] = ()


def edit_task(
    ctx: Context,
    task_id: int,
    changes: TaskChanges,
    *,
    expected_version: int | None = None,
    action: str = "updated",
    note: str | None = None,
) -> int:
    """Apply `changes`; returns the new version. A stale `expected_version` is a Conflict."""
    with ctx.db.transaction():
        row = require_row(ctx, task_id, for_update=True)
        if expected_version is not None and row["version"] != expected_version:
            raise Conflict(
                f"task #{task_id} was changed by someone else since you opened it "
                f"(version {expected_version}, now {row['version']})"
            )
        diff: dict[str, tuple[Any, Any]] = {}
        sets: dict[str, Any] = {}
        _apply_scalars(ctx, row, changes, diff, sets)
        _apply_status(ctx, row, changes.status, diff, sets)
        people_changed = _apply_people_and_tags(ctx, task_id, changes, diff)
        if changes.fields:
            from teamtask.services.forms import update_fields

            diff.update(update_fields(ctx, row, changes.fields, sets.get("status")))
        elif "status" in sets and row["form_key"]:
            from teamtask.services.forms import check_status_fields

            check_status_fields(ctx, row, sets["status"])
        if not diff and not people_changed:
            return row["version"]
        sets["updated_at"] = ctx.now()
        assignments = ", ".join(f"{column} = ?" for column in sets)
        cursor = ctx.db.execute(
            f"UPDATE tasks SET {assignments}, version = version + 1 WHERE id = ? AND version = ?",
            (*sets.values(), task_id, row["version"]),
        )
        if cursor.rowcount != 1:
            raise Conflict(f"task #{task_id} was changed by someone else at the same moment")
        history.record(ctx, task_id, action, diff, note=note)
        if row["form_key"]:
            from teamtask.services.forms import after_change, after_status_change

            if "status" in sets:
                after_status_change(ctx, task_id, sets["status"])
            after_change(ctx, task_id)
        return row["version"] + 1


def _apply_scalars(ctx, row, changes: TaskChanges, diff, sets) -> None:
    title = row["title"]
    description = row["description"]
    if changes.title is not None and changes.title.strip() != row["title"]:
        if not changes.title.strip():
            raise Invalid("a task needs a title")
        title = changes.title.strip()
        diff["title"] = (row["title"], title)
        sets["title"] = title
    if changes.description is not None and changes.description != row["description"]:
        description = changes.description
        diff["description"] = (row["description"], description)
        sets["description"] = description
    if "title" in sets or "description" in sets:
        sets["search_text"] = search_text(title, description)
    if changes.priority is not None:
        rank = priority_rank(changes.priority)
        if rank != row["priority"]:
            diff["priority"] = (priority_name(row["priority"]), changes.priority.lower())
            sets["priority"] = rank
    for mention in changes.mentions:
        name = mention.lstrip("@")
        if name in ctx.groups() and name not in ctx.users():
            changes.group = changes.group or name
        elif changes.assignee is None:
            changes.assignee = name
        else:
            changes.add_watchers = [*changes.add_watchers, name]
    if changes.unassign and changes.assignee:
        raise Invalid("--unassign and --assignee contradict each other")
    new_assignee = None if changes.unassign else changes.assignee
    if changes.unassign or changes.assignee:
        assignee_id = ctx.user_id_of(new_assignee) if new_assignee else None
        if assignee_id != row["assignee_id"]:
            diff["assignee"] = (ctx.handle_of(row["assignee_id"]), new_assignee)
            sets["assignee_id"] = assignee_id
    if changes.group is not None:
        group_id = ctx.group_id_of(changes.group) if changes.group else None
        if group_id != row["group_id"]:
            diff["group"] = (ctx.group_name_of(row["group_id"]), changes.group or None)
            sets["group_id"] = group_id
    if changes.due is not UNSET:
        old_due = due_value(row)
        if changes.due != old_due:
            sets["due_date"], sets["due_at"] = due_columns(ctx, changes.due)
            diff["due"] = (old_due, changes.due)
    if changes.parent is not UNSET and changes.parent != row["parent_id"]:
        if changes.parent is not None:
            if changes.parent == row["id"]:
                raise Invalid("a task cannot be its own parent")
            require_row(ctx, changes.parent)
        diff["parent"] = (row["parent_id"], changes.parent)
        sets["parent_id"] = changes.parent


def _apply_status(ctx, row, status: str | None, diff, sets) -> None:
    if status is None or status == row["status"]:
        return
    workflow = workflow_of(ctx, row["form_key"], row["form_version"])
    target = workflow.get(status)
    diff["status"] = (row["status"], target.key)
    sets["status"] = target.key
    if target.closed != bool(row["closed"]):
        sets["closed"] = target.closed
        sets["closed_at"] = ctx.now() if target.closed else None


def _apply_people_and_tags(ctx: Context, task_id: int, changes: TaskChanges, diff) -> bool:
    current_watchers = {
        r[0] for r in ctx.db.all("SELECT user_id FROM task_watchers WHERE task_id = ?", (task_id,))
    }
    add_w = {ctx.user_id_of(h) for h in changes.add_watchers} - current_watchers
    remove_w = {ctx.user_id_of(h) for h in changes.remove_watchers} & current_watchers
    current_tags = {
        r[0] for r in ctx.db.all("SELECT tag FROM task_tags WHERE task_id = ?", (task_id,))
    }
    add_t = set(normalize_tags(changes.add_tags)) - current_tags
    remove_t = set(normalize_tags(changes.remove_tags)) & current_tags
    if add_w or remove_w:
        handles = lambda ids: sorted(ctx.handle_of(i) or "?" for i in ids)  # noqa: E731
        diff["watchers"] = (
            handles(current_watchers),
            handles((current_watchers | add_w) - remove_w),
        )
        _set_watchers(ctx, task_id, add_w, remove=False)
        _set_watchers(ctx, task_id, remove_w, remove=True)
    if add_t or remove_t:
        diff["tags"] = (sorted(current_tags), sorted((current_tags | add_t) - remove_t))
        _set_tags(ctx, task_id, add_t, remove=False)
        _set_tags(ctx, task_id, remove_t, remove=True)
    return bool(add_w or remove_w or add_t or remove_t)


def close_task(ctx: Context, task_id: int, *, note: str | None = None) -> str:
    row = require_row(ctx, task_id)
    if row["closed"]:
        return row["status"]
    target = workflow_of(ctx, row["form_key"], row["form_version"]).close_status
    with ctx.db.transaction():
        edit_task(ctx, task_id, TaskChanges(status=target.key), action="closed")
        if note:
            from teamtask.services.comments import insert_comment

            insert_comment(ctx, task_id, note, public=False)
    return target.key


def reopen_task(ctx: Context, task_id: int) -> str:
    row = require_row(ctx, task_id)
    if not row["closed"]:
        raise Invalid(f"task #{task_id} is not closed (status {row['status']})")
    target = workflow_of(ctx, row["form_key"], row["form_version"]).reopen_status
    edit_task(ctx, task_id, TaskChanges(status=target.key), action="reopened")
    return target.key


def move_task(
    ctx: Context, task_id: int, status: str, *, expected_version: int | None = None
) -> int:
    return edit_task(
        ctx, task_id, TaskChanges(status=status), expected_version=expected_version, action="moved"
    )


def mark_seen(ctx: Context, task_id: int) -> None:
    """Reading a task clears it from the 'unseen activity' part of the inbox."""
    if ctx.user_id is None:
        return
    with ctx.db.transaction():
        ctx.db.execute(
            "INSERT INTO read_marks (user_id, task_id, seen_at) VALUES (?, ?, ?) "
            "ON CONFLICT (user_id, task_id) DO UPDATE SET seen_at = excluded.seen_at",
            (ctx.user_id, task_id, ctx.now()),
        )
