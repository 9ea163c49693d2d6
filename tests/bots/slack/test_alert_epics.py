"""The alert's "Create a Jira epic" button end to end: a click through the Slack stand-in
gives the pain point an opportunity and, with Jira configured, makes its epic in the Jira
stand-in; the person who clicked is answered privately."""

from collections.abc import Iterator

import pytest
from sqlalchemy import delete, select

from bots.slack.alerts import EPIC_REQUESTED
from bots.slack.blocks.alert import CREATE_EPIC
from core.model import Link, Opportunity, OpportunityPainPoint, PainPoint
from core.store import Store
from sandbox.jira import RunningSandbox as JiraSandbox
from sandbox.jira import serve_jira
from sandbox.slack import SEED
from sandbox.slack.model import Ephemeral, Message
from tests.bots.slack.conftest import WORKSPACE, Bot, served, single_workspace
from tests.bots.slack.test_alerts import ABANDON, alerts, mention_answered, set_alert_channel
from webhooks.app import create_app

JIRA_TOKEN = "sandbox-jira-token-1234"


@pytest.fixture
def jira() -> Iterator[JiraSandbox]:
    with serve_jira(flavour="cloud", api_token=JIRA_TOKEN, project_key="CX") as running:
        yield running
        assert running.state.violations == [], "a request Jira would refuse"


@pytest.fixture
def jira_bot(bot: Bot, db_url: str, store: Store, jira: JiraSandbox) -> Iterator[Bot]:
    """The bot served with Jira configured (the stand-in's project CX)."""
    settings = single_workspace(
        db_url,
        bot.slack,
        jira_url=jira.url,
        jira_username="cx@example.com",
        jira_api_token=JIRA_TOKEN,
        jira_cloud=True,
        jira_project="CX",
        jira_rate_limit=0,
    )
    with served(create_app(settings, store)) as url:
        bot.slack.events.configure(f"{url}/slack/events")
        yield Bot(bot.slack, store, url, bot.caplog)


def click_epic(bot: Bot, alert: Message) -> Ephemeral:
    request = bot.slack.events.block_action(
        SEED.bob, CREATE_EPIC, channel_id=alert.channel, message_ts=alert.ts
    )
    assert bot.slack.events.send(request).acked
    [answer] = bot.ephemerals(user=SEED.bob)
    return answer


def opportunities_of(store: Store, pain_point_id: int) -> list[tuple[str, str]]:
    with store.unit_of_work(WORKSPACE) as uow:
        rows = uow.session.execute(
            select(Opportunity.key, Opportunity.title)
            .join(OpportunityPainPoint, OpportunityPainPoint.opportunity_id == Opportunity.id)
            .where(OpportunityPainPoint.pain_point_id == pain_point_id)
        )
        return [(key, title) for key, title in rows]


def epic_links(store: Store) -> dict[str, str]:
    with store.unit_of_work(WORKSPACE) as uow:
        rows = uow.session.execute(
            select(Opportunity.key, Link.external_id).join(
                Link, (Link.record_id == Opportunity.id) & (Link.record_type == "opportunity")
            )
        )
        return {key: issue for key, issue in rows}


def test_without_jira_the_click_adds_an_opportunity_and_says_how_to_make_the_epic(
    bot: Bot,
) -> None:
    set_alert_channel(bot, SEED.general)
    mention_answered(bot, ABANDON)
    [alert] = alerts(bot)

    answer = click_epic(bot, alert)

    [pain_point] = bot.pain_points()
    [(key, title)] = opportunities_of(bot.store, pain_point.id)
    assert title == "3DS page never returns"
    assert f"opportunity `{key}`" in answer.text
    assert "journeyops sync jira ecommerce-checkout" in answer.text
    assert "JIRA_URL" in answer.text
    assert (EPIC_REQUESTED, f"slack:{SEED.bob}", "slack") in bot.events()


def test_with_jira_the_click_makes_the_epic_and_links_it(jira_bot: Bot, jira: JiraSandbox) -> None:
    set_alert_channel(jira_bot, SEED.general)
    mention_answered(jira_bot, ABANDON)
    [alert] = alerts(jira_bot)

    answer = click_epic(jira_bot, alert)

    [pain_point] = jira_bot.pain_points()
    [(key, _)] = opportunities_of(jira_bot.store, pain_point.id)
    issue_key = epic_links(jira_bot.store)[key]
    epic = jira.state.issue(issue_key)
    assert epic.summary == "3DS page never returns"
    assert epic.issue_type.name == "Epic"
    # Only that opportunity: the journey's other opportunities are not published.
    assert [i.key for i in jira.state.live_issues()] == [issue_key]
    assert f"<{jira.url}/browse/{issue_key}|{issue_key}>" in answer.text
    assert jira_bot.logged("slack.epic.made")


def test_a_second_click_reuses_the_opportunity_and_its_epic(
    jira_bot: Bot, jira: JiraSandbox
) -> None:
    set_alert_channel(jira_bot, SEED.general)
    mention_answered(jira_bot, ABANDON)
    [alert] = alerts(jira_bot)
    click_epic(jira_bot, alert)
    epics_before = len(jira.state.live_issues())

    request = jira_bot.slack.events.block_action(
        SEED.bob, CREATE_EPIC, channel_id=alert.channel, message_ts=alert.ts
    )
    jira_bot.slack.events.send(request)
    second = jira_bot.ephemerals(count=2, user=SEED.bob)[1]

    [pain_point] = jira_bot.pain_points()
    assert len(opportunities_of(jira_bot.store, pain_point.id)) == 1
    assert len(jira.state.live_issues()) == epics_before
    assert ":white_check_mark:" in second.text


def test_jira_refusing_the_epic_is_said_and_the_opportunity_stays(
    jira_bot: Bot, jira: JiraSandbox
) -> None:
    set_alert_channel(jira_bot, SEED.general)
    mention_answered(jira_bot, ABANDON)
    [alert] = alerts(jira_bot)
    jira.faults.fail_next(count=20, status=400, method="POST", path_prefix="/rest/api/3/issue")

    answer = click_epic(jira_bot, alert)

    [pain_point] = jira_bot.pain_points()
    [(key, _)] = opportunities_of(jira_bot.store, pain_point.id)
    assert ":warning:" in answer.text and f"`{key}`" in answer.text
    assert "journeyops sync jira ecommerce-checkout" in answer.text
    assert key not in epic_links(jira_bot.store)


def test_a_click_on_a_deleted_pain_points_alert_says_so_and_makes_nothing(bot: Bot) -> None:
    set_alert_channel(bot, SEED.general)
    mention_answered(bot, ABANDON)
    [alert] = alerts(bot)
    [pain_point] = bot.pain_points()
    with bot.store.unit_of_work(WORKSPACE) as uow:
        uow.session.execute(delete(PainPoint).where(PainPoint.id == pain_point.id))

    answer = click_epic(bot, alert)

    assert "no longer exists" in answer.text and "no epic was made" in answer.text
    assert opportunities_of(bot.store, pain_point.id) == []
