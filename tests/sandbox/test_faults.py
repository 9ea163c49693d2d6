"""Fault injection reaches the client: 429 + Retry-After, 5xx, latency, dropped connections."""

from __future__ import annotations

from typing import Any

import pytest
import requests
from requests import HTTPError

from sandbox.confluence import RunningSandbox
from tests.sandbox.conftest import API_TOKEN, EMAIL


@pytest.fixture
def session() -> requests.Session:
    session = requests.Session()
    session.auth = (EMAIL, API_TOKEN)
    return session


def test_throttle_answers_429_with_retry_after(
    cloud: RunningSandbox, session: requests.Session
) -> None:
    cloud.faults.throttle_next(2, retry_after=7, path_prefix="/wiki/api/v2/spaces")
    url = f"{cloud.url}/api/v2/spaces"

    answers = [session.get(url, params={"keys": "CX"}, timeout=5) for _ in range(3)]

    assert [a.status_code for a in answers] == [429, 429, 200]
    assert answers[0].headers["Retry-After"] == "7"
    assert cloud.state.violations == []


def test_server_errors_reach_the_client(cloud: RunningSandbox, cloud_client: Any) -> None:
    cloud.faults.fail_next(1, status=500)
    cloud.faults.fail_next(1, status=503, method="GET")

    with pytest.raises(HTTPError) as first:
        cloud_client.get_space_by_key("CX")
    with pytest.raises(HTTPError) as second:
        cloud_client.get_space_by_key("CX")
    space = cloud_client.get_space_by_key("CX")

    assert first.value.response.status_code == 500
    assert second.value.response.status_code == 503
    assert space["key"] == "CX"
    assert cloud.state.violations == []


def test_fault_matches_method_and_path_only(cloud: RunningSandbox, cloud_client: Any) -> None:
    cloud.faults.fail_next(1, status=502, method="POST", path_prefix="/wiki/api/v2/pages")

    space = cloud_client.get_space_by_key("CX")
    with pytest.raises(HTTPError) as failed:
        cloud_client.create_page(space_id=space["id"], title="T", body="<p/>")

    assert failed.value.response.status_code == 502
    assert cloud.state.find_pages("CX", "T") == []


def test_latency_and_delay_still_answer(cloud: RunningSandbox, cloud_client: Any) -> None:
    cloud.faults.set_latency(30)
    cloud.faults.delay_next(1, delay_ms=50)

    for _ in range(3):
        assert cloud_client.get_space_by_key("CX")["key"] == "CX"

    assert cloud.state.counts()["read"] == 3
    assert cloud.state.violations == []


def test_dropped_connection_raises_connection_error(
    cloud: RunningSandbox, session: requests.Session
) -> None:
    cloud.faults.drop_next(1)

    with pytest.raises(requests.ConnectionError):
        session.get(f"{cloud.url}/api/v2/spaces", timeout=5)
    after = session.get(f"{cloud.url}/api/v2/spaces", timeout=5)

    assert after.status_code == 200
    assert cloud.state.violations == []
