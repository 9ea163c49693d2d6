"""Cloud pages through the real ConfluenceV2 client: create, read, update, conflicts."""

from __future__ import annotations

from typing import Any

import pytest
from requests import HTTPError

from sandbox.confluence import RunningSandbox
from tests.sandbox.conftest import storage


def _create(client: Any, cloud: RunningSandbox, title: str = "Checkout journey") -> Any:
    space = client.get_space_by_key("CX")
    return client.create_page(
        space_id=space["id"],
        title=title,
        body=storage("Shipping cost shown too late"),
        parent_id=cloud.state.journeys_page.id,
    )


def _update(client: Any, page_id: str, number: int, text: str) -> Any:
    # ConfluenceV2.update_page omits the required `status`; the product PUTs directly.
    return client.put(
        f"api/v2/pages/{page_id}",
        data={
            "id": page_id,
            "status": "current",
            "title": "Checkout journey",
            "version": {"number": number, "message": "journeyops sync"},
            "body": {"representation": "storage", "value": storage(text)},
        },
    )


def test_create_page_under_parent_and_read_it_back(
    cloud: RunningSandbox, cloud_client: Any
) -> None:
    created = _create(cloud_client, cloud)

    page = cloud_client.get_page_by_id(created["id"], body_format="storage")

    assert page["title"] == "Checkout journey"
    assert page["parentId"] == cloud.state.journeys_page.id
    assert page["spaceId"] == "98306"
    assert page["version"]["number"] == 1
    assert "Shipping cost shown too late" in page["body"]["storage"]["value"]
    assert cloud.state.counts()["page_write"] == 1
    assert cloud.state.violations == []


def test_update_with_next_version_works_and_stale_version_conflicts(
    cloud: RunningSandbox, cloud_client: Any
) -> None:
    page_id = _create(cloud_client, cloud)["id"]

    updated = _update(cloud_client, page_id, 2, "Fixed in checkout v2")
    with pytest.raises(HTTPError) as stale:
        _update(cloud_client, page_id, 2, "Someone else's edit")

    assert updated["version"]["number"] == 2
    assert updated["version"]["message"] == "journeyops sync"
    assert stale.value.response.status_code == 409
    assert "Fixed in checkout v2" in cloud.state.page(page_id).body
    assert cloud.state.violations == []


def test_duplicate_title_in_space_is_refused(cloud: RunningSandbox, cloud_client: Any) -> None:
    _create(cloud_client, cloud)

    with pytest.raises(HTTPError) as duplicate:
        _create(cloud_client, cloud)

    assert duplicate.value.response.status_code == 400
    assert "already exists" in duplicate.value.response.text
    assert cloud.state.violations == []


def test_find_page_by_space_and_title(cloud: RunningSandbox, cloud_client: Any) -> None:
    created = _create(cloud_client, cloud)

    found = cloud_client.get(
        "api/v2/pages",
        params={"space-id": "98306", "title": "Checkout journey", "body-format": "storage"},
    )

    assert [p["id"] for p in found["results"]] == [created["id"]]
    assert cloud.state.violations == []


def test_library_update_page_is_refused_by_the_spec(
    cloud: RunningSandbox, cloud_client: Any
) -> None:
    page_id = _create(cloud_client, cloud)["id"]

    with pytest.raises(HTTPError):
        cloud_client.update_page(page_id, title="Checkout journey", body="<p>x</p>")

    # DESIGN.md 7: get_page_by_id(get_body=False) sends body-format=none.
    assert [v["query"] for v in cloud.state.violations] == ["body-format=none"]


def test_v1_page_create_is_refused_on_cloud(cloud: RunningSandbox, cloud_client: Any) -> None:
    with pytest.raises(HTTPError) as refused:
        cloud_client.post(
            "rest/api/content",
            data={"type": "page", "title": "Old style", "space": {"key": "CX"}},
        )

    assert refused.value.response.status_code == 404
    assert [v["path"] for v in cloud.state.violations] == ["/wiki/rest/api/content"]
    assert cloud.state.find_pages("CX", "Old style") == []


def test_page_create_without_space_id_is_a_spec_violation(
    cloud: RunningSandbox, cloud_client: Any
) -> None:
    with pytest.raises(HTTPError) as refused:
        cloud_client.post("api/v2/pages", data={"status": "current", "title": "No space"})

    assert refused.value.response.status_code == 400
    assert refused.value.response.json()["sandbox"] == "spec violation"
    assert "spaceId" in cloud.state.violations[0]["detail"]


def test_malformed_storage_and_html_macro_are_refused(
    cloud: RunningSandbox, cloud_client: Any
) -> None:
    space_id = "98306"
    bodies = [
        "<p>unclosed",
        '<ac:structured-macro ac:name="html"><ac:plain-text-body><![CDATA[<b>x</b>]]>'
        "</ac:plain-text-body></ac:structured-macro>",
    ]
    for number, value in enumerate(bodies):
        with pytest.raises(HTTPError) as refused:
            cloud_client.create_page(space_id=space_id, title=f"Bad {number}", body=value)
        assert refused.value.response.status_code == 400

    assert [v["reason"] for v in cloud.state.violations] == ["storage format"] * 2
    assert cloud.state.find_pages("CX", "Bad 0") == []


def test_named_html_entities_are_accepted(cloud: RunningSandbox, cloud_client: Any) -> None:
    page = cloud_client.create_page(space_id="98306", title="Entities", body="<p>a&nbsp;b</p>")

    assert page["version"]["number"] == 1
    assert cloud.state.violations == []
