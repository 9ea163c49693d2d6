"""Issue entity properties and remote links, with Jira's limits and upsert rules."""

from __future__ import annotations

import json
from typing import Any

from sandbox.jira.errors import JiraError, SpecViolation
from sandbox.jira.model import Issue, RemoteLink
from sandbox.jira.state import JiraState

MAX_KEY = 255
MAX_PROPERTY_BYTES = 32768
MAX_GLOBAL_ID = 255


# -- properties --------------------------------------------------------------------------
def set_property(issue: Issue, key: str, raw: bytes) -> bool:
    """Store the JSON value ``raw`` under ``key``; True when the property is new."""
    if len(key) > MAX_KEY:
        raise SpecViolation(f"The property key cannot be longer than {MAX_KEY} characters.")
    if len(raw) > MAX_PROPERTY_BYTES:
        raise SpecViolation(
            f"The property value cannot be longer than {MAX_PROPERTY_BYTES} bytes.", status=400
        )
    try:
        value = json.loads(raw)
    except ValueError as exc:
        raise SpecViolation("The property value must be valid, non-empty JSON.") from exc
    created = key not in issue.properties
    issue.properties[key] = value
    return created


def get_property(issue: Issue, key: str) -> Any:
    if key not in issue.properties:
        raise JiraError(404, f"The property with key '{key}' does not exist.")
    return issue.properties[key]


def delete_property(issue: Issue, key: str) -> None:
    get_property(issue, key)
    del issue.properties[key]


# -- remote links ------------------------------------------------------------------------
def _check_link(body: dict[str, Any]) -> str | None:
    global_id = body.get("globalId")
    if global_id is not None and len(str(global_id)) > MAX_GLOBAL_ID:
        raise SpecViolation(
            "globalId too long",
            errors={"globalId": f"Global ID must be at most {MAX_GLOBAL_ID} characters."},
        )
    return None if global_id is None else str(global_id)


def _fill(link: RemoteLink, body: dict[str, Any], global_id: str | None) -> RemoteLink:
    # Jira replaces the whole link: fields the request leaves out become empty.
    link.global_id = global_id
    link.object = dict(body["object"])
    link.relationship = body.get("relationship")
    link.application = body.get("application")
    return link


def upsert_remote_link(
    state: JiraState, issue: Issue, body: dict[str, Any]
) -> tuple[RemoteLink, bool]:
    """Create a link, or replace the issue's link with the same ``globalId``.

    Returns the link and whether it is new (Jira answers 201 then, 200 on an update).
    """
    global_id = _check_link(body)
    if global_id is not None:
        for link in issue.remote_links:
            if link.global_id == global_id:
                return _fill(link, body, global_id), False
    link = _fill(RemoteLink(state.new_link_id(), {}), body, global_id)
    issue.remote_links.append(link)
    return link, True


def replace_remote_link(link: RemoteLink, body: dict[str, Any]) -> None:
    _fill(link, body, _check_link(body))


def link_by_id(issue: Issue, link_id: str) -> RemoteLink:
    for link in issue.remote_links:
        if str(link.id) == link_id:
            return link
    raise JiraError(404, f"No remote link with id '{link_id}' exists on issue {issue.key}.")


def link_by_global_id(issue: Issue, global_id: str) -> RemoteLink:
    for link in issue.remote_links:
        if link.global_id == global_id:
            return link
    raise JiraError(404, f"No remote link with global id '{global_id}' exists on {issue.key}.")


def delete_remote_link(issue: Issue, link: RemoteLink) -> None:
    issue.remote_links.remove(link)
