"""``journeyops demo``: import the examples and show one of them."""

from pathlib import Path

import click

from core.enums import Origin
from core.services.journey_files import import_journey_files
from core.services.workspace_settings import update_workspace
from core.settings import load_settings
from sandbox.confluence import SpecsNotFoundError, serve_confluence
from sandbox.slack import SEED
from webhooks.cli.context import CliContext, cli_actor, exits_cleanly
from webhooks.cli.demo_confluence import DEMO_TOKEN, confluence_settings, publish_and_save
from webhooks.cli.demo_jira import jira_sandbox, jira_settings, run_jira_loop, served
from webhooks.cli.demo_slack import run_slack_loop, slack_sandbox, slack_settings
from webhooks.cli.digest import preview_text
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
    show one of them, publish them all to a Confluence stand-in on 127.0.0.1 (saving each
    page as Confluence would show it under .journeyops/demo/confluence/), turn their
    opportunities into epics in a Jira stand-in, move one epic to Done there and let its
    signed webhook mark the fix shipped, log a pain point by mentioning the bot in a Slack
    stand-in and add a thread with the "Add to journey" shortcut (printing what the bot
    posted, the alert included), preview the week's digest, then publish the changed pages
    again."""
    ctx = click_ctx.find_object(CliContext)
    assert ctx is not None, "the journeyops group sets the context"
    with ctx.unit_of_work(Origin.IMPORT) as uow:
        outcomes = import_journey_files(uow, [examples])
    for outcome in outcomes:
        ctx.console.print(f"{outcome.action:>9}  {outcome.key}", highlight=False)
    click_ctx.invoke(show, key=show_key, fmt="text", limit=5)
    run_loop(ctx)
    ctx.console.print(
        "\nNext: `.venv/bin/journeyops journeys`, `.venv/bin/journeyops show KEY`, "
        "`.venv/bin/journeyops export -o out/`",
        highlight=False,
    )


def run_loop(ctx: CliContext) -> None:
    """Confluence pages, Jira epics, an epic done in Jira coming back as a shipped fix, a
    Slack mention, shortcut and alert, and the pages they changed published again: all
    against stand-ins on 127.0.0.1."""
    try:
        confluence = serve_confluence(flavour="cloud", api_token=DEMO_TOKEN)
    except SpecsNotFoundError as exc:
        ctx.console.print(f"Confluence and Jira steps skipped: {exc}", highlight=False)
        return
    with confluence, jira_sandbox() as jira, slack_sandbox() as slack:
        settings = load_settings(
            **confluence_settings(ctx, confluence), **jira_settings(jira), **slack_settings(slack)
        )
        publish_and_save(ctx, settings, confluence, "Published to the sandbox Confluence:")
        run_jira_loop(ctx, settings, jira)
        with ctx.store.unit_of_work(settings.workspace, actor=cli_actor()) as uow:
            update_workspace(uow, alert_channel=SEED.general)
        with served(settings, ctx) as url:
            run_slack_loop(ctx, slack, url)
        with ctx.store.unit_of_work(settings.workspace, actor=cli_actor()) as uow:
            preview = preview_text(uow)
        ctx.console.print(
            "\nThe week's digest so far (`journeyops digest --preview`; the scheduler posts "
            "it to the workspace's digest channel when the week is over):\n",
            highlight=False,
        )
        ctx.console.print(preview, highlight=False, markup=False)
        publish_and_save(
            ctx,
            settings,
            confluence,
            "Confluence again: the pages now show their epics and the shipped fix "
            "(an unchanged page would be skipped):",
        )


def register(group: click.Group) -> None:
    group.add_command(demo)
