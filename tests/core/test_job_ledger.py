"""The scheduler's ledger: one run per workspace, job and period, with two schedulers on
one database, a scheduler dying mid-run, and a failed run tried again after a back-off."""

import threading
from datetime import UTC, datetime, timedelta

from core.services.job_ledger import claim, fail, finish, run_state, save_progress
from core.store import Store

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
JOB, PERIOD = "digest", "2026-11-16/2026-11-23"


def test_the_first_claim_wins_and_a_done_run_is_never_claimed_again(store: Store) -> None:
    first = claim(store, "w", JOB, PERIOD, now=T0, owner="a")
    assert first is not None and first.attempt == 1

    assert claim(store, "w", JOB, PERIOD, now=T0, owner="b") is None
    finish(store, first, now=T0)
    assert claim(store, "w", JOB, PERIOD, now=T0 + timedelta(days=30), owner="b") is None
    row = run_state(store, "w", JOB, PERIOD)
    assert row is not None and (row.state, row.claimed_by) == ("done", "a")


def test_periods_jobs_and_workspaces_are_claimed_apart(store: Store) -> None:
    assert claim(store, "w", JOB, PERIOD, now=T0) is not None
    assert claim(store, "w", JOB, "2026-11-23/2026-11-30", now=T0) is not None
    assert claim(store, "w", "review-reminder", PERIOD, now=T0) is not None
    assert claim(store, "other", JOB, PERIOD, now=T0) is not None


def test_a_run_whose_scheduler_died_is_taken_over_with_its_progress(store: Store) -> None:
    first = claim(store, "w", JOB, PERIOD, now=T0, owner="a", late=True)
    assert first is not None
    first.progress["posted"] = ["1.1", "1.2"]
    save_progress(store, first)
    # "a" dies here. Within its lease nobody takes the run; after it, one does.
    assert claim(store, "w", JOB, PERIOD, now=T0 + timedelta(minutes=14), owner="b") is None

    second = claim(store, "w", JOB, PERIOD, now=T0 + timedelta(minutes=16), owner="b")

    assert second is not None
    assert (second.attempt, second.late, second.progress) == (2, True, {"posted": ["1.1", "1.2"]})
    assert claim(store, "w", JOB, PERIOD, now=T0 + timedelta(minutes=17), owner="c") is None


def test_a_failed_run_is_tried_again_after_a_back_off_that_doubles(store: Store) -> None:
    first = claim(store, "w", JOB, PERIOD, now=T0)
    assert first is not None
    assert fail(store, first, now=T0, detail="channel_not_found") == timedelta(minutes=2)
    assert claim(store, "w", JOB, PERIOD, now=T0 + timedelta(minutes=1)) is None

    second = claim(store, "w", JOB, PERIOD, now=T0 + timedelta(minutes=3))

    assert second is not None and second.attempt == 2
    assert fail(store, second, now=T0 + timedelta(minutes=3), detail="x") == timedelta(minutes=4)
    row = run_state(store, "w", JOB, PERIOD)
    assert row is not None and row.state == "claimed" and row.detail == "x"


def test_two_schedulers_claiming_at_once_get_each_run_once(db_url: str) -> None:
    periods = [f"p{n}" for n in range(15)]
    schedulers = [Store(db_url), Store(db_url)]
    for each in schedulers:
        each.ensure_workspace("w", "w")
    won: dict[str, list[str]] = {p: [] for p in periods}
    lock = threading.Lock()
    barrier = threading.Barrier(2)

    def run(name: str, each: Store) -> None:
        for period in periods:
            barrier.wait()
            if claim(each, "w", JOB, period, now=T0, owner=name) is not None:
                with lock:
                    won[period].append(name)

    threads = [
        threading.Thread(target=run, args=(f"s{n}", each)) for n, each in enumerate(schedulers)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    for each in schedulers:
        each.dispose()

    assert all(len(names) == 1 for names in won.values()), won
