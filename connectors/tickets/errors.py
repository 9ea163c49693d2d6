"""What a ticket source raises while it fetches the tickets of one rule.

TicketSourceError (JourneyOpsError)
├── RuleRefused           the far system refused the rule's query: fix the journey file
└── SourceFailed          the far system failed or refused us: the next pull retries
    └── SourceNotConfigured   the source's settings are missing (says what to set)

A pull reports each of these against the rule it hit and goes on with the other rules.
"""

from core.errors import JourneyOpsError


class TicketSourceError(JourneyOpsError):
    """Base of what a ticket source raises for one rule."""


class RuleRefused(TicketSourceError):
    """The far system refused the rule's query (bad JQL, unknown field or project)."""


class SourceFailed(TicketSourceError):
    """The far system could not answer (unreachable, 5xx after retries, credentials)."""


class SourceNotConfigured(SourceFailed):
    """No settings for the rule's source, or no such source: the message says what to set."""
