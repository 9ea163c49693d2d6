"""CQL search on both flavours: many pages' versions in one request, with pagination."""

from __future__ import annotations

from typing import Any

import pytest
from requests import HTTPError

from sandbox.confluence import RunningSandbox


def _labelled_pages(box: RunningSandbox, count: int) -> list[str]:
    ids = []
    for number in range(count):
        page = box.state.create_page("CX", f"Journey {number}", "<p/>", box.state.journeys_page.id)
        box.state.add_labels(page.id, ["journeyops", f"journey-{number}"])
        ids.append(page.id)
    box.state.update_page(ids[0], title="Journey 0", body="<p>v2</p>", version=2)
    return ids


def test_cloud_content_search_returns_versions_labels_and_properties(
    cloud: RunningSandbox, cloud_client: Any
) -> None:
    ids = _labelled_pages(cloud, 7)
    cloud.state.create_property(ids[0], "journeyops.fingerprint", {"sha256": "abc"})
    cloud.state.clear_requests()

    first = cloud_client.get(
        "rest/api/content/search",
        params={
            "cql": 'label = "journeyops" AND space = "CX" AND type = page',
            "limit": 5,
            "expand": "version,metadata.labels,metadata.properties.journeyops.fingerprint",
        },
    )
    second = cloud_client.get(first["_links"]["base"] + first["_links"]["next"], absolute=True)

    assert cloud.state.counts()["read"] == 2
    results = first["results"] + second["results"]
    assert [r["id"] for r in results] == ids
    assert [r["version"]["number"] for r in results] == [2, 1, 1, 1, 1, 1, 1]
    assert "journeyops" in [label["name"] for label in results[0]["metadata"]["labels"]["results"]]
    fingerprint = results[0]["metadata"]["properties"]["journeyops.fingerprint"]
    assert fingerprint["value"] == {"sha256": "abc"}
    assert "next" not in second["_links"]
    assert cloud.state.violations == []


def test_cloud_search_endpoint_with_label_list(cloud: RunningSandbox, cloud_client: Any) -> None:
    _labelled_pages(cloud, 3)

    found = cloud_client.get(
        "rest/api/search",
        params={
            "cql": 'label in ("journey-1","journey-2") and space = CX',
            "expand": "content.version",
        },
    )

    assert [r["content"]["title"] for r in found["results"]] == ["Journey 1", "Journey 2"]
    assert found["results"][0]["content"]["version"]["number"] == 1
    assert found["totalSize"] == 2
    assert cloud.state.violations == []


def test_non_integer_limit_is_a_spec_violation(cloud: RunningSandbox, cloud_client: Any) -> None:
    with pytest.raises(HTTPError) as refused:
        cloud_client.get("rest/api/content/search", params={"cql": "type = page", "limit": "ten"})

    assert refused.value.response.status_code == 400
    assert "limit" in cloud.state.violations[0]["detail"]


def test_unsupported_cql_is_reported(cloud: RunningSandbox, cloud_client: Any) -> None:
    with pytest.raises(HTTPError):
        cloud_client.get("rest/api/content/search", params={"cql": 'text ~ "checkout"'})

    assert cloud.state.violations[0]["reason"] == "unsupported cql"


def test_datacenter_cql_pages_through_all_results(
    datacenter: RunningSandbox, dc_client: Any
) -> None:
    ids = _labelled_pages(datacenter, 6)

    found = dc_client.cql('label = "journeyops" and space = CX', limit=4, expand="content.version")
    everything = dc_client.cql_all('label = "journeyops"', limit=4)

    assert len(found["results"]) == 4
    assert found["totalSize"] == 6
    assert found["results"][0]["content"]["version"]["number"] == 2
    assert [r["content"]["id"] for r in everything] == ids
    assert datacenter.state.violations == []
