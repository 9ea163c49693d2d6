"""``journeyops doctor`` with Zendesk and Intercom configured (respx standing in for both):
a row each, failing the run when one refuses us, never showing a token."""

import json
from pathlib import Path
from typing import Any

import pytest
import respx
from click.testing import CliRunner

from webhooks.cli.app import cli

ZENDESK_TOKEN = "zd-supersecret-777"
INTERCOM_TOKEN = "ic-supersecret-888"


@pytest.fixture(autouse=True)
def env(clean_env: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("JOURNEYOPS_DATABASE_URL", f"sqlite:///{tmp_path}/journeyops.db")
    monkeypatch.setenv("ZENDESK_URL", "https://acme.zendesk.com")
    monkeypatch.setenv("ZENDESK_EMAIL", "care@acme.test")
    monkeypatch.setenv("ZENDESK_API_TOKEN", ZENDESK_TOKEN)
    monkeypatch.setenv("INTERCOM_ACCESS_TOKEN", INTERCOM_TOKEN)


def doctor_rows() -> tuple[int, dict[str, dict[str, Any]], str]:
    result = CliRunner().invoke(cli, ["doctor", "--json"], catch_exceptions=False)
    return result.exit_code, {r["name"]: r for r in json.loads(result.stdout)}, result.output


@respx.mock
def test_both_providers_answer_and_pass() -> None:
    respx.get("https://acme.zendesk.com/api/v2/users/me.json").respond(
        json={"user": {"id": 5, "name": "Care Lead"}}
    )
    respx.get("https://api.intercom.io/me").respond(json={"app": {"id_code": "x1", "name": "NW"}})

    code, rows, _ = doctor_rows()

    assert code == 0
    assert rows["zendesk"]["ok"] and "as Care Lead" in rows["zendesk"]["detail"]
    assert rows["intercom"]["ok"] and "signed in to app NW" in rows["intercom"]["detail"]


@respx.mock
def test_a_refused_token_fails_the_run_and_is_never_shown() -> None:
    respx.get("https://acme.zendesk.com/api/v2/users/me.json").respond(
        401,
        json={"error": f"bad token {ZENDESK_TOKEN}"},  # a server echoing the secret
    )
    respx.get("https://api.intercom.io/me").respond(json={"app": {"id_code": "x1"}})

    code, rows, output = doctor_rows()

    assert code == 1
    assert not rows["zendesk"]["ok"]
    assert "ZENDESK_API_TOKEN" in rows["zendesk"]["fix"]
    assert ZENDESK_TOKEN not in output and INTERCOM_TOKEN not in output
