"""What every request handler and scheduled job shares: the settings and the store."""

from dataclasses import dataclass

from flask import Flask, current_app

from core.settings import Settings
from core.store import Store

EXTENSION = "journeyops"


@dataclass
class Runtime:
    settings: Settings
    store: Store


def runtime(app: Flask | None = None) -> Runtime:
    """The runtime of ``app`` (the current app inside a request)."""
    found: Runtime = (app or current_app).extensions[EXTENSION]
    return found
