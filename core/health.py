"""Health checks: what ``journeyops doctor`` asks each configured system.

A connector (``connectors/jira``, ``connectors/confluence``) or bot (``bots/slack``) offers a
``ReachabilityCheck``; the doctor runs them and prints their ``CheckResult`` rows. This module
knows no far system and imports no HTTP library.
"""

from collections import deque
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import urlsplit, urlunsplit

from core.settings import Settings

# Long enough for the innermost reason of a requests or urllib error, short enough for a table.
_MAX_REASON = 200


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one check, as a user reads it.

    Args:
        name: the check's short name (``settings``, ``database``, ``slack``, ``jira`` ...).
        ok: True when the check passed or when the system is simply not configured.
        detail: what was found, in one or two sentences; never a secret.
        fix: what to do about it, naming the variable to set or change; None when there is
            nothing to do. Never a secret.
    """

    name: str
    ok: bool
    detail: str
    fix: str | None = None


class ReachabilityCheck(Protocol):
    """Checks that one far system answers with the configured URL and credentials.

    Contract:
        - ``name`` is stable and short; it is the row's name in ``journeyops doctor``.
        - Calling the check never raises for a network, TLS, HTTP or authentication problem:
          it returns ``ok=False`` with a ``fix`` that names the variable to look at.
        - When the system is not configured, it returns ``ok=True`` and says which variables
          enable it (not configured is not a failure).
        - It never puts a secret (token, password, signing secret) in ``detail`` or ``fix``.
        - It uses short timeouts and does not retry, so ``doctor`` answers in seconds.
    """

    name: str

    def __call__(self, settings: Settings) -> CheckResult:
        """Run the check against the system ``settings`` describe.

        Args:
            settings: the validated settings.

        Returns:
            The result; see the class docstring for what is never raised.
        """
        ...


def describe_network_error(exc: BaseException) -> str:
    """The innermost human reason of a network error, e.g. ``Connection refused``.

    HTTP libraries wrap the operating system's error several times (requests ->
    urllib3 -> socket); the outer messages repeat object reprs and pool details a user
    cannot act on. This walks ``args``, ``reason``, ``__cause__`` and ``__context__``.

    Args:
        exc: the error an HTTP client raised.

    Returns:
        A short reason; never raises.
    """
    queue: deque[BaseException] = deque([exc])
    seen: set[int] = set()
    while queue:
        current = queue.popleft()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, TimeoutError):
            return "timed out"
        if isinstance(current, OSError) and current.strerror:
            return current.strerror
        related = (*current.args, getattr(current, "reason", None))
        queue.extend(item for item in related if isinstance(item, BaseException))
        queue.extend(item for item in (current.__cause__, current.__context__) if item is not None)
    text = " ".join(str(exc).split())
    if "timed out" in text.lower():
        return "timed out"
    return text[:_MAX_REASON] or type(exc).__name__


def public_url(url: str) -> str:
    """``url`` without any ``user:password@`` part, fit to show in a result or a log line.

    Args:
        url: a URL from the settings.

    Returns:
        The URL with its user information removed; never raises.
    """
    try:
        parts = urlsplit(url)
    except ValueError:
        return "<unparsable URL>"
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))
