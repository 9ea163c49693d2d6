"""The digest's period from the workspace's cron string and time zone."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from core.errors import BadInput
from core.services.digest import current_period, period_ending_on, previous_period

BERLIN = ZoneInfo("Europe/Berlin")


def test_the_current_period_runs_from_the_last_firing_to_the_next() -> None:
    now = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)  # a Wednesday
    period = current_period("0 9 * * mon", "UTC", now)
    assert period.start == datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    assert period.end == datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
    assert not period.complete(now)
    assert period.label() == "Mon 23 Nov 2026 09:00 to Mon 30 Nov 2026 09:00 (UTC)"
    assert period.title() == "2026-11-23 to 2026-11-30"


def test_a_firing_moment_starts_the_new_period() -> None:
    at = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    assert current_period("0 9 * * mon", "UTC", at).start == at
    assert previous_period("0 9 * * mon", "UTC", at).end == at


def test_the_previous_period_is_the_last_complete_one() -> None:
    period = previous_period("0 9 * * mon", "UTC", datetime(2026, 11, 25, 12, tzinfo=UTC))
    assert (period.start, period.end) == (
        datetime(2026, 11, 16, 9, tzinfo=UTC),
        datetime(2026, 11, 23, 9, tzinfo=UTC),
    )


def test_numeric_weekdays_are_read_as_cron_reads_them() -> None:
    """Cron's 1 is Monday and 0 (or 7) Sunday; APScheduler alone would read 1 as Tuesday."""
    now = datetime(2026, 11, 25, 12, tzinfo=UTC)
    assert current_period("0 9 * * 1", "UTC", now).start.weekday() == 0
    assert current_period("0 9 * * 0", "UTC", now).start.weekday() == 6
    assert current_period("0 9 * * 7", "UTC", now).start.weekday() == 6
    weekdays = current_period("30 8 * * 1-5", "UTC", now)
    assert weekdays.start == datetime(2026, 11, 25, 8, 30, tzinfo=UTC)
    assert weekdays.end - weekdays.start == timedelta(days=1)


@pytest.mark.parametrize(
    ("now", "hours"),
    [
        (datetime(2026, 3, 31, 12, tzinfo=UTC), 7 * 24 - 1),  # clocks went forward on 29 March
        (datetime(2026, 10, 27, 12, tzinfo=UTC), 7 * 24 + 1),  # back on 25 October
    ],
)
def test_the_workspace_time_zone_keeps_09_00_across_daylight_saving(
    now: datetime, hours: int
) -> None:
    period = previous_period("0 9 * * mon", "Europe/Berlin", now)
    assert period.start.astimezone(BERLIN).hour == 9
    assert period.end.astimezone(BERLIN).hour == 9
    assert period.end.astimezone(UTC) - period.start.astimezone(UTC) == timedelta(hours=hours)


def test_a_period_that_ended_on_a_day() -> None:
    period = period_ending_on("0 9 * * mon", "Europe/Berlin", date(2026, 11, 23))
    assert period.end == datetime(2026, 11, 23, 9, tzinfo=BERLIN)
    assert period.start == datetime(2026, 11, 16, 9, tzinfo=BERLIN)
    # A day without a firing: the last period over by its end.
    assert period_ending_on("0 9 * * mon", "Europe/Berlin", date(2026, 11, 25)) == period


def test_monthly_and_frequent_schedules() -> None:
    now = datetime(2026, 11, 25, 12, 7, tzinfo=UTC)
    monthly = current_period("0 9 1 * *", "UTC", now)
    assert (monthly.start.date(), monthly.end.date()) == (date(2026, 11, 1), date(2026, 12, 1))
    quarter_hour = current_period("*/15 * * * *", "UTC", now)
    assert quarter_hour.start == datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("cron", "timezone", "message"),
    [
        ("0 9 * *", "UTC", "not a cron string of 5 fields"),
        ("0 25 * * mon", "UTC", "is not valid"),
        ("0 9 * * 9", "UTC", "is not valid"),
        ("0 9 * * mon", "Mars/Olympus", "unknown time zone"),
    ],
)
def test_a_bad_schedule_is_refused_with_a_message(cron: str, timezone: str, message: str) -> None:
    with pytest.raises(BadInput, match=message):
        current_period(cron, timezone, datetime(2026, 11, 25, tzinfo=UTC))
