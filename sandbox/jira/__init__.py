"""A stateful Jira stand-in (Cloud REST v3 and Data Center REST v2 flavours) on loopback.

Start one with ``serve_jira(flavour="cloud")``; see ``server.py``. Every request is
checked against Atlassian's published API descriptions (``spec_check.py``) and ADF
schema; signed webhooks go out through ``running.webhooks`` (``webhook_sender.py``).
"""

from sandbox.common.faults import Faults
from sandbox.common.specs import SpecsNotFoundError
from sandbox.jira.app import create_app
from sandbox.jira.model import ChangeItem, Issue
from sandbox.jira.server import RunningSandbox, serve_jira
from sandbox.jira.state import KINDS, JiraState
from sandbox.jira.webhook_sender import Delivery, WebhookSender, signature

__all__ = [
    "KINDS",
    "ChangeItem",
    "Delivery",
    "Faults",
    "Issue",
    "JiraState",
    "RunningSandbox",
    "SpecsNotFoundError",
    "WebhookSender",
    "create_app",
    "serve_jira",
    "signature",
]
