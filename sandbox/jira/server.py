"""Run the Jira sandbox on loopback in a background thread."""

from __future__ import annotations

from collections.abc import Iterable

from werkzeug.serving import BaseWSGIServer

from sandbox.common.credentials import Credentials
from sandbox.common.faults import Faults
from sandbox.common.server import RunningSandbox as _RunningServer
from sandbox.common.server import start_server
from sandbox.jira.app import create_app
from sandbox.jira.context import JiraConfig
from sandbox.jira.sites import Site
from sandbox.jira.state import JiraState
from sandbox.jira.webhook_sender import WebhookSender


class RunningSandbox(_RunningServer[JiraState]):
    """A started Jira sandbox: ``url``, ``state``, ``faults`` and ``webhooks`` (the
    signed-webhook sender: ``configure``, ``send``, ``redeliver``, ``deliveries``)."""

    def __init__(
        self, server: BaseWSGIServer, state: JiraState, faults: Faults, flavour: str, prefix: str
    ) -> None:
        super().__init__(server, state, faults, flavour, prefix)
        self.webhooks = WebhookSender(state, Site(self.url, flavour == "cloud", 2))

    def stop(self) -> None:
        """Stop the webhook worker, then the server."""
        self.webhooks.close()
        super().stop()


def serve_jira(
    *,
    flavour: str = "cloud",
    host: str = "127.0.0.1",
    port: int = 0,
    state: JiraState | None = None,
    api_token: str = "sandbox-api-token",
    pat: str = "sandbox-pat",
    username: str | None = None,
    password: str | None = None,
    context_path: str = "",
    project_key: str = "CX",
    indexed_properties: Iterable[str] | None = None,
) -> RunningSandbox:
    """Start a Jira stand-in (``flavour`` "cloud" or "datacenter") on ``host:port``.

    Cloud takes any e-mail with ``api_token`` (Basic); Data Center the personal access
    token ``pat`` (Bearer), or ``username``/``password`` when both are given. ``port=0``
    picks a free port. Raises SpecsNotFoundError when the specs are missing.
    """
    state = state or JiraState(project_key=project_key, indexed_properties=indexed_properties)
    cloud = flavour == "cloud"
    credentials = Credentials(cloud, api_token, pat, username, password)
    config = JiraConfig(flavour, credentials, context_path)
    faults = Faults()
    server = start_server(create_app(state, faults, config), host, port)
    return RunningSandbox(server, state, faults, flavour, config.prefix)
