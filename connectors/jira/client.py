"""The Jira calls journeyops makes: Cloud through REST v3 (ADF descriptions, search through
``/rest/api/3/search/jql``), Data Center through REST v2 (wiki markup, ``/rest/api/2/search``).

Every call goes through ``JiraClient._send``: ``connectors.jira.errors.refusal`` maps HTTP
statuses to our errors, and the shared ``connectors.atlassian.retries.RetryingSender``
honours Retry-After on 429 and retries 5xx and timeouts with capped, jittered backoff.
Auth, sessions and connection pooling stay in atlassian-python-api.

The documented endpoints are called through the library's ``request`` rather than its
helpers: the helpers raise the library's own errors and retry on their own terms, which
would bypass the one place above; and in 5.0.5 ``issue_update()`` and
``set_issue_status_by_transition_name`` send requests Jira refuses.
"""

import contextlib
import time
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import quote

from atlassian import Jira

from connectors.atlassian.library_client import library_client
from connectors.atlassian.pacing import RequestPacer
from connectors.atlassian.retries import RetryingSender
from connectors.jira.errors import JiraNotFound, JiraUnavailable, refusal
from connectors.jira.remote_issue import (
    IssueRef,
    RemoteIssue,
    RemoteTicket,
    remote_issue,
    remote_ticket,
)
from core.settings import Settings

SEARCH_PAGE_SIZE = 100  # Cloud's cap when fields or properties are asked for
SEARCH_FIELDS = ["status", "statuscategorychangedate", "labels", "parent"]
TICKET_FIELDS = ["summary", "description", "reporter", "created", "status"]


def issue_url(site_url: str, key: str) -> str:
    """Issue ``key``'s address for people on the site at ``site_url`` (Cloud and Data
    Center alike)."""
    return f"{site_url.rstrip('/')}/browse/{key}"


class JiraClient:
    """Issues, their properties and remote links, and JQL search, on one Jira site.

    Safe to share between threads: requests from all of them together stay under
    JIRA_RATE_LIMIT requests per second.

    Args:
        settings: JIRA_URL, credentials, JIRA_CLOUD and JIRA_RATE_LIMIT.
        sleep: how to wait between retries and for the rate cap (tests pass a recorder).
        clock: the monotonic clock the rate cap reads (tests pass a fake with ``sleep``).

    Raises (from every method):
        JiraUnavailable: unreachable, or 5xx/429 after every retry.
        JiraRefused: a 4xx answer (JiraAuthError, JiraNotFound for the statuses they name).
    """

    def __init__(
        self,
        settings: Settings,
        *,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if settings.jira_url is None:
            raise ValueError("JIRA_URL is not set")
        self.cloud = bool(settings.jira_cloud)
        self.version = 3 if self.cloud else 2  # DESIGN.md section 7
        self.api: Any = library_client(
            Jira,
            settings.jira_url,
            username=settings.jira_username,
            token=settings.jira_api_token,
            cloud=self.cloud,
        )
        self.site_url = settings.jira_url.rstrip("/")
        self.pacer = RequestPacer(settings.jira_rate_limit, clock=clock, sleep=sleep)
        self._sender = RetryingSender(
            self.api,
            product="Jira",
            pacer=self.pacer,
            refusal=refusal,
            unavailable=JiraUnavailable,
            sleep=sleep,
        )

    @property
    def requests_sent(self) -> int:
        """Requests sent so far, retries included."""
        return self._sender.requests_sent

    def close(self) -> None:
        self.api.close()

    def issue_url(self, key: str) -> str:
        """The issue's address for people (the same form on Cloud and Data Center)."""
        return issue_url(self.site_url, key)

    def _send(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        json: dict[str, Any] | list[Any] | None = None,
    ) -> Any:
        return self._sender.send(method, path, params=params, json=json)

    def _issue_path(self, key_or_id: str, rest: str = "") -> str:
        return f"rest/api/{self.version}/issue/{quote(key_or_id, safe='')}{rest}"

    # -- reads --------------------------------------------------------------------------

    def search(self, jql: str, *, property_key: str | None = None) -> Iterator[RemoteIssue]:
        """Every issue ``jql`` matches, with its status category (and when it changed),
        labels, parent and (when named) the issue property ``property_key``: one request
        per 100 issues.

        Cloud pages with ``nextPageToken`` (``/search/jql`` needs a bounded query, e.g. one
        naming a project); Data Center with ``startAt``.
        """
        body: dict[str, Any] = {"jql": jql, "maxResults": SEARCH_PAGE_SIZE, "fields": SEARCH_FIELDS}
        if property_key:
            body["properties"] = [property_key]
        for item in self._search_pages(body):
            yield remote_issue(item)

    def search_tickets(self, jql: str) -> Iterator[RemoteTicket]:
        """Every issue ``jql`` matches as a support ticket (summary, description as text,
        reporter, created, status): one request per 100 issues, paged like ``search``."""
        body: dict[str, Any] = {"jql": jql, "maxResults": SEARCH_PAGE_SIZE, "fields": TICKET_FIELDS}
        for item in self._search_pages(body):
            yield remote_ticket(item)

    def _search_pages(self, body: dict[str, Any]) -> Iterator[dict[str, Any]]:
        if self.cloud:
            yield from self._search_cloud(body)
        else:
            yield from self._search_data_center(body)

    def _search_cloud(self, body: dict[str, Any]) -> Iterator[dict[str, Any]]:
        while True:
            answer = self._send("POST", "rest/api/3/search/jql", json=body) or {}
            yield from answer.get("issues") or []
            token = answer.get("nextPageToken")
            if answer.get("isLast", True) or not token:
                return
            body = {**body, "nextPageToken": token}

    def _search_data_center(self, body: dict[str, Any]) -> Iterator[dict[str, Any]]:
        start = 0
        while True:
            answer = self._send("POST", "rest/api/2/search", json={**body, "startAt": start}) or {}
            issues = answer.get("issues") or []
            yield from issues
            start += len(issues)
            if not issues or start >= int(answer.get("total") or 0):
                return

    def issue(self, key_or_id: str, *, property_key: str | None = None) -> RemoteIssue | None:
        """One issue (status category, labels, parent, the property ``property_key``),
        or None when it does not exist (deleted) or is not visible."""
        params: dict[str, Any] = {"fields": ",".join(SEARCH_FIELDS)}
        if property_key:
            params["properties"] = property_key
        try:
            answer = self._send("GET", self._issue_path(key_or_id), params=params)
        except JiraNotFound:
            return None
        return remote_issue(answer)

    def property(self, key_or_id: str, property_key: str) -> Any | None:
        """The value of the issue property ``property_key``, or None when it is not set."""
        try:
            answer = self._send("GET", self._issue_path(key_or_id, f"/properties/{property_key}"))
        except JiraNotFound:
            return None
        return (answer or {}).get("value")

    # -- writes -------------------------------------------------------------------------

    def create_issue(self, fields: dict[str, Any], properties: dict[str, Any]) -> IssueRef:
        """Create an issue with ``fields`` and, in the same request, the issue
        ``properties`` (key -> JSON value), so it never exists without our marker."""
        body = {
            "fields": fields,
            "properties": [{"key": key, "value": value} for key, value in properties.items()],
        }
        answer = self._send("POST", f"rest/api/{self.version}/issue", json=body)
        return IssueRef(str(answer["id"]), str(answer["key"]))

    def edit_issue(
        self,
        key_or_id: str,
        *,
        fields: dict[str, Any] | None = None,
        update: dict[str, Any] | None = None,
        properties: dict[str, Any] | None = None,
    ) -> None:
        """Set ``fields``, apply ``update`` operations (e.g. labels add/remove) and set
        issue ``properties``, in one request."""
        body: dict[str, Any] = {}
        if fields:
            body["fields"] = fields
        if update:
            body["update"] = update
        if properties:
            body["properties"] = [{"key": key, "value": value} for key, value in properties.items()]
        self._send("PUT", self._issue_path(key_or_id), json=body)

    def set_property(self, key_or_id: str, property_key: str, value: Any) -> None:
        """Create or replace the issue property ``property_key``."""
        self._send("PUT", self._issue_path(key_or_id, f"/properties/{property_key}"), json=value)

    def upsert_remote_link(self, key_or_id: str, body: dict[str, Any]) -> None:
        """Create the remote link, or replace the issue's link with the same ``globalId``."""
        self._send("POST", self._issue_path(key_or_id, "/remotelink"), json=body)

    def delete_remote_link(self, key_or_id: str, global_id: str) -> None:
        """Delete the issue's remote link ``global_id``; one already gone is fine."""
        with contextlib.suppress(JiraNotFound):
            self._send(
                "DELETE", self._issue_path(key_or_id, "/remotelink"), params={"globalId": global_id}
            )
