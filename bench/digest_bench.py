"""Time and memory of the weekly digest: ``build_digest`` plus its renderings (text and
Slack Block Kit), on SQLite, at two sizes ten times apart.

Not a test: it prints figures and exits 0 whether the targets are met or not.

    .venv/bin/python bench/digest_bench.py            # 100 journeys / 5,000 pain points /
                                                      # 200,000 evidence, then 10x
    .venv/bin/python bench/digest_bench.py --quick    # 10 / 500 / 20,000, then 10x

Each workspace is seeded once with bulk inserts (``core.store.bulk.insert_rows``) into a
SQLite file cached under the temp dir (``journeyops-digest-bench/``, one per size and
schema; ``--reseed`` builds it again): journeys with 5 stages of 4 steps, pain points
with evidence and the ``evidence.attached`` / ``pain_point.created`` events of the
event log, opportunities (a third unowned, some moved by Jira, some fixes shipped with
answers), KPIs with weekly values; everything spread over the 12 weeks before the
digest's period ends.

Each size is measured in a child process of its own, so ``ru_maxrss`` is that size's
peak: the best of 3 wall-clock runs of build + render, then one run under tracemalloc
(peak of Python allocations during the build and renderings).
Targets: under 2 s at the first size; less than 10x the time for 10x the data; flat memory.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select  # noqa: E402

from bots.slack.digest_blocks import digest_messages  # noqa: E402
from core.enums import Origin  # noqa: E402
from core.model import (  # noqa: E402
    Event,
    Evidence,
    Journey,
    Kpi,
    KpiValue,
    Opportunity,
    OpportunityPainPoint,
    PainPoint,
    Stage,
    Touchpoint,
)
from core.services.digest import build_digest, previous_period  # noqa: E402
from core.store import Store  # noqa: E402
from core.store.bulk import insert_rows  # noqa: E402
from core.store.store import MIGRATIONS  # noqa: E402
from webhooks.cli.digest import render_digest_text  # noqa: E402

WORKSPACE = "bench"
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)  # a Monday, an hour after the digest ran
WEEKS = 12
STAGES, STEPS = 5, 4
OPPORTUNITIES = 10  # per journey
KPIS = 3  # per journey
BATCH = 20_000
TARGET_SECONDS = 2.0
SIZES = {"full": (100, 5_000, 200_000), "quick": (10, 500, 20_000)}
KINDS = ("ticket", "slack_thread", "slack_message", "interview", "survey", "analytics")
SOURCES = {"ticket": "zendesk", "slack_thread": "slack", "slack_message": "slack"}
CACHE = Path(tempfile.gettempdir()) / "journeyops-digest-bench"


def _moment(rng: random.Random, after: datetime | None = None) -> datetime:
    start = NOW - timedelta(weeks=WEEKS)
    low = max(start, after) if after else start
    return low + timedelta(seconds=rng.uniform(0, (NOW - low).total_seconds()))


class Seeder:
    """Writes one workspace of the given size in batches, committing as it goes."""

    def __init__(self, store: Store, journeys: int, pain_points: int, evidence: int) -> None:
        self.store = store
        self.journeys = journeys
        self.pains_per_journey = pain_points // journeys
        self.evidence_per_pain = evidence // pain_points
        self.rng = random.Random(6)

    def run(self) -> None:
        for first in range(0, self.journeys, 10):
            with self.store.unit_of_work(WORKSPACE, origin=Origin.IMPORT) as uow:
                for n in range(first, min(first + 10, self.journeys)):
                    self.journey(uow.session, uow.workspace_id, n)

    def journey(self, session: Any, ws: int, n: int) -> None:
        rng = self.rng
        created = NOW - timedelta(weeks=WEEKS + 1)
        [journey_id] = insert_rows(session, Journey, [{
            "key": f"journey-{n:05d}", "title": f"Journey {n}", "type": "current_state",
            "status": "active", "owner": f"Owner {n % 17}", "review_cadence_days": 90,
            "last_reviewed": date(2026, 8, 1) + timedelta(days=n % 60), "version": 1,
            "created_at": created, "updated_at": created,
        }], ws)  # fmt: skip
        stage_ids = insert_rows(session, Stage, [
            {"journey_id": journey_id, "key": f"stage-{s}", "name": f"Stage {s}", "position": s}
            for s in range(STAGES)
        ], ws)  # fmt: skip
        step_rows = [
            {"journey_id": journey_id, "stage_id": stage_ids[s], "key": f"step-{s}-{t}",
             "name": f"Step {s}.{t}", "position": t, "emotion": rng.choice([-2, -1, 0, 1, 2]),
             "ticket_rules": [{"source": "jira", "jql": "project = SUP"}] if t == 0 else []}
            for s in range(STAGES) for t in range(STEPS)
        ]  # fmt: skip
        step_ids = insert_rows(session, Touchpoint, step_rows, ws)
        pains = []
        for p in range(self.pains_per_journey):
            step = rng.randrange(len(step_ids))
            pains.append({
                "journey_id": journey_id, "stage_id": step_rows[step]["stage_id"],
                "touchpoint_id": step_ids[step], "key": f"pain-{p}", "position": p,
                "title": f"Pain point {p} of journey {n}",
                "impact": rng.choice(["trivial", "workaround", "abandon"]),
                "status": rng.choice(["open"] * 8 + ["in_progress", "fix_shipped"]),
                "customers_affected": rng.choice([None, 10, 100, 1000]),
                "created_at": _moment(rng), "updated_at": NOW,
            })  # fmt: skip
        pain_ids = insert_rows(session, PainPoint, pains, ws)
        events = [
            {"at": row["created_at"], "actor": "bench", "origin": "import",
             "action": "pain_point.created", "record_type": "pain_point", "record_id": pid,
             "journey_id": journey_id, "data": {"key": row["key"]}}
            for row, pid in zip(pains, pain_ids, strict=True)
        ]  # fmt: skip
        evidence = []
        for row, pid in zip(pains, pain_ids, strict=True):
            for e in range(self.evidence_per_pain):
                kind = rng.choice(KINDS)
                at = _moment(rng, row["created_at"])
                evidence.append({
                    "journey_id": journey_id, "pain_point_id": pid, "touchpoint_id": None,
                    "identity": f"bench:{pid}:{e}", "position": e, "kind": kind,
                    "source": SOURCES.get(kind, "research"), "external_id": f"{pid}-{e}",
                    "author": f"person-{rng.randrange(200)}", "captured_at": at,
                    "text": "A customer said something.", "content_sha256": "0" * 64,
                    "sentiment": rng.choice([None, None, -1, 1]), "solicited": kind == "survey",
                    "created_at": at, "updated_at": at,
                })  # fmt: skip
        for start in range(0, len(evidence), BATCH):
            chunk = evidence[start : start + BATCH]
            ids = insert_rows(session, Evidence, chunk, ws)
            events += [
                {"at": row["created_at"], "actor": "bench", "origin": "slack",
                 "action": "evidence.attached", "record_type": "evidence", "record_id": eid,
                 "journey_id": journey_id,
                 "data": {"kind": row["kind"], "source": row["source"]}}
                for row, eid in zip(chunk, ids, strict=True)
            ]  # fmt: skip
        opportunities = [
            {"journey_id": journey_id, "key": f"opp-{o}", "position": o, "title": f"Idea {o}",
             "owner": None if o % 3 == 0 else f"Owner {o}",
             "status": rng.choice(["idea", "planned", "in_progress", "done"])}
            for o in range(OPPORTUNITIES)
        ]  # fmt: skip
        opportunity_ids = insert_rows(session, Opportunity, opportunities, ws)
        insert_rows(session, OpportunityPainPoint, [
            {"opportunity_id": oid, "pain_point_id": pain_ids[o], "position": 0}
            for o, oid in enumerate(opportunity_ids)
        ], ws)  # fmt: skip
        for o, oid in enumerate(opportunity_ids[:3]):
            at = _moment(rng, NOW - timedelta(weeks=2))
            events.append(
                {
                    "at": at,
                    "actor": "jira:bench",
                    "origin": "jira",
                    "action": "opportunity.status_changed",
                    "record_type": "opportunity",
                    "record_id": oid,
                    "journey_id": journey_id,
                    "data": {"issue": f"BENCH-{n}-{o}", "from": "planned", "to": "done"},
                }
            )
            events.append({"at": at, "actor": "jira:bench", "origin": "jira",
                           "action": "pain_point.fix_shipped", "record_type": "pain_point",
                           "record_id": pain_ids[o], "journey_id": journey_id,
                           "data": {"opportunity": oid, "from": "open"}})  # fmt: skip
        kpi_ids = insert_rows(session, Kpi, [
            {"journey_id": journey_id, "stage_id": stage_ids[k], "key": f"kpi-{k}",
             "position": k, "name": f"KPI {k}", "unit": "%", "target": 80.0}
            for k in range(KPIS)
        ], ws)  # fmt: skip
        insert_rows(session, KpiValue, [
            {"kpi_id": kid, "observed_on": (NOW - timedelta(weeks=w)).date(),
             "value": 60.0 + rng.uniform(0, 30), "position": w}
            for kid in kpi_ids for w in range(WEEKS)
        ], ws)  # fmt: skip
        for start in range(0, len(events), BATCH):
            insert_rows(session, Event, events[start : start + BATCH], ws)


def schema_version() -> str:
    """A short hash of the migrations: a cached database of another schema is not reused."""
    digest = hashlib.sha256()
    for migration in sorted(MIGRATIONS.glob("versions/*.py")):
        digest.update(migration.read_bytes())
    return digest.hexdigest()[:10]


def seeded(size: tuple[int, int, int], reseed: bool) -> tuple[Path, float]:
    """The cached database of ``size`` (seeded first when missing); seconds spent seeding."""
    journeys, pains, evidence = size
    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"digest-{journeys}-{pains}-{evidence}-{schema_version()}.db"
    done = path.with_suffix(".ok")
    if done.exists() and path.exists() and not reseed:
        return path, 0.0
    path.unlink(missing_ok=True)
    done.unlink(missing_ok=True)
    began = time.perf_counter()
    store = Store(f"sqlite:///{path}")
    store.ensure_ready()
    Seeder(store, journeys, pains, evidence).run()
    store.dispose()
    done.touch()
    return path, time.perf_counter() - began


def measure(path: Path) -> dict[str, Any]:
    """In the child: time build + render (best of 3), then tracemalloc's peak."""
    store = Store(f"sqlite:///{path}")
    store.ensure_ready()

    def once() -> tuple[int, int]:
        with store.unit_of_work(WORKSPACE) as uow:
            period = previous_period(uow.workspace.digest_cron, uow.workspace.timezone, NOW)
            digest = build_digest(uow, period, now=NOW)
        text = render_digest_text(digest)
        messages = digest_messages(digest)
        return len(text), len(messages)

    with store.unit_of_work(WORKSPACE) as uow:
        counts = {
            model.__tablename__: uow.session.scalar(select(func.count()).select_from(model))
            for model in (Journey, PainPoint, Evidence, Event)
        }
    timings = []
    for _ in range(3):
        began = time.perf_counter()
        chars, messages = once()
        timings.append(time.perf_counter() - began)
    maxrss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    once()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    store.dispose()
    return {
        "counts": counts,
        "seconds": min(timings),
        "timings": timings,
        "chars": chars,
        "messages": messages,
        "peak_mib": peak / 2**20,
        "maxrss_mib": maxrss_kib / 1024,
    }


def run_child(path: Path) -> dict[str, Any]:
    answer = subprocess.run(
        [sys.executable, __file__, "--child", str(path)],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, Any] = json.loads(answer.stdout.strip().splitlines()[-1])
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="10 / 500 / 20,000, then 10x")
    parser.add_argument("--reseed", action="store_true", help="seed the cached databases again")
    parser.add_argument("--child", metavar="DB", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(measure(Path(args.child))))
        return 0
    base = SIZES["quick" if args.quick else "full"]
    results = []
    for factor in (1, 10):
        size = (base[0] * factor, base[1] * factor, base[2] * factor)
        path, seeding = seeded(size, args.reseed)
        note = f"seeded in {seeding:.0f} s" if seeding else "cached"
        print(f"{size[0]:,} journeys / {size[1]:,} pain points / {size[2]:,} evidence: {note}")
        result = run_child(path)
        results.append(result)
        print(
            f"  build + render: {result['seconds']:.2f} s (runs: "
            + ", ".join(f"{t:.2f}" for t in result["timings"])
            + f"); {result['messages']} Slack message(s), {result['chars']:,} characters of text"
        )
        print(
            f"  peak memory: tracemalloc {result['peak_mib']:.1f} MiB, "
            f"ru_maxrss {result['maxrss_mib']:.0f} MiB; rows: {result['counts']}"
        )
    small, large = results
    ratio = large["seconds"] / small["seconds"]
    print(
        f"10x the data: {ratio:.1f}x the time (target < 10x), "
        f"tracemalloc peak {large['peak_mib'] / small['peak_mib']:.1f}x, "
        f"ru_maxrss {large['maxrss_mib'] / small['maxrss_mib']:.1f}x"
    )
    if not args.quick:
        verdict = "met" if small["seconds"] < TARGET_SECONDS else "missed"
        print(f"first size under {TARGET_SECONDS:.0f} s: {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
