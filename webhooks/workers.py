"""``journeyops serve --workers N``: the Flask app in N gunicorn worker processes.

The database is migrated once, by the master, before any worker starts; each worker then
opens its own connections after the fork (``load`` runs in the worker), so no
connection crosses processes. Workers run no background jobs: ``journeyops scheduler``
runs them, once, beside them (several schedulers are safe too; see
``core.services.job_ledger``).
"""

from collections.abc import Callable
from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication
from gunicorn.arbiter import Arbiter

from core.settings import Settings
from core.store import Store
from webhooks.app import create_app

THREADS = 8  # per worker: Bolt acks on the request thread, its listeners on its own pool
TIMEOUT = 60


class Workers(BaseApplication):  # type: ignore[misc]
    """A gunicorn application serving ``create_app(settings)`` (gthread workers)."""

    def __init__(
        self,
        settings: Settings,
        *,
        host: str,
        port: int,
        workers: int,
        on_ready: Callable[[str], None],
    ) -> None:
        self._settings = settings
        self._options: dict[str, Any] = {
            "bind": f"{host}:{port}",
            "workers": workers,
            "worker_class": "gthread",
            "threads": THREADS,
            "timeout": TIMEOUT,
            "graceful_timeout": 20,
            "accesslog": None,
            "loglevel": "warning",
            "when_ready": lambda arbiter: on_ready(_url(arbiter)),
        }
        super().__init__()

    def load_config(self) -> None:
        for key, value in self._options.items():
            self.cfg.set(key, value)

    def load(self) -> Flask:
        return create_app(self._settings, Store(self._settings.database_url))


def _url(arbiter: Arbiter) -> str:
    host, port = arbiter.LISTENERS[0].sock.getsockname()[:2]
    return f"http://{host}:{port}"
