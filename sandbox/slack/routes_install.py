"""Installing and connecting the app: the OAuth v2 consent page stand-in,
oauth.v2.access, and apps.connections.open (Socket Mode, app-level token).

``GET <root>/oauth/v2/authorize`` plays the user who clicks "Allow": it redirects to the
app's redirect URL with a fresh ``code`` and the ``state`` it was given. The requested
``scope`` becomes the bot's scopes, so calls outside them get ``missing_scope``.
Query ``team`` / ``user`` pick the workspace and the installing person (default: the
first workspace and its first person).
"""

from __future__ import annotations

import hmac
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Response, redirect, request
from werkzeug.wrappers import Response as BaseResponse

from sandbox.slack.context import Call, box
from sandbox.slack.errors import SlackError
from sandbox.slack.methods import Method

bp = Blueprint("slack_install", __name__)


def _same(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode(), expected.encode())


@bp.get("/oauth/v2/authorize")
def authorize() -> BaseResponse:
    state = box().state
    app = state.app
    if request.args.get("client_id") != app.client_id:
        return Response("invalid_client_id", status=400, mimetype="text/plain")
    redirect_uri = request.args.get("redirect_uri") or app.redirect_url
    if not redirect_uri:
        return Response("no redirect_uri given and none configured", status=400)
    with state.lock:
        teams = list(state.workspace.teams.values())
        team = state.workspace.teams.get(request.args.get("team", ""), teams[0])
        people = [u for u in state.workspace.users.values() if u.team_id == team.id]
        installer = request.args.get("user") or next(u.id for u in people if not u.is_bot)
        scopes = [s for s in request.args.get("scope", "").split(",") if s]
        code = state.workspace.issue_oauth_code(
            team.id,
            installer,
            redirect_uri=request.args.get("redirect_uri"),
            scopes=scopes or None,
        )
    answer = {"code": code, "state": request.args.get("state", "")}
    return redirect(f"{redirect_uri}{'&' if '?' in redirect_uri else '?'}{urlencode(answer)}")


def oauth_access(call: Call) -> dict[str, Any]:
    app = call.state.app
    client_id, secret = call.basic or (call.text("client_id"), call.text("client_secret"))
    if client_id != app.client_id:
        raise SlackError("invalid_client_id")
    if not _same(secret or "", app.client_secret):
        raise SlackError("bad_client_secret")
    code = call.state.workspace.redeem_oauth_code(
        call.text("code") or "", call.text("redirect_uri")
    )
    team = call.state.workspace.teams[code.team_id]
    return {
        "ok": True,
        "app_id": app.app_id,
        "authed_user": {"id": code.user_id},
        "scope": ",".join(sorted(team.scopes)),
        "token_type": "bot",
        "access_token": team.bot_token,
        "bot_user_id": team.bot_user_id,
        "team": {"id": team.id, "name": team.name},
        "enterprise": None,
        "is_enterprise_install": False,
    }


def connections_open(call: Call) -> dict[str, Any]:
    """A one-use websocket URL of the sandbox's Socket Mode server (``socket_mode.py``)."""
    return {"ok": True, "url": box().socket_mode.issue_url()}


METHODS = {
    "oauth.v2.access": Method(oauth_access, "other", tokens=frozenset()),
    "apps.connections.open": Method(connections_open, "other", tokens=frozenset({"app"})),
}
