"""The Flask app of the Confluence sandbox, built by ``create_app``."""

from __future__ import annotations

from flask import Flask

from sandbox.common.faults import Faults
from sandbox.common.locking import serialise_views
from sandbox.confluence import gatekeeper, html_view, routes_v1, routes_v1_content, routes_v2
from sandbox.confluence.context import EXTENSION, Sandbox, SandboxConfig
from sandbox.confluence.errors import ConfluenceError
from sandbox.confluence.specs import SPEC_FILES, load_openapi
from sandbox.confluence.state import SandboxState

FLAVOURS = ("cloud", "datacenter")


def create_app(
    state: SandboxState,
    faults: Faults,
    flavour: str,
    *,
    api_token: str = "sandbox-api-token",
    pat: str = "sandbox-pat",
    username: str | None = None,
    password: str | None = None,
    context_path: str = "",
) -> Flask:
    """A Flask app serving ``state`` as Confluence Cloud or Data Center.

    Loads the Confluence specs at once; raises SpecsNotFoundError when they are missing
    and ValueError for an unknown flavour.
    """
    if flavour not in FLAVOURS:
        raise ValueError(f"flavour must be one of {FLAVOURS}, not {flavour!r}")
    for name in SPEC_FILES:
        load_openapi(name)
    config = SandboxConfig(flavour, api_token, pat, username, password, context_path)
    app = Flask(__name__)
    app.extensions[EXTENSION] = Sandbox(state, faults, config)
    app.before_request(gatekeeper.before_api_request)
    app.register_error_handler(ConfluenceError, gatekeeper.answer_error)
    if flavour == "cloud":
        app.register_blueprint(routes_v2.bp, url_prefix="/wiki/api/v2")
        app.register_blueprint(routes_v1.bp, url_prefix="/wiki")
    else:
        app.register_blueprint(routes_v1.bp, url_prefix=config.prefix or None)
        app.register_blueprint(routes_v1_content.bp, url_prefix=config.prefix or None)
    app.register_blueprint(html_view.bp)
    app.add_url_rule(f"{config.prefix}{gatekeeper.VIEW_PAGE}", "view_page", html_view.view_page)
    app.url_map.strict_slashes = False
    serialise_views(app, state.lock)
    return app
