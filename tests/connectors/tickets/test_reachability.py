"""The `journeyops doctor` rows of Zendesk and Intercom, against respx: signed in, refused,
unreachable, not configured; never a secret in what they say."""

import httpx
import pytest
import respx

from connectors.tickets.intercom.reachability import IntercomReachability
from connectors.tickets.zendesk.reachability import ZendeskReachability
from core.settings import Settings

pytestmark = pytest.mark.usefixtures("clean_env")

SITE = "https://acme.zendesk.com"
ZENDESK = Settings(
    zendesk_url=SITE,
    zendesk_email="care@acme.test",
    zendesk_api_token="zd-secret-token",
    zendesk_webhook_secret="zd-webhook-secret",
)
INTERCOM = Settings(intercom_access_token="ic-secret-token")


def shown(result: object) -> str:
    return repr(result)


@respx.mock
def test_zendesk_signed_in_names_the_agent_and_the_webhook_secret() -> None:
    route = respx.get(f"{SITE}/api/v2/users/me.json").respond(
        json={"user": {"id": 42, "name": "Care Lead", "email": "care@acme.test"}}
    )

    result = ZendeskReachability()(ZENDESK)

    assert result.ok, result
    assert result.detail == f"signed in to {SITE} as Care Lead; ZENDESK_WEBHOOK_SECRET set"
    assert route.calls.last.request.headers["Authorization"].startswith("Basic ")


@pytest.mark.parametrize(
    ("answer", "detail"),
    [
        (
            httpx.Response(401, json={"error": "Couldn't authenticate you"}),
            "refused the credentials",
        ),
        (
            httpx.Response(200, json={"user": {"id": None, "name": "Anonymous user"}}),
            "did not sign",
        ),
        (httpx.Response(404), "answered 404"),
    ],
)
@respx.mock
def test_zendesk_failures_say_what_to_check(answer: httpx.Response, detail: str) -> None:
    respx.get(f"{SITE}/api/v2/users/me.json").mock(return_value=answer)

    result = ZendeskReachability()(ZENDESK)

    assert not result.ok and detail in result.detail
    assert "ZENDESK_" in (result.fix or "")
    assert "zd-secret-token" not in shown(result)


@respx.mock
def test_an_unreachable_zendesk_is_a_failed_row_not_a_crash() -> None:
    respx.get(f"{SITE}/api/v2/users/me.json").mock(side_effect=httpx.ConnectError("refused"))

    result = ZendeskReachability()(ZENDESK)

    assert (result.ok, result.detail) == (False, f"cannot reach {SITE} (ConnectError)")


def test_unconfigured_providers_pass_and_say_how_to_enable_them() -> None:
    zendesk, intercom = ZendeskReachability()(Settings()), IntercomReachability()(Settings())
    assert (zendesk.ok, zendesk.detail) == (True, "not configured")
    assert "ZENDESK_URL" in (zendesk.fix or "")
    assert (intercom.ok, intercom.fix) == (True, "set INTERCOM_ACCESS_TOKEN to enable it")


@respx.mock
def test_intercom_signed_in_names_the_app() -> None:
    route = respx.get("https://api.intercom.io/me").respond(
        json={"type": "admin", "app": {"id_code": "abc123", "name": "Northwind"}}
    )

    result = IntercomReachability()(INTERCOM)

    assert result.ok
    assert result.detail == (
        "signed in to app Northwind at https://api.intercom.io; INTERCOM_CLIENT_SECRET not set "
        "(no webhooks)"
    )
    assert route.calls.last.request.headers["Authorization"] == "Bearer ic-secret-token"


@respx.mock
def test_intercom_refusing_the_token_says_which_setting() -> None:
    respx.get("https://api.intercom.io/me").respond(
        401,
        json={
            "type": "error.list",
            "errors": [{"code": "unauthorized", "message": "Access Token Invalid"}],
        },
    )

    result = IntercomReachability()(INTERCOM)

    assert not result.ok
    assert "refused the credentials (401: Access Token Invalid)" in result.detail
    assert "INTERCOM_ACCESS_TOKEN" in (result.fix or "")
    assert "ic-secret-token" not in shown(result)
