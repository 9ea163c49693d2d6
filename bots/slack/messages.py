"""What the bot says, in one place. Placeholders marked ``{...}`` take text that is
already escaped for mrkdwn (``bots.slack.mrkdwn.escape``)."""

from core.enums import Impact

LOGGED = ":white_check_mark: Logged in *{journey}*: *{place}*\n>{title}"
LOGGED_FALLBACK = "Logged a pain point in {journey}: {title}"
IMPACT_IS = "Impact: *{impact}*"
EVIDENCE_LINK = "Evidence: <{permalink}|your message>"
EVIDENCE_PLAIN = "Evidence: your message"
MOVED = "Moved to *{place}*."
IMPACT_SET = "Impact set to *{impact}*."

PICK_JOURNEY = "Which journey did you mean by *{typed}*? Pick it and I'll log:\n>{title}"
PICK_JOURNEY_FALLBACK = "Which journey did you mean? Pick one to log your pain point."
PICK_JOURNEY_PLACEHOLDER = "Choose a journey"
PICK_PLACE = "Where in *{journey}* does it hurt?{typed} Pick the step and I'll log:\n>{title}"
PICK_PLACE_TYPED = " I couldn't place *{typed}*."
PICK_PLACE_FALLBACK = "Which step of the journey? Pick one to log your pain point."
PICK_PLACE_PLACEHOLDER = "Choose a step"
MOVE_PLACEHOLDER = "Move to another step"

ALREADY_PICKED = "That message is already logged as a pain point."
MESSAGE_GONE = "I can't read that message any more, so I can't log it. Mention me again?"
PLACE_GONE = "That step is no longer in the journey; pick another."
PAIN_POINT_GONE = "That pain point no longer exists."
NO_JOURNEYS = (
    "There are no journeys in this workspace yet. Import one with `journeyops import` "
    "and mention me again."
)

HELP_FALLBACK = "How to log a pain point with journeyops"
NOT_UNDERSTOOD = ":thinking_face: {reason}"

OPEN_MAP = "Open the map"
CAPTURE_THREAD = "Capture the whole thread"
THREAD_CAPTURED = {
    "created": ":thread: Captured the thread ({count} messages) as evidence.",
    "merged": ":thread: Updated the thread's evidence ({count} messages).",
    "unchanged": ":thread: The thread is already captured; nothing new in it.",
}
THREAD_EMPTY = "There is nothing in that thread I could capture."

IMPACT_LABELS = {
    Impact.ABANDON: "Abandon",
    Impact.WORKAROUND: "Workaround",
    Impact.TRIVIAL: "Trivial",
}
