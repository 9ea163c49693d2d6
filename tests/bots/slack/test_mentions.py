"""``@journeyops pain <journey>/<step>: <text>`` end to end: really signed app_mention
events from the stand-in to our served app; what it stored and what it posted."""

from __future__ import annotations

import pytest

from core.store import Store
from sandbox.slack import SEED, RunningSandbox
from tests.bots.slack.conftest import Bot, served, single_workspace
from webhooks.app import create_app


def test_a_mention_logs_a_pain_point_with_the_message_as_evidence(bot: Bot) -> None:
    delivery = bot.mention("pain ecommerce-checkout/card-entry: card form rejects spaces")

    assert delivery.status == 200 and delivery.acked
    [shown] = bot.ephemerals()
    [pain_point] = bot.pain_points()
    assert (pain_point.title, pain_point.impact) == ("card form rejects spaces", "workaround")
    assert pain_point.touchpoint is not None and pain_point.touchpoint.key == "card-entry"
    assert pain_point.stage.key == "payment"
    [evidence] = bot.evidence()
    ts = delivery.request.payload["event"]["ts"]
    assert evidence.pain_point_id == pain_point.id
    assert (evidence.kind, evidence.external_id) == ("slack_message", f"{SEED.general}:{ts}")
    assert evidence.permalink == bot.slack.state.chat.permalink(SEED.general, ts)
    assert evidence.text == (
        f"@{SEED.bot_user_id} pain ecommerce-checkout/card-entry: card form rejects spaces"
    )
    assert (evidence.author, evidence.captured_by) == ("Alice Example", SEED.alice)
    assert (shown.channel, shown.user, shown.thread_ts) == (SEED.general, SEED.alice, None)
    assert "card form rejects spaces" in shown.text
    assert bot.slack.state.chat.bot_messages() == []  # nothing public
    assert bot.events() == [
        ("workspace.slack_team_linked", "journeyops", "slack"),
        ("pain_point.created", f"slack:{SEED.alice}", "slack"),
        ("evidence.attached", f"slack:{SEED.alice}", "slack"),
    ]


def test_the_team_is_recorded_as_the_workspaces_at_first_use(bot: Bot) -> None:
    assert bot.workspaces() == {"test": None}

    bot.mention("pain ecommerce-checkout/card-entry: card form rejects spaces")
    bot.ephemerals()

    assert bot.workspaces() == {"test": SEED.team_id}


def test_names_are_forgiving_and_impact_is_read(bot: Bot) -> None:
    bot.mention("pain Ecomerce Chekout/card detials form: 3DS page never returns impact: abandon")

    bot.ephemerals()
    [pain_point] = bot.pain_points()
    assert pain_point.touchpoint is not None and pain_point.touchpoint.key == "card-entry"
    assert (pain_point.title, pain_point.impact) == ("3DS page never returns", "abandon")


def test_a_stage_named_exactly_takes_the_pain_point_as_a_whole(bot: Bot) -> None:
    bot.mention("pain ecommerce-checkout/Payment: too many steps to pay")

    bot.ephemerals()
    [pain_point] = bot.pain_points()
    assert (pain_point.stage.key, pain_point.touchpoint) == ("payment", None)


def test_help_is_answered_privately(bot: Bot) -> None:
    bot.mention("help")

    [shown] = bot.ephemerals()
    text = str(shown.blocks)
    assert "Log a pain point" in text
    assert "&lt;journey&gt;/&lt;step&gt;" in text  # the syntax, shown, not parsed as links
    assert bot.pain_points() == []


def test_what_cannot_be_read_gets_the_help_with_the_reason(bot: Bot) -> None:
    bot.mention("dance <!here> now")

    [shown] = bot.ephemerals()
    [reason, syntax] = [block["text"]["text"] for block in shown.blocks or []]
    assert reason == ":thinking_face: I don't know `dance` yet."
    assert "Log a pain point" in syntax
    assert bot.pain_points() == []


def test_an_oversized_pain_point_is_refused_with_a_message(bot: Bot) -> None:
    bot.mention("pain ecommerce-checkout/card-entry: " + "slow " * 80)

    [shown] = bot.ephemerals()
    assert "keep a pain point under 300" in str(shown.blocks)
    assert bot.pain_points() == []
    assert bot.evidence() == []


def test_user_text_is_escaped_in_everything_posted(bot: Bot) -> None:
    # What a person typed as characters reaches us entity-encoded, as Slack sends it.
    typed = "&lt;!channel&gt; &lt;@U0BOB00001&gt; fees &amp; taxes &lt;b&gt;"
    bot.mention(f"pain ecommerce-checkout/card-entry: {typed}")

    [shown] = bot.ephemerals()
    [pain_point] = bot.pain_points()
    assert pain_point.title == "<!channel> <@U0BOB00001> fees & taxes <b>"
    posted = shown.text + str(shown.blocks)
    assert "&lt;!channel&gt; &lt;@U0BOB00001&gt; fees &amp; taxes &lt;b&gt;" in posted
    for ping in ("<!channel>", "<@U0BOB00001>", "<b>"):
        assert ping not in posted


def test_a_mention_in_a_thread_is_answered_there_and_offers_the_thread(bot: Bot) -> None:
    parent = bot.say("Checkout keeps failing for me")
    bot.mention("pain ecommerce-checkout/card-entry: card declined twice", thread_ts=parent)

    [shown] = bot.ephemerals()
    assert shown.thread_ts == parent
    buttons = [e for b in shown.blocks or [] for e in b.get("elements", [])]
    capture = [e for e in buttons if e.get("action_id") == "pain_point.capture_thread"]
    assert [e["value"] for e in capture] == [parent]


def test_a_top_level_mention_offers_no_thread(bot: Bot) -> None:
    bot.mention("pain ecommerce-checkout/card-entry: card declined twice")

    [shown] = bot.ephemerals()
    assert "pain_point.capture_thread" not in str(shown.blocks)


def test_a_workspace_without_journeys_says_how_to_add_one(
    db_url: str, store: Store, slack: RunningSandbox, caplog: pytest.LogCaptureFixture
) -> None:
    app = create_app(single_workspace(db_url, slack, workspace="empty"), store)
    with served(app) as url:
        slack.events.configure(f"{url}/slack/events")
        bot = Bot(slack, store, url, caplog, workspace="empty")

        bot.mention("pain checkout/payment: slow")

        [shown] = bot.ephemerals()
    assert "no journeys in this workspace yet" in shown.text
    assert "`journeyops import`" in shown.text
    assert bot.pain_points() == []
