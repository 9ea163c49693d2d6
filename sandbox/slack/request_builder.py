"""Build what Slack sends to the app: Events API envelopes, interactivity payloads and
slash commands, each as a ``SlackRequest``.

Builders first put what a person does into the state (the message typed, the values
entered in a modal) and issue trigger ids and response_urls, so the app's follow-up Web
API calls find them. ``SlackEventSender`` (``event_sender.py``) signs and sends them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, Concatenate, ParamSpec, TypeVar

from sandbox.slack import event_payloads, interaction_payloads
from sandbox.slack.deliveries import SlackRequest
from sandbox.slack.links import response_url
from sandbox.slack.model import ResponseUrl, Team, User
from sandbox.slack.rich_text import rich_text_blocks
from sandbox.slack.sample_shapes import payload_shape_problem
from sandbox.slack.state import SlackState
from sandbox.slack.view_values import action, state_values

P = ParamSpec("P")
R = TypeVar("R")


def _under_lock(
    build: Callable[Concatenate[RequestBuilder, P], R],
) -> Callable[Concatenate[RequestBuilder, P], R]:
    """Build holding the state's lock: the sandbox's request threads share the state."""

    @functools.wraps(build)
    def run(builder: RequestBuilder, /, *args: P.args, **kwargs: P.kwargs) -> R:
        with builder._state.lock:
            return build(builder, *args, **kwargs)

    return run


class RequestBuilder:
    """Builders of the requests Slack sends; ``root_url`` is where response_urls point."""

    def __init__(self, state: SlackState, root_url: str) -> None:
        self._state = state
        self._root_url = root_url

    def _made(self, request: SlackRequest) -> SlackRequest:
        """Vouch for a built request: a key Slack's samples lack is the sandbox's fault."""
        problem = payload_shape_problem(request.kind, request.payload)
        if problem is not None:
            where = {"method": "build", "path": request.kind, "query": ""}
            self._state.record_violation(where | {"reason": "sandbox payload", "detail": problem})
        return request

    # -- lookups ---------------------------------------------------------------------------
    def _person(self, user_id: str) -> tuple[Team, User]:
        user = self._state.workspace.users[user_id]
        return self._state.workspace.teams[user.team_id], user

    def _response_url(self, team: Team, user: User, channel_id: str | None, **about: Any) -> str:
        issued = ResponseUrl(self._state.ids.opaque(), team.id, channel_id, user.id, **about)
        self._state.surfaces.issue_response_url(issued)
        return response_url(self._root_url, issued.id)

    # -- Events API ------------------------------------------------------------------------
    @_under_lock
    def user_message(
        self, user_id: str, channel_id: str, text: str, *, thread_ts: str | None = None
    ) -> SlackRequest:
        """Post a person's message (into a thread with ``thread_ts``) and return the event
        Slack sends for it: ``app_mention`` when it mentions the bot, else ``message``.
        (With both subscriptions Slack sends both; ``message_event`` builds the other.)"""
        team, user = self._person(user_id)
        channel = self._state.workspace.channel(team, channel_id)
        block_id = self._state.ids.opaque()[:5]
        blocks = rich_text_blocks(text, block_id)
        message = self._state.chat.post_as_user(
            channel, user.id, text, thread_ts=thread_ts, blocks=blocks
        )
        if f"<@{team.bot_user_id}>" in text:
            payload = event_payloads.app_mention_event(self._state, message, channel)
        else:
            payload = event_payloads.message_event(self._state, message, channel)
        return self._made(SlackRequest("events", payload))

    @_under_lock
    def message_event(self, channel_id: str, ts: str) -> SlackRequest:
        """The ``message`` event of a stored message (the bot's own carries ``bot_id``)."""
        channel = self._state.workspace.channels[channel_id]
        message = self._state.chat.find(channel_id, ts)
        if message is None:
            raise KeyError(f"no message {ts} in {channel_id}")
        payload = event_payloads.message_event(self._state, message, channel)
        return self._made(SlackRequest("events", payload))

    @_under_lock
    def app_home_opened(self, user_id: str, *, tab: str = "home") -> SlackRequest:
        team, user = self._person(user_id)
        payload = event_payloads.app_home_opened_event(self._state, team, user.id, tab)
        return self._made(SlackRequest("events", payload))

    @_under_lock
    def url_verification(self, challenge: str | None = None) -> SlackRequest:
        return SlackRequest("events", event_payloads.url_verification(self._state, challenge))

    # -- interactivity -----------------------------------------------------------------------
    @_under_lock
    def block_action(
        self,
        user_id: str,
        action_id: str,
        *,
        channel_id: str | None = None,
        message_ts: str | None = None,
        view_id: str | None = None,
        value: Any = None,
    ) -> SlackRequest:
        """A person uses ``action_id`` in a view, or in a message (also an ephemeral one
        shown to them); ``value``: what they chose or typed. ValueError when there is no
        such element."""
        team, user = self._person(user_id)
        state = self._state
        if view_id is not None:
            view = state.surfaces.views[view_id]
            trigger = state.surfaces.issue_trigger(team.id, user.id, view.id)
            used = action(view.payload.get("blocks", []), action_id, value, state.ids.ts())
            payload = interaction_payloads.block_actions(
                state,
                team,
                user,
                used,
                container={"type": "view", "view_id": view.id},
                trigger_id=trigger.id,
                view=view,
            )
            return self._made(SlackRequest("interactivity", payload, trigger.id))
        channel = state.workspace.channel(team, channel_id or "")
        message = state.chat.find(channel.id, message_ts or "")
        shown = [e for e in state.chat.ephemerals_for(user.id, channel.id) if e.ts == message_ts]
        if message is None and not shown:
            raise ValueError(f"{user_id} sees no message {message_ts} in {channel.id}")
        blocks = message.blocks if message is not None else shown[-1].blocks
        used = action(blocks or [], action_id, value, state.ids.ts())
        source = message if message is not None else shown[-1]
        thread_ts = source.thread_ts if source.thread_ts != source.ts else None
        url = self._response_url(
            team,
            user,
            channel.id,
            message_ts=message_ts,
            source_is_ephemeral=message is None,
            thread_ts=thread_ts,
        )
        container: dict[str, Any] = {
            "type": "message",
            "message_ts": message_ts,
            "channel_id": channel.id,
            "is_ephemeral": message is None,
        }
        trigger = state.surfaces.issue_trigger(team.id, user.id)
        payload = interaction_payloads.block_actions(
            state,
            team,
            user,
            used,
            container=container,
            trigger_id=trigger.id,
            channel=channel,
            message=message,
            response_url=url,
        )
        return self._made(SlackRequest("interactivity", payload, trigger.id, url))

    @_under_lock
    def view_submission(
        self, user_id: str, view_id: str, answers: dict[str, Any] | None = None
    ) -> SlackRequest:
        """A person submits the open modal ``view_id`` with ``answers`` by action_id."""
        team, user = self._person(user_id)
        view = self._state.surfaces.views[view_id]
        if view.closed or view.user_id != user.id or view.type != "modal":
            raise ValueError(f"{user_id} has no open modal {view_id}")
        view.values = state_values(view.payload, answers or {})
        trigger = self._state.surfaces.issue_trigger(team.id, user.id, view.id)
        payload = interaction_payloads.view_submission(self._state, team, user, view, trigger.id)
        return self._made(SlackRequest("interactivity", payload, trigger.id))

    @_under_lock
    def message_shortcut(
        self, user_id: str, channel_id: str, message_ts: str, callback_id: str
    ) -> SlackRequest:
        """A person picks the message shortcut ``callback_id`` on a message."""
        team, user = self._person(user_id)
        channel = self._state.workspace.channel(team, channel_id)
        message = self._state.chat.find(channel.id, message_ts)
        if message is None:
            raise ValueError(f"no message {message_ts} in {channel.id}")
        trigger = self._state.surfaces.issue_trigger(team.id, user.id)
        in_thread = message.thread_ts if message.is_reply else None
        url = self._response_url(team, user, channel.id, thread_ts=in_thread)
        payload = interaction_payloads.message_action(
            self._state,
            team,
            user,
            channel,
            message,
            callback_id=callback_id,
            trigger_id=trigger.id,
            response_url=url,
        )
        return self._made(SlackRequest("interactivity", payload, trigger.id, url))

    @_under_lock
    def global_shortcut(self, user_id: str, callback_id: str) -> SlackRequest:
        team, user = self._person(user_id)
        trigger = self._state.surfaces.issue_trigger(team.id, user.id)
        payload = interaction_payloads.shortcut(
            self._state, team, user, callback_id=callback_id, trigger_id=trigger.id
        )
        return self._made(SlackRequest("interactivity", payload, trigger.id))

    @_under_lock
    def slash_command(
        self, user_id: str, channel_id: str, text: str = "", *, command: str = "/journey"
    ) -> SlackRequest:
        team, user = self._person(user_id)
        channel = self._state.workspace.channel(team, channel_id)
        trigger = self._state.surfaces.issue_trigger(team.id, user.id)
        url = self._response_url(team, user, channel.id)
        fields = interaction_payloads.slash_command(
            self._state,
            team,
            user,
            channel,
            command=command,
            text=text,
            trigger_id=trigger.id,
            response_url=url,
        )
        return self._made(SlackRequest("command", fields, trigger.id, url))
