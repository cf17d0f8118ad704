"""Every key binding of the TUI, with the id users remap it by in `[tui.keys]`.

Kept in one module, not scattered over screens, so that the help screen, the command
palette and the keymap check can list every binding without importing every screen.
Screens take their `BINDINGS` from here.
"""

from __future__ import annotations

from textual.binding import Binding

GLOBAL: list[Binding] = [
    Binding("question_mark", "help", "Help", id="app.help"),
    Binding("1", "go('inbox')", "Inbox", id="app.inbox"),
    Binding("2", "go('registry')", "Registry", id="app.registry"),
    Binding("3", "go('board')", "Board", id="app.board"),
    Binding("slash", "filter", "Filter", id="app.filter"),
    Binding("n", "new_task", "New", id="app.new"),
    Binding("N", "quick_add", "Quick add", id="app.quick_add"),
    Binding("q", "back", "Back/Quit", id="app.back"),
]

TASK: list[Binding] = [
    Binding("enter", "open_task", "Open", id="task.open", show=False),
    Binding("c", "comment", "Comment", id="task.comment"),
    Binding("r", "reply", "Reply", id="task.reply"),
    Binding("a", "assign", "Assign", id="task.assign"),
    Binding("d", "due", "Due", id="task.due"),
    Binding("e", "edit", "Edit", id="task.edit"),
    Binding("x", "close_task", "Close", id="task.close"),
    Binding("A", "approve", "Approve", id="task.approve"),
    Binding("R", "reject", "Reject", id="task.reject"),
]

TASK_VIEW: list[Binding] = [
    Binding("t", "log_time", "Log time", id="task.log_time", show=False),
    Binding("escape", "back", "Back", id="task.back", show=False),
]

REGISTRY: list[Binding] = [
    Binding("s", "save_view", "Save view", id="registry.save_view", show=False),
    Binding("o", "cycle_sort", "Sort", id="registry.sort", show=False),
    Binding("escape", "leave_filter", "Leave filter", id="registry.leave_filter", show=False),
]

BOARD: list[Binding] = [
    Binding("H,shift+left", "move_card(-1)", "Move ◀", id="board.move_left"),
    Binding("L,shift+right", "move_card(1)", "Move ▶", id="board.move_right"),
    Binding("left,h", "focus_column(-1)", "Column ◀", id="board.column_left", show=False),
    Binding("right,l", "focus_column(1)", "Column ▶", id="board.column_right", show=False),
    Binding("up,k", "focus_card(-1)", "Card ▲", id="board.card_up", show=False),
    Binding("down,j", "focus_card(1)", "Card ▼", id="board.card_down", show=False),
    Binding("escape", "leave_filter", "Leave filter", id="board.leave_filter", show=False),
]

EDIT: list[Binding] = [
    Binding("ctrl+s", "save", "Save", id="edit.save", priority=True),
    Binding("escape", "cancel", "Cancel", id="edit.cancel"),
]

GRID: list[Binding] = [
    Binding("enter", "edit_cell", "Edit cell", id="grid.edit_cell", show=False),
    Binding("ctrl+n", "add_row", "Add row", id="grid.add_row"),
    Binding("ctrl+d", "delete_row", "Delete row", id="grid.delete_row"),
]

MODAL: list[Binding] = [
    Binding("ctrl+s", "submit", "Send/Save", id="modal.submit", priority=True),
    Binding("escape", "cancel", "Cancel", id="modal.cancel"),
]

CONFLICT: list[Binding] = [
    Binding("o", "choose('overwrite')", "Overwrite with mine", id="conflict.overwrite"),
    Binding("d", "choose('discard')", "Discard mine", id="conflict.discard"),
    Binding("k,escape", "choose('keep')", "Keep editing", id="conflict.keep"),
]

HELP: list[Binding] = [
    Binding("escape,q,question_mark", "dismiss_help", "Close help", id="help.close"),
]

SECTIONS: list[tuple[str, list[Binding]]] = [
    ("Everywhere", GLOBAL),
    ("On a task (inbox, registry, board, task view)", TASK),
    ("Task view", TASK_VIEW),
    ("Registry", REGISTRY),
    ("Board", BOARD),
    ("Edit and new task", EDIT),
    ("Table fields in the editor", GRID),
    ("Comment, reply, quick add and prompts", MODAL),
    ("Save conflict", CONFLICT),
    ("This help", HELP),
]


def all_ids() -> set[str]:
    return {b.id for _, bindings in SECTIONS for b in bindings if b.id}


def describe_key(key: str) -> str:
    """`question_mark` → `?`, `shift+left` → `shift+←`: how the help screen shows keys."""
    names = {
        "question_mark": "?",
        "slash": "/",
        "left": "←",
        "right": "→",
        "up": "↑",
        "down": "↓",
        "escape": "esc",
    }
    shown = []
    for one in key.split(","):
        parts = [names.get(p, p) for p in one.strip().split("+")]
        shown.append("+".join(parts))
    return " ".join(shown)
