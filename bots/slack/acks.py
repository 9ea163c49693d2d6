"""The ack of a listener whose work runs lazily: ``app.action(X)(ack=ack_now, lazy=[...])``.

Slack wants the ack within 3 seconds; the lazy functions run after it in Bolt's threads.
"""

from slack_bolt import Ack


def ack_now(ack: Ack) -> None:
    ack()
