"""The Confluence calls journeyops makes, on Cloud (REST v2, v1 where v2 has no equivalent)
and on Data Center (REST v1), through atlassian-python-api's client.

Every call goes through ``ConfluenceClient._send``: ``_refusal`` maps HTTP statuses to our
errors, and the shared ``connectors.atlassian.retries.RetryingSender`` honours Retry-After
on 429 and retries 5xx and timeouts with capped, jittered backoff. Auth, sessions and
connection pooling stay in the library.

atlassian-python-api 5.0.5 helpers that send requests Confluence Cloud refuses (DESIGN.md
section 7) are not used; the documented endpoints are called through the same client's
``request`` instead:

* ``ConfluenceCloud.update_page`` omits the required ``status``: we PUT ``/api/v2/pages/{id}``.
* ``get_pages()`` / ``get_page_by_id(get_body=False)`` send ``body-format=none``, which v2
  does not allow: we ask for ``body-format=storage`` or use CQL search.
* the ``*_page_property`` helpers put the key where v2 wants the property id: we list the
  page's properties by key and address them by id.
* ``add_page_label`` posts to a v2 path that does not exist: labels go through v1.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import requests
from atlassian import Confluence

from connectors.atlassian.library_client import library_client
from connectors.atlassian.pacing import RequestPacer
from connectors.atlassian.retries import RetryingSender
from connectors.confluence.errors import (
    ConfluenceAuthError,
    ConfluenceNotFound,
    ConfluenceRefused,
    ConfluenceUnavailable,
    VersionConflict,
)
from core.settings import Settings

SEARCH_PAGE_SIZE = 100


@dataclass(frozen=True)
class RemotePage:
    """A page as Confluence reports it."""

    id: str
    title: str
    version: int
    message: str = ""  # the newest version's message, when it was asked for
    labels: frozenset[str] | None = None  # when the search asked for them
    properties: dict[str, "StoredProperty"] | None = None  # likewise, by key


@dataclass(frozen=True)
class StoredProperty:
    """A content property of a page (v2 addresses it by ``id``, v1 by ``key``)."""

    key: str
    value: dict[str, Any]
    version: int
    id: str | None = None


class _RepeatedFiles(list[tuple[str, Any]]):
    """Multipart files with one field name repeated (``file`` per attachment), which a
    dict cannot hold: ``requests`` takes the (name, file) pairs as a list, and the
    library's retry bookkeeping only needs ``values()``."""

    def values(self) -> list[Any]:
        return [upload for _name, upload in self]


def _remote_page(item: dict[str, Any]) -> RemotePage:
    """A v1 content search result, with the labels and properties it was expanded with."""
    metadata = item.get("metadata") or {}
    labels = (metadata.get("labels") or {}).get("results")
    properties = {
        key: StoredProperty(key, prop["value"], int(prop["version"]["number"]), str(prop["id"]))
        for key, prop in (metadata.get("properties") or {}).items()
    }
    return RemotePage(
        str(item["id"]),
        item["title"],
        int(item["version"]["number"]),
        labels=frozenset(str(label["name"]) for label in labels) if labels is not None else None,
        properties=properties,
    )


def _refusal(response: requests.Response) -> ConfluenceRefused:
    """The error for a 4xx answer, with Confluence's own message when it gave one."""
    try:
        payload = response.json()
    except ValueError:
        payload = {}
    message = ""
    if isinstance(payload, dict):
        errors = payload.get("errors")
        if isinstance(errors, list) and errors and isinstance(errors[0], dict):
            message = str(errors[0].get("title") or errors[0].get("detail") or "")
        message = message or str(payload.get("message") or payload.get("detail") or "")
    # Confluence may echo the request (a whole file) in its message: keep logs readable.
    message = (message or response.reason or "refused")[:300]
    status = response.status_code
    if status in (401, 403):
        return ConfluenceAuthError(status, message)
    if status == 404:
        return ConfluenceNotFound(status, message)
    if status == 409:
        return VersionConflict(status, message)
    return ConfluenceRefused(status, message)


class ConfluenceClient:
    """Pages, labels, content properties, attachments and CQL search in one space.

    Safe to share between threads: requests from all of them together stay under
    CONFLUENCE_RATE_LIMIT requests per second.

    Args:
        settings: CONFLUENCE_URL, credentials, CONFLUENCE_CLOUD and CONFLUENCE_RATE_LIMIT.
        sleep: how to wait between retries and for the rate cap (tests pass a recorder).
        clock: the monotonic clock the rate cap reads (tests pass a fake with ``sleep``).

    Raises (from every method):
        ConfluenceUnavailable: unreachable, or 5xx/429 after every retry.
        ConfluenceRefused: a 4xx answer (ConfluenceAuthError, ConfluenceNotFound,
            VersionConflict for the statuses they name).
    """

    def __init__(
        self,
        settings: Settings,
        *,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if settings.confluence_url is None:
            raise ValueError("CONFLUENCE_URL is not set")
        self.cloud = bool(settings.confluence_cloud)
        # On Cloud, the library's v2 client (DESIGN.md section 7).
        extra = {"api_version": 2} if self.cloud else {}
        self.api: Any = library_client(
            Confluence,
            settings.confluence_url,
            username=settings.confluence_username,
            token=settings.confluence_api_token,
            cloud=self.cloud,
            **extra,
        )
        self.site_url = settings.confluence_url.rstrip("/")
        self.pacer = RequestPacer(settings.confluence_rate_limit, clock=clock, sleep=sleep)
        self._sender = RetryingSender(
            self.api,
            product="Confluence",
            pacer=self.pacer,
            refusal=_refusal,
            unavailable=ConfluenceUnavailable,
            sleep=sleep,
        )
        self._space_ids: dict[str, str] = {}

    def close(self) -> None:
        self.api.close()

    def page_url(self, page_id: str) -> str:
        """The page's address for people (the same form works on Cloud and Data Center)."""
        return f"{self.site_url}/pages/viewpage.action?pageId={page_id}"

    # -- the one place that talks HTTP --------------------------------------------------

    @property
    def requests_sent(self) -> int:
        return self._sender.requests_sent

    def _send(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        json: dict[str, Any] | list[Any] | None = None,
        files: list[tuple[str, Any]] | None = None,
        data: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> Any:
        return self._sender.send(
            method, path, params=params, json=json, files=files, data=data, headers=headers
        )

    # -- reads --------------------------------------------------------------------------

    def pages_with_label(
        self,
        space: str,
        label: str,
        *,
        parent_id: str | None = None,
        property_key: str | None = None,
    ) -> dict[str, RemotePage]:
        """Every page in ``space`` with ``label`` (and, with ``parent_id``, every child of
        that page, labelled or not), by id, with its labels and the content property
        ``property_key``: one CQL request per 100 pages, nothing more."""
        found: dict[str, RemotePage] = {}
        cql = f'space = "{space}" AND type = page AND label = "{label}"'
        if parent_id:
            cql = (
                f'space = "{space}" AND type = page AND (label = "{label}" OR parent = {parent_id})'
            )
        expand = "version,metadata.labels"
        if property_key:
            expand += f",metadata.properties.{property_key}"
        start = 0
        while True:
            answer = self._send(
                "GET",
                "rest/api/content/search",
                params={"cql": cql, "limit": SEARCH_PAGE_SIZE, "start": start, "expand": expand},
            )
            results = answer.get("results", []) if isinstance(answer, dict) else []
            for item in results:
                found[str(item["id"])] = _remote_page(item)
            if len(results) < SEARCH_PAGE_SIZE or not answer.get("_links", {}).get("next"):
                return found
            start += len(results)

    def page_by_title(self, space: str, title: str) -> RemotePage | None:
        """The page titled ``title`` in ``space`` (titles are unique per space), or None."""
        if self.cloud:
            answer = self._send(
                "GET",
                "api/v2/pages",
                params={"space-id": self.space_id(space), "title": title, "limit": 1},
            )
        else:
            answer = self._send(
                "GET",
                "rest/api/content",
                params={"spaceKey": space, "title": title, "expand": "version", "limit": 1},
            )
        results = answer.get("results") or []
        if not results:
            return None
        item = results[0]
        return RemotePage(str(item["id"]), item["title"], int(item["version"]["number"]))

    def page_version(self, page_id: str) -> RemotePage:
        """The page with its newest version's number and message (no body)."""
        if self.cloud:
            answer = self._send("GET", f"api/v2/pages/{page_id}")
        else:
            answer = self._send("GET", f"rest/api/content/{page_id}", params={"expand": "version"})
        version = answer.get("version", {})
        return RemotePage(
            str(answer["id"]), answer["title"], int(version["number"]), version.get("message") or ""
        )

    def space_id(self, space: str) -> str:
        """The v2 id of the space ``space`` (Cloud pages are created by space id)."""
        if space not in self._space_ids:
            answer = self._send("GET", "api/v2/spaces", params={"keys": space, "limit": 1})
            results = answer.get("results") or []
            if not results:
                raise ConfluenceNotFound(404, f"no space {space!r} visible to this account")
            self._space_ids[space] = str(results[0]["id"])
        return self._space_ids[space]

    def property(self, page_id: str, key: str) -> StoredProperty | None:
        """The content property ``key`` of a page, or None."""
        if self.cloud:
            answer = self._send("GET", f"api/v2/pages/{page_id}/properties", params={"key": key})
            for item in answer.get("results") or []:
                if item.get("key") == key:
                    return StoredProperty(
                        key, item["value"], int(item["version"]["number"]), str(item["id"])
                    )
            return None
        try:
            item = self._send("GET", f"rest/api/content/{page_id}/property/{key}")
        except ConfluenceNotFound:
            return None
        return StoredProperty(key, item["value"], int(item["version"]["number"]))

    # -- writes -------------------------------------------------------------------------

    def create_page(self, space: str, parent_id: str | None, title: str, body: str) -> RemotePage:
        """Create a page (under ``parent_id`` when given) with a storage-format body."""
        if self.cloud:
            payload: dict[str, Any] = {
                "spaceId": self.space_id(space),
                "status": "current",
                "title": title,
                "body": {"representation": "storage", "value": body},
            }
            if parent_id:
                payload["parentId"] = parent_id
            answer = self._send("POST", "api/v2/pages", json=payload)
        else:
            payload = {
                "type": "page",
                "title": title,
                "space": {"key": space},
                "body": {"storage": {"value": body, "representation": "storage"}},
            }
            if parent_id:
                payload["ancestors"] = [{"id": parent_id}]
            answer = self._send("POST", "rest/api/content", json=payload)
        return RemotePage(str(answer["id"]), answer["title"], int(answer["version"]["number"]))

    def update_page(self, page: RemotePage, title: str, body: str, message: str) -> RemotePage:
        """Save a new version of ``page`` (its version + 1).

        Raises:
            VersionConflict: somebody saved the page since ``page.version`` was read.
        """
        version = {"number": page.version + 1, "message": message}
        if self.cloud:
            payload: dict[str, Any] = {
                "id": page.id,
                "status": "current",  # required; the library's update_page leaves it out
                "title": title,
                "body": {"representation": "storage", "value": body},
                "version": version,
            }
            answer = self._send("PUT", f"api/v2/pages/{page.id}", json=payload)
        else:
            payload = {
                "type": "page",
                "title": title,
                "body": {"storage": {"value": body, "representation": "storage"}},
                "version": version,
            }
            answer = self._send("PUT", f"rest/api/content/{page.id}", json=payload)
        return RemotePage(str(answer["id"]), answer["title"], int(answer["version"]["number"]))

    def add_labels(self, page_id: str, labels: list[str]) -> None:
        """Add global labels (v1 on both flavours; v2 cannot write labels)."""
        self._send(
            "POST",
            f"rest/api/content/{page_id}/label",
            json=[{"prefix": "global", "name": label} for label in labels],
        )

    def put_attachments(self, page_id: str, files: list[tuple[str, bytes, str]]) -> None:
        """Create or update (same file name, new version) attachments of a page: all of
        ``files`` (name, bytes, media type) in one request."""
        self._send(
            "PUT",
            f"rest/api/content/{page_id}/child/attachment",
            files=_RepeatedFiles(("file", file) for file in files),
            data={"minorEdit": "true"},  # required by the v1 API; watchers need no e-mail
            # Confluence refuses multipart uploads without it (XSRF protection).
            headers={"X-Atlassian-Token": "no-check", "Accept": "application/json"},
        )

    def set_property(
        self, page_id: str, key: str, value: dict[str, Any], existing: StoredProperty | None
    ) -> None:
        """Create or update the content property ``key`` of a page."""
        # v2 addresses a property by its id, v1 (Data Center) by its key.
        base = (
            f"api/v2/pages/{page_id}/properties"
            if self.cloud
            else f"rest/api/content/{page_id}/property"
        )
        payload: dict[str, Any] = {"key": key, "value": value}
        if existing is None:
            self._send("POST", base, json=payload)
            return
        payload["version"] = {"number": existing.version + 1}
        self._send("PUT", f"{base}/{existing.id if self.cloud else key}", json=payload)
