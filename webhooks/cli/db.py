"""``journeyops db``: database maintenance."""

import click

from core.store.engine import redacted_url
from webhooks.cli.context import CliContext, exits_cleanly, pass_context


@click.group()
def db() -> None:
    """Database maintenance."""


@db.command()
@pass_context
@exits_cleanly
def upgrade(ctx: CliContext) -> None:
    """Migrate the database to the newest schema (safe to run again)."""
    from core.store import Store

    store = Store(ctx.settings.database_url)
    before, after = store.upgrade()
    where = redacted_url(ctx.settings.database_url)
    if before == after:
        ctx.console.print(f"{where} is up to date (revision {after}).")
    else:
        ctx.console.print(f"{where} migrated from {before or 'empty'} to revision {after}.")


def register(group: click.Group) -> None:
    group.add_command(db)
