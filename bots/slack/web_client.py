"""The slack_sdk ``WebClient`` the bot calls Slack with: SLACK_API_URL, and retries.

A 429 sleeps for its ``Retry-After`` (plus up to a second of jitter) and tries again;
500/503 and dropped connections are retried with slack_sdk's jittered backoff. These
calls run after the ack, in Bolt's listener threads, so waiting never delays an ack.
"""

from slack_sdk import WebClient
from slack_sdk.http_retry import RetryHandler
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from core.settings import Settings

TIMEOUT_SECONDS = 10
RATE_LIMIT_RETRIES = 3
SERVER_ERROR_RETRIES = 2
CONNECTION_RETRIES = 2


def retry_handlers() -> list[RetryHandler]:
    """Fresh handlers for one client: 429, then 5xx, then connection errors."""
    return [
        RateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES),
        ServerErrorRetryHandler(max_retry_count=SERVER_ERROR_RETRIES),
        ConnectionErrorRetryHandler(max_retry_count=CONNECTION_RETRIES),
    ]


def slack_web_client(settings: Settings, token: str | None = None) -> WebClient:
    """A client of the Web API at SLACK_API_URL; ``token`` may be set per request later
    (Bolt copies this client, with its retry handlers, for every request)."""
    return WebClient(
        token=token,
        base_url=settings.slack_api_url,
        timeout=TIMEOUT_SECONDS,
        retry_handlers=retry_handlers(),
    )
