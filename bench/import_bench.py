"""Throughput and memory benchmark of journey import and pain point logging.

Not a test: it prints figures and never asserts on timing; it exits 0 whether the targets
are met or not (2 only when it cannot run at all, e.g. it refuses a database).

    .venv/bin/python bench/import_bench.py            # 1,000 journeys, 10,000 pain points
    .venv/bin/python bench/import_bench.py --quick    # smoke run
    .venv/bin/python bench/import_bench.py --postgres-url postgresql+psycopg://u:p@host/x_bench

Each database gets two passes, each in a workspace of its own:

* the throughput pass runs without tracemalloc (it slows Python allocation down a lot);
  its rates are the figures compared with the targets, and its memory figures are the
  process RSS (current, from /proc, and the high-water mark ru_maxrss);
* the tracemalloc pass repeats the same work with tracemalloc on; its rates are not
  reported, only the Python heap: the peak inside each window (0-10%, 10-50%, 50-100%,
  with ``tracemalloc.reset_peak()`` at each checkpoint) and what is still allocated at
  each checkpoint.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import resource
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from core.enums import Channel, EvidenceKind, Impact, Lane, Origin
from core.errors import JourneyOpsError
from core.files.reader import Document
from core.files.validate import validate_batch, validate_document
from core.services.evidence import EvidenceInput
from core.services.journey_import import apply_journey_document
from core.services.pain_points import log_pain_point
from core.store import Store
from core.store.engine import redacted_url

JOURNEY_TARGET = 200.0  # journeys/s on SQLite
PAIN_POINT_TARGET = 1_000.0  # pain points/s on SQLite
CHECKPOINTS = (0.1, 0.5, 1.0)
JOURNEYS_PER_UNIT = 50
PAIN_POINTS_PER_UNIT = 200
PERSONAS = 20  # journeys share a small pool of personas, as real workspaces do
STAGES = (
    ("discover", "Discover", "Find out whether the product fits my need"),
    ("compare", "Compare", "Weigh the options against each other"),
    ("buy", "Buy", "Pay without surprises"),
    ("receive", "Receive", "Get what I ordered when I was told"),
    ("support", "Get support", "Have a problem solved on first contact"),
)
CHANNELS = [c.value for c in Channel]
LANES = [lane.value for lane in Lane]
IMPACTS = [Impact.TRIVIAL, Impact.WORKAROUND, Impact.ABANDON]
SAFE_DATABASE_SUFFIXES = ("_bench", "_test")
# "Flat" memory: the last window handles 5x the items of the first one; a leak proportional
# to the count would grow its figure several-fold, allocator noise stays within these.
FLAT_RATIO = 1.2
FLAT_SLACK_MIB = 2.0  # tracemalloc (exact Python heap)
FLAT_SLACK_RSS_MIB = 16.0  # RSS (includes allocator fragmentation and SQLite page cache)


# -- generated data -------------------------------------------------------------------------


def journey_key(index: int) -> str:
    return f"bench-journey-{index:05d}"


def touchpoint_key(index: int) -> str:
    return f"step-{index:03d}"


def persona_spec(index: int) -> dict[str, Any]:
    """Persona ``index % PERSONAS``; always the same text, so re-imports change nothing."""
    n = index % PERSONAS
    return {
        "key": f"bench-persona-{n:02d}",
        "name": f"Bench persona {n}",
        "role": "Repeat customer who buys on a phone",
        "goals": ["Order in under three minutes", "Know the delivery date"],
        "needs": ["The full price before paying"],
        "frustrations": ["Surprise delivery charges", "Forgotten passwords"],
        "quote": "Just tell me what it costs and when it arrives.",
        "decision_role": "decision maker",
    }


def journey_document(index: int, touchpoints: int) -> dict[str, Any]:
    """A valid journey document: 5 stages, ``touchpoints`` steps, 2 pain points, 1 opportunity."""
    stages: list[dict[str, Any]] = [
        {"key": key, "name": name, "customer_goal": goal, "touchpoints": []}
        for key, name, goal in STAGES
    ]
    for n in range(touchpoints):
        stage = stages[n * len(stages) // touchpoints]
        stage["touchpoints"].append(
            {
                "key": touchpoint_key(n),
                "name": f"Step {n} of journey {index}",
                "channel": CHANNELS[(index + n) % len(CHANNELS)],
                "action": "Taps through to the next screen",
                "thought": "Is this the last step?",
                "emotion": (index + n) % 5 - 2,
                "emotion_reason": "Depends on how long the page takes to load",
                "lane": LANES[n % len(LANES)],
                "owner_team": f"team-{n % 7}",
                "moment_of_truth": n % 10 == 0,
            }
        )
    pain_points: list[dict[str, Any]] = []
    for n in range(2):
        at: dict[str, str] = (
            {"touchpoint": touchpoint_key(n * touchpoints // 2)}
            if touchpoints
            else {"stage": STAGES[n][0]}
        )
        pain_points.append(
            {
                "key": f"pain-{n}",
                "title": f"Pain point {n} of journey {index}",
                "description": "Customers give up or call support at this step.",
                **at,
                "impact": IMPACTS[(index + n) % len(IMPACTS)].value,
                "category": "customer",
                "customers_affected": 100 * (n + 1),
                "evidence": [
                    {
                        "kind": "ticket",
                        "source": "zendesk",
                        "external_id": f"{index}-{n}",
                        "permalink": f"https://example.zendesk.com/agent/tickets/{index}{n}",
                        "author": "Customer",
                        "captured_by": "bench",
                        "captured_at": "2026-05-01T10:00:00Z",
                        "text": f"Ticket {index}-{n}: I could not finish my order on my phone.",
                        "sentiment": -1,
                    }
                ],
            }
        )
    return {
        "key": journey_key(index),
        "title": f"Bench journey {index}",
        "type": "current_state",
        "status": "active",
        "persona": persona_spec(index),
        "scenario": "A returning customer orders on a phone in the evening.",
        "goal": "Order in under three minutes",
        "owner": "bench",
        "review_cadence_days": 90,
        "stages": stages,
        "pain_points": pain_points,
        "opportunities": [
            {
                "key": "fix-both",
                "title": f"Remove both pain points of journey {index}",
                "addresses": ["pain-0", "pain-1"],
                "customer_value": 4,
                "business_value": 3,
                "effort": 2,
                "status": "idea",
            }
        ],
    }


def validate_sample(journeys: int, touchpoints: int) -> tuple[int, list[str]]:
    """Validate about 20 generated documents, spread over the range, and the batch rules."""
    step = max(1, journeys // 20)
    indices = sorted({*range(0, journeys, step), journeys - 1})
    docs = [Document(Path("bench"), 0, journey_document(i, touchpoints)) for i in indices]
    problems = [str(p) for doc in docs for p in validate_document(doc)]
    problems += [str(p) for p in validate_batch(docs)]
    return len(docs), problems


# -- measuring ------------------------------------------------------------------------------


MIB = 1024 * 1024


def rss_now_mib() -> float | None:
    """Current resident set size, from /proc (Linux); None elsewhere."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE") / MIB


def rss_peak_mib() -> float:
    """The process's RSS high-water mark (ru_maxrss: KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / MIB if sys.platform == "darwin" else peak / 1024


class Clock:
    """Wall and CPU seconds spent inside ``with clock:``; profiles those sections if asked."""

    def __init__(self, profiler: cProfile.Profile | None = None) -> None:
        self.wall = 0.0
        self.cpu = 0.0
        self.profiler = profiler
        self._started = (0.0, 0.0)

    def __enter__(self) -> None:
        if self.profiler is not None:
            self.profiler.enable()
        self._started = (time.perf_counter(), time.process_time())

    def __exit__(self, *exc: object) -> None:
        self.wall += time.perf_counter() - self._started[0]
        self.cpu += time.process_time() - self._started[1]
        if self.profiler is not None:
            self.profiler.disable()


@dataclass
class Checkpoint:
    fraction: float
    done: int
    wall: float  # timed seconds since the phase started
    cpu: float  # CPU seconds of this process in the same sections
    rss_now: float | None
    rss_peak: float
    heap_window_peak: float | None = None  # tracemalloc peak since the previous checkpoint
    heap_now: float | None = None  # tracemalloc current at the checkpoint


@dataclass
class Phase:
    name: str
    total: int
    wall: float = 0.0
    cpu: float = 0.0
    checkpoints: list[Checkpoint] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.total / self.wall if self.wall else 0.0

    def window_rates(self) -> list[float]:
        rates = []
        done, wall = 0, 0.0
        for cp in self.checkpoints:
            span = cp.wall - wall
            rates.append((cp.done - done) / span if span > 0 else 0.0)
            done, wall = cp.done, cp.wall
        return rates


Work = Callable[[int, int, Clock], None]


def batches(total: int, size: int) -> Iterator[tuple[int, int, float | None]]:
    """(start, stop, checkpoint fraction reached at stop or None); batches end on checkpoints."""
    marks = sorted({max(1, round(total * f)): f for f in CHECKPOINTS}.items())
    start = 0
    for mark, fraction in marks:
        while start < mark:
            stop = min(start + size, mark)
            yield start, stop, fraction if stop == mark else None
            start = stop


def run_phase(
    name: str,
    total: int,
    size: int,
    work: Work,
    *,
    traced: bool,
    profiler: cProfile.Profile | None = None,
) -> Phase:
    """Run ``work(start, stop, clock)`` batch by batch; it times what counts with ``clock``."""
    phase = Phase(name, total)
    if total <= 0:
        return phase
    clock = Clock(profiler)
    if traced:
        tracemalloc.reset_peak()
    for start, stop, fraction in batches(total, size):
        work(start, stop, clock)
        if fraction is None:
            continue
        checkpoint = Checkpoint(
            fraction, stop, clock.wall, clock.cpu, rss_now_mib(), rss_peak_mib()
        )
        if traced:
            current, peak = tracemalloc.get_traced_memory()
            checkpoint.heap_now, checkpoint.heap_window_peak = current / MIB, peak / MIB
            tracemalloc.reset_peak()
        phase.checkpoints.append(checkpoint)
        print(
            f"    {name:<12} {fraction:>4.0%} {stop:>9,} done {clock.wall:8.2f} s "
            f"(cpu {clock.cpu:.2f} s)",
            flush=True,
        )
    phase.wall, phase.cpu = clock.wall, clock.cpu
    return phase


# -- the work -------------------------------------------------------------------------------


@dataclass
class Workload:
    journeys: int
    touchpoints: int
    pain_points: int


def import_work(store: Store, workspace: str, load: Workload) -> Work:
    def work(start: int, stop: int, clock: Clock) -> None:
        docs = [journey_document(i, load.touchpoints) for i in range(start, stop)]  # untimed
        with clock, store.unit_of_work(workspace, actor="bench", origin=Origin.IMPORT) as uow:
            for doc in docs:
                outcome = apply_journey_document(uow, doc)
                if outcome.action != "created":
                    raise RuntimeError(f"{outcome.key} was {outcome.action}, expected created")

    return work


def pain_point_work(store: Store, workspace: str, load: Workload) -> Work:
    def work(start: int, stop: int, clock: Clock) -> None:
        with clock, store.unit_of_work(workspace, actor="bench", origin=Origin.SLACK) as uow:
            for i in range(start, stop):
                journey, round_ = i % load.journeys, i // load.journeys
                step = touchpoint_key(round_ * 7 % load.touchpoints) if load.touchpoints else None
                stage = None if step else STAGES[round_ % len(STAGES)][0]
                seconds, micros = 1_780_000_000 + i, i % 1_000_000
                ts = f"{seconds}.{micros:06d}"
                permalink = f"https://bench.slack.com/archives/C0BENCH01/p{seconds}{micros:06d}"
                log_pain_point(
                    uow,
                    journey_key(journey),
                    f"Shopper {i} stuck at the step, report {round_}",
                    touchpoint_key=step,
                    stage_key=stage,
                    impact=IMPACTS[i % len(IMPACTS)],
                    evidence=EvidenceInput(
                        kind=EvidenceKind.SLACK_MESSAGE,
                        text=f"Message {i}: the page froze after I tapped pay, tried twice.",
                        source="slack",
                        external_id=f"C0BENCH01/{ts}",
                        permalink=permalink,
                        author=f"U0BENCH{i % 50:03d}",
                    ),
                )

    return work


@dataclass
class Pass:
    workspace: str
    journeys: Phase
    pain_points: Phase


def run_pass(
    store: Store,
    workspace: str,
    load: Workload,
    *,
    traced: bool,
    profile: bool,
) -> Pass:
    label = "tracemalloc pass" if traced else "throughput pass"
    print(f"  {label} (workspace {workspace})", flush=True)
    profilers = (cProfile.Profile(), cProfile.Profile()) if profile else (None, None)
    if traced:
        tracemalloc.start()
    try:
        journeys = run_phase(
            "journeys",
            load.journeys,
            JOURNEYS_PER_UNIT,
            import_work(store, workspace, load),
            traced=traced,
            profiler=profilers[0],
        )
        pain_points = run_phase(
            "pain points",
            load.pain_points,
            PAIN_POINTS_PER_UNIT,
            pain_point_work(store, workspace, load),
            traced=traced,
            profiler=profilers[1],
        )
    finally:
        if traced:
            tracemalloc.stop()
    for phase_name, profiler in zip(("journey import", "pain points"), profilers, strict=True):
        if profiler is not None:
            print_profile(phase_name, profiler)
    return Pass(workspace, journeys, pain_points)


def print_profile(name: str, profiler: cProfile.Profile, limit: int = 25) -> None:
    for order in ("tottime", "cumulative"):
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(order)
        stats.print_stats(limit)
        body = out.getvalue()
        body = body[body.find("   ncalls") :] if "   ncalls" in body else body
        print(f"\n  cProfile of {name}, top {limit} by {order} (profiled: rates are slower)")
        print(body.rstrip())


# -- databases ------------------------------------------------------------------------------


class Refused(Exception):
    """The bench will not write into this database."""


def check_postgres_url(url: str) -> None:
    """Refuse a URL that is not PostgreSQL, or names a database not meant for benches."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        raise Refused(f"--postgres-url must be a postgresql URL, not {redacted_url(url)}")
    name = parsed.database or ""
    if not name.endswith(SAFE_DATABASE_SUFFIXES):
        raise Refused(
            f"refusing to empty the PostgreSQL database {name!r}: the bench drops its "
            "public schema, so it only runs on a database whose name ends in "
            f"{' or '.join(SAFE_DATABASE_SUFFIXES)} (e.g. createdb journeyops_bench)"
        )


def reset_postgres(url: str) -> None:
    """Drop and recreate the public schema, so the bench starts from an empty database."""
    check_postgres_url(url)
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    finally:
        engine.dispose()


def refuse_foreign_workspaces(store: Store) -> None:
    foreign = [w.key for w in store.workspaces() if not w.key.startswith("bench-")]
    if foreign:
        raise Refused(
            f"{redacted_url(store.url)} already holds workspaces ({', '.join(foreign[:5])}); "
            "the bench writes thousands of records: point --database-url at an empty database"
        )


@dataclass
class Result:
    label: str
    url: str
    is_sqlite: bool
    load: Workload
    migrate_seconds: float
    speed: Pass
    memory: Pass | None


def bench_database(
    label: str, url: str, load: Workload, *, tracemalloc_pass: bool, profile: bool
) -> Result:
    print(f"\n== {label}: {redacted_url(url)} ==", flush=True)
    store = Store(url)
    try:
        began = time.perf_counter()
        store.ensure_ready()
        migrate_seconds = time.perf_counter() - began
        refuse_foreign_workspaces(store)
        stamp = time.strftime("%Y%m%d-%H%M%S")
        speed = run_pass(store, f"bench-speed-{stamp}", load, traced=False, profile=profile)
        memory = (
            run_pass(store, f"bench-memory-{stamp}", load, traced=True, profile=False)
            if tracemalloc_pass
            else None
        )
    finally:
        store.dispose()
    return Result(
        label,
        url,
        make_url(url).get_backend_name() == "sqlite",
        load,
        migrate_seconds,
        speed,
        memory,
    )


# -- report ---------------------------------------------------------------------------------


def verdict(met: bool) -> str:
    return "target met" if met else "target missed"


def is_flat(values: list[float | None], slack: float) -> bool | None:
    """First vs last figure; None when there is nothing to compare."""
    known = [v for v in values if v is not None]
    if len(known) < 2:
        return None
    return known[-1] <= known[0] * FLAT_RATIO + slack


def mib(value: float | None) -> str:
    return "n/a" if value is None else f"{value:,.1f}"


def report(result: Result) -> None:
    load, speed = result.load, result.speed
    note = "" if result.is_sqlite else "  (targets are for SQLite; shown for reference)"
    print(f"\n{result.label} — {redacted_url(result.url)}{note}")
    print(
        f"  {load.journeys:,} journeys x {load.touchpoints} touchpoints, "
        f"{load.pain_points:,} pain points; migrated in {result.migrate_seconds:.2f} s"
    )
    print("\n  throughput (throughput pass, no tracemalloc)")
    print(
        f"  {'figure':<13}{'count':>8}{'wall s':>8}{'cpu s':>8}{'rate/s':>9}{'per cpu s':>11}"
        f"   {'rate/s in window 0-10/10-50/50-100%':<36}{'target/s':>9}"
    )
    rows: list[tuple[str, int, Phase, float, float | None]] = [
        ("journeys", load.journeys, speed.journeys, 1.0, JOURNEY_TARGET),
        ("touchpoints", load.journeys * load.touchpoints, speed.journeys, load.touchpoints, None),
        ("pain points", load.pain_points, speed.pain_points, 1.0, PAIN_POINT_TARGET),
    ]
    for name, count, phase, per_item, target in rows:
        rate = phase.rate * per_item
        per_cpu = count / phase.cpu if phase.cpu else 0.0
        windows = " / ".join(f"{r * per_item:,.0f}" for r in phase.window_rates())
        end = f"{'>= ' + format(target, ',.0f'):>9}  {verdict(rate >= target)}" if target else ""
        print(
            f"  {name:<13}{count:>8,}{phase.wall:>8.2f}{phase.cpu:>8.2f}{rate:>9,.0f}"
            f"{per_cpu:>11,.0f}   {windows:<36}{end}"
        )
    wall = speed.journeys.wall + speed.pain_points.wall
    cpu = speed.journeys.cpu + speed.pain_points.cpu
    share = cpu / wall if wall else 1.0
    print(
        f"  rate/s = count / wall seconds (the figure held against the target); per cpu s ="
        f" count / this\n  process's CPU seconds. This process used {share:.0%} of a CPU"
        " while timed"
        + (
            ": on SQLite everything runs in-process, so the machine was busy and\n"
            "  the wall rates understate what an idle machine does."
            if result.is_sqlite and share < 0.85
            else "."
            if result.is_sqlite
            else " (the server's CPU is not counted)."
        )
    )

    print("\n  memory, MiB, at 10% / 50% / 100% of each phase")
    print(f"  {'figure':<46}{'10%':>9}{'50%':>9}{'100%':>9}   flat?")
    lines: list[tuple[str, list[float | None], float | None]] = []  # slack None: no verdict
    for phase in (speed.journeys, speed.pain_points):
        cps = phase.checkpoints
        lines += [
            (f"{phase.name}: RSS now", [c.rss_now for c in cps], FLAT_SLACK_RSS_MIB),
            (f"{phase.name}: RSS high-water (ru_maxrss)", [c.rss_peak for c in cps], None),
        ]
    if result.memory is not None:
        for phase in (result.memory.journeys, result.memory.pain_points):
            cps = phase.checkpoints
            lines += [
                (
                    f"{phase.name}: heap peak in window [tracemalloc]",
                    [c.heap_window_peak for c in cps],
                    FLAT_SLACK_MIB,
                ),
                (
                    f"{phase.name}: heap held at checkpoint [tracemalloc]",
                    [c.heap_now for c in cps],
                    FLAT_SLACK_MIB,
                ),
            ]
    flat_figures: list[bool] = []
    for name, values, slack in lines:
        cells = "".join(f"{mib(v):>9}" for v in values)
        flat = None if slack is None else is_flat(values, slack)
        if flat is not None:
            flat_figures.append(flat)
        shown = "" if flat is None else f"   {'flat' if flat else 'GROWS'}"
        print(f"  {name:<46}{cells}{shown}")
    print(
        "  RSS: throughput pass, whole process (ru_maxrss only ever rises, so it shows growth,"
        " not release)."
    )
    if result.memory is not None:
        print(
            "  [tracemalloc]: separate pass, Python heap only; windows 0-10%, 10-50%, 50-100% of"
            " the items,\n  reset_peak() at each checkpoint; the last window handles 5x the"
            " items of the first."
        )
    if flat_figures:
        print(
            f"  memory flat as the count grows (100% figure <= 10% figure x {FLAT_RATIO}"
            f" + {FLAT_SLACK_MIB:g} MiB heap / {FLAT_SLACK_RSS_MIB:g} MiB RSS):"
            f" {verdict(all(flat_figures))}"
        )


# -- command line ---------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Benchmark journey import and pain point logging (prints figures; exit 0).",
    )
    parser.add_argument(
        "--database-url",
        help="SQLAlchemy URL of the SQLite run (default: a fresh SQLite file in a temp dir)",
    )
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("JOURNEYOPS_BENCH_POSTGRES_URL")
        or os.environ.get("JOURNEYOPS_TEST_POSTGRES_URL"),
        help="also run on this PostgreSQL database; its public schema is DROPPED first, so "
        "its name must end in _bench or _test (default: $JOURNEYOPS_BENCH_POSTGRES_URL, "
        "then $JOURNEYOPS_TEST_POSTGRES_URL)",
    )
    parser.add_argument("--journeys", type=int, default=1000, help="journeys to import")
    parser.add_argument("--touchpoints", type=int, default=50, help="touchpoints per journey")
    parser.add_argument("--pain-points", type=int, default=10_000, help="pain points to log")
    parser.add_argument(
        "--quick", action="store_true", help="smoke run: 100 journeys, 1,000 pain points"
    )
    parser.add_argument(
        "--no-tracemalloc", action="store_true", help="skip the tracemalloc (memory) pass"
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="run the throughput pass under cProfile and print the top functions",
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.journeys, args.pain_points = 100, 1_000
    if args.journeys < 1 or args.touchpoints < 0 or args.pain_points < 0:
        parser.error("--journeys must be at least 1, --touchpoints and --pain-points >= 0")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    load = Workload(args.journeys, args.touchpoints, args.pain_points)
    if args.postgres_url:
        try:
            check_postgres_url(args.postgres_url)
        except Refused as exc:
            print(f"PostgreSQL: not run: {exc}", file=sys.stderr)
            return 2
    print(
        f"journeyops import benchmark: {load.journeys:,} journeys x {load.touchpoints} "
        f"touchpoints, {load.pain_points:,} pain points; one unit of work per "
        f"{JOURNEYS_PER_UNIT} journeys / {PAIN_POINTS_PER_UNIT} pain points"
    )
    checked, problems = validate_sample(load.journeys, load.touchpoints)
    print(f"validated {checked} generated documents (validate_document + validate_batch): ", end="")
    if problems:
        print(f"{len(problems)} problem(s)")
        for problem in problems[:20]:
            print(f"  {problem}")
        return 2
    print("all valid")

    with tempfile.TemporaryDirectory(prefix="journeyops-bench-") as tmp:
        main_url = args.database_url or f"sqlite:///{Path(tmp) / 'bench.db'}"
        backend = make_url(main_url).get_backend_name()
        targets = [("SQLite" if backend == "sqlite" else f"{backend} (--database-url)", main_url)]
        if args.postgres_url:
            targets.append(("PostgreSQL", args.postgres_url))
        results: list[Result] = []
        for label, url in targets:
            try:
                if label == "PostgreSQL":
                    reset_postgres(url)
                results.append(
                    bench_database(
                        label,
                        url,
                        load,
                        tracemalloc_pass=not args.no_tracemalloc,
                        profile=args.profile,
                    )
                )
            except Refused as exc:
                print(f"\n{label}: not run: {exc}", file=sys.stderr)
                return 2
            except JourneyOpsError as exc:
                print(f"\n{label}: cannot run: {exc}", file=sys.stderr)
                return 2
    print("\n" + "=" * 100)
    for result in results:
        report(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
