"""Run the Confluence sandbox on loopback in a background thread."""

from __future__ import annotations

from sandbox.common.faults import Faults
from sandbox.common.server import RunningSandbox as _RunningServer
from sandbox.common.server import start_server
from sandbox.confluence.app import create_app
from sandbox.confluence.state import SandboxState


class RunningSandbox(_RunningServer[SandboxState]):
    """A started Confluence sandbox: ``url`` (what the client is given), ``state``, ``faults``."""


def serve_confluence(
    *,
    flavour: str,
    host: str = "127.0.0.1",
    port: int = 0,
    state: SandboxState | None = None,
    api_token: str = "sandbox-api-token",
    pat: str = "sandbox-pat",
    username: str | None = None,
    password: str | None = None,
    context_path: str = "",
    space_key: str = "CX",
    space_id: str = "98306",
) -> RunningSandbox:
    """Start a Confluence stand-in (``flavour`` "cloud" or "datacenter") on ``host:port``.

    ``port=0`` picks a free port. Raises SpecsNotFoundError when the specs are missing.
    """
    state = state or SandboxState(space_key=space_key, space_id=space_id)
    faults = Faults()
    app = create_app(
        state,
        faults,
        flavour,
        api_token=api_token,
        pat=pat,
        username=username,
        password=password,
        context_path=context_path,
    )
    server = start_server(app, host, port)
    prefix = "/wiki" if flavour == "cloud" else context_path.rstrip("/")
    return RunningSandbox(server, state, faults, flavour, prefix)
