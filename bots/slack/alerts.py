"""Alerts in the workspace's alert channel (issue 5, item 3).

``post_due_alerts`` reads the pain points logged or given evidence within the alert
window (events ``pain_point.created`` and ``evidence.attached``, except from imports), asks
``core.services.alert_rules`` which crossings are due, and posts each once to
``Workspace.alert_channel`` (nothing when it is unset). It runs after a mention logged
something (``after_logging``) and can run from the scheduler.

Once: each alert is posted inside the transaction that records ``alert.posted`` (pain
point id, crossing) after checking none was recorded within the window, with the pain
point's row locked, so two scans at once post one alert, and a failed post records
nothing and is tried again by the next scan.

The "Create a Jira epic" button acks at once, then (lazily) gives the pain point an
opportunity (the first that addresses it, or a new one), records ``alert.epic_requested``,
makes that opportunity's epic through ``deps.epics`` (the Jira connector, supplied by
``webhooks``) and answers ephemerally with the issue; without Jira it says how to make it.
"""

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from sqlalchemy import func, select

from bots.slack.acks import ack_now
from bots.slack.blocks.alert import CREATE_EPIC, OPEN_MAP, AlertView, alert_blocks, alert_text
from bots.slack.deps import SlackDeps, slack_actor
from bots.slack.listener_errors import logged
from bots.slack.mrkdwn import escape
from bots.slack.pain_logging import map_url, pain_point_by_id
from bots.slack.places import Place
from core.enums import Origin, RecordType
from core.model import Event, Evidence, PainPoint, Workspace
from core.services.alert_rules import AlertRule, Crossing, PainFacts, due_alerts
from core.services.evidence import as_utc
from core.services.opportunities import opportunity_for
from core.settings import Settings
from core.store import Store, UnitOfWork

logger = logging.getLogger(__name__)

ALERT_POSTED = "alert.posted"
EPIC_REQUESTED = "alert.epic_requested"
ACTOR = "journeyops"
QUOTE_LIMIT = 500
EPIC_NOTED = (
    ":memo: *{title}* is opportunity `{opportunity}` of journey `{journey}` now. Jira is not "
    "configured here: `journeyops sync jira {journey}` creates its epic once JIRA_URL and "
    "JIRA_PROJECT are set."
)
EPIC_GONE = (
    ":warning: This alert's pain point no longer exists (it was deleted, or its journey was "
    "re-imported without it), so no epic was made."
)
EPIC_MADE = ":white_check_mark: Jira epic {link} for *{title}* (opportunity `{opportunity}`)."
EPIC_FAILED = (
    ":warning: Jira did not take the epic for *{title}*: {problem}. It stays opportunity "
    "`{opportunity}` of journey `{journey}`; `journeyops sync jira {journey}` tries again."
)


def alert_rule(settings: Settings) -> AlertRule:
    return AlertRule(
        settings.journeyops_alert_evidence_threshold, settings.journeyops_alert_window_days
    )


def post_due_alerts(
    store: Store,
    settings: Settings,
    client: WebClient,
    workspace: str | None = None,
    now: datetime | None = None,
) -> int:
    """Post every due alert of ``workspace`` (default: every workspace with an alert
    channel) with ``client``; returns how many were posted.

    Raises:
        slack_sdk.errors.SlackApiError: Slack refused a post (that alert is not recorded,
            so the next scan tries it again).
    """
    moment = now or datetime.now(UTC)
    keys = [workspace] if workspace else [w.key for w in store.workspaces() if w.alert_channel]
    return sum(_post_in(store, settings, client, key, moment) for key in keys)


def after_logging(deps: SlackDeps, client: WebClient, team_id: str | None) -> None:
    """Post the alerts due after a mention logged something; never fails the mention."""
    key = deps.teams.workspace_key(team_id)
    if key is None:
        return
    try:
        post_due_alerts(deps.store, deps.settings, client, key)
    except Exception:  # an alert that failed is retried by the next scan
        logger.exception("slack.alert.failed", extra={"workspace": key})


def alert_channel(uow: UnitOfWork) -> str | None:
    """The workspace's alert channel id, or None (spike alerts share it)."""
    # Read fresh: the store caches workspace rows, and the channel may have been set since.
    return uow.session.scalar(
        select(Workspace.alert_channel).where(Workspace.id == uow.workspace_id)
    )


def _post_in(store: Store, settings: Settings, client: WebClient, key: str, now: datetime) -> int:
    rule = alert_rule(settings)
    with store.unit_of_work(key, actor=ACTOR, origin=Origin.SLACK) as uow:
        channel = alert_channel(uow)
        if not channel:
            return 0
        due = due_alerts(recent_facts(uow, rule, now), rule, now)
    posted = 0
    for pain_point_id, crossing in due:
        with store.unit_of_work(key, actor=ACTOR, origin=Origin.SLACK) as uow:
            posted += _post_once(uow, client, channel, pain_point_id, crossing, rule, now)
    return posted


def _alerted(uow: UnitOfWork, ids: list[int], since: datetime) -> dict[int, set[Crossing]]:
    rows = uow.session.execute(
        select(Event.record_id, Event.data, Event.at).where(
            Event.action == ALERT_POSTED,
            Event.record_type == RecordType.PAIN_POINT.value,
            Event.record_id.in_(ids),
        )
    )
    alerted: dict[int, set[Crossing]] = defaultdict(set)
    for record_id, data, at in rows:
        if as_utc(at) >= since and (data or {}).get("crossing") in set(Crossing):
            alerted[record_id].add(Crossing(data["crossing"]))
    return alerted


def recent_facts(uow: UnitOfWork, rule: AlertRule, now: datetime) -> list[PainFacts]:
    """What the rules need of each pain point created or given evidence within the window."""
    since = now - rule.window
    rows = uow.session.execute(
        select(Event.action, Event.record_id, Event.data, Event.at).where(
            Event.action.in_(("pain_point.created", "evidence.attached")),
            Event.at >= since,
            # An import loads what is known already; only what people report alerts.
            Event.origin != Origin.IMPORT.value,
        )
    )
    created: dict[int, datetime] = {}
    touched: list[int] = []
    for action, record_id, data, at in rows:
        if action == "pain_point.created":
            created[record_id] = as_utc(at)
            touched.append(record_id)
        elif (data or {}).get("target") == "pain_point" and data.get("target_id"):
            touched.append(int(data["target_id"]))
    ids = sorted(set(touched))
    if not ids:
        return []
    impacts: dict[int, str] = {
        row.id: row.impact
        for row in uow.session.execute(
            select(PainPoint.id, PainPoint.impact).where(PainPoint.id.in_(ids))
        )
    }
    evidence_at: dict[int, list[datetime]] = defaultdict(list)
    for pain_point_id, at in uow.session.execute(
        select(Evidence.pain_point_id, Evidence.captured_at).where(
            Evidence.pain_point_id.in_(ids), Evidence.captured_at >= since
        )
    ):
        evidence_at[pain_point_id].append(as_utc(at))
    alerted = _alerted(uow, ids, since)
    return [
        PainFacts(i, impacts[i], created.get(i), evidence_at[i], frozenset(alerted.get(i, set())))
        for i in ids
        if i in impacts
    ]


def _post_once(
    uow: UnitOfWork,
    client: WebClient,
    channel: str,
    pain_point_id: int,
    crossing: Crossing,
    rule: AlertRule,
    now: datetime,
) -> int:
    # The lock makes a second scan running at the same time wait, then see our event.
    pain_point = uow.session.scalar(
        select(PainPoint).where(PainPoint.id == pain_point_id).with_for_update()
    )
    if pain_point is None:
        return 0
    if crossing in _alerted(uow, [pain_point_id], now - rule.window).get(pain_point_id, set()):
        return 0
    uow.record(
        ALERT_POSTED,
        RecordType.PAIN_POINT,
        pain_point.id,
        journey_id=pain_point.journey_id,
        data={"crossing": crossing.value, "channel": channel},
    )
    view = alert_view(uow, pain_point, crossing)
    client.chat_postMessage(channel=channel, text=alert_text(view), blocks=alert_blocks(view))
    logger.info(
        "slack.alert.posted", extra={"pain_point": pain_point.key, "crossing": crossing.value}
    )
    return 1


def alert_view(uow: UnitOfWork, pain_point: PainPoint, crossing: Crossing) -> AlertView:
    """What an alert about ``pain_point`` shows, read from the store."""
    evidence = list(
        uow.session.scalars(
            select(Evidence)
            .where(Evidence.pain_point_id == pain_point.id)
            .order_by(Evidence.captured_at.desc(), Evidence.id.desc())
        )
    )
    journey = pain_point.journey
    return AlertView(
        pain_point_id=pain_point.id,
        crossing=crossing,
        title=pain_point.title,
        journey_title=journey.title,
        place=Place(pain_point.stage, pain_point.touchpoint).label,
        impact=pain_point.impact,
        evidence_count=len(evidence),
        latest_quote=evidence[0].text[:QUOTE_LIMIT] if evidence else None,
        map_url=map_url(uow, journey),
    )


def register(app: App, deps: SlackDeps) -> None:
    """Listen to the alert's buttons."""

    def on_open_map(ack: Ack) -> None:
        ack()  # a link button: Slack opens the URL, and still tells us about the click

    def on_create_epic(body: dict[str, Any], client: WebClient) -> None:
        request_epic(deps, client, body)

    app.action(OPEN_MAP)(on_open_map)
    # Jira is slow: ack first, make the epic after.
    app.action(CREATE_EPIC)(ack=ack_now, lazy=[logged(on_create_epic)])


def request_epic(deps: SlackDeps, client: WebClient, body: dict[str, Any]) -> None:
    """Give the alert's pain point an opportunity (its first one, or a new one), make that
    opportunity's Jira epic when Jira is configured, and tell the person who asked."""
    user = str((body.get("user") or {}).get("id", ""))
    channel = str((body.get("channel") or {}).get("id", ""))
    value = str(((body.get("actions") or [{}])[0]).get("value", ""))
    team_id = (body.get("team") or {}).get("id")
    actor = slack_actor(user)
    uow = deps.unit_of_work_for(team_id, actor)
    if uow is None or not value.isdigit():
        return
    with uow:
        pain_point = pain_point_by_id(uow, int(value))
        if pain_point is None:
            client.chat_postEphemeral(channel=channel, user=user, text=EPIC_GONE)
            return
        evidence = uow.session.scalar(
            select(func.count(Evidence.id)).where(Evidence.pain_point_id == pain_point.id)
        )
        opportunity = opportunity_for(uow, pain_point, evidence or 0)
        asked = EpicAsked(uow.workspace.key, pain_point.journey.key, opportunity.key)
        title = pain_point.title
        uow.record(
            EPIC_REQUESTED,
            RecordType.PAIN_POINT,
            pain_point.id,
            journey_id=pain_point.journey_id,
            data={"channel": channel, "opportunity": opportunity.key},
        )
    client.chat_postEphemeral(
        channel=channel, user=user, text=_epic_answer(deps, asked, title, actor)
    )


@dataclass(frozen=True)
class EpicAsked:
    workspace: str
    journey: str
    opportunity: str


def _epic_answer(deps: SlackDeps, asked: EpicAsked, title: str, actor: str) -> str:
    facts = {
        "title": escape(title),
        "journey": escape(asked.journey),
        "opportunity": escape(asked.opportunity),
    }
    if deps.epics is None:
        return EPIC_NOTED.format(**facts)
    made = deps.epics(asked.workspace, asked.journey, asked.opportunity, actor)
    if made.issue_key is None:
        return EPIC_FAILED.format(problem=escape(made.problem or "no answer"), **facts)
    logger.info("slack.epic.made", extra={"issue": made.issue_key})
    link = f"<{made.url}|{escape(made.issue_key)}>" if made.url else escape(made.issue_key)
    return EPIC_MADE.format(link=link, **facts)
