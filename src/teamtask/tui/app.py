"""The Textual application: modes, global keys, the command palette, live refresh and
the one place where errors become words on the screen.

Start-up is kept short on purpose: only the inbox is built at start (the registry and
the board are app modes, created the first time they are shown), and the first paint
does not wait for the database: screens fetch in workers and fill in.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from textual.app import App, SystemCommand
from textual.reactive import reactive
from textual.screen import ModalScreen, Screen

from teamtask.domain.errors import DomainError
from teamtask.tui import keys
from teamtask.tui.backend import Backend, environment_problem
from teamtask.tui.keymap import load_keymap
from teamtask.tui.live import Listener, Watcher
from teamtask.tui.messages import ConnectionLost, ConnectionRestored, DataChanged

if TYPE_CHECKING:
    from teamtask.services.context import Context
    from teamtask.tui.screens.base import BaseScreen

T = TypeVar("T")


def _inbox() -> Screen:
    from teamtask.tui.screens.inbox import InboxScreen

    return InboxScreen()


def _registry() -> Screen:
    from teamtask.tui.screens.registry import RegistryScreen

    return RegistryScreen()


def _board() -> Screen:
    from teamtask.tui.screens.board import BoardScreen

    return BoardScreen()


class TeamtaskApp(App[None]):
    CSS_PATH = "teamtask.tcss"
    TITLE = "teamtask"
    BINDINGS = keys.GLOBAL
    MODES: ClassVar[dict[str, Callable[[], Screen]]] = {
        "inbox": _inbox,
        "registry": _registry,
        "board": _board,
    }
    DEFAULT_MODE = "inbox"
    ENABLE_COMMAND_PALETTE = True

    connection_problem: reactive[str | None] = reactive(None)

    def __init__(
        self, ctx: Context, *, live: bool = True, watch_interval: float | None = None
    ) -> None:
        super().__init__()
        self.ctx = ctx
        self.backend = Backend(ctx)
        self.live = live
        self.watch_interval = watch_interval
        self.data_screens: weakref.WeakSet[BaseScreen] = weakref.WeakSet()
        # Errors that are bugs, not user mistakes: shown as a toast, kept for the tests.
        self.unexpected_errors: list[BaseException] = []
        self._watcher: Watcher | None = None
        self.keymap_overrides: dict[str, str] = {}
        # Every toast shown, newest last: what the user was told (tests read it too).
        self.notices: list[str] = []

    # -- life cycle ----------------------------------------------------------------------
    def on_mount(self) -> None:
        keymap, problems = load_keymap(self.ctx.settings)
        self.keymap_overrides = keymap
        if keymap:
            self.set_keymap(keymap)
        for problem in problems:
            self.notify(problem, severity="warning", timeout=10)
        if self.live:
            self._watcher = Watcher(
                self.ctx.db,
                Listener(
                    on_change=lambda: self.post_message(DataChanged()),
                    on_lost=lambda reason: self.post_message(ConnectionLost(reason)),
                    on_restored=lambda: self.post_message(ConnectionRestored()),
                ),
                interval=self.watch_interval,
            )
            self.run_worker(self._watcher.run, thread=True, group="watch", exit_on_error=False)

    def on_unmount(self) -> None:
        if self._watcher is not None:
            self._watcher.stop()
        self.backend.shutdown()

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: Any = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Never markup: toasts quote titles and errors, and `Screen.notify` passes
        markup=True by default, so "[/]" in a title would otherwise crash the toast."""
        self.notices.append(str(message))
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    # -- data changes and the connection -------------------------------------------------
    def data_changed(self) -> None:
        """After our own write: reload now rather than at the watcher's next tick."""
        self.post_message(DataChanged())

    def on_data_changed(self, _message: DataChanged) -> None:
        self.ctx.forget_people()  # a teammate may have added a user or a group
        for screen in list(self.data_screens):
            screen.data_changed()

    def on_connection_lost(self, message: ConnectionLost) -> None:
        self.connection_problem = message.reason

    def on_connection_restored(self, _message: ConnectionRestored) -> None:
        if self.connection_problem is not None:
            self.connection_problem = None
            self.notify("Reconnected to the database.")

    def report(self, exc: BaseException) -> None:
        """Every error from a service call ends here: banner, toast, never a traceback."""
        problem = environment_problem(exc)
        if problem is not None:
            self.connection_problem = str(problem)
            if self._watcher is not None:
                self._watcher.suspect()
            return
        if isinstance(exc, DomainError):
            self.notify(str(exc), severity="error", timeout=8)
            return
        self.unexpected_errors.append(exc)
        self.log.error(repr(exc))
        self.notify(f"Unexpected error: {type(exc).__name__}: {exc}", severity="error", timeout=10)

    def run_service(
        self,
        fn: Callable[..., T],
        *args: Any,
        done: Callable[[T], str | None] | str | None = None,
        then: Callable[[T], None] | None = None,
        **kwargs: Any,
    ) -> None:
        """Call a writing service in a worker; toast its outcome and refresh the screens."""

        async def job() -> None:
            try:
                result = await self.backend.call(fn, *args, **kwargs)
            except Exception as exc:
                self.report(exc)
                return
            message = done(result) if callable(done) else done
            if message:
                self.notify(message)
            if then is not None:
                then(result)
            self.data_changed()

        self.run_worker(job(), group="write", exit_on_error=False)

    def is_idle(self) -> bool:
        """No fetch or write in flight (the watcher does not count); for tests and benches."""
        return not any(w.group != "watch" and not w.is_finished for w in self.workers)

    # -- global actions ---------------------------------------------------------------------
    def _modal_open(self) -> bool:
        return isinstance(self.screen, ModalScreen)

    def action_go(self, mode: str) -> None:
        if not self._modal_open():
            self.switch_mode(mode)

    def action_help(self) -> None:
        from teamtask.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_filter(self) -> None:
        if self._modal_open():
            return
        focus = getattr(self.screen, "focus_filter", None)
        if focus is not None and focus():
            return
        self.switch_mode("registry")
        self.call_after_refresh(lambda: self.screen.focus_filter())  # type: ignore[attr-defined]

    def action_new_task(self) -> None:
        from teamtask.tui.screens.edit import EditScreen

        if not self._modal_open():
            self.push_screen(EditScreen(task_id=None))

    def action_quick_add(self) -> None:
        from teamtask.tui.screens.quick_add import QuickAddScreen

        if not self._modal_open():
            self.push_screen(QuickAddScreen())

    def action_back(self) -> None:
        if self._modal_open():
            self.screen.dismiss(None)  # type: ignore[union-attr]
        elif len(self.screen_stack) > 1:
            self.pop_screen()
        else:
            self.exit()

    # -- command palette ------------------------------------------------------------------
    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Every action bound to a key on this screen, plus the app's own (theme, quit…)."""
        seen: set[str] = set()
        for key, active in screen.active_bindings.items():
            binding = active.binding
            if not binding.description or binding.action in seen:
                continue
            seen.add(binding.action)
            yield SystemCommand(
                binding.description,
                f"key {keys.describe_key(key)} · id {binding.id or '—'}",
                _palette_callback(self, binding.action, active.node),
            )
        yield from super().get_system_commands(screen)


def _palette_callback(app: App, action: str, node: Any) -> Callable[[], Any]:
    async def run() -> None:
        await app.run_action(action, node)

    return run
