"""Which workspace a Slack team is: ``Workspace.slack_team_id``.

One Slack team maps to one workspace and nothing crosses workspaces, so everything that
arrives from Slack is placed by its team id through these functions; a team with no
workspace changes nothing.
"""

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.enums import RecordType
from core.model import Workspace
from core.slugs import free_slug, slugify
from core.store import Store, UnitOfWork

FALLBACK_KEY = "slack"


def workspace_of_team(store: Store, team_id: str) -> str | None:
    """The key of the workspace Slack team ``team_id`` is linked to; None when none is."""
    with Session(store.engine) as session:
        return session.scalar(select(Workspace.key).where(Workspace.slack_team_id == team_id))


def link_slack_team(uow: UnitOfWork, team_id: str) -> bool:
    """Link the unit of work's workspace to Slack team ``team_id`` (replacing the team it
    was linked to), logged as ``workspace.slack_team_linked``.

    Returns False, changing nothing, when another workspace is linked to that team: a
    team's messages must never land in two workspaces.
    """
    holder = uow.session.scalar(select(Workspace.id).where(Workspace.slack_team_id == team_id))
    if holder is not None:
        return holder == uow.workspace_id
    before = uow.workspace.slack_team_id
    uow.workspace.slack_team_id = team_id
    uow.record(
        "workspace.slack_team_linked",
        RecordType.WORKSPACE,
        uow.workspace_id,
        data={"team_id": team_id, "before": before},
    )
    uow.session.flush()
    return True


def free_workspace_key(store: Store, name: str) -> str:
    """A workspace key made from a Slack team's ``name`` that no workspace has yet:
    ``acme``, else ``acme-2``, ``acme-3`` ..."""
    base = slugify(name, max_length=56) if name.strip() else FALLBACK_KEY
    with Session(store.engine) as session:
        taken = set(session.scalars(select(Workspace.key).where(Workspace.key.startswith(base))))
    return free_slug(base, taken)
