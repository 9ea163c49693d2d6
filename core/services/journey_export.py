"""Turning a stored journey back into its file form (the JSON shape of a journey).

The output is deterministic: the same journey always gives the same document, so
export -> import into an empty database -> export is byte-identical.
"""

from collections import defaultdict
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from core.enums import RecordType
from core.model import Evidence, Journey, Kpi, Link, Opportunity, PainPoint, Persona, Stage
from core.services.evidence import as_utc
from core.store import UnitOfWork


def _compact(mapping: dict[str, Any], keep: tuple[str, ...] = ()) -> dict[str, Any]:
    """Drop empty optional fields; ``keep`` names the ones the schema requires."""
    return {k: v for k, v in mapping.items() if k in keep or v not in (None, [], {})}


def _timestamp(moment: datetime) -> str:
    return as_utc(moment).isoformat().replace("+00:00", "Z")


def _number(value: float | None) -> float | int | None:
    return int(value) if value is not None and float(value).is_integer() else value


def persona_document(persona: Persona) -> dict[str, Any]:
    return _compact(
        {
            "key": persona.key,
            "name": persona.name,
            "role": persona.role,
            "goals": persona.goals,
            "needs": persona.needs,
            "motivations": persona.motivations,
            "frustrations": persona.frustrations,
            "behaviours": persona.behaviours,
            "quote": persona.quote,
            "decision_role": persona.decision_role,
        }
    )


def evidence_document(evidence: Evidence) -> dict[str, Any]:
    return _compact(
        {
            "kind": evidence.kind,
            "source": evidence.source,
            "external_id": evidence.external_id,
            "permalink": evidence.permalink,
            "author": evidence.author,
            "captured_by": evidence.captured_by,
            "captured_at": _timestamp(evidence.captured_at),
            "text": evidence.text,
            "note": evidence.note,
            "solicited": evidence.solicited,
            "sentiment": evidence.sentiment,
        },
        keep=("text",),
    )


class _Exporter:
    def __init__(self, uow: UnitOfWork, journey: Journey) -> None:
        self.uow = uow
        self.journey = journey
        session = uow.session
        self.pain_points = list(
            session.scalars(
                select(PainPoint)
                .where(PainPoint.journey_id == journey.id)
                .order_by(PainPoint.position, PainPoint.id)
            )
        )
        self.evidence: dict[tuple[str, int], list[Evidence]] = defaultdict(list)
        for ev in session.scalars(
            select(Evidence)
            .where(Evidence.journey_id == journey.id)
            .order_by(Evidence.position, Evidence.id)
        ):
            if ev.pain_point_id is not None:
                self.evidence[("pain_point", ev.pain_point_id)].append(ev)
            elif ev.touchpoint_id is not None:
                self.evidence[("touchpoint", ev.touchpoint_id)].append(ev)
        self.kpis: dict[tuple[str, int], list[Kpi]] = defaultdict(list)
        for kpi in session.scalars(
            select(Kpi)
            .where(Kpi.journey_id == journey.id)
            .options(selectinload(Kpi.values))
            .order_by(Kpi.position, Kpi.id)
        ):
            if kpi.touchpoint_id is not None:
                self.kpis[("touchpoint", kpi.touchpoint_id)].append(kpi)
            elif kpi.stage_id is not None:
                self.kpis[("stage", kpi.stage_id)].append(kpi)
        self.opportunities = list(
            session.scalars(
                select(Opportunity)
                .where(Opportunity.journey_id == journey.id)
                .options(selectinload(Opportunity.addresses))
                .order_by(Opportunity.position, Opportunity.id)
            )
        )
        self.links = self._links()

    def _links(self) -> dict[tuple[str, int], list[Link]]:
        journey = self.journey
        wanted = {
            RecordType.JOURNEY.value: [journey.id],
            RecordType.TOUCHPOINT.value: [t.id for s in journey.stages for t in s.touchpoints],
            RecordType.PAIN_POINT.value: [p.id for p in self.pain_points],
            RecordType.OPPORTUNITY.value: [o.id for o in self.opportunities],
        }
        links: dict[tuple[str, int], list[Link]] = defaultdict(list)
        query = (
            select(Link)
            .where(
                or_(
                    *(
                        (Link.record_type == kind) & Link.record_id.in_(ids)
                        for kind, ids in wanted.items()
                        if ids
                    )
                )
            )
            .order_by(Link.id)
        )
        for link in self.uow.session.scalars(query):
            links[(link.record_type, link.record_id)].append(link)
        return links

    def link_list(self, record_type: str, record_id: int) -> list[dict[str, Any]]:
        return [
            _compact(
                {
                    "system": link.system,
                    "kind": link.kind,
                    "external_id": link.external_id,
                    "url": link.url,
                    "title": link.title,
                }
            )
            for link in self.links.get((record_type, record_id), [])
        ]

    def kpi_list(self, owner: str, owner_id: int) -> list[dict[str, Any]]:
        return [
            _compact(
                {
                    "key": kpi.key,
                    "name": kpi.name,
                    "unit": kpi.unit,
                    "target": _number(kpi.target),
                    "direction": kpi.direction,
                    "observed": [
                        {"on": v.observed_on.isoformat(), "value": _number(v.value)}
                        for v in sorted(kpi.values, key=lambda v: (v.position, v.observed_on))
                    ],
                }
            )
            for kpi in self.kpis.get((owner, owner_id), [])
        ]

    def stage(self, stage: Stage) -> dict[str, Any]:
        touchpoints = [
            _compact(
                {
                    "key": t.key,
                    "name": t.name,
                    "channel": t.channel,
                    "action": t.action,
                    "thought": t.thought,
                    "emotion": t.emotion,
                    "emotion_reason": t.emotion_reason,
                    "lane": t.lane,
                    "owner_team": t.owner_team,
                    "moment_of_truth": t.moment_of_truth or None,
                    "kpis": self.kpi_list("touchpoint", t.id),
                    "evidence": [
                        evidence_document(e) for e in self.evidence.get(("touchpoint", t.id), [])
                    ],
                    "links": self.link_list("touchpoint", t.id),
                    "tickets": [dict(rule) for rule in t.ticket_rules],
                },
                keep=("emotion",),
            )
            for t in sorted(stage.touchpoints, key=lambda t: (t.position, t.id))
        ]
        return _compact(
            {
                "key": stage.key,
                "name": stage.name,
                "customer_goal": stage.customer_goal,
                "kpis": self.kpi_list("stage", stage.id),
                "touchpoints": touchpoints,
            },
            keep=("touchpoints",),
        )

    def document(self) -> dict[str, Any]:
        journey = self.journey
        stages = sorted(journey.stages, key=lambda s: (s.position, s.id))
        stage_keys = {s.id: s.key for s in stages}
        touchpoint_keys = {t.id: t.key for s in stages for t in s.touchpoints}
        pain_keys = {p.id: p.key for p in self.pain_points}
        pain_points = [
            _compact(
                {
                    "key": p.key,
                    "title": p.title,
                    "description": p.description,
                    "touchpoint": touchpoint_keys.get(p.touchpoint_id or -1),
                    "stage": None if p.touchpoint_id else stage_keys[p.stage_id],
                    "impact": p.impact,
                    "category": p.category,
                    "status": p.status,
                    "customers_affected": p.customers_affected,
                    "evidence": [
                        evidence_document(e) for e in self.evidence.get(("pain_point", p.id), [])
                    ],
                    "links": self.link_list("pain_point", p.id),
                }
            )
            for p in self.pain_points
        ]
        opportunities = [
            _compact(
                {
                    "key": o.key,
                    "title": o.title,
                    "description": o.description,
                    "addresses": [pain_keys[a.pain_point_id] for a in o.addresses],
                    "customer_value": o.customer_value,
                    "business_value": o.business_value,
                    "effort": o.effort,
                    "owner": o.owner,
                    "due_date": o.due_date.isoformat() if o.due_date else None,
                    "status": o.status,
                    "links": self.link_list("opportunity", o.id),
                }
            )
            for o in self.opportunities
        ]
        scope = _compact({"start": journey.scope_start, "end": journey.scope_end})
        return _compact(
            {
                "key": journey.key,
                "title": journey.title,
                "type": journey.type,
                "status": journey.status,
                "improves": journey.improves.key if journey.improves else None,
                "persona": persona_document(journey.persona) if journey.persona else None,
                "personas": [persona_document(jp.persona) for jp in journey.other_personas],
                "scenario": journey.scenario,
                "goal": journey.goal,
                "scope": scope,
                "timeframe": journey.timeframe,
                "owner": journey.owner,
                "review_cadence_days": journey.review_cadence_days,
                "last_reviewed": (
                    journey.last_reviewed.isoformat() if journey.last_reviewed else None
                ),
                "version": journey.version,
                "stages": [self.stage(s) for s in stages],
                "pain_points": pain_points,
                "opportunities": opportunities,
                "links": self.link_list("journey", journey.id),
            },
            keep=("persona", "stages", "pain_points", "opportunities"),
        )


def journey_document(uow: UnitOfWork, journey: Journey) -> dict[str, Any]:
    """The file form of ``journey``: a dict in the shape of ``journey.schema.json``."""
    return _Exporter(uow, journey).document()
