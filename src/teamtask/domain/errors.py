"""Errors every layer raises and every entry point maps to its own way of saying it.

``str(error)`` is always one sentence meant for the user, so entry points print it as is.
"""

from __future__ import annotations


class DomainError(Exception):
    """Base; str(e) is one clear sentence for the user."""


class NotFound(DomainError):
    """The thing named does not exist (or is not visible to the caller)."""


class Invalid(DomainError):
    """Bad user input; the CLI exits with status 2."""


class Conflict(DomainError):
    """The data changed under the caller, e.g. a stale version; the CLI exits with status 1."""


class Forbidden(DomainError):
    """The caller may not do this; the CLI exits with status 1."""


class GrammarError(Invalid):
    """Text that does not follow one of the small languages (dates, capture line, filters).

    ``token`` is the offending piece of input, ``position`` its character offset in the whole
    input (so a UI can underline it) and ``expected`` a short list of what would have worked.
    """

    def __init__(
        self,
        message: str,
        *,
        token: str | None = None,
        position: int | None = None,
        expected: str | None = None,
    ) -> None:
        super().__init__(message)
        self.token = token
        self.position = position
        self.expected = expected

    def located(self, token: str, position: int | None) -> GrammarError:
        """The same error, pointing at where the failing text sits in a larger input."""
        return GrammarError(str(self), token=token, position=position, expected=self.expected)

    def __reduce__(self) -> tuple[object, ...]:
        # Keyword-only attributes would be lost by Exception's default pickling, and errors do
        # cross process boundaries (pytest-xdist, worker pools).
        return (
            _rebuild_grammar_error,
            (str(self), self.token, self.position, self.expected),
        )


def _rebuild_grammar_error(
    message: str, token: str | None, position: int | None, expected: str | None
) -> GrammarError:
    return GrammarError(message, token=token, position=position, expected=expected)
