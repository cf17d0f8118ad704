"""Attachments: files stored in the database, so a shared database needs no shared disk."""

from __future__ import annotations

import hashlib
import mimetypes
import re
import unicodedata
from dataclasses import dataclass

from teamtask.domain.errors import Invalid, NotFound
from teamtask.services import history
from teamtask.services.context import Context
from teamtask.services.tasks import require_row

_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]+")


def sanitize_filename(name: str) -> str:
    """A name that is safe to write anywhere: no directories, no control characters."""
    name = unicodedata.normalize("NFC", name).replace("\\", "/").rsplit("/", 1)[-1]
    name = _UNSAFE.sub("_", name).strip(" .")
    if len(name) > 150:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: 150 - len(ext) - 1] + dot + ext) if dot and len(ext) <= 10 else name[:150]
    return name or "attachment"


@dataclass
class Stored:
    id: int
    filename: str
    size: int
    sha256: str


def store_attachment(
    ctx: Context,
    task_id: int,
    filename: str,
    data: bytes,
    *,
    content_type: str | None = None,
    comment_id: int | None = None,
) -> Stored:
    """Write one attachment row; the caller holds the transaction and writes history."""
    limit = ctx.settings.attachment_limit
    if len(data) > limit:
        raise Invalid(
            f"{filename} is {len(data):,} bytes, over the attachment limit of {limit:,} bytes"
        )
    clean = sanitize_filename(filename)
    kind = content_type or mimetypes.guess_type(clean)[0] or "application/octet-stream"
    digest = hashlib.sha256(data).hexdigest()
    attachment_id = ctx.db.insert(
        "INSERT INTO attachments (task_id, comment_id, filename, content_type, size, sha256, data,"
        " uploaded_by_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (task_id, comment_id, clean, kind, len(data), digest, data, ctx.user_id, ctx.now()),
    )
    return Stored(attachment_id, clean, len(data), digest)


def attach(ctx: Context, task_id: int, files: list[tuple[str, bytes]]) -> list[Stored]:
    with ctx.db.transaction():
        require_row(ctx, task_id)
        stored = [store_attachment(ctx, task_id, name, data) for name, data in files]
        history.record(
            ctx, task_id, "attached", {"attachments": (None, [s.filename for s in stored])}
        )
        history.touch(ctx, task_id)
    return stored


@dataclass
class Download:
    filename: str
    content_type: str
    data: bytes


def get_attachment(ctx: Context, attachment_id: int) -> Download:
    row = ctx.db.one(
        "SELECT filename, content_type, data FROM attachments WHERE id = ?", (attachment_id,)
    )
    if row is None:
        raise NotFound(f"attachment {attachment_id} does not exist")
    return Download(row[0], row[1], bytes(row[2]))
