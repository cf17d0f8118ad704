"""Create or edit a task: typed widgets per field, errors next to the field, and a save
that never overwrites someone else's change silently (optimistic locking on `version`).

Only fields the user changed are sent, so a teammate's change to another field survives
even an "overwrite with mine".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Select, Static

from teamtask.domain.errors import Conflict, DomainError, Invalid
from teamtask.domain.forms import FieldDef
from teamtask.tui import keys
from teamtask.tui.backend import environment_problem
from teamtask.tui.screens.base import BaseScreen
from teamtask.tui.screens.conflict import Change, ConflictScreen
from teamtask.tui.widgets.field_editor import FieldEditor
from teamtask.tui.widgets.plain import Plain

if TYPE_CHECKING:
    from teamtask.domain.forms import FormDef
    from teamtask.services.context import Context
    from teamtask.store.tasks import TaskRecord

_FIELD_IN_ERROR = re.compile(r"^field (\w+)[,:]")


@dataclass
class EditData:
    record: TaskRecord | None
    forms: list[tuple[str, str]]
    handles: list[str]
    groups: list[str]
    form: FormDef | None
    last_event: int = 0  # history seen at open: later events are "their changes"


def fetch_edit(ctx: Context, task_id: int | None, form_key: str | None) -> EditData:
    from teamtask.services.forms import form_definition, list_forms
    from teamtask.services.queries import task_detail

    detail = task_detail(ctx, task_id) if task_id is not None else None
    record = detail.record if detail is not None else None
    last_event = max((e.id or 0 for e in detail.events), default=0) if detail else 0
    key = record.form if record is not None else form_key
    version = record.form_version if record is not None else None
    form = form_definition(ctx, key, version) if key else None
    forms = [(f["key"], f["title"]) for f in list_forms(ctx)]
    return EditData(record, forms, sorted(ctx.users()), sorted(ctx.groups()), form, last_event)


def diff_records(old: TaskRecord, new: TaskRecord) -> list[Change]:
    """What changed between two reads of a task, as the conflict screen lists it."""
    from teamtask.tui.present import value_text

    changes: list[Change] = []
    for name in ("title", "description", "status", "priority", "assignee", "group", "due"):
        before, after = getattr(old, name), getattr(new, name)
        if before != after:
            changes.append((name, value_text(before), value_text(after)))
    for name in ("tags", "watchers"):
        if sorted(getattr(old, name)) != sorted(getattr(new, name)):
            changes.append((name, " ".join(getattr(old, name)), " ".join(getattr(new, name))))
    for key in sorted(set(old.fields) | set(new.fields)):
        if old.fields.get(key) != new.fields.get(key):
            changes.append((key, value_text(old.fields.get(key)), value_text(new.fields.get(key))))
    return changes


class EditScreen(BaseScreen):
    BINDINGS = keys.EDIT

    def __init__(self, *, task_id: int | None, form: str | None = None) -> None:
        super().__init__()
        self.task_id = task_id
        self.form_key = form
        self.data: EditData | None = None
        self.base: TaskRecord | None = None
        self.version: int | None = None
        self.saving = False
        self._fresh_last_event = 0

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="edit-body", classes="body"):
            title = f"Edit #{self.task_id}" if self.task_id else "New task"
            yield Plain(title, id="edit-title", classes="dialog-title")
            yield Plain("", id="edit-notice", classes="-empty")
            yield Plain("", id="edit-error", classes="error -empty")
            yield Vertical(id="edit-common")
            yield Vertical(id="edit-fields")
            with Horizontal(classes="buttons"):
                yield Button("Save (ctrl+s)", id="save", variant="primary")
                yield Button("Cancel (esc)", id="cancel")

    def _say(self, selector: str, text: str) -> None:
        label = self.query_one(selector, Static)
        label.update(text)
        label.set_class(not text, "-empty")

    # -- loading and building ----------------------------------------------------------------
    def reload(self) -> None:
        if self.data is None:
            self._load(self.form_key)

    def data_changed(self) -> None:
        """Never reload under the user's hands; only warn that a save will conflict."""
        if self.is_attached and self.task_id is not None and self.version is not None:
            self._check_version()

    @work(exclusive=True, group="check")
    async def _check_version(self) -> None:
        from teamtask.store.tasks import task_row

        try:
            row = await self.tapp.backend.call(lambda ctx: task_row(ctx.db, self.task_id))
        except Exception:
            return  # the banner, if any, comes from the watcher
        if row is not None and row["version"] != self.version and self.is_attached:
            self._say(
                "#edit-notice",
                "⚠ Someone changed this task since you opened it; saving will show what changed.",
            )

    @work(exclusive=True, group="load")
    async def _load(self, form_key: str | None) -> None:
        try:
            data = await self.tapp.backend.call(fetch_edit, self.task_id, form_key)
        except Exception as exc:
            self.tapp.report(exc)
            return
        self.data = data
        self.base = data.record
        self.version = data.record.version if data.record else None
        await self._build(data)

    async def _build(self, data: EditData) -> None:
        from teamtask.domain.statuses import PLAIN, PRIORITIES

        r = data.record
        ctx = self.tapp.ctx
        now = ctx.local_now
        workflow = data.form.workflow if data.form else PLAIN
        if r is not None:
            self.query_one("#edit-title", Static).update(f"Edit #{r.id} {r.title}")
        common: list[Any] = []
        if r is None:
            forms = Select(
                [(f"{title} ({key})", key) for key, title in data.forms],
                value=data.form.key if data.form else Select.NULL,
                prompt="no form (a plain task)",
                id="edit-form",
            )
            common.append(forms)
        title_required = not (data.form and data.form.title_template)
        common += [
            FieldEditor(FieldDef("title", "Title", "text", required=title_required),
                        r.title if r else "", now=now, editor_id="edit-title-field"),
            FieldEditor(FieldDef("status", "Status", "choice", required=True,
                                 options=tuple(workflow.keys())),
                        r.status if r else workflow.initial.key, now=now, editor_id="edit-status"),
            FieldEditor(FieldDef("priority", "Priority", "choice", required=True, options=PRIORITIES),
                        r.priority if r else "normal", now=now, editor_id="edit-priority"),
            FieldEditor(FieldDef("assignee", "Assignee", "user"), r.assignee if r else None,
                        now=now, users=data.handles, editor_id="edit-assignee"),
            FieldEditor(FieldDef("group", "Group", "choice", options=tuple(data.groups)),
                        r.group if r else None, now=now, editor_id="edit-group"),
            FieldEditor(FieldDef("due", "Due", "text"), self._due_text(r), now=now,
                        validator=self._parse_due, preview=self._due_preview, editor_id="edit-due"),
            FieldEditor(FieldDef("tags", "Tags", "text"), " ".join("+" + t for t in r.tags) if r else "",
                        now=now, validator=self._parse_tags, editor_id="edit-tags"),
            FieldEditor(FieldDef("description", "Description", "longtext"),
                        r.description if r else "", now=now, editor_id="edit-description"),
        ]  # fmt: skip
        box = self.query_one("#edit-common", Vertical)
        await box.remove_children()
        await box.mount_all(common)
        await self._build_fields(data)
        self.query_one("#edit-title-field").query_one(".field-input").focus()

    async def _build_fields(self, data: EditData) -> None:
        box = self.query_one("#edit-fields", Vertical)
        await box.remove_children()
        if data.form is None:
            return
        values = data.record.fields if data.record else {}
        editors = [
            FieldEditor(f, values.get(f.key, f.default), now=self.tapp.ctx.local_now,
                        users=data.handles, editor_id=f"field-{f.key}")
            for f in data.form.fields
            if f.type != "file"
        ]  # fmt: skip
        await box.mount(Plain(data.form.title, classes="bold"))
        await box.mount_all(editors)

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "edit-form" and self.data is not None:
            key = None if event.value is Select.NULL else str(event.value)
            current = self.data.form.key if self.data.form else None
            if key != current:
                self.data = None
                self._load(key)

    # -- due and tags: task attributes with their own grammar ----------------------------------
    def _due_text(self, r: TaskRecord | None) -> str:
        from teamtask.domain.dates import format_due

        return format_due(r.due, self.tapp.ctx.tz) if r is not None and r.due else ""

    def _parse_due(self, raw: Any) -> Any:
        from teamtask.domain.dates import parse_date

        text = str(raw or "").strip()
        if text.lower() in ("", "none"):
            return None
        return parse_date(text, now=self.tapp.ctx.local_now())

    def _due_preview(self, value: Any) -> str:
        from teamtask.domain.dates import format_due, local_day

        tz = self.tapp.ctx.tz
        return f"→ {local_day(value, tz):%a} {format_due(value, tz)}"

    @staticmethod
    def _parse_tags(raw: Any) -> list[str]:
        from teamtask.services.tasks import normalize_tags

        return normalize_tags(t for t in re.split(r"[\s,]+", str(raw or "")) if t)

    # -- saving ----------------------------------------------------------------------------------
    def editors(self) -> dict[str, FieldEditor]:
        return {
            e.field.key if e.id and e.id.startswith("field-") else e.id: e  # type: ignore[misc]
            for e in self.query(FieldEditor)
        }

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def action_cancel(self) -> None:
        self.app.pop_screen()

    def _values(self) -> dict[str, Any] | None:
        """Every editor's checked value by key, or None (and errors shown) if any is wrong."""
        values: dict[str, Any] = {}
        bad = 0
        for key, editor in self.editors().items():
            checked = editor.refresh_note()
            if not checked.ok:
                bad += 1
            values[key] = checked.value
        self._say(
            "#edit-error",
            f"{bad} field{'s' if bad > 1 else ''} need fixing (marked ✗)." if bad else "",
        )
        return None if bad else values

    def action_save(self) -> None:
        if self.data is None or self.saving:
            return
        values = self._values()
        if values is not None:
            self._save(values, self.version)

    def _form_fields(self, values: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in values.items() if not k.startswith("edit-")}

    def changes(self, values: dict[str, Any], base: TaskRecord) -> tuple[Any, list[Change]]:
        """TaskChanges with what differs from `base`, and the same as lines for people."""
        from teamtask.services.tasks import TaskChanges
        from teamtask.tui.present import value_text

        c = TaskChanges()
        shown: list[Change] = []

        def note(name: str, before: Any, after: Any) -> None:
            shown.append((name, value_text(before), value_text(after)))

        if values["edit-title-field"] and values["edit-title-field"] != base.title:
            c.title = values["edit-title-field"]
            note("title", base.title, c.title)
        if (values["edit-description"] or "") != base.description:
            c.description = values["edit-description"] or ""
            note("description", base.description, c.description)
        for key, attr in (("edit-status", "status"), ("edit-priority", "priority")):
            if values[key] != getattr(base, attr):
                setattr(c, attr, values[key])
                note(attr, getattr(base, attr), values[key])
        if values["edit-assignee"] != base.assignee:
            c.assignee = values["edit-assignee"]
            c.unassign = values["edit-assignee"] is None
            note("assignee", base.assignee, values["edit-assignee"])
        if values["edit-group"] != base.group:
            c.group = values["edit-group"] or ""
            note("group", base.group, values["edit-group"])
        if values["edit-due"] != base.due:
            c.due = values["edit-due"]
            note("due", base.due, values["edit-due"])
        tags = values["edit-tags"] or []
        c.add_tags = [t for t in tags if t not in base.tags]
        c.remove_tags = [t for t in base.tags if t not in tags]
        if c.add_tags or c.remove_tags:
            note("tags", " ".join(base.tags), " ".join(tags))
        for key, value in self._form_fields(values).items():
            if value != base.fields.get(key):
                c.fields[key] = value
                note(key, base.fields.get(key), value)
        return c, shown

    @work(exclusive=True, group="write")
    async def _save(self, values: dict[str, Any], version: int | None) -> None:
        self.saving = True
        try:
            if self.base is None:
                await self._create(values)
            else:
                await self._update(values, version)
        finally:
            self.saving = False

    async def _create(self, values: dict[str, Any]) -> None:
        from teamtask.services.tasks import NewTask, create_task
        from teamtask.tui.screens.task import TaskScreen

        assert self.data is not None
        new = NewTask(
            title=values["edit-title-field"] or "",
            description=values["edit-description"] or "",
            assignee=values["edit-assignee"],
            group=values["edit-group"],
            due=values["edit-due"],
            tags=values["edit-tags"] or [],
            priority=values["edit-priority"],
            status=values["edit-status"],
            form=self.data.form.key if self.data.form else None,
            fields={k: v for k, v in self._form_fields(values).items() if v not in (None, "", [])},
            channel="tui",
        )
        if new.form and not new.title:
            new.title = self.data.form.title if self.data.form else "task"
        try:
            created = await self.tapp.backend.call(create_task, new)
        except Exception as exc:
            self._refused(exc)
            return
        self.app.pop_screen()
        self.app.push_screen(TaskScreen(created.id))
        self.notify(f"#{created.id} {created.title}")
        self.tapp.data_changed()

    async def _update(self, values: dict[str, Any], version: int | None) -> None:
        from teamtask.services.tasks import edit_task

        assert self.base is not None
        changes, _shown = self.changes(values, self.base)
        try:
            await self.tapp.backend.call(edit_task, self.base.id, changes, expected_version=version)
        except Conflict:
            await self._conflict(values)
            return
        except Exception as exc:
            self._refused(exc)
            return
        self.app.pop_screen()
        self.notify(f"#{self.base.id} saved")
        self.tapp.data_changed()

    def _refused(self, exc: Exception) -> None:
        """A service said no: put the reason next to the field it names, if it names one."""
        if not isinstance(exc, DomainError) or environment_problem(exc) is not None:
            self.tapp.report(exc)
            return
        message = str(exc)
        self._say("#edit-error", f"✗ {message}")
        editors = self.editors()
        match = _FIELD_IN_ERROR.match(message)
        if match and match[1] in editors:
            editors[match[1]].show_error(message)
        elif isinstance(exc, Invalid) and " needs " in message:
            for key, editor in editors.items():
                if not key.startswith("edit-") and re.search(rf"\b{key}\b", message):
                    editor.show_error(f"{editor.field.title} is required now")

    async def _conflict(self, values: dict[str, Any]) -> None:
        from teamtask.services.queries import task_detail

        assert self.base is not None
        try:
            fresh = await self.tapp.backend.call(task_detail, self.base.id)
        except Exception as exc:
            self.tapp.report(exc)
            return
        _changes, mine = self.changes(values, self.base)
        seen = self.data.last_event if self.data else 0
        who = sorted({f"@{e.who}" for e in fresh.events if (e.id or 0) > seen and e.who})
        theirs = diff_records(self.base, fresh.record)
        self._fresh_last_event = max((e.id or 0 for e in fresh.events), default=seen)

        def chosen(choice: str | None) -> None:
            # A callback, not push_screen_wait: no worker sits waiting on a person.
            if choice == "overwrite":
                self._save(values, fresh.record.version)
            elif choice == "discard":
                self.app.pop_screen()
                self.notify(f"#{fresh.record.id}: your changes were discarded")
            else:
                self._rebase(values, fresh.record)

        self.app.push_screen(
            ConflictScreen(self.base.id, theirs=theirs, mine=mine, who=who), chosen
        )

    def _rebase(self, values: dict[str, Any], fresh: TaskRecord) -> None:
        """Keep editing on top of their version: untouched fields take their new values."""
        assert self.base is not None
        mine, _ = self.changes(values, self.base)
        editors = self.editors()
        attrs = {"edit-title-field": "title", "edit-description": "description",
                 "edit-status": "status", "edit-priority": "priority",
                 "edit-assignee": "assignee", "edit-group": "group"}  # fmt: skip
        for key, attr in attrs.items():
            touched = getattr(mine, attr) is not None or (attr == "assignee" and mine.unassign)
            if not touched and getattr(self.base, attr) != getattr(fresh, attr):
                editors[key].set_value(getattr(fresh, attr))
        from teamtask.services.tasks import UNSET

        if mine.due is UNSET and self.base.due != fresh.due:
            editors["edit-due"].set_value(self._due_text(fresh))
        untagged = not (mine.add_tags or mine.remove_tags)
        if untagged and sorted(self.base.tags) != sorted(fresh.tags):
            editors["edit-tags"].set_value(" ".join("+" + t for t in fresh.tags))
        for key, editor in editors.items():
            theirs = self.base.fields.get(key) != fresh.fields.get(key)
            if not key.startswith("edit-") and key not in mine.fields and theirs:
                editor.set_value(fresh.fields.get(key))
        self.base = fresh
        self.version = fresh.version
        if self.data is not None:
            self.data.last_event = self._fresh_last_event
        self._say(
            "#edit-notice",
            f"Now editing on top of version {fresh.version}; their changes are in the fields.",
        )
