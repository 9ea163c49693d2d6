"""The settings of the Zendesk and Intercom ticket providers and of spike alerts: read
from the environment, refused with a fix-it line, never echoing a secret."""

import pytest

from core.errors import SettingsError
from core.settings import load_settings

pytestmark = pytest.mark.usefixtures("clean_env")


def settings_error(**overrides: object) -> str:
    with pytest.raises(SettingsError) as info:
        load_settings(**overrides)
    return str(info.value)


def test_defaults_leave_both_providers_off_and_alert_at_twice_the_usual() -> None:
    settings = load_settings()
    assert not settings.zendesk_configured and not settings.intercom_configured
    assert settings.intercom_api_url == "https://api.intercom.io"
    assert (
        settings.journeyops_spike_ratio,
        settings.journeyops_spike_min_tickets,
        settings.journeyops_spike_baseline_weeks,
    ) == (2.0, 5, 4)


def test_values_are_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZENDESK_URL", "https://acme.zendesk.com/")
    monkeypatch.setenv("ZENDESK_EMAIL", "care@acme.test")
    monkeypatch.setenv("ZENDESK_API_TOKEN", "zd-token-value")
    monkeypatch.setenv("INTERCOM_ACCESS_TOKEN", "ic-token-value")
    monkeypatch.setenv("INTERCOM_API_URL", "https://api.eu.intercom.io/")
    monkeypatch.setenv("JOURNEYOPS_SPIKE_RATIO", "3")
    settings = load_settings()
    assert settings.zendesk_configured and settings.intercom_configured
    assert settings.zendesk_url == "https://acme.zendesk.com"
    assert settings.intercom_api_url == "https://api.eu.intercom.io"
    assert settings.journeyops_spike_ratio == 3.0
    assert "zd-token-value" not in repr(settings) and "ic-token-value" not in repr(settings)


def test_a_zendesk_url_without_credentials_says_what_is_missing() -> None:
    message = settings_error(zendesk_url="https://acme.zendesk.com")
    assert "ZENDESK_EMAIL: missing while ZENDESK_URL is set" in message
    assert "ZENDESK_API_TOKEN: missing while ZENDESK_URL is set; create one in Zendesk" in message


@pytest.mark.parametrize(
    ("overrides", "line"),
    [
        ({"zendesk_url": "acme.zendesk.com"}, "ZENDESK_URL: "),
        ({"intercom_api_url": "ftp://intercom"}, "INTERCOM_API_URL: "),
        ({"journeyops_spike_ratio": "0.5"}, "JOURNEYOPS_SPIKE_RATIO: "),
        ({"journeyops_spike_min_tickets": "0"}, "JOURNEYOPS_SPIKE_MIN_TICKETS: "),
        ({"journeyops_spike_baseline_weeks": "52"}, "JOURNEYOPS_SPIKE_BASELINE_WEEKS: "),
    ],
)
def test_a_refused_value_names_the_variable_and_the_fix(
    overrides: dict[str, object], line: str
) -> None:
    message = settings_error(**overrides)
    assert line in message
    [found] = [text for text in message.splitlines() if line in text]
    assert "; " in found  # the hint follows the problem
