"""The digest as a Confluence page: one page per workspace and period, under the
workspace's parent page, created on the first publication and rewritten when the digest
changed (a preview published mid-period, then the final one).

Idempotent without a link in our store: the page is found by its title (unique in a
space), so publishing twice, or after a crash between Confluence's answer and ours,
never makes a second page. A content property remembers the fingerprint of what we
wrote, so an unchanged digest costs no write.
"""

import hashlib
import logging
from dataclasses import dataclass

from connectors.confluence.client import ConfluenceClient, RemotePage
from connectors.confluence.errors import VersionConflict
from connectors.confluence.page_job import LABEL, PROPERTY_KEY, Outcome
from connectors.confluence.render import _XML_FORBIDDEN
from core.services.digest import Digest
from core.services.digest import wording as digest_wording
from templates import environment

logger = logging.getLogger(__name__)

TEMPLATE = "confluence/digest.xml.j2"
DIGEST_LABEL = "journeyops-digest"
VERSION_MESSAGE = "journeyops digest"


@dataclass(frozen=True)
class DigestPage:
    """What publishing did: ``created``, ``updated`` or ``skipped``, and the page."""

    outcome: Outcome
    page_id: str
    title: str
    url: str


def digest_page_title(digest: Digest) -> str:
    """``Journey digest · <workspace> · 2026-11-16 to 2026-11-23``: one per period."""
    return f"Journey digest · {digest.workspace_name} · {digest.period.title()}"[:255]


def render_digest_page(digest: Digest, *, late: bool = False) -> str:
    """The digest in Confluence storage format (people's text escaped by autoescape)."""
    body = environment().get_template(TEMPLATE).render(digest=digest, w=digest_wording, late=late)
    return _XML_FORBIDDEN.sub("", body)


def publish_digest_page(
    client: ConfluenceClient,
    digest: Digest,
    *,
    space: str,
    parent_id: str | None,
    late: bool = False,
) -> DigestPage:
    """Create or update the digest's page in ``space`` under ``parent_id``.

    Raises:
        ConfluenceError: Confluence refused or could not be reached (after retries).
    """
    title = digest_page_title(digest)
    body = render_digest_page(digest, late=late)
    fingerprint = hashlib.sha256(body.encode("utf-8")).hexdigest()
    page = client.page_by_title(space, title)
    if page is None:
        page = client.create_page(space, parent_id, title, body)
        client.add_labels(page.id, [LABEL, DIGEST_LABEL])
        client.set_property(page.id, PROPERTY_KEY, {"digest": fingerprint}, None)
        return _done(client, Outcome.CREATED, page)
    stored = client.property(page.id, PROPERTY_KEY)
    if stored is not None and stored.value.get("digest") == fingerprint:
        return _done(client, Outcome.SKIPPED, page)
    try:
        client.update_page(page, title, body, VERSION_MESSAGE)
    except VersionConflict:
        # Someone saved it since we read its version: ours is the newer digest.
        client.update_page(client.page_version(page.id), title, body, VERSION_MESSAGE)
    client.set_property(page.id, PROPERTY_KEY, {"digest": fingerprint}, stored)
    return _done(client, Outcome.UPDATED, page)


def _done(client: ConfluenceClient, outcome: Outcome, page: RemotePage) -> DigestPage:
    logger.info("confluence.digest.published", extra={"page": page.id, "outcome": outcome.value})
    return DigestPage(outcome, page.id, page.title, client.page_url(page.id))
