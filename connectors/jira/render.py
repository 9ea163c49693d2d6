"""Opportunities as Jira epics (and, with ``--pain-points``, pain points as issues in them).

``render_journey`` is a pure function of ``JourneyFacts`` (read by ``journey_facts``): the
same store data gives the same drafts, byte for byte, and the same fingerprints. A draft
holds everything the sync sends for one issue: summary, description (ADF for Cloud, wiki
markup for Data Center), labels, remote links and the issue property. Its fingerprint is
the sha256 of all of that plus ``RENDER_VERSION``, so the sync writes an issue only when
something it would send has changed, and a change elsewhere (another journey, a score
that decays with time, a status that Jira itself set) rewrites nothing.

Which epic a pain point's issue goes in: the first opportunity, in map order, that
addresses it. An issue has one epic; the other opportunities list the pain point in their
descriptions all the same. Pain points no opportunity addresses get no issue.
"""

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Literal, cast, get_args

from connectors.jira.adf import to_adf
from connectors.jira.descriptions import Budget, epic_blocks, fitted, pain_point_blocks
from connectors.jira.document import Block
from connectors.jira.facts import (
    JourneyFacts,
    OpportunityFacts,
    PainPointFacts,
    journey_facts,
)
from connectors.jira.labels import issue_labels
from connectors.jira.remote_links import RemoteLink, remote_links
from connectors.jira.text import clip, jira_length
from connectors.jira.wiki import to_wiki
from core.model import Journey
from core.store import UnitOfWork

RENDER_VERSION = "1"
"""Bumped whenever what the drafts hold changes shape, so every issue is rewritten once."""

PROPERTY_KEY = "journeyops"
MAX_SUMMARY = 255  # Jira refuses longer summaries (counted in UTF-16 code units)
Flavour = Literal["cloud", "datacenter"]


class IssueKind(StrEnum):
    EPIC = "epic"
    PAIN_POINT = "pain_point"


@dataclass(frozen=True)
class IssueDraft:
    """One Jira issue as journeyops wants it to be.

    Attributes:
        kind: an opportunity's epic, or a pain point's issue.
        record_id, record_key: the opportunity or pain point it stands for.
        description: an ADF ``doc`` for Cloud, a wiki-markup string for Data Center.
        labels: sorted, without duplicates.
        property_value: stored under the issue property ``PROPERTY_KEY``; our ids, by
            which a later run finds the issue again.
        epic_opportunity_id: for a pain point's issue, the opportunity whose epic it
            belongs in; None for an epic.
        fingerprint: sha256 hex of everything above and ``RENDER_VERSION``.
    """

    kind: IssueKind
    record_id: int
    record_key: str
    flavour: Flavour
    summary: str
    description: dict[str, Any] | str
    labels: tuple[str, ...]
    remote_links: tuple[RemoteLink, ...]
    property_key: str
    property_value: dict[str, Any]
    epic_opportunity_id: int | None
    fingerprint: str


@dataclass(frozen=True)
class JourneyDrafts:
    """A journey's epics (map order), and its pain points' issues when asked for."""

    journey_key: str
    epics: tuple[IssueDraft, ...]
    pain_point_issues: tuple[IssueDraft, ...]


def summary(title: str, fallback: str) -> str:
    """``title`` on one line, cut on a word to Jira's 255 characters; ``fallback`` if empty."""
    return clip(title, MAX_SUMMARY, jira_length) or clip(fallback, MAX_SUMMARY, jira_length)


Compose = Callable[[Budget], tuple[Block, ...]]


def _description(compose: Compose, flavour: Flavour) -> dict[str, Any] | str:
    if flavour == "cloud":
        return to_adf(fitted(compose, lambda blocks: _canonical(to_adf(blocks))))
    return to_wiki(fitted(compose, to_wiki))


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def fingerprint(sent: dict[str, Any]) -> str:
    """sha256 hex of ``RENDER_VERSION`` and ``sent`` as canonical JSON (sorted keys)."""
    payload = {"render_version": RENDER_VERSION, "sent": sent}
    return hashlib.sha256(_canonical(payload).encode()).hexdigest()


def _check(flavour: str) -> Flavour:
    if flavour not in get_args(Flavour):
        raise ValueError(f"unknown Jira flavour {flavour!r}: use 'cloud' or 'datacenter'")
    return cast(Flavour, flavour)


def _draft(
    kind: IssueKind,
    journey: JourneyFacts,
    opportunity: OpportunityFacts,
    pains: tuple[PainPointFacts, ...],
    flavour: str,
    *,
    title: str,
    compose: Compose,
) -> IssueDraft:
    flavour = _check(flavour)
    epic = kind is IssueKind.EPIC
    record_id, record_key = (
        (opportunity.id, opportunity.key) if epic else (pains[0].id, pains[0].key)
    )
    fallback = f"Opportunity {record_key}" if epic else f"Pain point {record_key}"
    links = remote_links(journey, pains)
    sent: dict[str, Any] = {
        "kind": kind.value,
        "flavour": flavour,
        "summary": summary(title, fallback),
        "description": _description(compose, flavour),
        "labels": issue_labels(journey, pains),
        "remote_links": [link.body() for link in links],
        "property": {
            "workspace": journey.workspace_key,
            "journey": journey.journey_key,
            "kind": kind.value,
            "opportunity": opportunity.id,
            "pain_points": [pain.id for pain in pains],
            "template_version": RENDER_VERSION,
        },
        "epic_opportunity_id": None if epic else opportunity.id,
    }
    return IssueDraft(
        kind=kind,
        record_id=record_id,
        record_key=record_key,
        flavour=flavour,
        summary=sent["summary"],
        description=sent["description"],
        labels=sent["labels"],
        remote_links=links,
        property_key=PROPERTY_KEY,
        property_value=sent["property"],
        epic_opportunity_id=sent["epic_opportunity_id"],
        fingerprint=fingerprint(sent),
    )


def epic_draft(
    journey: JourneyFacts, opportunity: OpportunityFacts, flavour: Flavour
) -> IssueDraft:
    """The epic of ``opportunity``.

    Raises:
        ValueError: ``flavour`` is neither ``cloud`` nor ``datacenter``.
    """
    return _draft(
        IssueKind.EPIC,
        journey,
        opportunity,
        opportunity.pain_points,
        flavour,
        title=opportunity.title,
        compose=lambda budget: epic_blocks(journey, opportunity, budget),
    )


def pain_point_draft(
    journey: JourneyFacts,
    opportunity: OpportunityFacts,
    pain: PainPointFacts,
    flavour: Flavour,
) -> IssueDraft:
    """The issue of ``pain`` inside the epic of ``opportunity``.

    Raises:
        ValueError: ``flavour`` is neither ``cloud`` nor ``datacenter``.
    """
    return _draft(
        IssueKind.PAIN_POINT,
        journey,
        opportunity,
        (pain,),
        flavour,
        title=pain.title,
        compose=lambda budget: pain_point_blocks(journey, opportunity, pain, budget),
    )


def render_journey(
    journey: JourneyFacts, flavour: Flavour, *, pain_points: bool = False
) -> JourneyDrafts:
    """The drafts of every opportunity of ``journey`` and, with ``pain_points``, of every
    pain point an opportunity addresses (in its first opportunity's epic).

    Raises:
        ValueError: ``flavour`` is neither ``cloud`` nor ``datacenter``.
    """
    epics = tuple(epic_draft(journey, o, flavour) for o in journey.opportunities)
    issues: list[IssueDraft] = []
    if pain_points:
        placed: set[int] = set()
        for opportunity in journey.opportunities:
            for pain in opportunity.pain_points:
                if pain.id not in placed:
                    placed.add(pain.id)
                    issues.append(pain_point_draft(journey, opportunity, pain, flavour))
    return JourneyDrafts(journey.journey_key, epics, tuple(issues))


def journey_drafts(
    uow: UnitOfWork, journey: Journey, *, flavour: Flavour, pain_points: bool = False
) -> JourneyDrafts:
    """Read ``journey`` from the store and render its drafts (``render_journey``).

    Raises:
        ValueError: ``flavour`` is neither ``cloud`` nor ``datacenter``.
    """
    _check(flavour)
    return render_journey(journey_facts(uow, journey), flavour, pain_points=pain_points)
