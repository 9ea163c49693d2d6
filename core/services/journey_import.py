"""Applying a validated journey document to the store: create or update by key.

Import never deletes: a stage, step or pain point missing from the file stays (it may
hold evidence somebody captured in Slack since the file was written). Fields are only
assigned when they differ, so importing the same file twice writes nothing and logs
nothing.

Rows that already exist are updated through the ORM, field by field. New rows go in with
one bulk ``INSERT ... RETURNING`` per table, so a new journey of 50 steps costs a handful
of statements instead of a unit-of-work entry per row.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

from sqlalchemy import bindparam, select
from sqlalchemy.orm import selectinload

from core.enums import RecordType
from core.errors import NotFound
from core.files.validate import opportunity_key, pain_point_key
from core.model import (
    Evidence,
    Journey,
    JourneyPersona,
    Kpi,
    KpiValue,
    Link,
    Opportunity,
    OpportunityPainPoint,
    PainPoint,
    Persona,
    Scoped,
    Stage,
    Touchpoint,
)
from core.services.changes import assign_changed
from core.services.evidence import (
    EvidenceInput,
    attach_evidence,
    check_proof,
    evidence_row,
    record_evidence_attached,
)
from core.services.lookup import journey_by_key
from core.services.ticket_rules import normalized_rule
from core.store import UnitOfWork
from core.store.bulk import insert_rows

Action = Literal["created", "updated", "unchanged"]
Path = tuple[str | int, ...]
PERSONA_LISTS = ("goals", "needs", "motivations", "frustrations", "behaviours")
PERSONA_TEXTS = ("role", "quote", "decision_role")
# Built once: a statement reused with new parameters skips SQLAlchemy's per-call work.
JOURNEY_BY_KEY = (
    select(Journey)
    .where(Journey.key == bindparam("key"))
    .options(selectinload(Journey.other_personas))
)
PERSONA_BY_KEY = select(Persona).where(Persona.key == bindparam("key"))


@dataclass
class ImportOutcome:
    """What importing one journey did."""

    key: str
    action: Action
    changes: list[str] = field(default_factory=list)


class DocumentProblem(Exception):
    """A document that passed validation still names something the store lacks."""

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.message = message


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _proof(spec: dict[str, Any]) -> EvidenceInput:
    captured_at = spec.get("captured_at")
    return EvidenceInput(
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


def apply_journey_document(uow: UnitOfWork, data: dict[str, Any]) -> ImportOutcome:
    """Create or update the journey ``data["key"]`` so that it says what ``data`` says.

    ``data`` must have passed ``core.files.validate.validate_document``.

    Raises:
        DocumentProblem: ``improves`` or a persona key names something that is not in the
            store (define or import it first, or in the same run).
    """
    # Each read below needs only what was flushed explicitly; without autoflush the event
    # log is written once per unit of work instead of before every query.
    with uow.session.no_autoflush:
        return _Applier(uow, data).apply()


class _Applier:
    def __init__(self, uow: UnitOfWork, data: dict[str, Any]) -> None:
        self.uow = uow
        self.session = uow.session
        self.data = data
        self.changes: list[str] = []
        self.created = False
        self.journey_id = 0

    def note(self, what: str, changed: list[str]) -> None:
        self.changes += [f"{what}.{name}" for name in changed]

    def existing(self, model: type[Any], *options: Any) -> dict[str, Any]:
        """This journey's rows of ``model`` by key; nothing to look up for a new journey."""
        if self.created:
            return {}
        query = select(model).where(model.journey_id == self.journey_id).options(*options)
        return {row.key: row for row in self.session.scalars(query)}

    def insert_rows(self, model: type[Scoped], rows: list[dict[str, Any]]) -> list[int]:
        return insert_rows(self.session, model, rows, self.uow.workspace_id)

    def upsert(
        self, model: type[Scoped], existing: dict[str, Any], rows: list[dict[str, Any]], what: str
    ) -> dict[str, int]:
        """Update the rows that exist, insert the rest; the id of every row by key."""
        ids: dict[str, int] = {}
        fresh = []
        for row in rows:
            current = existing.get(row["key"])
            if current is None:
                fresh.append({"journey_id": self.journey_id, **row})
                continue
            fields = {name: value for name, value in row.items() if name != "key"}
            self.note(f"{what} {row['key']}", assign_changed(current, fields))
            ids[row["key"]] = current.id
        for row, new_id in zip(fresh, self.insert_rows(model, fresh), strict=True):
            ids[row["key"]] = new_id
            self.changes.append(f"{what} {row['key']} created")
        return ids

    # -- the journey --------------------------------------------------------------------

    def apply(self) -> ImportOutcome:
        data = self.data
        journey = self.session.scalar(JOURNEY_BY_KEY, {"key": data["key"]})
        self.created = journey is None
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
            "improves_id": self.improves(data.get("improves")),
            "persona_id": (
                self.persona(data["persona"], ("persona",)).id if data["persona"] else None
            ),
        }
        others = [self.persona(p, ("personas", n)) for n, p in enumerate(data.get("personas", []))]
        if journey is None:
            version = data.get("version", 1)
            [self.journey_id] = self.insert_rows(
                Journey, [{"key": data["key"], "version": version, **fields}]
            )
            self.insert_rows(
                JourneyPersona,
                [
                    {"journey_id": self.journey_id, "persona_id": persona.id, "position": i}
                    for i, persona in enumerate(others)
                ],
            )
        else:
            self.note("journey", assign_changed(journey, fields))
            self.journey_id = journey.id
            self.other_personas(journey, others)
        stages = self.stages()
        touchpoints = self.touchpoints(stages)
        self.kpis(stages, touchpoints)
        pain_points = self.pain_points(stages, touchpoints)
        self.opportunities(pain_points)
        self.links(RecordType.JOURNEY, {self.journey_id: data.get("links", [])}, "journey")
        if journey is None:
            self.uow.record(
                "journey.created",
                RecordType.JOURNEY,
                self.journey_id,
                journey_id=self.journey_id,
                data={"key": data["key"], "via": "import"},
            )
            return ImportOutcome(data["key"], "created")
        # Rows went in around the ORM: let the journey's collections load afresh.
        self.session.expire(journey, ["stages"])
        return self.finish(journey)

    def finish(self, journey: Journey) -> ImportOutcome:
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

    # -- personas -----------------------------------------------------------------------

    def persona(self, spec: dict[str, Any] | str, path: Path) -> Persona:
        key = spec if isinstance(spec, str) else spec["key"]
        persona = self.session.scalar(PERSONA_BY_KEY, {"key": key})
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
        # Keep the rows that stay: the flush inserts new rows before it deletes orphans,
        # and a re-created row would hit the unique constraint.
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

    def stages(self) -> dict[str, int]:
        rows = [
            {
                "key": spec["key"],
                "name": spec["name"],
                "position": i,
                "customer_goal": spec.get("customer_goal"),
            }
            for i, spec in enumerate(self.data["stages"])
        ]
        return self.upsert(Stage, self.existing(Stage), rows, "stage")

    def touchpoints(self, stages: dict[str, int]) -> dict[str, int]:
        specs = [
            (stage["key"], spec) for stage in self.data["stages"] for spec in stage["touchpoints"]
        ]
        rows = [
            {
                "key": spec["key"],
                "stage_id": stages[stage_key],
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
                "ticket_rules": [normalized_rule(r) for r in spec.get("tickets", [])],
            }
            for position, (stage_key, spec) in enumerate(specs)
        ]
        existing = self.existing(Touchpoint)
        ids = self.upsert(Touchpoint, existing, rows, "touchpoint")
        evidence = {ids[s["key"]]: s["evidence"] for _, s in specs if s.get("evidence")}
        self.evidence(Touchpoint, existing, evidence, "touchpoint")
        links = {ids[s["key"]]: s["links"] for _, s in specs if s.get("links")}
        self.links(RecordType.TOUCHPOINT, links, "touchpoint")
        return ids

    def kpis(self, stages: dict[str, int], touchpoints: dict[str, int]) -> None:
        owned: list[tuple[dict[str, Any], int | None, int | None]] = []
        for stage in self.data["stages"]:
            owned += [(k, stages[stage["key"]], None) for k in stage.get("kpis", [])]
            for tp in stage["touchpoints"]:
                owned += [(k, None, touchpoints[tp["key"]]) for k in tp.get("kpis", [])]
        if not owned:
            return
        rows = [
            {
                "key": spec["key"],
                "stage_id": stage_id,
                "touchpoint_id": touchpoint_id,
                "position": position,
                "name": spec["name"],
                "unit": spec.get("unit"),
                "target": spec.get("target"),
                "direction": spec.get("direction", "higher_is_better"),
            }
            for position, (spec, stage_id, touchpoint_id) in enumerate(owned)
        ]
        existing = self.existing(Kpi, selectinload(Kpi.values))
        ids = self.upsert(Kpi, existing, rows, "kpi")
        fresh_values = []
        for spec, _, _ in owned:
            kpi = existing.get(spec["key"])
            values = {v.observed_on: v for v in kpi.values} if kpi else {}
            for i, observed in enumerate(spec.get("observed", [])):
                on = date.fromisoformat(observed["on"])
                value = values.get(on)
                if value is None:
                    fresh_values.append(
                        {
                            "kpi_id": ids[spec["key"]],
                            "observed_on": on,
                            "value": observed["value"],
                            "position": i,
                        }
                    )
                    self.changes.append(f"kpi {spec['key']} observed {on}")
                else:
                    changed = assign_changed(value, {"value": observed["value"], "position": i})
                    self.note(f"kpi {spec['key']} {on}", changed)
        self.insert_rows(KpiValue, fresh_values)

    # -- pain points and opportunities --------------------------------------------------

    def pain_points(self, stages: dict[str, int], touchpoints: dict[str, int]) -> dict[str, int]:
        stage_of_touchpoint = {
            tp["key"]: stage["key"] for stage in self.data["stages"] for tp in stage["touchpoints"]
        }
        rows = []
        for position, spec in enumerate(self.data["pain_points"]):
            step = spec.get("touchpoint")
            rows.append(
                {
                    "key": pain_point_key(spec),
                    "stage_id": stages[stage_of_touchpoint[step] if step else spec["stage"]],
                    "touchpoint_id": touchpoints[step] if step else None,
                    "position": position,
                    "title": spec["title"],
                    "description": spec.get("description"),
                    "impact": spec["impact"],
                    "category": spec.get("category", "customer"),
                    "status": spec.get("status", "open"),
                    "customers_affected": spec.get("customers_affected"),
                }
            )
        existing = self.existing(PainPoint)
        ids = self.upsert(PainPoint, existing, rows, "pain point")
        for row in rows:
            if row["key"] not in existing:
                self.uow.record(
                    "pain_point.created",
                    RecordType.PAIN_POINT,
                    ids[row["key"]],
                    journey_id=self.journey_id,
                    data={"key": row["key"], "title": row["title"], "impact": row["impact"]},
                )
        specs = self.data["pain_points"]
        evidence = {ids[pain_point_key(s)]: s["evidence"] for s in specs if s.get("evidence")}
        self.evidence(PainPoint, existing, evidence, "pain_point")
        links = {ids[pain_point_key(s)]: s["links"] for s in specs if s.get("links")}
        self.links(RecordType.PAIN_POINT, links, "pain point")
        return ids

    def opportunities(self, pain_points: dict[str, int]) -> None:
        rows = [
            {
                "key": opportunity_key(spec),
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
            for position, spec in enumerate(self.data["opportunities"])
        ]
        existing = self.existing(Opportunity, selectinload(Opportunity.addresses))
        ids = self.upsert(Opportunity, existing, rows, "opportunity")
        fresh_addresses = []
        for spec, row in zip(self.data["opportunities"], rows, strict=True):
            key = row["key"]
            wanted = [pain_points[ref] for ref in spec.get("addresses", [])]
            opportunity = existing.get(key)
            if opportunity is None:
                self.uow.record(
                    "opportunity.created",
                    RecordType.OPPORTUNITY,
                    ids[key],
                    journey_id=self.journey_id,
                    data={"key": key, "title": row["title"]},
                )
                fresh_addresses += [
                    {"opportunity_id": ids[key], "pain_point_id": pid, "position": i}
                    for i, pid in enumerate(wanted)
                ]
            elif [a.pain_point_id for a in opportunity.addresses] != wanted:
                # Keep the rows that stay: the flush inserts new rows before it deletes
                # orphans, and a re-created row would hit the unique constraint.
                kept = {a.pain_point_id: a for a in opportunity.addresses}
                opportunity.addresses = [
                    kept.get(pid)
                    or OpportunityPainPoint(opportunity_id=opportunity.id, pain_point_id=pid)
                    for pid in wanted
                ]
                for i, address in enumerate(opportunity.addresses):
                    address.position = i
                self.session.flush()
                self.changes.append(f"opportunity {key}.addresses")
        self.insert_rows(OpportunityPainPoint, fresh_addresses)
        links = {
            ids[row["key"]]: spec["links"]
            for spec, row in zip(self.data["opportunities"], rows, strict=True)
            if spec.get("links")
        }
        self.links(RecordType.OPPORTUNITY, links, "opportunity")

    # -- evidence and links -------------------------------------------------------------

    def evidence(
        self,
        model: type[PainPoint] | type[Touchpoint],
        existing: dict[str, Any],
        specs_by_target: dict[int, list[dict[str, Any]]],
        target: str,
    ) -> None:
        """Attach evidence: merged into what an existing record holds, bulk for new ones."""
        old_ids = {record.id: record for record in existing.values()}
        fresh: list[dict[str, Any]] = []
        for target_id, specs in specs_by_target.items():
            record = old_ids.get(target_id)
            if record is not None:
                for spec in specs:
                    evidence, outcome = attach_evidence(self.uow, record, _proof(spec))
                    if outcome != "unchanged":
                        self.changes.append(f"{target} evidence {evidence.identity} {outcome}")
                continue
            seen: set[str] = set()
            for position, spec in enumerate(specs):
                checked = check_proof(self.uow, _proof(spec))
                if checked.identity in seen:
                    continue  # the same proof twice in one list counts once
                seen.add(checked.identity)
                fresh.append(
                    {
                        "journey_id": self.journey_id,
                        "pain_point_id": target_id if model is PainPoint else None,
                        "touchpoint_id": target_id if model is Touchpoint else None,
                        **evidence_row(checked, position),
                    }
                )
        for row, evidence_id in zip(fresh, self.insert_rows(Evidence, fresh), strict=True):
            record_evidence_attached(self.uow, evidence_id, self.journey_id, row, target)
            self.changes.append(f"{target} evidence {row['identity']} created")

    def links(
        self, record_type: RecordType, specs_by_record: dict[int, list[dict[str, Any]]], what: str
    ) -> None:
        if not specs_by_record:
            return
        existing = (
            {}
            if self.created
            else {
                (link.record_id, link.system, link.external_id): link
                for link in self.session.scalars(
                    select(Link).where(
                        Link.record_type == record_type.value,
                        Link.record_id.in_(list(specs_by_record)),
                    )
                )
            }
        )
        fresh = []
        for record_id, specs in specs_by_record.items():
            for spec in specs:
                fields = {"kind": spec["kind"], "url": spec.get("url"), "title": spec.get("title")}
                link = existing.get((record_id, spec["system"], spec["external_id"]))
                if link is not None:
                    self.note(f"{what} link {spec['external_id']}", assign_changed(link, fields))
                    continue
                fresh.append(
                    {
                        "record_type": record_type.value,
                        "record_id": record_id,
                        "system": spec["system"],
                        "external_id": spec["external_id"],
                        **fields,
                    }
                )
                self.changes.append(f"{what} link {spec['system']}:{spec['external_id']}")
        self.insert_rows(Link, fresh)
