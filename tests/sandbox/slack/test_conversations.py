"""conversations.info / open, users.info, team.info through slack_sdk."""

from __future__ import annotations

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from sandbox.slack import SEED, RunningSandbox


def test_conversations_info_tells_public_from_private(client: WebClient) -> None:
    general = client.conversations_info(channel=SEED.general, include_num_members=True)["channel"]
    product = client.conversations_info(channel=SEED.product)["channel"]

    assert (general["name"], general["is_channel"], general["is_private"]) == (
        "general",
        True,
        False,
    )
    assert general["num_members"] == 3
    assert general["is_member"] is True
    assert (product["is_group"], product["is_private"]) == (True, True)
    assert "num_members" not in product


def test_conversations_open_makes_one_dm_per_person(
    slack: RunningSandbox, client: WebClient
) -> None:
    first = client.conversations_open(users=SEED.alice)
    again = client.conversations_open(users=SEED.alice, return_im=True)

    dm = first["channel"]["id"]
    assert dm.startswith("D")
    assert again["channel"]["id"] == dm
    assert again["already_open"] is True
    assert again["channel"]["user"] == SEED.alice
    client.chat_postMessage(channel=dm, text="a word in private")
    assert slack.state.chat.messages(dm)[0].text == "a word in private"


def test_users_info_within_the_workspace_only(client: WebClient) -> None:
    alice = client.users_info(user=SEED.alice)["user"]

    assert (alice["id"], alice["real_name"], alice["team_id"]) == (
        SEED.alice,
        "Alice Example",
        SEED.team_id,
    )
    assert alice["profile"]["email"].startswith("alice@")
    with pytest.raises(SlackApiError) as foreign:
        client.users_info(user=SEED.other_user)
    assert foreign.value.response["error"] == "user_not_found"


def test_team_info(client: WebClient) -> None:
    team = client.team_info()["team"]

    assert (team["id"], team["domain"]) == (SEED.team_id, SEED.team_domain)
