"""Remote links of an issue: the journey's Confluence map and each Slack permalink.

Each link has a ``globalId`` of ours, ``journeyops:<workspace>:<kind>:<our id>``. Jira
updates the link that already has a posted ``globalId`` instead of adding a second one,
so posting the same links again is harmless, and a map page that moved keeps one link.
"""

from dataclasses import dataclass
from typing import Any

from connectors.jira.facts import JourneyFacts, PainPointFacts, Proof
from connectors.jira.text import clip

MAX_TITLE = 255
SUMMARY_CHARS = 200


@dataclass(frozen=True)
class RemoteLink:
    """A link from an issue to the map page or to a piece of evidence."""

    global_id: str
    url: str
    title: str
    relationship: str
    application: str
    summary: str = ""

    def body(self) -> dict[str, Any]:
        """The request body of Jira's "create or update remote issue link"."""
        target: dict[str, Any] = {"url": self.url, "title": self.title}
        if self.summary:
            target["summary"] = self.summary
        return {
            "globalId": self.global_id,
            "application": {"name": self.application},
            "relationship": self.relationship,
            "object": target,
        }


def _map_link(journey: JourneyFacts) -> list[RemoteLink]:
    if journey.map_url is None:
        return []
    return [
        RemoteLink(
            global_id=f"journeyops:{journey.workspace_key}:journey-map:{journey.journey_id}",
            url=journey.map_url,
            title=clip(journey.map_title, MAX_TITLE) or journey.journey_key,
            relationship="journey map",
            application="Confluence",
        )
    ]


def _evidence_link(journey: JourneyFacts, proof: Proof, url: str) -> RemoteLink:
    what = proof.kind.replace("_", " ") if proof.kind.startswith("slack") else "Slack evidence"
    title = f"{what[:1].upper()}{what[1:]} from {proof.author or 'unknown author'}"
    title += f", {proof.captured_at.date().isoformat()}"
    return RemoteLink(
        global_id=f"journeyops:{journey.workspace_key}:evidence:{proof.id}",
        url=url,
        title=clip(title, MAX_TITLE),
        relationship="evidence",
        application="Slack",
        summary=clip(proof.text, SUMMARY_CHARS),
    )


def remote_links(
    journey: JourneyFacts, pains: tuple[PainPointFacts, ...]
) -> tuple[RemoteLink, ...]:
    """The map (when published), then each Slack permalink of ``pains`` once, in pain
    point order and newest evidence first; evidence without an http(s) link is skipped."""
    links = _map_link(journey)
    seen = {link.url for link in links}
    for pain in pains:
        for proof in pain.evidence:
            if proof.from_slack and proof.permalink and proof.permalink not in seen:
                seen.add(proof.permalink)
                links.append(_evidence_link(journey, proof, proof.permalink))
    return tuple(links)
