"""Statuses and priorities: the rules of a task's life, independent of storage.

Plain tasks share one workflow; a form brings its own (ordered statuses, some closed).
Everything that asks "is this closed?" or "what does close mean here?" asks a Workflow.
"""

from __future__ import annotations

from dataclasses import dataclass

from teamtask.domain.errors import Invalid

PRIORITIES: tuple[str, ...] = ("low", "normal", "high", "urgent")


def priority_rank(name: str) -> int:
    try:
        return PRIORITIES.index(name.lower())
    except ValueError:
        raise Invalid(
            f"unknown priority {name!r}: expected one of {', '.join(PRIORITIES)}"
        ) from None


def priority_name(rank: int) -> str:
    return PRIORITIES[rank] if 0 <= rank < len(PRIORITIES) else "normal"


@dataclass(frozen=True)
class Status:
    key: str
    title: str
    closed: bool = False


@dataclass(frozen=True)
class Workflow:
    statuses: tuple[Status, ...]

    def get(self, key: str) -> Status:
        for status in self.statuses:
            if status.key == key:
                return status
        names = ", ".join(s.key for s in self.statuses)
        raise Invalid(f"unknown status {key!r}: expected one of {names}")

    def keys(self) -> list[str]:
        return [s.key for s in self.statuses]

    @property
    def initial(self) -> Status:
        return self.statuses[0]

    @property
    def close_status(self) -> Status:
        """What `tt close` means: the first closed status (done, resolved, …)."""
        return next(s for s in self.statuses if s.closed)

    @property
    def reopen_status(self) -> Status:
        return next(s for s in self.statuses if not s.closed)

    def neighbour(self, key: str, step: int) -> Status | None:
        """The status left (-1) or right (+1) of `key` on a board, if any."""
        keys = self.keys()
        index = keys.index(key) + step if key in keys else -1
        return self.statuses[index] if 0 <= index < len(keys) and key in keys else None


PLAIN = Workflow(
    (
        Status("todo", "To do"),
        Status("doing", "Doing"),
        Status("waiting", "Waiting"),
        Status("done", "Done", closed=True),
        Status("cancelled", "Cancelled", closed=True),
    )
)
