"""The refusals the sandbox answers with, shaped like Confluence's own error bodies.

ConfluenceError          a refusal Confluence itself would give (status + message)
└── SpecViolation        a request the vendor description or storage format refuses;
                         recorded in ``state.violations`` so tests fail on it
"""

from __future__ import annotations


class ConfluenceError(Exception):
    """Confluence refuses the request with ``status`` and ``message``."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class SpecViolation(ConfluenceError):
    """A request the real Confluence would refuse as malformed (recorded as a violation)."""

    def __init__(self, detail: str, *, status: int = 400, reason: str = "spec violation") -> None:
        super().__init__(status, detail)
        self.detail = detail
        self.reason = reason
