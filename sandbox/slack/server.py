"""Run the Slack sandbox on loopback in a background thread."""

from __future__ import annotations

from werkzeug.serving import BaseWSGIServer

from sandbox.common.faults import Faults
from sandbox.common.server import RunningSandbox as _RunningServer
from sandbox.common.server import start_server
from sandbox.slack.app import create_app
from sandbox.slack.event_sender import SlackEventSender
from sandbox.slack.model import SlackApp
from sandbox.slack.rate_limits import RateLimits
from sandbox.slack.seed import seed
from sandbox.slack.socket_mode import SocketModeServer
from sandbox.slack.specs import API_PREFIX
from sandbox.slack.state import SlackState


class RunningSandbox(_RunningServer[SlackState]):
    """A started Slack sandbox.

    ``url``: the Web API base for slack_sdk (``<root>/api/``, what SLACK_API_URL holds);
    ``root_url``; ``state``; ``faults`` (one-off 429/5xx/latency/drops); ``rate_limits``
    (per-method limits); ``socket_mode`` (the websocket apps.connections.open points
    to); ``events`` (Events API, interactivity and command deliveries to the app: signed
    POSTs to its request URL, or envelopes over Socket Mode).
    """

    def __init__(
        self,
        server: BaseWSGIServer,
        state: SlackState,
        faults: Faults,
        rate_limits: RateLimits,
        socket_mode: SocketModeServer,
    ) -> None:
        super().__init__(server, state, faults, "slack", API_PREFIX + "/")
        self.rate_limits = rate_limits
        self.socket_mode = socket_mode
        self.events = SlackEventSender(state, self.root_url, socket_mode)

    def stop(self) -> None:
        """Close the Socket Mode connections, then stop the server."""
        self.socket_mode.close()
        super().stop()


def serve_slack(
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    state: SlackState | None = None,
    app: SlackApp | None = None,
    request_url: str | None = None,
) -> RunningSandbox:
    """Start a Slack stand-in on ``host:port`` (``port=0`` picks a free port).

    Without ``state`` it starts with the seeded workspaces of ``seed.SEED``; ``app`` sets
    the app's ids and secrets (signing secret, client id/secret ...). ``request_url`` is
    where ``running.events`` delivers (also settable later with ``events.configure``).
    Raises SpecsNotFoundError when Slack's descriptions are missing.
    """
    state = state or seed(SlackState(app=app))
    faults = Faults()
    rate_limits = RateLimits()
    socket_mode = SocketModeServer(state.ids, state.app.app_id, host)
    server = start_server(create_app(state, faults, rate_limits, socket_mode), host, port)
    running = RunningSandbox(server, state, faults, rate_limits, socket_mode)
    if request_url is not None:
        running.events.configure(request_url)
    return running
