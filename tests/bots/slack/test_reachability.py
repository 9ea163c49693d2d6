"""The Slack reachability check: slack_sdk against a real HTTP server on 127.0.0.1."""

import pytest
from pytest_httpserver import HTTPServer

from bots.slack.reachability import SlackReachability
from core.health import CheckResult
from core.settings import Settings, load_settings

pytestmark = pytest.mark.usefixtures("clean_env")

TOKEN = "xoxb-supersecret-123"
SIGNING_SECRET = "signing-supersecret"
AUTH_TEST_OK = {
    "ok": True,
    "url": "https://acme-cx.slack.com/",
    "team": "Acme CX",
    "user": "journeyops",
    "team_id": "T0001",
    "user_id": "U0001",
    "bot_id": "B0001",
}


def slack_settings(api_url: str, signing_secret: str | None = SIGNING_SECRET) -> Settings:
    return load_settings(
        slack_bot_token=TOKEN, slack_signing_secret=signing_secret, slack_api_url=api_url
    )


def check(settings: Settings) -> CheckResult:
    result = SlackReachability(timeout=5)(settings)
    for secret in (TOKEN, SIGNING_SECRET):
        assert secret not in result.detail
        assert secret not in (result.fix or "")
    return result


def test_auth_test_ok_reports_the_team_and_the_bot(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/api/auth.test", method="POST").respond_with_json(AUTH_TEST_OK)

    result = check(slack_settings(httpserver.url_for("/api/")))

    assert result.ok, result
    assert "workspace Acme CX" in result.detail
    assert "bot user journeyops" in result.detail
    assert len(httpserver.log) == 1
    request, _ = httpserver.log[0]
    assert request.headers["Authorization"] == f"Bearer {TOKEN}"


def test_invalid_auth_names_the_bot_token(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/api/auth.test").respond_with_json(
        {"ok": False, "error": "invalid_auth"}
    )

    result = check(slack_settings(httpserver.url_for("/api/")))

    assert not result.ok
    assert "invalid_auth" in result.detail
    assert result.fix is not None and "SLACK_BOT_TOKEN" in result.fix


def test_a_missing_signing_secret_fails_even_when_the_token_works(
    httpserver: HTTPServer,
) -> None:
    httpserver.expect_request("/api/auth.test").respond_with_json(AUTH_TEST_OK)

    result = check(slack_settings(httpserver.url_for("/api/"), signing_secret=None))

    assert not result.ok
    assert "cannot be verified" in result.detail
    assert result.fix is not None and "SLACK_SIGNING_SECRET" in result.fix


def test_something_else_at_the_api_url_names_slack_api_url(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/api/auth.test").respond_with_data(
        "<html>not slack</html>", status=404, content_type="text/html"
    )

    result = check(slack_settings(httpserver.url_for("/api/")))

    assert not result.ok
    assert "404" in result.detail
    assert result.fix is not None and "SLACK_API_URL" in result.fix


def test_an_unreachable_api_fails_and_names_slack_api_url(closed_port: int) -> None:
    result = check(slack_settings(f"http://127.0.0.1:{closed_port}/api/"))

    assert not result.ok
    assert result.detail.startswith(f"cannot reach the Slack API at http://127.0.0.1:{closed_port}")
    assert "refused" in result.detail.lower()
    assert result.fix is not None and "SLACK_API_URL" in result.fix


def test_not_configured_is_not_a_failure() -> None:
    result = check(load_settings())

    assert result.ok
    assert result.detail == "not configured"
    assert result.fix is not None
    assert "SLACK_BOT_TOKEN" in result.fix and "SLACK_SIGNING_SECRET" in result.fix


def test_the_oauth_install_mode_is_reported_without_signing_in() -> None:
    oauth = {"slack_client_id": "123.456", "slack_client_secret": "shh"}

    ready = check(load_settings(slack_signing_secret=SIGNING_SECRET, **oauth))

    assert ready.ok and "OAuth install mode (client id 123.456)" in ready.detail
    assert "shh" not in ready.detail
