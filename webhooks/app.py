"""The Flask app that ``journeyops serve`` runs: health checks, and the routes each part
mounts (Slack events, Jira webhooks, the map pages, the JSON API) as they land.

``create_app`` is the one composition root for HTTP; it never starts background work, so
gunicorn workers and tests can build as many apps as they like.
"""

from flask import Flask, Response, jsonify
from sqlalchemy import text

from bots.slack.flask_mount import mount_slack
from core.settings import Settings
from core.store import Store
from webhooks.api import api_v1
from webhooks.jira_epics import jira_epic_maker
from webhooks.jira_hook import jira_webhook
from webhooks.runtime import EXTENSION, Runtime, runtime
from webhooks.tickets_hook import tickets_webhook
from webhooks.web import web_pages


def create_app(settings: Settings, store: Store | None = None) -> Flask:
    """An app serving ``settings``' workspace from ``store`` (opened from
    JOURNEYOPS_DATABASE_URL and migrated when absent)."""
    if store is None:
        store = Store(settings.database_url)
        store.ensure_ready()
    app = Flask(__name__)
    app.extensions[EXTENSION] = Runtime(settings, store)
    app.add_url_rule("/healthz", "healthz", healthz)
    app.add_url_rule("/readyz", "readyz", readyz)
    app.register_blueprint(jira_webhook)
    app.register_blueprint(tickets_webhook)
    app.register_blueprint(web_pages)
    app.register_blueprint(api_v1)
    mount_slack(app, settings, store, jira_epic_maker(settings, store))
    return app


def healthz() -> Response:
    """The process answers."""
    return jsonify(status="ok")


def readyz() -> tuple[Response, int]:
    """The database answers too; 503 otherwise, so a load balancer waits."""
    try:
        with runtime().store.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:  # any driver error means "not ready", whatever its type
        return jsonify(status="unavailable", reason=type(exc).__name__), 503
    return jsonify(status="ok"), 200
