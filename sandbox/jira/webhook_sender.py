"""Signed Jira webhooks from the sandbox to a registered URL.

``configure(url, secret)`` registers a receiver (like an admin webhook with a secret).
From then on every issue change the state announces (created, updated by an edit or a
transition, deleted) is delivered in the background. ``send`` delivers one payload now;
``redeliver`` sends a delivery again with the same ``X-Atlassian-Webhook-Identifier``,
as Jira does when it retries, so receivers can be tested for duplicate handling.

Headers: ``X-Hub-Signature: sha256=<HMAC-SHA256 of the body, hex>``,
``X-Atlassian-Webhook-Identifier``, and ``X-Atlassian-Webhook-Retry`` on a retry.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import queue
import threading
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import httpx

from sandbox.jira.model import ChangeItem, Issue, IssueEvent
from sandbox.jira.sites import Site
from sandbox.jira.state import JiraState
from sandbox.jira.webhook_payload import EVENTS, history_payload, issue_payload

RETRY_STATUSES = {408, 409, 425, 429}


def signature(secret: str, body: bytes) -> str:
    """The ``X-Hub-Signature`` value Jira sends for ``body`` signed with ``secret``."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


@dataclass
class Delivery:
    """One webhook delivery; ``attempts`` holds each try's HTTP status or error name."""

    identifier: str
    event: str
    body: bytes
    attempts: list[int | str] = field(default_factory=list)

    @property
    def payload(self) -> Any:
        return json.loads(self.body)

    @property
    def status(self) -> int | str | None:
        return self.attempts[-1] if self.attempts else None


@dataclass(frozen=True)
class _Target:
    url: str
    secret: str
    events: frozenset[str]
    retries: int
    retry_delay: float


class WebhookSender:
    """Delivers the state's issue events to the configured receiver (see module docs)."""

    def __init__(self, state: JiraState, site: Site, *, timeout: float = 5.0) -> None:
        self._state = state
        self._site = site
        self._timeout = timeout
        self._target: _Target | None = None
        self._lock = threading.Lock()
        self._queue: queue.Queue[Delivery | None] = queue.Queue()
        self._worker: threading.Thread | None = None
        self.deliveries: list[Delivery] = []
        state.listeners.append(self._on_event)

    # -- configuration -------------------------------------------------------------------
    def configure(
        self,
        url: str,
        secret: str,
        *,
        events: Iterable[str] = EVENTS,
        retries: int = 0,
        retry_delay: float = 0.05,
    ) -> None:
        """Send ``events`` to ``url`` signed with ``secret``; retry a failed delivery
        (connection error, 408/409/425/429, 5xx) up to ``retries`` times."""
        unknown = set(events) - set(EVENTS)
        if unknown:
            raise ValueError(f"unknown webhook events: {sorted(unknown)}")
        self._target = _Target(url, secret, frozenset(events), retries, retry_delay)
        with self._lock:
            if self._worker is None:
                self._worker = threading.Thread(target=self._work, daemon=True)
                self._worker.start()

    def disable(self) -> None:
        self._target = None

    def close(self) -> None:
        """Stop the background worker (pending deliveries are sent first)."""
        with self._lock:
            worker, self._worker = self._worker, None
        if worker is not None:
            self._queue.put(None)
            worker.join(timeout=5)

    # -- sending ---------------------------------------------------------------------------
    def _timestamp(self) -> int:
        return int(self._state.now().timestamp() * 1000)

    def _new(self, event: str, payload: dict[str, Any]) -> Delivery:
        body = json.dumps(payload).encode()
        delivery = Delivery(str(uuid.uuid4()), event, body)
        with self._lock:
            self.deliveries.append(delivery)
        return delivery

    def _on_event(self, event: IssueEvent) -> None:
        target = self._target
        name = f"jira:issue_{event.kind}"
        if target is None or name not in target.events:
            return
        payload = history_payload(
            name,
            event.issue,
            self._state,
            self._site,
            timestamp_ms=self._timestamp(),
            type_name=event.type_name,
            history=event.history,
        )
        self._queue.put(self._new(name, payload))

    def send(
        self,
        event: str,
        issue: Issue | str,
        *,
        items: Iterable[ChangeItem] = (),
        type_name: str | None = None,
    ) -> Delivery:
        """Build and deliver one webhook now (``issue``: an Issue or a key of the state)."""
        self._require_target()
        with self._state.lock:
            found = self._state.issue(issue) if isinstance(issue, str) else issue
            payload = issue_payload(
                event,
                found,
                self._state,
                self._site,
                timestamp_ms=self._timestamp(),
                type_name=type_name,
                changelog_id=str(uuid.uuid4().int % 10**6),
                items=items,
            )
        delivery = self._new(event, payload)
        self._deliver(delivery)
        return delivery

    def redeliver(self, delivery: Delivery) -> Delivery:
        """Post ``delivery`` once more: same body, same identifier, marked as a retry."""
        self._post(delivery)
        return delivery

    def wait_idle(self, timeout: float = 5.0) -> bool:
        """Wait until every queued delivery has been attempted; False on timeout."""
        deadline = time.monotonic() + timeout
        while self._queue.unfinished_tasks:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.01)
        return True

    def _work(self) -> None:
        while True:
            delivery = self._queue.get()
            try:
                if delivery is None:
                    return
                self._deliver(delivery)
            finally:
                self._queue.task_done()

    def _deliver(self, delivery: Delivery) -> None:
        target = self._target
        retries = target.retries if target else 0
        for attempt in range(retries + 1):
            outcome = self._post(delivery)
            failed = not isinstance(outcome, int) or outcome in RETRY_STATUSES or outcome >= 500
            if not failed or attempt == retries or target is None:
                return
            time.sleep(target.retry_delay)

    def _require_target(self) -> _Target:
        target = self._target
        if target is None:
            raise RuntimeError("no webhook receiver configured (call configure first)")
        return target

    def _post(self, delivery: Delivery) -> int | str:
        target = self._require_target()
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "Atlassian Webhook HTTP Client",
            "X-Atlassian-Webhook-Identifier": delivery.identifier,
            "X-Hub-Signature": signature(target.secret, delivery.body),
        }
        if delivery.attempts:
            headers["X-Atlassian-Webhook-Retry"] = str(len(delivery.attempts))
        outcome: int | str
        try:
            answer = httpx.post(
                target.url, content=delivery.body, headers=headers, timeout=self._timeout
            )
            outcome = answer.status_code
        except httpx.HTTPError as exc:
            outcome = type(exc).__name__
        with self._lock:
            delivery.attempts.append(outcome)
        return outcome
