"""Pulling every ticket rule of a workspace, then alerting on spikes: what ``journeyops
sync tickets`` and the scheduler's ticket job run (``pull_all_tickets``).

Which providers a workspace uses follows from its steps' rules: a rule names its source,
and the source opens when the first such rule runs (a source without settings is
reported against its rules). After a pull that wrote, the spike check runs: a step whose
tickets this week jumped past its recent baseline posts one Slack alert.
"""

import logging
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from slack_sdk import WebClient

from bots.slack.spike_alerts import post_spike_alerts
from bots.slack.web_client import slack_web_client
from connectors.tickets.provider import Clock, SourceFactory
from connectors.tickets.pull import RulePull, pull_tickets
from connectors.tickets.registry import TicketSources
from core.enums import Origin
from core.model import utcnow
from core.services.ticket_volume import Volume, ticket_volume
from core.settings import Settings
from core.store import Store

logger = logging.getLogger(__name__)

ACTOR = "journeyops"


@dataclass
class TicketRun:
    """What one pull did: a result per rule, each pulled step's volume this week, and how
    many spike alerts were posted."""

    results: list[RulePull] = field(default_factory=list)
    volumes: dict[int, Volume] = field(default_factory=dict)
    alerts: int = 0

    @property
    def failed(self) -> int:
        return sum(r.error is not None for r in self.results)

    @property
    def linked(self) -> int:
        return sum(r.linked for r in self.results)


def spike_client(settings: Settings) -> WebClient | None:
    """The Slack client spike alerts post with: the one-workspace bot token's; None
    without one (the OAuth install's workspaces get no spike alerts yet)."""
    token = settings.slack_bot_token
    return slack_web_client(settings, token.get_secret_value()) if token else None


def pull_all_tickets(
    store: Store,
    settings: Settings,
    *,
    workspace: str | None = None,
    journey_keys: list[str] | None = None,
    only: frozenset[str] | None = None,
    dry_run: bool = False,
    actor: str = ACTOR,
    origin: Origin = Origin.SCHEDULER,
    now: datetime | None = None,
    factories: Mapping[str, SourceFactory] | None = None,
    clock: Clock = utcnow,
    slack: WebClient | None = None,
) -> TicketRun:
    """Pull every ticket rule of ``workspace`` (default: the settings'), of the journeys
    ``journey_keys`` (or all) and the sources ``only`` (or all), then post the spike
    alerts due (unless ``dry_run``; with ``slack`` or the bot token's client).

    Raises:
        NotFound: a key names no journey.
    """
    key = workspace or settings.workspace
    run = TicketRun()
    with (
        TicketSources(settings, factories=factories, clock=clock) as sources,
        store.unit_of_work(key, actor=actor, origin=origin) as uow,
    ):
        run.results = pull_tickets(
            uow, sources, journey_keys, dry_run=dry_run, now=now or clock(), only=only
        )
        uow.session.flush()
        ids = sorted({r.touchpoint_id for r in run.results})
        run.volumes = ticket_volume(uow, ids, weeks=1, now=now or clock())
    if not dry_run and run.results:
        run.alerts = check_spikes(store, settings, key, slack=slack, now=now)
    return run


def check_spikes(
    store: Store,
    settings: Settings,
    workspace: str,
    *,
    slack: WebClient | None = None,
    now: datetime | None = None,
) -> int:
    """Post the spike alerts due in ``workspace``; 0 without a Slack client. Never
    raises: a failed alert is logged and tried again by the next check."""
    client = slack or spike_client(settings)
    if client is None:
        return 0
    try:
        return post_spike_alerts(store, settings, client, workspace, now)
    except Exception:  # the next pull or webhook checks again
        logger.exception("tickets.spike_alert.failed", extra={"workspace": workspace})
        return 0


def check_spikes_later(store: Store, settings: Settings, workspace: str) -> threading.Thread:
    """``check_spikes`` in a thread of its own, so a webhook answers without waiting for
    Slack; returns the started thread."""
    thread = threading.Thread(
        target=check_spikes, args=(store, settings, workspace), name="ticket-spikes", daemon=True
    )
    thread.start()
    return thread
