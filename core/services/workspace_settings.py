"""A workspace's own settings: where alerts and digests go, when digests are made, and
whether shipped fixes are asked about (``journeyops workspace set``)."""

import re
from typing import Any

from core.enums import RecordType
from core.errors import BadInput
from core.model import Workspace
from core.services.changes import assign_changed
from core.services.digest.period import cron_trigger, zone
from core.store import UnitOfWork

# A Slack conversation id: C (public), G (private, older), D (direct message).
CHANNEL_ID = re.compile(r"^[CGD][A-Z0-9]{6,30}$")
CHANNEL_HELP = (
    "give the channel's id (like C0123ABCD), not its name: in Slack open the channel's "
    "details, the id is at the bottom"
)
SETTINGS = (
    "name",
    "alert_channel",
    "digest_channel",
    "digest_cron",
    "timezone",
    "close_the_loop",
)


def check_channel(value: str | None, what: str) -> str | None:
    """``value`` as a stored channel id (None clears it)."""
    if value is None:
        return None
    value = value.strip()
    if not CHANNEL_ID.match(value):
        raise BadInput(f"{what} '{value}' is not a Slack channel id: {CHANNEL_HELP}")
    return value


def check_timezone(value: str) -> str:
    zone(value)  # BadInput naming the zone
    return value


def check_cron(value: str, timezone: str) -> str:
    cron_trigger(value, timezone)  # BadInput saying what a crontab line looks like
    return value


def workspace_row(uow: UnitOfWork) -> Workspace:
    """The unit of work's workspace, read fresh from the database."""
    row = uow.session.get(Workspace, uow.workspace_id, populate_existing=True)
    assert row is not None, "a unit of work's workspace exists"
    return row


def update_workspace(uow: UnitOfWork, **fields: Any) -> list[str]:
    """Change the settings named in ``fields`` (see ``SETTINGS``; a channel of None clears
    it); returns the names that changed, logged as one ``workspace.updated`` event.

    Raises:
        BadInput: an unknown setting, a channel that is not a Slack channel id, a time
            zone or crontab line that does not parse, or an empty name. Nothing changes.
    """
    unknown = set(fields) - set(SETTINGS)
    if unknown:
        raise BadInput(f"unknown workspace setting(s): {', '.join(sorted(unknown))}")
    workspace = workspace_row(uow)
    checked = dict(fields)
    for name in ("alert_channel", "digest_channel"):
        if name in checked:
            checked[name] = check_channel(checked[name], name.replace("_", " "))
    timezone = check_timezone(checked.get("timezone") or workspace.timezone)
    if "timezone" in checked:
        checked["timezone"] = timezone
    if "digest_cron" in checked or "timezone" in checked:
        checked["digest_cron"] = check_cron(
            checked.get("digest_cron") or workspace.digest_cron, timezone
        )
    if "name" in checked:
        checked["name"] = str(checked["name"]).strip()
        if not checked["name"]:
            raise BadInput("a workspace needs a name")
    changed = assign_changed(workspace, checked)
    if changed:
        uow.record(
            "workspace.updated",
            RecordType.WORKSPACE,
            workspace.id,
            data={name: getattr(workspace, name) for name in changed},
        )
    return changed
