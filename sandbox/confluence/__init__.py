"""A stateful Confluence stand-in (Cloud and Data Center flavours) on loopback.

Start one with ``serve_confluence(flavour="cloud")``; see ``server.py``. Every request is
checked against Atlassian's published API descriptions (``spec_check.py``).
"""

from sandbox.confluence.app import create_app
from sandbox.confluence.faults import Faults
from sandbox.confluence.server import RunningSandbox, serve_confluence
from sandbox.confluence.specs import SpecsNotFoundError
from sandbox.confluence.state import SandboxState

__all__ = [
    "Faults",
    "RunningSandbox",
    "SandboxState",
    "SpecsNotFoundError",
    "create_app",
    "serve_confluence",
]
