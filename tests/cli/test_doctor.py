"""``journeyops doctor`` through the real CLI group, with far systems on 127.0.0.1."""

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from pytest_httpserver import HTTPServer

from webhooks.cli.app import cli

SLACK_TOKEN = "xoxb-supersecret-123"
JIRA_TOKEN = "tok-supersecret"


@pytest.fixture(autouse=True)
def env(clean_env: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A clean environment, a SQLite file in ``tmp_path``, and a table wide enough not to wrap.

    Returns:
        The database file's path (not created yet).
    """
    # rich wraps table cells to the terminal width; a wrapped word could hide a leaked secret.
    monkeypatch.setenv("COLUMNS", "250")
    monkeypatch.chdir(tmp_path)
    database = tmp_path / "journeyops.db"
    monkeypatch.setenv("JOURNEYOPS_DATABASE_URL", f"sqlite:///{database}")
    return database


def doctor(*args: str) -> Result:
    return CliRunner().invoke(cli, ["doctor", *args], catch_exceptions=False)


def doctor_json() -> tuple[int, list[dict[str, Any]]]:
    result = doctor("--json")
    return result.exit_code, json.loads(result.stdout)


def by_name(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {row["name"]: row for row in rows}


def configure_failing_jira(monkeypatch: pytest.MonkeyPatch, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/rest/api/3/myself").respond_with_json(
        {"errorMessages": ["You are not authenticated."]}, status=401
    )
    monkeypatch.setenv("JIRA_URL", httpserver.url_for("/"))
    monkeypatch.setenv("JIRA_USERNAME", "cx@acme.test")
    monkeypatch.setenv("JIRA_API_TOKEN", JIRA_TOKEN)
    monkeypatch.setenv("JIRA_CLOUD", "true")


def test_nothing_configured_passes_and_says_how_to_enable_each_system() -> None:
    result = doctor()

    assert result.exit_code == 0, result.output
    assert result.output.count("not configured") == 5
    assert "set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET to enable it" in result.output
    assert "CONFLUENCE_URL" in result.output
    assert "JIRA_URL" in result.output
    assert "empty; will be created by the first command or `journeyops db upgrade`" in (
        result.output
    )
    assert "Every configured check passed." in result.output


def test_json_lists_every_check_in_order() -> None:
    code, rows = doctor_json()

    assert code == 0
    assert [row["name"] for row in rows] == [
        "settings",
        "database",
        "slack",
        "confluence",
        "jira",
        "intercom",
        "zendesk",
    ]
    assert all(set(row) == {"name", "ok", "detail", "fix"} for row in rows)
    assert all(row["ok"] for row in rows)
    assert by_name(rows)["jira"]["detail"] == "not configured"


def test_an_up_to_date_database_is_reported() -> None:
    upgrade = CliRunner().invoke(cli, ["db", "upgrade"], catch_exceptions=False)
    assert upgrade.exit_code == 0, upgrade.output

    code, rows = doctor_json()

    assert code == 0
    assert "up to date" in by_name(rows)["database"]["detail"]


def test_a_database_behind_the_code_fails_with_db_upgrade_as_the_fix(env: Path) -> None:
    with sqlite3.connect(env) as conn:
        conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)")
        conn.execute("INSERT INTO alembic_version VALUES ('0000_older')")
    conn.close()

    result = doctor()

    assert result.exit_code == 1, result.output
    assert "at revision 0000_older" in result.output
    assert "run `journeyops db upgrade`" in result.output


def test_an_unopenable_database_fails(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("not a folder")
    monkeypatch.setenv("JOURNEYOPS_DATABASE_URL", f"sqlite:///{tmp_path}/a-file/db.sqlite")

    code, rows = doctor_json()

    assert code == 1
    database = by_name(rows)["database"]
    assert not database["ok"]
    assert "JOURNEYOPS_DATABASE_URL" in database["fix"]


def test_a_configured_jira_that_refuses_fails_the_run(
    monkeypatch: pytest.MonkeyPatch, httpserver: HTTPServer
) -> None:
    configure_failing_jira(monkeypatch, httpserver)

    result = doctor()

    assert result.exit_code == 1, result.output
    assert "failed" in result.output
    assert "refused the credentials (401)" in result.output
    assert "JIRA_USERNAME" in result.output and "JIRA_API_TOKEN" in result.output
    assert "1 check(s) failed: jira." in result.output


def test_bad_settings_exit_2_and_name_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JIRA_URL", "ftp://x")

    result = doctor()

    assert result.exit_code == 2, result.output
    assert "JIRA_URL: is not an http(s) URL" in result.output
    # The run stops at the settings: no database or system row follows.
    assert "database" not in result.output


def test_bad_settings_in_json(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JIRA_URL", "ftp://x")

    code, rows = doctor_json()

    assert code == 2
    assert [row["name"] for row in rows] == ["settings"]
    assert not rows[0]["ok"]
    assert "JIRA_URL" in rows[0]["detail"]


@pytest.mark.parametrize("args", [(), ("--json",)], ids=["table", "json"])
def test_no_secret_is_ever_printed(
    monkeypatch: pytest.MonkeyPatch, httpserver: HTTPServer, args: tuple[str, ...]
) -> None:
    configure_failing_jira(monkeypatch, httpserver)
    # A server that echoes the token back in its error: the doctor must still not print it.
    httpserver.expect_request("/api/auth.test").respond_with_json(
        {"ok": False, "error": f"token {SLACK_TOKEN} is not allowed here"}
    )
    monkeypatch.setenv("SLACK_API_URL", httpserver.url_for("/api/"))
    monkeypatch.setenv("SLACK_BOT_TOKEN", SLACK_TOKEN)
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "signing-supersecret")

    result = doctor(*args)

    assert result.exit_code == 1, result.output
    assert "refused auth.test" in result.output
    assert "token *** is not allowed here" in result.output
    assert "supersecret" not in result.output


def test_help_says_what_is_checked() -> None:
    result = CliRunner().invoke(cli, ["doctor", "--help"], catch_exceptions=False)

    assert result.exit_code == 0
    for words in ("SLACK_SIGNING_SECRET", "CONFLUENCE_SPACE", "JIRA_PROJECT", "--json"):
        assert words in result.output
