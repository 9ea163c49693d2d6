"""Delivery status from the tracker moves opportunities, and a shipped fix its pain points."""

import pytest
from sqlalchemy import select

from core.model import Event, Opportunity, PainPoint
from core.services.delivery import apply_delivery_status
from core.store import UnitOfWork


def opportunity(uow: UnitOfWork, key: str = "delivery-cost-in-basket") -> Opportunity:
    return uow.session.scalars(select(Opportunity).where(Opportunity.key == key)).one()


def pain(uow: UnitOfWork, key: str = "hidden-delivery-cost") -> PainPoint:
    return uow.session.scalars(select(PainPoint).where(PainPoint.key == key)).one()


def actions(uow: UnitOfWork) -> list[str]:
    uow.session.flush()
    return list(
        uow.session.scalars(
            select(Event.action)
            .where(Event.action.in_(["opportunity.status_changed", "pain_point.fix_shipped"]))
            .order_by(Event.id)
        )
    )


@pytest.mark.parametrize(
    ("category", "status"),
    [("new", "planned"), ("indeterminate", "in_progress"), ("done", "done")],
)
def test_a_status_category_moves_the_opportunity(
    uow: UnitOfWork, checkout: str, category: str, status: str
) -> None:
    opportunity(uow).status = "idea"
    change = apply_delivery_status(uow, opportunity(uow), category, issue_key="CX-1")
    assert change.opportunity_status == status
    assert opportunity(uow).status == status


def test_done_ships_the_fix_of_the_pain_points_it_addresses(uow: UnitOfWork, checkout: str) -> None:
    assert pain(uow).status == "open"
    change = apply_delivery_status(uow, opportunity(uow), "done", issue_key="CX-1")
    assert pain(uow).status == "fix_shipped"
    assert change.fixed_pain_points == [pain(uow).id]
    assert actions(uow) == ["opportunity.status_changed", "pain_point.fix_shipped"]


def test_the_same_status_twice_changes_nothing(uow: UnitOfWork, checkout: str) -> None:
    apply_delivery_status(uow, opportunity(uow), "done")
    again = apply_delivery_status(uow, opportunity(uow), "done")
    assert not again.changed
    assert len(actions(uow)) == 2


def test_decisions_made_here_are_kept(uow: UnitOfWork, checkout: str) -> None:
    pain(uow).status = "wont_fix"
    apply_delivery_status(uow, opportunity(uow), "done")
    assert pain(uow).status == "wont_fix", "a person decided; a shipped epic does not undo it"
    opportunity(uow).status = "dropped"
    assert not apply_delivery_status(uow, opportunity(uow), "indeterminate").changed
    assert opportunity(uow).status == "dropped"


def test_an_unknown_category_changes_nothing(uow: UnitOfWork, checkout: str) -> None:
    before = opportunity(uow).status
    assert not apply_delivery_status(uow, opportunity(uow), "undefined").changed
    assert opportunity(uow).status == before
