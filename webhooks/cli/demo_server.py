"""journeyops' own HTTP app in ``journeyops demo``, served on 127.0.0.1 as ``journeyops
serve`` serves it. The port is bound before the app exists, because the app's settings
name its own address (JOURNEYOPS_PUBLIC_URL, for share links)."""

import errno
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask
from werkzeug.serving import BaseWSGIServer, make_server

from sandbox.common.server import QuietHandler

HOST = "127.0.0.1"


class DemoServer:
    """A threaded server whose app is set once it is known (``serve``)."""

    def __init__(self, server: BaseWSGIServer) -> None:
        self._server = server
        self._app: Flask | None = None
        self.url = f"http://{HOST}:{server.port}"

    def serve(self, app: Flask) -> None:
        self._app = app

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        if self._app is None:
            start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
            return [b"starting"]
        return self._app(environ, start_response)


def _bind(port: int, app: Callable[..., Any]) -> BaseWSGIServer:
    """A server on ``port``, or on a free one when that is taken."""
    try:
        return make_server(HOST, port, app, threaded=True, request_handler=QuietHandler)
    except (OSError, SystemExit) as exc:  # werkzeug exits when the port is in use
        if isinstance(exc, OSError) and exc.errno != errno.EADDRINUSE:
            raise
        return make_server(HOST, 0, app, threaded=True, request_handler=QuietHandler)


@contextmanager
def demo_server(port: int) -> Iterator[DemoServer]:
    """Serve on 127.0.0.1:``port`` (a free port when it is taken) until the block ends."""
    holder: list[DemoServer] = []
    server = _bind(port, lambda environ, start: holder[0](environ, start))
    demo = DemoServer(server)
    holder.append(demo)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield demo
    finally:
        server.shutdown()
        thread.join(5)
        server.server_close()
