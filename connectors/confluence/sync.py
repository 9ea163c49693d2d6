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

Threads: this thread reads the store, renders each page and stores what was done; up to
``concurrency`` worker threads make the Confluence calls (``page_job.publish_page``), all
through one client whose pacer keeps them under CONFLUENCE_RATE_LIMIT requests per second.
"""

from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from datetime import datetime, timedelta

from sqlalchemy import or_, select

from connectors.confluence.client import ConfluenceClient
from connectors.confluence.page_job import (
    LABEL,
    PROPERTY_KEY,
    Outcome,
    PagePlan,
    PageProgress,
    PageResult,
    Site,
    journey_label,
    publish_page,
)
from connectors.confluence.render import page_inputs, render_page
from core.enums import RecordType
from core.model import Event, Journey, Link, utcnow
from core.services.journey_view import journey_view
from core.services.lookup import journey_by_key
from core.share_links import ShareLinks
from core.store import UnitOfWork

__all__ = ["LABEL", "LINK_KIND", "ConfluencePublisher", "Outcome", "PageResult", "journey_label"]

# Our own page's link; a user's links to other Confluence pages have kind "page".
LINK_KIND = "journey-map"


class ConfluencePublisher:
    """Publishes the journeys of one workspace to one space.

    Args:
        uow: the workspace's unit of work; links are stored through it.
        client: a ``ConfluenceClient``.
        space: the space key (CONFLUENCE_SPACE).
        parent_id: the page the journey pages go under, or None for the space root.
        source_hint: where the map's source lives, printed in each page's footer.
        concurrency: pages published at once (CONFLUENCE_CONCURRENCY); 1 is one call at
            a time.
        now: the rendering moment (tests and benchmarks pin it).
        share: signs each page's link to the web map (JOURNEYOPS_SECRET_KEY and
            JOURNEYOPS_PUBLIC_URL); None, or one without a public URL, links nothing.
    """

    def __init__(
        self,
        uow: UnitOfWork,
        client: ConfluenceClient,
        *,
        space: str,
        parent_id: str | None,
        source_hint: str,
        concurrency: int = 1,
        now: datetime | None = None,
        share: ShareLinks | None = None,
    ) -> None:
        self.uow = uow
        self.client = client
        self.space = space
        self.parent_id = parent_id
        self.source_hint = source_hint
        self.concurrency = max(1, concurrency)
        self.share = share if share is not None and share.public_url else None
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
        links = self._links()
        remote = self.client.pages_with_label(
            self.space, LABEL, parent_id=self.parent_id, property_key=PROPERTY_KEY
        )
        site = Site(
            self.space, self.parent_id, remote, {page.title: page for page in remote.values()}
        )
        results: dict[str, PageResult] = {}
        with ThreadPoolExecutor(self.concurrency, thread_name_prefix="confluence") as pool:
            pending: dict[Future[PageProgress], Journey] = {}
            for journey in journeys:
                link = links.get(journey.id)
                if not force and link is not None and self._clean(journey, link, site):
                    results[journey.key] = PageResult(
                        journey.key, Outcome.SKIPPED, link.external_id, 0
                    )
                    continue
                plan = self._plan(journey, link, dry_run, force)
                pending[pool.submit(publish_page, self.client, plan, site)] = journey
                # Render ahead of the workers, but not the whole space into memory.
                while len(pending) >= 2 * self.concurrency:
                    self._collect(pending, links, results)
            while pending:
                self._collect(pending, links, results)
        return [results[journey.key] for journey in journeys]

    # -- this thread: the store and the rendering ---------------------------------------

    def _links(self) -> dict[int, Link]:
        """Every journey's page link, by journey id (one query)."""
        rows = self.uow.session.scalars(
            select(Link).where(
                Link.record_type == RecordType.JOURNEY.value,
                Link.system == "confluence",
                Link.kind == LINK_KIND,
            )
        )
        return {link.record_id: link for link in rows}

    def _clean(self, journey: Journey, link: Link, site: Site) -> bool:
        """Whether the page is known current without rendering it: our write is still the
        page's newest version, it was rendered for this week, and nothing that shows on it
        changed since (the event log: this journey, the map it improves, and changes not
        tied to one journey, such as a persona's)."""
        state = link.state or {}
        page = site.remote.get(link.external_id)
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

    def _plan(self, journey: Journey, link: Link | None, dry_run: bool, force: bool) -> PagePlan:
        view = journey_view(self.uow, journey, self.as_of)
        hint = self.source_hint.format(key=journey.key)
        # Issued at the start of the week like the scores, so the link only changes (and
        # the page is only rewritten for it) once a week, well inside its 90 days.
        embed_url = (
            self.share.embed_url(self.uow.workspace.key, journey.key, issued_at=self.as_of)
            if self.share is not None
            else None
        )
        inputs = page_inputs(self.uow, view, source_hint=hint, embed_url=embed_url)
        rendered = render_page(view, inputs)
        return PagePlan(
            journey.key,
            rendered,
            link.external_id if link is not None else None,
            dict(link.state or {}) if link is not None else {},
            self.as_of.isoformat(),
            dry_run=dry_run,
            force=force,
        )

    def _collect(
        self,
        pending: dict[Future[PageProgress], Journey],
        links: dict[int, Link],
        results: dict[str, PageResult],
    ) -> None:
        """Wait for at least one page's calls and store what they did."""
        done, _ = wait(pending, return_when=FIRST_COMPLETED)
        for future in done:
            journey = pending.pop(future)
            progress = future.result()
            self._store(journey, links, progress)
            assert progress.result is not None
            results[journey.key] = progress.result

    def _store(self, journey: Journey, links: dict[int, Link], progress: PageProgress) -> None:
        link = links.get(journey.id)
        if progress.clean and link is not None:
            link.state = {**link.state, "as_of": self.as_of.isoformat()}
            link.synced_at = utcnow()
        if progress.page is None or progress.state is None:
            self.uow.session.flush()
            return
        if link is None:
            link = Link(
                record_type=RecordType.JOURNEY.value,
                record_id=journey.id,
                system="confluence",
                kind=LINK_KIND,
                external_id=progress.page.id,
                title=progress.page.title,
                state={},
            )
            self.uow.session.add(link)
            links[journey.id] = link
        link.external_id = progress.page.id
        link.title = progress.page.title
        link.url = self.client.page_url(progress.page.id)
        link.state = progress.state
        if progress.state.get("fingerprint"):
            link.fingerprint = progress.state["fingerprint"]
            link.synced_at = utcnow()
        self.uow.session.flush()
