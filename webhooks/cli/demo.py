"""``journeyops demo``: import the examples and show one of them."""

from pathlib import Path

import click

from core.enums import Origin
from core.services.journey_files import import_journey_files
from webhooks.cli.context import CliContext, exits_cleanly
from webhooks.cli.demo_confluence import publish_to_sandbox
from webhooks.cli.journeys import show

EXAMPLES = Path("examples")


@click.command("demo")
@click.option(
    "--examples",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=EXAMPLES,
    show_default=True,
    help="Folder of journey files to import.",
)
@click.option(
    "--show",
    "show_key",
    default="ecommerce-checkout",
    show_default=True,
    help="Journey to show after the import.",
)
@click.pass_context
@exits_cleanly
def demo(click_ctx: click.Context, examples: Path, show_key: str) -> None:
    """Run the main job on the embedded defaults: import the example journeys into the
    database (SQLite in ./.journeyops/ unless JOURNEYOPS_DATABASE_URL says otherwise),
    show one of them, and publish them all to a Confluence stand-in on 127.0.0.1, saving
    each page as Confluence would show it under .journeyops/demo/confluence/."""
    ctx = click_ctx.find_object(CliContext)
    assert ctx is not None, "the journeyops group sets the context"
    with ctx.unit_of_work(Origin.IMPORT) as uow:
        outcomes = import_journey_files(uow, [examples])
    for outcome in outcomes:
        ctx.console.print(f"{outcome.action:>9}  {outcome.key}", highlight=False)
    click_ctx.invoke(show, key=show_key, fmt="text", limit=5)
    publish_to_sandbox(ctx)
    ctx.console.print(
        "\nNext: `.venv/bin/journeyops journeys`, `.venv/bin/journeyops show KEY`, "
        "`.venv/bin/journeyops export -o out/`",
        highlight=False,
    )


def register(group: click.Group) -> None:
    group.add_command(demo)
