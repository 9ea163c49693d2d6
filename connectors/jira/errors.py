"""What can go wrong talking to Jira.

JiraError
├── JiraUnavailable     unreachable, timed out, 5xx or 429 after every retry
└── JiraRefused         4xx: the request itself was refused (names the reason)
    ├── JiraAuthError       401/403: the credentials or permissions
    └── JiraNotFound        404: the issue, project or property does not exist

``refusal`` is the one place that turns a 4xx answer into one of these.
"""

import requests

from core.errors import JourneyOpsError


class JiraError(JourneyOpsError):
    """Base of the Jira connector's errors."""


class JiraUnavailable(JiraError):
    """Jira could not be reached or kept failing; the next run does what is left."""


class JiraRefused(JiraError):
    """Jira refused the request (4xx); ``status`` is the HTTP status."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(f"Jira answered {status}: {message}")
        self.status = status


class JiraAuthError(JiraRefused):
    """401/403: check JIRA_USERNAME / JIRA_API_TOKEN and the project permissions."""


class JiraNotFound(JiraRefused):
    """404: the issue, project or property does not exist (or is not visible)."""


def refusal(response: requests.Response) -> JiraRefused:
    """The error for a 4xx answer (not 429), with Jira's own messages when it gave them:
    the one place that maps Jira's HTTP statuses to these errors."""
    try:
        payload = response.json()
    except ValueError:
        payload = {}
    parts: list[str] = []
    if isinstance(payload, dict):
        parts += [str(m) for m in payload.get("errorMessages") or []]
        errors = payload.get("errors")
        if isinstance(errors, dict):
            parts += [f"{field}: {message}" for field, message in errors.items()]
    # Jira may echo what we sent (a whole description): keep logs readable.
    message = ("; ".join(parts) or response.reason or "refused")[:300]
    status = response.status_code
    if status in (401, 403):
        return JiraAuthError(status, message)
    if status == 404:
        return JiraNotFound(status, message)
    return JiraRefused(status, message)
