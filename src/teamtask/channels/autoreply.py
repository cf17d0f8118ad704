"""Recognise mail that no human wrote, so that it never opens a task and never gets an answer.

Answering an auto-reply with an auto-acknowledgement is how two robots mail each other forever;
RFC 3834 lists the signals an automatic message carries, and real mailers add a few of their own.
Everything here is pure: it looks at header values the caller already decoded.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

#: Our own outgoing mail carries this header (value: the account address) so that the poller
#: recognises it if it ever comes back (a Bcc to the support mailbox, a forwarding loop).
LOOP_HEADER = "X-Teamtask-Loop"


class AutoKind(StrEnum):
    """Why a message counts as automatic; the poller treats all kinds alike (no task, no reply)
    except BOUNCE, which may also fail the matching outbox item."""

    BOUNCE = "bounce"
    AUTO_REPLY = "auto-reply"
    BULK = "bulk"
    LIST = "list"
    LOOP = "loop"


@dataclass(frozen=True)
class AutoVerdict:
    kind: AutoKind
    reason: str  # the header that decided it, for logs and the internal note


# Local parts that only ever send delivery reports (RFC 5321 §4.5.1 requires `postmaster`;
# `mailer-daemon` is the traditional bounce sender of sendmail, Exim, Postfix, Exchange...).
_BOUNCE_SENDERS = re.compile(r"^(mailer[-_]?daemon|postmaster)(\+.*)?$", re.IGNORECASE)

# Values of X-Auto-Response-Suppress that mean "nothing suppressed" (Microsoft documents `None`).
_SUPPRESS_NOTHING = {"", "none"}


def classify(
    headers: Iterable[tuple[str, str]],
    *,
    from_address: str | None = None,
    content_type: str = "",
    report_type: str = "",
) -> AutoVerdict | None:
    """Return why the message is automatic, or None for mail a person wrote.

    `headers` are (name, value) pairs as they appear in the message (repeats allowed);
    `content_type` is the top-level type (`multipart/report`), `report_type` its report-type
    parameter (`delivery-status`, `disposition-notification`).
    """
    fields: dict[str, list[str]] = {}
    for name, value in headers:
        fields.setdefault(name.strip().lower(), []).append(value.strip())

    def first(name: str) -> str | None:
        values = fields.get(name)
        return values[0] if values else None

    # Delivery reports first: a bounce also carries an empty Return-Path and Auto-Submitted,
    # but the poller needs to know it is a bounce to fail the outbox item it refers to.
    if content_type.lower() == "multipart/report":
        kind = report_type.lower() or "unknown"
        if kind == "delivery-status":
            return AutoVerdict(AutoKind.BOUNCE, "multipart/report; report-type=delivery-status")
        # Read receipts (disposition-notification) and other reports are automatic, not bounces.
        return AutoVerdict(AutoKind.AUTO_REPLY, f"multipart/report; report-type={kind}")
    if from_address:
        local_part = from_address.rpartition("@")[0] or from_address
        if _BOUNCE_SENDERS.match(local_part):
            return AutoVerdict(AutoKind.BOUNCE, f"From: {from_address}")

    auto_submitted = first("auto-submitted")
    if auto_submitted is not None:
        keyword = auto_submitted.split(";", 1)[0].strip().lower()
        if keyword != "no":
            return AutoVerdict(AutoKind.AUTO_REPLY, f"Auto-Submitted: {auto_submitted}")

    suppress = first("x-auto-response-suppress")
    if suppress is not None and suppress.lower() not in _SUPPRESS_NOTHING:
        return AutoVerdict(AutoKind.AUTO_REPLY, f"X-Auto-Response-Suppress: {suppress}")

    # Non-standard but common markers of vacation responders (Exim's autoreply, cPanel...).
    for name in ("x-autoreply", "x-autorespond", "x-autoresponder"):
        if fields.get(name):
            return AutoVerdict(AutoKind.AUTO_REPLY, f"{name}: {first(name)}")

    for name in ("precedence", "x-precedence"):
        precedence = (first(name) or "").lower()
        if precedence in ("bulk", "junk"):
            return AutoVerdict(AutoKind.BULK, f"Precedence: {precedence}")
        if precedence == "list":
            return AutoVerdict(AutoKind.LIST, "Precedence: list")

    x_loop = first("x-loop")
    if x_loop is not None:
        return AutoVerdict(AutoKind.LOOP, f"X-Loop: {x_loop}")

    # RFC 3834 §3.3: automatic responses are sent with a null envelope sender, which the final
    # MTA records as `Return-Path: <>`. A missing Return-Path says nothing (e.g. APPENDed mail).
    return_paths = fields.get("return-path")
    if return_paths is not None and return_paths[0].replace(" ", "") in ("", "<>"):
        return AutoVerdict(AutoKind.AUTO_REPLY, "Return-Path: <>")

    return None
