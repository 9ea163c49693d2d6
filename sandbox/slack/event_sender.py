"""Slack -> app: what Slack POSTs to the app's request URL, really signed (or, after
``use_socket_mode()``, sends as envelopes over the app's Socket Mode connection).

Build a request, then ``send`` it::

    request = running.events.user_message(SEED.alice, SEED.general, f"<@{bot}> pain ...")
    delivery = running.events.send(request)            # signed with the app's secret
    running.events.retry(delivery)                     # same body and event_id, Retry-Num 1

Builders put what a person does into the state first (the message typed, the view
values) and issue trigger ids and response_urls, so the app's follow-up Web API calls
find them. ``send(stale=True)`` signs with a six-minute-old timestamp and
``send(secret=...)`` with another secret, for negative tests. What the app's answer asks
of Slack (a view_submission's response_action, a command's reply) is carried out by
``ack_effects`` and noted in ``delivery.effect``.
"""

from __future__ import annotations

import json
import threading
import time

import httpx

from sandbox.slack.ack_effects import apply_ack
from sandbox.slack.deliveries import Delivery, SlackRequest
from sandbox.slack.request_builder import RequestBuilder
from sandbox.slack.signing import STALE_SECONDS, signed_headers
from sandbox.slack.socket_mode import SocketModeServer
from sandbox.slack.state import SlackState


class SlackEventSender(RequestBuilder):
    """The builders of ``RequestBuilder`` plus delivery: ``configure`` (HTTP request URL)
    or ``use_socket_mode`` (envelopes over the app's open websocket), ``send``, ``retry``
    and the ``deliveries`` made so far."""

    def __init__(
        self,
        state: SlackState,
        root_url: str,
        socket_mode: SocketModeServer | None = None,
        *,
        timeout: float = 10.0,
    ) -> None:
        super().__init__(state, root_url)
        self._timeout = timeout
        self._lock = threading.Lock()
        self._socket_mode = socket_mode
        self._via_socket = False
        self.request_url: str | None = None
        self.signing_secret = state.app.signing_secret
        self.deliveries: list[Delivery] = []

    def configure(self, request_url: str, *, signing_secret: str | None = None) -> None:
        """Deliver to ``request_url`` (events, interactivity and commands alike, as the
        app manifest sets them), signed with ``signing_secret`` (default: the app's)."""
        self.request_url = request_url
        self._via_socket = False
        if signing_secret is not None:
            self.signing_secret = signing_secret

    def use_socket_mode(self, *, wait: float = 5.0) -> None:
        """Deliver over Socket Mode; waits up to ``wait`` seconds for the app to connect."""
        if self._socket_mode is None:
            raise RuntimeError("this sender has no Socket Mode server")
        deadline = time.monotonic() + wait
        while self._socket_mode.connections == 0:
            if time.monotonic() > deadline:
                raise TimeoutError("the app did not open a Socket Mode connection")
            time.sleep(0.01)
        self._via_socket = True

    def send(
        self,
        request: SlackRequest,
        *,
        stale: bool = False,
        secret: str | None = None,
        timestamp: int | None = None,
        retry_num: int = 0,
        retry_reason: str = "http_timeout",
    ) -> Delivery:
        """Deliver ``request`` (signed POST, or Socket Mode envelope); the app's answer is
        applied. ``stale``/``secret``/``timestamp`` shape the signature (HTTP only)."""
        if self._via_socket:
            delivery = self._over_socket(request, retry_num, retry_reason)
        else:
            delivery = self._post(request, stale, secret, timestamp, retry_num, retry_reason)
        apply_ack(self._state, delivery)
        with self._lock:
            self.deliveries.append(delivery)
        return delivery

    def retry(self, delivery: Delivery, reason: str = "http_timeout") -> Delivery:
        """Send the same request again, as Slack retries: same body and event_id, with
        ``X-Slack-Retry-Num`` one higher and ``X-Slack-Retry-Reason`` (over Socket Mode:
        ``retry_attempt`` / ``retry_reason``)."""
        return self.send(delivery.request, retry_num=delivery.retry_num + 1, retry_reason=reason)

    def _post(
        self,
        request: SlackRequest,
        stale: bool,
        secret: str | None,
        timestamp: int | None,
        retry_num: int,
        retry_reason: str,
    ) -> Delivery:
        if self.request_url is None:
            raise RuntimeError("no request URL configured (call configure first)")
        body = request.body()
        moment = timestamp if timestamp is not None else int(time.time())
        if stale:
            moment -= STALE_SECONDS
        key = secret if secret is not None else self.signing_secret
        headers = signed_headers(key, moment, body, request.content_type)
        if retry_num:
            headers["X-Slack-Retry-Num"] = str(retry_num)
            headers["X-Slack-Retry-Reason"] = retry_reason
        delivery = Delivery(request, body, headers, retry_num=retry_num)
        started = time.perf_counter()
        try:
            answer = httpx.post(
                self.request_url, content=body, headers=headers, timeout=self._timeout
            )
            delivery.status = answer.status_code
            delivery.answer = answer.content
            delivery.answer_type = answer.headers.get("content-type", "")
        except httpx.HTTPError as exc:
            delivery.status = type(exc).__name__
        delivery.elapsed_ms = (time.perf_counter() - started) * 1000
        return delivery

    def _over_socket(self, request: SlackRequest, retry_num: int, retry_reason: str) -> Delivery:
        assert self._socket_mode is not None
        delivery = Delivery(request, json.dumps(request.payload).encode(), {}, retry_num=retry_num)
        started = time.perf_counter()
        acked, payload = self._socket_mode.deliver(
            request.kind, request.payload, retry_attempt=retry_num, retry_reason=retry_reason
        )
        delivery.elapsed_ms = (time.perf_counter() - started) * 1000
        delivery.status = 200 if acked else "no ack"
        if payload is not None:
            delivery.answer = json.dumps(payload).encode()
            delivery.answer_type = "application/json"
        return delivery
