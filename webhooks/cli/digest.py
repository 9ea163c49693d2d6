"""``journeyops digest``: the weekly journey digest, previewed in the terminal or posted
to the workspace's digest channel in Slack."""

import logging
from datetime import date, datetime

import click
from slack_sdk.errors import SlackApiError

from bots.slack.digest_post import post_digest
from bots.slack.web_client import slack_web_client
from connectors.confluence.client import ConfluenceClient
from connectors.confluence.digest_page import publish_digest_page
from connectors.confluence.errors import ConfluenceError
from core.errors import BadInput, JourneyOpsError
from core.model import utcnow
from core.services.digest import (
    Digest,
    Period,
    build_digest,
    current_period,
    period_ending_on,
)
from core.services.digest import wording as digest_wording
from core.store import UnitOfWork
from templates import environment
from webhooks.cli.context import CliContext, exits_cleanly, pass_context

logger = logging.getLogger(__name__)
TEMPLATE = "text/digest.md.j2"


def digest_period(uow: UnitOfWork, now: datetime, period_end: date | None = None) -> Period:
    """The period from the workspace's schedule: the one running at ``now``, or the last
    one over by the end of ``period_end``."""
    cron, timezone = uow.workspace.digest_cron, uow.workspace.timezone
    if period_end is not None:
        return period_ending_on(cron, timezone, period_end)
    return current_period(cron, timezone, now)


def render_digest_text(digest: Digest, *, markdown: bool = False, late: bool = False) -> str:
    """The digest as plain text, or as Markdown (``templates/text/digest.md.j2``)."""
    template = environment().get_template(TEMPLATE)
    return template.render(digest=digest, w=digest_wording, md=markdown, late=late)


def preview_text(
    uow: UnitOfWork,
    *,
    now: datetime | None = None,
    markdown: bool = False,
    journey_key: str | None = None,
    period_end: date | None = None,
) -> str:
    """The text of the workspace's digest for the current period (what ``journeyops
    digest --preview`` prints; the demo shows it too). Sends nothing.

    Raises:
        BadInput: the workspace's schedule or time zone is invalid, or ``journey_key``
            names no active journey.
    """
    now = now or utcnow()
    period = digest_period(uow, now, period_end)
    digest = build_digest(uow, period, now=now, journey_key=journey_key)
    return render_digest_text(digest, markdown=markdown)


@click.command("digest")
@click.option("--preview", is_flag=True, help="Print the digest; send nothing.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown"]),
    default="text",
    show_default=True,
    help="How --preview prints it: text for a terminal, markdown to paste into a document.",
)
@click.option(
    "--period-end",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    metavar="YYYY-MM-DD",
    help="The period that ended last by the end of this day (workspace time zone). "
    "Default: the period running now, so far.",
)
@click.option("--journey", "journey_key", metavar="KEY", help="Only this (active) journey.")
@click.option(
    "--channel",
    metavar="ID",
    help="Slack channel id to post to (wins over the workspace's digest channel).",
)
@click.option(
    "--to",
    "targets",
    type=click.Choice(["slack", "confluence"]),
    multiple=True,
    default=["slack"],
    show_default=True,
    help="Where to send it (repeat for both): the Slack digest channel, and/or a "
    "Confluence page per period in CONFLUENCE_SPACE under CONFLUENCE_PARENT_PAGE.",
)
@pass_context
@exits_cleanly
def digest(
    ctx: CliContext,
    preview: bool,
    fmt: str,
    period_end: datetime | None,
    journey_key: str | None,
    channel: str | None,
    targets: tuple[str, ...],
) -> None:
    """The journey digest of the workspace: what changed in each active journey during
    the period of its digest schedule (weekly by default), the top pain points and how
    they moved, fixes shipped, steps gone stale, KPIs, and reviews overdue.

    With --preview it is printed. Without, it is posted to Slack once, to the workspace's
    digest channel (or --channel), with SLACK_BOT_TOKEN; with --to confluence it is
    published as the period's Confluence page (created, or updated when it changed).
    """
    day = period_end.date() if period_end else None
    now = utcnow()
    with ctx.unit_of_work() as uow:
        if preview:
            text = preview_text(
                uow, now=now, markdown=fmt == "markdown", journey_key=journey_key, period_end=day
            )
            click.echo(text, nl=False)
            return
        target = channel or uow.workspace.digest_channel
        space = uow.workspace.confluence_space or ctx.settings.confluence_space
        parent = uow.workspace.confluence_parent_page or ctx.settings.confluence_parent_page
        token = _check_targets(ctx, targets, target, space, uow.workspace.key)
        built = build_digest(uow, digest_period(uow, now, day), now=now, journey_key=journey_key)
    if token is not None and target:
        client = slack_web_client(ctx.settings, token)
        try:
            posted = post_digest(client, target, built)
        except SlackApiError as exc:
            error = exc.response.get("error", "unknown") if exc.response is not None else "unknown"
            raise JourneyOpsError(f"Slack refused the digest: {error}") from exc
        ctx.console.print(
            f"Posted the digest for {built.period.label()} to {target} "
            f"({len(posted)} message{'s' if len(posted) != 1 else ''})."
        )
    if "confluence" in targets and space:
        confluence = ConfluenceClient(ctx.settings)
        try:
            page = publish_digest_page(confluence, built, space=space, parent_id=parent)
        except ConfluenceError as exc:
            raise JourneyOpsError(f"Confluence refused the digest page: {exc}") from exc
        finally:
            confluence.close()
        ctx.console.print(f"Confluence page {page.title!r}: {page.outcome.value} ({page.url})")


def _check_targets(
    ctx: CliContext,
    targets: tuple[str, ...],
    channel: str | None,
    space: str | None,
    workspace: str,
) -> str | None:
    """Refuse, before anything is sent, a target that is not set up; the Slack token."""
    token = None
    if "slack" in targets:
        secret = ctx.settings.slack_bot_token
        if secret is None:
            raise BadInput(
                "SLACK_BOT_TOKEN is not set: set it to post the digest, "
                "or run `journeyops digest --preview` to print it"
            )
        if not channel:
            raise BadInput(
                f"workspace {workspace!r} has no digest channel: give --channel "
                "C0123ABCD (a channel id the bot is in), or preview with --preview"
            )
        token = secret.get_secret_value()
    if "confluence" in targets and (not ctx.settings.confluence_configured or not space):
        raise BadInput(
            "set CONFLUENCE_URL, its credentials and CONFLUENCE_SPACE to publish the "
            "digest page (`journeyops doctor` checks them)"
        )
    return token


def register(group: click.Group) -> None:
    group.add_command(digest)
