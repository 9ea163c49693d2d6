"""The digest's period: from one firing of the workspace's ``digest_cron`` to the next,
in the workspace's ``timezone`` (so "Monday 09:00" stays 09:00 across daylight saving).

The cron string is the standard five fields (minute hour day-of-month month
day-of-week). APScheduler 3 reads numeric days of the week as 0 = Monday, unlike cron's
0 = Sunday, so numbers in that field are turned into day names before it sees them.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from apscheduler.triggers.cron import CronTrigger

from core.errors import BadInput

DAY_NAMES = ("sun", "mon", "tue", "wed", "thu", "fri", "sat", "sun")
FIRST_LOOKBACK = timedelta(days=1)
LONGEST_LOOKBACK = timedelta(days=800)  # a cron that fires less than once in 400 days


@dataclass(frozen=True)
class Period:
    """``start`` (included) to ``end`` (excluded), aware, in the workspace's time zone."""

    start: datetime
    end: datetime
    timezone: str

    def label(self) -> str:
        """As people read it: ``Mon 16 Nov 2026 09:00 to Mon 23 Nov 2026 09:00 (UTC)``."""
        return f"{_when(self.start)} to {_when(self.end)} ({self.timezone})"

    def title(self) -> str:
        """A short name, unique per period: ``2026-11-16 to 2026-11-22``."""
        last_day = (self.end - timedelta(microseconds=1)).date()
        return f"{self.start.date().isoformat()} to {last_day.isoformat()}"

    def complete(self, now: datetime) -> bool:
        """Whether the period is over at ``now``."""
        return self.end <= now


def _when(moment: datetime) -> str:
    return moment.strftime("%a %d %b %Y %H:%M")


def _day_of_week(field: str) -> str:
    """Cron's day-of-week field in APScheduler's terms (names for numbers)."""
    parts = []
    for part in field.split(","):
        base, _, step = part.partition("/")
        if not any(ch.isdigit() for ch in base) and not (step and base == "*"):
            parts.append(part)  # "*", "mon", "mon-fri": the same in both
            continue
        if base == "*":
            first, last = 0, 6
        elif "-" in base:
            low, _, high = base.partition("-")
            first, last = int(low), int(high)
        else:
            first = int(base)
            last = 6 if step else first
        if not (0 <= first <= 7 and 0 <= last <= 7 and first <= last):
            raise ValueError(f"day of week {part!r} is outside 0-7")
        days = range(first, last + 1, int(step) if step else 1)
        parts.append(",".join(DAY_NAMES[d] for d in days))
    return ",".join(parts)


def zone(name: str) -> tzinfo:
    """The time zone ``name`` (IANA, e.g. ``Europe/Berlin``).

    Raises:
        BadInput: no such time zone.
    """
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise BadInput(
            f"unknown time zone {name!r}: use an IANA name such as Europe/Berlin"
        ) from exc


def cron_trigger(cron: str, timezone: str) -> CronTrigger:
    """The trigger of a five-field cron string in ``timezone``.

    Raises:
        BadInput: the cron string or the time zone is not valid.
    """
    tz = zone(timezone)
    fields = cron.split()
    if len(fields) != 5:
        raise BadInput(
            f"digest schedule {cron!r} is not a cron string of 5 fields "
            "(minute hour day month weekday), e.g. '0 9 * * mon'"
        )
    try:
        fields[4] = _day_of_week(fields[4])
        return CronTrigger.from_crontab(" ".join(fields), timezone=tz)
    except ValueError as exc:
        raise BadInput(f"digest schedule {cron!r} is not valid: {exc}") from exc


def _firings_until(trigger: CronTrigger, moment: datetime, count: int) -> list[datetime]:
    """The last ``count`` firings at or before ``moment``, oldest first."""
    lookback = FIRST_LOOKBACK
    while True:
        found: list[datetime] = []
        fire = trigger.get_next_fire_time(None, moment - lookback)
        while fire is not None and fire <= moment:
            found.append(fire)
            fire = trigger.get_next_fire_time(fire, fire + timedelta(seconds=1))
        if len(found) >= count:
            return found[-count:]
        if lookback >= LONGEST_LOOKBACK:
            raise BadInput("the digest schedule fires too rarely (less than once in 400 days)")
        lookback *= 2


def current_period(cron: str, timezone: str, now: datetime) -> Period:
    """The period running at ``now``: from the last firing (at or before ``now``) to the next."""
    trigger = cron_trigger(cron, timezone)
    [start] = _firings_until(trigger, now, 1)
    end = trigger.get_next_fire_time(start, start + timedelta(seconds=1))
    assert end is not None  # a cron trigger without an end date always fires again
    return Period(start, end, timezone)


def previous_period(cron: str, timezone: str, now: datetime) -> Period:
    """The last period that is over at ``now`` (what a digest sent at ``now`` covers)."""
    trigger = cron_trigger(cron, timezone)
    start, end = _firings_until(trigger, now, 2)
    return Period(start, end, timezone)


def period_ending_on(cron: str, timezone: str, day: date) -> Period:
    """The last period that is over by the end of ``day`` (in the workspace's time zone)."""
    tz = zone(timezone)
    end_of_day = datetime.combine(day + timedelta(days=1), time(), tzinfo=tz) - timedelta(
        microseconds=1
    )
    return previous_period(cron, timezone, end_of_day)
