"""Exactly once per workspace and period, however many schedulers share the database.

A scheduled run first *claims* its (workspace, job, period) in ``job_runs``:

* the first claimer inserts the row (the unique constraint lets one insert win, on SQLite
  and PostgreSQL alike) and holds a lease;
* a later claimer gets nothing while the row is ``done`` or its lease runs;
* once a lease has run out (its scheduler died mid-run, or the run failed and is waiting
  to be tried again) one claimer takes it over with a conditional UPDATE; the row keeps
  the ``progress`` the earlier attempt saved, so what was delivered is not delivered again.

A run saves progress after each delivery (``save_progress``), then ``finish``es, or
``fail``s, which ends its lease after a back-off that doubles with each attempt.
"""

import logging
import os
import socket
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from core.model import JobRun
from core.services.evidence import as_utc
from core.store import Store

logger = logging.getLogger(__name__)

LEASE = timedelta(minutes=15)  # far longer than a run takes; a dead scheduler's run waits this
RETRY_BASE = timedelta(minutes=2)
RETRY_CAP = timedelta(hours=1)
CLAIMED, DONE = "claimed", "done"


def scheduler_identity() -> str:
    """Who claims: ``host:pid``."""
    return f"{socket.gethostname()}:{os.getpid()}"


@dataclass
class Claim:
    """A run this scheduler holds: deliver, ``save_progress``, then ``finish`` or ``fail``."""

    workspace: str
    job: str
    period: str
    attempt: int
    late: bool
    progress: dict[str, Any] = field(default_factory=dict)


def claim(
    store: Store,
    workspace: str,
    job: str,
    period: str,
    *,
    now: datetime,
    late: bool = False,
    owner: str | None = None,
    lease: timedelta = LEASE,
) -> Claim | None:
    """The run of ``job`` for ``period`` in ``workspace`` if this caller may do it now;
    None when it is done, or another holds it. ``late`` is stored by the first claim."""
    who = owner or scheduler_identity()
    with store.unit_of_work(workspace, actor=who) as uow:
        # Most calls find the run done or held: a read spares them a failing insert.
        seen = uow.session.execute(
            select(JobRun.state, JobRun.lease_until).where(
                JobRun.job == job, JobRun.period == period
            )
        ).one_or_none()
    if seen is not None and (seen.state == DONE or as_utc(seen.lease_until) >= now):
        return None
    if seen is None:
        first = _first_claim(store, workspace, job, period, who, now + lease, late)
        if first is not None:
            return first
    return _take_over(store, workspace, job, period, who, now, lease)


def _first_claim(
    store: Store,
    workspace: str,
    job: str,
    period: str,
    who: str,
    lease_until: datetime,
    late: bool,
) -> Claim | None:
    """Insert the run's row; None when another scheduler inserted it first."""
    try:
        with store.unit_of_work(workspace, actor=who) as uow:
            uow.session.add(
                JobRun(
                    job=job,
                    period=period,
                    state=CLAIMED,
                    claimed_by=who,
                    lease_until=lease_until,
                    attempts=1,
                    late=late,
                    progress={},
                )
            )
    except IntegrityError:
        return None
    logger.info("scheduler.run.claimed", extra={"job": job, "period": period, "by": who})
    return Claim(workspace, job, period, 1, late)


def _take_over(
    store: Store, workspace: str, job: str, period: str, who: str, now: datetime, lease: timedelta
) -> Claim | None:
    """Take the run whose lease ran out; None when it is done or held."""
    with store.unit_of_work(workspace, actor=who) as uow:
        taken = uow.session.execute(
            update(JobRun)
            .where(
                JobRun.job == job,
                JobRun.period == period,
                JobRun.state == CLAIMED,
                JobRun.lease_until < now,
            )
            .values(claimed_by=who, lease_until=now + lease, attempts=JobRun.attempts + 1)
            .execution_options(synchronize_session=False)
        )
        if taken.rowcount != 1:  # type: ignore[attr-defined]
            return None
        row = uow.session.scalars(
            select(JobRun).where(JobRun.job == job, JobRun.period == period)
        ).one()
        held = Claim(workspace, job, period, row.attempts, row.late, dict(row.progress or {}))
    logger.info(
        "scheduler.run.taken_over",
        extra={"job": job, "period": period, "by": who, "attempt": held.attempt},
    )
    return held


def _set(store: Store, held: Claim, **values: Any) -> None:
    with store.unit_of_work(held.workspace, actor=scheduler_identity()) as uow:
        uow.session.execute(
            update(JobRun)
            .where(JobRun.job == held.job, JobRun.period == held.period)
            .values(**values)
            .execution_options(synchronize_session=False)
        )


def save_progress(store: Store, held: Claim) -> None:
    """Store ``held.progress`` now (call it after each delivery)."""
    _set(store, held, progress=dict(held.progress))


def finish(store: Store, held: Claim, *, now: datetime, detail: str | None = None) -> None:
    """The run is done: nobody runs this period again."""
    _set(store, held, state=DONE, progress=dict(held.progress), finished_at=now, detail=detail)
    logger.info("scheduler.run.done", extra={"job": held.job, "period": held.period})


def fail(store: Store, held: Claim, *, now: datetime, detail: str) -> timedelta:
    """The run failed: it may be taken again after a back-off (2, 4, 8 ... minutes, at most
    an hour), keeping its progress. Returns the back-off."""
    wait: timedelta = min(RETRY_BASE * 2 ** (held.attempt - 1), RETRY_CAP)
    _set(store, held, progress=dict(held.progress), lease_until=now + wait, detail=detail[:2000])
    logger.warning(
        "scheduler.run.failed",
        extra={"job": held.job, "period": held.period, "retry_in_s": wait.total_seconds()},
    )
    return wait


def run_state(store: Store, workspace: str, job: str, period: str) -> JobRun | None:
    """The ledger row of a run, if any (what happened to it: state, attempts, detail)."""
    with store.unit_of_work(workspace) as uow:
        uow.session.expire_on_commit = False
        return uow.session.scalars(
            select(JobRun).where(JobRun.job == job, JobRun.period == period)
        ).one_or_none()
