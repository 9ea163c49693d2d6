"""Events no feature listens to are acknowledged and ignored.

Without this Bolt answers them 404, Slack retries them, and too many failures make Slack
switch the app's event subscriptions off. Registered after every feature (Bolt runs the
first listener that matches).
"""

import logging
import re
from typing import Any

from slack_bolt import App

from bots.slack.deps import SlackDeps

logger = logging.getLogger(__name__)
ANY_EVENT = re.compile(".*")


def register(app: App, deps: SlackDeps) -> None:
    def ignore(event: dict[str, Any]) -> None:
        logger.debug("slack.event.ignored", extra={"event_type": str(event.get("type"))})

    app.event(ANY_EVENT)(ignore)
