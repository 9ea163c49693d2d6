"""Load the Slack descriptions the sandbox checks against (``../shared/specs/slack``).

* Web API: the OpenAPI 3 conversion of Slack's 2020 description (USING.md 3b). Patches,
  in memory: the server is the sandbox's ``/api``; the security requirements are dropped
  (the sandbox checks tokens itself; openapi-core cannot read the oauth2 scheme).
* Block Kit: the community JSON Schema (3c); views through ``#/$defs/modal_view`` and
  ``#/$defs/home_view`` on a copy without the top-level array rules.
* Events API envelope (3d): draft-07 wrapper schema with ``authed_users`` no longer
  required (Slack stopped sending it).
* java-slack-sdk sample payloads: the shapes answers and payloads must keep to.
"""

from __future__ import annotations

import copy
import functools
from pathlib import Path
from typing import Any

from jsonschema import Draft7Validator, Draft202012Validator
from openapi_core import OpenAPI

from sandbox.common.specs import SPEC_HOST, drop_security, openapi_from, read_json, spec_folder

WEB_API = "slack_web_openapi_v2.oas3.json"
BLOCK_KIT = "slack-block-kit.schema.json"
EVENT_WRAPPER = "slack_common_event_wrapper_schema.json"
API_PREFIX = "/api"
VIEW_KINDS = {"modal": "modal_view", "home": "home_view"}


def web_api_dir() -> Path:
    return spec_folder("slack/web-api/derived", (WEB_API,), "Slack Web API")


def block_kit_dir() -> Path:
    return spec_folder("slack/block-kit", (BLOCK_KIT,), "Slack Block Kit")


def events_dir() -> Path:
    return spec_folder("slack/events-api", (EVENT_WRAPPER,), "Slack Events API")


def samples_dir() -> Path:
    return spec_folder("slack/samples", ("api/auth.test.json",), "Slack sample payloads")


@functools.cache
def web_api_spec() -> dict[str, Any]:
    """The patched Web API description, loaded once per process (do not modify)."""
    spec: dict[str, Any] = read_json(web_api_dir() / WEB_API)
    spec["servers"] = [{"url": SPEC_HOST + API_PREFIX}]
    drop_security(spec)
    return spec


@functools.cache
def load_web_api() -> OpenAPI:
    return openapi_from(web_api_spec())


@functools.cache
def block_kit_schema() -> dict[str, Any]:
    schema: dict[str, Any] = read_json(block_kit_dir() / BLOCK_KIT)
    return schema


@functools.cache
def blocks_validator() -> Draft202012Validator:
    """Validates a message's ``blocks`` array."""
    return Draft202012Validator(block_kit_schema())


@functools.cache
def view_validator(kind: str) -> Draft202012Validator:
    """Validates a ``modal`` or ``home`` view (KeyError for other kinds)."""
    schema = copy.deepcopy(block_kit_schema())
    for rule in ("type", "minItems", "maxItems", "items"):
        schema.pop(rule, None)
    schema["$ref"] = f"#/$defs/{VIEW_KINDS[kind]}"
    return Draft202012Validator(schema)


@functools.cache
def event_wrapper_validator() -> Draft7Validator:
    schema: dict[str, Any] = read_json(events_dir() / EVENT_WRAPPER)
    schema["required"] = [name for name in schema["required"] if name != "authed_users"]
    return Draft7Validator(schema)


@functools.cache
def sample(relative: str) -> Any:
    """One java-slack-sdk sample (``api/chat.postMessage.json``); None when absent."""
    path = samples_dir() / relative
    return read_json(path) if path.is_file() else None


def load_all() -> None:
    """Load every description now, so a missing file stops the sandbox at start."""
    load_web_api()
    blocks_validator()
    for kind in VIEW_KINDS:
        view_validator(kind)
    event_wrapper_validator()
    samples_dir()
