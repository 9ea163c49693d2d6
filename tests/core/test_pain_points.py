"""Logging pain points through the service, with evidence and an event trail."""

import pytest
from sqlalchemy import select

from core.enums import EvidenceKind, Impact
from core.errors import BadInput, NotFound
from core.model import Event, PainPoint
from core.services.evidence import EvidenceInput, evidence_for
from core.services.lookup import journey_by_key, pain_point_by_key
from core.services.pain_points import log_pain_point, update_pain_point
from core.store import UnitOfWork

MESSAGE = EvidenceInput(
    kind=EvidenceKind.SLACK_MESSAGE,
    text="customer says shipping cost shows up only at the very end",
    source="slack",
    external_id="C0123/1727000000.001200",
    permalink="https://acme.slack.com/archives/C0123/p1727000000001200",
    author="U0SUPPORT",
)


def test_a_pain_point_at_a_step_keeps_the_message_as_evidence(
    uow: UnitOfWork, checkout: str
) -> None:
    pain = log_pain_point(
        uow,
        checkout,
        "Shipping cost shown too late",
        touchpoint_key="card-entry",
        impact=Impact.ABANDON,
        evidence=MESSAGE,
    )
    assert pain.key == "shipping-cost-shown-too-late"
    assert pain.touchpoint is not None and pain.touchpoint.key == "card-entry"
    assert pain.stage.key == "payment"
    assert pain.status == "open" and pain.impact == "abandon"
    [evidence] = evidence_for(uow, pain)
    assert evidence.permalink == MESSAGE.permalink
    assert evidence.text == MESSAGE.text
    actions = uow.session.scalars(
        select(Event.action).where(Event.journey_id == pain.journey_id).order_by(Event.id)
    ).all()
    assert actions[-2:] == ["pain_point.created", "evidence.attached"]
    event = uow.session.scalars(select(Event).order_by(Event.id.desc())).first()
    assert event is not None and event.actor == "tester" and event.origin == "cli"


def test_a_pain_point_can_sit_on_a_whole_stage(uow: UnitOfWork, checkout: str) -> None:
    pain = log_pain_point(uow, checkout, "Too many steps", stage_key="payment")
    assert pain.touchpoint_id is None and pain.stage.key == "payment"


def test_the_same_title_twice_gets_a_second_key(uow: UnitOfWork, checkout: str) -> None:
    first = log_pain_point(uow, checkout, "Card declined", touchpoint_key="card-entry")
    second = log_pain_point(uow, checkout, "Card declined", touchpoint_key="card-entry")
    assert (first.key, second.key) == ("card-declined", "card-declined-2")


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"journey_key": "nope", "touchpoint_key": "card-entry"}, NotFound, "no journey 'nope'"),
        ({"touchpoint_key": "nope"}, NotFound, "no step 'nope'"),
        ({"stage_key": "nope"}, NotFound, "no stage 'nope'"),
        ({}, BadInput, "give the step"),
        ({"touchpoint_key": "card-entry", "stage_key": "payment"}, BadInput, "give the step"),
        ({"touchpoint_key": "card-entry", "title": "  "}, BadInput, "needs a title"),
        ({"touchpoint_key": "card-entry", "title": "x" * 301}, BadInput, "under 300"),
        ({"touchpoint_key": "card-entry", "customers_affected": -1}, BadInput, "negative"),
    ],
)
def test_bad_input_changes_nothing(
    uow: UnitOfWork, checkout: str, kwargs: dict[str, object], error: type, message: str
) -> None:
    before = uow.session.scalars(select(PainPoint.key)).all()
    args: dict[str, object] = {"journey_key": checkout, "title": "Something hurts"} | kwargs
    with pytest.raises(error, match=message):
        log_pain_point(uow, **args)  # type: ignore[arg-type]
    assert uow.session.scalars(select(PainPoint.key)).all() == before


def test_update_logs_before_and_after(uow: UnitOfWork, checkout: str) -> None:
    pain = pain_point_by_key(uow, journey_by_key(uow, checkout), "hidden-delivery-cost")
    assert update_pain_point(uow, pain, status="fix_shipped") == ["status"]
    assert update_pain_point(uow, pain, status="fix_shipped") == []
    event = uow.session.scalars(select(Event).order_by(Event.id.desc())).first()
    assert event is not None and event.action == "pain_point.updated"
    assert event.data == {"status": ["open", "fix_shipped"]}
    with pytest.raises(BadInput, match="status must be one of"):
        update_pain_point(uow, pain, status="done")
