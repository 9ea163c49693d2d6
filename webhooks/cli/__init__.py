"""The ``journeyops`` command line.

Exit codes: 0 ok, 1 failure, 2 bad input (a usage error, a refused file or setting).
"""

from webhooks.cli.app import main

__all__ = ["main"]
