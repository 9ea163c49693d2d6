"""Alerts end to end: a mention through the stand-in logs a pain point, the bot posts the
alerts that became due to the workspace's alert channel, once; what the stand-in got."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update

from bots.slack.alerts import ALERT_POSTED
from bots.slack.blocks.alert import CREATE_EPIC
from core.enums import EvidenceKind, Origin
from core.model import Event, PainPoint, Workspace
from core.services.evidence import EvidenceInput, attach_evidence
from sandbox.slack import SEED
from sandbox.slack.model import Message
from tests.bots.slack.conftest import WORKSPACE, Bot, single_workspace
from webhooks.runtime import Runtime
from webhooks.scheduler import ALERTS_JOB, build_scheduler, post_alerts

ALERTS = SEED.general
ABANDON = "pain ecommerce-checkout/card-entry: 3DS page never returns impact: abandon"


def set_alert_channel(bot: Bot, channel: str | None) -> None:
    with bot.store.unit_of_work(WORKSPACE) as uow:
        uow.session.execute(
            update(Workspace).where(Workspace.id == uow.workspace_id).values(alert_channel=channel)
        )


def scan(bot: Bot, db_url: str) -> int:
    """One scan, as the scheduler runs it (its job, in every workspace Slack reaches)."""
    return post_alerts(Runtime(single_workspace(db_url, bot.slack), bot.store))


def mention_answered(bot: Bot, text: str, count: int = 1) -> None:
    bot.mention(text)
    # Logged after the alerts the mention made due were posted.
    assert bot.logged("slack.mention.answered", count)


def alerts(bot: Bot) -> list[Message]:
    return bot.slack.state.chat.bot_messages(ALERTS)


def texts(message: Message) -> str:
    return str(message.blocks) + message.text


def buttons(message: Message) -> list[dict[str, Any]]:
    return [e for b in message.blocks or [] for e in b.get("elements", []) if "action_id" in e]


def add_evidence(bot: Bot, pain_point_id: int, count: int, start: int = 0) -> None:
    with bot.store.unit_of_work(WORKSPACE, actor="slack:U0BOB", origin=Origin.SLACK) as uow:
        pain_point = uow.session.scalar(select(PainPoint).where(PainPoint.id == pain_point_id))
        assert pain_point is not None
        for n in range(start, start + count):
            proof = EvidenceInput(
                EvidenceKind.SLACK_MESSAGE, f"same here #{n}", source="slack", external_id=f"C:{n}"
            )
            attach_evidence(uow, pain_point, proof)


def alert_events(bot: Bot) -> list[dict[str, Any]]:
    with bot.store.unit_of_work(WORKSPACE) as uow:
        return list(uow.session.scalars(select(Event.data).where(Event.action == ALERT_POSTED)))


def test_a_new_abandon_pain_point_posts_one_alert(bot: Bot, db_url: str) -> None:
    set_alert_channel(bot, ALERTS)

    mention_answered(bot, ABANDON)

    [alert] = alerts(bot)
    [pain_point] = bot.pain_points()
    shown = texts(alert)
    for part in ("Northwind Outfitters mobile checkout", "3DS page never returns", "abandon"):
        assert part.lower() in shown.lower()
    assert "Evidence: *1*" in shown
    assert ">@" in shown  # the latest quote: the mention's own text
    assert [b["value"] for b in buttons(alert) if b["action_id"] == CREATE_EPIC] == [
        str(pain_point.id)
    ]
    assert alert_events(bot) == [{"crossing": "abandon", "channel": ALERTS}]
    assert scan(bot, db_url) == 0  # a later scan finds it alerted
    assert len(alerts(bot)) == 1


def test_the_fifth_evidence_in_the_window_alerts_once(bot: Bot, db_url: str) -> None:
    set_alert_channel(bot, ALERTS)
    mention_answered(bot, "pain ecommerce-checkout/card-entry: card form rejects spaces")
    [pain_point] = bot.pain_points()

    add_evidence(bot, pain_point.id, 3)
    assert scan(bot, db_url) == 0  # four pieces
    add_evidence(bot, pain_point.id, 1, start=3)
    assert scan(bot, db_url) == 1  # the fifth
    add_evidence(bot, pain_point.id, 1, start=4)
    assert scan(bot, db_url) == 0  # the sixth: the same crossing

    [alert] = alerts(bot)
    assert "Evidence: *5*" in texts(alert) and "same here #3" in texts(alert)
    assert alert_events(bot) == [{"crossing": "evidence_threshold", "channel": ALERTS}]


def test_the_scheduler_scans_for_alerts(bot: Bot, db_url: str) -> None:
    rt = Runtime(single_workspace(db_url, bot.slack), bot.store)
    assert ALERTS_JOB in [job.id for job in build_scheduler(rt).get_jobs()]


def test_a_pain_point_logged_through_the_picker_alerts_too(bot: Bot) -> None:
    set_alert_channel(bot, ALERTS)
    bot.mention("pain ecommerce-checkout: 3DS page never returns impact: abandon")
    [picker] = bot.ephemerals()
    [place] = [
        o["value"]
        for b in picker.blocks or []
        for e in b.get("elements", [])
        for g in e.get("option_groups", [])
        for o in g["options"]
        if o["text"]["text"] == "Card details form"
    ]

    bot.click("mention.pick_place", picker, place)

    assert bot.logged("slack.alert.posted")
    [alert] = alerts(bot)
    assert "3DS page never returns" in texts(alert)


def test_no_alert_channel_no_alert(bot: Bot, db_url: str) -> None:
    mention_answered(bot, ABANDON)

    assert scan(bot, db_url) == 0
    assert alerts(bot) == []
    assert alert_events(bot) == []


def test_a_quote_cannot_ping_the_channel(bot: Bot) -> None:
    set_alert_channel(bot, ALERTS)

    mention_answered(bot, ABANDON.replace("3DS", "&lt;!channel&gt; &lt;@U0BOB00001&gt; 3DS"))

    [alert] = alerts(bot)
    shown = texts(alert)
    assert "&lt;!channel&gt; &lt;@U0BOB00001&gt; 3DS" in shown
    assert "<!channel>" not in shown and "<@U0BOB00001>" not in shown
