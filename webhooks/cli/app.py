"""The ``journeyops`` group and its global options."""

import click

from webhooks.cli import (
    db,
    digest,
    doctor,
    files,
    journeys,
    new,
    sandbox,
    scheduler,
    serve,
    sync,
    tokens,
    workspace,
)
from webhooks.cli import demo as demo_command
from webhooks.cli.context import CliContext
from webhooks.cli.log_format import configure_logging

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@click.group(context_settings=CONTEXT_SETTINGS)
@click.option(
    "--database-url",
    metavar="URL",
    help="Database to use (wins over JOURNEYOPS_DATABASE_URL). "
    "Default: SQLite in ./.journeyops/journeyops.db.",
)
@click.option(
    "-w",
    "--workspace",
    metavar="KEY",
    help="Workspace to work in (wins over JOURNEYOPS_WORKSPACE). Default: 'default'.",
)
@click.option("-v", "--verbose", is_flag=True, help="Log what happens, as key=value lines.")
@click.version_option(package_name="journeyops", prog_name="journeyops")
@click.pass_context
def cli(ctx: click.Context, database_url: str | None, workspace: str | None, verbose: bool) -> None:
    """journeyops: customer journey maps wired to their evidence and delivery work.

    Import journeys from YAML or JSON files, inspect them, and export them back.
    Run `journeyops COMMAND --help` for the options of each command.
    """
    configure_logging(verbose)
    ctx.obj = CliContext(
        overrides={"journeyops_database_url": database_url, "journeyops_workspace": workspace}
    )


for module in (
    new,
    files,
    journeys,
    sync,
    digest,
    serve,
    scheduler,
    workspace,
    db,
    doctor,
    tokens,
    sandbox,
    demo_command,
):
    module.register(cli)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="journeyops")
