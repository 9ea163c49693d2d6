"""Bad journey files: a clear message naming file, line and field, exit 2, nothing changed.

Each case starts from the example checkout, breaks one thing, and imports it next to a
good file through the CLI: the good file must not be imported either.
"""

from pathlib import Path

import pytest
import yaml

from tests.conftest import EXAMPLES, CliRun

GOOD = (EXAMPLES / "b2b-saas-onboarding.yaml").read_text(encoding="utf-8")
CHECKOUT = (EXAMPLES / "ecommerce-checkout.yaml").read_text(encoding="utf-8")


def _replace(old: str, new: str, count: int = 1) -> str:
    assert old in CHECKOUT, old
    return CHECKOUT.replace(old, new, count)


def _line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def _doc() -> dict:  # type: ignore[type-arg]
    return yaml.safe_load(CHECKOUT)  # type: ignore[no-any-return]


def _first_touchpoint() -> str:
    return _doc()["stages"][0]["touchpoints"][0]["key"]  # type: ignore[no-any-return]


CASES: dict[str, tuple[str | bytes, str, str]] = {
    # name: (file content, expected field, expected words)
    "malformed yaml": ("key: checkout\ntitle: [unclosed\n", "(file)", "not valid YAML"),
    "unknown field": (
        _replace("\nstages:\n", "\ncolour: teal\nstages:\n"),
        "colour",
        "unknown field 'colour'",
    ),
    "wrong enum": (
        _replace("type: current_state", "type: current-state"),
        "type",
        "'current-state' is not allowed; use one of: current_state",
    ),
    "emotion out of range": (
        _replace("emotion: ", "emotion: 5 #", 1),
        "stages[0].touchpoints[0].emotion",
        "must be between -2 and 2 (got 5)",
    ),
    "unknown touchpoint": (
        _replace(f"touchpoint: {_doc()['pain_points'][0]['touchpoint']}", "touchpoint: nowhere"),
        "pain_points[0].touchpoint",
        "no touchpoint 'nowhere' in this journey",
    ),
    "unknown stage": (
        CHECKOUT.replace(
            f"  stage: {next(p['stage'] for p in _doc()['pain_points'] if 'stage' in p)}\n",
            "  stage: checkout-galaxy\n",
            1,
        ),
        "pain_points[7].stage",
        "no stage 'checkout-galaxy' in this journey",
    ),
    "duplicate key": (
        _replace(f"key: {_first_touchpoint()}\n", f"key: {_first_touchpoint()}\n", 1).replace(
            f"key: {_doc()['stages'][0]['touchpoints'][1]['key']}\n",
            f"key: {_first_touchpoint()}\n",
            1,
        ),
        "stages[0].touchpoints[1].key",
        f"duplicate touchpoint key '{_first_touchpoint()}'",
    ),
    "duplicate field": (
        _replace("title: ", "title: One\ntitle: ", 1),
        "title",
        "duplicate field 'title'",
    ),
    "not utf-8": (CHECKOUT.encode("utf-8") + b"\nnote: caf\xe9\n", "(file)", "is not UTF-8"),
    "empty": ("", "(file)", "the file is empty"),
    "only comments": ("# nothing here yet\n", "(file)", "holds no journey"),
    "too big": (
        "key: x\nnotes: |\n" + ("  " + "x" * 98 + "\n") * 105_000,
        "(file)",
        "the limit is 5 MB",
    ),
}


def _write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_bad_file_imports_nothing(journeyops: CliRun, tmp_path: Path, case: str) -> None:
    content, field, words = CASES[case]
    folder = tmp_path / "in"
    folder.mkdir()
    _write(folder, "a-good.yaml", GOOD)
    bad = _write(folder, "b-bad.yaml", content)
    result = journeyops("import", str(folder))
    assert result.exit_code == 2, result.output
    assert "nothing was imported" in result.stderr
    assert f"{bad}" in result.stderr
    assert f": {field}: " in result.stderr
    assert words in result.stderr
    assert journeyops("journeys").output.startswith("No journeys yet")


def test_the_line_of_the_bad_field_is_named(journeyops: CliRun, tmp_path: Path) -> None:
    content = _replace("type: current_state", "type: current-state")
    bad = _write(tmp_path, "bad.yaml", content)
    result = journeyops("import", str(bad))
    assert f"{bad}:{_line_of(content, 'type: current-state')}: type:" in result.stderr


def test_every_problem_is_reported_at_once(journeyops: CliRun, tmp_path: Path) -> None:
    _write(tmp_path, "one.yaml", _replace("type: current_state", "type: nope"))
    _write(tmp_path, "two.yaml", "")
    result = journeyops("import", str(tmp_path))
    assert "2 problem(s) in 2 file(s)" in result.stderr


def test_a_persona_reference_must_exist(journeyops: CliRun, tmp_path: Path) -> None:
    doc = _doc()
    doc["persona"] = "ghost-shopper"
    bad = _write(tmp_path, "bad.yaml", yaml.safe_dump(doc, sort_keys=False))
    result = journeyops("import", str(bad))
    assert result.exit_code == 2
    assert "persona: no persona 'ghost-shopper'" in result.stderr
    assert journeyops("journeys").output.startswith("No journeys yet")


def test_improves_must_name_a_known_journey(journeyops: CliRun, tmp_path: Path) -> None:
    future = (EXAMPLES / "checkout-future.yaml").read_text()
    bad = _write(tmp_path, "future.yaml", future)
    result = journeyops("import", str(bad))
    assert result.exit_code == 2
    assert "improves: no journey 'ecommerce-checkout' to improve" in result.stderr


def test_a_missing_path_is_bad_input(journeyops: CliRun, tmp_path: Path) -> None:
    result = journeyops("import", str(tmp_path / "nope.yaml"))
    assert result.exit_code == 2
    assert "no such file or folder" in result.stderr
