"""Who may see a web page: a login session, a Bearer token, or a share link.

* A login session (``/login`` with an API token) or ``Authorization: Bearer`` opens
  every journey of the served workspace. A session is re-checked on every request, so
  revoking its token ends it.
* A share link (``?share=<token>``, see ``core.share_links``) opens one journey: its
  embed view, its map page and its emotion curve, until it expires.

Nothing else opens a journey: there is no anonymous read.
"""

from dataclasses import dataclass

from flask import request, session

from core.services.api_tokens import active_token
from core.share_links import ShareLinkExpired, ShareLinkRefused
from core.store import UnitOfWork
from webhooks.access import bearer_viewer, token_actor
from webhooks.runtime import runtime

SESSION_TOKEN = "token_id"
SESSION_WORKSPACE = "workspace"
SHARE_PARAM = "share"


class NotSignedIn(Exception):
    """No credentials at all: a page sends the browser to the login page, an image
    answers 401."""


class ShareDenied(Exception):
    """A share link that opens nothing here (403): expired, altered, or for another
    journey or workspace."""

    def __init__(self, message: str, *, expired: bool = False) -> None:
        super().__init__(message)
        self.expired = expired


@dataclass(frozen=True)
class Viewer:
    """Someone allowed in: ``journey`` is the one journey a share link opens (None: all),
    ``share`` the share token to carry on in image URLs."""

    actor: str
    journey: str | None = None
    share: str | None = None

    def may_see(self, journey_key: str) -> bool:
        return self.journey is None or self.journey == journey_key


def _shared(journey_key: str, token: str) -> Viewer:
    settings = runtime().settings
    links = settings.share_links()
    if links is None:  # the blueprint refuses to serve before this; kept for safety
        raise ShareDenied("share links are off: JOURNEYOPS_SECRET_KEY is not set")
    try:
        shared = links.read(token)
    except ShareLinkExpired as exc:
        raise ShareDenied(str(exc), expired=True) from exc
    except ShareLinkRefused as exc:
        raise ShareDenied(str(exc)) from exc
    if shared.workspace != settings.workspace or shared.journey != journey_key:
        raise ShareDenied("this share link opens another journey")
    return Viewer(f"share:{journey_key}", journey_key, token)


def signed_in(uow: UnitOfWork) -> Viewer | None:
    """The viewer of a Bearer header or a login session, or None.

    Raises:
        BadCredentials: an ``Authorization`` header that opens nothing.
    """
    token = bearer_viewer(uow)
    if token is not None:
        return Viewer(token_actor(token))
    token_id = session.get(SESSION_TOKEN)
    if not isinstance(token_id, int) or session.get(SESSION_WORKSPACE) != uow.workspace.key:
        return None
    row = active_token(uow, token_id)
    if row is None:
        session.clear()  # its token was revoked: the session ends with it
        return None
    return Viewer(token_actor(row))


def journey_viewer(uow: UnitOfWork, journey_key: str) -> Viewer:
    """Who asks for ``journey_key``'s pages: a share link for it, a Bearer token or a
    login session.

    Raises:
        ShareDenied: a share link was given and does not open this journey.
        BadCredentials: an ``Authorization`` header that opens nothing.
        NotSignedIn: no credentials at all.
    """
    share = request.args.get(SHARE_PARAM)
    if share:
        return _shared(journey_key, share)
    viewer = signed_in(uow)
    if viewer is None:
        raise NotSignedIn()
    return viewer


def start_session(uow: UnitOfWork, token_id: int) -> None:
    """Sign the browser in with the API token ``token_id`` (a signed, HttpOnly cookie)."""
    session.clear()
    session.permanent = True
    session[SESSION_TOKEN] = token_id
    session[SESSION_WORKSPACE] = uow.workspace.key
