"""Per-workspace API tokens: create (shown once), list, revoke, and check one.

A token is ``jo_`` followed by 43 URL-safe characters (256 random bits). The store keeps
only its sha256, so a leaked database does not hand out working tokens; a lost token is
revoked and replaced, never recovered. Tokens are found by hash inside the bound
workspace: a token of another workspace is simply unknown here.
"""

import hashlib
import logging
import re
import secrets
from datetime import datetime, timedelta

from sqlalchemy import select

from core.errors import BadInput, NotFound
from core.model import ApiToken, utcnow
from core.services.evidence import as_utc
from core.store import UnitOfWork

logger = logging.getLogger(__name__)

PREFIX = "jo_"
NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
# ``last_used_at`` is written at most this often per token: it says "in use lately", and
# a write per request would serialise every API call on one row.
TOUCH_EVERY = timedelta(minutes=1)
MAX_TOKEN_CHARS = 200


def token_sha256(token: str) -> str:
    """The sha256 hex digest the store keeps of ``token``."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _active(uow: UnitOfWork, name: str) -> ApiToken | None:
    return uow.session.scalar(
        select(ApiToken).where(ApiToken.name == name, ApiToken.revoked_at.is_(None))
    )


def create_api_token(uow: UnitOfWork, name: str) -> tuple[ApiToken, str]:
    """Create a token named ``name`` for the bound workspace.

    Returns:
        The stored row and the token itself, which is never shown again.

    Raises:
        BadInput: the name is not 1-64 letters, digits, dots, dashes or underscores, or
            the workspace has an active token of that name already.
    """
    if not NAME_PATTERN.match(name):
        raise BadInput(
            f"token name {name!r} is refused: use 1 to 64 letters, digits, '.', '-' or '_', "
            "e.g. 'confluence-embed' or 'ci'"
        )
    if _active(uow, name) is not None:
        raise BadInput(
            f"workspace {uow.workspace.key!r} has a token named {name!r} already; "
            f"`journeyops token revoke {name}` first, or choose another name"
        )
    token = PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(name=name, token_sha256=token_sha256(token), created_by=uow.actor)
    uow.session.add(row)
    uow.session.flush()
    logger.info("api_token.created", extra={"workspace": uow.workspace.key, "token_name": name})
    return row, token


def list_api_tokens(uow: UnitOfWork) -> list[ApiToken]:
    """The workspace's tokens, revoked ones included, by name then age."""
    return list(uow.session.scalars(select(ApiToken).order_by(ApiToken.name, ApiToken.id)))


def revoke_api_token(uow: UnitOfWork, name: str) -> ApiToken:
    """Revoke the active token ``name``; requests carrying it are refused from now on.

    Raises:
        NotFound: the workspace has no active token of that name.
    """
    row = _active(uow, name)
    if row is None:
        raise NotFound(
            f"workspace {uow.workspace.key!r} has no active token named {name!r}; "
            "`journeyops token list` shows them"
        )
    row.revoked_at = utcnow()
    logger.info("api_token.revoked", extra={"workspace": uow.workspace.key, "token_name": name})
    return row


def authenticate_token(
    uow: UnitOfWork, token: str, *, now: datetime | None = None
) -> ApiToken | None:
    """The active token row ``token`` stands for in the bound workspace, or None.

    Marks it used (at most once a minute). Comparing hashes found by an index lookup
    leaks nothing useful through timing: the attacker does not know the hash.
    """
    if not token.startswith(PREFIX) or len(token) > MAX_TOKEN_CHARS:
        return None
    row = uow.session.scalar(
        select(ApiToken).where(
            ApiToken.token_sha256 == token_sha256(token), ApiToken.revoked_at.is_(None)
        )
    )
    if row is None:
        return None
    moment = now or utcnow()
    if row.last_used_at is None or moment - as_utc(row.last_used_at) >= TOUCH_EVERY:
        row.last_used_at = moment
    return row


def active_token(uow: UnitOfWork, token_id: int) -> ApiToken | None:
    """The token row ``token_id`` when it is still active (a login session checks this on
    every request, so revoking a token also ends the sessions it opened)."""
    return uow.session.scalar(
        select(ApiToken).where(ApiToken.id == token_id, ApiToken.revoked_at.is_(None))
    )
