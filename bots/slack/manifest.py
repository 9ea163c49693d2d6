"""The app manifest (``manifest.yaml``) as data: what the OAuth install asks Slack for,
and what tests compare the registered listeners with."""

from functools import cache
from pathlib import Path
from typing import Any

import yaml

MANIFEST_PATH = Path(__file__).with_name("manifest.yaml")


@cache
def manifest() -> dict[str, Any]:
    """The parsed ``manifest.yaml``."""
    loaded: dict[str, Any] = yaml.safe_load(MANIFEST_PATH.read_text(encoding="utf-8"))
    return loaded


def bot_scopes() -> tuple[str, ...]:
    """The bot token scopes the app asks for, as listed in the manifest."""
    return tuple(manifest()["oauth_config"]["scopes"]["bot"])


def bot_events() -> frozenset[str]:
    """The Events API event types the app subscribes to."""
    return frozenset(manifest()["settings"]["event_subscriptions"]["bot_events"])


def slash_commands() -> frozenset[str]:
    return frozenset(c["command"] for c in manifest()["features"].get("slash_commands", []))


def shortcut_callback_ids() -> frozenset[str]:
    return frozenset(s["callback_id"] for s in manifest()["features"].get("shortcuts", []))
