"""Share links: signed, bound to a workspace and journey, expiring."""

from datetime import UTC, datetime, timedelta

import pytest

from core.errors import BadInput
from core.share_links import ShareLinkExpired, ShareLinkRefused, ShareLinks

LINKS = ShareLinks("share-links-test-secret-0123456789abcdef", "https://map.acme.test/")
NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def token_of(url: str) -> str:
    return url.split("share=")[1]


def test_a_link_opens_its_journey_until_it_expires() -> None:
    url = LINKS.embed_url("acme", "checkout", days=90, issued_at=NOW)
    assert url.startswith("https://map.acme.test/journeys/checkout/embed?share=")
    shared = LINKS.read(token_of(url), now=NOW + timedelta(days=89))
    assert (shared.workspace, shared.journey) == ("acme", "checkout")
    assert shared.expires_at == NOW + timedelta(days=90)
    with pytest.raises(ShareLinkExpired, match="expired on 2027-02-22"):
        LINKS.read(token_of(url), now=NOW + timedelta(days=90))


def test_the_same_moment_gives_the_same_link() -> None:
    assert LINKS.token("acme", "checkout", issued_at=NOW) == LINKS.token(
        "acme", "checkout", issued_at=NOW
    )


@pytest.mark.parametrize(
    "token",
    [
        "",
        "garbage",
        LINKS.token("acme", "checkout", issued_at=NOW)[:-2] + "xx",
        ShareLinks("another-secret-0123456789abcdefghijklmn").token("acme", "checkout"),
    ],
)
def test_altered_or_foreign_tokens_are_refused(token: str) -> None:
    with pytest.raises(ShareLinkRefused):
        LINKS.read(token, now=NOW)


def test_days_and_the_public_url_are_checked() -> None:
    with pytest.raises(BadInput, match="1 to 3660 days"):
        LINKS.token("acme", "checkout", days=0)
    with pytest.raises(BadInput, match="JOURNEYOPS_PUBLIC_URL"):
        ShareLinks("share-links-test-secret-0123456789abcdef").embed_url("acme", "checkout")
