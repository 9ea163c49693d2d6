"""A Web API client for each workspace Slack reaches, for work nobody asked for in a
request (the scheduler's alerts, questions, digests and reminders).

One-workspace mode: SLACK_BOT_TOKEN's client, for JOURNEYOPS_WORKSPACE. OAuth install:
each workspace linked to a Slack team, with the bot token slack_sdk's installation store
holds for that team; a team whose app was uninstalled (no bot left) is passed over.
"""

from collections.abc import Iterator

from slack_sdk import WebClient

from bots.slack.oauth import installation_store
from bots.slack.web_client import slack_web_client
from core.settings import Settings
from core.store import Store


def workspace_clients(store: Store, settings: Settings) -> Iterator[tuple[str, WebClient]]:
    """(workspace key, client) for every workspace the bot can post in now."""
    if settings.slack_oauth_configured and settings.slack_client_id is not None:
        installs = installation_store(settings.slack_client_id, store)
        for workspace in store.workspaces():
            if workspace.slack_team_id is None:
                continue
            bot = installs.find_bot(enterprise_id=None, team_id=workspace.slack_team_id)
            if bot is not None and bot.bot_token:
                yield workspace.key, slack_web_client(settings, bot.bot_token)
    elif settings.slack_bot_token is not None:
        token = settings.slack_bot_token.get_secret_value()
        yield settings.workspace, slack_web_client(settings, token)
