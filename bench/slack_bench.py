"""Ack latency and throughput of ``/slack/events``: ``journeyops serve`` against a bare
Bolt app that only acks, in the same run.

Not a test: it prints figures and exits 0 whether the targets are met or not (2 only when
it cannot run at all).

    .venv/bin/python bench/slack_bench.py            # 2,000 mentions per pass
    .venv/bin/python bench/slack_bench.py --quick    # 300

Four processes: this one (the sender), the Slack stand-in (``sandbox.slack``, which posts
the people's messages, answers the bot's Web API calls and checks each against Slack's
specs), ``journeyops serve --no-scheduler`` on a fresh SQLite database holding the
examples, and the bare Bolt app (Flask adapter, the same threaded werkzeug server as
``serve``, an ``app_mention`` listener that only calls ``ack()``). Each mention
(``@journeyops pain ecommerce-checkout/card-entry: ... #n``) is a real message in the
stand-in, and its ``app_mention`` event is signed with the app's signing secret just
before it is sent, as Slack signs it. Latency is from sending the request to reading the
answer: Bolt answers after ``ack()``, before the listener's work (``journeyops`` then logs
the pain point and answers the person privately, in Bolt's thread pool).

Two passes per app, alternating bare / journeyops:

* **paced**: ``--rate`` events per second (default 20), open loop, one thread per
  request in flight: the ack latency a workspace sees (targets: p99 under 100 ms);
* **flood**: ``--concurrency`` senders (default 8) back to back: events per second
  (target: journeyops at least half the bare app's).

Afterwards it waits until every mention sent to journeyops is logged as a pain point.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sandbox.slack import SEED, serve_slack  # noqa: E402
from sandbox.slack.signing import signed_headers  # noqa: E402

JOURNEYOPS = ROOT / ".venv" / "bin" / "journeyops"
TEXT = "pain ecommerce-checkout/card-entry: card form rejects spaces, bench #{n}"
P99_TARGET_MS = 100.0


# -- the Slack stand-in, in its own process ---------------------------------------------------


def _slack_in_child(conn: Connection) -> None:
    # Slack's own work runs on Slack's servers, not on ours: the stand-in (which also
    # checks every call against the specs) gets the CPU only when the apps leave it some.
    os.nice(19)
    with serve_slack() as box:
        conn.send((box.url, box.state.app.signing_secret))
        while (command := conn.recv()) != "stop":
            kind, arg = command
            if kind == "mentions":  # post arg messages; their events' payloads
                payloads = [
                    box.events.user_message(
                        SEED.alice,
                        SEED.general,
                        f"<@{SEED.bot_user_id}> " + TEXT.format(n=n),
                    ).payload
                    for n in range(arg[0], arg[0] + arg[1])
                ]
                conn.send(payloads)
            elif kind == "facts":
                with box.state.lock:
                    conn.send(
                        (len(box.state.violations), box.state.chat.ephemerals_for(SEED.alice))
                    )


class RemoteSlack:
    def __init__(self) -> None:
        self._conn, child = multiprocessing.Pipe()
        self._process = multiprocessing.get_context("spawn").Process(
            target=_slack_in_child, args=(child,)
        )
        self._process.start()
        self.url, self.secret = self._conn.recv()
        self._next = 0

    def mentions(self, count: int) -> list[bytes]:
        self._conn.send(("mentions", (self._next, count)))
        self._next += count
        return [json.dumps(p).encode() for p in self._conn.recv()]

    def facts(self) -> tuple[int, int]:
        """(violations, private answers to the person) so far."""
        self._conn.send(("facts", None))
        violations, ephemerals = self._conn.recv()
        return violations, len(ephemerals)

    def close(self) -> None:
        self._conn.send("stop")
        self._process.join(10)


# -- the bare Bolt app, in its own process -----------------------------------------------------


def _bare_in_child(port: int, secret: str, api_url: str) -> None:
    from flask import Flask, request
    from slack_bolt import Ack, App
    from slack_bolt.adapter.flask import SlackRequestHandler
    from werkzeug.serving import WSGIRequestHandler, make_server

    bolt = App(
        signing_secret=secret,
        token=SEED.bot_token,
        token_verification_enabled=False,
        process_before_response=False,
    )
    bolt.client.base_url = api_url

    def on_mention(ack: Ack) -> None:
        ack()

    bolt.event("app_mention")(on_mention)
    handler = SlackRequestHandler(bolt)
    flask_app = Flask("bare")
    flask_app.add_url_rule(
        "/slack/events", "events", lambda: handler.handle(request), methods=["POST"]
    )

    class Quiet(WSGIRequestHandler):
        def log_request(self, *args: Any, **kwargs: Any) -> None:
            pass

    make_server("127.0.0.1", port, flask_app, threaded=True, request_handler=Quiet).serve_forever()


# -- journeyops serve ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_up(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            httpx.get(url, timeout=1)
            return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise SystemExit(f"bench: {url} did not come up")


def start_journeyops(slack: RemoteSlack, folder: Path, port: int) -> subprocess.Popen[bytes]:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "JOURNEYOPS_", "JIRA_"))
    }
    env |= {
        "JOURNEYOPS_DATABASE_URL": f"sqlite:///{folder / 'bench.db'}",
        "SLACK_BOT_TOKEN": SEED.bot_token,
        "SLACK_SIGNING_SECRET": slack.secret,
        "SLACK_API_URL": slack.url,
        "CONFLUENCE_SYNC_MINUTES": "0",
    }
    subprocess.run(
        [str(JOURNEYOPS), "import", str(ROOT / "examples")],
        env=env,
        check=True,
        capture_output=True,
    )
    return subprocess.Popen(
        [str(JOURNEYOPS), "serve", "--port", str(port), "--no-scheduler"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def logged_pain_points(folder: Path) -> int:
    import sqlite3

    with sqlite3.connect(folder / "bench.db") as db:
        row = db.execute(
            "SELECT count(*) FROM events WHERE action = 'pain_point.created' AND origin = 'slack'"
        ).fetchone()
        return int(row[0])


# -- sending ------------------------------------------------------------------------------------


@dataclass
class Pass:
    app: str
    mode: str
    latencies_ms: list[float]
    wall: float
    failures: int

    def pct(self, q: float) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    @property
    def rate(self) -> float:
        return len(self.latencies_ms) / self.wall


def _post(client: httpx.Client, url: str, secret: str, body: bytes) -> tuple[float, int]:
    headers = signed_headers(secret, int(time.time()), body, "application/json")
    started = time.perf_counter()
    answer = client.post(url, content=body, headers=headers)
    return (time.perf_counter() - started) * 1000, answer.status_code


def flood(app: str, url: str, secret: str, bodies: list[bytes], concurrency: int) -> Pass:
    local = threading.local()

    def one(body: bytes) -> tuple[float, int]:
        if not hasattr(local, "client"):
            local.client = httpx.Client(timeout=30)
        return _post(local.client, url, secret, body)

    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        results = list(pool.map(one, bodies))
    wall = time.perf_counter() - started
    return Pass(app, "flood", [r[0] for r in results], wall, sum(r[1] != 200 for r in results))


def paced(app: str, url: str, secret: str, bodies: list[bytes], rate: float) -> Pass:
    results: list[tuple[float, int]] = []
    lock = threading.Lock()
    client = httpx.Client(timeout=30, limits=httpx.Limits(max_connections=200))

    def one(body: bytes) -> None:
        result = _post(client, url, secret, body)
        with lock:
            results.append(result)

    threads = []
    started = time.perf_counter()
    for n, body in enumerate(bodies):
        delay = started + n / rate - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        thread = threading.Thread(target=one, args=(body,))
        thread.start()
        threads.append(thread)
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    client.close()
    return Pass(app, "paced", [r[0] for r in results], wall, sum(r[1] != 200 for r in results))


def report(passes: list[Pass], rate: float, concurrency: int) -> None:
    heads = ("events", "p50 ms", "p99 ms", "max ms", "events/s", "non-200")
    print(f"\n{'app':<11} {'pass':<28} " + " ".join(f"{h:>8}" for h in heads))
    for p in passes:
        mode = f"paced {rate:g}/s" if p.mode == "paced" else f"flood, {concurrency} senders"
        print(
            f"{p.app:<11} {mode:<28} {len(p.latencies_ms):>8} {p.pct(0.5):>8.1f} "
            f"{p.pct(0.99):>8.1f} {max(p.latencies_ms):>8.1f} {p.rate:>8.1f} {p.failures:>8}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=2000, help="mentions per flood pass")
    parser.add_argument("--paced-events", type=int, default=600, help="mentions per paced pass")
    parser.add_argument("--rate", type=float, default=20.0, help="events/s of the paced pass")
    parser.add_argument("--concurrency", type=int, default=8, help="senders of the flood pass")
    parser.add_argument("--quick", action="store_true", help="300 flood, 200 paced mentions")
    args = parser.parse_args()
    if args.quick:
        args.events, args.paced_events = 300, 200
    if not JOURNEYOPS.exists():
        print("bench: .venv/bin/journeyops is missing; run `make install` first")
        return 2
    slack = RemoteSlack()
    folder = Path(tempfile.mkdtemp(prefix="slack-bench-"))
    ours_port, bare_port = free_port(), free_port()
    ours = start_journeyops(slack, folder, ours_port)
    bare = multiprocessing.get_context("spawn").Process(
        target=_bare_in_child, args=(bare_port, slack.secret, slack.url), daemon=True
    )
    bare.start()
    try:
        wait_up(f"http://127.0.0.1:{ours_port}/healthz")
        wait_up(f"http://127.0.0.1:{bare_port}/slack/events")
        urls = {
            "bare Bolt": f"http://127.0.0.1:{bare_port}/slack/events",
            "journeyops": f"http://127.0.0.1:{ours_port}/slack/events",
        }
        sent_to_ours = 0
        for name, url in urls.items():  # warm up: imports, first auth.test, connections
            flood(name, url, slack.secret, slack.mentions(20), 2)
        sent_to_ours += 20
        passes: list[Pass] = []
        for name, url in urls.items():
            passes.append(
                paced(name, url, slack.secret, slack.mentions(args.paced_events), args.rate)
            )
            sent_to_ours += args.paced_events if name == "journeyops" else 0
            time.sleep(2)
        for name, url in urls.items():
            passes.append(
                flood(name, url, slack.secret, slack.mentions(args.events), args.concurrency)
            )
            sent_to_ours += args.events if name == "journeyops" else 0
        started = time.perf_counter()
        while logged_pain_points(folder) < sent_to_ours and time.perf_counter() - started < 300:
            time.sleep(0.5)
        drained = time.perf_counter() - started
        report(passes, args.rate, args.concurrency)
        by = {(p.app, p.mode): p for p in passes}
        ratio = by["journeyops", "flood"].rate / by["bare Bolt", "flood"].rate
        p99 = by["journeyops", "paced"].pct(0.99)
        violations, answered = slack.facts()
        print(
            f"\njourneyops paced p99 ack: {p99:.1f} ms (target < {P99_TARGET_MS:g} ms: "
            f"{'met' if p99 < P99_TARGET_MS else 'missed'})"
        )
        print(
            f"journeyops / bare flood throughput: {ratio:.2f} "
            f"(target >= 0.50: {'met' if ratio >= 0.5 else 'missed'})"
        )
        print(
            f"pain points logged: {logged_pain_points(folder)} of {sent_to_ours} mentions sent "
            f"({drained:.1f} s after the last ack); private answers: {answered}; "
            f"requests the Slack stand-in refused: {violations}"
        )
        return 0
    finally:
        ours.terminate()
        ours.wait(10)
        bare.terminate()
        slack.close()


if __name__ == "__main__":
    sys.exit(main())
