"""Building atlassian-python-api's client the same way for Confluence and Jira."""

from collections.abc import Callable
from typing import Any

from pydantic import SecretStr

TIMEOUT_SECONDS = 30


def library_client(
    factory: Callable[..., Any],
    url: str,
    *,
    username: str | None,
    token: SecretStr | None,
    cloud: bool,
    **extra: Any,
) -> Any:
    """``factory`` (``Confluence`` or ``Jira``) for ``url``: e-mail + API token (Basic) on
    Cloud or with a username, else a Data Center personal access token (Bearer).

    The library's own retries are off: ours (``RetryingSender``) honour Retry-After and
    are capped, where the library's would wait up to 30 minutes.
    """
    secret = token.get_secret_value() if token else None
    common: dict[str, Any] = {
        "cloud": cloud,
        "timeout": TIMEOUT_SECONDS,
        "backoff_and_retry": False,
        "retry_with_header": False,
        **extra,
    }
    if cloud or username:
        return factory(url, username=username, password=secret, **common)
    return factory(url, token=secret, **common)
