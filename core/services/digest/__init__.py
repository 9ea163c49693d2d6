"""The digest (issue 6): per workspace and period, what changed in each active journey.

``build_digest`` produces the data (``data``); renderers in ``bots.slack.digest_blocks``,
``templates/text/digest.md.j2`` and ``connectors.confluence.digest_page`` show it.
"""

from core.services.digest.build import build_digest
from core.services.digest.data import Digest, JourneyDigest, OverdueReview
from core.services.digest.period import (
    Period,
    current_period,
    period_ending_on,
    previous_period,
)
from core.services.digest.reviews import overdue_reviews

__all__ = [
    "Digest",
    "JourneyDigest",
    "OverdueReview",
    "Period",
    "build_digest",
    "current_period",
    "overdue_reviews",
    "period_ending_on",
    "previous_period",
]
