"""The web map: what a signed-in person, a share link and a stranger each see."""

from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from core.enums import Origin
from core.model import PainPoint
from core.services.api_tokens import revoke_api_token
from core.services.pain_points import log_pain_point
from core.share_links import ShareLinks
from core.store import Store
from tests.webhooks.conftest import (
    CHECKOUT,
    CHECKOUT_TITLE,
    CONFLUENCE_SITE,
    PUBLIC_URL,
    WEB_SECRET_KEY,
    WORKSPACE,
    bearer,
    web_settings,
)
from webhooks.app import create_app

LINKS = ShareLinks(WEB_SECRET_KEY, PUBLIC_URL)


def share_path(key: str = CHECKOUT, **kwargs: object) -> str:
    return LINKS.embed_url(WORKSPACE, key, **kwargs).removeprefix(PUBLIC_URL)  # type: ignore[arg-type]


def sign_in(client: FlaskClient, token: str) -> None:
    answer = client.post("/login", data={"token": token, "next": "/journeys"})
    assert answer.status_code == 303


def test_the_map_shows_the_lens_grid_curve_pain_points_and_opportunities(
    web_client: FlaskClient, api_token: str
) -> None:
    answer = web_client.get(f"/journeys/{CHECKOUT}", headers=bearer(api_token))
    assert answer.status_code == 200
    page = answer.get_data(as_text=True)
    for text in (
        CHECKOUT_TITLE,
        "The lens",
        "Basket review",  # a stage
        "Delivery cost only revealed after the address step",  # a pain point
        "Pain points by score",
        "Opportunities",
        f"/journeys/{CHECKOUT}.svg",
        "journeyops.css",
    ):
        assert text in page
    assert "confidence:" in page
    assert "https://" in page  # evidence links


def test_the_stylesheet_has_a_print_layout_and_no_external_resources(
    web_client: FlaskClient,
) -> None:
    css = web_client.get("/static/web/journeyops.css").get_data(as_text=True)
    assert "@media print" in css
    assert "http://" not in css and "https://" not in css and "@import" not in css


def test_the_list_links_every_journey(web_client: FlaskClient, api_token: str) -> None:
    sign_in(web_client, api_token)
    page = web_client.get("/journeys").get_data(as_text=True)
    assert CHECKOUT_TITLE in page
    assert f'href="/journeys/{CHECKOUT}"' in page


def test_the_map_shows_ticket_volume_per_step_with_a_rule(
    web_client: FlaskClient, api_token: str, store: Store
) -> None:
    from core.model import Evidence, Touchpoint

    with store.unit_of_work(WORKSPACE) as uow:
        step = uow.session.scalars(
            select(Touchpoint).where(Touchpoint.key == "shipping-estimate")
        ).one()
        step.ticket_rules = [{"source": "jira", "jql": "project = SUP"}]
        for n in range(3):
            uow.session.add(
                Evidence(
                    journey_id=step.journey_id,
                    touchpoint_id=step.id,
                    identity=f"jira:SUP-{n}",
                    kind="ticket",
                    source="jira",
                    external_id=f"SUP-{n}",
                    captured_at=datetime.now(UTC),
                    text="Where is the delivery cost?",
                    content_sha256="0" * 64,
                )
            )
    page = web_client.get(f"/journeys/{CHECKOUT}", headers=bearer(api_token)).get_data(as_text=True)
    assert "tickets 3 / 3" in page


def test_user_text_is_escaped(web_client: FlaskClient, api_token: str, store: Store) -> None:
    with store.unit_of_work(WORKSPACE, origin=Origin.SLACK) as uow:
        log_pain_point(
            uow, CHECKOUT, '<script>alert("x")</script> & <b>bold</b>', stage_key="basket"
        )
    page = web_client.get(f"/journeys/{CHECKOUT}", headers=bearer(api_token)).get_data(as_text=True)
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in page


def test_the_emotion_curve_is_served_as_svg_and_png(
    web_client: FlaskClient, api_token: str
) -> None:
    svg = web_client.get(f"/journeys/{CHECKOUT}.svg", headers=bearer(api_token))
    assert svg.status_code == 200 and svg.mimetype == "image/svg+xml"
    assert svg.data.startswith(b"<svg") or b"<svg" in svg.data[:200]
    png = web_client.get(f"/journeys/{CHECKOUT}.png", headers=bearer(api_token))
    assert png.status_code == 200 and png.mimetype == "image/png"
    assert png.data.startswith(b"\x89PNG")


# -- nobody reads a journey without credentials ------------------------------------------


@pytest.mark.parametrize("path", ["/journeys", f"/journeys/{CHECKOUT}"])
def test_pages_send_strangers_to_the_login_page(web_client: FlaskClient, path: str) -> None:
    answer = web_client.get(path)
    assert answer.status_code == 302
    assert answer.headers["Location"] == f"/login?next={path}"
    assert CHECKOUT_TITLE not in answer.get_data(as_text=True)


@pytest.mark.parametrize("suffix", [".svg", ".png"])
def test_images_refuse_strangers(web_client: FlaskClient, suffix: str) -> None:
    assert web_client.get(f"/journeys/{CHECKOUT}{suffix}").status_code == 401


def test_a_wrong_bearer_token_is_refused(web_client: FlaskClient) -> None:
    answer = web_client.get(f"/journeys/{CHECKOUT}", headers=bearer("jo_not-a-token"))
    assert answer.status_code == 401
    assert CHECKOUT_TITLE not in answer.get_data(as_text=True)


def test_login_with_a_token_opens_a_session_cookie(web_client: FlaskClient, api_token: str) -> None:
    answer = web_client.post("/login", data={"token": api_token, "next": f"/journeys/{CHECKOUT}"})
    assert answer.status_code == 303 and answer.headers["Location"] == f"/journeys/{CHECKOUT}"
    cookie = answer.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert api_token not in cookie
    assert web_client.get(f"/journeys/{CHECKOUT}").status_code == 200


def test_login_refuses_a_wrong_token_and_never_redirects_off_site(
    web_client: FlaskClient, api_token: str
) -> None:
    refused = web_client.post("/login", data={"token": "jo_wrong"})
    assert refused.status_code == 401
    assert "unknown or revoked" in refused.get_data(as_text=True)
    away = web_client.post("/login", data={"token": api_token, "next": "//evil.example/x"})
    assert away.headers["Location"] == "/journeys"


def test_revoking_the_token_ends_its_sessions(
    web_client: FlaskClient, api_token: str, store: Store
) -> None:
    sign_in(web_client, api_token)
    assert web_client.get(f"/journeys/{CHECKOUT}").status_code == 200
    with store.unit_of_work(WORKSPACE) as uow:
        revoke_api_token(uow, "tester")
    assert web_client.get(f"/journeys/{CHECKOUT}").status_code == 302


def test_logout_ends_the_session(web_client: FlaskClient, api_token: str) -> None:
    sign_in(web_client, api_token)
    assert web_client.post("/logout").status_code == 303
    assert web_client.get("/journeys").status_code == 302


def test_without_a_secret_key_pages_say_how_to_set_it(
    clean_env: None, db_url: str, store: Store, journal: object, api_token: str
) -> None:
    app = create_app(web_settings(db_url, journeyops_secret_key=None), store)
    answer = app.test_client().get(f"/journeys/{CHECKOUT}", headers=bearer(api_token))
    assert answer.status_code == 503
    page = answer.get_data(as_text=True)
    assert "JOURNEYOPS_SECRET_KEY" in page and "token_hex" in page
    assert CHECKOUT_TITLE not in page


# -- the embed view and share links ------------------------------------------------------


def test_a_share_link_opens_the_embed_view_without_chrome(web_client: FlaskClient) -> None:
    answer = web_client.get(share_path())
    assert answer.status_code == 200
    page = answer.get_data(as_text=True)
    assert CHECKOUT_TITLE in page and "Basket review" in page
    assert "Sign out" not in page and 'class="topbar"' not in page
    assert "share=" in page  # the curve image carries the share link along


def test_the_embed_view_may_be_framed_by_confluence_only(web_client: FlaskClient) -> None:
    answer = web_client.get(share_path())
    policy = answer.headers["Content-Security-Policy"]
    assert f"frame-ancestors 'self' {CONFLUENCE_SITE}" in policy
    assert "X-Frame-Options" not in answer.headers
    assert answer.headers["Referrer-Policy"] == "no-referrer"


def test_other_pages_refuse_framing(web_client: FlaskClient, api_token: str) -> None:
    for path in (f"/journeys/{CHECKOUT}", "/login"):
        answer = web_client.get(path, headers=bearer(api_token))
        assert answer.headers["X-Frame-Options"] == "DENY"
        assert "frame-ancestors 'none'" in answer.headers["Content-Security-Policy"]


def test_a_share_link_also_opens_that_journeys_map_and_curve(web_client: FlaskClient) -> None:
    token = share_path().split("share=")[1]
    assert web_client.get(f"/journeys/{CHECKOUT}?share={token}").status_code == 200
    assert web_client.get(f"/journeys/{CHECKOUT}.svg?share={token}").status_code == 200
    assert web_client.get(f"/journeys?share={token}").status_code == 302  # not the list


def test_an_embed_without_a_share_link_is_forbidden(web_client: FlaskClient) -> None:
    answer = web_client.get(f"/journeys/{CHECKOUT}/embed")
    assert answer.status_code == 403
    assert "share link" in answer.get_data(as_text=True)


def test_an_expired_share_link_says_so(web_client: FlaskClient) -> None:
    old = datetime.now(UTC) - timedelta(days=10)
    answer = web_client.get(share_path(days=3, issued_at=old))
    assert answer.status_code == 403
    page = answer.get_data(as_text=True)
    assert "expired" in page and CHECKOUT_TITLE not in page


def test_a_tampered_share_link_is_forbidden(web_client: FlaskClient) -> None:
    path = share_path()
    answer = web_client.get(path[:-3] + ("AAA" if not path.endswith("AAA") else "BBB"))
    assert answer.status_code == 403
    assert "not valid" in answer.get_data(as_text=True)


def test_a_share_link_opens_only_its_own_journey(web_client: FlaskClient) -> None:
    token = share_path().split("share=")[1]
    answer = web_client.get(f"/journeys/saas-onboarding/embed?share={token}")
    assert answer.status_code == 403
    other_key = ShareLinks("another-secret-key-0123456789abcdefghij", PUBLIC_URL)
    forged = other_key.embed_url(WORKSPACE, CHECKOUT).removeprefix(PUBLIC_URL)
    assert web_client.get(forged).status_code == 403


def test_an_unknown_journey_is_404_for_the_signed_in(
    web_client: FlaskClient, api_token: str
) -> None:
    answer = web_client.get("/journeys/no-such-journey", headers=bearer(api_token))
    assert answer.status_code == 404


def test_a_pain_point_logged_elsewhere_shows_on_the_map(
    web_app: Flask, api_token: str, store: Store
) -> None:
    with store.unit_of_work(WORKSPACE, origin=Origin.SLACK) as uow:
        log_pain_point(uow, CHECKOUT, "Promo code field eats the basket", stage_key="basket")
        assert uow.session.scalars(select(PainPoint.id)).first() is not None
    page = web_app.test_client().get(f"/journeys/{CHECKOUT}", headers=bearer(api_token))
    assert "Promo code field eats the basket" in page.get_data(as_text=True)
