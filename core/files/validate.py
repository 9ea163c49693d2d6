"""Validating journey documents: the JSON Schema first, then the rules it cannot say."""

import json
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
from jsonschema.exceptions import ValidationError

from core.files.problems import FileProblem, Path_, field_name
from core.files.reader import Document
from core.services.ticket_rules import rule_problems
from core.slugs import slugify

SCHEMA_FILE = Path(__file__).with_name("journey.schema.json")


@cache
def journey_schema() -> dict[str, Any]:
    """The published JSON Schema of a journey file."""
    schema: dict[str, Any] = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    return schema


@cache
def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(
        journey_schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def _message(error: ValidationError) -> tuple[Path_, str]:
    """A sentence a person can act on, and the path it belongs to."""
    path: Path_ = tuple(error.absolute_path)
    schema = error.schema if isinstance(error.schema, dict) else {}
    value = error.instance
    bound: Any = error.validator_value
    match error.validator:
        case "additionalProperties":
            allowed = sorted(schema.get("properties", {}))
            extra = sorted(set(value) - set(allowed)) if isinstance(value, dict) else []
            name = extra[0] if extra else "?"
            return (*path, name), f"unknown field {name!r}; allowed here: {', '.join(allowed)}"
        case "required":
            missing = str(error.message).split("'")[1]
            return path, f"missing required field {missing!r}"
        case "enum":
            choices = ", ".join(str(v) for v in bound)
            return path, f"{value!r} is not allowed; use one of: {choices}"
        case "minimum" | "maximum":
            low = schema.get("minimum")
            high = schema.get("maximum")
            if low is not None and high is not None:
                return path, f"must be between {low} and {high} (got {value!r})"
            bound = "at least" if error.validator == "minimum" else "at most"
            return path, f"must be {bound} {error.validator_value} (got {value!r})"
        case "pattern" if path and path[-1] == "jql":
            return path, "must hold a query, not be empty"
        case "pattern" if path and path[-1] in {"on", "due_date", "last_reviewed"}:
            return path, f"{value!r} is not a date; write it as YYYY-MM-DD"
        case "pattern":
            return path, f"{value!r} is not a key: use lower-case letters, digits and dashes"
        case "format":
            return path, f"{value!r} is not a valid {error.validator_value}"
        case "type":
            expected = " or ".join(bound) if isinstance(bound, list) else str(bound)
            return path, f"must be {expected.replace('null', 'empty')}, not {_kind(value)}"
        case "maxLength":
            return (
                path,
                f"is {len(str(value)):,} characters long; the limit is {error.validator_value:,}",
            )
        case "minLength":
            return path, "must not be empty"
        case "minItems":
            return path, f"needs at least {error.validator_value} item(s)"
    return path, str(error.message)


def _kind(value: Any) -> str:
    if value is None:
        return "empty"
    return {
        bool: "true/false",
        int: "a number",
        float: "a number",
        str: "text",
        list: "a list",
        dict: "a mapping",
    }.get(type(value), type(value).__name__)


def _problem(doc: Document, path: Path_, message: str) -> FileProblem:
    return FileProblem(doc.file, doc.line_of(path), field_name(path), message)


def _persona_key(persona: dict[str, Any] | str) -> str:
    return persona if isinstance(persona, str) else str(persona["key"])


def pain_point_key(pain_point: dict[str, Any]) -> str:
    """The key a pain point has in its file, derived from its title when left out."""
    return str(pain_point.get("key") or slugify(pain_point["title"], max_length=80))


def opportunity_key(opportunity: dict[str, Any]) -> str:
    """The key an opportunity has in its file, derived from its title when left out."""
    return str(opportunity.get("key") or slugify(opportunity["title"], max_length=80))


def validate_document(doc: Document) -> list[FileProblem]:
    """Every problem of one journey document, schema and cross-references alike."""
    if not isinstance(doc.data, dict):
        return [_problem(doc, (), "a journey must be a mapping of fields (key: value)")]
    errors = sorted(_validator().iter_errors(doc.data), key=lambda e: list(map(str, e.path)))
    problems = [_problem(doc, *_message(e)) for e in errors]
    if problems:
        return problems  # the reference checks below assume a well-formed document
    return _reference_problems(doc)


def _duplicates(doc: Document, items: list[tuple[str, Path_]], what: str) -> list[FileProblem]:
    counts = Counter(key for key, _ in items)
    seen: set[str] = set()
    problems = []
    for key, path in items:
        if counts[key] > 1 and key in seen:
            problems.append(_problem(doc, path, f"duplicate {what} key {key!r}"))
        seen.add(key)
    return problems


def _reference_problems(doc: Document) -> list[FileProblem]:
    data: dict[str, Any] = doc.data
    problems: list[FileProblem] = []
    stages = {s["key"] for s in data["stages"]}
    touchpoints: list[tuple[str, Path_]] = []
    kpis: list[tuple[str, Path_]] = []
    for i, stage in enumerate(data["stages"]):
        kpis += [
            (k["key"], ("stages", i, "kpis", n, "key")) for n, k in enumerate(stage.get("kpis", []))
        ]
        for j, tp in enumerate(stage["touchpoints"]):
            at: Path_ = ("stages", i, "touchpoints", j)
            touchpoints.append((tp["key"], (*at, "key")))
            kpis += [(k["key"], (*at, "kpis", n, "key")) for n, k in enumerate(tp.get("kpis", []))]
            problems += _evidence_duplicates(doc, tp.get("evidence", []), at)
            problems += _ticket_rule_duplicates(doc, tp.get("tickets", []), at)
    named = [("persona",), *(("personas", n) for n in range(len(data.get("personas", []))))]
    persona_items = [
        (_persona_key(p), path)
        for p, path in zip((data["persona"], *data.get("personas", [])), named, strict=True)
        if p is not None
    ]
    problems += _duplicates(
        doc, [(s["key"], ("stages", i, "key")) for i, s in enumerate(data["stages"])], "stage"
    )
    problems += _duplicates(doc, touchpoints, "touchpoint")
    problems += _duplicates(doc, kpis, "KPI")
    problems += _duplicates(doc, persona_items, "persona")
    touchpoint_keys = {key for key, _ in touchpoints}
    pain_keys: list[tuple[str, Path_]] = []
    for n, pain in enumerate(data["pain_points"]):
        at = ("pain_points", n)
        pain_keys.append((pain_point_key(pain), (*at, "key" if "key" in pain else "title")))
        if ("touchpoint" in pain) == ("stage" in pain):
            problems.append(
                _problem(doc, at, "give either 'touchpoint' or 'stage', not both or neither")
            )
        elif "touchpoint" in pain and pain["touchpoint"] not in touchpoint_keys:
            problems.append(
                _problem(
                    doc,
                    (*at, "touchpoint"),
                    f"no touchpoint {pain['touchpoint']!r} in this journey",
                )
            )
        elif "stage" in pain and pain["stage"] not in stages:
            problems.append(
                _problem(doc, (*at, "stage"), f"no stage {pain['stage']!r} in this journey")
            )
        problems += _evidence_duplicates(doc, pain.get("evidence", []), at)
    problems += _duplicates(doc, pain_keys, "pain point")
    known_pains = {key for key, _ in pain_keys}
    opportunity_keys: list[tuple[str, Path_]] = []
    for n, opportunity in enumerate(data["opportunities"]):
        at = ("opportunities", n)
        opportunity_keys.append(
            (opportunity_key(opportunity), (*at, "key" if "key" in opportunity else "title"))
        )
        for m, ref in enumerate(opportunity.get("addresses", [])):
            if ref not in known_pains:
                problems.append(
                    _problem(doc, (*at, "addresses", m), f"no pain point {ref!r} in this journey")
                )
    problems += _duplicates(doc, opportunity_keys, "opportunity")
    improves = data.get("improves")
    if improves is not None and data["type"] != "future_state":
        problems.append(
            _problem(
                doc, ("improves",), "only a future_state journey can name the journey it improves"
            )
        )
    if improves == data["key"]:
        problems.append(_problem(doc, ("improves",), "a journey cannot improve itself"))
    return problems


def _evidence_duplicates(
    doc: Document, evidence: list[dict[str, Any]], at: Path_
) -> list[FileProblem]:
    items = [
        (f"{e.get('source')}:{e['external_id']}", (*at, "evidence", n, "external_id"))
        for n, e in enumerate(evidence)
        if e.get("external_id")
    ]
    return _duplicates(doc, items, "evidence (source + external_id)")


def _ticket_rule_duplicates(
    doc: Document, rules: list[dict[str, Any]], at: Path_
) -> list[FileProblem]:
    seen: dict[str, int] = {}
    problems = [
        _problem(doc, (*at, "tickets", n, *((name,) if name else ())), message)
        for n, rule in enumerate(rules)
        for name, message in rule_problems(rule)
    ]
    for n, rule in enumerate(rules):
        same = seen.setdefault(json.dumps(rule, sort_keys=True), n)
        if same != n:
            problems.append(
                _problem(doc, (*at, "tickets", n), f"the same ticket rule as tickets[{same}]")
            )
    return problems


def validate_batch(documents: list[Document]) -> list[FileProblem]:
    """Rules across the documents of one import: each journey once, personas consistent."""
    problems: list[FileProblem] = []
    first_journey: dict[str, Document] = {}
    persona_defs: dict[str, tuple[Document, dict[str, Any]]] = {}
    for doc in documents:
        key = doc.data["key"]
        if key in first_journey:
            other = first_journey[key]
            problems.append(
                _problem(
                    doc,
                    ("key",),
                    f"journey {key!r} is also defined in {other.file}:{other.line_of(('key',))}",
                )
            )
        first_journey.setdefault(key, doc)
        paths: list[Path_] = [("persona",)] + [
            ("personas", n) for n in range(len(doc.data.get("personas", [])))
        ]
        for path, persona in zip(
            paths, [doc.data["persona"], *doc.data.get("personas", [])], strict=True
        ):
            if persona is None or isinstance(persona, str):
                continue  # a reference; the importer checks that it exists
            seen = persona_defs.setdefault(persona["key"], (doc, persona))
            if seen[1] != persona:
                problems.append(
                    _problem(
                        doc,
                        path,
                        f"persona {persona['key']!r} differs from its definition in "
                        f"{seen[0].file}; personas are shared: define it alike in both files",
                    )
                )
    return problems
