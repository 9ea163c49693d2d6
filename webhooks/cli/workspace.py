"""``journeyops workspace``: show and change the workspace's own settings."""

import click

from core.services.workspace_settings import update_workspace, workspace_row
from webhooks.cli.context import CliContext, exits_cleanly, pass_context

NONE = "none"  # clears a channel


@click.group()
def workspace() -> None:
    """The workspace's settings: alert and digest channels, digest schedule, time zone,
    closing the loop. The global -w/--workspace option picks the workspace."""


@workspace.command("show")
@pass_context
@exits_cleanly
def show(ctx: CliContext) -> None:
    """Show the workspace's settings."""
    with ctx.unit_of_work() as uow:
        row = workspace_row(uow)
        shown = {
            "key": row.key,
            "name": row.name,
            "slack team": row.slack_team_id or "-",
            "alert channel": row.alert_channel or "- (no alerts)",
            "digest channel": row.digest_channel or "- (no digest)",
            "digest schedule": f"{row.digest_cron} ({row.timezone})",
            "close the loop": "on" if row.close_the_loop else "off",
        }
    for label, value in shown.items():
        ctx.console.print(f"{label:>16}  {value}", highlight=False)


@workspace.command("set")
@click.option("--name", help="The workspace's display name.")
@click.option(
    "--alert-channel",
    metavar="CHANNEL_ID",
    help=f"Slack channel id alerts go to (like C0123ABCD); '{NONE}' stops alerts.",
)
@click.option(
    "--digest-channel",
    metavar="CHANNEL_ID",
    help=f"Slack channel id the weekly digest goes to; '{NONE}' stops the digest.",
)
@click.option(
    "--digest-cron",
    metavar="CRONTAB",
    help="When the digest is made, as a crontab line in the time zone (default '0 9 * * mon').",
)
@click.option(
    "--timezone", metavar="ZONE", help="IANA time zone, like Europe/Berlin (default UTC)."
)
@click.option(
    "--close-the-loop/--no-close-the-loop",
    default=None,
    help="Ask the Slack threads behind a shipped fix whether it worked (default on).",
)
@pass_context
@exits_cleanly
def set_(
    ctx: CliContext,
    name: str | None,
    alert_channel: str | None,
    digest_channel: str | None,
    digest_cron: str | None,
    timezone: str | None,
    close_the_loop: bool | None,
) -> None:
    """Change the settings given; the others stay as they are."""
    given = {
        "name": name,
        "alert_channel": alert_channel,
        "digest_channel": digest_channel,
        "digest_cron": digest_cron,
        "timezone": timezone,
        "close_the_loop": close_the_loop,
    }
    fields = {k: (None if v == NONE else v) for k, v in given.items() if v is not None}
    if not fields:
        raise click.UsageError("say what to change, e.g. --alert-channel C0123ABCD")
    with ctx.unit_of_work() as uow:
        changed = update_workspace(uow, **fields)
        key = uow.workspace.key
    if changed:
        ctx.console.print(f"{key}: changed {', '.join(changed)}.", highlight=False)
    else:
        ctx.console.print(f"{key}: already set that way; nothing changed.", highlight=False)


def register(group: click.Group) -> None:
    group.add_command(workspace)
