"""``journeyops sync``: publish journeys to the far systems."""

import sys

import click
from rich.markup import escape
from rich.table import Table

from connectors.confluence.publish_run import publish_workspace
from connectors.confluence.sync import Outcome, PageResult
from connectors.jira import sync as jira_sync
from connectors.jira.publish_run import sync_workspace
from connectors.tickets.registry import providers
from core.enums import Origin
from core.errors import BadInput
from core.settings import Settings
from webhooks.cli.context import EXIT_FAILURE, CliContext, cli_actor, exits_cleanly, pass_context
from webhooks.ticket_pulls import pull_all_tickets

OUTCOME_STYLE = {
    Outcome.CREATED: "green",
    Outcome.UPDATED: "green",
    Outcome.SKIPPED: "dim",
    Outcome.HAND_EDITED: "yellow",
    Outcome.FAILED: "red",
}
JIRA_OUTCOME_STYLE = {
    jira_sync.Outcome.CREATED: "green",
    jira_sync.Outcome.UPDATED: "green",
    jira_sync.Outcome.ADOPTED: "yellow",
    jira_sync.Outcome.SKIPPED: "dim",
    jira_sync.Outcome.FAILED: "red",
}


@click.group()
def sync() -> None:
    """Publish journeys to Confluence, their opportunities to Jira; pull tickets in."""


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
    return publish_workspace(
        ctx.store, settings, keys, actor=cli_actor(), dry_run=dry_run, force=force
    )


@sync.command("jira", short_help="Make opportunities Jira epics; bring their status back.")
@click.argument("keys", nargs=-1)
@click.option("--dry-run", is_flag=True, help="Say what would change; write nothing.")
@click.option(
    "--pain-points",
    is_flag=True,
    help="Also make each pain point an opportunity addresses an issue in that epic.",
)
@pass_context
@exits_cleanly
def jira(ctx: CliContext, keys: tuple[str, ...], dry_run: bool, pain_points: bool) -> None:
    """Turn each opportunity (of every journey, or of the journeys KEYS) into a Jira epic,
    and bring the epics' status back into the journeys.

    Each opportunity becomes a JIRA_ISSUE_TYPE issue (Epic unless set) in JIRA_PROJECT: its
    problem, the pain points it addresses with their evidence, the labels journeyops,
    journey-<key> and stage-<key>, and links to the journey's Confluence map and to the
    Slack evidence. With --pain-points, each pain point an opportunity addresses also
    becomes a JIRA_PAIN_POINT_ISSUE_TYPE issue (Task unless set) in that epic.

    Safe to run again and again: nothing is created twice, an unchanged opportunity costs
    no write, and a changed one updates only its own issue. Then the status of every issue
    of ours comes back (for sites that send no webhooks): an epic moved to Done marks its
    opportunity done and the pain points it addresses fix_shipped. Exit code 1 when an
    issue failed; run again to finish the job.
    """
    settings = ctx.settings
    if not settings.jira_configured or not settings.jira_project:
        raise BadInput(
            "set JIRA_URL, JIRA_API_TOKEN (plus JIRA_USERNAME on Cloud) and JIRA_PROJECT "
            "first; `journeyops doctor` checks them"
        )
    results = sync_workspace(
        ctx.store,
        settings,
        list(keys) or None,
        actor=cli_actor(),
        dry_run=dry_run,
        pain_points=pain_points,
    )
    ctx.console.print(jira_table(results))
    counts = {o: sum(r.outcome == o for r in results) for o in jira_sync.Outcome}
    summary = ", ".join(f"{n} {o}" for o, n in counts.items() if n)
    moved = sum(bool(r.status) for r in results)
    statuses = f"; {moved} status change(s) from Jira" if moved else ""
    prefix = "dry run: " if dry_run else ""
    ctx.console.print(f"{prefix}{len(results)} issue(s): {summary or 'nothing to do'}{statuses}")
    if counts[jira_sync.Outcome.FAILED]:
        sys.exit(EXIT_FAILURE)


def jira_table(results: list[jira_sync.IssueResult]) -> Table:
    """One row per issue; a journey's name once, its pain points' issues under its epics."""
    table = Table(box=None)
    table.add_column("journey", overflow="fold")
    table.add_column("opportunity / pain point", overflow="fold")
    for name in ("outcome", "issue", "writes"):
        table.add_column(name, no_wrap=True)
    table.add_column("detail", overflow="fold", ratio=1)
    previous = None
    for r in results:
        journey = "" if r.journey == previous else r.journey
        previous = r.journey
        record = r.record if r.kind == "epic" else f"↳ {r.record}"
        outcome = f"[{JIRA_OUTCOME_STYLE[r.outcome]}]{r.outcome}[/]"
        detail = "; ".join(part for part in (r.detail, r.status) if part)
        table.add_row(journey, record, outcome, r.issue_key or "-", str(r.writes), detail)
    return table


@sync.command("tickets", short_help="Link support tickets to steps by the steps' rules.")
@click.argument("keys", nargs=-1)
@click.option("--dry-run", is_flag=True, help="Say what would be linked; write nothing.")
@click.option(
    "--source",
    "sources",
    multiple=True,
    type=click.Choice(sorted(providers())),
    help="Pull only the rules of this source (repeat for several); default: all.",
)
@pass_context
@exits_cleanly
def tickets(
    ctx: CliContext, keys: tuple[str, ...], dry_run: bool, sources: tuple[str, ...]
) -> None:
    """Link the tickets and conversations matching each step's ticket rules (of every
    journey, or of the journeys KEYS) to the step as evidence, and count them per week.

    A rule is a journey file's `tickets:` entry on a step, e.g. `{source: jira, jql:
    'project = SUP AND labels = checkout-3ds'}`, `{source: zendesk, tags: [refund]}` or
    `{source: intercom, tags: [refund]}`. Each run fetches only the tickets created
    since the rule's last run (the first run looks 12 weeks back); a ticket already
    linked is never linked twice. A rule that fails (bad query, the provider down) is
    reported, exit code 1, and the other rules still run. Afterwards a step whose
    tickets this week spiked posts one Slack alert (README: Tickets and conversations).
    """
    run = pull_all_tickets(
        ctx.store,
        ctx.settings,
        journey_keys=list(keys) or None,
        only=frozenset(sources) or None,
        dry_run=dry_run,
        actor=cli_actor(),
        origin=Origin.CLI,
    )
    results, volumes = run.results, run.volumes
    if not results:
        ctx.console.print(
            "No step has a ticket rule: add `tickets:` to a step in a journey file and "
            "import it (README: Tickets)."
        )
        return
    table = Table(box=None)
    table.add_column("step", no_wrap=True)  # people copy the key whole
    table.add_column("new", no_wrap=True, justify="right")
    table.add_column("this week", no_wrap=True, justify="right")
    table.add_column("rule", overflow="fold", ratio=1)
    for r in results:
        new = "[red]failed[/]" if r.error else str(r.linked)
        this_week = str(volumes[r.touchpoint_id].this_week)
        table.add_row(f"{r.journey}/{r.touchpoint}", new, this_week, escape(r.rule.describe()))
    ctx.console.print(table)
    for r in results:
        if r.error:
            ctx.console.print(f"[red]failed[/] {r.journey}/{r.touchpoint}: {escape(r.error)}")
    failed = sum(r.error is not None for r in results)
    linked = sum(r.linked for r in results)
    verb = "would be linked" if dry_run else "linked"
    prefix = "dry run: " if dry_run else ""
    failures = f"; {failed} failed" if failed else ""
    alerts = f"; {run.alerts} spike alert(s) posted" if run.alerts else ""
    ctx.console.print(
        f"{prefix}{len(results)} rule(s): {linked} new ticket(s) {verb}{failures}{alerts}"
    )
    if failed:
        sys.exit(EXIT_FAILURE)


def register(group: click.Group) -> None:
    group.add_command(sync)
