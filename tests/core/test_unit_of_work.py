"""A unit of work is all or nothing, its event log included."""

import pytest
from sqlalchemy import func, select

from core.enums import Origin
from core.model import Event, PainPoint
from core.services.journey_files import import_journey_files
from core.services.pain_points import log_pain_point
from core.store import Store
from tests.conftest import EXAMPLES


def _count(store: Store, model: type) -> int:
    with store.unit_of_work("w") as uow:
        return uow.session.scalar(select(func.count()).select_from(model)) or 0


def test_a_failed_unit_of_work_leaves_no_change_and_no_event(store: Store) -> None:
    with store.unit_of_work("w") as uow:
        import_journey_files(uow, [EXAMPLES / "ecommerce-checkout.yaml"])
    pains, events = _count(store, PainPoint), _count(store, Event)
    with pytest.raises(RuntimeError), store.unit_of_work("w") as uow:
        log_pain_point(uow, "ecommerce-checkout", "Lost basket", touchpoint_key="card-entry")
        raise RuntimeError("the process died here")
    assert (_count(store, PainPoint), _count(store, Event)) == (pains, events)


def test_events_name_who_and_where_from(store: Store) -> None:
    with store.unit_of_work("w", actor="U0LEAD", origin=Origin.SLACK) as uow:
        import_journey_files(uow, [EXAMPLES / "ecommerce-checkout.yaml"])
        log_pain_point(uow, "ecommerce-checkout", "Lost basket", touchpoint_key="card-entry")
    with store.unit_of_work("w") as uow:
        event = uow.session.scalars(
            select(Event).where(Event.action == "pain_point.created").order_by(Event.id.desc())
        ).first()
        assert event is not None
        seen = (event.actor, event.origin, event.data["title"])
    assert seen == ("U0LEAD", "slack", "Lost basket")
