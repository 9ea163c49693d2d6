"""Load and patch the Jira API descriptions and the ADF schema the sandbox checks against.

Patches (in memory, on a copy):
* USING.md 4: ``IssueUpdateDetails`` (create, edit, transition bodies) and
  ``RemoteIssueLinkRequest`` get ``additionalProperties: false``, so a misspelt key
  (``fieldz``, ``globalID``) is refused instead of silently ignored.
* ``IssueTransition.id`` also takes an integer: Jira coerces a numeric id, and
  atlassian-python-api's ``set_issue_status`` sends one.
* v2 ``GET /issue/{key}/remotelink`` answers a list (one link with ``globalId``); the v2
  file declares only the single link, the v3 file both.
* ``ChangeDetails`` ``from``/``to``/``fromString``/``toString`` are nullable: Jira writes
  ``"from": null`` (see the changelog in Atlassian's own webhook example).
* ``format: date-time`` is dropped: Jira writes offsets without a colon
  (``2024-01-15T10:30:00.000+0000``), which the strict format refuses.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from jsonschema import Draft4Validator
from openapi_core import OpenAPI

from sandbox.common.specs import (
    SPEC_HOST,
    drop_security,
    openapi_from,
    read_json,
    spec_folder,
    walk,
)

V3 = "jira-platform-v3.openapi.json"
V2 = "jira-platform-v2.openapi.json"
SPEC_FILES = (V3, V2)
ADF_SCHEMA = "adf-schema-v1-full.json"
STRICT_SCHEMAS = ("IssueUpdateDetails", "RemoteIssueLinkRequest")


def specs_dir() -> Path:
    """Where the Jira specs are; raises SpecsNotFoundError when any is missing."""
    return spec_folder("atlassian/jira", SPEC_FILES, "Jira")


def adf_dir() -> Path:
    return spec_folder("atlassian/adf", (ADF_SCHEMA,), "Atlassian Document Format")


def patch_spec(spec: dict[str, Any]) -> dict[str, Any]:
    spec["servers"] = [{"url": SPEC_HOST}]
    schemas = spec["components"]["schemas"]
    for name in STRICT_SCHEMAS:
        schemas[name]["additionalProperties"] = False
    transition_id = schemas["IssueTransition"]["properties"]["id"]
    transition_id.pop("type", None)
    transition_id["anyOf"] = [{"type": "string"}, {"type": "integer"}]
    for name in ("from", "fromString", "to", "toString"):
        schemas["ChangeDetails"]["properties"][name]["nullable"] = True
    links = spec["paths"].get("/rest/api/2/issue/{issueIdOrKey}/remotelink", {}).get("get")
    if links is not None:
        one = {"$ref": "#/components/schemas/RemoteIssueLink"}
        answer = links["responses"]["200"]["content"]["application/json"]
        answer["schema"] = {"oneOf": [{"type": "array", "items": one}, one]}
    for node in walk(spec):
        if node.get("format") == "date-time" and node.get("type") == "string":
            del node["format"]
    drop_security(spec)
    return spec


@functools.cache
def patched_spec(name: str) -> dict[str, Any]:
    """One spec file with the patches above, loaded once per process (do not modify)."""
    return patch_spec(read_json(specs_dir() / name))


@functools.cache
def load_openapi(name: str) -> OpenAPI:
    """The patched openapi-core object for one spec file, loaded once per process."""
    return openapi_from(patched_spec(name))


@functools.cache
def adf_validator() -> Draft4Validator:
    """Draft 4 validator of Atlassian's full ADF schema (USING.md 7)."""
    return Draft4Validator(read_json(adf_dir() / ADF_SCHEMA))
