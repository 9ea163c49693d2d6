"""One publishing run for a workspace: what ``sync confluence`` and the scheduler call."""

from connectors.confluence.client import ConfluenceClient
from connectors.confluence.sync import ConfluencePublisher, PageResult
from core.enums import Origin
from core.settings import Settings
from core.store import Store


def publish_workspace(
    store: Store,
    settings: Settings,
    keys: list[str] | None = None,
    *,
    actor: str,
    dry_run: bool = False,
    force: bool = False,
) -> list[PageResult]:
    """Publish ``settings.workspace``'s journeys (``keys``, or all; unchanged ones cost
    nothing) to CONFLUENCE_SPACE under CONFLUENCE_PARENT_PAGE.

    Raises:
        ValueError: Confluence is not configured (the caller says what to set).
        ConfluenceError: the run could not start (the page search failed).
        NotFound: a key names no journey.
    """
    if not settings.confluence_url or not settings.confluence_space:
        raise ValueError("CONFLUENCE_URL and CONFLUENCE_SPACE are not set")
    client = ConfluenceClient(settings)
    try:
        with store.unit_of_work(settings.workspace, actor=actor, origin=Origin.CONFLUENCE) as uow:
            publisher = ConfluencePublisher(
                uow,
                client,
                space=settings.confluence_space,
                parent_id=settings.confluence_parent_page,
                source_hint=f"journeyops export {{key}} (workspace {settings.workspace})",
                concurrency=settings.confluence_concurrency,
                share=settings.share_links(),
            )
            return publisher.publish(keys, dry_run=dry_run, force=force)
    finally:
        client.close()
