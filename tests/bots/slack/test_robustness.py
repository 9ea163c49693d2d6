"""What Slack's delivery rules demand (issue 5 item 7): signatures, retries, unknown
teams, rate limits, events nobody listens to."""

from __future__ import annotations

import httpx

from core.services.slack_teams import link_slack_team
from sandbox.slack import SEED, SlackRequest
from tests.bots.slack.conftest import MENTION, Bot

TEXT = "pain ecommerce-checkout/card-entry: card form rejects spaces"


def test_a_retried_event_creates_nothing_new(bot: Bot) -> None:
    first = bot.mention(TEXT)
    bot.ephemerals()

    retry = bot.slack.events.retry(first)

    assert retry.status == 200
    assert retry.headers["X-Slack-Retry-Num"] == "1"
    assert bot.logged("slack.mention.duplicate")
    assert len(bot.pain_points()) == 1
    assert len(bot.evidence()) == 1
    assert len(bot.slack.state.chat.ephemerals_for(SEED.alice)) == 1


def test_a_second_copy_of_an_event_id_is_ignored_too(bot: Bot) -> None:
    first = bot.mention(TEXT)
    bot.ephemerals()

    copy = bot.slack.events.send(first.request)  # same body, no retry header

    assert copy.status == 200
    assert bot.logged("slack.mention.duplicate")
    assert len(bot.pain_points()) == 1


def test_bad_and_stale_signatures_are_refused_and_change_nothing(bot: Bot) -> None:
    request = bot.slack.events.user_message(SEED.alice, SEED.general, f"{MENTION} {TEXT}")
    bot.slack.state.clear_requests()

    wrong = bot.slack.events.send(request, secret="not-the-signing-secret")
    stale = bot.slack.events.send(request, stale=True)
    unsigned = httpx.post(
        f"{bot.url}/slack/events", content=request.body(), headers={"X-Slack-Retry-Num": "0"}
    )

    assert (wrong.status, stale.status, unsigned.status_code) == (401, 401, 401)
    assert bot.pain_points() == []
    assert bot.slack.state.requests == []  # not even auth.test: nothing ran
    assert bot.workspaces()["test"] is None


def test_url_verification_echoes_the_challenge(bot: Bot) -> None:
    delivery = bot.slack.events.send(bot.slack.events.url_verification("chall-3nge"))

    assert delivery.status == 200
    assert delivery.effect == "challenge echoed"


def test_an_event_from_a_team_we_do_not_serve_changes_nothing(bot: Bot) -> None:
    request = bot.slack.events.user_message(
        SEED.other_user, SEED.other_general, f"{MENTION} {TEXT}"
    )
    request.payload["event"]["text"] = f"<@{SEED.bot_user_id}> {TEXT}"

    delivery = bot.slack.events.send(request)

    assert delivery.status == 200
    assert "slack.team.unknown" in bot.caplog.messages
    assert bot.pain_points() == []
    assert bot.evidence() == []
    assert bot.events() == []
    assert bot.slack.state.chat.ephemerals_for() == []
    assert bot.workspaces() == {"test": None}


def test_a_429_from_chat_post_ephemeral_is_retried_after_retry_after(bot: Bot) -> None:
    bot.slack.faults.throttle_next(1, retry_after=1, path_prefix="/api/chat.postEphemeral")

    delivery = bot.mention(TEXT)

    assert delivery.acked  # the wait happens after the ack
    [shown] = bot.ephemerals()
    assert "card form rejects spaces" in shown.text
    posts = [r for r in bot.slack.state.requests if r.path == "/api/chat.postEphemeral"]
    assert len(posts) == 2


def test_events_no_feature_takes_are_acknowledged(bot: Bot) -> None:
    opened = bot.slack.events.send(bot.slack.events.app_home_opened(SEED.alice))
    said = bot.slack.events.send(bot.slack.events.user_message(SEED.bob, SEED.general, "hi"))

    assert (opened.status, said.status) == (200, 200)
    assert bot.pain_points() == []


def bot_mention(bot: Bot, bot_id: str, user: str) -> SlackRequest:
    """An app_mention posted by a bot (``bot_id``, bot user ``user``): what Slack sends
    when an integration mentions us."""
    posted = bot.slack.state.chat.post_as_bot(
        bot.slack.state.workspace.teams[SEED.team_id],
        bot.slack.state.workspace.channels[SEED.general],
        f"{MENTION} {TEXT}",
    )
    request = bot.slack.events.message_event(SEED.general, posted.ts)
    request.payload["event"].update(type="app_mention", bot_id=bot_id, user=user)
    request.payload["event"].pop("channel_type", None)
    return request


def test_the_bots_own_mentions_are_ignored(bot: Bot) -> None:
    delivery = bot.slack.events.send(bot_mention(bot, SEED.bot_id, SEED.bot_user_id))
    bot.mention(TEXT)  # a person's mention after it, to wait for
    bot.ephemerals()

    assert delivery.status == 200
    assert len(bot.pain_points()) == 1
    assert len(bot.slack.state.chat.ephemerals_for()) == 1


def test_other_bots_mentions_are_ignored(bot: Bot) -> None:
    delivery = bot.slack.events.send(bot_mention(bot, "B0ZENDESK1", "U0ZENDESK1"))

    assert delivery.status == 200
    assert bot.logged("slack.mention.from_bot")
    assert bot.pain_points() == []
    assert bot.slack.state.chat.ephemerals_for() == []


def test_an_oversized_body_is_refused_unread(bot: Bot) -> None:
    answer = httpx.post(f"{bot.url}/slack/events", content=b"x" * (1024 * 1024 + 1))

    assert answer.status_code == 413


def test_a_team_linked_to_another_workspace_is_not_served_here(bot: Bot) -> None:
    with bot.store.unit_of_work("elsewhere") as uow:
        link_slack_team(uow, SEED.team_id)

    delivery = bot.mention(TEXT)

    assert delivery.status == 200
    assert bot.logged("slack.team.linked_elsewhere")
    assert bot.pain_points() == []
    assert bot.slack.state.chat.ephemerals_for() == []
    assert bot.workspaces() == {"elsewhere": SEED.team_id, "test": None}
