"""Journeys as files: import by key, idempotent, and a lossless round trip."""

from pathlib import Path

import pytest
import yaml
from sqlalchemy import func, select

from core.files.serialize import dump_journey
from core.model import Event, Evidence, PainPoint, Touchpoint
from core.services.journey_files import export_journeys, import_journey_files
from core.store import Store
from tests.conftest import EXAMPLES


def _export(store: Store, workspace: str, fmt: str) -> dict[str, str]:
    with store.unit_of_work(workspace) as uow:
        return {d["key"]: dump_journey(d, fmt) for d in export_journeys(uow)}  # type: ignore[arg-type]


def _event_count(store: Store, workspace: str) -> int:
    with store.unit_of_work(workspace) as uow:
        return uow.session.scalar(select(func.count()).select_from(Event)) or 0


def test_the_examples_import_with_everything_they_hold(store: Store) -> None:
    with store.unit_of_work("w") as uow:
        outcomes = import_journey_files(uow, [EXAMPLES])
    assert sorted((o.key, o.action) for o in outcomes) == [
        ("b2b-saas-onboarding", "created"),
        ("checkout-future", "created"),
        ("ecommerce-checkout", "created"),
    ]
    with store.unit_of_work("w") as uow:
        assert (uow.session.scalar(select(func.count()).select_from(Touchpoint)) or 0) >= 45
        assert (uow.session.scalar(select(func.count()).select_from(PainPoint)) or 0) >= 18
        kinds = set(uow.session.scalars(select(Evidence.kind)))
    assert {"interview", "ticket", "slack_thread"} <= kinds


def test_importing_the_same_files_twice_changes_nothing(store: Store) -> None:
    with store.unit_of_work("w") as uow:
        import_journey_files(uow, [EXAMPLES])
    events = _event_count(store, "w")
    first = _export(store, "w", "yaml")
    with store.unit_of_work("w") as uow:
        outcomes = import_journey_files(uow, [EXAMPLES])
    assert {o.action for o in outcomes} == {"unchanged"}
    assert _event_count(store, "w") == events
    assert _export(store, "w", "yaml") == first


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_export_import_export_is_byte_identical(store: Store, tmp_path: Path, fmt: str) -> None:
    with store.unit_of_work("source") as uow:
        import_journey_files(uow, [EXAMPLES])
    exported = _export(store, "source", fmt)
    folder = tmp_path / "exported"
    folder.mkdir()
    for key, text in exported.items():
        (folder / f"{key}.{fmt}").write_text(text, encoding="utf-8")
    with store.unit_of_work("empty") as uow:
        import_journey_files(uow, [folder])
    assert _export(store, "empty", fmt) == exported


def test_a_changed_file_updates_by_key_and_bumps_the_version(store: Store, tmp_path: Path) -> None:
    source = yaml.safe_load((EXAMPLES / "ecommerce-checkout.yaml").read_text())
    path = tmp_path / "checkout.yaml"
    path.write_text(yaml.safe_dump(source, sort_keys=False))
    with store.unit_of_work("w") as uow:
        import_journey_files(uow, [path])
    source["stages"][0]["touchpoints"][0]["emotion"] = -2
    source["pain_points"][0]["status"] = "in_progress"
    path.write_text(yaml.safe_dump(source, sort_keys=False))
    with store.unit_of_work("w") as uow:
        [outcome] = import_journey_files(uow, [path])
    assert outcome.action == "updated"
    tp_key = source["stages"][0]["touchpoints"][0]["key"]
    assert f"touchpoint {tp_key}.emotion" in outcome.changes
    with store.unit_of_work("w") as uow:
        [doc] = export_journeys(uow, ["ecommerce-checkout"])
    assert doc["version"] == source.get("version", 1) + 1
    assert doc["stages"][0]["touchpoints"][0]["emotion"] == -2
    assert doc["pain_points"][0]["status"] == "in_progress"


def test_import_never_deletes_what_a_file_leaves_out(store: Store, tmp_path: Path) -> None:
    source = yaml.safe_load((EXAMPLES / "ecommerce-checkout.yaml").read_text())
    with store.unit_of_work("w") as uow:
        import_journey_files(uow, [EXAMPLES / "ecommerce-checkout.yaml"])
    dropped = source["pain_points"].pop()
    for opportunity in source["opportunities"]:
        addresses = opportunity.get("addresses", [])
        opportunity["addresses"] = [a for a in addresses if a != dropped["key"]]
    path = tmp_path / "shorter.yaml"
    path.write_text(yaml.safe_dump(source, sort_keys=False))
    with store.unit_of_work("w") as uow:
        import_journey_files(uow, [path])
        keys = set(uow.session.scalars(select(PainPoint.key)))
    assert dropped["key"] in keys


def test_a_persona_can_be_named_by_key_from_another_file(store: Store, tmp_path: Path) -> None:
    source = yaml.safe_load((EXAMPLES / "ecommerce-checkout.yaml").read_text())
    persona_key = source["persona"]["key"]
    other = {
        "key": "returns",
        "title": "Returning an order",
        "type": "current_state",
        "persona": persona_key,
        "stages": [
            {
                "key": "start",
                "name": "Start",
                "touchpoints": [
                    {"key": "form", "name": "Returns form", "channel": "web", "emotion": -1}
                ],
            }
        ],
        "pain_points": [],
        "opportunities": [],
    }
    (tmp_path / "a-returns.yaml").write_text(yaml.safe_dump(other))
    (tmp_path / "b-checkout.yaml").write_text(yaml.safe_dump(source, sort_keys=False))
    with store.unit_of_work("w") as uow:
        import_journey_files(uow, [tmp_path])
        [doc] = export_journeys(uow, ["returns"])
    assert doc["persona"]["key"] == persona_key
    assert doc["persona"]["name"] == source["persona"]["name"]


def test_yaml_on_keys_stay_field_names(store: Store, tmp_path: Path) -> None:
    text = (EXAMPLES / "ecommerce-checkout.yaml").read_text().replace('"on":', "on:")
    assert "\n" in text and " on: " in text
    (tmp_path / "plain.yaml").write_text(text)
    with store.unit_of_work("w") as uow:
        [outcome] = import_journey_files(uow, [tmp_path / "plain.yaml"])
    assert outcome.action == "created"
