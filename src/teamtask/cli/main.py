"""Entry point of `tt` / `teamtask`: run the Typer app and turn errors into exit codes.

Exit codes (documented in the README): 0 ok, 1 not found / conflict / failed operation,
2 bad usage or input, 3 environment (database unreachable, schema behind, bad config).
Users never see a traceback: domain errors become one sentence on stderr.
"""

from __future__ import annotations

import sys

from teamtask.exits import EXIT_FAILED, EXIT_OK, EXIT_USAGE, exit_code_for


def main(argv: list[str] | None = None) -> int:
    from typer.main import get_command

    from teamtask.cli.app import build_app
    from teamtask.domain.errors import DomainError

    args = sys.argv[1:] if argv is None else argv
    command = get_command(build_app(args))
    try:
        result = command.main(args=args, prog_name="tt", standalone_mode=False)
    except DomainError as exc:
        sys.stderr.write(f"tt: {exc}\n")
        return exit_code_for(exc)
    except KeyboardInterrupt:
        sys.stderr.write("tt: interrupted\n")
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:
        return _click_exit(exc)
    return result if isinstance(result, int) else EXIT_OK


def _click_exit(exc: Exception) -> int:
    import typer
    from typer._click import exceptions as click_exc

    if isinstance(exc, typer.Exit):
        return exc.exit_code
    if isinstance(exc, typer.Abort):
        sys.stderr.write("tt: aborted\n")
        return EXIT_FAILED
    if isinstance(exc, click_exc.ClickException):
        exc.show()
        return EXIT_USAGE if isinstance(exc, click_exc.UsageError) else exc.exit_code
    raise exc


def run() -> None:
    sys.exit(main())


if __name__ == "__main__":
    run()
