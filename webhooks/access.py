"""Who is asking: API tokens (``Authorization: Bearer``) for the JSON API and the web
map, and the unit of work a request reads and writes the served workspace through.

The server serves one workspace (JOURNEYOPS_WORKSPACE); a token is looked up by its hash
inside it, so a token of another workspace is unknown here.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from flask import request

from core.enums import Origin
from core.model import ApiToken
from core.services.api_tokens import authenticate_token
from core.store import UnitOfWork
from webhooks.runtime import runtime


class BadCredentials(Exception):
    """An ``Authorization`` header was sent and opens nothing (401)."""


def bearer_token() -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header; None without the header.

    Raises:
        BadCredentials: the header is there but is not a Bearer token.
    """
    header = request.headers.get("Authorization")
    if header is None:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise BadCredentials("use Authorization: Bearer <token>")
    return token.strip()


def token_actor(token: ApiToken) -> str:
    """How the event log names a change made with ``token``."""
    return f"api:{token.name}"


def bearer_viewer(uow: UnitOfWork) -> ApiToken | None:
    """The active API token of the request's Bearer header, or None without one; the unit
    of work's actor becomes the token's name.

    Raises:
        BadCredentials: the header names no active token of the served workspace.
    """
    token = bearer_token()
    if token is None:
        return None
    row = authenticate_token(uow, token)
    if row is None:
        raise BadCredentials("this API token is unknown or revoked")
    uow.actor = token_actor(row)
    return row


@contextmanager
def request_unit(origin: Origin = Origin.API) -> Iterator[UnitOfWork]:
    """A unit of work in the served workspace for this request; commits when the view
    returns, rolls back when it raises."""
    rt = runtime()
    with rt.store.unit_of_work(rt.settings.workspace, actor="anonymous", origin=origin) as uow:
        yield uow
