"""Putting the Bolt app on the Flask app of ``journeyops serve``: ``POST /slack/events``
(events, interactivity and commands on one URL, as the manifest sets them) and, with the
OAuth install, ``GET /slack/install`` and ``GET /slack/oauth_redirect``.

Bolt's Flask adapter reads the raw body and verifies its signature; ``url_verification``
is answered with its challenge. Bodies over ``MAX_BODY`` are refused with 413 unread.
"""

import logging

from flask import Blueprint, Flask, Response, request
from slack_bolt import App
from slack_bolt.adapter.flask import SlackRequestHandler

from bots.slack.bolt_app import build_bolt_app, slack_enabled
from bots.slack.deps import EpicMaker
from core.settings import Settings
from core.store import Store

logger = logging.getLogger(__name__)
EXTENSION = "journeyops.slack"
EVENTS_PATH = "/slack/events"
MAX_BODY = 1024 * 1024  # Slack's requests are a few kilobytes


def mount_slack(
    flask_app: Flask, settings: Settings, store: Store, epics: EpicMaker | None = None
) -> App | None:
    """Build the Bolt app when Slack is configured and serve it on ``flask_app``; the app
    is kept in ``flask_app.extensions`` for Socket Mode (``bolt_app_of``). None when
    Slack is not configured. Without SLACK_SIGNING_SECRET nothing is mounted: requests
    could not be verified, so only Socket Mode can serve the app."""
    if not slack_enabled(settings):
        return None
    bolt = build_bolt_app(settings, store, epics)
    flask_app.extensions[EXTENSION] = bolt
    if settings.slack_signing_secret is None:
        logger.warning("slack.http.unmounted", extra={"missing": "SLACK_SIGNING_SECRET"})
        return bolt
    flask_app.register_blueprint(_blueprint(bolt))
    return bolt


def bolt_app_of(flask_app: Flask) -> App | None:
    """The Bolt app ``mount_slack`` built for ``flask_app``, if any."""
    found = flask_app.extensions.get(EXTENSION)
    return found if isinstance(found, App) else None


def _blueprint(bolt: App) -> Blueprint:
    handler = SlackRequestHandler(bolt)
    blueprint = Blueprint("slack", __name__)

    def slack_request() -> Response:
        if (request.content_length or 0) > MAX_BODY:
            return Response("request too large", status=413)
        answer: Response = handler.handle(request)
        return answer

    blueprint.add_url_rule(EVENTS_PATH, "events", slack_request, methods=["POST"])
    flow = bolt.oauth_flow
    if flow is not None:
        blueprint.add_url_rule(flow.install_path, "install", slack_request, methods=["GET"])
        blueprint.add_url_rule(flow.redirect_uri_path, "oauth_redirect", slack_request)
    return blueprint
