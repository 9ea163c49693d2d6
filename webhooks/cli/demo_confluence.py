"""The Confluence part of ``journeyops demo``: publish to the local stand-in and keep
what a newcomer would see in Confluence."""

import re
from pathlib import Path

import requests

from connectors.confluence.sync import Outcome, PageResult
from core.settings import Settings
from sandbox.confluence import RunningSandbox
from webhooks.cli.context import CliContext
from webhooks.cli.sync import publish_journeys

DEMO_TOKEN = "demo-api-token"
DEMO_FOLDER = Path(".journeyops") / "demo" / "confluence"
_ATTACHMENT_SRC = re.compile(r'src="(/sandbox/attachments/[^"/]+/[^"/]+)"')


def confluence_settings(ctx: CliContext, sandbox: RunningSandbox) -> dict[str, object]:
    """The settings (as ``load_settings`` keywords) that point at the Confluence stand-in."""
    return {
        "journeyops_database_url": ctx.settings.database_url,
        "journeyops_workspace": ctx.settings.workspace,
        "confluence_url": sandbox.url,
        "confluence_username": "demo@example.com",
        "confluence_api_token": DEMO_TOKEN,
        "confluence_cloud": True,
        "confluence_space": "CX",
        "confluence_parent_page": sandbox.state.journeys_page.id,
    }


def publish_and_save(
    ctx: CliContext, settings: Settings, sandbox: RunningSandbox, heading: str
) -> None:
    """Publish every journey to the stand-in, print the outcome, and save each page as
    the stand-in renders it (HTML, with its images) under .journeyops/demo/confluence/."""
    results = publish_journeys(ctx, settings, None)
    DEMO_FOLDER.mkdir(parents=True, exist_ok=True)
    ctx.console.print(f"\n{heading}", highlight=False)
    for result in results:
        ctx.console.print(f"  {_describe(result, sandbox.root_url)}", highlight=False)


def _describe(result: PageResult, root_url: str) -> str:
    if result.page_id is None or result.outcome == Outcome.SKIPPED:
        return f"{result.outcome:>9}  {result.key}  {result.detail}"
    html = requests.get(f"{root_url}/sandbox/pages/{result.page_id}", timeout=10).text
    # The stand-in stops with the demo: keep the page's images beside the saved page.
    for path in sorted(set(_ATTACHMENT_SRC.findall(html))):
        name = path.rsplit("/", 1)[-1]
        image = requests.get(f"{root_url}{path}", timeout=10)
        image.raise_for_status()
        (DEMO_FOLDER / name).write_bytes(image.content)
        html = html.replace(f'src="{path}"', f'src="{name}"')
    target = DEMO_FOLDER / f"{result.key}.html"
    target.write_text(html, encoding="utf-8")
    where = f"page {result.page_id}, as Confluence shows it: {target}"
    return f"{result.outcome:>9}  {result.key}  {where}"
