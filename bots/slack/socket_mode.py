"""Socket Mode: with SLACK_APP_TOKEN, Slack sends events, interactivity and commands over
a websocket the app opens, so ``journeyops serve`` needs no public URL.

Uses Bolt's ``SocketModeHandler`` on slack_sdk's built-in client (no extra dependency),
which connects through ``apps.connections.open`` at SLACK_API_URL, reconnects by itself
and runs in threads of its own.
"""

import logging

from flask import Flask
from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_sdk.errors import SlackApiError, SlackClientError

from bots.slack.flask_mount import bolt_app_of
from core.errors import JourneyOpsError
from core.settings import Settings

logger = logging.getLogger(__name__)


def start_socket_mode(bolt: App, settings: Settings) -> SocketModeHandler | None:
    """Connect ``bolt`` over Socket Mode when SLACK_APP_TOKEN is set (None otherwise);
    returns at once. Stop it with ``stop_socket_mode``.

    Raises:
        SlackApiError, SlackClientError: Slack refused the token or could not be reached.
    """
    if settings.slack_app_token is None:
        return None
    handler = SocketModeHandler(bolt, settings.slack_app_token.get_secret_value())
    handler.connect()  # type: ignore[no-untyped-call]  # slack_bolt leaves it unannotated
    logger.info("slack.socket_mode.connected")
    return handler


def serve_socket_mode(flask_app: Flask, settings: Settings) -> SocketModeHandler | None:
    """Socket Mode for the Bolt app ``mount_slack`` put on ``flask_app``, when
    SLACK_APP_TOKEN is set; None otherwise.

    Raises:
        JourneyOpsError: Slack refused the app-level token or could not be reached.
    """
    bolt = bolt_app_of(flask_app)
    if settings.slack_app_token is None:
        return None
    if bolt is None:
        logger.warning("slack.socket_mode.no_app", extra={"missing": "SLACK_BOT_TOKEN"})
        return None
    try:
        return start_socket_mode(bolt, settings)
    except SlackApiError as exc:
        error = exc.response.get("error") or exc.response.status_code
        raise JourneyOpsError(
            f"Slack refused to open Socket Mode ({error}): check SLACK_APP_TOKEN, an "
            "app-level token (xapp-...) with connections:write, and that Socket Mode is "
            "on in the app's settings"
        ) from None
    except (SlackClientError, OSError) as exc:
        raise JourneyOpsError(
            f"cannot reach Slack for Socket Mode ({type(exc).__name__}): check "
            "SLACK_API_URL and the network"
        ) from None


def stop_socket_mode(handler: SocketModeHandler | None) -> None:
    """Close the websocket (safe to call with None or twice)."""
    if handler is None:
        return
    handler.close()  # type: ignore[no-untyped-call]
    logger.info("slack.socket_mode.closed")
