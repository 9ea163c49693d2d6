"""The Jira part of ``journeyops demo``: opportunities become epics in a Jira stand-in,
one epic is moved to Done there, and its signed webhook ships the fix in the journey."""

from atlassian import Jira
from sqlalchemy import select

from connectors.jira.publish_run import sync_workspace
from core.model import Link, Opportunity, OpportunityPainPoint, PainPoint
from core.settings import Settings
from sandbox.jira import RunningSandbox, serve_jira
from webhooks.cli.context import CliContext, cli_actor

DEMO_EMAIL = "demo@example.com"
DEMO_TOKEN = "demo-jira-token"
DEMO_SECRET = "demo-webhook-secret"
SHIPPED = "delivery-cost-in-basket"  # the opportunity whose epic the demo moves to Done


def jira_settings(jira: RunningSandbox) -> dict[str, object]:
    """The settings (as ``load_settings`` keywords) that point at the Jira stand-in."""
    return {
        "jira_url": jira.url,
        "jira_username": DEMO_EMAIL,
        "jira_api_token": DEMO_TOKEN,
        "jira_cloud": True,
        "jira_project": "CX",
        "jira_webhook_secret": DEMO_SECRET,
    }


def jira_sandbox() -> RunningSandbox:
    return serve_jira(flavour="cloud", api_token=DEMO_TOKEN, project_key="CX")


def run_jira_loop(ctx: CliContext, settings: Settings, jira: RunningSandbox, url: str) -> None:
    """Create the epics, move one to Done in Jira (whose webhook goes to journeyops at
    ``url``), and show what came back."""
    print_ = ctx.console.print
    results = sync_workspace(ctx.store, settings, actor=cli_actor())
    created = [r for r in results if r.issue_key]
    print_(f"\nJira (sandbox, project CX): {len(created)} epic(s)", highlight=False)
    for result in created:
        print_(f"  {result.outcome:>9}  {result.issue_key}  {result.record}", highlight=False)
    epic = next((r.issue_key for r in created if r.record == SHIPPED), None)
    if epic is None:
        return
    jira.webhooks.configure(f"{url}/webhooks/jira", DEMO_SECRET)
    client = Jira(url=jira.url, username=DEMO_EMAIL, password=DEMO_TOKEN, cloud=True)
    client.set_issue_status(epic, "Done")
    jira.webhooks.wait_idle(10)
    [delivery] = jira.webhooks.deliveries[-1:]
    print_(
        f"\n{epic} moved to Done in Jira; its signed webhook answered "
        f"{delivery.attempts[-1]}. In the journey now:",
        highlight=False,
    )
    for line in _shipped(ctx, settings, epic):
        print_(f"  {line}", highlight=False)


def _shipped(ctx: CliContext, settings: Settings, epic: str) -> list[str]:
    with ctx.store.unit_of_work(settings.workspace, actor=cli_actor()) as uow:
        link = uow.session.scalars(
            select(Link).where(Link.system == "jira", Link.external_id == epic)
        ).one()
        opportunity = uow.session.get_one(Opportunity, link.record_id)
        pains = uow.session.scalars(
            select(PainPoint)
            .join(OpportunityPainPoint, OpportunityPainPoint.pain_point_id == PainPoint.id)
            .where(OpportunityPainPoint.opportunity_id == opportunity.id)
        )
        return [f"opportunity {opportunity.key}: {opportunity.status}"] + [
            f"pain point {pain.key}: {pain.status}" for pain in pains
        ]
