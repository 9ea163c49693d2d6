"""The Confluence reachability check, against a real HTTP server on 127.0.0.1."""

import base64

import pytest
from pytest_httpserver import HTTPServer

from connectors.confluence.reachability import ConfluenceReachability
from core.health import CheckResult
from core.settings import Settings, load_settings

# atlassian-python-api warns about its own v1 helpers whenever its v2 Cloud client is built.
pytestmark = [
    pytest.mark.usefixtures("clean_env"),
    pytest.mark.filterwarnings("ignore:V1 methods are deprecated:DeprecationWarning"),
]

SECRET = "tok-supersecret"
SPACE = {"id": "98306", "key": "CX", "name": "Customer Experience", "type": "global"}


def cloud_settings(url: str, space: str | None = "CX") -> Settings:
    return load_settings(
        confluence_url=url,
        confluence_username="cx@acme.test",
        confluence_api_token=SECRET,
        confluence_cloud=True,
        confluence_space=space,
    )


def data_center_settings(url: str, space: str | None = "CX") -> Settings:
    return load_settings(
        confluence_url=url,
        confluence_api_token=SECRET,
        confluence_cloud=False,
        confluence_space=space,
    )


def check(settings: Settings) -> CheckResult:
    result = ConfluenceReachability(timeout=5)(settings)
    assert SECRET not in result.detail
    assert SECRET not in (result.fix or "")
    return result


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def test_cloud_signs_in_with_email_and_api_token_over_v2_spaces(httpserver: HTTPServer) -> None:
    httpserver.expect_request(
        "/wiki/api/v2/spaces", method="GET", query_string={"limit": "1"}
    ).respond_with_json({"results": [SPACE], "_links": {}})
    httpserver.expect_request(
        "/wiki/api/v2/spaces", method="GET", query_string={"keys": "CX", "limit": "1"}
    ).respond_with_json({"results": [SPACE], "_links": {}})

    result = check(cloud_settings(httpserver.url_for("/wiki")))

    assert result.ok, result
    assert "Cloud, REST v2" in result.detail
    assert "space CX (Customer Experience) found" in result.detail
    assert [(request.path, dict(request.args)) for request, _ in httpserver.log] == [
        ("/wiki/api/v2/spaces", {"limit": "1"}),
        ("/wiki/api/v2/spaces", {"keys": "CX", "limit": "1"}),
    ]
    for request, _ in httpserver.log:
        assert request.headers["Authorization"] == basic("cx@acme.test", SECRET)


def test_data_center_sends_the_personal_access_token_to_rest_api_space(
    httpserver: HTTPServer,
) -> None:
    httpserver.expect_request(
        "/confluence/rest/api/space", method="GET", query_string={"limit": "1"}
    ).respond_with_json({"results": [SPACE], "start": 0, "limit": 1, "size": 1})
    httpserver.expect_request("/confluence/rest/api/space/CX", method="GET").respond_with_json(
        SPACE
    )

    result = check(data_center_settings(httpserver.url_for("/confluence")))

    assert result.ok, result
    assert "Data Center, REST v1" in result.detail
    assert "space CX (Customer Experience) found" in result.detail
    assert [request.path for request, _ in httpserver.log] == [
        "/confluence/rest/api/space",
        "/confluence/rest/api/space/CX",
    ]
    for request, _ in httpserver.log:
        assert request.headers["Authorization"] == f"Bearer {SECRET}"


def test_without_a_space_only_signs_in(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/wiki/api/v2/spaces").respond_with_json({"results": [SPACE]})

    result = check(cloud_settings(httpserver.url_for("/wiki"), space=None))

    assert result.ok, result
    assert "CONFLUENCE_SPACE not set" in result.detail
    assert len(httpserver.log) == 1


def test_cloud_401_names_the_username_and_api_token(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/wiki/api/v2/spaces").respond_with_json(
        {"code": 401, "message": "Unauthorized; scope does not match"}, status=401
    )

    result = check(cloud_settings(httpserver.url_for("/wiki")))

    assert not result.ok
    assert "401" in result.detail
    assert result.fix is not None
    assert "CONFLUENCE_USERNAME" in result.fix and "CONFLUENCE_API_TOKEN" in result.fix


def test_data_center_401_names_the_personal_access_token(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/rest/api/space").respond_with_data("", status=401)

    result = check(data_center_settings(httpserver.url_for("/")))

    assert not result.ok
    assert result.fix is not None
    assert "CONFLUENCE_API_TOKEN" in result.fix and "personal access token" in result.fix


def test_a_missing_space_on_cloud_fails_and_names_confluence_space(
    httpserver: HTTPServer,
) -> None:
    httpserver.expect_request("/wiki/api/v2/spaces", query_string={"limit": "1"}).respond_with_json(
        {"results": [SPACE]}
    )
    httpserver.expect_request(
        "/wiki/api/v2/spaces", query_string={"keys": "NOPE", "limit": "1"}
    ).respond_with_json({"results": [], "_links": {}})

    result = check(cloud_settings(httpserver.url_for("/wiki"), space="NOPE"))

    assert not result.ok
    assert "space NOPE is not found" in result.detail
    assert result.fix is not None
    assert "CONFLUENCE_SPACE" in result.fix and "isn't found" in result.fix


def test_a_missing_space_on_data_center_fails_and_names_confluence_space(
    httpserver: HTTPServer,
) -> None:
    httpserver.expect_request("/rest/api/space").respond_with_json({"results": [SPACE]})
    httpserver.expect_request("/rest/api/space/NOPE").respond_with_json(
        {"statusCode": 404, "message": "No space found with key : NOPE"}, status=404
    )

    result = check(data_center_settings(httpserver.url_for("/"), space="NOPE"))

    assert not result.ok
    assert "space NOPE is not found" in result.detail
    assert result.fix is not None and "CONFLUENCE_SPACE" in result.fix


def test_a_cloud_url_without_wiki_names_confluence_url(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/api/v2/spaces").respond_with_data("Not Found", status=404)

    result = check(cloud_settings(httpserver.url_for("/")))

    assert not result.ok
    assert "404" in result.detail
    assert result.fix is not None
    assert "CONFLUENCE_URL" in result.fix and "/wiki" in result.fix


def test_a_server_error_fails(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/wiki/api/v2/spaces").respond_with_data(
        "Service Unavailable", status=503
    )

    result = check(cloud_settings(httpserver.url_for("/wiki")))

    assert not result.ok
    assert "503" in result.detail


def test_rate_limiting_is_reported_instead_of_waited_out(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/wiki/api/v2/spaces").respond_with_data(
        "Too Many Requests", status=429, headers={"Retry-After": "1"}
    )

    result = check(cloud_settings(httpserver.url_for("/wiki")))

    assert not result.ok
    assert "429" in result.detail
    assert len(httpserver.log) == 1


def test_an_unreachable_server_fails_and_names_confluence_url(closed_port: int) -> None:
    url = f"http://127.0.0.1:{closed_port}/wiki"

    result = check(cloud_settings(url))

    assert not result.ok
    assert result.detail.startswith(f"cannot reach {url}: ")
    assert "refused" in result.detail.lower()
    assert result.fix is not None and "CONFLUENCE_URL" in result.fix


def test_not_configured_is_not_a_failure() -> None:
    result = check(load_settings())

    assert result.ok
    assert result.detail == "not configured"
    assert result.fix is not None and "CONFLUENCE_URL" in result.fix
