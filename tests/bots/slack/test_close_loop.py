"""Closing the loop end to end: a pain point logged by mention through the stand-in, with
a second Slack thread as evidence, has its fix shipped; the bot asks in each thread, once,
and an answer clicked in the stand-in becomes evidence."""

from __future__ import annotations

from sqlalchemy import select, update

from bots.slack.close_loop import FIXED, LOOP_ASKED, STILL_HAPPENING, ask_shipped_fixes
from bots.slack.web_client import slack_web_client
from core.enums import EvidenceKind, Origin, PainStatus, RecordType
from core.model import Event, Evidence, PainPoint, Workspace
from core.services.evidence import EvidenceInput, attach_evidence
from sandbox.slack import SEED
from sandbox.slack.model import Message
from tests.bots.slack.conftest import WORKSPACE, Bot, single_workspace
from webhooks.runtime import Runtime
from webhooks.scheduler import CLOSE_LOOP_JOB, ask_about_shipped_fixes, build_scheduler


def logged_with_two_threads(bot: Bot) -> tuple[int, list[str]]:
    """A pain point logged by mention in a thread, plus a message elsewhere in #general
    as evidence; its id and the two thread roots."""
    parent = bot.say("Checkout keeps failing for me")
    bot.mention("pain ecommerce-checkout/card-entry: card declined twice", thread_ts=parent)
    assert bot.logged("slack.mention.answered")
    [pain_point] = bot.pain_points()
    other = bot.say("same problem with my card")
    with bot.store.unit_of_work(WORKSPACE, actor="slack:U0BOB", origin=Origin.SLACK) as uow:
        row = uow.session.scalar(select(PainPoint).where(PainPoint.id == pain_point.id))
        assert row is not None
        proof = EvidenceInput(
            EvidenceKind.SLACK_MESSAGE,
            "same problem with my card",
            source="slack",
            external_id=f"{SEED.general}:{other}",
        )
        attach_evidence(uow, row, proof)
    return pain_point.id, [parent, other]


def ship_fix(bot: Bot, pain_point_id: int) -> None:
    """What a Jira webhook or the status pull records when the epic is done."""
    with bot.store.unit_of_work(WORKSPACE, actor="jira", origin=Origin.JIRA) as uow:
        row = uow.session.scalar(select(PainPoint).where(PainPoint.id == pain_point_id))
        assert row is not None
        row.status = PainStatus.FIX_SHIPPED.value
        uow.record(
            "pain_point.fix_shipped",
            RecordType.PAIN_POINT,
            row.id,
            journey_id=row.journey_id,
            data={"issue": "SHOP-1", "from": "in_progress"},
        )


def ask(bot: Bot, db_url: str, **more: object) -> int:
    settings = single_workspace(db_url, bot.slack, **more)
    client = slack_web_client(settings, SEED.bot_token)
    return ask_shipped_fixes(bot.store, settings, client)


def questions(bot: Bot) -> list[Message]:
    return [m for m in bot.slack.state.chat.bot_messages(SEED.general) if m.thread_ts]


def test_a_shipped_fix_is_asked_once_in_each_evidence_thread(bot: Bot, db_url: str) -> None:
    pain_point_id, threads = logged_with_two_threads(bot)
    assert ask(bot, db_url) == 0  # nothing shipped yet

    ship_fix(bot, pain_point_id)

    assert ask(bot, db_url) == 2
    asked = questions(bot)
    assert sorted(m.thread_ts or "" for m in asked) == sorted(threads)
    for message in asked:
        assert "card declined twice" in str(message.blocks)
        ids = [e["action_id"] for b in message.blocks or [] for e in b.get("elements", [])]
        assert ids == [FIXED, STILL_HAPPENING]
    assert ask(bot, db_url) == 0  # asked once per thread per fix
    assert len(questions(bot)) == 2
    with bot.store.unit_of_work(WORKSPACE) as uow:
        count = len(list(uow.session.scalars(select(Event.id).where(Event.action == LOOP_ASKED))))
    assert count == 2


def test_an_answer_becomes_evidence_of_the_person_who_clicked(bot: Bot, db_url: str) -> None:
    pain_point_id, threads = logged_with_two_threads(bot)
    ship_fix(bot, pain_point_id)
    ask(bot, db_url)
    [question] = [m for m in questions(bot) if m.thread_ts == threads[0]]

    request = bot.slack.events.block_action(
        SEED.bob, STILL_HAPPENING, channel_id=question.channel, message_ts=question.ts
    )
    assert bot.slack.events.send(request).acked
    assert bot.logged("slack.loop.answered")

    with bot.store.unit_of_work(WORKSPACE) as uow:
        [answer] = uow.session.scalars(
            select(Evidence).where(
                Evidence.pain_point_id == pain_point_id,
                Evidence.kind == EvidenceKind.SURVEY.value,
            )
        )
        assert (answer.text, answer.captured_by, answer.sentiment) == (
            "Still happening",
            SEED.bob,
            -1,
        )
        assert answer.solicited is True
    [thanks] = bot.ephemerals(user=SEED.bob)
    assert "Still happening" in thanks.text
    assert ("evidence.attached", f"slack:{SEED.bob}", "slack") in bot.events()


def test_the_setting_turns_it_off(bot: Bot, db_url: str) -> None:
    pain_point_id, _ = logged_with_two_threads(bot)
    ship_fix(bot, pain_point_id)

    assert ask(bot, db_url, journeyops_close_the_loop=False) == 0
    assert questions(bot) == []


def test_a_workspace_can_turn_it_off_for_itself(bot: Bot, db_url: str) -> None:
    pain_point_id, _ = logged_with_two_threads(bot)
    ship_fix(bot, pain_point_id)
    with bot.store.unit_of_work(WORKSPACE) as uow:
        uow.session.execute(
            update(Workspace).where(Workspace.id == uow.workspace_id).values(close_the_loop=False)
        )

    assert ask(bot, db_url) == 0
    assert questions(bot) == []


def test_the_scheduler_asks_every_minute_in_the_one_workspace_mode(bot: Bot, db_url: str) -> None:
    on = Runtime(single_workspace(db_url, bot.slack), bot.store)
    off = Runtime(single_workspace(db_url, bot.slack, journeyops_close_the_loop=False), bot.store)
    assert CLOSE_LOOP_JOB in [job.id for job in build_scheduler(on).get_jobs()]
    assert CLOSE_LOOP_JOB not in [job.id for job in build_scheduler(off).get_jobs()]

    pain_point_id, _ = logged_with_two_threads(bot)
    ship_fix(bot, pain_point_id)

    assert ask_about_shipped_fixes(on) == 2
    assert ask_about_shipped_fixes(on) == 0
