"""Settings from the environment: defaults, overrides, validation and secrecy."""

import pytest

from core.errors import SettingsError
from core.settings import load_settings

pytestmark = pytest.mark.usefixtures("clean_env")


def settings_error(**overrides) -> str:
    with pytest.raises(SettingsError) as info:
        load_settings(**overrides)
    return str(info.value)


# --- defaults, environment, overrides ---------------------------------------------------


def test_defaults():
    settings = load_settings()
    assert settings.database_url.startswith("sqlite:///")
    assert ".journeyops/" in settings.database_url
    assert settings.workspace == "default"
    assert settings.slack_api_url == "https://slack.com/api/"
    assert settings.slack_bot_token is None
    assert not settings.slack_configured
    assert not settings.jira_configured
    assert not settings.confluence_configured


def test_values_are_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("JOURNEYOPS_DATABASE_URL", "sqlite:///tmp/env.db")
    monkeypatch.setenv("JOURNEYOPS_WORKSPACE", "acme-cx")
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1-2-abc")
    monkeypatch.setenv("JIRA_URL", "http://127.0.0.1:8080")
    monkeypatch.setenv("JIRA_API_TOKEN", "pat-value")
    monkeypatch.setenv("JIRA_PROJECT", "CX")
    settings = load_settings()
    assert settings.database_url == "sqlite:///tmp/env.db"
    assert settings.workspace == "acme-cx"
    assert settings.slack_bot_token is not None
    assert settings.slack_bot_token.get_secret_value() == "xoxb-1-2-abc"
    assert settings.slack_configured
    assert settings.jira_url == "http://127.0.0.1:8080"
    assert settings.jira_project == "CX"
    assert settings.jira_configured


def test_explicit_keywords_win_over_the_environment(monkeypatch):
    monkeypatch.setenv("JOURNEYOPS_DATABASE_URL", "sqlite:///tmp/env.db")
    monkeypatch.setenv("JOURNEYOPS_WORKSPACE", "from-env")
    settings = load_settings(
        journeyops_database_url="sqlite:///tmp/flag.db", journeyops_workspace="from-flag"
    )
    assert settings.database_url == "sqlite:///tmp/flag.db"
    assert settings.workspace == "from-flag"


def test_a_none_keyword_leaves_the_environment_value(monkeypatch):
    monkeypatch.setenv("JOURNEYOPS_WORKSPACE", "from-env")
    assert load_settings(journeyops_workspace=None).workspace == "from-env"


def test_bare_postgresql_url_is_rewritten_to_psycopg(monkeypatch):
    monkeypatch.setenv("JOURNEYOPS_DATABASE_URL", "postgresql://u:pw@db.example/journeys")
    assert load_settings().database_url == "postgresql+psycopg://u:pw@db.example/journeys"


def test_psycopg_url_is_kept():
    url = "postgresql+psycopg://u:pw@db.example/journeys"
    assert load_settings(journeyops_database_url=url).database_url == url


def test_other_database_is_refused(monkeypatch):
    monkeypatch.setenv("JOURNEYOPS_DATABASE_URL", "mysql://u:s3cretpw@h/db")
    message = settings_error()
    assert "JOURNEYOPS_DATABASE_URL" in message
    assert "s3cretpw" not in message


def test_workspace_must_be_a_slug(monkeypatch):
    monkeypatch.setenv("JOURNEYOPS_WORKSPACE", "Acme CX")
    assert "JOURNEYOPS_WORKSPACE" in settings_error()


# --- Slack -------------------------------------------------------------------------------


def test_slack_api_url_gets_a_trailing_slash(monkeypatch):
    monkeypatch.setenv("SLACK_API_URL", "http://127.0.0.1:9000/api")
    assert load_settings().slack_api_url == "http://127.0.0.1:9000/api/"


def test_empty_slack_api_url_means_slack_itself(monkeypatch):
    monkeypatch.setenv("SLACK_API_URL", "")
    assert load_settings().slack_api_url == "https://slack.com/api/"


def test_slack_api_url_must_be_http(monkeypatch):
    monkeypatch.setenv("SLACK_API_URL", "slack.com/api")
    assert "SLACK_API_URL" in settings_error()


def test_bot_token_must_start_with_xoxb_and_is_not_echoed(monkeypatch):
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxp-user-token-987654")
    message = settings_error()
    assert "SLACK_BOT_TOKEN" in message
    assert "xoxb-" in message
    assert "xoxp-user-token-987654" not in message


def test_app_token_must_start_with_xapp(monkeypatch):
    monkeypatch.setenv("SLACK_APP_TOKEN", "xoxb-not-an-app-token")
    message = settings_error()
    assert "SLACK_APP_TOKEN" in message
    assert "xoxb-not-an-app-token" not in message


# --- Atlassian ---------------------------------------------------------------------------


def test_atlassian_net_urls_default_to_cloud(monkeypatch):
    monkeypatch.setenv("CONFLUENCE_URL", "https://acme.atlassian.net/wiki")
    monkeypatch.setenv("CONFLUENCE_USERNAME", "cx@acme.example")
    monkeypatch.setenv("CONFLUENCE_API_TOKEN", "conf-token")
    monkeypatch.setenv("JIRA_URL", "https://acme.atlassian.net")
    monkeypatch.setenv("JIRA_USERNAME", "cx@acme.example")
    monkeypatch.setenv("JIRA_API_TOKEN", "jira-token")
    settings = load_settings()
    assert settings.confluence_cloud is True
    assert settings.jira_cloud is True


def test_self_hosted_urls_default_to_data_center(monkeypatch):
    monkeypatch.setenv("CONFLUENCE_URL", "http://127.0.0.1:8090")
    monkeypatch.setenv("CONFLUENCE_API_TOKEN", "conf-pat")
    monkeypatch.setenv("JIRA_URL", "http://127.0.0.1:8080")
    monkeypatch.setenv("JIRA_API_TOKEN", "jira-pat")
    settings = load_settings()
    assert settings.confluence_cloud is False
    assert settings.jira_cloud is False


def test_data_center_token_without_username_is_a_personal_access_token(monkeypatch):
    monkeypatch.setenv("JIRA_URL", "http://127.0.0.1:8080")
    monkeypatch.setenv("JIRA_API_TOKEN", "jira-pat")
    settings = load_settings()
    assert settings.jira_username is None
    assert settings.jira_api_token is not None
    assert settings.jira_api_token.get_secret_value() == "jira-pat"


def test_explicit_jira_cloud_false_wins_over_the_url(monkeypatch):
    monkeypatch.setenv("JIRA_URL", "https://acme.atlassian.net")
    monkeypatch.setenv("JIRA_API_TOKEN", "jira-pat")
    monkeypatch.setenv("JIRA_CLOUD", "false")
    settings = load_settings()  # no JIRA_USERNAME needed off Cloud
    assert settings.jira_cloud is False


def test_cloud_token_without_username_names_jira_username(monkeypatch):
    monkeypatch.setenv("JIRA_URL", "https://acme.atlassian.net")
    monkeypatch.setenv("JIRA_API_TOKEN", "jira-token-abc")
    message = settings_error()
    assert "JIRA_USERNAME" in message
    assert "JIRA_API_TOKEN:" not in message
    assert "jira-token-abc" not in message


@pytest.mark.parametrize("system", ["JIRA", "CONFLUENCE"])
def test_url_without_token_names_the_token_variable(monkeypatch, system):
    monkeypatch.setenv(f"{system}_URL", "http://127.0.0.1:8080")
    message = settings_error()
    assert f"{system}_API_TOKEN" in message


def test_bad_bool_says_true_or_false(monkeypatch):
    monkeypatch.setenv("CONFLUENCE_CLOUD", "maybe")
    message = settings_error()
    assert "CONFLUENCE_CLOUD" in message
    assert "true or false" in message


# --- several problems at once ------------------------------------------------------------


def test_several_refused_values_are_reported_in_one_error(monkeypatch):
    monkeypatch.setenv("SLACK_BOT_TOKEN", "not-a-bot-token")
    monkeypatch.setenv("CONFLUENCE_CLOUD", "maybe")
    monkeypatch.setenv("JOURNEYOPS_WORKSPACE", "Not A Slug")
    message = settings_error()
    for variable in ("SLACK_BOT_TOKEN", "CONFLUENCE_CLOUD", "JOURNEYOPS_WORKSPACE"):
        assert variable in message


def test_several_missing_atlassian_values_are_reported_in_one_error(monkeypatch):
    monkeypatch.setenv("CONFLUENCE_URL", "https://acme.atlassian.net/wiki")
    monkeypatch.setenv("JIRA_URL", "https://acme.atlassian.net")
    monkeypatch.setenv("JIRA_API_TOKEN", "jira-token")
    message = settings_error()
    assert "CONFLUENCE_API_TOKEN" in message
    assert "JIRA_USERNAME" in message


def test_refused_value_and_missing_token_are_reported_together(monkeypatch):
    monkeypatch.setenv("SLACK_BOT_TOKEN", "not-a-bot-token")
    monkeypatch.setenv("JIRA_URL", "http://127.0.0.1:8080")
    message = settings_error()
    assert "SLACK_BOT_TOKEN" in message
    assert "JIRA_API_TOKEN" in message


# --- secrets -----------------------------------------------------------------------------

SECRETS = {
    "SLACK_BOT_TOKEN": "xoxb-secret-bot-4242",
    "SLACK_SIGNING_SECRET": "signing-secret-4242",
    "SLACK_APP_TOKEN": "xapp-secret-app-4242",
    "CONFLUENCE_API_TOKEN": "confluence-secret-4242",
    "JIRA_API_TOKEN": "jira-secret-4242",
    "JIRA_WEBHOOK_SECRET": "webhook-secret-4242",
}


def test_repr_and_str_never_show_secrets(monkeypatch):
    for name, value in SECRETS.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("CONFLUENCE_URL", "https://acme.atlassian.net/wiki")
    monkeypatch.setenv("CONFLUENCE_USERNAME", "cx@acme.example")
    monkeypatch.setenv("JIRA_URL", "https://acme.atlassian.net")
    monkeypatch.setenv("JIRA_USERNAME", "cx@acme.example")
    monkeypatch.setenv("JOURNEYOPS_DATABASE_URL", "postgresql+psycopg://u:s3cretpw@h/db")
    settings = load_settings()
    for shown in (repr(settings), str(settings)):
        assert "s3cretpw" not in shown
        for value in SECRETS.values():
            assert value not in shown
        assert "acme.atlassian.net" in shown  # the non-secret values are still shown
    # The real password is kept for connecting.
    assert settings.database_url == "postgresql+psycopg://u:s3cretpw@h/db"


def test_rewritten_postgres_url_hides_its_password_too(monkeypatch):
    monkeypatch.setenv("JOURNEYOPS_DATABASE_URL", "postgresql://u:s3cretpw@h/db")
    settings = load_settings()
    assert "s3cretpw" not in repr(settings)
    assert "s3cretpw" not in str(settings)
