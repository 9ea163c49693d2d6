"""Webhook delivery bookkeeping: apply each delivery once, across processes and restarts.

Senders retry (Jira redelivers with the same ``X-Atlassian-Webhook-Identifier``), and with
several workers two copies can arrive at once. The delivery id is inserted in the same
transaction as the change it makes; the table's unique constraint decides who was first.
"""

from datetime import datetime, timedelta
from typing import cast

from sqlalchemy import Table, delete, insert
from sqlalchemy.exc import IntegrityError

from core.model import WebhookDelivery, utcnow
from core.store import UnitOfWork

# Far longer than any sender keeps retrying; rows older than this may be pruned.
RETENTION = timedelta(days=30)
# Core on the session's connection: one plain INSERT per webhook, without the ORM's
# per-statement work (the workspace id is set explicitly, as in ``core.store.bulk``).
INSERT_DELIVERY = insert(cast(Table, WebhookDelivery.__table__))


def first_delivery(
    uow: UnitOfWork, source: str, delivery_id: str, *, at: datetime | None = None
) -> bool:
    """Record that ``source`` delivered ``delivery_id``; False when it was already recorded.

    Call it first in the unit of work that applies the delivery, before any other change:
    the row commits with that change or not at all. On a duplicate the unit of work is
    rolled back (on PostgreSQL a failed insert aborts the transaction anyway) and the
    caller must change nothing more in it. A concurrent copy of the same delivery waits
    for this transaction, then gets False.
    """
    row = {
        "workspace_id": uow.workspace_id,
        "source": source,
        "delivery_id": delivery_id,
        "received_at": at or utcnow(),
    }
    try:
        uow.session.connection().execute(INSERT_DELIVERY, row)
    except IntegrityError:
        uow.rollback()
        return False
    return True


def forget_deliveries(
    uow: UnitOfWork, *, older_than: timedelta = RETENTION, now: datetime | None = None
) -> int:
    """Delete the workspace's delivery ids received more than ``older_than`` ago.

    For a periodic job: a delivery redelivered after that long would be applied again,
    which the status it carries makes harmless. Returns the number of rows deleted.
    """
    cutoff = (now or utcnow()) - older_than
    result = uow.session.execute(
        delete(WebhookDelivery)
        .where(WebhookDelivery.received_at < cutoff)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)
