"""Benchmark of publishing journeys to Confluence, against the Cloud sandbox with latency.

Not a test: it prints figures and never asserts on timing; it exits 0 whether the targets
are met or not (2 only when it cannot run at all, e.g. the generated documents do not
validate).

    .venv/bin/python bench/confluence_bench.py            # 500 journeys, 30 ms per call
    .venv/bin/python bench/confluence_bench.py --quick    # 50 journeys

It imports N generated journeys (the generator of ``import_bench.py``) into two fresh
SQLite stores, starts two Confluence Cloud sandboxes in child processes with a fixed
latency on every request, and runs five syncs with the same rendering moment:

1a. first sync, one call at a time (store 1, sandbox 1): the baseline;
1b. first sync, ``--concurrency`` pages at once (store 2, sandbox 2);
2. nothing changed: every page should be skipped;
3. 10 journeys get a pain point logged (page text changes, emotion curve does not);
4. 10 other journeys get one touchpoint emotion changed by re-import (image changes).

For each sync it prints the wall time, the CPU of both processes, the outcomes, the
sandbox's calls by kind and by route and the busiest second of requests, with the
targets of issue 3 next to the figures.
"""

from __future__ import annotations

import argparse
import importlib.util
import math
import multiprocessing
import re
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from multiprocessing.connection import Connection
from pathlib import Path
from types import ModuleType
from typing import Any

from connectors.confluence.client import SEARCH_PAGE_SIZE, ConfluenceClient
from connectors.confluence.sync import ConfluencePublisher, Outcome, PageResult
from core.enums import Impact, Origin
from core.services.journey_import import apply_journey_document
from core.services.pain_points import log_pain_point
from core.settings import Settings, load_settings
from core.store import Store
from sandbox.confluence import serve_confluence

TOKEN = "bench-confluence-token"
USERNAME = "bench@example.com"
SPACE = "CX"
WORKSPACE = "bench-confluence"
JOURNEYS_PER_UNIT = 50
CHANGED = 10  # journeys changed before syncs 3 and 4
SPEED_UP_TARGET = 4.0
WRITE_KINDS = ("page_write", "attachment_write", "label_write", "property_write", "other_write")
KIND_LABELS = {
    "read": "reads",
    "page_write": "page writes",
    "attachment_write": "attachment writes",
    "label_write": "label writes",
    "property_write": "property writes",
    "other_write": "other writes",
}
_ID = re.compile(r"/(att)?\d+(?=/|$)")


def _load_import_bench() -> ModuleType:
    """``bench/import_bench.py`` as a module (``bench`` is not a package)."""
    path = Path(__file__).resolve().with_name("import_bench.py")
    spec = importlib.util.spec_from_file_location("journeyops_import_bench", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while decorating
    spec.loader.exec_module(module)
    return module


generator = _load_import_bench()


def journey_document(index: int, touchpoints: int) -> dict[str, Any]:
    document: dict[str, Any] = generator.journey_document(index, touchpoints)
    return document


def journey_key(index: int) -> str:
    return str(generator.journey_key(index))


def validate_sample(journeys: int, touchpoints: int) -> tuple[int, list[str]]:
    checked, problems = generator.validate_sample(journeys, touchpoints)
    return int(checked), [str(p) for p in problems]


# -- setting up -----------------------------------------------------------------------------


def import_journeys(store: Store, journeys: int, touchpoints: int) -> float:
    """Import the generated journeys, one unit of work per 50; returns the wall seconds."""
    began = time.perf_counter()
    for start in range(0, journeys, JOURNEYS_PER_UNIT):
        stop = min(journeys, start + JOURNEYS_PER_UNIT)
        docs = [journey_document(i, touchpoints) for i in range(start, stop)]
        with store.unit_of_work(WORKSPACE, actor="bench", origin=Origin.IMPORT) as uow:
            for doc in docs:
                apply_journey_document(uow, doc)
    return time.perf_counter() - began


def changed_indices(journeys: int, count: int, offset: int) -> list[int]:
    """``count`` journey indices spread over the range, shifted by ``offset``."""
    count = min(count, journeys)
    return sorted({(i * journeys // count + offset) % journeys for i in range(count)})


def change_text(store: Store, indices: list[int]) -> None:
    """Log one pain point at a stage of each journey: the body changes, the curve does not."""
    with store.unit_of_work(WORKSPACE, actor="bench", origin=Origin.CLI) as uow:
        for i in indices:
            log_pain_point(
                uow,
                journey_key(i),
                f"Bench change {i}: the delivery date moved after payment",
                stage_key="buy",
                impact=Impact.WORKAROUND,
            )


def change_emotion(store: Store, indices: list[int], touchpoints: int) -> int:
    """Re-import each journey with its first touchpoint's emotion changed; returns how many
    journeys had a touchpoint to change."""
    changed = 0
    with store.unit_of_work(WORKSPACE, actor="bench", origin=Origin.IMPORT) as uow:
        for i in indices:
            doc = journey_document(i, touchpoints)
            steps = [tp for stage in doc["stages"] for tp in stage["touchpoints"]]
            if not steps:
                continue
            steps[0]["emotion"] = -2 if steps[0]["emotion"] >= 0 else 2
            apply_journey_document(uow, doc)
            changed += 1
    return changed


# -- the sandbox, in its own process --------------------------------------------------------


def _serve_in_child(conn: Connection, latency_ms: int) -> None:
    """Child process: run a Cloud sandbox and answer the parent's questions about it."""
    with serve_confluence(flavour="cloud", api_token=TOKEN) as box:
        box.faults.set_latency(latency_ms)
        conn.send((box.url, box.state.journeys_page.id))
        while (command := conn.recv()) != "stop":
            assert command == "take"
            with box.state.lock:
                routes = Counter((r.kind, r.method, route(r.path)) for r in box.state.requests)
                conn.send(
                    (box.state.counts(), routes, list(box.state.violations), time.process_time())
                )
                box.state.clear_requests()  # the log holds every body and attachment sent


class RemoteSandbox:
    """A Confluence Cloud sandbox in a child process, like a real site: its work (checking
    every request against the specs) does not compete with ours for this process's GIL."""

    def __init__(self, latency_ms: int) -> None:
        self._conn, child = multiprocessing.Pipe()
        context = multiprocessing.get_context("spawn")
        self._process = context.Process(target=_serve_in_child, args=(child, latency_ms))
        self._process.start()
        self.url, self.parent_id = self._conn.recv()

    def take(self) -> tuple[dict[str, int], Counter[tuple[str, str, str]], list[Any], float]:
        """The calls since the last take, by kind and by route, every violation, and the
        sandbox process's CPU seconds so far."""
        self._conn.send("take")
        answer: tuple[dict[str, int], Counter[tuple[str, str, str]], list[Any], float]
        answer = self._conn.recv()
        return answer

    def __enter__(self) -> RemoteSandbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self._conn.send("stop")
        self._process.join(timeout=10)


def settings_for(sandbox: RemoteSandbox, concurrency: int, rate_limit: float) -> Settings:
    return load_settings(
        confluence_url=sandbox.url,
        confluence_username=USERNAME,
        confluence_api_token=TOKEN,
        confluence_cloud=True,
        confluence_space=SPACE,
        confluence_parent_page=sandbox.parent_id,
        confluence_concurrency=concurrency,
        confluence_rate_limit=rate_limit,
    )


# -- one sync -------------------------------------------------------------------------------


@dataclass
class Sync:
    name: str
    wall: float
    cpu: float  # this process: rendering, SQL, HTTP client
    sandbox_cpu: float  # the sandbox's process
    outcomes: Counter[str]
    counts: dict[str, int]
    client_requests: int
    concurrency: int
    busiest_second: int  # the most requests sent in any one-second window
    calls_by_route: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)

    @property
    def calls(self) -> int:
        return sum(self.counts.values())

    @property
    def writes(self) -> int:
        return sum(self.counts[kind] for kind in WRITE_KINDS)


def record_send_times(client: ConfluenceClient) -> list[float]:
    """The moments the client's requests leave, as the rate cap lets them go."""
    sent: list[float] = []
    lock = threading.Lock()
    wait = client.pacer.wait

    def recorded_wait() -> float:
        waited = wait()
        with lock:
            sent.append(time.monotonic())
        return waited

    client.pacer.wait = recorded_wait  # type: ignore[method-assign]
    return sent


def busiest_second(sent: list[float]) -> int:
    """The most send times inside any window of one second."""
    times = sorted(sent)
    busiest, first = 0, 0
    for last, moment in enumerate(times):
        while moment - times[first] >= 1.0:
            first += 1
        busiest = max(busiest, last - first + 1)
    return busiest


def route(path: str) -> str:
    """The request path with page/attachment/property ids replaced by ``{id}``."""
    return _ID.sub("/{id}", path)


def run_sync(
    name: str, store: Store, sandbox: RemoteSandbox, settings: Settings, now: datetime
) -> Sync:
    sandbox_cpu_began = sandbox.take()[3]
    client = ConfluenceClient(settings)
    sent = record_send_times(client)
    began, cpu_began = time.perf_counter(), time.process_time()
    try:
        with store.unit_of_work(WORKSPACE, actor="bench", origin=Origin.CLI) as uow:
            publisher = ConfluencePublisher(
                uow,
                client,
                space=SPACE,
                parent_id=sandbox.parent_id,
                source_hint="journeyops export {key}",
                concurrency=settings.confluence_concurrency,
                now=now,
            )
            results: list[PageResult] = publisher.publish()
    finally:
        client.close()
    wall, cpu = time.perf_counter() - began, time.process_time() - cpu_began
    counts, routes, _violations, sandbox_cpu = sandbox.take()
    return Sync(
        name,
        wall,
        cpu,
        sandbox_cpu - sandbox_cpu_began,
        Counter(r.outcome.value for r in results),
        counts,
        client.requests_sent,
        settings.confluence_concurrency,
        busiest_second(sent),
        routes,
        [f"{r.key}: {r.detail}" for r in results if r.outcome == Outcome.FAILED],
    )


# -- report ---------------------------------------------------------------------------------


def verdict(met: bool) -> str:
    return "target met" if met else "target missed"


def print_sync(sync: Sync, latency_ms: int, rate_limit: float) -> None:
    latency_s = sync.calls * latency_ms / 1000
    outcomes = ", ".join(f"{n} {name}" for name, n in sorted(sync.outcomes.items()))
    print(f"\n== {sync.name} ==")
    print(f"  wall time        {sync.wall:8.2f} s  (concurrency {sync.concurrency})")
    print(
        f"  process CPU      {sync.cpu:8.2f} s  (rendering, SQL, HTTP client; the sandbox runs in"
        " its own process)"
    )
    print(f"  sandbox CPU      {sync.sandbox_cpu:8.2f} s  (its own process, same machine)")
    print(f"  latency alone    {latency_s:8.2f} s  ({sync.calls} calls x {latency_ms} ms)")
    print(f"  outcomes         {outcomes or 'none'}")
    kinds = "  ".join(f"{KIND_LABELS[k]} {n}" for k, n in sync.counts.items())
    print(f"  calls by kind    {kinds}  (total {sync.calls}; client sent {sync.client_requests})")
    cap = f"{rate_limit:g}/s configured" if rate_limit else "no cap configured"
    capped = not rate_limit or sync.busiest_second <= rate_limit
    print(
        f"  request rate     busiest second {sync.busiest_second} requests ({cap}; "
        f"{'never exceeded' if capped else 'EXCEEDED'})"
    )
    print("  calls by route:")
    for (kind, method, path), n in sorted(sync.calls_by_route.items()):
        print(f"    {n:6d}  {kind:<17}{method:<6} {path}")
    for failure in sync.failures[:5]:
        print(f"  FAILED {failure}")


def print_first(one_at_a_time: Sync, concurrent: Sync, journeys: int, rate_limit: float) -> None:
    speed_up = one_at_a_time.wall / concurrent.wall if concurrent.wall else 0.0
    print(
        f"\n  calls per page   {concurrent.calls / journeys:.2f}"
        f"  (created {concurrent.outcomes.get('created', 0)} of {journeys})"
    )
    print(
        f"  target: bounded concurrency makes the first sync >= {SPEED_UP_TARGET:g}x faster"
        f" than one call at a time: {one_at_a_time.wall:.2f} s at concurrency 1,"
        f" {concurrent.wall:.2f} s at concurrency {concurrent.concurrency}:"
        f" {speed_up:.2f}x, {verdict(speed_up >= SPEED_UP_TARGET)}"
    )
    capped = not rate_limit or max(one_at_a_time.busiest_second, concurrent.busiest_second) <= (
        rate_limit
    )
    print(f"  target: never above the configured request rate: {verdict(capped)}")


def print_unchanged(sync: Sync, journeys: int) -> None:
    max_reads = math.ceil(journeys / SEARCH_PAGE_SIZE)
    print(f"  target: zero writes: {sync.writes} writes, {verdict(sync.writes == 0)}")
    print(
        f"  target: at most ceil({journeys}/{SEARCH_PAGE_SIZE}) = {max_reads} reads:"
        f" {sync.counts['read']} reads, {verdict(sync.counts['read'] <= max_reads)}"
    )


def print_changed(sync: Sync, changed: int, journeys: int, image_changed: bool) -> None:
    per = {kind: sync.counts[kind] / changed for kind in sync.counts} if changed else {}
    updated = sync.outcomes.get("updated", 0)
    print(f"  changed journeys {changed}; updated {updated}, skipped {sync.outcomes['skipped']}")
    page = per.get("page_write", 0.0)
    attach = per.get("attachment_write", 0.0)
    print(f"  target: one page write per changed page: {page:.2f}, {verdict(page == 1)}")
    if image_changed:
        print(
            f"  target: one attachment write per changed image: {attach:.2f}, "
            f"{verdict(attach == 1)} (.svg and .png in one upload)"
        )
    else:
        print(
            f"  target: no attachment write (image unchanged): {attach:.2f}, {verdict(attach == 0)}"
        )
    print(
        f"  also per changed page: property writes {per.get('property_write', 0.0):.2f}, "
        f"label writes {per.get('label_write', 0.0):.2f}"
    )
    search_reads = math.ceil(journeys / SEARCH_PAGE_SIZE)
    extra = (sync.counts["read"] - search_reads) / changed if changed else 0.0
    print(
        f"  reads {sync.counts['read']}: {search_reads} for the search, "
        f"{extra:.2f} more per changed page"
    )


# -- command line ---------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Benchmark publishing journeys to the Confluence Cloud sandbox "
        "(prints figures; exit 0).",
    )
    parser.add_argument("--journeys", type=int, default=500, help="journeys to publish")
    parser.add_argument("--touchpoints", type=int, default=20, help="touchpoints per journey")
    parser.add_argument(
        "--latency-ms", type=int, default=30, help="sandbox latency added to every request"
    )
    parser.add_argument(
        "--concurrency", type=int, default=8, help="pages published at once (1 to 16)"
    )
    parser.add_argument(
        "--rate-limit",
        type=float,
        default=100.0,
        help="requests per second the client may send (0: no cap)",
    )
    parser.add_argument("--quick", action="store_true", help="smoke run: 50 journeys")
    parser.add_argument(
        "--no-image-change",
        action="store_true",
        help="skip sync 4 (10 journeys with a changed emotion, so a changed image)",
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.journeys = 50
    if args.journeys < 1 or args.touchpoints < 0 or args.latency_ms < 0:
        parser.error("--journeys must be at least 1, --touchpoints and --latency-ms >= 0")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    journeys, touchpoints, latency_ms = args.journeys, args.touchpoints, args.latency_ms
    print(
        f"journeyops Confluence sync benchmark: {journeys:,} journeys x {touchpoints} "
        f"touchpoints, Cloud sandbox with {latency_ms} ms latency per request"
    )
    checked, problems = validate_sample(journeys, touchpoints)
    print(f"validated {checked} generated documents: ", end="")
    if problems:
        print(f"{len(problems)} problem(s)")
        for problem in problems[:20]:
            print(f"  {problem}")
        return 2
    print("all valid")

    now = datetime.now(UTC)  # one rendering moment for every sync
    rate = args.rate_limit
    with tempfile.TemporaryDirectory(prefix="journeyops-bench-") as tmp:
        # The same journeys twice: one store is published one call at a time, the other
        # with bounded concurrency, each to its own sandbox.
        stores = [Store(f"sqlite:///{Path(tmp) / name}") for name in ("one.db", "many.db")]
        try:
            for store in stores:
                store.ensure_ready()
                seconds = import_journeys(store, journeys, touchpoints)
            print(f"imported {journeys:,} journeys in {seconds:.2f} s (SQLite, not a target)")
            with (
                RemoteSandbox(latency_ms) as alone,
                RemoteSandbox(latency_ms) as sandbox,
            ):
                one_at_a_time = run_sync(
                    "1a. first sync, one call at a time",
                    stores[0],
                    alone,
                    settings_for(alone, 1, rate),
                    now,
                )
                print_sync(one_at_a_time, latency_ms, rate)
                settings = settings_for(sandbox, args.concurrency, rate)
                store = stores[1]
                first = run_sync(
                    f"1b. first sync, {args.concurrency} pages at once",
                    store,
                    sandbox,
                    settings,
                    now,
                )
                print_sync(first, latency_ms, rate)
                print_first(one_at_a_time, first, journeys, rate)

                second = run_sync("2. nothing changed", store, sandbox, settings, now)
                print_sync(second, latency_ms, rate)
                print_unchanged(second, journeys)

                text_changed = changed_indices(journeys, CHANGED, 0)
                change_text(store, text_changed)
                third = run_sync(
                    f"3. {len(text_changed)} journeys' text changed (a pain point logged)",
                    store,
                    sandbox,
                    settings,
                    now,
                )
                print_sync(third, latency_ms, rate)
                print_changed(third, len(text_changed), journeys, image_changed=False)

                if not args.no_image_change:
                    offset = max(1, journeys // (2 * CHANGED))
                    emotion_changed = changed_indices(journeys, CHANGED, offset)
                    count = change_emotion(store, emotion_changed, touchpoints)
                    fourth = run_sync(
                        f"4. {count} journeys' emotion changed (image changes)",
                        store,
                        sandbox,
                        settings,
                        now,
                    )
                    print_sync(fourth, latency_ms, rate)
                    print_changed(fourth, count, journeys, image_changed=True)

                violations = alone.take()[2] + sandbox.take()[2]
                print(f"\nsandbox spec violations: {len(violations)}")
                for violation in violations[:5]:
                    print(f"  {violation}")
        finally:
            for store in stores:
                store.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
