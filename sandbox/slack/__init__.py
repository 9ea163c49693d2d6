"""A stateful Slack stand-in on loopback: the Web API, response_urls, the OAuth consent
page, and signed Events API / interactivity / slash-command deliveries to the app.

Start one with ``serve_slack()`` (``server.py``) and give slack_sdk ``running.url``
(``<root>/api/``, what SLACK_API_URL holds). Every call is checked against Slack's
published Web API description and the Block Kit schema (``spec_check.py``,
``blocks_check.py``); ``running.events`` sends what Slack sends (``event_sender.py``).
"""

from sandbox.common.faults import Faults
from sandbox.common.specs import SpecsNotFoundError
from sandbox.slack.app import create_app
from sandbox.slack.deliveries import Delivery, SlackRequest
from sandbox.slack.event_sender import SlackEventSender
from sandbox.slack.model import SlackApp
from sandbox.slack.rate_limits import RateLimits
from sandbox.slack.seed import SEED, Seed, seed
from sandbox.slack.server import RunningSandbox, serve_slack
from sandbox.slack.signing import signature
from sandbox.slack.state import KINDS, SlackState

__all__ = [
    "KINDS",
    "SEED",
    "Delivery",
    "Faults",
    "RateLimits",
    "RunningSandbox",
    "Seed",
    "SlackApp",
    "SlackEventSender",
    "SlackRequest",
    "SlackState",
    "SpecsNotFoundError",
    "create_app",
    "seed",
    "serve_slack",
    "signature",
]
