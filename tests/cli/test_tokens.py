"""``journeyops token create|list|revoke`` and ``journeyops share``."""

import hashlib

import pytest
from sqlalchemy import select

from core.model import ApiToken
from core.share_links import ShareLinks
from core.store import Store
from tests.conftest import EXAMPLES, CliRun

SECRET = "cli-test-secret-key-0123456789abcdefghij"


def stored_hashes(db_url: str) -> list[str]:
    store = Store(db_url)
    try:
        with store.unit_of_work("default") as uow:
            return list(uow.session.scalars(select(ApiToken.token_sha256)))
    finally:
        store.dispose()


def test_create_prints_the_token_once_and_stores_only_its_hash(
    journeyops: CliRun, db_url: str
) -> None:
    created = journeyops("token", "create", "ci")
    assert created.exit_code == 0, created.output
    token = created.stdout.strip()
    assert token.startswith("jo_") and len(token) > 40
    assert "not shown again" in created.stderr
    assert stored_hashes(db_url) == [hashlib.sha256(token.encode()).hexdigest()]
    listed = journeyops("token", "list")
    assert "ci" in listed.output and "active" in listed.output and "never" in listed.output
    assert token not in listed.output


def test_a_name_in_use_or_malformed_is_refused(journeyops: CliRun) -> None:
    assert journeyops("token", "create", "ci").exit_code == 0
    again = journeyops("token", "create", "ci")
    assert again.exit_code == 2 and "token revoke ci" in again.stderr
    bad = journeyops("token", "create", "no spaces please")
    assert bad.exit_code == 2 and "letters, digits" in bad.stderr


def test_revoke_marks_the_token_and_frees_its_name(journeyops: CliRun) -> None:
    assert journeyops("token", "create", "ci").exit_code == 0
    revoked = journeyops("token", "revoke", "ci")
    assert revoked.exit_code == 0 and "revoked" in revoked.output
    assert "revoked" in journeyops("token", "list").output
    assert journeyops("token", "revoke", "ci").exit_code == 2
    assert journeyops("token", "create", "ci").exit_code == 0


def test_share_prints_an_embed_url_that_opens_the_journey(
    journeyops: CliRun, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert journeyops("import", str(EXAMPLES)).exit_code == 0
    monkeypatch.setenv("JOURNEYOPS_SECRET_KEY", SECRET)
    monkeypatch.setenv("JOURNEYOPS_PUBLIC_URL", "https://map.acme.test/")
    shared = journeyops("share", "ecommerce-checkout", "--days", "7")
    assert shared.exit_code == 0, shared.output
    url = shared.stdout.strip()
    prefix = "https://map.acme.test/journeys/ecommerce-checkout/embed?share="
    assert url.startswith(prefix)
    opened = ShareLinks(SECRET).read(url.removeprefix(prefix))
    assert (opened.workspace, opened.journey) == ("default", "ecommerce-checkout")
    assert SECRET not in shared.output


def test_share_says_what_to_set_and_refuses_unknown_journeys(
    journeyops: CliRun, monkeypatch: pytest.MonkeyPatch
) -> None:
    unset = journeyops("share", "ecommerce-checkout")
    assert unset.exit_code == 2
    assert "JOURNEYOPS_SECRET_KEY" in unset.stderr and "JOURNEYOPS_PUBLIC_URL" in unset.stderr
    monkeypatch.setenv("JOURNEYOPS_SECRET_KEY", "short")
    short = journeyops("share", "ecommerce-checkout")
    assert short.exit_code == 2 and "shorter than 32" in short.stderr
    assert "short" not in short.stderr.replace("shorter", "")
    monkeypatch.setenv("JOURNEYOPS_SECRET_KEY", SECRET)
    monkeypatch.setenv("JOURNEYOPS_PUBLIC_URL", "https://map.acme.test")
    missing = journeyops("share", "no-such-journey")
    assert missing.exit_code == 2 and "no journey" in missing.stderr
    assert journeyops("share", "x", "--days", "0").exit_code == 2


@pytest.mark.parametrize(
    "command", ["token", "token create", "token list", "token revoke", "share"]
)
def test_the_new_commands_explain_themselves(journeyops: CliRun, command: str) -> None:
    result = journeyops(*command.split(), "--help")
    assert result.exit_code == 0
    assert "Usage: " in result.output
