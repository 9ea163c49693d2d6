"""The end of ``journeyops demo``: where to look at the maps in a browser."""

from sqlalchemy import select

from core.model import Journey
from core.services.api_tokens import create_api_token, list_api_tokens, revoke_api_token
from core.settings import Settings
from webhooks.cli.context import CliContext, cli_actor

TOKEN_NAME = "demo"


def print_links(ctx: CliContext, settings: Settings, url: str) -> None:
    """Each journey's map page and embed view, by share link (no login needed), and an
    API token to log in with for the rest (a new one each run; the last is revoked)."""
    links = settings.share_links()
    assert links is not None, "the demo sets JOURNEYOPS_SECRET_KEY"
    with ctx.store.unit_of_work(settings.workspace, actor=cli_actor()) as uow:
        keys = list(uow.session.scalars(select(Journey.key).order_by(Journey.key)))
        if any(t.name == TOKEN_NAME and t.revoked_at is None for t in list_api_tokens(uow)):
            revoke_api_token(uow, TOKEN_NAME)
        _, token = create_api_token(uow, TOKEN_NAME)
    print_ = ctx.console.print
    print_(
        "\nThe maps in a browser (share links: no login needed, valid 90 days):", highlight=False
    )
    for key in keys:
        embed = links.embed_url(settings.workspace, key)
        print_(f"  {key}", highlight=False)
        print_(f"    map    {embed.replace('/embed?', '?', 1)}", highlight=False, markup=False)
        print_(f"    embed  {embed}", highlight=False, markup=False)
    print_(
        f"  all journeys: {url}/journeys (log in with the API token {token})",
        highlight=False,
        markup=False,
    )
