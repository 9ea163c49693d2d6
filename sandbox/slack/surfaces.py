"""Views (modals and App Home), trigger ids and response_urls.

A modal opens on a fresh trigger_id (used once, within ``trigger_ttl`` seconds) and sits
on the user's modal stack (at most three: views.push beyond that is ``push_limit_reached``).
Each App Home is one view per user whose id stays and whose ``hash`` changes on every
publish. An update naming an old hash is a ``hash_conflict``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from sandbox.slack.errors import SlackError
from sandbox.slack.ids import IdMaker
from sandbox.slack.model import ResponsePost, ResponseUrl, Team, Trigger, View

MODAL_STACK_LIMIT = 3
TRIGGER_TTL_SECONDS = 3.0


class Surfaces:
    def __init__(
        self, lock: threading.RLock, ids: IdMaker, clock: Callable[[], float], app_id: str
    ) -> None:
        self._lock = lock
        self._ids = ids
        self._clock = clock
        self._app_id = app_id
        self.trigger_ttl = TRIGGER_TTL_SECONDS
        self.views: dict[str, View] = {}
        self.triggers: dict[str, Trigger] = {}
        self.response_urls: dict[str, ResponseUrl] = {}
        self.response_posts: list[ResponsePost] = []
        self._stacks: dict[tuple[str, str], list[str]] = {}
        self._homes: dict[tuple[str, str], str] = {}

    # -- triggers and response_urls --------------------------------------------------------
    def issue_trigger(self, team_id: str, user_id: str, view_id: str | None = None) -> Trigger:
        with self._lock:
            trigger = Trigger(
                self._ids.trigger_id(), team_id, user_id, self._clock(), False, view_id
            )
            self.triggers[trigger.id] = trigger
            return trigger

    def use_trigger(self, trigger_id: str, team: Team) -> Trigger:
        """Spend a trigger: ``invalid_trigger_id``, ``exchanged_trigger_id`` (used before)
        or ``expired_trigger_id`` (older than ``trigger_ttl``) like Slack."""
        with self._lock:
            trigger = self.triggers.get(trigger_id)
            if trigger is None or trigger.team_id != team.id:
                raise SlackError("invalid_trigger_id")
            if trigger.used:
                raise SlackError("exchanged_trigger_id")
            if self._clock() - trigger.issued_at > self.trigger_ttl:
                raise SlackError("expired_trigger_id")
            trigger.used = True
            return trigger

    def issue_response_url(self, response_url: ResponseUrl) -> ResponseUrl:
        with self._lock:
            self.response_urls[response_url.id] = response_url
            return response_url

    # -- views -------------------------------------------------------------------------------
    def _new_view(
        self, team: Team, user_id: str, payload: dict[str, Any], root: str | None
    ) -> View:
        view_id = self._ids.object_id("V")
        view = View(
            id=view_id,
            team_id=team.id,
            user_id=user_id,
            type=str(payload.get("type")),
            payload=payload,
            hash=self._ids.view_hash(),
            app_id=self._app_id,
            bot_id=team.bot_id,
            root_view_id=root or view_id,
            external_id=str(payload.get("external_id", "")),
        )
        if view.external_id and self.find_view(team.id, external_id=view.external_id):
            raise SlackError("duplicate_external_id")
        self.views[view.id] = view
        return view

    def open_modal(self, team: Team, user_id: str, payload: dict[str, Any]) -> View:
        """views.open: a new modal stack for the user."""
        with self._lock:
            self.close_modals(team.id, user_id)
            view = self._new_view(team, user_id, payload, None)
            self._stacks[(team.id, user_id)] = [view.id]
            return view

    def push_modal(self, team: Team, user_id: str, payload: dict[str, Any]) -> View:
        """views.push (or a ``push`` response_action): a view on top of the open modal."""
        with self._lock:
            stack = self._stacks.get((team.id, user_id), [])
            if not stack:
                raise SlackError("not_found")
            if len(stack) >= MODAL_STACK_LIMIT:
                raise SlackError("push_limit_reached")
            view = self._new_view(team, user_id, payload, stack[0])
            view.previous_view_id = stack[-1]
            stack.append(view.id)
            return view

    def update_view(self, view: View, payload: dict[str, Any], expected_hash: str | None) -> View:
        """views.update: replace the view; ``hash_conflict`` when ``expected_hash`` is stale."""
        with self._lock:
            if expected_hash is not None and expected_hash != view.hash:
                raise SlackError("hash_conflict")
            if payload.get("type") != view.type:
                raise SlackError("invalid_arguments")
            view.payload = payload
            view.external_id = str(payload.get("external_id", view.external_id))
            view.hash = self._ids.view_hash()
            return view

    def publish_home(
        self, team: Team, user_id: str, payload: dict[str, Any], expected_hash: str | None
    ) -> View:
        """views.publish: the user's App Home, same id each time, fresh hash."""
        with self._lock:
            home_id = self._homes.get((team.id, user_id))
            if home_id is None:
                if expected_hash is not None:
                    raise SlackError("hash_conflict")
                view = self._new_view(team, user_id, payload, None)
                self._homes[(team.id, user_id)] = view.id
                return view
            return self.update_view(self.views[home_id], payload, expected_hash)

    def close_modals(self, team_id: str, user_id: str, keep: int = 0) -> None:
        """Close the user's modals above the first ``keep`` (0: all of them)."""
        with self._lock:
            stack = self._stacks.get((team_id, user_id), [])
            for view_id in stack[keep:]:
                self.views[view_id].closed = True
            del stack[keep:]

    def find_view(
        self, team_id: str, view_id: str | None = None, external_id: str | None = None
    ) -> View | None:
        with self._lock:
            for view in self.views.values():
                if view.team_id != team_id or view.closed:
                    continue
                if (view_id and view.id == view_id) or (
                    external_id and view.external_id == external_id
                ):
                    return view
            return None

    def home_view(self, user_id: str, team_id: str | None = None) -> View | None:
        """The user's published App Home (in ``team_id``, or any team)."""
        with self._lock:
            for (team, user), view_id in self._homes.items():
                if user == user_id and team_id in (None, team):
                    return self.views[view_id]
            return None

    def modal_stack(self, user_id: str, team_id: str | None = None) -> list[View]:
        """The user's open modals, bottom first."""
        with self._lock:
            return [
                self.views[view_id]
                for (team, user), stack in self._stacks.items()
                if user == user_id and team_id in (None, team)
                for view_id in stack
            ]
