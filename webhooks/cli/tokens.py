"""``journeyops token create|list|revoke``: API tokens of the workspace, and
``journeyops share KEY``: a signed, expiring link to one journey's embed view."""

import click
from rich.table import Table

from core.errors import SettingsError
from core.services.api_tokens import create_api_token, list_api_tokens, revoke_api_token
from core.services.lookup import journey_by_key
from core.share_links import DEFAULT_DAYS, MAX_DAYS
from webhooks.cli.context import CliContext, exits_cleanly, pass_context


@click.group("token")
def token() -> None:
    """API tokens: for the JSON API (Authorization: Bearer) and to sign in to the web map."""


@token.command("create")
@click.argument("name")
@pass_context
@exits_cleanly
def create(ctx: CliContext, name: str) -> None:
    """Create the token NAME and print it once: only its sha256 is kept."""
    with ctx.unit_of_work() as uow:
        _, secret = create_api_token(uow, name)
    # The token alone on stdout, so `$(journeyops token create ci)` captures it.
    click.echo(secret)
    click.echo(
        f"Token {name!r} created for workspace {ctx.settings.workspace!r}. Keep it now: "
        "it is not shown again.",
        err=True,
    )


@token.command("list")
@pass_context
@exits_cleanly
def list_tokens(ctx: CliContext) -> None:
    """List the workspace's tokens (names and dates, never the tokens)."""
    with ctx.unit_of_work() as uow:
        rows = list_api_tokens(uow)
        if not rows:
            ctx.console.print("No API tokens yet: `journeyops token create NAME` makes one.")
            return
        table = Table(box=None)
        for column in ("name", "created", "last used", "state"):
            table.add_column(column, no_wrap=column == "name")
        for row in rows:
            table.add_row(
                row.name,
                f"{row.created_at:%Y-%m-%d %H:%M}",
                f"{row.last_used_at:%Y-%m-%d %H:%M}" if row.last_used_at else "never",
                f"revoked {row.revoked_at:%Y-%m-%d}" if row.revoked_at else "active",
            )
        ctx.console.print(table)


@token.command("revoke")
@click.argument("name")
@pass_context
@exits_cleanly
def revoke(ctx: CliContext, name: str) -> None:
    """Revoke the token NAME: API calls and web sessions using it stop working."""
    with ctx.unit_of_work() as uow:
        revoke_api_token(uow, name)
    ctx.console.print(f"Token {name!r} revoked.")


@click.command("share")
@click.argument("key")
@click.option(
    "--days",
    type=click.IntRange(1, MAX_DAYS),
    default=DEFAULT_DAYS,
    show_default=True,
    help="How long the link works.",
)
@pass_context
@exits_cleanly
def share(ctx: CliContext, key: str, days: int) -> None:
    """Print a link to journey KEY's embed view that works without a login for DAYS days
    (for Confluence's iframe macro). Anyone holding it can see that one journey."""
    settings = ctx.settings
    links = settings.share_links()
    if links is None or not settings.journeyops_public_url:
        raise SettingsError(
            "JOURNEYOPS_SECRET_KEY and JOURNEYOPS_PUBLIC_URL must both be set to share a "
            "journey: the secret signs the link (use the same value as `journeyops serve`), "
            "the public URL is where people reach the server"
        )
    with ctx.unit_of_work() as uow:
        journey_by_key(uow, key)
    click.echo(links.embed_url(settings.workspace, key, days=days))


def register(group: click.Group) -> None:
    group.add_command(token)
    group.add_command(share)
