"""Fixtures for the core tests: a workspace holding the example checkout journey."""

import pytest

from core.services.journey_files import import_journey_files
from core.store import UnitOfWork
from tests.conftest import EXAMPLES


@pytest.fixture
def checkout(uow: UnitOfWork) -> str:
    """Import examples/ecommerce-checkout.yaml; returns the journey key."""
    import_journey_files(uow, [EXAMPLES / "ecommerce-checkout.yaml"])
    uow.session.flush()
    return "ecommerce-checkout"
