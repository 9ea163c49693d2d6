"""Check each Web API call against Slack's published description (USING.md 3b).

Slack's description models calls unlike slack_sdk sends them: the token is a parameter
(a ``token`` header or query field) where slack_sdk sends ``Authorization: Bearer``, and
bodies are form fields where slack_sdk often sends JSON. So the call is normalised first:
every parameter goes where the description declares it (header, query or form field),
JSON objects and arrays become JSON strings, booleans ``true``/``false`` (slack_sdk sends
form booleans as 1/0). Then openapi-core checks names, required parameters and types.

A parameter the description does not know is refused (Slack would silently ignore a
misspelt ``thread_tss`` and post to the channel instead of the thread), except the newer
ones listed in ``NEWER_PARAMETERS`` (present in Slack's current docs and in slack_sdk's
signatures), and ``team_id`` on any method: Slack takes it everywhere (org-wide apps
need it) and Bolt's per-request client sends it with every call. Methods missing from
the 2020 description are checked against ``NOT_IN_SPEC`` instead.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from werkzeug.datastructures import MultiDict

from sandbox.common import spec_check
from sandbox.slack.errors import SpecViolation, invalid_arguments
from sandbox.slack.specs import API_PREFIX, WEB_API, load_web_api, web_api_spec

FORM = "application/x-www-form-urlencoded"
ANY_METHOD = frozenset({"token", "team_id"})
NEWER_PARAMETERS: dict[str, frozenset[str]] = {
    "chat.postMessage": frozenset({"metadata", "markdown_text"}),
    "chat.postEphemeral": frozenset({"markdown_text"}),
    "chat.update": frozenset({"metadata", "markdown_text", "file_ids", "reply_broadcast"}),
    "conversations.history": frozenset({"include_all_metadata"}),
    "conversations.replies": frozenset({"include_all_metadata"}),
    "oauth.v2.access": frozenset({"grant_type", "refresh_token"}),
    "team.info": frozenset({"domain"}),
}


@dataclass(frozen=True)
class Described:
    """A method missing from the 2020 description: its parameters per Slack's docs."""

    required: frozenset[str]
    optional: frozenset[str]


NOT_IN_SPEC = {"apps.connections.open": Described(frozenset(), frozenset())}


def as_form_value(value: Any) -> str:
    """How Slack reads a JSON value sent as a form field."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return json.dumps(value, separators=(",", ":"))
    return str(value)


def is_known(method: str) -> bool:
    return f"/{method}" in web_api_spec()["paths"] or method in NOT_IN_SPEC


def _operation(method: str) -> tuple[str, dict[str, Any]]:
    verb, operation = next(iter(web_api_spec()["paths"][f"/{method}"].items()))
    return verb, operation


def _body_properties(operation: dict[str, Any]) -> dict[str, Any]:
    content = operation.get("requestBody", {}).get("content", {})
    properties: dict[str, Any] = content.get(FORM, {}).get("schema", {}).get("properties", {})
    return properties


def _check_undescribed(method: str, params: dict[str, Any]) -> None:
    described = NOT_IN_SPEC[method]
    missing = sorted(described.required - set(params))
    unknown = sorted(set(params) - described.required - described.optional - ANY_METHOD)
    if missing:
        raise invalid_arguments(f"{method}: missing required parameter(s) {missing}")
    if unknown:
        raise invalid_arguments(f"{method}: unknown parameter(s) {unknown}")


def check_call(method: str, params: dict[str, Any], token: str | None) -> None:
    """Raise SpecViolation when Slack's description refuses ``method`` with ``params``
    (the token travels separately, as slack_sdk sends it)."""
    if method in NOT_IN_SPEC:
        _check_undescribed(method, params)
        return
    verb, operation = _operation(method)
    declared = {p["name"]: p for p in operation.get("parameters", [])}
    body_fields = _body_properties(operation)
    args: MultiDict[str, str] = MultiDict()
    headers: dict[str, str] = {}
    form: dict[str, str] = {}
    given = dict(params)
    if token is not None:
        given["token"] = token
    for name, value in given.items():
        text = as_form_value(value)
        schema = declared[name]["schema"] if name in declared else body_fields.get(name, {})
        if schema.get("type") == "boolean" and text in ("1", "0"):
            text = "true" if text == "1" else "false"
        place = declared[name]["in"] if name in declared else None
        if place == "header":
            headers[name] = text
        elif place == "query":
            args[name] = text
        elif place is not None or name in body_fields:
            form[name] = text
        elif name not in NEWER_PARAMETERS.get(method, frozenset()) | ANY_METHOD:
            raise invalid_arguments(f"{method}: unknown parameter {name!r}")
    body = urlencode(form).encode() if operation.get("requestBody") else b""
    try:
        spec_check.check_request(
            load_web_api(), WEB_API, verb, f"{API_PREFIX}/{method}", args, body, FORM, headers
        )
    except spec_check.Refusal as exc:
        raise invalid_arguments(exc.detail) from exc


def unknown_method(method: str, reason: str) -> SpecViolation:
    violation = SpecViolation("unknown_method", f"{method}: {reason}", reason=reason, status=404)
    violation.extra["req_method"] = method
    return violation
