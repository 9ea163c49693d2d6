"""Publishing journey maps as Confluence pages: only what changed, never over a human's edit.

How a run decides, page by page (reads: one CQL search per 100 pages, nothing more for an
unchanged journey, which is not even rendered when the event log shows no change since its
page was published this week):

* The journey's link (``Link`` system ``confluence``) remembers the page id, the
  fingerprint of what we last wrote (sha256 of body + attachments + template version), the
  page version our write produced and the hashes of the attachments we uploaded.
* Unchanged fingerprint and the page still at our version: ``skipped``, zero writes.
* The page's version moved on since our write: somebody edited it in Confluence. Unless
  the newest version carries our own version message (a run that died before storing its
  result), the page is ``hand_edited`` and left alone; ``--force`` overwrites it.
* Otherwise the page is updated (one page write), attachments are uploaded only when
  their hash changed, and our fingerprint is stored with the page as a content property.
* No link yet: a page of ours with the same title (a run that died after creating it) is
  adopted instead of creating a duplicate; else the page is created and labelled.

Every write is followed by storing what it did, so a run that fails half-way leaves the
next run only the rest to do.
"""

import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import or_, select

from connectors.confluence.client import ConfluenceClient, RemotePage
from connectors.confluence.errors import ConfluenceError, ConfluenceNotFound, VersionConflict
from connectors.confluence.render import RenderedPage, page_inputs, render_page
from core.enums import RecordType
from core.model import Event, Journey, Link, utcnow
from core.services.journey_view import journey_view
from core.services.lookup import journey_by_key
from core.store import UnitOfWork

logger = logging.getLogger(__name__)

PROPERTY_KEY = "journeyops"
# Our own page's link; a user's links to other Confluence pages have kind "page".
LINK_KIND = "journey-map"
LABEL = "journeyops"
VERSION_MESSAGE = "journeyops sync"
MEDIA_TYPES = {".svg": "image/svg+xml", ".png": "image/png"}
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


class ConfluencePublisher:
    """Publishes the journeys of one workspace to one space.

    Args:
        uow: the workspace's unit of work; links are stored through it.
        client: a ``ConfluenceClient``.
        space: the space key (CONFLUENCE_SPACE).
        parent_id: the page the journey pages go under, or None for the space root.
        source_hint: where the map's source lives, printed in each page's footer.
    """

    def __init__(
        self,
        uow: UnitOfWork,
        client: ConfluenceClient,
        *,
        space: str,
        parent_id: str | None,
        source_hint: str,
        now: datetime | None = None,
    ) -> None:
        self.uow = uow
        self.client = client
        self.space = space
        self.parent_id = parent_id
        self.source_hint = source_hint
        # Scores decay with evidence age: rendering "as of" the start of the week keeps an
        # unchanged map byte-identical for a week instead of rewriting every page daily.
        moment = now or utcnow()
        self.as_of = (moment - timedelta(days=moment.weekday())).replace(
            hour=0, minute=0, second=0, microsecond=0
        )

    def publish(
        self, keys: list[str] | None = None, *, dry_run: bool = False, force: bool = False
    ) -> list[PageResult]:
        """Publish the journeys ``keys`` (all when None); one result per journey.

        A failure on one page is reported in its result and does not stop the others.

        Raises:
            ConfluenceError: the search that starts the run failed (nothing was written).
            NotFound: a key names no journey.
        """
        if keys:
            journeys = [journey_by_key(self.uow, key) for key in keys]
        else:
            journeys = list(self.uow.session.scalars(select(Journey).order_by(Journey.key)))
        remote = self.client.pages_with_label(self.space, LABEL)
        by_title = {page.title: page for page in remote.values()}
        results = []
        for journey in journeys:
            try:
                results.append(self._publish_one(journey, remote, by_title, dry_run, force))
            except ConfluenceError as exc:
                logger.warning(
                    "confluence.page.failed", extra={"journey": journey.key, "error": str(exc)}
                )
                results.append(PageResult(journey.key, Outcome.FAILED, None, 0, str(exc)))
        return results

    # -- one page -----------------------------------------------------------------------

    def _link(self, journey: Journey) -> Link | None:
        return self.uow.session.scalar(
            select(Link).where(
                Link.record_type == RecordType.JOURNEY.value,
                Link.record_id == journey.id,
                Link.system == "confluence",
                Link.kind == LINK_KIND,
            )
        )

    def _publish_one(
        self,
        journey: Journey,
        remote: dict[str, RemotePage],
        by_title: dict[str, RemotePage],
        dry_run: bool,
        force: bool,
    ) -> PageResult:
        link = self._link(journey)
        if not force and link is not None and self._clean(journey, link, remote):
            logger.info("confluence.page.skipped", extra={"journey": journey.key})
            return PageResult(journey.key, Outcome.SKIPPED, link.external_id, 0)
        view = journey_view(self.uow, journey, self.as_of)
        hint = self.source_hint.format(key=journey.key)
        rendered = render_page(view, page_inputs(self.uow, view, source_hint=hint))
        page = self._find(link, remote, by_title, rendered.title)
        if page is None:
            if dry_run:
                return PageResult(journey.key, Outcome.CREATED, None, 0, "would create")
            return self._create(journey, rendered, link)
        state: dict[str, Any] = dict(link.state) if link and link.external_id == page.id else {}
        ours = state.get("version") == page.version or self._left_by_us(page, page.id in remote)
        if not ours and not force:
            detail = (
                f"page {page.id} was edited in Confluence (now version {page.version}) since "
                "journeyops last wrote it; review the edits, then run with --force to overwrite"
            )
            logger.warning("confluence.page.hand_edited", extra={"journey": journey.key})
            return PageResult(journey.key, Outcome.HAND_EDITED, page.id, 0, detail)
        if ours and state.get("fingerprint") == rendered.fingerprint and not force:
            logger.info("confluence.page.skipped", extra={"journey": journey.key})
            if link is not None and not dry_run:
                self._mark_clean(link)  # nothing to write; no need to render it again
            return PageResult(journey.key, Outcome.SKIPPED, page.id, 0)
        if dry_run:
            return PageResult(journey.key, Outcome.UPDATED, page.id, 0, "would update")
        return self._update(
            journey, rendered, page, state, link, labelled=page.id in remote, force=force
        )

    def _clean(self, journey: Journey, link: Link, remote: dict[str, RemotePage]) -> bool:
        """Whether the page is known current without rendering it: our write is still the
        page's newest version, it was rendered for this week, and nothing that shows on it
        changed since (the event log: this journey, the map it improves, and changes not
        tied to one journey, such as a persona's)."""
        state = link.state or {}
        page = remote.get(link.external_id)
        if (
            page is None
            or not state.get("fingerprint")
            or state.get("version") != page.version
            or state.get("as_of") != self.as_of.isoformat()
            or link.synced_at is None
        ):
            return False
        journeys = [journey.id] + ([journey.improves_id] if journey.improves_id else [])
        changed = self.uow.session.scalar(
            select(Event.id)
            .where(
                Event.at > link.synced_at,
                or_(Event.journey_id.in_(journeys), Event.journey_id.is_(None)),
            )
            .limit(1)
        )
        return changed is None

    def _mark_clean(self, link: Link) -> None:
        link.state = {**link.state, "as_of": self.as_of.isoformat()}
        link.synced_at = utcnow()
        self.uow.session.flush()

    def _left_by_us(self, page: RemotePage, labelled: bool) -> bool:
        """Whether the page's newest version is a journeyops write this store does not
        remember (a run that died before committing). Only read when versions differ."""
        if self.client.page_version(page.id).message.startswith(VERSION_MESSAGE):
            return True  # an update of ours
        stored = self.client.property(page.id, PROPERTY_KEY)
        if stored is not None:
            return stored.value.get("version") == page.version
        # Created and labelled by us, but the run died before storing its property.
        return labelled and page.version == 1

    def _find(
        self,
        link: Link | None,
        remote: dict[str, RemotePage],
        by_title: dict[str, RemotePage],
        title: str,
    ) -> RemotePage | None:
        """Our page for a journey: by its link, else by title (a run that died before
        linking or labelling it), else None."""
        if link is not None:
            if link.external_id in remote:
                return remote[link.external_id]
            try:  # linked but not labelled: a run died between creating and labelling
                return self.client.page_version(link.external_id)
            except ConfluenceNotFound:
                pass  # deleted in Confluence: look for it by title, else publish it anew
        return by_title.get(title) or self.client.page_by_title(self.space, title)

    def _create(self, journey: Journey, rendered: RenderedPage, link: Link | None) -> PageResult:
        page = self.client.create_page(self.space, self.parent_id, rendered.title, rendered.body)
        link = self._remember(journey, link, page, {})
        self.client.add_labels(page.id, [LABEL, journey_label(journey.key)])
        writes = 2 + self._attachments(page.id, rendered, {}, link)
        self._finish(page, rendered, link, existing_property=None)
        logger.info("confluence.page.created", extra={"journey": journey.key, "page": page.id})
        return PageResult(journey.key, Outcome.CREATED, page.id, writes + 1)

    def _update(
        self,
        journey: Journey,
        rendered: RenderedPage,
        page: RemotePage,
        state: dict[str, Any],
        link: Link | None,
        *,
        labelled: bool,
        force: bool,
    ) -> PageResult:
        message = f"{VERSION_MESSAGE} {rendered.fingerprint[:12]}"
        for attempt in range(1, CONFLICT_RETRIES + 1):
            try:
                page = self.client.update_page(page, rendered.title, rendered.body, message)
                break
            except VersionConflict:
                # Somebody saved the page while we were publishing: re-read it. Another
                # journeyops run's save is retried over; a person's save is a hand edit.
                current = self.client.page_version(page.id)
                if not current.message.startswith(VERSION_MESSAGE) and not force:
                    detail = (
                        f"page {page.id} was saved in Confluence (version {current.version}) "
                        "while journeyops published it; run again to review, or --force"
                    )
                    return PageResult(journey.key, Outcome.HAND_EDITED, page.id, 0, detail)
                if attempt == CONFLICT_RETRIES:
                    raise
                page = current
        link = self._remember(journey, link, page, state)
        writes = 1
        if not labelled:
            self.client.add_labels(page.id, [LABEL, journey_label(journey.key)])
            writes += 1
        writes += self._attachments(page.id, rendered, state.get("attachments", {}), link)
        existing = self.client.property(page.id, PROPERTY_KEY)
        self._finish(page, rendered, link, existing_property=existing)
        logger.info("confluence.page.updated", extra={"journey": journey.key, "page": page.id})
        return PageResult(journey.key, Outcome.UPDATED, page.id, writes + 1)

    def _attachments(
        self, page_id: str, rendered: RenderedPage, uploaded: dict[str, str], link: Link
    ) -> int:
        """Upload the attachments whose hash changed; returns how many were written."""
        writes = 0
        hashes = dict(uploaded)
        for name, data in sorted(rendered.attachments.items()):
            digest = _sha256(data)
            if hashes.get(name) == digest:
                continue
            media_type = MEDIA_TYPES.get(name[name.rfind(".") :], "application/octet-stream")
            self.client.put_attachment(page_id, name, data, media_type)
            hashes[name] = digest
            link.state = {**link.state, "attachments": hashes}
            writes += 1
        return writes

    def _finish(
        self,
        page: RemotePage,
        rendered: RenderedPage,
        link: Link,
        existing_property: Any,
    ) -> None:
        value = {"fingerprint": rendered.fingerprint, "version": page.version}
        self.client.set_property(page.id, PROPERTY_KEY, value, existing_property)
        link.fingerprint = rendered.fingerprint
        link.state = {
            **link.state,
            "fingerprint": rendered.fingerprint,
            "version": page.version,
            "as_of": self.as_of.isoformat(),
        }
        link.synced_at = utcnow()
        self.uow.session.flush()

    def _remember(
        self, journey: Journey, link: Link | None, page: RemotePage, state: dict[str, Any]
    ) -> Link:
        if link is None:
            link = Link(
                record_type=RecordType.JOURNEY.value,
                record_id=journey.id,
                system="confluence",
                kind=LINK_KIND,
                external_id=page.id,
                title=page.title,
                state={},
            )
            self.uow.session.add(link)
        link.external_id = page.id
        link.title = page.title
        # The fingerprint is not ours to claim until the attachments and property are done.
        link.state = {**state, "version": page.version, "fingerprint": None}
        self.uow.session.flush()
        return link


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
