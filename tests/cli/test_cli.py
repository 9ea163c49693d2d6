"""The journeyops command line as a user meets it: help, exit codes, output."""

import re
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, CliRun

COMMANDS = ["new", "import", "export", "journeys", "show", "db", "db upgrade", "demo", "serve"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_explains_itself(journeyops: CliRun, command: str) -> None:
    result = journeyops(*command.split(), "--help")
    assert result.exit_code == 0
    assert "Usage: " in result.output and "--help" in result.output


def test_the_group_help_lists_the_commands(journeyops: CliRun) -> None:
    output = journeyops("--help").output
    for command in ("new", "import", "export", "journeys", "show", "db", "doctor", "demo", "serve"):
        assert f"  {command} " in output


def test_import_reports_what_it_did(journeyops: CliRun) -> None:
    first = journeyops("import", str(EXAMPLES))
    assert first.exit_code == 0, first.output
    assert "3 journey(s): 3 created, 0 updated, 0 unchanged" in first.output
    again = journeyops("import", str(EXAMPLES))
    assert "3 journey(s): 0 created, 0 updated, 3 unchanged" in again.output


def test_journeys_lists_keys_and_titles(journeyops: CliRun) -> None:
    journeyops("import", str(EXAMPLES))
    output = journeyops("journeys").output
    for key in ("b2b-saas-onboarding", "checkout-future", "ecommerce-checkout"):
        assert key in output


def test_show_draws_lens_steps_curve_and_ranked_pain_points(journeyops: CliRun) -> None:
    journeyops("import", str(EXAMPLES))
    result = journeyops("show", "ecommerce-checkout")
    assert result.exit_code == 0
    output = result.output
    for part in ("lens", "stages and steps", "emotion curve", "top 5 pain points by score"):
        assert part in output
    assert "+2 │" in output and "-2 │" in output and "●" in output
    assert "Persona:" in output


def test_show_markdown_ranks_pain_points_by_score(journeyops: CliRun) -> None:
    journeyops("import", str(EXAMPLES))
    output = journeyops("show", "ecommerce-checkout", "--format", "markdown", "--limit", "3")
    text = output.output
    assert text.startswith("# ")
    assert "## Emotion curve" in text and "## Top pain points" in text
    scores = [
        float(line.split("score ")[1].split(",")[0])
        for line in text.splitlines()
        if line[:3] in {"1. ", "2. ", "3. "} and "score " in line
    ]
    assert len(scores) == 3 and scores == sorted(scores, reverse=True)


def test_show_of_an_unknown_journey_is_bad_input(journeyops: CliRun) -> None:
    result = journeyops("show", "nope")
    assert result.exit_code == 2
    assert "no journey 'nope'" in result.stderr
    assert "journeyops journeys" in result.stderr


def test_export_writes_one_file_per_journey(journeyops: CliRun, tmp_path: Path) -> None:
    journeyops("import", str(EXAMPLES))
    result = journeyops("export", "-o", str(tmp_path / "out"), "--format", "json")
    assert result.exit_code == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "b2b-saas-onboarding.json",
        "checkout-future.json",
        "ecommerce-checkout.json",
    ]
    single = journeyops("export", "ecommerce-checkout")
    assert single.output.startswith("key: ecommerce-checkout\n")


def test_export_of_several_journeys_as_json_needs_a_folder(journeyops: CliRun) -> None:
    journeyops("import", str(EXAMPLES))
    result = journeyops("export", "--format", "json")
    assert result.exit_code == 2
    assert "add -o DIR" in result.stderr


def test_db_upgrade_reports_the_revision(journeyops: CliRun) -> None:
    result = journeyops("db", "upgrade")
    assert result.exit_code == 0
    assert re.search(r"up to date \(revision 0\d{3}(_\w+)?\)", result.output)


def test_demo_imports_shows_and_publishes_to_the_sandbox(
    journeyops: CliRun, tmp_path: Path
) -> None:
    result = journeyops("demo", "--examples", str(EXAMPLES), "--no-wait", "--port", "0")
    assert result.exit_code == 0, result.output
    assert "created  ecommerce-checkout" in result.output
    assert "Northwind" in result.output and "emotion curve" in result.output
    assert "Published to the sandbox Confluence" in result.output
    page = tmp_path / ".journeyops" / "demo" / "confluence" / "ecommerce-checkout.html"
    html = page.read_text()
    assert "Delivery cost only revealed" in html
    # The stand-in is gone once the demo ends: the page's image is kept beside it.
    assert 'src="emotion-curve-ecommerce-checkout.png"' in html
    image = page.with_name("emotion-curve-ecommerce-checkout.png").read_bytes()
    assert image.startswith(b"\x89PNG")


def test_the_demo_closes_the_loop_through_jira(journeyops: CliRun, tmp_path: Path) -> None:
    output = journeyops("demo", "--examples", str(EXAMPLES), "--no-wait", "--port", "0").output
    assert re.search(r"Jira \(sandbox, project CX\): 16 epic\(s\)", output)
    assert re.search(r"CX-\d+ moved to Done in Jira; its signed webhook answered 200", output)
    assert "opportunity delivery-cost-in-basket: done" in output
    assert "pain point hidden-delivery-cost: fix_shipped" in output
    # Published again, the checkout page shows the shipped fix and the epic's Jira macro.
    html = (tmp_path / ".journeyops/demo/confluence/ecommerce-checkout.html").read_text()
    assert "fix shipped" in html and "CX-" in html


def test_the_demo_mentions_the_bot_captures_a_thread_and_prints_the_alert(
    journeyops: CliRun, tmp_path: Path
) -> None:
    output = journeyops("demo", "--examples", str(EXAMPLES), "--no-wait", "--port", "0").output

    mention, capture = output.split("Slack (sandbox): ")[1].split('"Add to journey"')
    assert "the bot, privately to Alice:" in mention
    assert "Logged in *Northwind Outfitters mobile checkout" in mention
    assert "the bot, in the alert channel #general:" in mention
    assert "New pain point that makes people give up" in mention
    assert "[Open the map]  [Create a Jira epic]" in mention
    assert "the bot, privately to Bob:" in capture
    assert "Added to *Delivery cost only revealed" in capture
    digest = output.split("The week's digest so far")[1]
    assert "Journey digest: default" in digest and "Top pain points" in digest
    assert "3DS check never comes back" in digest  # logged from Slack a moment before
    # Published again afterwards, the checkout page holds the pain point from Slack.
    html = (tmp_path / ".journeyops/demo/confluence/ecommerce-checkout.html").read_text()
    assert "3DS check never comes back" in html


def test_a_bad_setting_is_bad_input_and_says_how_to_fix_it(
    journeyops: CliRun, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JOURNEYOPS_DATABASE_URL", "mysql://x")
    result = journeyops("journeys")
    assert result.exit_code == 2
    assert "JOURNEYOPS_DATABASE_URL: is not a SQLite or PostgreSQL URL" in result.stderr


def test_an_unreachable_database_is_a_failure_without_its_password(
    journeyops: CliRun, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JOURNEYOPS_DATABASE_URL", "postgresql+psycopg://me:s3cret@127.0.0.1:1/x")
    result = journeyops("journeys")
    assert result.exit_code == 1
    assert "cannot open the database" in result.stderr
    assert "s3cret" not in result.stderr


def test_the_database_url_option_wins_over_the_environment(
    journeyops: CliRun, tmp_path: Path
) -> None:
    other = tmp_path / "other.db"
    journeyops("--database-url", f"sqlite:///{other}", "import", str(EXAMPLES))
    assert other.exists()
    assert journeyops("journeys").output.startswith("No journeys yet")


def test_workspaces_are_kept_apart(journeyops: CliRun) -> None:
    journeyops("--workspace", "acme", "import", str(EXAMPLES))
    assert "ecommerce-checkout" in journeyops("-w", "acme", "journeys").output
    assert journeyops("-w", "globex", "journeys").output.startswith("No journeys yet")


def test_verbose_logs_stable_event_keys_with_their_fields(journeyops: CliRun) -> None:
    result = journeyops("-v", "import", str(EXAMPLES))
    assert "journeys.imported workspace=default journeys_created=3" in result.stderr
    assert "Context impl" not in result.stderr


@pytest.mark.parametrize(
    "preset", ["lifecycle", "see-think-do-care", "aida", "seven-phases", "before-during-after"]
)
def test_new_starts_a_file_from_a_preset_that_imports(
    journeyops: CliRun, tmp_path: Path, preset: str
) -> None:
    from core.presets import PRESETS

    result = journeyops("new", "returns", "--preset", preset, "--title", "Returning an order")
    assert result.exit_code == 0, result.output
    text = (tmp_path / "returns.yaml").read_text()
    assert text.startswith("# A new journey map")
    imported = journeyops("import", "returns.yaml")
    assert imported.exit_code == 0, imported.stderr
    exported = journeyops("export", "returns").output
    assert "persona: null" in exported
    for key, _ in PRESETS[preset].stages:
        assert f"- key: {key}\n" in exported


def test_new_never_overwrites_a_file(journeyops: CliRun, tmp_path: Path) -> None:
    (tmp_path / "returns.yaml").write_text("mine")
    result = journeyops("new", "returns")
    assert result.exit_code == 2
    assert "exists already" in result.stderr
    assert (tmp_path / "returns.yaml").read_text() == "mine"


def test_import_on_a_terminal_shows_progress_and_imports(
    journeyops: CliRun, monkeypatch: pytest.MonkeyPatch
) -> None:
    from webhooks.cli.context import CliContext

    monkeypatch.setattr(CliContext, "interactive", property(lambda self: True))
    result = journeyops("import", str(EXAMPLES))
    assert result.exit_code == 0, result.output
    assert "3 journey(s): 3 created" in result.output


def test_version_names_the_program(journeyops: CliRun) -> None:
    result = journeyops("--version")
    assert result.exit_code == 0
    assert result.output.startswith("journeyops, version ")
