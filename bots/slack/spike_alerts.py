"""Ticket-volume spike alerts in the workspace's alert channel (issue 8, item 3).

``post_spike_alerts`` asks ``core.services.ticket_spikes`` which steps spiked this week
and were not alerted yet, and posts one alert each to ``Workspace.alert_channel``
(nothing when it is unset). Each alert is recorded (``alert.posted``, crossing
``ticket_spike``) in the transaction that posts it, with the step's row locked: a
second check the same week, or one running at the same time, posts nothing, and a
failed post records nothing, so the next check tries again. Run after a ticket pull and
after a ticket webhook linked something; never inside a request's answer.
"""

import logging
from datetime import UTC, datetime

from slack_sdk import WebClient

from bots.slack.alerts import ACTOR, alert_channel
from bots.slack.blocks.spike_alert import SpikeView, spike_blocks, spike_text
from bots.slack.pain_logging import map_url
from bots.slack.places import Place
from core.enums import Origin
from core.model import Touchpoint
from core.services.ticket_rules import describe_rule
from core.services.ticket_spikes import Spike, SpikeRule, claim_spike, due_spikes
from core.settings import Settings
from core.store import Store, UnitOfWork

logger = logging.getLogger(__name__)


def spike_rule(settings: Settings) -> SpikeRule:
    """The spike thresholds of ``settings`` (JOURNEYOPS_SPIKE_*)."""
    return SpikeRule(
        settings.journeyops_spike_ratio,
        settings.journeyops_spike_min_tickets,
        settings.journeyops_spike_baseline_weeks,
    )


def post_spike_alerts(
    store: Store,
    settings: Settings,
    client: WebClient,
    workspace: str | None = None,
    now: datetime | None = None,
) -> int:
    """Post every due spike alert of ``workspace`` (default: the settings' workspace);
    returns how many were posted.

    Raises:
        slack_sdk.errors.SlackApiError: Slack refused a post (that alert is not recorded,
            so the next check tries it again).
    """
    key = workspace or settings.workspace
    moment = now or datetime.now(UTC)
    rule = spike_rule(settings)
    with store.unit_of_work(key, actor=ACTOR, origin=Origin.SLACK) as uow:
        channel = alert_channel(uow)
        if not channel:
            return 0
        due = due_spikes(uow, rule, moment)
    posted = 0
    for spike in due:
        with store.unit_of_work(key, actor=ACTOR, origin=Origin.SLACK) as uow:
            posted += _post_once(uow, client, channel, spike, rule)
    return posted


def _post_once(
    uow: UnitOfWork, client: WebClient, channel: str, spike: Spike, rule: SpikeRule
) -> int:
    touchpoint = claim_spike(uow, spike, channel)
    if touchpoint is None:
        return 0
    view = spike_view(uow, touchpoint, spike, rule)
    client.chat_postMessage(channel=channel, text=spike_text(view), blocks=spike_blocks(view))
    logger.info(
        "slack.spike_alert.posted",
        extra={"touchpoint": touchpoint.key, "week": view.week, "tickets": spike.tickets},
    )
    return 1


def spike_view(uow: UnitOfWork, touchpoint: Touchpoint, spike: Spike, rule: SpikeRule) -> SpikeView:
    """What the alert about ``touchpoint``'s spike shows, read from the store."""
    journey = touchpoint.stage.journey
    return SpikeView(
        touchpoint_id=touchpoint.id,
        journey_title=journey.title,
        place=Place(touchpoint.stage, touchpoint).label,
        week=spike.week.isoformat(),
        tickets=spike.tickets,
        baseline=spike.baseline,
        baseline_weeks=rule.baseline_weeks,
        rules=tuple(describe_rule(r) for r in touchpoint.ticket_rules),
        map_url=map_url(uow, journey),
    )
