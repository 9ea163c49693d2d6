"""Benchmark of ``sync jira`` against the Jira Cloud sandbox: calls by kind.

Not a test: it prints figures and exits 0 whether the targets are met or not.

    .venv/bin/python bench/jira_sync_bench.py            # 1,000 opportunities
    .venv/bin/python bench/jira_sync_bench.py --quick    # 100

N generated journeys (``import_bench.py``'s generator), one opportunity each, are imported
into a fresh SQLite store; the Jira Cloud stand-in runs in this process on loopback. Then:

1. first sync: one epic per opportunity;
2. nothing changed: every epic should be skipped, with zero writes;
3. 10 opportunities retitled: only their epics are edited.

For each it prints the wall time, the outcomes and the stand-in's calls by kind (reads,
issue writes, property writes, remote-link writes, transitions, other) and by route. The
webhook half of issue 4's benchmark (N deliveries, each twice) is
``bench/jira_webhook_bench.py``.
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from types import ModuleType

from sqlalchemy import select

from connectors.jira.publish_run import sync_workspace
from core.enums import Origin, RecordType
from core.model import Opportunity
from core.services.journey_import import apply_journey_document
from core.settings import Settings, load_settings
from core.store import Store
from sandbox.jira import RunningSandbox, serve_jira

TOKEN = "bench-jira-token"
WORKSPACE = "bench-jira"
JOURNEYS_PER_UNIT = 50
CHANGED = 10
_ID = re.compile(r"/[A-Z]+-\d+(?=/|$)|/\d+(?=/|$)")


def _load_import_bench() -> ModuleType:
    path = Path(__file__).resolve().with_name("import_bench.py")
    spec = importlib.util.spec_from_file_location("journeyops_import_bench", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


generator = _load_import_bench()


def import_journeys(store: Store, count: int) -> None:
    for start in range(0, count, JOURNEYS_PER_UNIT):
        with store.unit_of_work(WORKSPACE, actor="bench", origin=Origin.IMPORT) as uow:
            for i in range(start, min(count, start + JOURNEYS_PER_UNIT)):
                apply_journey_document(uow, generator.journey_document(i, 5))


def retitle(store: Store, count: int) -> int:
    """Change the title of ``count`` opportunities spread over the store; how many."""
    with store.unit_of_work(WORKSPACE, actor="bench", origin=Origin.CLI) as uow:
        rows = list(uow.session.scalars(select(Opportunity).order_by(Opportunity.id)))
        step = max(1, len(rows) // count)
        chosen = rows[::step][:count]
        for opportunity in chosen:
            opportunity.title += " (revised)"
            uow.record("opportunity.updated", RecordType.OPPORTUNITY, opportunity.id)
    return len(chosen)


def settings_for(jira: RunningSandbox) -> Settings:
    return load_settings(
        journeyops_workspace=WORKSPACE,
        jira_url=jira.url,
        jira_username="bench@example.com",
        jira_api_token=TOKEN,
        jira_cloud=True,
        jira_project="CX",
        jira_rate_limit=0,
    )


def run(name: str, store: Store, jira: RunningSandbox, settings: Settings) -> None:
    jira.state.clear_requests()
    began = time.perf_counter()
    results = sync_workspace(store, settings, actor="bench")
    wall = time.perf_counter() - began
    outcomes = Counter(str(r.outcome) for r in results)
    counts = jira.state.counts()
    with jira.state.lock:
        routes = Counter((r.kind, r.method, _ID.sub("/{id}", r.path)) for r in jira.state.requests)
    writes = sum(n for kind, n in counts.items() if kind != "read")
    print(f"\n== {name} ==")
    print(f"  wall time        {wall:8.2f} s")
    print(f"  outcomes         {', '.join(f'{n} {o}' for o, n in sorted(outcomes.items()))}")
    kinds = "  ".join(f"{kind} {n}" for kind, n in counts.items())
    print(f"  calls by kind    {kinds}  (total {sum(counts.values())}, writes {writes})")
    for (kind, method, path), n in sorted(routes.items()):
        print(f"    {n:6d}  {kind:<17}{method:<6} {path}")
    jira.state.clear_requests()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark sync jira (prints figures; exit 0).")
    parser.add_argument("--opportunities", type=int, default=1000)
    parser.add_argument("--quick", action="store_true", help="smoke run: 100 opportunities")
    args = parser.parse_args(argv)
    count = 100 if args.quick else args.opportunities
    print(f"journeyops Jira sync benchmark: {count:,} opportunities, Jira Cloud sandbox")
    with tempfile.TemporaryDirectory(prefix="journeyops-bench-") as tmp:
        store = Store(f"sqlite:///{Path(tmp) / 'bench.db'}")
        try:
            store.ensure_ready()
            import_journeys(store, count)
            with serve_jira(flavour="cloud", api_token=TOKEN, project_key="CX") as jira:
                settings = settings_for(jira)
                run("1. first sync", store, jira, settings)
                run("2. nothing changed (target: zero writes)", store, jira, settings)
                changed = retitle(store, CHANGED)
                run(f"3. {changed} opportunities retitled", store, jira, settings)
                print(f"\nsandbox spec violations: {len(jira.state.violations)}")
        finally:
            store.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
