"""Where the API lives (for ``self`` links) and which representation to answer with."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime


@dataclass(frozen=True)
class Site:
    """``base``: server root plus any context path; ``version``: 2 (wiki) or 3 (ADF)."""

    base: str
    cloud: bool
    version: int

    def api(self, path: str) -> str:
        return f"{self.base}/rest/api/{self.version}/{path.lstrip('/')}"

    def at_version(self, version: int) -> Site:
        return replace(self, version=version)


def jira_time(moment: datetime) -> str:
    """A time stamp as Jira writes it: ``2024-01-15T10:30:00.000+0000``."""
    return (
        moment.strftime("%Y-%m-%dT%H:%M:%S.")
        + f"{moment.microsecond // 1000:03d}"
        + (moment.strftime("%z") or "+0000")
    )
