"""The import half of `tt export` / `tt import`: rows written exactly as they were exported."""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

from teamtask.domain.errors import Invalid
from teamtask.domain.statuses import priority_rank
from teamtask.services.context import Context
from teamtask.services.tasks import search_text
from teamtask.store.values import as_datetime


class Importer:
    def __init__(self, ctx: Context) -> None:
        from teamtask.services.transfer import ImportResult

        self.ctx = ctx
        self.db = ctx.db
        self.result = ImportResult()
        self.id_map: dict[int, int] = {}
        self.parents: list[tuple[int, int]] = []  # (new task id, source parent id)
        self.header_seen = False

    # -- people and forms --------------------------------------------------------------
    def take(self, item: dict[str, Any], number: int) -> None:
        kind = item["type"]
        try:
            handler = getattr(self, f"_take_{kind}")
        except AttributeError:
            raise Invalid(f"line {number}: unknown record type {kind!r}") from None
        try:
            handler(item)
        except KeyError as exc:
            raise Invalid(f"line {number}: a {kind} record lacks {exc.args[0]!r}") from None

    def _take_header(self, item: dict[str, Any]) -> None:
        from teamtask.services.transfer import FORMAT

        if item.get("format") != FORMAT:
            raise Invalid(f"unsupported export format {item.get('format')!r}; expected {FORMAT}")
        self.header_seen = True

    def _user_id(self, handle: str | None) -> int | None:
        if handle is None:
            return None
        return self.ctx.users().get(handle)

    def _take_user(self, item: dict[str, Any]) -> None:
        if item["handle"] in self.ctx.users():
            # Bootstrapped on first use (name = handle, nothing else): complete, never overwrite.
            self.db.execute(
                "UPDATE users SET name = CASE WHEN name = handle OR name = '' THEN ? ELSE name END,"
                " email = COALESCE(email, ?), telegram = COALESCE(telegram, ?),"
                " rate = COALESCE(rate, ?) WHERE handle = ?",
                (
                    item.get("name") or item["handle"],
                    item.get("email"),
                    item.get("telegram"),
                    item.get("rate"),
                    item["handle"],
                ),
            )
            return
        self.db.execute(
            "INSERT INTO users (handle, name, email, telegram, kind, rate, active, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                item["handle"],
                item.get("name") or item["handle"],
                item.get("email"),
                item.get("telegram"),
                item.get("kind", "member"),
                item.get("rate"),
                item.get("active", True),
                as_datetime(item.get("created_at")) or self.ctx.now(),
            ),
        )
        self.ctx.forget_people()
        self.result.people += 1

    def _take_group(self, item: dict[str, Any]) -> None:
        group_id = self.ctx.groups().get(item["name"])
        if group_id is None:
            group_id = self.db.insert(
                "INSERT INTO groups (name, title, created_at) VALUES (?, ?, ?)",
                (
                    item["name"],
                    item.get("title") or item["name"],
                    as_datetime(item.get("created_at")) or self.ctx.now(),
                ),
            )
            self.ctx.forget_people()
            self.result.people += 1
        for handle in item.get("members", []):
            user_id = self._user_id(handle)
            if user_id is not None:
                self.db.execute(
                    "INSERT INTO group_members (group_id, user_id) VALUES (?, ?)"
                    " ON CONFLICT DO NOTHING",
                    (group_id, user_id),
                )

    def _take_form(self, item: dict[str, Any]) -> None:
        if self.db.scalar(
            "SELECT 1 FROM forms WHERE key = ? AND version = ?", (item["key"], item["version"])
        ):
            return
        self.db.execute(
            "INSERT INTO forms (key, version, title, definition, current, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (
                item["key"],
                item["version"],
                item["title"],
                json.dumps(item["definition"], ensure_ascii=False, sort_keys=True),
                item.get("current", True),
                as_datetime(item.get("created_at")) or self.ctx.now(),
            ),
        )

    def _contact_id(self, data: dict[str, Any] | None) -> int | None:
        if not data:
            return None
        if data.get("email"):
            found = self.db.scalar("SELECT id FROM contacts WHERE email = ?", (data["email"],))
        elif data.get("telegram_chat_id") is not None:
            found = self.db.scalar(
                "SELECT id FROM contacts WHERE telegram_chat_id = ?", (data["telegram_chat_id"],)
            )
        else:
            found = self.db.scalar(
                "SELECT id FROM contacts WHERE telegram_username = ?",
                (data.get("telegram_username"),),
            )
        if found:
            return int(found)
        return self.db.insert(
            "INSERT INTO contacts (name, email, telegram_chat_id, telegram_username, organisation,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?)",
            (
                data.get("name") or "",
                data.get("email"),
                data.get("telegram_chat_id"),
                data.get("telegram_username"),
                data.get("organisation"),
                self.ctx.now(),
            ),
        )

    def _contact_ref(self, ref: Any) -> int | None:
        """Comment and history authors: a contact dict (exports since 1), or an email."""
        if ref is None:
            return None
        if isinstance(ref, str):
            ref = {"email": ref, "name": ref}
        return self._contact_id(ref)

    # -- tasks -------------------------------------------------------------------------
    def _take_task(self, item: dict[str, Any]) -> None:
        source_key = f"{item['id']}@{item['created_at']}"
        existing = self.db.scalar(
            "SELECT task_id FROM inbound_messages WHERE channel = 'import' AND account = 'tasks'"
            " AND dedupe_key = ?",
            (source_key,),
        )
        if existing:
            self.id_map[item["id"]] = int(existing)
            self.result.skipped += 1
            return
        task_id = self._insert_task(item)
        self.id_map[item["id"]] = task_id
        if item.get("parent"):
            self.parents.append((task_id, item["parent"]))
        self.db.execute(
            "INSERT INTO inbound_messages (channel, account, dedupe_key, external_id, task_id,"
            " status, received_at) VALUES ('import', 'tasks', ?, ?, ?, 'imported', ?)",
            (source_key, str(item["id"]), task_id, self.ctx.now()),
        )
        self.result.created += 1

    def _insert_task(self, item: dict[str, Any]) -> int:
        group_id = self.ctx.groups().get(item["group"]) if item.get("group") else None
        keep_id = not self.db.scalar("SELECT 1 FROM tasks WHERE id = ?", (item["id"],))
        columns = (
            "title, description, search_text, status, closed, priority, author_id, assignee_id,"
            " group_id, form_key, form_version, due_date, due_at, created_at, updated_at,"
            " closed_at, requester_id, channel, dedupe_key, version"
        )
        values = [
            item["title"],
            item.get("description", ""),
            search_text(item["title"], item.get("description", "")),
            item["status"],
            bool(item["closed"]),
            priority_rank(item.get("priority", "normal")),
            self._user_id(item.get("author")),
            self._user_id(item.get("assignee")),
            group_id,
            item.get("form"),
            item.get("form_version"),
            item.get("due_date"),
            as_datetime(item.get("due_at")),
            as_datetime(item["created_at"]),
            as_datetime(item["updated_at"]),
            as_datetime(item.get("closed_at")),
            self._contact_id(item.get("requester")),
            item.get("channel", "import"),
            item.get("dedupe_key"),
            item.get("version", 1),
        ]
        if keep_id:
            marks = ",".join("?" * (len(values) + 1))
            self.db.execute(
                f"INSERT INTO tasks (id, {columns}) VALUES ({marks})", [item["id"], *values]
            )
            task_id = int(item["id"])
        else:
            marks = ",".join("?" * len(values))
            task_id = self.db.insert(f"INSERT INTO tasks ({columns}) VALUES ({marks})", values)
        for handle in item.get("watchers", []):
            user_id = self._user_id(handle)
            if user_id is not None:
                self.db.execute(
                    "INSERT INTO task_watchers (task_id, user_id) VALUES (?, ?)", (task_id, user_id)
                )
        for tag in item.get("tags", []):
            self.db.execute("INSERT INTO task_tags (task_id, tag) VALUES (?, ?)", (task_id, tag))
        if item.get("fields"):
            from teamtask.services.forms import write_fields

            write_fields(self.ctx, task_id, item["fields"], validated=True)
        for c in item.get("comments", []):
            self.db.execute(
                "INSERT INTO comments (task_id, author_user_id, author_contact_id, body, public,"
                " channel, external_id, created_at, edited_at) VALUES (?,?,?,?,?,?,?,?,?)",
                (
                    task_id,
                    self._user_id(c.get("author")),
                    self._contact_ref(c.get("author_contact")),
                    c["body"],
                    bool(c.get("public")),
                    c.get("channel", "cli"),
                    c.get("external_id"),
                    as_datetime(c["created_at"]),
                    as_datetime(c.get("edited_at")),
                ),
            )
        for h in item.get("history", []):
            self.db.execute(
                "INSERT INTO history (task_id, actor_user_id, actor_contact_id, at, action, changes,"
                " note) VALUES (?,?,?,?,?,?,?)",
                (
                    task_id,
                    self._user_id(h.get("actor")),
                    self._contact_ref(h.get("actor_contact")),
                    as_datetime(h["at"]),
                    h["action"],
                    json.dumps(h.get("changes", {}), ensure_ascii=False, sort_keys=True),
                    h.get("note"),
                ),
            )
        for a in item.get("attachments", []):
            data = base64.b64decode(a["data"])
            if hashlib.sha256(data).hexdigest() != a["sha256"]:
                raise Invalid(f"attachment {a['filename']!r} of task {item['id']} is corrupt")
            self.db.execute(
                "INSERT INTO attachments (task_id, filename, content_type, size, sha256, data,"
                " uploaded_by_id, created_at) VALUES (?,?,?,?,?,?,?,?)",
                (
                    task_id,
                    a["filename"],
                    a["content_type"],
                    len(data),
                    a["sha256"],
                    data,
                    self._user_id(a.get("uploaded_by")),
                    as_datetime(a["created_at"]),
                ),
            )
        return task_id

    def finish(self) -> None:
        for task_id, source_parent in self.parents:
            parent = self.id_map.get(source_parent)
            if parent is None and self.db.scalar(
                "SELECT 1 FROM tasks WHERE id = ?", (source_parent,)
            ):
                parent = source_parent
            self.db.execute("UPDATE tasks SET parent_id = ? WHERE id = ?", (parent, task_id))
        if self.db.dialect == "postgresql":
            # Explicit ids bypass the sequence; move it past them so new tasks do not collide.
            self.db.execute(
                "SELECT setval(pg_get_serial_sequence('tasks', 'id'),"
                " GREATEST((SELECT COALESCE(max(id), 0) FROM tasks), 1))"
            )
