"""Our copy of slack_sdk's installation, bot and OAuth state tables (created by migration
0003) is column for column what slack_sdk's SQLAlchemy stores read and write."""

from __future__ import annotations

import pytest
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import MetaData, Table

from core.model import slack_bots, slack_installations, slack_oauth_states


def shape(table: Table) -> dict[str, tuple[str, bool, bool]]:
    return {c.name: (repr(c.type), c.nullable is True, c.primary_key) for c in table.columns}


def indexes(table: Table) -> set[tuple[str | None, tuple[str, ...]]]:
    return {(i.name, tuple(c.name for c in i.columns)) for i in table.indexes}


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        (slack_installations, SQLAlchemyInstallationStore.build_installations_table),
        (slack_bots, SQLAlchemyInstallationStore.build_bots_table),
        (slack_oauth_states, SQLAlchemyOAuthStateStore.build_oauth_states_table),
    ],
)
def test_the_tables_match_slack_sdks(ours: Table, theirs: object) -> None:
    built = theirs(MetaData(), ours.name)  # type: ignore[operator]

    assert shape(ours) == shape(built)
    assert indexes(ours) == indexes(built)
