"""The bot's features, each in its own module with a ``register(app, deps)``.

A feature module adds its listeners to the Bolt app and reaches the store only through
``deps`` (``bots.slack.deps.SlackDeps``)::

    def register(app: App, deps: SlackDeps) -> None:
        def on_command(ack: Ack, command: dict[str, Any], client: WebClient) -> None:
            ack()                                            # within 3 seconds
            uow = deps.unit_of_work_for(command["team_id"], slack_actor(command["user_id"]))
            if uow is None:                                  # a team we do not serve
                return
            with uow:
                ...

        app.command("/journey")(on_command)

Rules every feature keeps: ack first, slow work after it (``lazy=[...]``, or an event
listener, which Bolt runs after its own ack); an event that changes something records
its ``event_id`` with ``first_delivery`` in the same unit of work, so Slack's retries
change nothing; everything posted escapes what people typed (``mrkdwn.escape``); every
event, command and shortcut listened to is in ``manifest.yaml`` (a test checks).

To add one, write ``bots/slack/<feature>.py`` and add its ``register`` to ``FEATURES``.
"""

from collections.abc import Callable

from slack_bolt import App

from bots.slack import (
    add_to_journey,
    alerts,
    app_home,
    close_loop,
    ignored_events,
    journey_command,
    mention_picks,
    mentions,
    pain_point_actions,
    review_reminders,
)
from bots.slack.deps import SlackDeps

Feature = Callable[[App, SlackDeps], None]

FEATURES: tuple[Feature, ...] = (
    mentions.register,
    mention_picks.register,
    pain_point_actions.register,
    alerts.register,
    close_loop.register,
    journey_command.register,
    app_home.register,
    add_to_journey.register,
    review_reminders.register,
)


def register_features(app: App, deps: SlackDeps, features: tuple[Feature, ...] = FEATURES) -> None:
    """Register ``features``, then the catch-all that acks the events none of them takes
    (Bolt matches listeners in order, so it must come last)."""
    for register in features:
        register(app, deps)
    ignored_events.register(app, deps)
