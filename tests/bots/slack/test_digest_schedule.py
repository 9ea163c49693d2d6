"""The scheduled digest through the Slack stand-in: once per workspace and period, with
two schedulers on one database, a scheduler that died mid-run, a clock moved across a
missed week (one late digest that says so), the workspace's time zone, and Slack
refusing the channel."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from bots.slack.digest_schedule import JOB
from core.model import JobRun
from core.services.job_ledger import claim, save_progress
from core.services.workspace_settings import update_workspace
from core.store import Store
from sandbox.slack import SEED
from tests.bots.slack.conftest import WORKSPACE, Bot, single_workspace
from webhooks.runtime import Runtime
from webhooks.scheduler import DIGEST_JOB, build_scheduler, send_digests

MONDAY = datetime(2026, 11, 30, 9, 5, tzinfo=UTC)  # the default schedule: Mondays 09:00
PERIOD = "2026-11-23T09:00:00+00:00/2026-11-30T09:00:00+00:00"


def digest_to(bot: Bot, channel: str = SEED.general, **more: str) -> None:
    with bot.store.unit_of_work(WORKSPACE) as uow:
        update_workspace(uow, digest_channel=channel, **more)


def runtime(bot: Bot, db_url: str, store: Store | None = None) -> Runtime:
    return Runtime(single_workspace(db_url, bot.slack), store or bot.store)


def digests(bot: Bot) -> list[str]:
    return [m.text for m in bot.slack.state.chat.bot_messages(SEED.general)]


def runs(bot: Bot) -> list[tuple[str, str, int]]:
    with bot.store.unit_of_work(WORKSPACE) as uow:
        rows = uow.session.execute(
            select(JobRun.period, JobRun.state, JobRun.attempts)
            .where(JobRun.job == JOB)
            .order_by(JobRun.id)
        )
        return [(period, state, attempts) for period, state, attempts in rows]


def test_each_period_is_posted_once_however_many_schedulers_run(bot: Bot, db_url: str) -> None:
    digest_to(bot)
    rt = runtime(bot, db_url)
    assert DIGEST_JOB in [job.id for job in build_scheduler(rt).get_jobs()]

    assert send_digests(rt, MONDAY) == 1
    assert send_digests(rt, MONDAY + timedelta(minutes=1)) == 0
    second = Store(db_url)
    assert send_digests(runtime(bot, db_url, second), MONDAY + timedelta(minutes=2)) == 0
    second.dispose()

    [posted] = digests(bot)
    assert posted.startswith("Journey digest for")
    assert "This digest is late" not in str(
        bot.slack.state.chat.bot_messages(SEED.general)[0].blocks
    )
    assert runs(bot) == [(PERIOD, "done", 1)]
    assert send_digests(rt, MONDAY + timedelta(days=7)) == 1  # the next period
    assert len(digests(bot)) == 2


def test_a_missed_week_sends_the_last_period_once_and_says_it_is_late(
    bot: Bot, db_url: str
) -> None:
    digest_to(bot)
    rt = runtime(bot, db_url)
    send_digests(rt, MONDAY)

    back = MONDAY + timedelta(days=9, hours=3)  # down from Monday to Wednesday a week later
    assert send_digests(rt, back) == 1
    assert send_digests(rt, back + timedelta(minutes=1)) == 0

    late = bot.slack.state.chat.bot_messages(SEED.general)[-1]
    assert "This digest is late:" in str(late.blocks)
    assert "Mon 30 Nov 2026 09:00 to Mon 07 Dec 2026 09:00 (UTC)" in str(late.blocks)
    assert [state for _, state, _ in runs(bot)] == ["done", "done"]


def test_a_run_whose_scheduler_died_is_taken_over_after_its_lease(bot: Bot, db_url: str) -> None:
    digest_to(bot)
    assert claim(bot.store, WORKSPACE, JOB, PERIOD, now=MONDAY, owner="dead-host:1")
    rt = runtime(bot, db_url)

    assert send_digests(rt, MONDAY + timedelta(minutes=5)) == 0
    assert digests(bot) == []
    assert send_digests(rt, MONDAY + timedelta(minutes=16)) == 1
    assert len(digests(bot)) == 1
    assert runs(bot) == [(PERIOD, "done", 2)]


def test_messages_posted_before_a_crash_are_not_posted_again(bot: Bot, db_url: str) -> None:
    digest_to(bot)
    held = claim(bot.store, WORKSPACE, JOB, PERIOD, now=MONDAY, owner="dead-host:1")
    assert held is not None
    held.progress["posted"] = ["1796029500.000100"]  # the digest's one message went out
    save_progress(bot.store, held)

    assert send_digests(runtime(bot, db_url), MONDAY + timedelta(minutes=16)) == 1

    assert digests(bot) == []
    assert runs(bot) == [(PERIOD, "done", 2)]


def test_the_workspace_time_zone_sets_when_the_period_ends(bot: Bot, db_url: str) -> None:
    digest_to(bot, timezone="Europe/Berlin")  # Mondays 09:00 in Berlin: 08:00 UTC
    rt = runtime(bot, db_url)

    assert send_digests(rt, datetime(2026, 11, 30, 7, 30, tzinfo=UTC)) == 0
    assert send_digests(rt, datetime(2026, 11, 30, 8, 5, tzinfo=UTC)) == 1

    [(period, _, _)] = runs(bot)
    assert period == "2026-11-23T09:00:00+01:00/2026-11-30T09:00:00+01:00"


def test_a_channel_slack_refuses_is_tried_again_after_a_back_off(bot: Bot, db_url: str) -> None:
    digest_to(bot, channel="C0NOSUCH01")
    rt = runtime(bot, db_url)

    assert send_digests(rt, MONDAY) == 0
    assert send_digests(rt, MONDAY + timedelta(minutes=1)) == 0  # backing off
    digest_to(bot)  # fixed: the digest goes to a channel the bot is in
    assert send_digests(rt, MONDAY + timedelta(minutes=3)) == 1

    assert len(digests(bot)) == 1
    assert runs(bot) == [(PERIOD, "done", 2)]


def test_no_digest_channel_no_digest(bot: Bot, db_url: str) -> None:
    assert send_digests(runtime(bot, db_url), MONDAY) == 0
    assert runs(bot) == []
