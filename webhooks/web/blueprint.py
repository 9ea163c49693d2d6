"""The ``web`` blueprint: its settings check, error pages and response headers.

Routes live in ``pages`` (the map, the list, the images, the embed) and ``login``.
Unauthenticated, a page redirects to ``/login`` (a browser can sign in there), an image
answers 401, an ``Authorization`` header that opens nothing answers 401, and a share
link that opens nothing answers 403: no journey is ever readable without credentials.
"""

import logging
from datetime import timedelta
from pathlib import Path
from typing import cast
from urllib.parse import quote, urlsplit

from flask import Blueprint, Flask, Response, redirect, request, url_for
from flask.blueprints import BlueprintSetupState
from werkzeug.wrappers import Response as BaseResponse

from templates import environment
from webhooks.access import BadCredentials
from webhooks.runtime import runtime
from webhooks.web.viewers import NotSignedIn, ShareDenied

logger = logging.getLogger(__name__)

web_pages = Blueprint(
    "web",
    __name__,
    static_folder=str(Path(__file__).parent / "static"),
    static_url_path="/static/web",
)

SESSION_DAYS = 30
EMBED_ENDPOINT = "web.journey_embed"
IMAGE_ENDPOINTS = ("web.journey_svg", "web.journey_png")


def render(template: str, **context: object) -> str:
    """Render ``templates/<template>`` with the shared environment (autoescape on for
    ``.html.j2``, undefined names fail), which Flask's own would not autoescape."""
    return environment().get_template(template).render(url_for=url_for, **context)


@web_pages.record_once
def _configure(state: BlueprintSetupState) -> None:
    """Sign sessions with JOURNEYOPS_SECRET_KEY; cookies are HttpOnly and SameSite=Lax
    (and Secure when the public URL is https)."""
    app = state.app
    settings = runtime(cast(Flask, app)).settings
    if settings.journeyops_secret_key is not None:
        app.secret_key = settings.journeyops_secret_key.get_secret_value()
    app.config.update(
        SESSION_COOKIE_NAME="journeyops_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=(settings.journeyops_public_url or "").startswith("https:"),
        PERMANENT_SESSION_LIFETIME=timedelta(days=SESSION_DAYS),
    )


@web_pages.before_request
def _need_secret_key() -> tuple[str, int] | None:
    if request.endpoint == "web.static" or runtime().settings.journeyops_secret_key:
        return None
    logger.warning("web.no_secret_key", extra={"path": request.path})
    return render("web/error.html.j2", **NO_SECRET_KEY), 503


NO_SECRET_KEY = {
    "title": "The map is not set up yet",
    "message": "JOURNEYOPS_SECRET_KEY is not set, so this server cannot sign sessions or "
    "share links and serves no map pages.",
    "hint": 'Set it to a long random value (python -c "import secrets; '
    'print(secrets.token_hex(32))") where `journeyops serve` runs, and restart it.',
}


@web_pages.after_request
def _headers(response: Response) -> Response:
    """Framing: only the embed view may sit in an iframe, and only on the Confluence
    site; every page keeps its URL (which may hold a share link) out of Referer."""
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    if request.endpoint == EMBED_ENDPOINT:
        ancestors = " ".join(["'self'", *framing_origins()])
        response.headers["Content-Security-Policy"] = (
            f"default-src 'self'; img-src 'self' data:; frame-ancestors {ancestors}"
        )
    else:
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Content-Security-Policy"] = (
            "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'"
        )
    if request.endpoint != "web.static":
        response.headers["Cache-Control"] = "private, no-store"
    return response


def framing_origins() -> list[str]:
    """The origins allowed to frame the embed view: CONFLUENCE_URL's scheme and host."""
    url = runtime().settings.confluence_url
    if not url:
        return []
    parts = urlsplit(url)
    return [f"{parts.scheme}://{parts.netloc}"]


def _error(title: str, message: str, status: int, hint: str | None = None) -> BaseResponse:
    body = render("web/error.html.j2", title=title, message=message, hint=hint)
    return Response(body, status, mimetype="text/html")


@web_pages.errorhandler(NotSignedIn)
def _not_signed_in(_exc: NotSignedIn) -> BaseResponse:
    if request.endpoint in IMAGE_ENDPOINTS:
        return _error("Sign in first", "This image needs a login or a share link.", 401)
    if request.endpoint == EMBED_ENDPOINT:
        return _error(
            "This embed needs a share link",
            "Open it through the link on the journey's Confluence page.",
            403,
            hint="Make one with `journeyops share KEY`.",
        )
    target = request.full_path.rstrip("?")
    return redirect(f"/login?next={quote(target, safe='/')}", 302)


@web_pages.errorhandler(BadCredentials)
def _bad_credentials(exc: BadCredentials) -> BaseResponse:
    response = _error("Not signed in", str(exc), 401)
    response.headers["WWW-Authenticate"] = 'Bearer realm="journeyops"'
    return response


@web_pages.errorhandler(ShareDenied)
def _share_denied(exc: ShareDenied) -> BaseResponse:
    logger.info("web.share.denied", extra={"path": request.path, "expired": exc.expired})
    title = "This share link has expired" if exc.expired else "This share link does not work"
    return _error(
        title,
        str(exc).rstrip(".") + ".",
        403,
        hint="Ask the journey's owner for a new one (`journeyops share KEY`), or sign in.",
    )
