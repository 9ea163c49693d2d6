"""What the loopback stand-ins share: fault injection, the background server, the request
journal, credential checks and the loading of the vendors' API descriptions.

Nothing here knows about one product; ``sandbox.confluence`` and ``sandbox.jira`` build on it.
"""

from sandbox.common.faults import Fault, Faults
from sandbox.common.journal import RecordedRequest, RequestJournal
from sandbox.common.server import RunningSandbox, start_server
from sandbox.common.specs import SPECS_ENV, SpecsNotFoundError

__all__ = [
    "SPECS_ENV",
    "Fault",
    "Faults",
    "RecordedRequest",
    "RequestJournal",
    "RunningSandbox",
    "SpecsNotFoundError",
    "start_server",
]
