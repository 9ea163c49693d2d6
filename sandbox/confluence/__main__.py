"""Run the Confluence sandbox by hand: ``python -m sandbox.confluence --flavour cloud``."""

from __future__ import annotations

import argparse
import time

from sandbox.confluence.server import serve_confluence


def main() -> None:
    parser = argparse.ArgumentParser(description="A local Confluence stand-in.")
    parser.add_argument("--flavour", choices=("cloud", "datacenter"), default="cloud")
    parser.add_argument("--port", type=int, default=8090)
    parser.add_argument("--latency-ms", type=int, default=0)
    args = parser.parse_args()
    with serve_confluence(flavour=args.flavour, port=args.port) as running:
        running.faults.set_latency(args.latency_ms)
        print(f"Confluence sandbox ({args.flavour}) at {running.url}")
        print(f"Pages as HTML: {running.root_url}/sandbox/pages  (Ctrl-C stops)")
        try:
            while True:
                time.sleep(1)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
