"""The Textual terminal UI: presentation over the same services as the CLI.

Nothing outside `teamtask.cli.ui` imports this package, so `tt add` and `tt ls` never pay
for Textual. Every database call goes through `backend.Backend` (a thread pool); screens
render read models and map domain errors to inline messages, toasts or the banner.
"""
