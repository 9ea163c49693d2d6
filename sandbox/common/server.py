"""Serve a stand-in's WSGI app on loopback from a background thread."""

from __future__ import annotations

import threading
from types import TracebackType
from typing import Generic, Self, TypeVar

from flask import Flask
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from sandbox.common.faults import Faults

StateT = TypeVar("StateT")


class QuietHandler(WSGIRequestHandler):
    """No access log line per request (tests and benchmarks make thousands)."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        return None


def start_server(app: Flask, host: str, port: int) -> BaseWSGIServer:
    """A threaded werkzeug server for ``app`` (``port=0`` picks a free port), not yet serving."""
    return make_server(host, port, app, threaded=True, request_handler=QuietHandler)


class RunningSandbox(Generic[StateT]):
    """A started stand-in: ``url`` (what the client is given), ``state``, ``faults``.

    ``root_url`` is the server root; ``url`` adds the API prefix (``/wiki`` on Confluence
    Cloud, a Data Center context path). Use it as a context manager or call ``stop()``.
    """

    def __init__(
        self, server: BaseWSGIServer, state: StateT, faults: Faults, flavour: str, prefix: str
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

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
