"""Applying a validated journey document to the store: create or update by key.

Import never deletes: a stage, step or pain point missing from the file stays (it may
hold evidence somebody captured in Slack since the file was written). Fields are only
assigned when they differ, so importing the same file twice writes nothing and logs
nothing.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from core.enums import RecordType
from core.errors import NotFound
from core.files.validate import opportunity_key, pain_point_key
from core.model import (
    Journey,
    JourneyPersona,
    Kpi,
    KpiValue,
    Link,
    Opportunity,
    OpportunityPainPoint,
    PainPoint,
    Persona,
    Stage,
    Touchpoint,
)
from core.services.changes import assign_changed
from core.services.evidence import EvidenceInput, attach_evidence
from core.services.lookup import journey_by_key
from core.store import UnitOfWork

Action = Literal["created", "updated", "unchanged"]
PERSONA_LISTS = ("goals", "needs", "motivations", "frustrations", "behaviours")
PERSONA_TEXTS = ("role", "quote", "decision_role")


@dataclass
class ImportOutcome:
    """What importing one journey did."""

    key: str
    action: Action
    changes: list[str] = field(default_factory=list)


class DocumentProblem(Exception):
    """A document that passed validation still names something the store lacks."""

    def __init__(self, path: tuple[str | int, ...], message: str) -> None:
        super().__init__(message)
        self.path = path
        self.message = message


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def apply_journey_document(uow: UnitOfWork, data: dict[str, Any]) -> ImportOutcome:
    """Create or update the journey ``data["key"]`` so that it says what ``data`` says.

    ``data`` must have passed ``core.files.validate.validate_document``.

    Raises:
        DocumentProblem: ``improves`` or a persona key names something that is not in the
            store (define or import it first, or in the same run).
    """
    return _Applier(uow, data).apply()


class _Applier:
    def __init__(self, uow: UnitOfWork, data: dict[str, Any]) -> None:
        self.uow = uow
        self.session = uow.session
        self.data = data
        self.changes: list[str] = []
        self.created = False

    def note(self, what: str, changed: list[str]) -> None:
        self.changes += [f"{what}.{name}" for name in changed]

    def apply(self) -> ImportOutcome:
        data = self.data
        journey = self.session.scalar(
            select(Journey)
            .where(Journey.key == data["key"])
            .options(
                selectinload(Journey.stages).selectinload(Stage.touchpoints),
                selectinload(Journey.other_personas),
            )
        )
        if journey is None:
            journey = Journey(key=data["key"], version=data.get("version", 1))
            self.created = True
        improves = data.get("improves")
        scope = data.get("scope") or {}
        fields = {
            "title": data["title"],
            "type": data["type"],
            "status": data.get("status", "draft"),
            "scenario": data.get("scenario"),
            "goal": data.get("goal"),
            "scope_start": scope.get("start"),
            "scope_end": scope.get("end"),
            "timeframe": data.get("timeframe"),
            "owner": data.get("owner"),
            "review_cadence_days": data.get("review_cadence_days"),
            "last_reviewed": _date(data.get("last_reviewed")),
            "improves_id": self.improves(improves),
            "persona_id": (
                self.persona(data["persona"], ("persona",)).id if data["persona"] else None
            ),
        }
        if self.created:
            for name, value in fields.items():
                setattr(journey, name, value)
            self.session.add(journey)
            self.session.flush()
        else:
            self.note("journey", assign_changed(journey, fields))
        others = [self.persona(p, ("personas", n)) for n, p in enumerate(data.get("personas", []))]
        self.other_personas(journey, others)
        stages = self.stages(journey)
        touchpoints = self.touchpoints(journey, stages)
        self.kpis(journey, stages, touchpoints)
        pain_points = self.pain_points(journey, stages, touchpoints)
        self.opportunities(journey, pain_points)
        self.links(RecordType.JOURNEY, journey.id, data.get("links", []), "journey")
        return self.finish(journey)

    def finish(self, journey: Journey) -> ImportOutcome:
        if self.created:
            self.uow.record(
                "journey.created",
                RecordType.JOURNEY,
                journey.id,
                journey_id=journey.id,
                data={"key": journey.key, "via": "import"},
            )
            return ImportOutcome(journey.key, "created")
        if not self.changes:
            return ImportOutcome(journey.key, "unchanged")
        journey.version = max(journey.version + 1, self.data.get("version", 1))
        self.uow.record(
            "journey.updated",
            RecordType.JOURNEY,
            journey.id,
            journey_id=journey.id,
            data={"changed": self.changes[:100], "via": "import"},
        )
        return ImportOutcome(journey.key, "updated", self.changes)

    # -- personas -----------------------------------------------------------------------

    def improves(self, key: str | None) -> int | None:
        if key is None:
            return None
        try:
            return journey_by_key(self.uow, key).id
        except NotFound:
            raise DocumentProblem(
                ("improves",),
                f"no journey {key!r} to improve: import it first, or in the same run",
            ) from None

    def persona(self, spec: dict[str, Any] | str, path: tuple[str | int, ...]) -> Persona:
        key = spec if isinstance(spec, str) else spec["key"]
        persona = self.session.scalar(select(Persona).where(Persona.key == key))
        if isinstance(spec, str):
            if persona is None:
                raise DocumentProblem(
                    path,
                    f"no persona {key!r}: define it here (key, name, ...) or in another "
                    "file of the same import",
                )
            return persona
        fields: dict[str, Any] = {"name": spec["name"]}
        fields |= {name: spec.get(name, []) for name in PERSONA_LISTS}
        fields |= {name: spec.get(name) for name in PERSONA_TEXTS}
        if persona is None:
            persona = Persona(key=spec["key"], **fields)
            self.session.add(persona)
            self.session.flush()
            self.uow.record("persona.created", RecordType.PERSONA, persona.id)
            self.changes.append(f"persona {spec['key']} created")
            return persona
        changed = assign_changed(persona, fields)
        if changed:
            self.uow.record(
                "persona.updated", RecordType.PERSONA, persona.id, data={"changed": changed}
            )
            self.note(f"persona {spec['key']}", changed)
        return persona

    def other_personas(self, journey: Journey, personas: list[Persona]) -> None:
        if [jp.persona_id for jp in journey.other_personas] == [p.id for p in personas]:
            return
        kept = {jp.persona_id: jp for jp in journey.other_personas}
        journey.other_personas = [
            kept.get(p.id) or JourneyPersona(journey_id=journey.id, persona_id=p.id)
            for p in personas
        ]
        for position, row in enumerate(journey.other_personas):
            row.position = position
        self.session.flush()
        if not self.created:
            self.changes.append("journey.personas")

    # -- structure ----------------------------------------------------------------------

    def stages(self, journey: Journey) -> dict[str, Stage]:
        existing = {s.key: s for s in journey.stages}
        for i, spec in enumerate(self.data["stages"]):
            fields = {
                "name": spec["name"],
                "position": i,
                "customer_goal": spec.get("customer_goal"),
            }
            stage = existing.get(spec["key"])
            if stage is None:
                stage = Stage(journey_id=journey.id, key=spec["key"], **fields)
                self.session.add(stage)
                existing[stage.key] = stage
                self.changes.append(f"stage {spec['key']} created")
            else:
                self.note(f"stage {spec['key']}", assign_changed(stage, fields))
        self.session.flush()
        return existing

    def touchpoints(self, journey: Journey, stages: dict[str, Stage]) -> dict[str, Touchpoint]:
        existing = {
            t.key: t
            for t in self.session.scalars(
                select(Touchpoint).where(Touchpoint.journey_id == journey.id)
            )
        }
        position = 0
        for stage_spec in self.data["stages"]:
            for spec in stage_spec["touchpoints"]:
                fields = {
                    "stage_id": stages[stage_spec["key"]].id,
                    "name": spec["name"],
                    "position": position,
                    "channel": spec["channel"],
                    "action": spec.get("action"),
                    "thought": spec.get("thought"),
                    "emotion": spec["emotion"],
                    "emotion_reason": spec.get("emotion_reason"),
                    "lane": spec.get("lane", "frontstage"),
                    "owner_team": spec.get("owner_team"),
                    "moment_of_truth": spec.get("moment_of_truth", False),
                }
                position += 1
                touchpoint = existing.get(spec["key"])
                if touchpoint is None:
                    touchpoint = Touchpoint(journey_id=journey.id, key=spec["key"], **fields)
                    self.session.add(touchpoint)
                    existing[touchpoint.key] = touchpoint
                    self.changes.append(f"touchpoint {spec['key']} created")
                else:
                    self.note(f"touchpoint {spec['key']}", assign_changed(touchpoint, fields))
        self.session.flush()
        for stage_spec in self.data["stages"]:
            for spec in stage_spec["touchpoints"]:
                touchpoint = existing[spec["key"]]
                self.evidence(touchpoint, spec.get("evidence", []), f"touchpoint {spec['key']}")
                self.links(
                    RecordType.TOUCHPOINT,
                    touchpoint.id,
                    spec.get("links", []),
                    f"touchpoint {spec['key']}",
                )
        return existing

    def kpis(
        self, journey: Journey, stages: dict[str, Stage], touchpoints: dict[str, Touchpoint]
    ) -> None:
        specs: list[tuple[dict[str, Any], int | None, int | None]] = []
        for stage_spec in self.data["stages"]:
            stage_pk = stages[stage_spec["key"]].id
            specs += [(k, stage_pk, None) for k in stage_spec.get("kpis", [])]
            for tp in stage_spec["touchpoints"]:
                specs += [(k, None, touchpoints[tp["key"]].id) for k in tp.get("kpis", [])]
        if not specs:
            return
        existing = {
            k.key: k
            for k in self.session.scalars(
                select(Kpi).where(Kpi.journey_id == journey.id).options(selectinload(Kpi.values))
            )
        }
        for position, (spec, stage_id, touchpoint_id) in enumerate(specs):
            fields = {
                "stage_id": stage_id,
                "touchpoint_id": touchpoint_id,
                "position": position,
                "name": spec["name"],
                "unit": spec.get("unit"),
                "target": spec.get("target"),
                "direction": spec.get("direction", "higher_is_better"),
            }
            kpi = existing.get(spec["key"])
            if kpi is None:
                kpi = Kpi(journey_id=journey.id, key=spec["key"], **fields)
                self.session.add(kpi)
                self.session.flush()
                self.changes.append(f"kpi {spec['key']} created")
            else:
                self.note(f"kpi {spec['key']}", assign_changed(kpi, fields))
            values = {v.observed_on: v for v in kpi.values}
            for i, observed in enumerate(spec.get("observed", [])):
                on = date.fromisoformat(observed["on"])
                value = values.get(on)
                if value is None:
                    kpi.values.append(KpiValue(observed_on=on, value=observed["value"], position=i))
                    self.changes.append(f"kpi {spec['key']} observed {on}")
                else:
                    self.note(
                        f"kpi {spec['key']} {on}",
                        assign_changed(value, {"value": observed["value"], "position": i}),
                    )
        self.session.flush()

    # -- pain points and opportunities --------------------------------------------------

    def pain_points(
        self, journey: Journey, stages: dict[str, Stage], touchpoints: dict[str, Touchpoint]
    ) -> dict[str, PainPoint]:
        existing = {
            p.key: p
            for p in self.session.scalars(
                select(PainPoint).where(PainPoint.journey_id == journey.id)
            )
        }
        for position, spec in enumerate(self.data["pain_points"]):
            key = pain_point_key(spec)
            if "touchpoint" in spec:
                touchpoint = touchpoints[spec["touchpoint"]]
                stage_id, touchpoint_id = touchpoint.stage_id, touchpoint.id
            else:
                stage_id, touchpoint_id = stages[spec["stage"]].id, None
            fields = {
                "stage_id": stage_id,
                "touchpoint_id": touchpoint_id,
                "position": position,
                "title": spec["title"],
                "description": spec.get("description"),
                "impact": spec["impact"],
                "category": spec.get("category", "customer"),
                "status": spec.get("status", "open"),
                "customers_affected": spec.get("customers_affected"),
            }
            pain_point = existing.get(key)
            if pain_point is None:
                pain_point = PainPoint(journey_id=journey.id, key=key, **fields)
                self.session.add(pain_point)
                self.session.flush()
                existing[key] = pain_point
                self.uow.record(
                    "pain_point.created",
                    RecordType.PAIN_POINT,
                    pain_point.id,
                    journey_id=journey.id,
                    data={"key": key, "title": spec["title"], "impact": spec["impact"]},
                )
                self.changes.append(f"pain point {key} created")
            else:
                self.note(f"pain point {key}", assign_changed(pain_point, fields))
            self.evidence(pain_point, spec.get("evidence", []), f"pain point {key}")
            self.links(
                RecordType.PAIN_POINT, pain_point.id, spec.get("links", []), f"pain point {key}"
            )
        return existing

    def opportunities(self, journey: Journey, pain_points: dict[str, PainPoint]) -> None:
        existing = {
            o.key: o
            for o in self.session.scalars(
                select(Opportunity)
                .where(Opportunity.journey_id == journey.id)
                .options(selectinload(Opportunity.addresses))
            )
        }
        for position, spec in enumerate(self.data["opportunities"]):
            key = opportunity_key(spec)
            fields = {
                "position": position,
                "title": spec["title"],
                "description": spec.get("description"),
                "customer_value": spec.get("customer_value"),
                "business_value": spec.get("business_value"),
                "effort": spec.get("effort"),
                "owner": spec.get("owner"),
                "due_date": _date(spec.get("due_date")),
                "status": spec.get("status", "idea"),
            }
            opportunity = existing.get(key)
            if opportunity is None:
                opportunity = Opportunity(journey_id=journey.id, key=key, **fields)
                self.session.add(opportunity)
                self.session.flush()
                self.uow.record(
                    "opportunity.created",
                    RecordType.OPPORTUNITY,
                    opportunity.id,
                    journey_id=journey.id,
                    data={"key": key, "title": spec["title"]},
                )
                self.changes.append(f"opportunity {key} created")
            else:
                self.note(f"opportunity {key}", assign_changed(opportunity, fields))
            wanted = [pain_points[ref].id for ref in spec.get("addresses", [])]
            if [a.pain_point_id for a in opportunity.addresses] != wanted:
                # Keep the rows that stay: the flush inserts new rows before it deletes
                # orphans, and a re-created row would hit the unique constraint.
                kept = {a.pain_point_id: a for a in opportunity.addresses}
                opportunity.addresses = [
                    kept.get(pid)
                    or OpportunityPainPoint(opportunity_id=opportunity.id, pain_point_id=pid)
                    for pid in wanted
                ]
                for i, row in enumerate(opportunity.addresses):
                    row.position = i
                self.session.flush()
                self.changes.append(f"opportunity {key}.addresses")
            self.links(
                RecordType.OPPORTUNITY, opportunity.id, spec.get("links", []), f"opportunity {key}"
            )

    # -- evidence and links -------------------------------------------------------------

    def evidence(
        self, target: PainPoint | Touchpoint, specs: list[dict[str, Any]], what: str
    ) -> None:
        for spec in specs:
            captured_at = spec.get("captured_at")
            proof = EvidenceInput(
                kind=spec["kind"],
                text=spec["text"],
                source=spec.get("source"),
                external_id=spec.get("external_id"),
                permalink=spec.get("permalink"),
                author=spec.get("author"),
                captured_by=spec.get("captured_by"),
                captured_at=datetime.fromisoformat(captured_at) if captured_at else None,
                note=spec.get("note"),
                solicited=spec.get("solicited"),
                sentiment=spec.get("sentiment"),
            )
            evidence, outcome = attach_evidence(self.uow, target, proof)
            if outcome != "unchanged":
                self.changes.append(f"{what} evidence {evidence.identity} {outcome}")

    def links(
        self, record_type: RecordType, record_id: int, specs: list[dict[str, Any]], what: str
    ) -> None:
        if not specs:
            return
        existing = {
            (link.system, link.external_id): link
            for link in self.session.scalars(
                select(Link).where(
                    Link.record_type == record_type.value, Link.record_id == record_id
                )
            )
        }
        for spec in specs:
            fields = {"kind": spec["kind"], "url": spec.get("url"), "title": spec.get("title")}
            link = existing.get((spec["system"], spec["external_id"]))
            if link is None:
                link = Link(
                    record_type=record_type.value,
                    record_id=record_id,
                    system=spec["system"],
                    external_id=spec["external_id"],
                    **fields,
                )
                self.session.add(link)
                existing[(link.system, link.external_id)] = link
                self.changes.append(f"{what} link {spec['system']}:{spec['external_id']}")
            else:
                self.note(f"{what} link {spec['external_id']}", assign_changed(link, fields))
        self.session.flush()
