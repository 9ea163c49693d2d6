"""What a digest holds: plain frozen values, so every renderer (Slack, text, Markdown,
Confluence) shows the same figures and none of them touches the database."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Generic, TypeVar

from core.enums import Confidence
from core.services.digest.period import Period

TOP_PAIN_POINTS = 5  # per journey, by score
LIST_LIMIT = 10  # the longest list a section shows; the rest is counted

T = TypeVar("T")


@dataclass(frozen=True)
class Counted(Generic[T]):
    """The first items of a section (at most ``LIST_LIMIT``) and how many there are."""

    items: tuple[T, ...]
    total: int

    @property
    def more(self) -> int:
        """How many are not shown."""
        return self.total - len(self.items)


def counted(items: list[T], limit: int = LIST_LIMIT) -> Counted[T]:
    """``items`` cut to ``limit``, remembering how many there were."""
    return Counted(tuple(items[:limit]), len(items))


@dataclass(frozen=True)
class NewPainPoint:
    key: str
    title: str
    where: str  # "stage/step" or "stage"
    impact: str


@dataclass(frozen=True)
class EvidenceAdded:
    """Evidence attached in the period, of one kind from one source system."""

    kind: str
    source: str | None
    count: int


@dataclass(frozen=True)
class ConfidenceMove:
    key: str
    title: str
    before: Confidence
    after: Confidence


@dataclass(frozen=True)
class RankedPainPoint:
    """A top pain point now, with its score and rank at the previous period's end
    (``None``: it did not exist then, or was not ranked among the open ones)."""

    key: str
    title: str
    where: str
    impact: str
    status: str
    score: float
    rank: int
    previous_score: float | None
    previous_rank: int | None

    @property
    def is_new(self) -> bool:
        return self.previous_rank is None

    @property
    def rank_change(self) -> int:
        """Places gained (positive: it climbed) since the previous period's end."""
        return 0 if self.previous_rank is None else self.previous_rank - self.rank

    @property
    def score_change(self) -> float:
        return round(self.score - (self.previous_score or 0.0), 2)


@dataclass(frozen=True)
class OpportunityMove:
    """An opportunity whose status Jira moved in the period (first and last status)."""

    key: str
    title: str
    before: str
    after: str
    issue: str | None  # the Jira issue key


@dataclass(frozen=True)
class ShippedFix:
    """A pain point whose fix shipped, with what its evidence threads answered since."""

    key: str
    title: str
    shipped_at: datetime | None  # None: shipped before the period, answered during it
    fixed: int  # "Yes, fixed"
    still_happening: int


@dataclass(frozen=True)
class StaleStep:
    where: str
    name: str
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class UnownedOpportunity:
    key: str
    title: str
    status: str


@dataclass(frozen=True)
class KpiReading:
    """A KPI's latest value against its target, and the value before the period."""

    name: str
    unit: str | None
    value: float | None
    observed_on: date | None
    previous: float | None
    target: float | None
    direction: str

    @property
    def on_target(self) -> bool | None:
        """Whether the latest value meets the target (None: no value or no target)."""
        if self.value is None or self.target is None:
            return None
        if self.direction == "lower_is_better":
            return self.value <= self.target
        return self.value >= self.target


@dataclass(frozen=True)
class PositiveMoment:
    """A step customers feel good about (emotion +1 or +2)."""

    where: str
    name: str
    emotion: int
    reason: str | None
    moment_of_truth: bool


@dataclass(frozen=True)
class StepTickets:
    where: str
    name: str
    tickets: int


@dataclass(frozen=True)
class JourneyDigest:
    """One active journey over the period."""

    key: str
    title: str
    owner: str | None
    new_pain_points: Counted[NewPainPoint]
    evidence_added: tuple[EvidenceAdded, ...]  # most first
    praise: int  # evidence added in the period with a positive sentiment
    confidence_moves: Counted[ConfidenceMove]
    top_pain_points: tuple[RankedPainPoint, ...]
    opportunity_moves: Counted[OpportunityMove]
    shipped_fixes: Counted[ShippedFix]
    stale_steps: Counted[StaleStep]
    unowned_opportunities: Counted[UnownedOpportunity]
    kpis: tuple[KpiReading, ...]
    positive_moments: tuple[PositiveMoment, ...]
    tickets: tuple[StepTickets, ...]  # steps with tickets in the period's week
    tickets_week: date | None  # the Monday of the ISO week the ticket counts cover

    @property
    def evidence_count(self) -> int:
        return sum(e.count for e in self.evidence_added)

    @property
    def quiet(self) -> bool:
        """Nothing happened to it in the period (what stands still is not news)."""
        return not (
            self.new_pain_points.total
            or self.evidence_added
            or self.confidence_moves.total
            or self.opportunity_moves.total
            or self.shipped_fixes.total
            or self.stale_steps.total
        )


@dataclass(frozen=True)
class OverdueReview:
    """An active journey past its review cadence, and who owns it."""

    key: str
    title: str
    owner: str | None
    last_reviewed: date | None  # None: never reviewed
    due_on: date | None  # None: never reviewed, so due since it got a cadence
    days_overdue: int | None


@dataclass(frozen=True)
class Digest:
    """A workspace's digest for one period. ``journeys`` holds the active journeys
    where something happened; ``quiet`` the ones where nothing did (named in one line)."""

    workspace_key: str
    workspace_name: str
    period: Period
    as_of: datetime  # the period's end, or the moment it was built if that is earlier
    journeys: tuple[JourneyDigest, ...]
    quiet: tuple[JourneyDigest, ...]
    overdue_reviews: tuple[OverdueReview, ...]

    @property
    def complete(self) -> bool:
        """Whether the period was over when the digest was built."""
        return self.as_of >= self.period.end
