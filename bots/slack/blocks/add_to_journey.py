"""The "Add to journey" modal: first a journey select, then (once one is chosen) the pain
point to add to, or a new one at a step, a note, how much of the thread to keep and
whether to say so in the thread.

The modal's ``private_metadata`` (``CaptureRef``) carries the message being captured and
the chosen journey, so the submission needs nothing but the view.
"""

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from bots.slack.blocks.elements import (
    Block,
    actions,
    clip,
    context,
    option,
    plain_text,
    section,
    static_select,
)
from bots.slack.blocks.places import place_select
from bots.slack.mrkdwn import escape
from bots.slack.places import Place
from core.model import Journey, PainPoint

CALLBACK_ID = "add_to_journey"  # the message shortcut, as manifest.yaml names it
MODAL_CALLBACK_ID = "add_to_journey.modal"
PICK_JOURNEY = "add_to_journey.journey"
JOURNEY_BLOCK = "journey"
# input block ids; each input's action_id is the same as its block id
TARGET = "target"
STEP = "step"
TITLE = "title"
NOTE = "note"
REPLIES = "replies"
POST = "post"

NEW = "new"  # the TARGET option for a new pain point
WHOLE_THREAD = "thread"
MESSAGE_ONLY = "message"
POST_IN_THREAD = "post"
TITLE_LIMIT = 300
NOTE_LIMIT = 2000
QUOTE_CHARS = 300

NO_JOURNEYS = "There are no journeys in this workspace yet. Import one with `journeyops import`."
MODAL_TITLE = "Add to journey"
SUBMIT = "Add"
CLOSE = "Cancel"
JOURNEY_PLACEHOLDER = "Choose a journey"
CAPTURING = "Capturing {author}'s message:\n>{quote}"
TARGET_LABEL = "Pain point"
NEW_PAIN_POINT = "New pain point at a step…"
STEP_LABEL = "Step (for a new pain point)"
TITLE_LABEL = "Title (for a new pain point)"
NOTE_LABEL = "Note"
REPLIES_LABEL = "Thread replies to include"
REPLY_CHOICES = ((WHOLE_THREAD, "The whole thread"), (MESSAGE_ONLY, "Only this message"))
POST_LABEL = "Post in thread"


@dataclass(frozen=True)
class CaptureRef:
    """The message captured (``channel``, ``ts``), the thread it is in or starts
    (``thread_ts``, None for a lone message) and the journey chosen so far."""

    channel: str
    ts: str
    thread_ts: str | None = None
    journey: str | None = None

    def dump(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def load(cls, metadata: str) -> "CaptureRef | None":
        try:
            fields: dict[str, Any] = json.loads(metadata or "")
            return cls(**fields)
        except (ValueError, TypeError):
            return None


def _input(block_id: str, label: str, element: Block, *, optional: bool = False) -> Block:
    block: Block = {
        "type": "input",
        "block_id": block_id,
        "label": plain_text(label),
        "element": element | {"action_id": block_id},
    }
    if optional:
        block["optional"] = True
    return block


def _journey_select(journeys: Sequence[Journey], chosen: Journey | None) -> Block:
    options = [option(j.title, j.key) for j in journeys]
    initial = option(chosen.title, chosen.key) if chosen is not None else None
    return actions(
        JOURNEY_BLOCK,
        [static_select(PICK_JOURNEY, JOURNEY_PLACEHOLDER, options=options, initial=initial)],
    )


def capture_modal(
    ref: CaptureRef,
    author: str,
    text: str,
    journeys: Sequence[Journey],
    journey: Journey | None = None,
    pain_points: Sequence[PainPoint] = (),
    places: Sequence[Place] = (),
) -> Block:
    """The modal; with ``journey`` chosen, the whole form (else only the journey select).
    ``author`` and ``text`` are as people read them (escaped here)."""
    quote = escape(clip(" ".join(text.split()), QUOTE_CHARS)) or "_(no text)_"
    blocks: list[Block] = [
        context(CAPTURING.format(author=escape(author), quote=quote)),
        _journey_select(journeys, journey) if journeys else section(NO_JOURNEYS),
    ]
    view: Block = {
        "type": "modal",
        "callback_id": MODAL_CALLBACK_ID,
        "title": plain_text(MODAL_TITLE, 24),
        "close": plain_text(CLOSE, 24),
        "private_metadata": ref.dump(),
        "blocks": blocks,
    }
    if journey is None:
        return view
    targets = [option(NEW_PAIN_POINT, NEW)] + [option(p.title, str(p.id)) for p in pain_points]
    blocks.append(
        _input(TARGET, TARGET_LABEL, static_select(TARGET, TARGET_LABEL, options=targets))
    )
    if places:
        blocks.append(
            _input(STEP, STEP_LABEL, place_select(STEP, STEP_LABEL, places), optional=True)
        )
    blocks.append(
        _input(
            TITLE,
            TITLE_LABEL,
            {"type": "plain_text_input", "max_length": TITLE_LIMIT},
            optional=True,
        )
    )
    note = {"type": "plain_text_input", "multiline": True, "max_length": NOTE_LIMIT}
    blocks.append(_input(NOTE, NOTE_LABEL, note, optional=True))
    if ref.thread_ts:
        choices = [option(label, value) for value, label in REPLY_CHOICES]
        element = static_select(REPLIES, REPLIES_LABEL, options=choices, initial=choices[0])
        # Optional: it starts on the whole thread, and left alone means the whole thread.
        blocks.append(_input(REPLIES, REPLIES_LABEL, element, optional=True))
    post = {
        "type": "checkboxes",
        "options": [option(POST_LABEL, POST_IN_THREAD)],
    }
    blocks.append(_input(POST, POST_LABEL, post, optional=True))
    view["submit"] = plain_text(SUBMIT, 24)
    return view
