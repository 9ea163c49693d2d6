"""What an epic's and a pain-point issue's description say, as a ``document`` tree.

An epic: the problem (the pain points the opportunity addresses, with their evidence
counts and up to three short quotes each, newest first), the proposal (the opportunity's
description and values), and a link to the journey's Confluence map, or a sentence
saying it is not published yet. A pain-point issue: where it hurts, its description, its
quotes, its opportunity, the map.

Jira refuses a description over 32,767 characters. ``fitted`` tries ever shorter
versions (fewer quotes, then fewer pain points) until one fits, and says on the issue
that it was shortened, so a huge opportunity is synced instead of failing.
"""

from collections.abc import Callable
from dataclasses import dataclass

from connectors.jira.document import (
    Block,
    BulletList,
    Heading,
    Item,
    Paragraph,
    Span,
    link,
    paragraph,
    strong,
    text,
)
from connectors.jira.facts import JourneyFacts, OpportunityFacts, PainPointFacts, Proof
from connectors.jira.text import clip, jira_length, paragraphs

QUOTE_CHARS = 200
QUOTES_SHOWN = 3
PAIN_POINTS_SHOWN = 25
PROBLEM_CHARS = 4_000
DESCRIPTION_LIMIT = 32_767  # Jira's limit for a text field, in UTF-16 code units


@dataclass(frozen=True)
class Budget:
    """How much a description may show; ``fitted`` tries these in order."""

    quotes: int
    pain_points: int


BUDGETS = (
    Budget(QUOTES_SHOWN, PAIN_POINTS_SHOWN),
    Budget(1, PAIN_POINTS_SHOWN),
    Budget(0, PAIN_POINTS_SHOWN),
    Budget(0, 5),
    Budget(0, 0),
)


def _count(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


def _prose(value: str | None, empty: str) -> list[Block]:
    """A user's multi-paragraph text, at most ``PROBLEM_CHARS`` characters in all."""
    blocks: list[Block] = []
    room = PROBLEM_CHARS
    for part in paragraphs(value):
        if room <= 1:
            break
        shown = clip(part, room)
        blocks.append(paragraph(text(shown)))
        room -= len(shown)
    return blocks or [paragraph(text(empty))]


def _where(pain: PainPointFacts) -> str:
    return f"{pain.stage_name} / {pain.step_name}" if pain.step_name else pain.stage_name


def _source_name(proof: Proof) -> str:
    """``google-analytics`` -> ``Google Analytics``, ``slack`` -> ``Slack``."""
    words = (proof.source or proof.kind).replace("_", " ").replace("-", " ").split()
    return " ".join(w[:1].upper() + w[1:] for w in words) or "source"


def quotes(pain: PainPointFacts, limit: int = QUOTES_SHOWN) -> list[Proof]:
    """The evidence quoted for ``pain``: the newest ``limit`` pieces that hold text."""
    return [proof for proof in pain.evidence if proof.text.strip()][:limit]


def _quote_item(proof: Proof) -> Item:
    byline = ", ".join(
        [
            proof.author or "unknown author",
            proof.kind.replace("_", " "),
            proof.captured_at.date().isoformat(),
        ]
    )
    spans = [text(f"“{clip(proof.text, QUOTE_CHARS)}” — {byline}")]
    if proof.permalink:
        spans += [text(" · "), link(f"Open in {_source_name(proof)}", proof.permalink)]
    return Item(tuple(spans))


def _pain_line(pain: PainPointFacts) -> tuple[Span, ...]:
    evidence = _count(len(pain.evidence), "piece of evidence", "pieces of evidence")
    facts = [pain.impact, _where(pain), evidence]
    if pain.customers_affected:
        facts.append(f"~{pain.customers_affected:,} customers affected")
    title = clip(pain.title, 300) or pain.key
    return (strong(title), text(" — " + " · ".join(facts)))


def _pain_item(pain: PainPointFacts, budget: Budget) -> Item:
    return Item(_pain_line(pain), tuple(_quote_item(p) for p in quotes(pain, budget.quotes)))


def _map(journey: JourneyFacts) -> list[Block]:
    if journey.map_url is None:
        return [
            paragraph(
                text(
                    "The journey map is not published in Confluence yet, so there is no "
                    "link to it; `journeyops sync confluence` publishes it."
                )
            )
        ]
    return [paragraph(text("See "), link(journey.map_title, journey.map_url), text("."))]


def _footer(journey: JourneyFacts, record: str) -> Paragraph:
    note = (
        f"Written by journeyops from the journey {journey.journey_key} ({record}); "
        "it is rewritten when the journey changes."
    )
    return Paragraph((Span(note, em=True),))


def _shortened(budget: Budget) -> list[Block]:
    if budget == BUDGETS[0]:
        return []
    return [
        Paragraph(
            (Span("Shortened to fit Jira's size limit: the journey map has it all.", em=True),)
        )
    ]


def _values(opportunity: OpportunityFacts) -> list[Block]:
    parts = [
        f"{name} {value}/5"
        for name, value in (
            ("customer value", opportunity.customer_value),
            ("business value", opportunity.business_value),
            ("effort", opportunity.effort),
        )
        if value is not None
    ]
    if opportunity.owner:
        parts.append(f"owner {clip(opportunity.owner, 200)}")
    if opportunity.due_date:
        parts.append(f"due {opportunity.due_date.isoformat()}")
    if not parts:
        return []
    line = " · ".join(parts)
    return [paragraph(text(line[:1].upper() + line[1:]))]


def epic_blocks(
    journey: JourneyFacts, opportunity: OpportunityFacts, budget: Budget = BUDGETS[0]
) -> tuple[Block, ...]:
    """The description of an opportunity's epic: the problem (the pain points it
    addresses), the proposal (its description and values), the journey map."""
    pains = opportunity.pain_points
    journey_title = clip(journey.journey_title, 300) or journey.journey_key
    blocks: list[Block] = [Heading("Problem")]
    shown = pains[: budget.pain_points]
    if pains:
        count = _count(len(pains), "pain point", "pain points")
        blocks.append(paragraph(text(f"In the journey “{journey_title}”, {count}:")))
    else:
        blocks.append(paragraph(text(f"No pain point of “{journey_title}” is linked yet.")))
    if shown:
        blocks.append(BulletList(tuple(_pain_item(p, budget) for p in shown)))
    if len(pains) > len(shown):
        more = _count(len(pains) - len(shown), "more pain point", "more pain points")
        blocks.append(paragraph(text(f"And {more}: see the journey map.")))
    blocks.append(Heading("Proposal"))
    blocks += _prose(opportunity.description, "No description yet.")
    blocks += _values(opportunity)
    blocks.append(Heading("Journey map"))
    blocks += _map(journey)
    blocks += _shortened(budget)
    blocks.append(_footer(journey, f"opportunity {opportunity.key}"))
    return tuple(blocks)


def pain_point_blocks(
    journey: JourneyFacts,
    opportunity: OpportunityFacts,
    pain: PainPointFacts,
    budget: Budget = BUDGETS[0],
) -> tuple[Block, ...]:
    """The description of a pain point's issue inside ``opportunity``'s epic."""
    blocks: list[Block] = [Heading("Problem"), paragraph(*_pain_line(pain))]
    blocks += _prose(pain.description, "No description yet.")
    blocks.append(Heading(f"Evidence ({len(pain.evidence):,})"))
    shown = quotes(pain, budget.quotes)
    if shown:
        blocks.append(BulletList(tuple(_quote_item(p) for p in shown)))
    else:
        blocks.append(paragraph(text("No quotes to show.")))
    blocks.append(Heading("Opportunity"))
    title = clip(opportunity.title, 300) or opportunity.key
    blocks.append(paragraph(text("Addressed by "), strong(title), text(" (its epic).")))
    blocks.append(Heading("Journey map"))
    blocks += _map(journey)
    blocks += _shortened(budget)
    blocks.append(_footer(journey, f"pain point {pain.key}"))
    return tuple(blocks)


def fitted(
    compose: Callable[[Budget], tuple[Block, ...]],
    write: Callable[[tuple[Block, ...]], str],
) -> tuple[Block, ...]:
    """The longest of ``compose``'s versions whose ``write`` fits Jira's limit.

    ``write`` returns what Jira measures (the wiki text, or the ADF as JSON, which is
    longer than the text it holds, so the check errs on the safe side). The shortest
    version is returned even when it does not fit; Jira's refusal then names the issue.
    """
    blocks: tuple[Block, ...] = ()
    for budget in BUDGETS:
        blocks = compose(budget)
        if jira_length(write(blocks)) <= DESCRIPTION_LIMIT:
            break
    return blocks
