"""The store: engine, migrations and the workspace-bound unit of work."""

from core.store.store import Store
from core.store.unit_of_work import UnitOfWork

__all__ = ["Store", "UnitOfWork"]
