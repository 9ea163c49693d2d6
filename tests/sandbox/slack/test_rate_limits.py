"""429 with Retry-After (per-method limits and one-off faults), 5xx, latency, drops."""

from __future__ import annotations

import time

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from sandbox.slack import SEED, RunningSandbox


@pytest.fixture
def patient(slack: RunningSandbox) -> WebClient:
    """The client with slack_sdk's 429 handler, as the app should build it."""
    handler = RateLimitErrorRetryHandler(max_retry_count=2)
    return WebClient(token=SEED.bot_token, base_url=slack.url, retry_handlers=[handler])


def test_post_message_limit_answers_429_with_retry_after(
    slack: RunningSandbox, client: WebClient
) -> None:
    slack.rate_limits.limit("chat.postMessage", per_seconds=30)
    client.chat_postMessage(channel=SEED.general, text="first")

    with pytest.raises(SlackApiError) as throttled:
        client.chat_postMessage(channel=SEED.general, text="second")
    client.chat_postMessage(channel=SEED.product, text="another channel has its own window")

    assert throttled.value.response.status_code == 429
    assert throttled.value.response["error"] == "ratelimited"
    assert 1 <= int(throttled.value.response.headers["Retry-After"]) <= 30
    assert [m.text for m in slack.state.chat.messages(SEED.general)] == ["first"]


def test_slack_sdks_retry_handler_waits_and_succeeds(
    slack: RunningSandbox, patient: WebClient
) -> None:
    slack.rate_limits.limit("chat.postMessage", per_seconds=1)
    patient.chat_postMessage(channel=SEED.general, text="first")

    started = time.monotonic()
    patient.chat_postMessage(channel=SEED.general, text="second")

    assert time.monotonic() - started >= 0.9
    assert [m.text for m in slack.state.chat.messages(SEED.general)] == ["first", "second"]
    assert slack.rate_limits.refused == 1


def test_a_throttle_fault_is_honoured_too(slack: RunningSandbox, patient: WebClient) -> None:
    slack.faults.throttle_next(1, retry_after=1, path_prefix="/api/chat.postMessage")

    patient.chat_postMessage(channel=SEED.general, text="after a wait")

    assert slack.state.counts()["post"] == 2
    assert len(slack.state.chat.messages(SEED.general)) == 1


def test_server_errors_reach_the_client(slack: RunningSandbox, client: WebClient) -> None:
    slack.faults.fail_next(1, status=503)

    with pytest.raises(SlackApiError) as failed:
        client.auth_test()

    assert failed.value.response.status_code == 503
    assert client.auth_test()["ok"]


def test_dropped_connections_reach_the_client(slack: RunningSandbox, client: WebClient) -> None:
    slack.faults.drop_next(1)
    assert client.auth_test()["ok"]  # slack_sdk's default handler retries one drop
    slack.faults.drop_next(2)

    with pytest.raises(OSError):
        client.auth_test()

    assert slack.state.counts()["read"] == 4


def test_latency_slows_every_call(slack: RunningSandbox, client: WebClient) -> None:
    slack.faults.set_latency(100)

    started = time.monotonic()
    client.auth_test()

    assert time.monotonic() - started >= 0.1
