"""What a request handler needs: the state, the flavour, the site links, request parsing."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from flask import current_app, request

from sandbox.common.credentials import Credentials
from sandbox.common.faults import Faults
from sandbox.jira.errors import JiraError
from sandbox.jira.sites import Site
from sandbox.jira.state import JiraState

EXTENSION = "jira_sandbox"


@dataclass(frozen=True)
class JiraConfig:
    """Who may call and where the API lives."""

    flavour: str  # "cloud" | "datacenter"
    credentials: Credentials
    context_path: str = ""

    @property
    def cloud(self) -> bool:
        return self.flavour == "cloud"

    @property
    def prefix(self) -> str:
        """The path under which the API lives: none on Cloud, the context path on DC."""
        return "" if self.cloud else self.context_path.rstrip("/")


@dataclass(frozen=True)
class JiraBox:
    state: JiraState
    faults: Faults
    config: JiraConfig


def box() -> JiraBox:
    found: JiraBox = current_app.extensions[EXTENSION]
    return found


def state() -> JiraState:
    return box().state


def site(version: int) -> Site:
    config = box().config
    return Site(request.host_url.rstrip("/") + config.prefix, config.cloud, version)


def json_body() -> Any:
    """The parsed JSON body; 400 like Jira when it is not JSON."""
    try:
        return json.loads(request.get_data() or b"null")
    except ValueError as exc:
        raise JiraError(400, f"Unexpected character in the request body: {exc}") from exc


def json_object() -> dict[str, Any]:
    body = json_body()
    if not isinstance(body, dict):
        raise JiraError(400, "Can not deserialize the request body: a JSON object is required.")
    return body


def list_arg(name: str) -> list[str]:
    """A comma-separated (or repeated) query parameter as a list of trimmed values."""
    return [p.strip() for v in request.args.getlist(name) for p in v.split(",") if p.strip()]


def int_arg(name: str, default: int) -> int:
    raw = request.args.get(name)
    try:
        return int(raw) if raw is not None else default
    except ValueError as exc:
        raise JiraError(400, f"{name} must be an integer") from exc


def flag_arg(name: str, default: bool = False) -> bool:
    raw = request.args.get(name)
    return default if raw is None else raw.lower() == "true"
