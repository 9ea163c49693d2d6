"""Links from our records to outside objects (Jira issues, pages, threads, tickets)."""

from sqlalchemy import select

from core.enums import RecordType
from core.errors import AlreadyLinked
from core.model import Link
from core.store import UnitOfWork


def link_record(
    uow: UnitOfWork,
    record_type: RecordType,
    record_id: int,
    *,
    system: str,
    kind: str,
    external_id: str,
    url: str | None = None,
    title: str | None = None,
    journey_id: int | None = None,
) -> Link:
    """Link one of our records to an outside object.

    Raises:
        AlreadyLinked: that record is already linked to that object (system + external id).
    """
    existing = uow.session.scalar(
        select(Link).where(
            Link.record_type == record_type.value,
            Link.record_id == record_id,
            Link.system == system,
            Link.external_id == external_id,
        )
    )
    if existing is not None:
        raise AlreadyLinked(
            f"{record_type.value} {record_id} is already linked to {system} {external_id}"
        )
    link = Link(
        record_type=record_type.value,
        record_id=record_id,
        system=system,
        kind=kind,
        external_id=external_id,
        url=url,
        title=title,
    )
    uow.session.add(link)
    uow.session.flush()
    uow.record(
        "link.created",
        record_type,
        record_id,
        journey_id=journey_id,
        data={"system": system, "kind": kind, "external_id": external_id},
    )
    return link


def links_of(uow: UnitOfWork, record_type: RecordType, record_id: int) -> list[Link]:
    """The links of one record, oldest first."""
    return list(
        uow.session.scalars(
            select(Link)
            .where(Link.record_type == record_type.value, Link.record_id == record_id)
            .order_by(Link.id)
        )
    )
