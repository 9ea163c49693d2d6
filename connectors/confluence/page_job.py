"""The Confluence calls for one journey's page, made on a worker thread.

``publish_page`` touches no database: it gets a ``PagePlan`` (the rendered page and what
our link remembers) and returns a ``PageProgress`` (what it did, and what the link
should remember now), which the publisher stores on its own thread. Progress is kept
call by call, so a page that fails half-way still tells the publisher which page was
created and which attachments were uploaded, and the next run does only the rest.
"""

import logging
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from connectors.confluence.client import ConfluenceClient, RemotePage, StoredProperty
from connectors.confluence.errors import ConfluenceError, ConfluenceNotFound, VersionConflict
from connectors.confluence.render import RenderedPage

logger = logging.getLogger(__name__)

PROPERTY_KEY = "journeyops"
LABEL = "journeyops"
VERSION_MESSAGE = "journeyops sync"
CONFLICT_RETRIES = 3


class Outcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    SKIPPED = "skipped"
    HAND_EDITED = "hand_edited"
    FAILED = "failed"


@dataclass(frozen=True)
class PageResult:
    """What a run did (or, with ``dry_run``, would do) to one journey's page."""

    key: str
    outcome: Outcome
    page_id: str | None
    writes: int
    detail: str = ""


def journey_label(key: str) -> str:
    return f"journey-{key}"


@dataclass(frozen=True)
class Site:
    """Where pages go, and what the run's one search found there (shared, read-only)."""

    space: str
    parent_id: str | None
    remote: dict[str, RemotePage]
    by_title: dict[str, RemotePage]


@dataclass(frozen=True)
class PagePlan:
    """One journey's page as rendered, with what its link remembers."""

    key: str
    rendered: RenderedPage
    linked_id: str | None  # the page id of our link, if any
    state: dict[str, Any]  # the link's state: version, fingerprint, image, as_of
    as_of: str
    dry_run: bool = False
    force: bool = False


@dataclass
class PageProgress:
    """What ``publish_page`` did. ``state`` is what the link must remember (None: leave
    the link alone); ``clean`` says the page is current and only needs re-dating."""

    key: str
    result: PageResult | None = None
    page: RemotePage | None = None
    state: dict[str, Any] | None = None
    clean: bool = False
    writes: int = 0


def publish_page(client: ConfluenceClient, plan: PagePlan, site: Site) -> PageProgress:
    """Create, update or leave one page; a ConfluenceError becomes a ``failed`` result."""
    progress = PageProgress(plan.key)
    try:
        progress.result = _publish(client, plan, site, progress)
    except ConfluenceError as exc:
        page_id = progress.page.id if progress.page else None
        progress.result = PageResult(plan.key, Outcome.FAILED, page_id, progress.writes, str(exc))
        logger.warning("confluence.page.failed", extra={"journey": plan.key, "error": str(exc)})
    return progress


def _publish(
    client: ConfluenceClient, plan: PagePlan, site: Site, progress: PageProgress
) -> PageResult:
    rendered = plan.rendered
    page = _find(client, plan, site)
    if page is None:
        if plan.dry_run:
            return PageResult(plan.key, Outcome.CREATED, None, 0, "would create")
        return _create(client, plan, site, progress)
    state = dict(plan.state) if plan.linked_id == page.id else {}
    ours = state.get("version") == page.version or _left_by_us(client, page)
    if not ours and not plan.force:
        detail = (
            f"page {page.id} was edited in Confluence (now version {page.version}) since "
            "journeyops last wrote it; review the edits, then run with --force to overwrite"
        )
        logger.warning("confluence.page.hand_edited", extra={"journey": plan.key})
        return PageResult(plan.key, Outcome.HAND_EDITED, page.id, 0, detail)
    if ours and state.get("fingerprint") == rendered.fingerprint and not plan.force:
        logger.info("confluence.page.skipped", extra={"journey": plan.key})
        progress.clean = plan.linked_id == page.id and not plan.dry_run
        return PageResult(plan.key, Outcome.SKIPPED, page.id, 0)
    if plan.dry_run:
        return PageResult(plan.key, Outcome.UPDATED, page.id, 0, "would update")
    return _update(client, plan, page, state, progress)


def _find(client: ConfluenceClient, plan: PagePlan, site: Site) -> RemotePage | None:
    """Our page for a journey: by its link, else by title (a run that died before
    linking or labelling it), else None."""
    if plan.linked_id is not None:
        if plan.linked_id in site.remote:
            return site.remote[plan.linked_id]
        try:  # linked but not labelled: a run died between creating and labelling
            return client.page_version(plan.linked_id)
        except ConfluenceNotFound:
            pass  # deleted in Confluence: look for it by title, else publish it anew
    title = plan.rendered.title
    if title in site.by_title or site.parent_id:
        # With a parent page, the search already listed every page under it.
        return site.by_title.get(title)
    return client.page_by_title(site.space, title)


def _stored_property(client: ConfluenceClient, page: RemotePage) -> StoredProperty | None:
    """Our content property of ``page``: from the search when it brought it, else read."""
    if page.properties is not None:
        return page.properties.get(PROPERTY_KEY)
    return client.property(page.id, PROPERTY_KEY)


def _left_by_us(client: ConfluenceClient, page: RemotePage) -> bool:
    """Whether the page's newest version is a journeyops write this store does not
    remember (a run that died before committing). Only asked when versions differ."""
    if client.page_version(page.id).message.startswith(VERSION_MESSAGE):
        return True  # an update of ours
    stored = _stored_property(client, page)
    if stored is not None:
        return stored.value.get("version") == page.version
    # Created and labelled by us, but the run died before storing its property.
    return _labelled(page) and page.version == 1


def _labelled(page: RemotePage) -> bool:
    return page.labels is not None and LABEL in page.labels


def _create(
    client: ConfluenceClient, plan: PagePlan, site: Site, progress: PageProgress
) -> PageResult:
    rendered = plan.rendered
    page = client.create_page(site.space, site.parent_id, rendered.title, rendered.body)
    progress.writes += 1
    progress.page = page
    # The fingerprint is not ours to claim until the attachments and property are done.
    progress.state = {"version": page.version, "fingerprint": None}
    client.add_labels(page.id, [LABEL, journey_label(plan.key)])
    progress.writes += 1
    _attachments(client, page.id, rendered, progress)
    _finish(client, page, plan, None, progress)
    logger.info("confluence.page.created", extra={"journey": plan.key, "page": page.id})
    return PageResult(plan.key, Outcome.CREATED, page.id, progress.writes)


def _update(
    client: ConfluenceClient,
    plan: PagePlan,
    page: RemotePage,
    state: dict[str, Any],
    progress: PageProgress,
) -> PageResult:
    rendered = plan.rendered
    message = f"{VERSION_MESSAGE} {rendered.fingerprint[:12]}"
    found = page
    for attempt in range(1, CONFLICT_RETRIES + 1):
        try:
            page = client.update_page(page, rendered.title, rendered.body, message)
            break
        except VersionConflict:
            # Somebody saved the page while we were publishing: re-read it. Another
            # journeyops run's save is retried over; a person's save is a hand edit.
            current = client.page_version(page.id)
            if not current.message.startswith(VERSION_MESSAGE) and not plan.force:
                detail = (
                    f"page {page.id} was saved in Confluence (version {current.version}) "
                    "while journeyops published it; run again to review, or --force"
                )
                return PageResult(plan.key, Outcome.HAND_EDITED, page.id, 0, detail)
            if attempt == CONFLICT_RETRIES:
                raise
            page = current
    progress.writes += 1
    progress.page = page
    progress.state = {**state, "version": page.version, "fingerprint": None}
    if not (found.labels is not None and journey_label(plan.key) in found.labels):
        client.add_labels(page.id, [LABEL, journey_label(plan.key)])
        progress.writes += 1
    _attachments(client, page.id, rendered, progress)
    _finish(client, page, plan, _stored_property(client, found), progress)
    logger.info("confluence.page.updated", extra={"journey": plan.key, "page": page.id})
    return PageResult(plan.key, Outcome.UPDATED, page.id, progress.writes)


def _attachments(
    client: ConfluenceClient, page_id: str, rendered: RenderedPage, progress: PageProgress
) -> None:
    """Upload the emotion curve (SVG and PNG, one request) when its drawing changed."""
    assert progress.state is not None
    image = rendered.image
    if progress.state.get("image") == image.digest:
        return
    files = [
        (image.svg_name, image.svg, "image/svg+xml"),
        (image.png_name, image.png(), "image/png"),
    ]
    client.put_attachments(page_id, files)
    progress.writes += 1
    progress.state = {**progress.state, "image": image.digest}


def _finish(
    client: ConfluenceClient,
    page: RemotePage,
    plan: PagePlan,
    existing: StoredProperty | None,
    progress: PageProgress,
) -> None:
    """Store our fingerprint with the page, then claim it in the link's state."""
    assert progress.state is not None
    value = {"fingerprint": plan.rendered.fingerprint, "version": page.version}
    try:
        client.set_property(page.id, PROPERTY_KEY, value, existing)
    except VersionConflict:
        # The property changed since the search read it (another run): read, write again.
        client.set_property(page.id, PROPERTY_KEY, value, client.property(page.id, PROPERTY_KEY))
    progress.writes += 1
    progress.state = {
        **progress.state,
        "fingerprint": plan.rendered.fingerprint,
        "version": page.version,
        "as_of": plan.as_of,
    }
