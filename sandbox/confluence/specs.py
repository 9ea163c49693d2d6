"""Locate, load and patch the vendor API descriptions the sandbox checks requests against.

The specs live outside the project (``<root>/../shared/specs``) or wherever
``JOURNEYOPS_SPECS_DIR`` points. Loading fails loudly: a sandbox that silently skipped
validation would let requests Confluence refuses pass the tests.
"""

from __future__ import annotations

import functools
import json
import os
from pathlib import Path
from typing import Any

from openapi_core import Config, OpenAPI

SPECS_ENV = "JOURNEYOPS_SPECS_DIR"
SPEC_HOST = "http://sandbox.invalid"

CLOUD_V2 = "confluence-v2.openapi.json"
CLOUD_V1 = "confluence-v1.openapi.json"
DC_V1 = "confluence-v1.openapi.2024-02-with-content.json"
SPEC_FILES = (CLOUD_V2, CLOUD_V1, DC_V1)

_SERVERS = {
    CLOUD_V2: f"{SPEC_HOST}/wiki/api/v2",
    CLOUD_V1: SPEC_HOST,
    DC_V1: SPEC_HOST,
}


class SpecsNotFoundError(RuntimeError):
    """The Confluence API descriptions are missing; the sandbox refuses to start."""


def project_root() -> Path:
    """The project root: two levels above this package's directory."""
    return Path(__file__).resolve().parents[2]


def specs_dir() -> Path:
    """Where the Confluence specs are; raises SpecsNotFoundError when any is missing."""
    override = os.environ.get(SPECS_ENV)
    base = Path(override) if override else project_root().parent / "shared" / "specs"
    folder = base / "atlassian" / "confluence"
    missing = [name for name in SPEC_FILES if not (folder / name).is_file()]
    if missing:
        raise SpecsNotFoundError(
            f"Confluence API descriptions not found in {folder} (missing: {', '.join(missing)}). "
            f"Set {SPECS_ENV} to the folder that holds atlassian/confluence/."
        )
    return folder


def _walk(node: Any) -> Any:
    """Yield every dict inside a JSON document."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def patch_spec(spec: dict[str, Any], name: str) -> dict[str, Any]:
    """Apply the in-memory fixes of USING.md (plus the sandbox's own) to a loaded spec."""
    spec["servers"] = [{"url": _SERVERS[name]}]
    for node in _walk(spec):
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
    for path_item in spec.get("paths", {}).values():
        for operation in path_item.values():
            # The sandbox checks credentials itself (DC personal access tokens are Bearer
            # tokens, which the Cloud-derived descriptions do not model).
            if isinstance(operation, dict):
                operation.pop("security", None)
    spec.pop("security", None)
    return spec


@functools.cache
def load_openapi(name: str) -> OpenAPI:
    """The patched openapi-core object for one spec file, loaded once per process."""
    path = specs_dir() / name
    spec = patch_spec(json.loads(path.read_text(encoding="utf-8")), name)
    return OpenAPI.from_dict(spec, config=Config(spec_validator_cls=None))  # type: ignore[arg-type]
