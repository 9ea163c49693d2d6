"""Evidence: snapshot and hash, merged on a second capture, redacted when asked."""

import hashlib
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from core.enums import EvidenceKind
from core.errors import BadInput
from core.model import Event, Evidence
from core.services.evidence import EvidenceInput, attach_evidence, evidence_for
from core.services.lookup import journey_by_key, pain_point_by_key, touchpoint_by_key
from core.store import Store, UnitOfWork

THREAD = EvidenceInput(
    kind=EvidenceKind.SLACK_THREAD,
    text="Customer: I only saw the delivery fee after typing my card. Cancelled.",
    source="slack",
    external_id="C0123/1727000000.001200",
    permalink="https://acme.slack.com/archives/C0123/p1727000000001200",
    author="U0SUPPORT",
    captured_by="U0LEAD",
    captured_at=datetime(2026, 10, 2, 14, 31, tzinfo=UTC),
)


def _pain(uow: UnitOfWork, key: str = "hidden-delivery-cost"):  # type: ignore[no-untyped-def]
    return pain_point_by_key(uow, journey_by_key(uow, "ecommerce-checkout"), key)


def test_snapshot_and_its_sha256_are_stored(uow: UnitOfWork, checkout: str) -> None:
    evidence, outcome = attach_evidence(uow, _pain(uow), THREAD)
    assert outcome == "created"
    assert evidence.text == THREAD.text
    assert evidence.content_sha256 == hashlib.sha256(THREAD.text.encode()).hexdigest()
    assert evidence.identity == "slack:C0123/1727000000.001200"


def test_the_same_message_twice_is_merged_not_doubled(uow: UnitOfWork, checkout: str) -> None:
    pain = _pain(uow)
    count = len(evidence_for(uow, pain))
    first, _ = attach_evidence(uow, pain, THREAD)
    edited = EvidenceInput(
        kind=THREAD.kind,
        text=THREAD.text + " (edited)",
        source=THREAD.source,
        external_id=THREAD.external_id,
    )
    second, outcome = attach_evidence(uow, pain, edited)
    assert outcome == "merged" and second.id == first.id
    assert len(evidence_for(uow, pain)) == count + 1
    assert second.text.endswith("(edited)")
    assert second.permalink == THREAD.permalink, "what the first capture knew is kept"
    assert attach_evidence(uow, pain, edited)[1] == "unchanged"
    merged = uow.session.scalar(
        select(func.count()).select_from(Event).where(Event.action == "evidence.merged")
    )
    assert merged == 1


def test_the_same_message_may_prove_two_records(uow: UnitOfWork, checkout: str) -> None:
    attach_evidence(uow, _pain(uow), THREAD)
    journey = journey_by_key(uow, "ecommerce-checkout")
    _, outcome = attach_evidence(uow, touchpoint_by_key(uow, journey, "card-entry"), THREAD)
    assert outcome == "created"


def test_proof_without_an_outside_id_is_identified_by_its_text(
    uow: UnitOfWork, checkout: str
) -> None:
    note = EvidenceInput(kind=EvidenceKind.OBSERVATION, text="Watched 3 of 5 users miss the fee")
    first, _ = attach_evidence(uow, _pain(uow), note)
    again, outcome = attach_evidence(uow, _pain(uow), note)
    assert again.id == first.id and outcome == "unchanged"
    assert first.identity.startswith("sha256:")


def test_redaction_is_a_workspace_setting(store: Store) -> None:
    from core.services.journey_files import import_journey_files
    from tests.conftest import EXAMPLES

    with store.unit_of_work("private") as uow:
        uow.workspace.redact_snapshots = True
        import_journey_files(uow, [EXAMPLES / "ecommerce-checkout.yaml"])
        proof = EvidenceInput(
            kind=EvidenceKind.TICKET,
            text="Reach me at jane.doe@example.com or +44 7700 900123 about order 4711",
            source="zendesk",
            external_id="48213",
        )
        evidence, _ = attach_evidence(uow, _pain(uow), proof)
        assert evidence.text == "Reach me at [email] or [phone] about order 4711"
        assert evidence.content_sha256 == hashlib.sha256(evidence.text.encode()).hexdigest()
    with store.unit_of_work("open") as uow:
        import_journey_files(uow, [EXAMPLES / "ecommerce-checkout.yaml"])
        evidence, _ = attach_evidence(uow, _pain(uow), proof)
        assert "jane.doe@example.com" in evidence.text


@pytest.mark.parametrize(
    ("proof", "message"),
    [
        (EvidenceInput(kind=EvidenceKind.TICKET, text="x" * 40_001), "limit is 40,000"),
        (EvidenceInput(kind=EvidenceKind.TICKET, text="x", sentiment=3), "between -2 and"),
        (EvidenceInput(kind="gossip", text="x"), "unknown evidence kind"),  # type: ignore[arg-type]
    ],
)
def test_refused_evidence_changes_nothing(
    uow: UnitOfWork, checkout: str, proof: EvidenceInput, message: str
) -> None:
    before = uow.session.scalar(select(func.count()).select_from(Evidence))
    with pytest.raises(BadInput, match=message):
        attach_evidence(uow, _pain(uow), proof)
    assert uow.session.scalar(select(func.count()).select_from(Evidence)) == before
