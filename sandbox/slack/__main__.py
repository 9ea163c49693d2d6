"""Run the Slack sandbox by hand: ``python -m sandbox.slack --request-url URL``.

The app under test then uses ``SLACK_API_URL=<printed url>`` and the seeded tokens and
secrets of ``sandbox.slack.seed`` / ``sandbox.slack.model.SlackApp`` (not printed: no
secrets in logs).
"""

from __future__ import annotations

import argparse
import time

from sandbox.slack.server import serve_slack


def main() -> None:
    parser = argparse.ArgumentParser(description="A local Slack stand-in.")
    parser.add_argument("--port", type=int, default=8093)
    parser.add_argument("--latency-ms", type=int, default=0)
    parser.add_argument("--request-url", help="the app's request URL for signed deliveries")
    parser.add_argument(
        "--post-rate", type=float, default=0, help="chat.postMessage calls per second per channel"
    )
    args = parser.parse_args()
    with serve_slack(port=args.port, request_url=args.request_url) as running:
        running.faults.set_latency(args.latency_ms)
        if args.post_rate > 0:
            running.rate_limits.limit("chat.postMessage", per_seconds=1 / args.post_rate)
        print(f"Slack sandbox: SLACK_API_URL={running.url}  (Ctrl-C stops)")
        try:
            while True:
                time.sleep(1)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
