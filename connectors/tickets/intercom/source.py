"""Intercom as a ticket source: a rule's conversations through the Search API.

``POST /conversations/search`` with the rule's filter, then again with
``pagination.starting_after`` from ``pages.next`` until there is none. A rule's tags are
names; Intercom searches tag ids, so the first rule with tags costs one ``GET /tags``.
The conversations' links need the app's id: one ``GET /me`` per pull.
"""

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from connectors.tickets.errors import RuleRefused
from connectors.tickets.http_retries import RetryingHttp
from connectors.tickets.intercom.conversations import intercom_conversation
from connectors.tickets.intercom.query import search_body
from connectors.tickets.source import Ticket, TicketRule

SEARCH_PATH = "/conversations/search"


class IntercomTicketSource:
    """Conversations from one Intercom workspace.

    Args:
        http: the retrying client; ``close`` closes it.
    """

    name = "intercom"

    def __init__(self, http: RetryingHttp) -> None:
        self.http = http
        self._tags: dict[str, str] | None = None  # name (lower case) -> id
        self._app_id: str | None = None

    def fetch(self, rule: TicketRule, since: datetime) -> Iterator[Ticket]:
        """The conversations ``rule`` matches, created at or after ``since``.

        Raises:
            RuleRefused: Intercom refused the search (400/422), or a tag named by the
                rule does not exist in Intercom.
            SourceFailed: Intercom kept failing, refused the token, or answered
                something we cannot read.
        """
        body = search_body(rule.query, self._tag_ids(rule.query.get("tags", [])), since)
        app_id = self._app()
        while True:
            page = self.http.json("POST", SEARCH_PATH, json=body)
            for item in page.get("conversations") or []:
                if isinstance(item, dict) and item.get("id") is not None:
                    yield intercom_conversation(app_id, item)
            cursor = _next_cursor(page)
            if cursor is None:
                return
            body["pagination"] = {**body["pagination"], "starting_after": cursor}

    def _tag_ids(self, names: list[str]) -> list[str]:
        if not names:
            return []
        if self._tags is None:
            listed = self.http.json("GET", "/tags").get("data") or []
            self._tags = {
                str(t["name"]).lower(): str(t["id"])
                for t in listed
                if isinstance(t, dict) and t.get("name") and t.get("id") is not None
            }
        missing = [name for name in names if name.lower() not in self._tags]
        if missing:
            raise RuleRefused(f"Intercom has no tag named {', '.join(map(repr, missing))}")
        return [self._tags[name.lower()] for name in names]

    def _app(self) -> str | None:
        if self._app_id is None:
            app = self.http.json("GET", "/me").get("app")
            self._app_id = str(app.get("id_code") or "") if isinstance(app, dict) else ""
        return self._app_id or None

    def close(self) -> None:
        self.http.close()


def _next_cursor(page: dict[str, Any]) -> str | None:
    pages = page.get("pages")
    following = pages.get("next") if isinstance(pages, dict) else None
    cursor = following.get("starting_after") if isinstance(following, dict) else None
    return cursor if isinstance(cursor, str) and cursor else None
