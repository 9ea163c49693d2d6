"""``journeyops sync``: publish journeys to the far systems."""

import sys

import click
from rich.table import Table

from connectors.confluence.client import ConfluenceClient
from connectors.confluence.sync import ConfluencePublisher, Outcome, PageResult
from core.enums import Origin
from core.errors import BadInput
from core.settings import Settings
from webhooks.cli.context import EXIT_FAILURE, CliContext, exits_cleanly, pass_context

OUTCOME_STYLE = {
    Outcome.CREATED: "green",
    Outcome.UPDATED: "green",
    Outcome.SKIPPED: "dim",
    Outcome.HAND_EDITED: "yellow",
    Outcome.FAILED: "red",
}


@click.group()
def sync() -> None:
    """Publish journeys to Confluence (and, later, Jira)."""


@sync.command("confluence")
@click.argument("keys", nargs=-1)
@click.option("--dry-run", is_flag=True, help="Say what would change; write nothing.")
@click.option(
    "--force",
    is_flag=True,
    help="Overwrite pages edited by hand in Confluence, and rewrite unchanged ones.",
)
@pass_context
@exits_cleanly
def confluence(ctx: CliContext, keys: tuple[str, ...], dry_run: bool, force: bool) -> None:
    """Publish each journey (all, or the KEYS given) as a page in CONFLUENCE_SPACE.

    Pages go under CONFLUENCE_PARENT_PAGE (a page id) when it is set. An unchanged journey
    costs no write. A page edited by hand in Confluence since the last sync is left alone
    and reported (exit code 1) unless --force is given.
    """
    settings = ctx.settings
    if not settings.confluence_configured or not settings.confluence_space:
        raise BadInput(
            "set CONFLUENCE_URL, CONFLUENCE_API_TOKEN (plus CONFLUENCE_USERNAME on Cloud) and "
            "CONFLUENCE_SPACE first; `journeyops doctor` checks them"
        )
    results = publish_journeys(ctx, settings, list(keys) or None, dry_run=dry_run, force=force)
    table = Table(box=None)
    for name in ("journey", "outcome", "page", "writes", "detail"):
        table.add_column(name, overflow="fold")
    for result in results:
        outcome = f"[{OUTCOME_STYLE[result.outcome]}]{result.outcome}[/]"
        table.add_row(result.key, outcome, result.page_id or "-", str(result.writes), result.detail)
    ctx.console.print(table)
    counts = {o: sum(r.outcome == o for r in results) for o in Outcome}
    summary = ", ".join(f"{n} {o}" for o, n in counts.items() if n)
    prefix = "dry run: " if dry_run else ""
    ctx.console.print(f"{prefix}{len(results)} journey(s): {summary or 'nothing to do'}")
    if counts[Outcome.FAILED] or counts[Outcome.HAND_EDITED]:
        sys.exit(EXIT_FAILURE)


def publish_journeys(
    ctx: CliContext,
    settings: Settings,
    keys: list[str] | None,
    *,
    dry_run: bool = False,
    force: bool = False,
) -> list[PageResult]:
    """Publish the workspace's journeys (``keys``, or all) to the Confluence ``settings`` name.

    Raises:
        ConfluenceError: the run could not start (the page search failed).
    """
    assert settings.confluence_space, "checked by the caller"
    client = ConfluenceClient(settings)
    try:
        with ctx.unit_of_work(Origin.CONFLUENCE) as uow:
            publisher = ConfluencePublisher(
                uow,
                client,
                space=settings.confluence_space,
                parent_id=settings.confluence_parent_page,
                source_hint=f"journeyops export {{key}} (workspace {ctx.settings.workspace})",
                concurrency=settings.confluence_concurrency,
            )
            return publisher.publish(keys, dry_run=dry_run, force=force)
    finally:
        client.close()


def register(group: click.Group) -> None:
    group.add_command(sync)
