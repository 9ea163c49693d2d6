"""Reading page bodies out of v1 and v2 write requests."""

from __future__ import annotations

from typing import Any

from sandbox.confluence.errors import ConfluenceError
from sandbox.confluence.storage_check import check_storage


def storage_value(body: Any) -> str | None:
    """The storage XML of a request ``body`` (flat v2, or nested ``{"storage": {...}}``).

    Checked like Confluence checks it; 400 for a representation the sandbox cannot store.
    """
    if body is None:
        return None
    if not isinstance(body, dict):
        raise ConfluenceError(400, "body must be an object")
    if "storage" in body and isinstance(body["storage"], dict):
        body = body["storage"]
    elif set(body) - {"representation", "value"}:
        raise ConfluenceError(400, f"sandbox stores storage format only, got {sorted(body)}")
    representation = body.get("representation", "storage")
    if representation != "storage":
        raise ConfluenceError(400, f"sandbox stores storage format only, got {representation}")
    value = body.get("value")
    if not isinstance(value, str):
        raise ConfluenceError(400, "body value must be a string")
    check_storage(value)
    return value
