"""``journeyops demo``: the whole loop on the embedded defaults, then the map served on
127.0.0.1 until Ctrl-C."""

import secrets
from pathlib import Path

import click

from core.enums import Origin
from core.services.journey_files import import_journey_files
from core.services.workspace_settings import update_workspace
from core.settings import Settings, load_settings
from sandbox.confluence import RunningSandbox as ConfluenceSandbox
from sandbox.confluence import SpecsNotFoundError, serve_confluence
from sandbox.jira import RunningSandbox as JiraSandbox
from sandbox.slack import SEED
from sandbox.slack import RunningSandbox as SlackSandbox
from webhooks.app import create_app
from webhooks.cli.context import CliContext, cli_actor, exits_cleanly
from webhooks.cli.demo_confluence import DEMO_TOKEN, confluence_settings, publish_and_save
from webhooks.cli.demo_jira import jira_sandbox, jira_settings, run_jira_loop
from webhooks.cli.demo_links import print_links
from webhooks.cli.demo_server import demo_server
from webhooks.cli.demo_slack import run_slack_loop, slack_sandbox, slack_settings
from webhooks.cli.digest import preview_text
from webhooks.cli.journeys import show
from webhooks.cli.stopping import stop_on_signals
from webhooks.runtime import Runtime
from webhooks.scheduler import build_scheduler

EXAMPLES = Path("examples")
PORT = 8000


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
@click.option(
    "--port",
    default=PORT,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="Port on 127.0.0.1 for journeyops (a free one when it is taken).",
)
@click.option(
    "--no-wait",
    is_flag=True,
    help="Exit once the loop has run, instead of serving the map until Ctrl-C (for scripts).",
)
@click.pass_context
@exits_cleanly
def demo(click_ctx: click.Context, examples: Path, show_key: str, port: int, no_wait: bool) -> None:
    """Run the main job on the embedded defaults: import the example journeys into the
    database (SQLite in ./.journeyops/ unless JOURNEYOPS_DATABASE_URL says otherwise) and
    show one; then, with journeyops served on 127.0.0.1 and stand-ins for Confluence, Jira
    and Slack beside it: publish every journey to Confluence (saving each page as
    Confluence would show it under .journeyops/demo/confluence/), turn the opportunities
    into Jira epics, move one epic to Done and let its signed webhook mark the fix
    shipped, log a pain point by mentioning the bot in Slack and add a thread with the
    "Add to journey" shortcut (printing what the bot posted, the alert included), preview
    the week's digest, publish the changed pages again, and print the map pages' links.
    Then it keeps serving until Ctrl-C (--no-wait exits instead)."""
    ctx = click_ctx.find_object(CliContext)
    assert ctx is not None, "the journeyops group sets the context"
    with ctx.unit_of_work(Origin.IMPORT) as uow:
        outcomes = import_journey_files(uow, [examples])
    for outcome in outcomes:
        ctx.console.print(f"{outcome.action:>9}  {outcome.key}", highlight=False)
    click_ctx.invoke(show, key=show_key, fmt="text", limit=5)
    run_loop(ctx, port, wait=not no_wait)
    ctx.console.print(
        "\nNext: `.venv/bin/journeyops journeys`, `.venv/bin/journeyops show KEY`, "
        "`.venv/bin/journeyops export -o out/`",
        highlight=False,
    )


def run_loop(ctx: CliContext, port: int, *, wait: bool) -> None:
    """The loop against stand-ins on 127.0.0.1, with journeyops served on ``port``; with
    ``wait``, the map stays served (and the background jobs run) until Ctrl-C."""
    try:
        confluence = serve_confluence(flavour="cloud", api_token=DEMO_TOKEN)
    except SpecsNotFoundError as exc:
        ctx.console.print(f"Confluence, Jira and Slack steps skipped: {exc}", highlight=False)
        return
    with (
        confluence,
        jira_sandbox() as jira,
        slack_sandbox() as slack,
        demo_server(port) as server,
    ):
        settings = load_settings(
            **confluence_settings(ctx, confluence),
            **jira_settings(jira),
            **slack_settings(slack),
            journeyops_secret_key=secrets.token_hex(32),
            journeyops_public_url=server.url,
        )
        server.serve(create_app(settings, ctx.store))
        ctx.console.print(f"\njourneyops serving {server.url} (as `journeyops serve` would)")
        _loop(ctx, settings, confluence, jira, slack, server.url)
        print_links(ctx, settings, server.url)
        if wait:
            _serve_until_stopped(ctx, settings)


def _loop(
    ctx: CliContext,
    settings: Settings,
    confluence: ConfluenceSandbox,
    jira: JiraSandbox,
    slack: SlackSandbox,
    url: str,
) -> None:
    publish_and_save(ctx, settings, confluence, "Published to the sandbox Confluence:")
    run_jira_loop(ctx, settings, jira, url)
    with ctx.store.unit_of_work(settings.workspace, actor=cli_actor()) as uow:
        update_workspace(uow, alert_channel=SEED.general)
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
        "Confluence again: the pages now show their epics, the shipped fix and the pain "
        "point from Slack (an unchanged page would be skipped):",
    )


def _serve_until_stopped(ctx: CliContext, settings: Settings) -> None:
    stop = stop_on_signals()
    jobs = build_scheduler(Runtime(settings, ctx.store))
    jobs.start()
    ctx.console.print("\nServing until Ctrl-C (the stand-ins stop with it).", highlight=False)
    stop.wait()
    jobs.shutdown(wait=False)


def register(group: click.Group) -> None:
    group.add_command(demo)
