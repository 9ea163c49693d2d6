"""The Flask app of the Slack sandbox, built by ``create_app``."""

from __future__ import annotations

from flask import Flask
from werkzeug.exceptions import MethodNotAllowed, NotFound

from sandbox.common.faults import Faults
from sandbox.common.locking import serialise_views
from sandbox.slack import routes_install, routes_response, web_api
from sandbox.slack.context import EXTENSION, SlackBox
from sandbox.slack.errors import SlackError
from sandbox.slack.rate_limits import RateLimits
from sandbox.slack.socket_mode import SocketModeServer
from sandbox.slack.specs import load_all
from sandbox.slack.state import SlackState


def create_app(
    state: SlackState, faults: Faults, rate_limits: RateLimits, socket_mode: SocketModeServer
) -> Flask:
    """A Flask app serving ``state`` as Slack's Web API, response_urls and OAuth page;
    apps.connections.open hands out ``socket_mode``'s websocket URLs.

    Loads Slack's descriptions at once; raises SpecsNotFoundError when they are missing.
    """
    load_all()
    app = Flask(__name__)
    app.extensions[EXTENSION] = SlackBox(state, faults, rate_limits, socket_mode)
    app.before_request(web_api.record_and_inject_faults)
    app.after_request(web_api.check_answer)
    app.register_error_handler(SlackError, web_api.answer_error)
    app.register_error_handler(NotFound, web_api.answer_unrouted)
    app.register_error_handler(MethodNotAllowed, web_api.answer_unrouted)
    app.register_error_handler(Exception, web_api.answer_crash)
    for blueprint in (web_api.bp, routes_response.bp, routes_install.bp):
        app.register_blueprint(blueprint)
    serialise_views(app, state.lock)
    return app
