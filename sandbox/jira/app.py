"""The Flask app of the Jira sandbox, built by ``create_app``."""

from __future__ import annotations

from flask import Flask
from werkzeug.exceptions import MethodNotAllowed, NotFound

from sandbox.common.faults import Faults
from sandbox.common.locking import serialise_views
from sandbox.jira import gatekeeper, routes_entities, routes_issue, routes_meta, routes_search
from sandbox.jira.context import EXTENSION, JiraBox, JiraConfig
from sandbox.jira.errors import JiraError
from sandbox.jira.specs import SPEC_FILES, adf_validator, load_openapi
from sandbox.jira.state import JiraState

FLAVOURS = ("cloud", "datacenter")


def create_app(state: JiraState, faults: Faults, config: JiraConfig) -> Flask:
    """A Flask app serving ``state`` as Jira Cloud or Data Center (``config.flavour``).

    Loads the Jira specs and the ADF schema at once; raises SpecsNotFoundError when they
    are missing and ValueError for an unknown flavour.
    """
    if config.flavour not in FLAVOURS:
        raise ValueError(f"flavour must be one of {FLAVOURS}, not {config.flavour!r}")
    for name in SPEC_FILES:
        load_openapi(name)
    adf_validator()
    app = Flask(__name__)
    app.extensions[EXTENSION] = JiraBox(state, faults, config)
    app.before_request(gatekeeper.before_api_request)
    app.after_request(gatekeeper.after_api_request)
    app.register_error_handler(JiraError, gatekeeper.answer_error)
    app.register_error_handler(NotFound, gatekeeper.answer_unrouted)
    app.register_error_handler(MethodNotAllowed, gatekeeper.answer_unrouted)
    app.register_error_handler(Exception, gatekeeper.answer_crash)
    for blueprint in (routes_meta.bp, routes_issue.bp, routes_entities.bp, routes_search.bp):
        app.register_blueprint(blueprint, url_prefix=config.prefix or None)
    app.url_map.strict_slashes = False
    serialise_views(app, state.lock)
    return app
