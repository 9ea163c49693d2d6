"""Review reminders end to end through the Slack stand-in: the owner of a journey past its
review cadence gets one direct message per cadence (however many schedulers run), found
by name, e-mail or user id; "Mark reviewed" resets the cadence."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select, update

from bots.slack.people import find_person
from bots.slack.review_reminders import JOB, MARK_REVIEWED
from bots.slack.web_client import slack_web_client
from core.model import JobRun, Journey
from core.services.journeys import update_journey
from core.store import Store
from sandbox.slack import SEED
from sandbox.slack.model import Message
from tests.bots.slack.conftest import WORKSPACE, Bot, single_workspace
from tests.sandbox.slack.conftest import eventually
from webhooks.runtime import Runtime
from webhooks.scheduler import REVIEWS_JOB, build_scheduler, send_review_reminders

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
JOURNEY = "ecommerce-checkout"


def due_for_review(bot: Bot, owner: str, reviewed: date = date(2026, 10, 1)) -> None:
    with bot.store.unit_of_work(WORKSPACE) as uow:
        update_journey(
            uow,
            JOURNEY,
            owner=owner,
            status="active",
            review_cadence_days=30,
            last_reviewed=reviewed,
        )


def runtime(bot: Bot, db_url: str, store: Store | None = None) -> Runtime:
    return Runtime(single_workspace(db_url, bot.slack), store or bot.store)


def direct_messages(bot: Bot, user: str = SEED.bob) -> list[Message]:
    with bot.slack.state.lock:
        dms = [
            c.id
            for c in bot.slack.state.workspace.channels.values()
            if c.kind == "im" and c.dm_user == user
        ]
    return [m for dm in dms for m in bot.slack.state.chat.bot_messages(dm)]


def test_the_owner_gets_one_reminder_per_cadence(bot: Bot, db_url: str) -> None:
    due_for_review(bot, "Bob Example")
    rt = runtime(bot, db_url)
    assert REVIEWS_JOB in [job.id for job in build_scheduler(rt).get_jobs()]

    assert send_review_reminders(rt, NOW) == 1
    assert send_review_reminders(rt, NOW + timedelta(hours=1)) == 0
    other = Store(db_url)  # a second scheduler on the same database
    assert send_review_reminders(runtime(bot, db_url, other), NOW) == 0
    other.dispose()

    [reminder] = direct_messages(bot)
    shown = str(reminder.blocks)
    assert "Time to review Northwind Outfitters mobile checkout" in shown
    assert "reviewed every 30 days, last on 2026-10-01, so it was due on 2026-10-31" in shown
    assert MARK_REVIEWED in shown


def test_mark_reviewed_resets_the_cadence_and_the_next_one_reminds_again(
    bot: Bot, db_url: str
) -> None:
    due_for_review(bot, "Bob Example")
    rt = runtime(bot, db_url)
    send_review_reminders(rt, NOW)
    [reminder] = direct_messages(bot)

    request = bot.slack.events.block_action(
        SEED.bob, MARK_REVIEWED, channel_id=reminder.channel, message_ts=reminder.ts, value=JOURNEY
    )
    assert bot.slack.events.send(request).acked

    assert eventually(lambda: "marked reviewed" in direct_messages(bot)[0].text)
    with bot.store.unit_of_work(WORKSPACE) as uow:
        journey = uow.session.scalars(select(Journey).where(Journey.key == JOURNEY)).one()
        reviewed = journey.last_reviewed
    assert reviewed is not None and reviewed >= NOW.date()
    assert ("journey.updated", f"slack:{SEED.bob}", "slack") in bot.events()
    assert send_review_reminders(rt, datetime.combine(reviewed, NOW.timetz())) == 0
    later = datetime.combine(reviewed + timedelta(days=31), NOW.timetz())
    assert send_review_reminders(rt, later) == 1
    assert len(direct_messages(bot)) == 2


@pytest.mark.parametrize("owner", [SEED.bob, f"<@{SEED.bob}>", "bob@journeyops-sandbox.example"])
def test_the_owner_can_be_named_by_id_or_email(bot: Bot, db_url: str, owner: str) -> None:
    due_for_review(bot, owner)

    assert send_review_reminders(runtime(bot, db_url), NOW) == 1
    assert len(direct_messages(bot)) == 1


def test_an_owner_slack_does_not_know_is_recorded_not_guessed(bot: Bot, db_url: str) -> None:
    due_for_review(bot, "Jonas Weber")

    assert send_review_reminders(runtime(bot, db_url), NOW) == 0

    assert bot.logged("slack.review.no_owner")
    with bot.store.unit_of_work(WORKSPACE) as uow:
        run = uow.session.execute(select(JobRun.state, JobRun.detail).where(JobRun.job == JOB))
        assert list(run) == [("done", "owner 'Jonas Weber' not found in Slack")]
    assert bot.slack.state.chat.bot_messages() == []


def test_a_journey_reviewed_in_time_or_archived_is_left_alone(bot: Bot, db_url: str) -> None:
    due_for_review(bot, "Bob Example", reviewed=NOW.date() - timedelta(days=10))
    assert send_review_reminders(runtime(bot, db_url), NOW) == 0
    due_for_review(bot, "Bob Example")
    with bot.store.unit_of_work(WORKSPACE) as uow:
        update_journey(uow, JOURNEY, status="archived")
    assert send_review_reminders(runtime(bot, db_url), NOW) == 0


def test_a_name_two_people_share_finds_no_one(bot: Bot) -> None:
    client = slack_web_client(single_workspace("sqlite://", bot.slack), SEED.bot_token)
    assert find_person(client, "bob example") == SEED.bob  # case does not matter
    bot.slack.state.workspace.add_user(SEED.team_id, "U0BOB00002", "bob2", real_name="Bob Example")

    assert find_person(client, "Bob Example") is None
    assert find_person(client, "nobody@example.com") is None


def test_mark_reviewed_on_a_journey_gone_since_says_so(bot: Bot, db_url: str) -> None:
    due_for_review(bot, "Bob Example")
    send_review_reminders(runtime(bot, db_url), NOW)
    [reminder] = direct_messages(bot)
    with bot.store.unit_of_work(WORKSPACE) as uow:
        # Renamed (a journey another one improves cannot simply be deleted).
        uow.session.execute(update(Journey).where(Journey.key == JOURNEY).values(key="renamed"))

    request = bot.slack.events.block_action(
        SEED.bob, MARK_REVIEWED, channel_id=reminder.channel, message_ts=reminder.ts, value=JOURNEY
    )
    assert bot.slack.events.send(request).acked

    assert eventually(lambda: "no longer exists" in direct_messages(bot)[0].text)
    assert "journey.updated" not in [action for action, _, _ in bot.events()]
