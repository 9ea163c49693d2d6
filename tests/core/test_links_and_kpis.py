"""Links to outside objects are unique; KPI values are recorded per day."""

from datetime import date

import pytest
from sqlalchemy import select

from core.enums import RecordType
from core.errors import AlreadyLinked, NotFound
from core.model import Kpi
from core.services.kpis import record_kpi_value
from core.services.links import link_record, links_of
from core.store import UnitOfWork


def test_a_record_links_once_to_an_outside_object(uow: UnitOfWork) -> None:
    link_record(uow, RecordType.OPPORTUNITY, 7, system="jira", kind="issue", external_id="SHOP-1")
    with pytest.raises(AlreadyLinked, match="already linked to jira SHOP-1"):
        link_record(
            uow, RecordType.OPPORTUNITY, 7, system="jira", kind="issue", external_id="SHOP-1"
        )
    link_record(uow, RecordType.OPPORTUNITY, 8, system="jira", kind="issue", external_id="SHOP-1")
    link_record(
        uow, RecordType.OPPORTUNITY, 7, system="confluence", kind="page", external_id="SHOP-1"
    )
    assert [(lk.system, lk.external_id) for lk in links_of(uow, RecordType.OPPORTUNITY, 7)] == [
        ("jira", "SHOP-1"),
        ("confluence", "SHOP-1"),
    ]


def test_a_kpi_value_per_day_replaces_the_earlier_one(uow: UnitOfWork, checkout: str) -> None:
    kpi_key = uow.session.scalars(select(Kpi.key).order_by(Kpi.id)).first()
    assert kpi_key is not None
    record_kpi_value(uow, checkout, kpi_key, date(2026, 11, 2), 41.0)
    value = record_kpi_value(uow, checkout, kpi_key, date(2026, 11, 2), 43.5)
    kpi = uow.session.scalars(select(Kpi).where(Kpi.key == kpi_key)).one()
    uow.session.refresh(kpi)
    on_day = [v.value for v in kpi.values if v.observed_on == date(2026, 11, 2)]
    assert on_day == [43.5] and value.value == 43.5


def test_an_unknown_kpi_is_not_found(uow: UnitOfWork, checkout: str) -> None:
    with pytest.raises(NotFound, match="no KPI 'nps'"):
        record_kpi_value(uow, checkout, "nps", date(2026, 11, 2), 1.0)
