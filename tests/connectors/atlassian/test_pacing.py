"""The request-rate cap that every thread talking to one Atlassian site shares."""

import threading
import time

import pytest

from connectors.atlassian.pacing import RequestPacer


class FakeTime:
    def __init__(self) -> None:
        self.now = 100.0
        self.sleeps: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def test_requests_are_spaced_by_the_rate() -> None:
    fake = FakeTime()
    pacer = RequestPacer(4, clock=lambda: fake.now, sleep=fake.sleep)
    for _ in range(5):
        pacer.wait()
    assert fake.sleeps == [0.25, 0.25, 0.25, 0.25]


def test_no_cap_never_waits() -> None:
    fake = FakeTime()
    for rate in (None, 0):
        pacer = RequestPacer(rate, clock=lambda: fake.now, sleep=fake.sleep)
        for _ in range(10):
            assert pacer.wait() == 0
    assert fake.sleeps == []


def test_retry_after_holds_every_thread_back() -> None:
    fake = FakeTime()
    pacer = RequestPacer(None, clock=lambda: fake.now, sleep=fake.sleep)
    pacer.hold(3)
    assert pacer.wait() == 3
    assert pacer.wait() == 0  # the hold is over once waited out
    pacer.hold(1)
    pacer.hold(0.5)  # a shorter hold never shortens a longer one
    assert pacer.wait() == 1


def test_a_negative_rate_is_refused() -> None:
    with pytest.raises(ValueError, match="positive"):
        RequestPacer(-1)


def test_threads_together_stay_under_the_rate() -> None:
    rate, threads, each = 50, 4, 10
    pacer = RequestPacer(rate)
    sent: list[float] = []
    lock = threading.Lock()

    def send() -> None:
        for _ in range(each):
            pacer.wait()
            with lock:
                sent.append(time.monotonic())

    workers = [threading.Thread(target=send) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    sent.sort()
    assert len(sent) == threads * each
    # Slots are 20 ms apart; the clock read after waking can only be later, never earlier
    # than the slot, so any window of one second holds at most rate + 1 sends' slots.
    for index, first in enumerate(sent):
        in_window = sum(1 for t in sent[index:] if t - first < 1.0)
        assert in_window <= rate + 1
    assert sent[-1] - sent[0] >= (threads * each - 1) / rate - 0.05
