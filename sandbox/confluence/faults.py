"""Fault injection for the Confluence sandbox: the shared ``sandbox.common.faults``.

Kept as an import path of its own (tests, benches and the CLI demo import it from here).
"""

from sandbox.common.faults import Fault, Faults

__all__ = ["Fault", "Faults"]
