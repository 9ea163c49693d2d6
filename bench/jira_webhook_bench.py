"""Throughput of ``POST /webhooks/jira``: signed deliveries, each delivered twice.

Not a test: it prints figures and exits 0 whether the target is met or not (2 only when it
cannot run at all, e.g. it refuses a database).

    .venv/bin/python bench/jira_webhook_bench.py           # 1,000 opportunities
    .venv/bin/python bench/jira_webhook_bench.py --quick   # 100
    JOURNEYOPS_BENCH_POSTGRES_URL=postgresql+psycopg://u:p@host/x_bench \\
        .venv/bin/python bench/jira_webhook_bench.py       # SQLite, then PostgreSQL

N generated journeys (``import_bench.py``'s generator, 5 touchpoints each) each have one
opportunity addressing two pain points, linked to the Jira epic ``BENCH-<n>``. Then N
signed ``jira:issue_updated`` deliveries (status categories indeterminate and done in
turn, so every first delivery changes something) go through Flask's test client, in
process, so the figures are our handler's and not a socket's; then the same N again, with
the same identifiers, as Jira's retries. Bodies are built and signed before the clock starts.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from core.enums import Origin
from core.errors import JourneyOpsError
from core.model import Event
from core.services.journey_import import apply_journey_document
from core.settings import load_settings
from core.store import Store
from core.store.engine import redacted_url
from webhooks.app import create_app
from webhooks.signatures import hub_signature

TARGET = 500.0  # deliveries/s on SQLite
SECRET = "bench-webhook-secret"
JOURNEYS_PER_UNIT = 50
# A first "new" is only remembered (a fresh epic is not a change), so none is sent.
CATEGORIES = (("indeterminate", "In Progress"), ("done", "Done"))
SITE = "https://bench.atlassian.net"


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


def issue_key(index: int) -> str:
    return f"BENCH-{index + 1}"


def seed(store: Store, workspace: str, count: int) -> float:
    """Import ``count`` journeys whose opportunity links to an epic; seconds taken."""
    began = time.perf_counter()
    for start in range(0, count, JOURNEYS_PER_UNIT):
        with store.unit_of_work(workspace, actor="bench", origin=Origin.IMPORT) as uow:
            for i in range(start, min(count, start + JOURNEYS_PER_UNIT)):
                doc: dict[str, Any] = generator.journey_document(i, 5)
                doc["opportunities"][0]["links"] = [
                    {"system": "jira", "kind": "epic", "external_id": issue_key(i)}
                ]
                apply_journey_document(uow, doc)
    return time.perf_counter() - began


def payload(index: int) -> dict[str, Any]:
    """A ``jira:issue_updated`` body shaped like Jira's (REST v2 issue, changelog)."""
    category, status = CATEGORIES[index % len(CATEGORIES)]
    user = {
        "accountId": f"557058:bench-{index % 20:04d}",
        "displayName": f"Bench user {index % 20}",
    }
    issue_id = str(20000 + index)
    return {
        "timestamp": 1_795_000_000_000 + index,
        "webhookEvent": "jira:issue_updated",
        "issue_event_type_name": "issue_generic",
        "user": user,
        "issue": {
            "id": issue_id,
            "self": f"{SITE}/rest/api/2/issue/{issue_id}",
            "key": issue_key(index),
            "fields": {
                "summary": f"Remove both pain points of journey {index}",
                "description": "Customers give up or call support at this step.\n" * 10,
                "labels": ["journeyops", f"journey-bench-journey-{index:05d}"],
                "issuetype": {"id": "10000", "name": "Epic", "subtask": False},
                "project": {"id": "10000", "key": "BENCH", "name": "Bench"},
                "status": {
                    "id": str(index % 3),
                    "name": status,
                    "statusCategory": {"key": category},
                },
                "creator": user,
                "reporter": user,
                "updated": "2026-11-24T14:26:12.507+0000",
            },
        },
        "changelog": {
            "id": str(30000 + index),
            "items": [{"field": "status", "fieldtype": "jira", "toString": status}],
        },
    }


@dataclass
class Pass:
    name: str
    seconds: float
    cpu: float
    outcomes: Counter[str]
    latencies: list[float]

    def rate(self, count: int) -> float:
        return count / self.seconds if self.seconds else 0.0

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000


def deliver(client: Any, name: str, requests: list[tuple[bytes, dict[str, str]]]) -> Pass:
    outcomes: Counter[str] = Counter()
    latencies = []
    began, cpu = time.perf_counter(), time.process_time()
    for body, headers in requests:
        sent = time.perf_counter()
        answer = client.post("/webhooks/jira", data=body, headers=headers)
        latencies.append(time.perf_counter() - sent)
        outcomes[f"{answer.status_code} {answer.get_json()['outcome']}"] += 1
    return Pass(name, time.perf_counter() - began, time.process_time() - cpu, outcomes, latencies)


def applied_changes(store: Store, workspace: str) -> int:
    """Status changes in the event log that came from Jira."""
    with store.unit_of_work(workspace) as uow:
        found = uow.session.scalar(
            select(func.count())
            .select_from(Event)
            .where(Event.origin == Origin.JIRA.value, Event.action == "opportunity.status_changed")
        )
    return int(found or 0)


def bench_database(label: str, url: str, count: int) -> bool:
    """Run and report on one database; True when the SQLite target is met (or not SQLite)."""
    print(f"\n== {label}: {redacted_url(url)} ==", flush=True)
    store = Store(url)
    try:
        store.ensure_ready()
        generator.refuse_foreign_workspaces(store)
        workspace = f"bench-webhook-{time.strftime('%Y%m%d-%H%M%S')}"
        seconds = seed(store, workspace, count)
        print(f"  seeded {count:,} journeys, opportunities and epic links in {seconds:.1f} s")
        settings = load_settings(
            journeyops_database_url=url, journeyops_workspace=workspace, jira_webhook_secret=SECRET
        )
        client = create_app(settings, store).test_client()
        requests = []
        for i in range(count):
            body = json.dumps(payload(i)).encode()
            headers = {
                "Content-Type": "application/json",
                "X-Hub-Signature": hub_signature(SECRET, body),
                "X-Atlassian-Webhook-Identifier": str(uuid.uuid4()),
            }
            requests.append((body, headers))
        first = deliver(client, "first delivery", requests)
        after_first = applied_changes(store, workspace)
        again = deliver(client, "redelivery", requests)
        duplicates_applied = applied_changes(store, workspace) - after_first
    finally:
        store.dispose()
    return report(label, url, count, [first, again], after_first, duplicates_applied)


def report(
    label: str, url: str, count: int, passes: list[Pass], changes: int, duplicates: int
) -> bool:
    sqlite = make_url(url).get_backend_name() == "sqlite"
    size = len(json.dumps(payload(0)))
    print(f"  {count:,} deliveries x 2 through Flask's test client, bodies ~{size:,} bytes")
    print(
        f"  {'pass':<16}{'POSTs':>7}{'wall s':>8}{'cpu s':>8}{'rate/s':>9}{'p50 ms':>8}"
        f"{'p95 ms':>8}{'p99 ms':>8}   outcomes"
    )
    for p in passes:
        outcomes = ", ".join(f"{n:,} {o}" for o, n in sorted(p.outcomes.items()))
        print(
            f"  {p.name:<16}{count:>7,}{p.seconds:>8.2f}{p.cpu:>8.2f}{p.rate(count):>9,.0f}"
            f"{p.percentile(0.5):>8.2f}{p.percentile(0.95):>8.2f}{p.percentile(0.99):>8.2f}"
            f"   {outcomes}"
        )
    wall = sum(p.seconds for p in passes)
    cpu = sum(p.cpu for p in passes)
    rate = 2 * count / wall if wall else 0.0
    met = rate >= TARGET
    note = "" if sqlite else " (target is for SQLite; shown for reference)"
    verdict = "target met" if met else "target missed"
    print(
        f"  deliveries/s, all {2 * count:,} POSTs: {rate:,.0f} (>= {TARGET:,.0f}: {verdict}){note}"
    )
    print(f"  this process used {cpu / wall if wall else 1:.0%} of a CPU while timed")
    print(f"  changes applied (opportunity status changes from Jira): {changes:,} of {count:,}")
    zero = "target met" if duplicates == 0 else "target missed"
    print(f"  duplicates applied: {duplicates:,} (must be 0: {zero})")
    return (met or not sqlite) and duplicates == 0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Benchmark the Jira webhook (prints figures; exit 0)."
    )
    parser.add_argument(
        "--database-url", help="the first database (default: a fresh SQLite file in a temp dir)"
    )
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("JOURNEYOPS_BENCH_POSTGRES_URL"),
        help="also run on this PostgreSQL database; its public schema is DROPPED first, so "
        "its name must end in _bench or _test (default: $JOURNEYOPS_BENCH_POSTGRES_URL)",
    )
    parser.add_argument("--opportunities", type=int, default=1000, help="linked opportunities")
    parser.add_argument("--quick", action="store_true", help="smoke run: 100 opportunities")
    args = parser.parse_args(argv)
    if args.quick:
        args.opportunities = 100
    if args.opportunities < 1:
        parser.error("--opportunities must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.postgres_url:
        try:
            generator.check_postgres_url(args.postgres_url)
        except generator.Refused as exc:
            print(f"PostgreSQL: not run: {exc}", file=sys.stderr)
            return 2
    print(
        f"journeyops Jira webhook benchmark: {args.opportunities:,} linked opportunities, "
        f"each epic's issue_updated delivered twice"
    )
    with tempfile.TemporaryDirectory(prefix="journeyops-bench-") as tmp:
        main_url = args.database_url or f"sqlite:///{Path(tmp) / 'bench.db'}"
        backend = make_url(main_url).get_backend_name()
        targets = [("SQLite" if backend == "sqlite" else f"{backend} (--database-url)", main_url)]
        if args.postgres_url:
            targets.append(("PostgreSQL", args.postgres_url))
        for label, url in targets:
            try:
                if label == "PostgreSQL":
                    generator.reset_postgres(url)
                bench_database(label, url, args.opportunities)
            except generator.Refused as exc:
                print(f"\n{label}: not run: {exc}", file=sys.stderr)
                return 2
            except JourneyOpsError as exc:
                print(f"\n{label}: cannot run: {exc}", file=sys.stderr)
                return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
