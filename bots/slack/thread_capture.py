"""Capturing a whole Slack thread as evidence of a pain point.

The thread is read with ``conversations.replies`` (every page, up to ``MAX_MESSAGES``),
people's messages become one snapshot (``Name: text`` per message, cut to the evidence
size limit), and the thread is attached as ``slack_thread`` evidence identified by
``channel:thread_ts``: capturing it again merges into the same evidence.
"""

import logging
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bots.slack import messages
from bots.slack.deps import SlackDeps, slack_actor
from bots.slack.mrkdwn import plain
from bots.slack.pain_logging import pain_point_by_id
from bots.slack.slack_message import SOURCE, display_name, from_bot, permalink
from core.enums import EvidenceKind
from core.services.evidence import MAX_SNAPSHOT_CHARS, EvidenceInput, attach_evidence

logger = logging.getLogger(__name__)
MAX_MESSAGES = 1000
PAGE_SIZE = 200
CUT = "\n… ({count} more messages not kept)"
NAMED_PEOPLE = 20  # users.info calls per capture; later people keep their user id


def read_thread(client: WebClient, channel: str, thread_ts: str) -> list[dict[str, Any]]:
    """The thread's messages, parent first; empty (logged) when it cannot be read."""
    found: list[dict[str, Any]] = []
    cursor = None
    try:
        while len(found) < MAX_MESSAGES:
            page = client.conversations_replies(
                channel=channel, ts=thread_ts, limit=PAGE_SIZE, cursor=cursor
            )
            found.extend(page.get("messages") or [])
            cursor = (page.get("response_metadata") or {}).get("next_cursor")
            if not page.get("has_more") or not cursor:
                break
    except (SlackApiError, SlackClientError) as exc:
        error = exc.response.get("error") if isinstance(exc, SlackApiError) else None
        logger.warning(
            "slack.thread.unreadable",
            extra={"channel": channel, "error": error or type(exc).__name__},
        )
        return []
    return found[:MAX_MESSAGES]


def thread_snapshot(client: WebClient, said: list[dict[str, Any]], names: dict[str, str]) -> str:
    """``Name: text`` per message, as much as the evidence limit holds; ``names`` caches
    the people's names found so far."""
    lines: list[str] = []
    size = 0
    for index, message in enumerate(said):
        user = str(message.get("user") or "")
        if user and user not in names:
            named = len(names) < NAMED_PEOPLE
            names[user] = (display_name(client, user) if named else None) or user
        line = f"{names.get(user, 'someone')}: {plain(str(message.get('text') or ''))}"
        room = MAX_SNAPSHOT_CHARS - len(CUT.format(count=len(said)))
        if size + len(line) + 1 > room:
            lines.append(CUT.format(count=len(said) - index).lstrip("\n"))
            break
        lines.append(line)
        size += len(line) + 1
    return "\n".join(lines)


def capture_thread(
    deps: SlackDeps,
    client: WebClient,
    body: dict[str, Any],
    channel: str,
    thread_ts: str,
    pain_point_id: int,
) -> str | None:
    """Attach thread ``thread_ts`` of ``channel`` to the pain point; what to tell the
    person who asked (escaped mrkdwn), or None when their team is not served."""
    said = [m for m in read_thread(client, channel, thread_ts) if not from_bot(m)]
    if not said:
        return messages.THREAD_EMPTY
    user = (body.get("user") or {}).get("id")
    names: dict[str, str] = {}
    snapshot = thread_snapshot(client, said, names)
    proof = EvidenceInput(
        kind=EvidenceKind.SLACK_THREAD,
        text=snapshot,
        source=SOURCE,
        external_id=f"{channel}:{thread_ts}",
        permalink=permalink(client, channel, thread_ts),
        author=names.get(str(said[0].get("user") or "")),
        captured_by=user,
    )
    uow = deps.unit_of_work_for((body.get("team") or {}).get("id"), slack_actor(user))
    if uow is None:
        return None
    with uow:
        pain_point = pain_point_by_id(uow, pain_point_id)
        if pain_point is None:
            return messages.PAIN_POINT_GONE
        _evidence, outcome = attach_evidence(uow, pain_point, proof)
    logger.info("slack.thread.captured", extra={"outcome": outcome, "messages": len(said)})
    return messages.THREAD_CAPTURED[outcome].format(count=len(said))
