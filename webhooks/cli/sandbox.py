"""``journeyops sandbox``: the Slack, Jira and Confluence stand-ins on 127.0.0.1, for
trying journeyops by hand without the real services."""

from contextlib import ExitStack

import click

from core.errors import JourneyOpsError
from sandbox.confluence import SpecsNotFoundError, serve_confluence
from webhooks.cli.context import CliContext, exits_cleanly, pass_context
from webhooks.cli.demo_confluence import DEMO_TOKEN, confluence_settings
from webhooks.cli.demo_jira import jira_sandbox, jira_settings
from webhooks.cli.demo_slack import slack_sandbox, slack_settings
from webhooks.cli.stopping import stop_on_signals

SYSTEMS = ("slack", "jira", "confluence")
# Settings that are ours to keep as they are, not the stand-in's to announce.
OWN = ("journeyops_database_url", "journeyops_workspace")


@click.command("sandbox")
@click.argument("systems", nargs=-1, type=click.Choice(SYSTEMS))
@pass_context
@exits_cleanly
def sandbox(ctx: CliContext, systems: tuple[str, ...]) -> None:
    """Run stand-ins for SYSTEMS (slack, jira, confluence; all three when none is given)
    on 127.0.0.1 until Ctrl-C, and print the variables that point journeyops at them
    (their test credentials are fixed values, not secrets). Each checks every request it
    gets against Slack's and Atlassian's published API descriptions, as in the tests."""
    wanted = systems or SYSTEMS
    stop = stop_on_signals()
    with ExitStack() as running:
        variables: dict[str, object] = {}
        try:
            if "confluence" in wanted:
                box = running.enter_context(serve_confluence(flavour="cloud", api_token=DEMO_TOKEN))
                variables |= confluence_settings(ctx, box)
        except SpecsNotFoundError as exc:
            raise JourneyOpsError(
                f"the stand-ins check requests against Slack's and Atlassian's API "
                f"descriptions, and cannot find them: {exc}"
            ) from None
        if "jira" in wanted:
            variables |= jira_settings(running.enter_context(jira_sandbox()))
        if "slack" in wanted:
            variables |= slack_settings(running.enter_context(slack_sandbox()))
        ctx.console.print("Stand-ins running. In another shell, before `journeyops serve`:\n")
        for name, value in variables.items():
            if name not in OWN:
                shown = str(value).lower() if isinstance(value, bool) else value
                ctx.console.print(f"export {name.upper()}={shown}", highlight=False, markup=False)
        ctx.console.print("\nCtrl-C stops.")
        stop.wait()


def register(group: click.Group) -> None:
    group.add_command(sandbox)
