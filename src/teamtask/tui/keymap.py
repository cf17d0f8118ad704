"""User key remapping from the config file: `[tui.keys]` maps binding ids to keys.

    [tui.keys]
    "task.close" = "ctrl+x"
    "board.move_left" = "H,shift+left,ctrl+h"

Problems (an unknown id, a value that is not a string) never stop the app: they are
reported once as a warning toast, and the default key stays.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from teamtask.tui.keys import all_ids

if TYPE_CHECKING:
    from teamtask.config import Settings


def load_keymap(settings: Settings) -> tuple[dict[str, str], list[str]]:
    """The keymap for `App.set_keymap` and the problems found in the section."""
    section = settings.section("tui", "keys")
    known = all_ids()
    keymap: dict[str, str] = {}
    problems: list[str] = []
    for binding_id, key in section.items():
        if binding_id not in known:
            problems.append(f"[tui.keys] has unknown binding id {binding_id!r}")
        elif not isinstance(key, str) or not key.strip():
            problems.append(f'[tui.keys] {binding_id!r} must be a key such as "ctrl+x"')
        else:
            keymap[binding_id] = key.strip()
    return keymap, problems
