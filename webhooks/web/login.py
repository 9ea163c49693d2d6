"""``/login``: sign a browser in with an API token; ``/logout`` signs it out.

The token is checked like a Bearer token and never stored in the cookie: the signed
session holds the token's row id, re-checked on every request.
"""

import logging

from flask import redirect, request, session
from werkzeug.wrappers import Response as BaseResponse

from core.services.api_tokens import authenticate_token
from webhooks.access import request_unit
from webhooks.web.blueprint import render, web_pages
from webhooks.web.viewers import start_session

logger = logging.getLogger(__name__)

HOME = "/journeys"


def safe_next(target: str | None) -> str:
    """``target`` when it is a path on this site, else the journey list (no open
    redirect: ``//evil.example`` and ``https://...`` go home)."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return HOME
    return target


@web_pages.get("/login")
def login_form() -> str:
    """The sign-in form: paste an API token (`journeyops token create NAME`)."""
    return render("web/login.html.j2", next=safe_next(request.args.get("next")))


@web_pages.post("/login")
def login() -> BaseResponse | tuple[str, int]:
    """Check the pasted token; a match starts a session and goes on to ``next``."""
    target = safe_next(request.form.get("next"))
    token = (request.form.get("token") or "").strip()
    with request_unit() as uow:
        row = authenticate_token(uow, token) if token else None
        if row is None:
            logger.info("web.login.refused", extra={"workspace": uow.workspace.key})
            page = render(
                "web/login.html.j2",
                next=target,
                error="That token is unknown or revoked. Paste a token from "
                "`journeyops token create NAME`.",
            )
            return page, 401
        start_session(uow, row.id)
        logger.info("web.login.ok", extra={"workspace": uow.workspace.key, "token_name": row.name})
    return redirect(target, 303)


@web_pages.post("/logout")
def logout() -> BaseResponse:
    """End the browser's session."""
    session.clear()
    return redirect("/login", 303)
