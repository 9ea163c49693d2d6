"""Load and patch the Confluence API descriptions the sandbox checks requests against.

Where they live and how a missing folder fails: ``sandbox.common.specs``.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from openapi_core import OpenAPI

from sandbox.common.specs import (
    SPEC_HOST,
    SPECS_ENV,
    SpecsNotFoundError,
    drop_security,
    openapi_from,
    read_json,
    spec_folder,
    walk,
)

__all__ = [
    "CLOUD_V1",
    "CLOUD_V2",
    "DC_V1",
    "SPECS_ENV",
    "SPEC_FILES",
    "SPEC_HOST",
    "SpecsNotFoundError",
    "load_openapi",
    "patch_spec",
    "specs_dir",
]

CLOUD_V2 = "confluence-v2.openapi.json"
CLOUD_V1 = "confluence-v1.openapi.json"
DC_V1 = "confluence-v1.openapi.2024-02-with-content.json"
SPEC_FILES = (CLOUD_V2, CLOUD_V1, DC_V1)

_SERVERS = {
    CLOUD_V2: f"{SPEC_HOST}/wiki/api/v2",
    CLOUD_V1: SPEC_HOST,
    DC_V1: SPEC_HOST,
}


def specs_dir() -> Path:
    """Where the Confluence specs are; raises SpecsNotFoundError when any is missing."""
    return spec_folder("atlassian/confluence", SPEC_FILES, "Confluence")


def patch_spec(spec: dict[str, Any], name: str) -> dict[str, Any]:
    """Apply the in-memory fixes of USING.md (plus the sandbox's own) to a loaded spec."""
    spec["servers"] = [{"url": _SERVERS[name]}]
    for node in walk(spec):
        # USING.md 2: v2 body oneOf [PageBodyWrite, PageNestedBodyWrite] always matches both.
        branches = node.get("oneOf")
        if isinstance(branches, list) and any(
            str(b.get("$ref", "")).endswith("BodyWrite") for b in branches if isinstance(b, dict)
        ):
            node["anyOf"] = node.pop("oneOf")
        schema = node.get("schema") if "in" in node else None
        if isinstance(schema, dict):
            # USING.md 3: array parameters with the enum on the array instead of its items.
            if schema.get("type") == "array" and "enum" in schema:
                items = schema.setdefault("items", {})
                items["enum"] = schema.pop("enum")
            # USING.md 3a: `default: null` on a parameter that is not nullable.
            if "default" in schema and schema["default"] is None and not schema.get("nullable"):
                del schema["default"]
    drop_security(spec)
    return spec


@functools.cache
def load_openapi(name: str) -> OpenAPI:
    """The patched openapi-core object for one spec file, loaded once per process."""
    return openapi_from(patch_spec(read_json(specs_dir() / name), name))
