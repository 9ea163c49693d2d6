"""Recording observed KPI values."""

from datetime import date

from sqlalchemy import func, select

from core.enums import RecordType
from core.errors import NotFound
from core.model import Kpi, KpiValue
from core.services.lookup import journey_by_key
from core.store import UnitOfWork


def record_kpi_value(
    uow: UnitOfWork, journey_key: str, kpi_key: str, observed_on: date, value: float
) -> KpiValue:
    """Record the value a KPI had on a day; a second value for the same day replaces it.

    Raises:
        NotFound: the journey or the KPI does not exist.
    """
    journey = journey_by_key(uow, journey_key)
    kpi = uow.session.scalar(select(Kpi).where(Kpi.journey_id == journey.id, Kpi.key == kpi_key))
    if kpi is None:
        raise NotFound(f"journey {journey_key!r} has no KPI {kpi_key!r}")
    observed = uow.session.scalar(
        select(KpiValue).where(KpiValue.kpi_id == kpi.id, KpiValue.observed_on == observed_on)
    )
    if observed is None:
        position = uow.session.scalar(select(func.count()).where(KpiValue.kpi_id == kpi.id))
        observed = KpiValue(
            kpi_id=kpi.id, observed_on=observed_on, value=value, position=position or 0
        )
        uow.session.add(observed)
    elif observed.value == value:
        return observed
    else:
        observed.value = value
    uow.session.flush()
    uow.record(
        "kpi.observed",
        RecordType.KPI,
        kpi.id,
        journey_id=journey.id,
        data={"on": observed_on.isoformat(), "value": value},
    )
    return observed
