"""Run the Confluence sandbox on loopback in a background thread."""

from __future__ import annotations

import threading
from types import TracebackType

from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from sandbox.confluence.app import create_app
from sandbox.confluence.faults import Faults
from sandbox.confluence.state import SandboxState


class _QuietHandler(WSGIRequestHandler):
    """No access log line per request (tests and benchmarks make thousands)."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        return None


class RunningSandbox:
    """A started sandbox: ``url`` (what the client is given), ``state``, ``faults``."""

    def __init__(
        self, server: BaseWSGIServer, state: SandboxState, faults: Faults, flavour: str, prefix: str
    ) -> None:
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.state = state
        self.faults = faults
        self.flavour = flavour
        self.root_url = f"http://{server.host}:{server.port}"
        self.url = self.root_url + prefix
        self._thread.start()

    def stop(self) -> None:
        """Stop serving and wait for the server thread."""
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> RunningSandbox:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


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
    server = make_server(host, port, app, threaded=True, request_handler=_QuietHandler)
    prefix = "/wiki" if flavour == "cloud" else context_path.rstrip("/")
    return RunningSandbox(server, state, faults, flavour, prefix)
