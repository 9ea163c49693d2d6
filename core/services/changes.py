"""Assigning fields only when they differ, so an unchanged import writes nothing."""

from typing import Any


def assign_changed(record: object, fields: dict[str, Any] | dict[str, object]) -> list[str]:
    """Set each attribute of ``record`` whose value differs; return the changed names."""
    changed = []
    for name, value in fields.items():
        if getattr(record, name) != value:
            setattr(record, name, value)
            changed.append(name)
    return changed
