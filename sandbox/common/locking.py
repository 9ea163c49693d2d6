"""One request at a time through a stand-in's views, so handlers see a consistent state."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from flask import Flask


def _locked(lock: Any, view: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(view)
    def run(*args: Any, **kwargs: Any) -> Any:
        with lock:
            return view(*args, **kwargs)

    return run


def serialise_views(app: Flask, lock: Any) -> None:
    """Wrap every view of ``app`` (except ``static``) so it runs holding ``lock``."""
    for endpoint, view in list(app.view_functions.items()):
        if endpoint != "static":
            app.view_functions[endpoint] = _locked(lock, view)
