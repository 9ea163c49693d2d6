"""What a Web API handler gets: the sandbox's parts and one parsed ``Call``."""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from typing import Any

from flask import current_app, request

from sandbox.common.faults import Faults
from sandbox.slack.errors import SlackError, SpecViolation
from sandbox.slack.model import Channel, Team
from sandbox.slack.rate_limits import RateLimits
from sandbox.slack.socket_mode import SocketModeServer
from sandbox.slack.state import SlackState
from sandbox.slack.workspace import Grant

EXTENSION = "slack_sandbox"


@dataclass(frozen=True)
class SlackBox:
    state: SlackState
    faults: Faults
    rate_limits: RateLimits
    socket_mode: SocketModeServer


def box() -> SlackBox:
    found: SlackBox = current_app.extensions[EXTENSION]
    return found


@dataclass(frozen=True)
class Received:
    """A request's parameters (query, form or JSON body merged) and its credentials."""

    params: dict[str, Any]
    token: str | None
    basic: tuple[str, str] | None


def _basic(header: str) -> tuple[str, str] | None:
    scheme, _, encoded = header.partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        user, _, secret = base64.b64decode(encoded).decode().partition(":")
    except (ValueError, binascii.Error):
        return None
    return user, secret


def receive() -> Received:
    """Parse the current request. A token inside a JSON body does not count: Slack wants
    it in the Authorization header when the body is JSON."""
    params: dict[str, Any] = dict(request.args.items())
    header = request.headers.get("Authorization", "")
    is_json = request.mimetype == "application/json"
    if is_json:
        try:
            body = json.loads(request.get_data() or b"{}")
        except ValueError as exc:
            raise SpecViolation("invalid_json", f"body is not JSON: {exc}") from exc
        if not isinstance(body, dict):
            raise SpecViolation("invalid_json", "a JSON body must be an object")
        params.update({k: v for k, v in body.items() if v is not None})
    else:
        params.update(request.form.items())
    scheme, _, bearer = header.partition(" ")
    token = params.pop("token", None)
    if scheme.lower() == "bearer":
        token = bearer.strip()
    elif is_json:
        token = None
    return Received(params, token or None, _basic(header))


@dataclass
class Call:
    """One Web API call after authentication: ``grant`` is None only for oauth.v2.access."""

    method: str
    params: dict[str, Any]
    grant: Grant | None
    state: SlackState
    root_url: str
    basic: tuple[str, str] | None = None

    @property
    def team(self) -> Team:
        if self.grant is None or self.grant.team is None:
            raise SlackError("not_allowed_token_type")
        return self.grant.team

    def text(self, name: str) -> str | None:
        value = self.params.get(name)
        return None if value is None else str(value)

    def flag(self, name: str) -> bool:
        return str(self.params.get(name, "")).lower() in ("true", "1")

    def number(self, name: str, default: int) -> int:
        try:
            return int(self.params.get(name, default))
        except (TypeError, ValueError) as exc:
            raise SlackError("invalid_arguments") from exc

    def structured(self, name: str, error: str = "invalid_arguments") -> Any:
        """A JSON parameter (``blocks``, ``view``), whether sent as JSON or as a string."""
        value = self.params.get(name)
        if not isinstance(value, str):
            return value
        try:
            return json.loads(value)
        except ValueError as exc:
            raise SpecViolation(error, f"{name} is not valid JSON: {exc}") from exc

    def channel(self, name: str = "channel") -> Channel:
        return self.state.workspace.channel(self.team, self.text(name) or "")
