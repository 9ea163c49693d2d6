"""``journeyops sync tickets`` with Zendesk and Intercom rules (respx standing in for
both): --source picks the providers, a rule the provider refuses is reported against its
step, and `journeyops show` lists the rules with their counts."""

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import respx
import yaml

from tests.conftest import EXAMPLES, CliRun

SITE = "https://acme.zendesk.com"
INTERCOM = "https://api.intercom.io"


@pytest.fixture
def configured(journeyops: CliRun, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> CliRun:
    """Both providers set up; the checkout journey with a Zendesk rule on card-entry and
    an Intercom rule on address-lookup."""
    monkeypatch.setenv("ZENDESK_URL", SITE)
    monkeypatch.setenv("ZENDESK_EMAIL", "care@acme.test")
    monkeypatch.setenv("ZENDESK_API_TOKEN", "zd-token")
    monkeypatch.setenv("INTERCOM_ACCESS_TOKEN", "ic-token")
    monkeypatch.setenv("COLUMNS", "200")
    doc: dict[str, Any] = yaml.safe_load((EXAMPLES / "ecommerce-checkout.yaml").read_text())
    steps = {t["key"]: t for s in doc["stages"] for t in s["touchpoints"]}
    steps["card-entry"]["tickets"] = [{"source": "zendesk", "tags": ["card-declined"]}]
    steps["address-lookup"]["tickets"] = [{"source": "intercom", "tags": ["refund"]}]
    del steps["three-d-secure"]["tickets"]  # the examples' Jira rule: no Jira here
    path = tmp_path / "checkout.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    imported = journeyops("import", str(path))
    assert imported.exit_code == 0, imported.output
    return journeyops


def test_source_pulls_only_that_provider_and_show_counts_conversations(
    configured: CliRun,
) -> None:
    created = int((datetime.now(UTC) - timedelta(minutes=30)).timestamp())
    with respx.mock(assert_all_called=False) as far:
        zendesk = far.get(f"{SITE}/api/v2/search.json").respond(json={"results": []})
        far.get(f"{INTERCOM}/me").respond(json={"app": {"id_code": "app1"}})
        far.get(f"{INTERCOM}/tags").respond(json={"data": [{"id": "3", "name": "refund"}]})
        far.post(f"{INTERCOM}/conversations/search").respond(
            json={
                "conversations": [
                    {"id": "11", "created_at": created, "source": {"body": "<p>No refund</p>"}}
                ]
            }
        )
        result = configured("sync", "tickets", "--source", "intercom")

    assert result.exit_code == 0, result.output
    assert zendesk.call_count == 0
    assert "ecommerce-checkout/address-lookup" in result.output
    assert "card-entry" not in result.output
    assert "1 rule(s): 1 new ticket(s) linked" in result.output
    shown = configured("show", "ecommerce-checkout")
    assert "intercom: tags refund" in shown.output


def test_an_unknown_source_is_refused_with_the_known_ones(configured: CliRun) -> None:
    result = configured("sync", "tickets", "--source", "freshdesk")
    assert result.exit_code == 2
    assert "'freshdesk' is not one of 'intercom', 'jira', 'zendesk'" in result.output


def test_a_rule_the_provider_refuses_fails_its_step_only(configured: CliRun) -> None:
    with respx.mock(assert_all_called=False) as far:
        far.get(f"{SITE}/api/v2/search.json").respond(
            422, json={"error": "InvalidValue", "description": "tags is not valid"}
        )
        far.get(f"{INTERCOM}/me").respond(json={"app": {"id_code": "app1"}})
        far.get(f"{INTERCOM}/tags").respond(json={"data": [{"id": "3", "name": "refund"}]})
        far.post(f"{INTERCOM}/conversations/search").respond(json={"conversations": []})
        result = configured("sync", "tickets")

    assert result.exit_code == 1
    assert "failed ecommerce-checkout/card-entry: Zendesk refused the search (422: tags is" in (
        " ".join(result.output.split())
    )
    assert "2 rule(s): 0 new ticket(s) linked; 1 failed" in result.output
