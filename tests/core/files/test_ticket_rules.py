"""A step's ticket rules (``tickets:``) in journey files: validated with clear messages,
stored on import, written back by export, the round trip byte-identical."""

from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import select

from core.files.problems import FileProblem, FileProblems
from core.files.serialize import dump_journey
from core.model import Touchpoint
from core.services.journey_files import export_journeys, import_journey_files, read_journey_files
from core.services.lookup import journey_by_key
from core.store import Store
from tests.conftest import EXAMPLES

CHECKOUT = EXAMPLES / "ecommerce-checkout.yaml"
EXAMPLE_RULE = {"source": "jira", "jql": 'project = SUP AND labels = "checkout-3ds"'}


def _doc() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(CHECKOUT.read_text(encoding="utf-8"))
    return data


def _first_step(doc: dict[str, Any]) -> dict[str, Any]:
    step: dict[str, Any] = doc["stages"][0]["touchpoints"][0]
    return step


def _with_rules(tmp_path: Path, rules: list[Any]) -> Path:
    doc = _doc()
    _first_step(doc)["tickets"] = rules
    path = tmp_path / "checkout.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return path


def _problems(path: Path) -> list[FileProblem]:
    with pytest.raises(FileProblems) as caught:
        read_journey_files([path])
    return caught.value.problems


def _rules(store: Store, workspace: str, step: str) -> list[dict[str, Any]]:
    with store.unit_of_work(workspace) as uow:
        touchpoint = uow.session.scalar(select(Touchpoint).where(Touchpoint.key == step))
        assert touchpoint is not None
        return list(touchpoint.ticket_rules)


@pytest.mark.parametrize(
    ("rules", "field", "message"),
    [
        (
            [{"source": "freshdesk", "query": "tags:checkout"}],
            "tickets[0].source",
            "'freshdesk' is not allowed; use one of: jira, zendesk, intercom",
        ),
        (
            [{"source": "zendesk"}],
            "tickets[0]",
            "a zendesk rule needs custom_fields or query or tags",
        ),
        (
            [{"source": "zendesk", "tags": ["card declined"]}],
            "tickets[0].tags",
            "each tag must be one word of text (no spaces)",
        ),
        (
            [{"source": "zendesk", "custom_fields": {"reason": "refund"}}],
            "tickets[0].custom_fields",
            "'reason' is not a Zendesk field id (digits)",
        ),
        (
            [{"source": "zendesk", "tags": ["refund"], "jql": "x"}],
            "tickets[0].jql",
            "unknown field 'jql'; allowed here: custom_fields, query, source, tags",
        ),
        (
            [{"source": "intercom", "query": {"field": "state", "operator": "is", "value": 1}}],
            "tickets[0].query",
            "operator 'is' is not one of Intercom's: "
            "!= !~ $ < = > CONTAINS IN NIN NOT CONTAINS ^ ~",
        ),
        (
            [{"source": "intercom", "query": {"operator": "AND", "value": []}}],
            "tickets[0].query",
            "AND needs a non-empty list of filters as value",
        ),
        ([{"source": "jira", "jql": ""}], "tickets[0].jql", "must hold a query, not be empty"),
        ([{"source": "jira", "jql": "   "}], "tickets[0].jql", "must hold a query, not be empty"),
        ([{"source": "jira"}], "tickets[0]", "missing required field 'jql'"),
        ([{"jql": "project = SUP"}], "tickets[0]", "missing required field 'source'"),
        (
            [{"source": "jira", "jql": "project = SUP", "query": "x"}],
            "tickets[0].query",
            "unknown field 'query'; allowed here: jql, source",
        ),
        (
            [
                {"source": "jira", "jql": "project = SUP"},
                {"jql": "project = SUP", "source": "jira"},
            ],
            "tickets[1]",
            "the same ticket rule as tickets[0]",
        ),
        ("project = SUP", "tickets", "must be array, not text"),
    ],
)
def test_a_bad_rule_is_named_by_file_line_and_field(
    tmp_path: Path, rules: list[Any], field: str, message: str
) -> None:
    path = _with_rules(tmp_path, rules)
    [problem] = _problems(path)
    assert problem.field == f"stages[0].touchpoints[0].{field}"
    assert problem.message == message
    assert problem.file == path
    lines = path.read_text(encoding="utf-8").splitlines()
    tickets_line = next(n for n, line in enumerate(lines, 1) if line.startswith("    tickets:"))
    assert problem.line is not None and tickets_line <= problem.line <= tickets_line + 4


def test_the_examples_rule_is_stored_and_exported(store: Store) -> None:
    with store.unit_of_work("w") as uow:
        import_journey_files(uow, [CHECKOUT])
    assert _rules(store, "w", "three-d-secure") == [EXAMPLE_RULE]
    assert _rules(store, "w", "card-entry") == []
    with store.unit_of_work("w") as uow:
        [doc] = export_journeys(uow, ["ecommerce-checkout"])
    steps = {t["key"]: t for s in doc["stages"] for t in s["touchpoints"]}
    assert steps["three-d-secure"]["tickets"] == [EXAMPLE_RULE]
    assert "tickets" not in steps["card-entry"]
    text = dump_journey(doc, "yaml")
    assert "    tickets:\n    - source: jira\n      jql: project = SUP AND labels" in text


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_rules_round_trip_byte_identical_with_source_first(
    store: Store, tmp_path: Path, fmt: str
) -> None:
    written_backwards = [{"jql": "project = SUP ORDER BY created", "source": "jira"}, EXAMPLE_RULE]
    with store.unit_of_work("one") as uow:
        import_journey_files(uow, [_with_rules(tmp_path, written_backwards)])
        [doc] = export_journeys(uow, ["ecommerce-checkout"])
    assert list(_first_step(doc)["tickets"][0]) == ["source", "jql"]
    first = dump_journey(doc, fmt)  # type: ignore[arg-type]
    exported = tmp_path / f"exported.{fmt}"
    exported.write_text(first, encoding="utf-8")
    with store.unit_of_work("two") as uow:
        import_journey_files(uow, [exported])
        [again] = export_journeys(uow, ["ecommerce-checkout"])
    assert dump_journey(again, fmt) == first  # type: ignore[arg-type]


def test_a_changed_rule_updates_the_step_and_the_same_file_changes_nothing(
    store: Store, tmp_path: Path
) -> None:
    with store.unit_of_work("w") as uow:
        import_journey_files(uow, [CHECKOUT])
    with store.unit_of_work("w") as uow:
        [same] = import_journey_files(uow, [CHECKOUT])
    assert same.action == "unchanged"
    doc = _doc()
    step = next(t for s in doc["stages"] for t in s["touchpoints"] if t["key"] == "three-d-secure")
    step["tickets"] = [{"source": "jira", "jql": "project = SUP AND component = Payments"}]
    path = tmp_path / "checkout.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    with store.unit_of_work("w") as uow:
        [outcome] = import_journey_files(uow, [path])
        version = journey_by_key(uow, "ecommerce-checkout").version
    assert outcome.action == "updated"
    assert outcome.changes == ["touchpoint three-d-secure.ticket_rules"]
    assert version == 2
    assert _rules(store, "w", "three-d-secure") == step["tickets"]
