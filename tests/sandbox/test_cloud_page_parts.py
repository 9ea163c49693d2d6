"""Cloud labels (v1), content properties (v2, by id) and attachments (v1) via the real client."""

from __future__ import annotations

from typing import Any

import pytest
import requests
from requests import HTTPError

from sandbox.confluence import RunningSandbox
from tests.sandbox.conftest import API_TOKEN, EMAIL

NO_CHECK = {"X-Atlassian-Token": "no-check"}


@pytest.fixture
def page_id(cloud: RunningSandbox, cloud_client: Any) -> str:
    page = cloud_client.create_page(
        space_id="98306",
        title="Onboarding journey",
        body="<p>Welcome</p>",
        parent_id=cloud.state.journeys_page.id,
    )
    return str(page["id"])


def test_labels_are_added_through_v1_and_listed_through_v2(
    cloud: RunningSandbox, cloud_client: Any, page_id: str
) -> None:
    added = cloud_client.post(
        f"rest/api/content/{page_id}/label",
        data=[
            {"prefix": "global", "name": "journeyops"},
            {"prefix": "global", "name": "journey-onb"},
        ],
    )
    listed = cloud_client.get(f"api/v2/pages/{page_id}/labels")

    assert [label["name"] for label in added["results"]] == ["journeyops", "journey-onb"]
    assert [label["name"] for label in listed["results"]] == ["journeyops", "journey-onb"]
    assert cloud.state.counts()["label_write"] == 1
    assert cloud.state.violations == []


def test_v1_label_read_is_gone_from_cloud(
    cloud: RunningSandbox, cloud_client: Any, page_id: str
) -> None:
    with pytest.raises(HTTPError):
        cloud_client.get(f"rest/api/content/{page_id}/label")

    assert [v["method"] for v in cloud.state.violations] == ["GET"]


def test_content_property_create_read_update_by_id(
    cloud: RunningSandbox, cloud_client: Any, page_id: str
) -> None:
    created = cloud_client.post(
        f"api/v2/pages/{page_id}/properties",
        data={"key": "journeyops.fingerprint", "value": {"sha256": "aaa"}},
    )
    prop_id = created["id"]
    found = cloud_client.get(
        f"api/v2/pages/{page_id}/properties", params={"key": "journeyops.fingerprint"}
    )
    updated = cloud_client.put(
        f"api/v2/pages/{page_id}/properties/{prop_id}",
        data={
            "key": "journeyops.fingerprint",
            "value": {"sha256": "bbb"},
            "version": {"number": 2},
        },
    )
    with pytest.raises(HTTPError) as stale:
        cloud_client.put(
            f"api/v2/pages/{page_id}/properties/{prop_id}",
            data={
                "key": "journeyops.fingerprint",
                "value": {"sha256": "ccc"},
                "version": {"number": 2},
            },
        )
    read = cloud_client.get(f"api/v2/pages/{page_id}/properties/{prop_id}")

    assert found["results"][0]["id"] == prop_id
    assert updated["version"]["number"] == 2
    assert stale.value.response.status_code == 409
    assert read["value"] == {"sha256": "bbb"}
    assert cloud.state.counts()["property_write"] == 3
    assert cloud.state.violations == []


def test_library_property_helper_puts_the_key_where_v2_wants_an_id(
    cloud: RunningSandbox, cloud_client: Any, page_id: str
) -> None:
    with pytest.raises(HTTPError):
        cloud_client.get_page_property_by_key(page_id, "journeyops.fingerprint")

    assert "property-id" in cloud.state.violations[0]["detail"]


def _upload(client: Any, page_id: str, content: bytes, path: str = "") -> Any:
    return client.post(
        f"rest/api/content/{page_id}/child/attachment{path}",
        data={"minorEdit": "true", "comment": "emotion curve"},
        files={"file": ("emotion-curve.svg", content, "image/svg+xml")},
        headers=NO_CHECK,
    )


def test_attachment_upload_reupload_and_download(
    cloud: RunningSandbox, cloud_client: Any, page_id: str
) -> None:
    first = _upload(cloud_client, page_id, b"<svg>1</svg>")["results"][0]
    listed = cloud_client.get(
        f"api/v2/pages/{page_id}/attachments", params={"filename": "emotion-curve.svg"}
    )
    second = _upload(cloud_client, page_id, b"<svg>2</svg>", f"/{first['id']}/data")
    download = cloud_client.get(second["_links"]["download"].lstrip("/"), not_json_response=True)
    rest_download = cloud_client.get(
        f"rest/api/content/{page_id}/child/attachment/{first['id']}/download",
        not_json_response=True,
    )

    assert first["version"]["number"] == 1
    assert first["extensions"]["mediaType"] == "image/svg+xml"
    assert listed["results"][0]["id"] == first["id"]
    assert second["id"] == first["id"]
    assert second["version"]["number"] == 2
    assert download == rest_download == b"<svg>2</svg>"
    assert cloud.state.counts()["attachment_write"] == 2
    assert cloud.state.violations == []


def test_second_post_of_same_file_name_is_refused(
    cloud: RunningSandbox, cloud_client: Any, page_id: str
) -> None:
    _upload(cloud_client, page_id, b"<svg>1</svg>")

    with pytest.raises(HTTPError) as refused:
        _upload(cloud_client, page_id, b"<svg>1</svg>")

    assert refused.value.response.status_code == 400
    assert cloud.state.violations == []


def test_upload_without_xsrf_header_is_forbidden(cloud: RunningSandbox, page_id: str) -> None:
    # A plain requests call: the client would send its JSON Content-Type without our headers.
    answer = requests.post(
        f"{cloud.url}/rest/api/content/{page_id}/child/attachment",
        data={"minorEdit": "true"},
        files={"file": ("a.png", b"png", "image/png")},
        auth=(EMAIL, API_TOKEN),
        timeout=5,
    )

    assert answer.status_code == 403
    assert "XSRF" in cloud.state.violations[0]["detail"]
