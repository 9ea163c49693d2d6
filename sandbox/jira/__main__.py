"""Run the Jira sandbox by hand: ``python -m sandbox.jira --flavour cloud``."""

from __future__ import annotations

import argparse
import time

from sandbox.jira.server import serve_jira


def main() -> None:
    parser = argparse.ArgumentParser(description="A local Jira stand-in.")
    parser.add_argument("--flavour", choices=("cloud", "datacenter"), default="cloud")
    parser.add_argument("--port", type=int, default=8091)
    parser.add_argument("--project", default="CX", help="key of the project to create")
    parser.add_argument("--latency-ms", type=int, default=0)
    parser.add_argument("--webhook-url", help="deliver signed issue webhooks here")
    parser.add_argument("--webhook-secret", default="sandbox-webhook-secret")
    args = parser.parse_args()
    with serve_jira(flavour=args.flavour, port=args.port, project_key=args.project) as running:
        running.faults.set_latency(args.latency_ms)
        if args.webhook_url:
            running.webhooks.configure(args.webhook_url, args.webhook_secret)
        api = "REST v3, e-mail + API token" if args.flavour == "cloud" else "REST v2, PAT"
        print(f"Jira sandbox ({args.flavour}, {api}) at {running.url}  (Ctrl-C stops)")
        try:
            while True:
                time.sleep(1)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
