"""``journeyops workspace show|set``: a workspace's channels, digest schedule, time zone
and closing the loop; bad values are refused with a fix and change nothing."""

import pytest
from sqlalchemy import select

from core.model import Event, Workspace
from core.store import Store
from tests.conftest import CliRun


def row(db_url: str, key: str = "default") -> Workspace:
    store = Store(db_url)
    try:
        [found] = [w for w in store.workspaces() if w.key == key]
        return found
    finally:
        store.dispose()


def test_show_gives_the_defaults(journeyops: CliRun) -> None:
    result = journeyops("workspace", "show")

    assert result.exit_code == 0, result.output
    assert "- (no alerts)" in result.output
    assert "0 9 * * mon (UTC)" in result.output
    assert "close the loop  on" in result.output


def test_set_changes_what_is_given_and_logs_it(journeyops: CliRun, db_url: str) -> None:
    result = journeyops(
        "workspace",
        "set",
        "--alert-channel",
        "C0ALERTS01",
        "--digest-channel",
        "C0DIGEST01",
        "--digest-cron",
        "30 8 * * fri",
        "--timezone",
        "Europe/Berlin",
        "--no-close-the-loop",
    )

    assert result.exit_code == 0, result.output
    assert "changed alert_channel, digest_channel, digest_cron, timezone, close_the_loop" in (
        result.output
    )
    saved = row(db_url)
    assert (saved.alert_channel, saved.digest_channel) == ("C0ALERTS01", "C0DIGEST01")
    assert (saved.digest_cron, saved.timezone, saved.close_the_loop) == (
        "30 8 * * fri",
        "Europe/Berlin",
        False,
    )
    store = Store(db_url)
    with store.unit_of_work("default") as uow:
        actions = list(uow.session.scalars(select(Event.action)))
    store.dispose()
    assert actions.count("workspace.updated") == 1
    assert "30 8 * * fri (Europe/Berlin)" in journeyops("workspace", "show").output


def test_none_clears_a_channel_and_the_same_value_changes_nothing(
    journeyops: CliRun, db_url: str
) -> None:
    journeyops("workspace", "set", "--alert-channel", "C0ALERTS01")

    again = journeyops("workspace", "set", "--alert-channel", "C0ALERTS01")
    cleared = journeyops("workspace", "set", "--alert-channel", "none")

    assert "nothing changed" in again.output
    assert cleared.exit_code == 0 and row(db_url).alert_channel is None


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("--alert-channel", "#cx-alerts"), "not a Slack channel id"),
        (("--timezone", "Mars/Olympus"), "unknown time zone"),
        (("--digest-cron", "every monday"), "not a cron string of 5 fields"),
        (("--name", "  "), "needs a name"),
    ],
)
def test_bad_values_are_refused_and_change_nothing(
    journeyops: CliRun, db_url: str, args: tuple[str, str], says: str
) -> None:
    journeyops("workspace", "set", "--digest-channel", "C0DIGEST01")

    result = journeyops("workspace", "set", "--digest-channel", "C0OTHER01", *args)

    assert result.exit_code == 2
    assert says in result.output
    assert row(db_url).digest_channel == "C0DIGEST01"


def test_set_without_options_says_what_to_give(journeyops: CliRun) -> None:
    result = journeyops("workspace", "set")

    assert result.exit_code == 2
    assert "--alert-channel" in result.output
