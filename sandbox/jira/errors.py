"""The refusals the Jira sandbox answers with, shaped like Jira's ``ErrorCollection``.

JiraError            a refusal Jira itself would give (status, errorMessages, errors)
└── SpecViolation    a request the vendor description, ADF schema or Jira's field rules
                     refuse as malformed; recorded in ``state.violations`` so tests fail
"""

from __future__ import annotations

from typing import Any


class JiraError(Exception):
    """Jira refuses the request with ``status``, ``messages`` and per-field ``errors``."""

    def __init__(
        self, status: int, messages: str | list[str] = "", errors: dict[str, str] | None = None
    ) -> None:
        self.status = status
        self.messages = [messages] if isinstance(messages, str) and messages else list(messages)
        self.errors = dict(errors or {})
        super().__init__("; ".join(self.messages + [f"{k}: {v}" for k, v in self.errors.items()]))

    def body(self) -> dict[str, Any]:
        """The ``ErrorCollection`` Jira answers with."""
        return {"errorMessages": self.messages, "errors": self.errors}


class SpecViolation(JiraError):
    """A request the real Jira would refuse as malformed (recorded as a violation)."""

    def __init__(
        self,
        detail: str,
        *,
        status: int = 400,
        reason: str = "spec violation",
        errors: dict[str, str] | None = None,
    ) -> None:
        super().__init__(status, [] if errors else detail, errors)
        self.detail = detail
        self.reason = reason


def field_error(field: str, message: str, detail: str | None = None) -> SpecViolation:
    """A malformed field value, answered like Jira: ``{"errors": {field: message}}``."""
    return SpecViolation(detail or f"{field}: {message}", reason="field", errors={field: message})


def not_settable(field: str) -> SpecViolation:
    """Jira's answer to a field that is unknown or not on the create/edit screen."""
    return field_error(
        field, f"Field '{field}' cannot be set. It is not on the appropriate screen, or unknown."
    )
