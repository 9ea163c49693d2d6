"""Attaching evidence: snapshot, hash, redaction and merge of repeated captures."""

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from sqlalchemy import func, select

from core.enums import EvidenceKind, RecordType
from core.errors import BadInput
from core.model import Evidence, PainPoint, Touchpoint, utcnow
from core.redaction import redact_personal_data
from core.services.changes import assign_changed
from core.store import UnitOfWork

MAX_SNAPSHOT_CHARS = 40_000
Outcome = Literal["created", "merged", "unchanged"]


@dataclass(frozen=True)
class EvidenceInput:
    """What a caller knows about one piece of proof."""

    kind: EvidenceKind
    text: str
    source: str | None = None
    external_id: str | None = None
    permalink: str | None = None
    author: str | None = None
    captured_by: str | None = None
    captured_at: datetime | None = None
    note: str | None = None
    solicited: bool | None = None
    sentiment: int | None = None


def content_sha256(text: str) -> str:
    """The sha256 hex digest of a snapshot's UTF-8 text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def evidence_identity(source: str | None, external_id: str | None, text: str) -> str:
    """``<source>:<external id>``, or ``sha256:<hash>`` for proof without an outside id."""
    if external_id:
        return f"{source or 'unknown'}:{external_id}"
    return f"sha256:{content_sha256(text)}"


def as_utc(moment: datetime) -> datetime:
    """``moment`` as an aware UTC datetime (SQLite hands back naive ones)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


@dataclass(frozen=True)
class CheckedProof:
    """Proof that passed the checks, redacted as the workspace asks, with its identity."""

    proof: EvidenceInput
    text: str
    identity: str

    def fields(self) -> dict[str, object]:
        proof = self.proof
        return {
            "kind": str(proof.kind),
            "source": proof.source,
            "external_id": proof.external_id,
            "permalink": proof.permalink,
            "author": proof.author,
            "text": self.text,
            "content_sha256": content_sha256(self.text),
            "note": proof.note,
            "solicited": proof.solicited,
            "sentiment": proof.sentiment,
        }


def check_proof(uow: UnitOfWork, proof: EvidenceInput) -> CheckedProof:
    """Check ``proof`` and redact its snapshot when the workspace asks for it.

    Raises:
        BadInput: the kind is unknown, the sentiment is outside -2..+2, or the snapshot
            is longer than 40,000 characters.
    """
    if proof.kind not in set(EvidenceKind):
        raise BadInput(f"unknown evidence kind {proof.kind!r}")
    if proof.sentiment is not None and not -2 <= proof.sentiment <= 2:
        raise BadInput(f"sentiment must be between -2 and +2, not {proof.sentiment}")
    if len(proof.text) > MAX_SNAPSHOT_CHARS:
        raise BadInput(
            f"the evidence text is {len(proof.text):,} characters; the limit is "
            f"{MAX_SNAPSHOT_CHARS:,}: attach a link and a shorter excerpt"
        )
    text = redact_personal_data(proof.text) if uow.workspace.redact_snapshots else proof.text
    return CheckedProof(proof, text, evidence_identity(proof.source, proof.external_id, text))


def evidence_row(checked: CheckedProof, position: int = 0) -> dict[str, object]:
    """The column values of a new evidence row, without its target."""
    proof = checked.proof
    return {
        "identity": checked.identity,
        "position": position,
        "captured_by": proof.captured_by,
        "captured_at": as_utc(proof.captured_at) if proof.captured_at else utcnow(),
        **checked.fields(),
    }


def new_evidence(
    target: PainPoint | Touchpoint, checked: CheckedProof, position: int = 0
) -> Evidence:
    """An Evidence row for ``target`` (which may not be flushed yet); the caller adds it."""
    return Evidence(
        journey_id=target.journey_id,
        pain_point=target if isinstance(target, PainPoint) else None,
        touchpoint=target if isinstance(target, Touchpoint) else None,
        **evidence_row(checked, position),
    )


def record_evidence_attached(
    uow: UnitOfWork, evidence_id: int, journey_id: int, row: dict[str, object], target: str
) -> None:
    """Log ``evidence.attached``; ``row`` holds the kind, source and ``<target>_id``."""
    uow.record(
        "evidence.attached",
        RecordType.EVIDENCE,
        evidence_id,
        journey_id=journey_id,
        data={
            "kind": row["kind"],
            "source": row["source"],
            "target": target,
            "target_id": row[f"{target}_id"],
        },
    )


def attach_evidence(
    uow: UnitOfWork,
    target: PainPoint | Touchpoint,
    proof: EvidenceInput,
    *,
    new_target: bool = False,
) -> tuple[Evidence, Outcome]:
    """Attach ``proof`` to a pain point or touchpoint; merge a repeated capture.

    The same source and external id attached to the same record again updates the existing
    evidence (new snapshot, permalink, note) instead of adding a second one. The snapshot
    is redacted first when the workspace asks for it, and hashed after redaction, so the
    hash always matches the stored text.

    Args:
        new_target: the target was created in this unit of work and holds no evidence yet,
            so there is nothing to merge with (saves two queries per capture).

    Returns:
        The evidence, and ``created``, ``merged`` (an existing one changed) or
        ``unchanged``.

    Raises:
        BadInput: see ``check_proof``.
    """
    checked = check_proof(uow, proof)
    owner = Evidence.pain_point_id if isinstance(target, PainPoint) else Evidence.touchpoint_id
    position = 0
    if not new_target:
        existing = uow.session.scalar(
            select(Evidence).where(owner == target.id, Evidence.identity == checked.identity)
        )
        if existing is not None:
            return existing, _merge(uow, existing, checked)
        position = uow.session.scalar(select(func.count()).where(owner == target.id)) or 0
    evidence = new_evidence(target, checked, position)
    uow.session.add(evidence)
    uow.session.flush()
    target_name = "pain_point" if evidence.pain_point_id else "touchpoint"
    row: dict[str, object] = {
        "kind": evidence.kind,
        "source": evidence.source,
        f"{target_name}_id": evidence.pain_point_id or evidence.touchpoint_id,
    }
    record_evidence_attached(uow, evidence.id, evidence.journey_id, row, target_name)
    return evidence, "created"


def _merge(uow: UnitOfWork, existing: Evidence, checked: CheckedProof) -> Outcome:
    # A re-capture keeps what the first capture knew when the new one knows less.
    fields = {k: v for k, v in checked.fields().items() if v is not None}
    proof = checked.proof
    if proof.captured_by:
        fields["captured_by"] = proof.captured_by
    if proof.captured_at and as_utc(proof.captured_at) != as_utc(existing.captured_at):
        fields["captured_at"] = as_utc(proof.captured_at)
    changed = assign_changed(existing, fields)
    if not changed:
        return "unchanged"
    uow.record(
        "evidence.merged",
        RecordType.EVIDENCE,
        existing.id,
        journey_id=existing.journey_id,
        data={"changed": changed},
    )
    return "merged"


def evidence_for(uow: UnitOfWork, target: PainPoint | Touchpoint) -> list[Evidence]:
    """The evidence of one pain point or touchpoint, in the order it was attached."""
    owner = Evidence.pain_point_id if isinstance(target, PainPoint) else Evidence.touchpoint_id
    return list(
        uow.session.scalars(
            select(Evidence).where(owner == target.id).order_by(Evidence.position, Evidence.id)
        )
    )
