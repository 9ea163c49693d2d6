"""What a request handler needs: the state, the flavour, the site links, request parsing."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from typing import Any

from flask import current_app, request

from sandbox.common.faults import Faults
from sandbox.confluence.errors import ConfluenceError
from sandbox.confluence.shapes import Site
from sandbox.confluence.state import SandboxState

EXTENSION = "confluence_sandbox"


@dataclass(frozen=True)
class SandboxConfig:
    """Who may call and where the API lives."""

    flavour: str  # "cloud" | "datacenter"
    api_token: str = "sandbox-api-token"
    pat: str = "sandbox-pat"
    username: str | None = None
    password: str | None = None
    context_path: str = ""

    @property
    def prefix(self) -> str:
        """The path under which the API lives: ``/wiki`` on Cloud, the context path on DC."""
        return "/wiki" if self.flavour == "cloud" else self.context_path.rstrip("/")


@dataclass(frozen=True)
class Sandbox:
    state: SandboxState
    faults: Faults
    config: SandboxConfig


def sandbox() -> Sandbox:
    found: Sandbox = current_app.extensions[EXTENSION]
    return found


def state() -> SandboxState:
    return sandbox().state


def site() -> Site:
    config = sandbox().config
    return Site(
        base=request.host_url.rstrip("/") + config.prefix,
        context=config.prefix,
        cloud=config.flavour == "cloud",
    )


def json_body() -> Any:
    """The parsed JSON body; 400 like Confluence when it is not JSON."""
    try:
        return json.loads(request.get_data() or b"null")
    except ValueError as exc:
        raise ConfluenceError(400, f"Unable to parse request body as JSON: {exc}") from exc


def json_object() -> dict[str, Any]:
    body = json_body()
    if not isinstance(body, dict):
        raise ConfluenceError(400, "Request body must be a JSON object")
    return body


def int_arg(name: str, default: int, maximum: int | None = None) -> int:
    raw = request.args.get(name)
    try:
        value = int(raw) if raw is not None else default
    except ValueError as exc:
        raise ConfluenceError(400, f"{name} must be an integer") from exc
    return min(value, maximum) if maximum is not None else value


def expand_arg() -> set[str]:
    return {part.strip() for v in request.args.getlist("expand") for part in v.split(",") if part}


def encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"offset:{offset}".encode()).decode()


def decode_cursor(cursor: str | None) -> int:
    if not cursor:
        return 0
    try:
        return int(base64.urlsafe_b64decode(cursor.encode()).decode().split(":", 1)[1])
    except (ValueError, IndexError) as exc:
        raise ConfluenceError(400, f"Invalid cursor: {cursor}") from exc
