"""Data Center through the real Server client (personal access token, REST v1 throughout)."""

from __future__ import annotations

from typing import Any

import pytest
from requests import HTTPError

from sandbox.confluence import RunningSandbox, serve_confluence
from tests.sandbox.conftest import PAT, storage

NO_CHECK = {"X-Atlassian-Token": "no-check"}


@pytest.fixture
def page(datacenter: RunningSandbox, dc_client: Any) -> Any:
    return dc_client.create_page(
        space="CX",
        title="Renewal journey",
        body=storage("Invoice arrives late"),
        parent_id=datacenter.state.journeys_page.id,
    )


def test_create_and_read_back_with_body_version_and_ancestors(
    datacenter: RunningSandbox, dc_client: Any, page: Any
) -> None:
    read = dc_client.get_page_by_id(page["id"], expand="body.storage,version,ancestors")
    by_title = dc_client.get_page_by_title("CX", "Renewal journey")

    assert "Invoice arrives late" in read["body"]["storage"]["value"]
    assert read["version"]["number"] == 1
    assert [a["title"] for a in read["ancestors"]] == ["CX Home", "Journeys"]
    assert by_title["results"][0]["id"] == page["id"]
    assert datacenter.state.violations == []


def test_update_page_and_stale_version(
    datacenter: RunningSandbox, dc_client: Any, page: Any
) -> None:
    updated = dc_client.update_page(page["id"], "Renewal journey", storage("Invoice on time"))
    with pytest.raises(HTTPError) as stale:
        dc_client.put(
            f"rest/api/content/{page['id']}",
            data={
                "id": page["id"],
                "type": "page",
                "title": "Renewal journey",
                "version": {"number": 2},
                "body": {"storage": {"value": "<p>late</p>", "representation": "storage"}},
            },
        )

    assert updated["version"]["number"] == 2
    assert stale.value.response.status_code == 409
    assert datacenter.state.violations == []


def test_duplicate_title_is_refused(datacenter: RunningSandbox, dc_client: Any, page: Any) -> None:
    with pytest.raises(HTTPError) as duplicate:
        dc_client.create_page(space="CX", title="Renewal journey", body="<p/>")

    assert duplicate.value.response.status_code == 400
    assert datacenter.state.violations == []


def test_labels_and_properties_by_key(
    datacenter: RunningSandbox, dc_client: Any, page: Any
) -> None:
    dc_client.set_page_label(page["id"], "journeyops")
    dc_client.set_page_property(page["id"], {"key": "journeyops.fingerprint", "value": {"v": 1}})
    dc_client.update_page_property(
        page["id"],
        {"key": "journeyops.fingerprint", "value": {"v": 2}, "version": {"number": 2}},
    )

    labels = dc_client.get_page_labels(page["id"])
    prop = dc_client.get_page_property(page["id"], "journeyops.fingerprint")

    assert [label["name"] for label in labels["results"]] == ["journeyops"]
    assert prop["value"] == {"v": 2}
    assert prop["version"]["number"] == 2
    assert datacenter.state.counts()["label_write"] == 1
    assert datacenter.state.counts()["property_write"] == 2
    assert datacenter.state.violations == []


def test_attachment_upload_reupload_and_download(
    datacenter: RunningSandbox, dc_client: Any, page: Any
) -> None:
    first = dc_client.attach_content(
        b"<svg>1</svg>", "curve.svg", "image/svg+xml", page_id=page["id"]
    )["results"][0]
    # attach_content re-uploads with PUT /rest/api/content/{attachmentId} (multipart), which
    # no Confluence description has; the product posts to .../{attachmentId}/data instead.
    second = dc_client.post(
        f"rest/api/content/{page['id']}/child/attachment/{first['id']}/data",
        data={"minorEdit": "true"},
        files={"file": ("curve.svg", b"<svg>2</svg>", "image/svg+xml")},
        headers=NO_CHECK,
    )
    downloaded = dc_client.get(second["_links"]["download"].lstrip("/"), not_json_response=True)

    assert second["version"]["number"] == 2
    assert downloaded == b"<svg>2</svg>"
    assert datacenter.state.violations == []


def test_library_reupload_path_is_a_spec_violation(
    datacenter: RunningSandbox, dc_client: Any, page: Any
) -> None:
    dc_client.attach_content(b"1", "curve.svg", "image/svg+xml", page_id=page["id"])

    with pytest.raises(HTTPError):
        dc_client.attach_content(b"2", "curve.svg", "image/svg+xml", page_id=page["id"])

    assert datacenter.state.violations[0]["method"] == "PUT"


def test_space_lookups(datacenter: RunningSandbox, dc_client: Any) -> None:
    space = dc_client.get_space("CX")
    listed = dc_client.get("rest/api/space", params={"spaceKey": "CX"})

    assert space["key"] == "CX"
    assert [s["key"] for s in listed["results"]] == ["CX"]
    assert datacenter.state.violations == []


def test_context_path_and_basic_auth() -> None:
    with serve_confluence(
        flavour="datacenter",
        pat=PAT,
        username="admin",
        password="secret",
        context_path="/confluence",
    ) as box:
        from atlassian import Confluence

        client = Confluence(box.url, username="admin", password="secret", cloud=False)
        created = client.create_page(space="CX", title="Under context", body="<p/>")

        assert box.url.endswith("/confluence")
        assert client.get_page_by_id(created["id"])["title"] == "Under context"
        assert box.state.violations == []
