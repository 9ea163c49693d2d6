"""How the digest's figures read, shared by every renderer (Slack, text, Markdown,
Confluence), so a movement or a KPI reads the same wherever it is shown. Plain text: each
renderer escapes what it puts into its own format."""

from core.services.digest.data import (
    EvidenceAdded,
    KpiReading,
    OpportunityMove,
    OverdueReview,
    RankedPainPoint,
    ShippedFix,
)

REASONS = {
    "no_evidence": "nothing proves it",
    "evidence_old": "newest evidence over 90 days old",
    "review_overdue": "journey review overdue",
    "delivery_changed": "linked delivery work changed since the last review",
}


def status(value: str) -> str:
    """A stored status as people say it: ``in_progress`` -> ``in progress``."""
    return value.replace("_", " ")


def movement(pain: RankedPainPoint) -> str:
    """``new``, ``up 2``, ``down 1`` or ``same``: its rank against the previous period's end."""
    if pain.is_new:
        return "new"
    change = pain.rank_change
    if change > 0:
        return f"up {change}"
    if change < 0:
        return f"down {-change}"
    return "same"


def score_change(pain: RankedPainPoint) -> str:
    """The score's change since the previous period's end (``+1.20``), empty when new."""
    return "" if pain.is_new else f"{pain.score_change:+.2f}"


def evidence(added: EvidenceAdded) -> str:
    """``12 ticket (jira)``."""
    return f"{added.count} {status(added.kind)}" + (f" ({added.source})" if added.source else "")


def reasons(values: tuple[str, ...]) -> str:
    """Staleness reasons in words, joined."""
    return "; ".join(REASONS.get(r, status(r)) for r in values)


def opportunity(move: OpportunityMove) -> str:
    """``planned -> in progress`` (the issue key is shown by the renderer, as a link
    where it can)."""
    return f"{status(move.before)} → {status(move.after)}"


def fix_answers(fix: ShippedFix) -> str:
    """What the evidence threads answered about a shipped fix."""
    if not fix.fixed and not fix.still_happening:
        return "no answers yet"
    return f"{fix.fixed} said fixed, {fix.still_happening} still happening"


def number(value: float) -> str:
    """A KPI figure without needless decimals: ``62``, ``54.1``."""
    return f"{value:g}"


def kpi(reading: KpiReading) -> str:
    """``54.1 % (was 52, target 62): below target``."""
    if reading.value is None:
        return "no value yet" + (
            f" (target {number(reading.target)})" if reading.target is not None else ""
        )
    unit = f" {reading.unit}" if reading.unit else ""
    notes = []
    if reading.previous is not None and reading.previous != reading.value:
        notes.append(f"was {number(reading.previous)}")
    if reading.target is not None:
        notes.append(f"target {number(reading.target)}")
    text = f"{number(reading.value)}{unit}" + (f" ({', '.join(notes)})" if notes else "")
    if reading.on_target is None:
        return text
    return text + (": on target" if reading.on_target else ": off target")


def review(overdue: OverdueReview) -> str:
    """``owner Jonas Weber · due 2026-11-21, 3 days overdue`` (or never reviewed)."""
    owner = f"owner {overdue.owner}" if overdue.owner else "no owner"
    if overdue.due_on is None:
        return f"{owner} · never reviewed"
    days = overdue.days_overdue or 0
    return (
        f"{owner} · due {overdue.due_on.isoformat()}, {days} day{'s' if days != 1 else ''} overdue"
    )
