"""What every feature's listeners are given: the settings, the store, and the way from a
Slack team to a unit of work of its workspace."""

import logging
from dataclasses import dataclass
from typing import Protocol

from bots.slack.teams import TeamDirectory
from core.enums import Origin
from core.settings import Settings
from core.store import Store, UnitOfWork

logger = logging.getLogger(__name__)
DELIVERY_SOURCE = "slack"  # webhook_deliveries.source of Slack event ids


def slack_actor(user_id: str | None) -> str:
    """How a Slack person appears in the event log: ``slack:U0123ABCD``."""
    return f"slack:{user_id or 'unknown'}"


@dataclass(frozen=True)
class EpicMade:
    """What asking Jira for an opportunity's epic came to: the issue and its address,
    or why there is none (``problem``, for people)."""

    issue_key: str | None = None
    url: str | None = None
    problem: str | None = None


class EpicMaker(Protocol):
    """Turns one opportunity into its Jira epic now (``webhooks`` supplies it when Jira is
    configured; the bot itself never imports a connector)."""

    def __call__(self, workspace: str, journey: str, opportunity: str, actor: str) -> EpicMade:
        """Create (or update) the epic of ``opportunity`` in ``journey`` of ``workspace``."""
        ...


@dataclass(frozen=True)
class SlackDeps:
    """Shared by the listeners of every feature (see ``bots.slack.features``).

    ``teams`` knows which workspace serves which Slack team; ``unit_of_work_for`` is how a
    listener gets at the store, and it refuses teams we do not serve. ``epics`` makes Jira
    epics (None when Jira is not configured).
    """

    settings: Settings
    store: Store
    teams: TeamDirectory
    epics: EpicMaker | None = None

    def workspace_key(self, team_id: str | None) -> str | None:
        """The workspace serving ``team_id``; None (logged) for a team we do not serve."""
        key = self.teams.workspace_key(team_id)
        if key is None:
            logger.warning("slack.team.unknown", extra={"team_id": team_id})
        return key

    def unit_of_work_for(self, team_id: str | None, actor: str) -> UnitOfWork | None:
        """A unit of work in the workspace of Slack team ``team_id`` by ``actor`` (see
        ``slack_actor``), from origin ``slack``; None when that team is not one we serve,
        in which case the caller changes nothing and posts nothing."""
        key = self.workspace_key(team_id)
        if key is None:
            return None
        return self.store.unit_of_work(key, actor=actor, origin=Origin.SLACK)
