"""Locate and load the vendor API descriptions the stand-ins check requests against.

The specs live outside the project (``<root>/../shared/specs``) or wherever
``JOURNEYOPS_SPECS_DIR`` points. Loading fails loudly: a stand-in that silently skipped
validation would let requests the real service refuses pass the tests.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from openapi_core import Config, OpenAPI

SPECS_ENV = "JOURNEYOPS_SPECS_DIR"
SPEC_HOST = "http://sandbox.invalid"


class SpecsNotFoundError(RuntimeError):
    """The vendor API descriptions are missing; the stand-in refuses to start."""


def project_root() -> Path:
    """The project root: two levels above this package's directory."""
    return Path(__file__).resolve().parents[2]


def spec_folder(subfolder: str, names: tuple[str, ...], product: str) -> Path:
    """``<specs>/<subfolder>``; raises SpecsNotFoundError when any of ``names`` is missing."""
    override = os.environ.get(SPECS_ENV)
    base = Path(override) if override else project_root().parent / "shared" / "specs"
    folder = base / subfolder
    missing = [name for name in names if not (folder / name).is_file()]
    if missing:
        raise SpecsNotFoundError(
            f"{product} API descriptions not found in {folder} (missing: {', '.join(missing)}). "
            f"Set {SPECS_ENV} to the folder that holds {subfolder}/."
        )
    return folder


def read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def walk(node: Any) -> Iterator[dict[str, Any]]:
    """Yield every dict inside a JSON document."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from walk(value)


def drop_security(spec: dict[str, Any]) -> None:
    """Remove the security requirements: the stand-ins check credentials themselves (Data
    Center personal access tokens are Bearer tokens, which the Cloud descriptions lack)."""
    for path_item in spec.get("paths", {}).values():
        for operation in path_item.values():
            if isinstance(operation, dict):
                operation.pop("security", None)
    spec.pop("security", None)


def openapi_from(spec: dict[str, Any]) -> OpenAPI:
    """An openapi-core object for a patched spec (vendor specs fail strict spec validation)."""
    return OpenAPI.from_dict(spec, config=Config(spec_validator_cls=None))  # type: ignore[arg-type]
