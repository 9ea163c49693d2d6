"""The action ids the bot's listeners answer, and what a block id carries.

Slack sends the ``block_id`` of the block an element sits in with every click, so the
block id carries what the click is about: the pain point (``PainRef``), or the message a
picker is completing (``PickRef``). Ephemeral messages are not sent back to the app, so
nothing can be read from the message itself.
"""

import re
from dataclasses import dataclass

PICK_JOURNEY = "mention.pick_journey"
PICK_PLACE = "mention.pick_place"
MOVE_PAIN_POINT = "pain_point.move"
SET_IMPACT = "pain_point.impact"  # + ".<impact>": one button per impact in one block
SET_IMPACT_PATTERN = re.compile(r"^pain_point\.impact\.[a-z]+$")
CAPTURE_THREAD = "pain_point.capture_thread"
OPEN_MAP = "pain_point.open_map"

_SEPARATOR = "|"
_PAIN = "pain"
_PICK = "pick"


def _parts(block_id: str, kind: str, count: int) -> list[str] | None:
    parts = block_id.split(_SEPARATOR)
    if len(parts) != count + 1 or parts[0] != kind:
        return None
    return parts[1:]


@dataclass(frozen=True)
class PainRef:
    """A logged pain point (by id, within the team's workspace) and the thread, if any,
    its mention was in (offered for capture)."""

    pain_point_id: int
    thread_ts: str | None = None

    def block_id(self) -> str:
        return _SEPARATOR.join((_PAIN, str(self.pain_point_id), self.thread_ts or ""))

    @classmethod
    def parse(cls, block_id: str) -> "PainRef | None":
        parts = _parts(block_id, _PAIN, 2)
        if parts is None or not parts[0].isdigit():
            return None
        return cls(int(parts[0]), parts[1] or None)


@dataclass(frozen=True)
class PickRef:
    """The mention a picker completes (channel, ts, its thread) and, once chosen, the
    journey."""

    channel: str
    ts: str
    thread_ts: str | None = None
    journey: str | None = None

    def block_id(self) -> str:
        fields = (self.channel, self.ts, self.thread_ts or "", self.journey or "")
        return _SEPARATOR.join((_PICK, *fields))

    def with_journey(self, journey: str) -> "PickRef":
        return PickRef(self.channel, self.ts, self.thread_ts, journey)

    @property
    def delivery_id(self) -> str:
        """One log per picked mention, however often the picker is used."""
        return f"pick:{self.channel}:{self.ts}"

    @classmethod
    def parse(cls, block_id: str) -> "PickRef | None":
        parts = _parts(block_id, _PICK, 4)
        if parts is None or not parts[0] or not parts[1]:
            return None
        return cls(parts[0], parts[1], parts[2] or None, parts[3] or None)
