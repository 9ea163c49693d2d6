"""The refusals of the Slack sandbox, shaped like the Web API's ``{"ok": false, "error"}``.

SlackError           an error the real Web API answers (``invalid_auth``, ``channel_not_found``
│                    ...); normally HTTP 200, as Slack does
└── SpecViolation    a request Slack would refuse as malformed (unknown method, parameters
                     the published description refuses, invalid Block Kit); also recorded
                     in ``state.violations`` so the test fails
"""

from __future__ import annotations

from typing import Any


class SlackError(Exception):
    """Slack answers ``{"ok": false, "error": error, **extra}`` with HTTP ``status``."""

    def __init__(self, error: str, *, status: int = 200, **extra: Any) -> None:
        super().__init__(error)
        self.error = error
        self.status = status
        self.extra = extra

    def body(self) -> dict[str, Any]:
        return {"ok": False, "error": self.error, **self.extra}


class SpecViolation(SlackError):
    """A malformed request: answered like Slack, recorded with ``reason`` and ``detail``."""

    def __init__(
        self, error: str, detail: str, *, reason: str = "spec violation", status: int = 200
    ) -> None:
        super().__init__(error, status=status)
        self.detail = detail
        self.reason = reason


def invalid_arguments(detail: str) -> SpecViolation:
    """Slack's answer to parameters its description refuses."""
    violation = SpecViolation("invalid_arguments", detail)
    violation.extra["response_metadata"] = {"messages": [f"[ERROR] {detail}"]}
    return violation
