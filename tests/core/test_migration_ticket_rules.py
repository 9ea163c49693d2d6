"""Migration 0004 on a database that already holds journeys: every existing step gets an
empty rule list, and going back down and up again loses nothing else."""

from alembic import command
from sqlalchemy import func, select

from core.model import Touchpoint
from core.services.journey_files import import_journey_files
from core.store import Store
from tests.conftest import EXAMPLES


def test_existing_steps_get_no_rules_and_the_migration_goes_both_ways(store: Store) -> None:
    with store.unit_of_work("w") as uow:
        import_journey_files(uow, [EXAMPLES])
    config = store._alembic_config()
    command.downgrade(config, "0003")
    command.upgrade(config, "head")
    assert store.current_revision() == store.head_revision()
    with store.unit_of_work("w") as uow:
        steps = uow.session.scalar(select(func.count()).select_from(Touchpoint))
        rules = list(uow.session.scalars(select(Touchpoint.ticket_rules)))
    assert steps == len(rules) >= 45
    assert rules == [[]] * len(rules)  # the example's rule went with the column
