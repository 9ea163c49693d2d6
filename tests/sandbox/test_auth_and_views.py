"""Credentials, the HTML view, start-up without specs, and the request log."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import requests

from sandbox.confluence import RunningSandbox, SandboxState, SpecsNotFoundError, serve_confluence
from sandbox.confluence.specs import SPECS_ENV, specs_dir
from tests.sandbox.conftest import API_TOKEN, EMAIL, PAT, storage


def test_wrong_credentials_get_401(cloud: RunningSandbox, datacenter: RunningSandbox) -> None:
    wrong_token = requests.get(f"{cloud.url}/api/v2/spaces", auth=(EMAIL, "nope"), timeout=5)
    bearer_on_cloud = requests.get(
        f"{cloud.url}/api/v2/spaces", headers={"Authorization": f"Bearer {API_TOKEN}"}, timeout=5
    )
    wrong_pat = requests.get(
        f"{datacenter.url}/rest/api/space", headers={"Authorization": "Bearer nope"}, timeout=5
    )
    right_pat = requests.get(
        f"{datacenter.url}/rest/api/space", headers={"Authorization": f"Bearer {PAT}"}, timeout=5
    )

    assert [wrong_token.status_code, bearer_on_cloud.status_code, wrong_pat.status_code] == [
        401
    ] * 3
    assert right_pat.status_code == 200
    assert cloud.state.violations == datacenter.state.violations == []


def test_html_view_shows_text_lozenge_and_image(cloud: RunningSandbox, cloud_client: Any) -> None:
    body = storage("Shipping cost shown too late") + (
        "<table><tbody><tr><th>Stage</th></tr><tr><td>Pay</td></tr></tbody></table>"
        '<ac:image ac:alt="curve"><ri:attachment ri:filename="curve.svg"/></ac:image>'
        '<ac:structured-macro ac:name="jira"><ac:parameter ac:name="key">CX-12</ac:parameter>'
        "</ac:structured-macro>"
    )
    page = cloud_client.create_page(space_id="98306", title="Checkout", body=body)

    listing = requests.get(f"{cloud.root_url}/sandbox/pages", timeout=5)
    view = requests.get(f"{cloud.root_url}/sandbox/pages/{page['id']}", timeout=5)

    assert f"/sandbox/pages/{page['id']}" in listing.text
    assert "Shipping cost shown too late" in view.text
    assert 'class="lozenge status-red"' in view.text and ">abandon</span>" in view.text
    assert "<td>Pay</td>" in view.text
    assert f'src="/sandbox/attachments/{page["id"]}/curve.svg"' in view.text
    assert "CX-12" in view.text
    # The address Confluence gives people (and journeyops stores) opens the same view.
    address = f"{cloud.url}/pages/viewpage.action?pageId={page['id']}"
    assert requests.get(address, timeout=5).text == view.text
    assert cloud.state.violations == []


def test_missing_specs_fail_loudly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(SPECS_ENV, str(tmp_path))

    with pytest.raises(SpecsNotFoundError, match=SPECS_ENV):
        specs_dir()


def test_request_log_records_kinds_and_clears(cloud: RunningSandbox, cloud_client: Any) -> None:
    page = cloud_client.create_page(space_id="98306", title="Logged", body="<p/>")
    cloud_client.get_page_by_id(page["id"], body_format="storage")

    writes = [r for r in cloud.state.requests if r.is_write]
    assert [(r.method, r.kind) for r in writes] == [("POST", "page_write")]
    assert b'"title": "Logged"' in writes[0].body
    cloud.state.clear_requests()
    assert cloud.state.requests == []
    assert cloud.state.counts() == dict.fromkeys(cloud.state.counts(), 0)


def test_unknown_flavour_is_refused() -> None:
    with pytest.raises(ValueError, match="flavour"):
        serve_confluence(flavour="server", state=SandboxState())
