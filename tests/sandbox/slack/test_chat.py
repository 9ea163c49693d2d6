"""chat.* through slack_sdk: posts, threads, ephemerals, updates, permalinks, Block Kit."""

from __future__ import annotations

from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from sandbox.slack import SEED, RunningSandbox
from tests.sandbox.slack.conftest import take_violations

BUTTON = {
    "type": "actions",
    "block_id": "choices",
    "elements": [
        {
            "type": "button",
            "action_id": "set_impact",
            "value": "abandon",
            "text": {"type": "plain_text", "text": "Abandon"},
        },
    ],
}


def section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def test_post_message_stores_a_bot_message(slack: RunningSandbox, client: WebClient) -> None:
    answer = client.chat_postMessage(channel=SEED.general, text="Pain logged", blocks=[BUTTON])

    [stored] = slack.state.chat.messages(SEED.general)
    assert answer["ts"] == stored.ts
    assert answer["channel"] == SEED.general
    assert answer["message"]["bot_id"] == SEED.bot_id
    assert (stored.user, stored.bot_id, stored.text) == (
        SEED.bot_user_id,
        SEED.bot_id,
        "Pain logged",
    )
    assert stored.blocks == [BUTTON]
    assert slack.state.chat.bot_messages() == [stored]
    assert slack.state.counts()["post"] == 1


def test_blocks_without_block_id_get_one_like_slack(
    slack: RunningSandbox, client: WebClient
) -> None:
    answer = client.chat_postMessage(channel=SEED.general, text="t", blocks=[section("*hi*")])

    assert answer["message"]["blocks"][0]["block_id"]


def test_thread_replies_and_conversations_replies(slack: RunningSandbox, client: WebClient) -> None:
    parent = client.chat_postMessage(channel=SEED.general, text="parent")["ts"]
    first = client.chat_postMessage(channel=SEED.general, text="one", thread_ts=parent)["ts"]
    client.chat_postMessage(channel=SEED.general, text="two", thread_ts=first)

    thread = client.conversations_replies(channel=SEED.general, ts=parent)["messages"]
    history = client.conversations_history(channel=SEED.general)["messages"]

    assert [m["text"] for m in thread] == ["parent", "one", "two"]
    assert {m["thread_ts"] for m in thread} == {parent}
    assert thread[0]["reply_count"] == 2
    assert [m["text"] for m in history] == ["parent"]


def test_history_pages_with_cursor(slack: RunningSandbox, client: WebClient) -> None:
    for number in range(5):
        client.chat_postMessage(channel=SEED.general, text=f"m{number}")

    pages = [
        page["messages"] for page in client.conversations_history(channel=SEED.general, limit=2)
    ]

    assert [[m["text"] for m in page] for page in pages] == [["m4", "m3"], ["m2", "m1"], ["m0"]]


def test_permalinks_as_slack_makes_them(slack: RunningSandbox, client: WebClient) -> None:
    parent = client.chat_postMessage(channel=SEED.general, text="parent")["ts"]
    reply = client.chat_postMessage(channel=SEED.general, text="reply", thread_ts=parent)["ts"]
    base = f"https://{SEED.team_domain}.slack.com/archives/{SEED.general}"

    top = client.chat_getPermalink(channel=SEED.general, message_ts=parent)["permalink"]
    inner = client.chat_getPermalink(channel=SEED.general, message_ts=reply)["permalink"]

    assert top == f"{base}/p{parent.replace('.', '')}"
    assert inner == f"{base}/p{reply.replace('.', '')}?thread_ts={parent}&cid={SEED.general}"
    with pytest.raises(SlackApiError) as missing:
        client.chat_getPermalink(channel=SEED.general, message_ts="1.000001")
    assert missing.value.response["error"] == "message_not_found"


def test_ephemeral_reaches_one_member(slack: RunningSandbox, client: WebClient) -> None:
    answer = client.chat_postEphemeral(channel=SEED.general, user=SEED.alice, text="Only you")

    [shown] = slack.state.chat.ephemerals_for(SEED.alice)
    assert shown.ts == answer["message_ts"]
    assert (shown.channel, shown.text) == (SEED.general, "Only you")
    assert slack.state.chat.messages(SEED.general) == []
    assert slack.state.counts()["ephemeral"] == 1
    with pytest.raises(SlackApiError) as outsider:
        client.chat_postEphemeral(channel=SEED.product, user=SEED.bob, text="x")
    assert outsider.value.response["error"] == "user_not_in_channel"


def test_update_changes_only_the_bots_own_messages(
    slack: RunningSandbox, client: WebClient
) -> None:
    ts = client.chat_postMessage(channel=SEED.general, text="draft")["ts"]
    human = slack.state.chat.post_as_user(
        slack.state.workspace.channels[SEED.general], SEED.alice, "mine"
    )

    client.chat_update(channel=SEED.general, ts=ts, text="final", blocks=[section("final")])
    with pytest.raises(SlackApiError) as refused:
        client.chat_update(channel=SEED.general, ts=human.ts, text="hijack")

    assert slack.state.chat.find(SEED.general, ts).text == "final"
    assert refused.value.response["error"] == "cant_update_message"


def test_channel_membership_rules(slack: RunningSandbox, client: WebClient) -> None:
    with pytest.raises(SlackApiError) as not_joined:
        client.chat_postMessage(channel=SEED.random, text="hi")
    with pytest.raises(SlackApiError) as unseen:
        client.conversations_history(channel="G0NOTTHERE")

    assert not_joined.value.response["error"] == "not_in_channel"
    assert unseen.value.response["error"] == "channel_not_found"


def test_invalid_blocks_are_refused_and_recorded(slack: RunningSandbox, client: WebClient) -> None:
    header_with_mrkdwn = {"type": "header", "text": {"type": "mrkdwn", "text": "*no*"}}

    with pytest.raises(SlackApiError) as refused:
        client.chat_postMessage(channel=SEED.general, text="t", blocks=[header_with_mrkdwn])

    assert refused.value.response["error"] == "invalid_blocks"
    assert refused.value.response["errors"]
    assert slack.state.chat.messages(SEED.general) == []
    [violation] = take_violations(slack)
    assert violation["reason"] == "invalid blocks"


def test_duplicate_block_ids_are_refused(slack: RunningSandbox, client: WebClient) -> None:
    twice = [section("a") | {"block_id": "x"}, section("b") | {"block_id": "x"}]

    with pytest.raises(SlackApiError):
        client.chat_postMessage(channel=SEED.general, text="t", blocks=twice)

    assert "block_id 'x'" in take_violations(slack)[0]["detail"]


def test_a_misspelt_parameter_is_a_violation(slack: RunningSandbox, client: WebClient) -> None:
    parent = client.chat_postMessage(channel=SEED.general, text="parent")["ts"]

    with pytest.raises(SlackApiError) as refused:
        client.api_call(
            "chat.postMessage", json={"channel": SEED.general, "text": "r", "thread": parent}
        )

    assert refused.value.response["error"] == "invalid_arguments"
    assert "'thread'" in take_violations(slack)[0]["detail"]


@pytest.mark.filterwarnings("ignore:The top-level `text` argument is missing")
def test_post_without_text_or_blocks_is_no_text(client: WebClient) -> None:
    with pytest.raises(SlackApiError) as refused:
        client.chat_postMessage(channel=SEED.general)

    assert refused.value.response["error"] == "no_text"


def test_reactions_add(slack: RunningSandbox, client: WebClient) -> None:
    ts = client.chat_postMessage(channel=SEED.general, text="x")["ts"]

    client.reactions_add(channel=SEED.general, timestamp=ts, name="eyes")

    assert slack.state.chat.find(SEED.general, ts).reactions == {"eyes": [SEED.bot_user_id]}


def test_update_with_no_blocks_removes_them(slack: RunningSandbox, client: WebClient) -> None:
    ts = client.chat_postMessage(channel=SEED.general, text="x", blocks=[BUTTON])["ts"]

    client.chat_update(channel=SEED.general, ts=ts, text="done", blocks=[])

    assert slack.state.chat.find(SEED.general, ts).blocks is None
