"""Posting the digest to the workspace's digest channel."""

import logging
from collections.abc import Callable

from slack_sdk import WebClient

from bots.slack.digest_blocks import digest_messages
from core.services.digest import Digest

logger = logging.getLogger(__name__)


def post_digest(
    client: WebClient,
    channel: str,
    digest: Digest,
    *,
    late: bool = False,
    already: list[str] | None = None,
    on_posted: Callable[[list[str]], None] | None = None,
) -> list[str]:
    """Post ``digest`` to ``channel`` as one or more messages, in order; their ``ts``.

    ``already`` holds the ts of the messages an earlier attempt posted: those are not
    posted again (a run taken over after a crash goes on where it stopped).
    ``on_posted`` gets the ts so far after each message (to store them at once).

    Links are not unfurled (a digest full of previews would bury the figures).

    Raises:
        slack_sdk.errors.SlackApiError: Slack refused a message (``channel_not_found``,
            ``not_in_channel`` ...); the messages before it stay posted, and their ts
            are in the log line ``slack.digest.refused``.
    """
    posted: list[str] = list(already or [])
    for message in digest_messages(digest, late=late)[len(posted) :]:
        try:
            answer = client.chat_postMessage(
                channel=channel,
                text=message["text"],
                blocks=message["blocks"],
                unfurl_links=False,
                unfurl_media=False,
            )
        except Exception:
            logger.warning(
                "slack.digest.refused",
                extra={"channel": channel, "posted": posted, "period": digest.period.title()},
            )
            raise
        posted.append(str(answer["ts"]))
        if on_posted is not None:
            on_posted(list(posted))
    logger.info(
        "slack.digest.posted",
        extra={"channel": channel, "messages": len(posted), "period": digest.period.title()},
    )
    return posted
