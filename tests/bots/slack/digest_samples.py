"""Digests built by hand for the renderer tests: every section filled, people's text
at its nastiest."""

from datetime import UTC, date, datetime

from core.enums import Confidence
from core.services.digest import Digest, JourneyDigest, OverdueReview, Period
from core.services.digest.data import (
    ConfidenceMove,
    Counted,
    EvidenceAdded,
    KpiReading,
    NewPainPoint,
    OpportunityMove,
    PositiveMoment,
    RankedPainPoint,
    ShippedFix,
    StaleStep,
    StepTickets,
    UnownedOpportunity,
)

NASTY = "<!channel> & <@U0BOB00001> *bold* <https://evil.example|click>"
PERIOD = Period(datetime(2026, 11, 16, 9, tzinfo=UTC), datetime(2026, 11, 23, 9, tzinfo=UTC), "UTC")
AS_OF = datetime(2026, 11, 23, 9, tzinfo=UTC)


def journey(key: str = "checkout", title: str = f"Checkout {NASTY}") -> JourneyDigest:
    """A journey where something happened in every section."""
    return JourneyDigest(
        key=key,
        title=title,
        owner=f"Priya {NASTY}",
        new_pain_points=Counted(
            (NewPainPoint("p-new", f"New {NASTY}", "pay/card", "abandon"),), 12
        ),
        evidence_added=(EvidenceAdded("ticket", "zendesk", 7), EvidenceAdded("interview", None, 1)),
        praise=2,
        confidence_moves=Counted(
            (ConfidenceMove("p-1", f"Moved {NASTY}", Confidence.EVIDENCED, Confidence.VALIDATED),),
            1,
        ),
        top_pain_points=(
            RankedPainPoint("p-1", f"Top {NASTY}", "pay/card", "abandon", "open", 9.5, 1, 7.25, 2),
            RankedPainPoint("p-2", "Second", "pay", "workaround", "open", 4.0, 2, 8.0, 1),
            RankedPainPoint("p-new", "Fresh", "pay/card", "abandon", "open", 2.0, 3, None, None),
        ),
        opportunity_moves=Counted(
            (OpportunityMove("o-1", f"Epic {NASTY}", "planned", "in_progress", "CX-12"),), 1
        ),
        shipped_fixes=Counted((ShippedFix("p-3", f"Fixed {NASTY}", AS_OF, 3, 1),), 1),
        stale_steps=Counted((StaleStep("pay/3ds", f"3DS {NASTY}", ("evidence_old",)),), 1),
        unowned_opportunities=Counted((UnownedOpportunity("o-2", f"Idea {NASTY}", "idea"),), 1),
        kpis=(
            KpiReading(
                f"Conversion {NASTY}", "%", 44.6, date(2026, 11, 20), 41.0, 55.0, "higher_is_better"
            ),
        ),
        positive_moments=(
            PositiveMoment("done/page", f"Done {NASTY}", 2, f"Relief {NASTY}", True),
        ),
        tickets=(StepTickets("pay/card", f"Card {NASTY}", 14),),
        tickets_week=date(2026, 11, 16),
    )


def quiet(key: str) -> JourneyDigest:
    return JourneyDigest(
        key,
        f"Quiet {NASTY}",
        None,
        Counted((), 0),
        (),
        0,
        Counted((), 0),
        (),
        Counted((), 0),
        Counted((), 0),
        Counted((), 0),
        Counted((), 0),
        (),
        (),
        (),
        None,
    )


def digest(journeys: int = 1, quiet_ones: int = 1) -> Digest:
    return Digest(
        workspace_key="acme",
        workspace_name=f"Acme {NASTY}",
        period=PERIOD,
        as_of=AS_OF,
        journeys=tuple(journey(f"j-{n}") for n in range(journeys)),
        quiet=tuple(quiet(f"q-{n}") for n in range(quiet_ones)),
        overdue_reviews=(
            OverdueReview(
                "j-0",
                f"Checkout {NASTY}",
                f"Owner {NASTY}",
                date(2026, 8, 1),
                date(2026, 10, 30),
                24,
            ),
            OverdueReview("j-1", "Never reviewed", None, None, None, None),
        ),
    )
