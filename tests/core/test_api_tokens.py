"""API tokens in the store: only hashes, per workspace, revocable."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from core.errors import BadInput, NotFound
from core.model import ApiToken
from core.services.api_tokens import (
    authenticate_token,
    create_api_token,
    list_api_tokens,
    revoke_api_token,
    token_sha256,
)
from core.store import Store, UnitOfWork


def test_a_token_is_stored_as_its_hash_and_opens_its_workspace(uow: UnitOfWork) -> None:
    row, token = create_api_token(uow, "ci")
    stored = uow.session.scalars(select(ApiToken)).one()
    assert stored.token_sha256 == token_sha256(token) and token not in stored.token_sha256
    found = authenticate_token(uow, token)
    assert found is not None and found.id == row.id and found.last_used_at is not None
    assert authenticate_token(uow, token + "x") is None
    assert authenticate_token(uow, "not-ours") is None


def test_a_token_is_unknown_in_another_workspace(store: Store) -> None:
    with store.unit_of_work("acme") as uow:
        _, token = create_api_token(uow, "ci")
    with store.unit_of_work("globex") as uow:
        assert authenticate_token(uow, token) is None


def test_last_used_is_written_at_most_once_a_minute(uow: UnitOfWork) -> None:
    _, token = create_api_token(uow, "ci")
    moment = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
    row = authenticate_token(uow, token, now=moment)
    assert row is not None
    authenticate_token(uow, token, now=moment + timedelta(seconds=30))
    assert row.last_used_at == moment
    authenticate_token(uow, token, now=moment + timedelta(minutes=2))
    assert row.last_used_at == moment + timedelta(minutes=2)


def test_revoked_tokens_open_nothing_and_stay_listed(uow: UnitOfWork) -> None:
    _, token = create_api_token(uow, "ci")
    revoke_api_token(uow, "ci")
    assert authenticate_token(uow, token) is None
    assert [(t.name, t.revoked_at is not None) for t in list_api_tokens(uow)] == [("ci", True)]
    with pytest.raises(NotFound):
        revoke_api_token(uow, "ci")


def test_names_are_checked(uow: UnitOfWork) -> None:
    create_api_token(uow, "ci")
    with pytest.raises(BadInput, match="already"):
        create_api_token(uow, "ci")
    with pytest.raises(BadInput, match="refused"):
        create_api_token(uow, "")
