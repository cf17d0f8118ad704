"""Exit codes, shared by the CLI and the pollers it runs (documented in the README).

0 ok, 1 not found / conflict / failed operation, 2 bad usage or input, 3 environment
(database unreachable, schema behind, bad configuration, a server that refuses us).
"""

from __future__ import annotations

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_ENVIRONMENT = 0, 1, 2, 3


def exit_code_for(exc: BaseException) -> int:
    from teamtask.config import ConfigError
    from teamtask.db import EnvironmentProblem
    from teamtask.domain.errors import Invalid

    if isinstance(exc, ConfigError | EnvironmentProblem):
        return EXIT_ENVIRONMENT
    if isinstance(exc, Invalid):
        return EXIT_USAGE
    return EXIT_FAILED
