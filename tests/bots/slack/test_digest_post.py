"""Posting the digest through slack_sdk to the Slack stand-in (``slack``, from conftest),
which checks each request against Slack's published API description."""

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bots.slack.digest_post import post_digest
from sandbox.slack import SEED, RunningSandbox
from tests.bots.slack.digest_samples import digest


def client(slack: RunningSandbox) -> WebClient:
    return WebClient(token=SEED.bot_token, base_url=slack.url)


def test_every_message_is_posted_in_order(slack: RunningSandbox) -> None:
    long_digest = digest(journeys=30)

    posted = post_digest(client(slack), SEED.general, long_digest, late=True)

    messages = slack.state.chat.bot_messages(SEED.general)
    assert len(posted) > 1
    assert [m.ts for m in messages] == posted
    assert "This digest is late" in str(messages[0].blocks)
    assert all(len(m.blocks or []) <= 50 for m in messages)


def test_a_channel_the_bot_is_not_in_is_refused(slack: RunningSandbox) -> None:
    with pytest.raises(SlackApiError) as refused:
        post_digest(client(slack), SEED.random, digest())
    assert refused.value.response["error"] == "not_in_channel"
    assert slack.state.chat.bot_messages(SEED.random) == []
