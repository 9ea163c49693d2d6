"""The settings of ``sync jira``: issue types and the request-rate cap."""

import pytest

from core.errors import SettingsError
from core.settings import load_settings

pytestmark = pytest.mark.usefixtures("clean_env")


def settings_error(**overrides: object) -> str:
    with pytest.raises(SettingsError) as info:
        load_settings(**overrides)
    return str(info.value)


def test_defaults_make_epics_tasks_and_cap_ten_requests_a_second() -> None:
    settings = load_settings()
    assert settings.jira_issue_type == "Epic"
    assert settings.jira_pain_point_issue_type == "Task"
    assert settings.jira_rate_limit == 10


def test_values_are_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JIRA_ISSUE_TYPE", "Initiative")
    monkeypatch.setenv("JIRA_PAIN_POINT_ISSUE_TYPE", "Story")
    monkeypatch.setenv("JIRA_RATE_LIMIT", "2.5")
    settings = load_settings()
    assert settings.jira_issue_type == "Initiative"
    assert settings.jira_pain_point_issue_type == "Story"
    assert settings.jira_rate_limit == 2.5


def test_zero_rate_limit_means_no_cap() -> None:
    assert load_settings(jira_rate_limit=0).jira_rate_limit == 0


def test_issue_type_names_are_trimmed() -> None:
    assert load_settings(jira_issue_type="  Epic ").jira_issue_type == "Epic"


def test_negative_rate_limit_names_the_variable_and_the_fix(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("JIRA_RATE_LIMIT", "-1")
    message = settings_error()
    assert "JIRA_RATE_LIMIT" in message
    assert "requests per second" in message


def test_a_rate_limit_that_is_no_number_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JIRA_RATE_LIMIT", "fast")
    assert "JIRA_RATE_LIMIT" in settings_error()


@pytest.mark.parametrize("variable", ["JIRA_ISSUE_TYPE", "JIRA_PAIN_POINT_ISSUE_TYPE"])
def test_an_empty_issue_type_says_what_to_give(
    monkeypatch: pytest.MonkeyPatch, variable: str
) -> None:
    monkeypatch.setenv(variable, "   ")
    message = settings_error()
    assert f"{variable}: is empty" in message
    assert "issue type" in message


def test_jira_problems_are_reported_with_the_others(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JIRA_RATE_LIMIT", "-3")
    monkeypatch.setenv("JIRA_ISSUE_TYPE", "")
    monkeypatch.setenv("JIRA_URL", "https://acme.atlassian.net")
    monkeypatch.setenv("JIRA_API_TOKEN", "not-shown-anywhere")
    message = settings_error()
    assert "JIRA_RATE_LIMIT" in message
    assert "JIRA_ISSUE_TYPE" in message
    assert "JIRA_USERNAME" in message  # Cloud needs the e-mail with the token
    assert "not-shown-anywhere" not in message
