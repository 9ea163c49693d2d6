"""What can go wrong talking to Confluence.

ConfluenceError
├── ConfluenceUnavailable   unreachable, timed out, 5xx or 429 after every retry
├── ConfluenceRefused       4xx: the request itself was refused (names the reason)
│   ├── ConfluenceAuthError     401/403: the credentials or permissions
│   ├── ConfluenceNotFound      404: the page, space or property does not exist
│   └── VersionConflict         409: someone saved the page in between
└── HandEdited              the page changed in Confluence since our last sync
"""

from core.errors import JourneyOpsError


class ConfluenceError(JourneyOpsError):
    """Base of the Confluence connector's errors."""


class ConfluenceUnavailable(ConfluenceError):
    """Confluence could not be reached or kept failing; the work stays queued."""


class ConfluenceRefused(ConfluenceError):
    """Confluence refused the request (4xx)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(f"Confluence answered {status}: {message}")
        self.status = status


class ConfluenceAuthError(ConfluenceRefused):
    """401/403: check CONFLUENCE_USERNAME / CONFLUENCE_API_TOKEN and the space permissions."""


class ConfluenceNotFound(ConfluenceRefused):
    """404: the page, space or property does not exist (or is not visible)."""


class VersionConflict(ConfluenceRefused):
    """409: the page's version moved on; re-read and try again."""


class HandEdited(ConfluenceError):
    """The page was edited in Confluence since our last sync; ``--force`` overwrites it."""
