"""What the sender sends (``SlackRequest``) and what came of each try (``Delivery``)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

KINDS = ("events", "interactivity", "command")
ACK_DEADLINE_MS = 3000


@dataclass
class SlackRequest:
    """One request Slack would send to the app's request URL.

    ``kind``: ``events`` (JSON body), ``interactivity`` (form field ``payload=<json>``) or
    ``command`` (form fields). ``payload`` may be changed before sending (negative tests).
    """

    kind: str
    payload: dict[str, Any]
    trigger_id: str | None = None
    response_url: str | None = None

    @property
    def content_type(self) -> str:
        return "application/json" if self.kind == "events" else "application/x-www-form-urlencoded"

    def body(self) -> bytes:
        if self.kind == "events":
            return json.dumps(self.payload).encode()
        if self.kind == "interactivity":
            return urlencode({"payload": json.dumps(self.payload)}).encode()
        return urlencode(self.payload).encode()

    @property
    def event_id(self) -> str | None:
        found = self.payload.get("event_id")
        return str(found) if found is not None else None


@dataclass
class Delivery:
    """One try: the exact body and headers sent, the app's answer and how long it took.

    ``status`` is the HTTP status, or the error's name when the connection failed.
    ``effect`` says what Slack did with the app's answer (``ack_effects``); ``problems``
    what Slack would have refused in it.
    """

    request: SlackRequest
    body: bytes
    headers: dict[str, str]
    status: int | str = 0
    answer: bytes = b""
    answer_type: str = ""
    elapsed_ms: float = 0.0
    retry_num: int = 0
    effect: str = ""
    problems: list[str] = field(default_factory=list)

    @property
    def acked(self) -> bool:
        """Answered 200 within Slack's three seconds."""
        return self.status == 200 and self.elapsed_ms < ACK_DEADLINE_MS

    def answer_json(self) -> Any:
        """The app's answer parsed as JSON (None when empty or not JSON)."""
        try:
            return json.loads(self.answer) if self.answer.strip() else None
        except ValueError:
            return None
