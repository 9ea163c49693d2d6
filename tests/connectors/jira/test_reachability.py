"""The Jira reachability check, against a real HTTP server on 127.0.0.1."""

import base64

import pytest
from pytest_httpserver import HTTPServer

from connectors.jira.reachability import JiraReachability
from core.health import CheckResult
from core.settings import Settings, load_settings

pytestmark = pytest.mark.usefixtures("clean_env")

SECRET = "tok-supersecret"


def cloud_settings(url: str, project: str | None = "CX") -> Settings:
    return load_settings(
        jira_url=url,
        jira_username="cx@acme.test",
        jira_api_token=SECRET,
        jira_cloud=True,
        jira_project=project,
    )


def data_center_settings(url: str, project: str | None = "CX") -> Settings:
    return load_settings(
        jira_url=url, jira_api_token=SECRET, jira_cloud=False, jira_project=project
    )


def check(settings: Settings) -> CheckResult:
    result = JiraReachability(timeout=5)(settings)
    assert SECRET not in result.detail
    assert SECRET not in (result.fix or "")
    return result


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def test_cloud_signs_in_with_email_and_api_token_over_rest_v3(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/rest/api/3/myself", method="GET").respond_with_json(
        {"accountId": "5b10a", "displayName": "Ada Lovelace"}
    )
    httpserver.expect_request("/rest/api/3/project/CX", method="GET").respond_with_json(
        {"id": "10000", "key": "CX", "name": "Customer Experience"}
    )

    result = check(cloud_settings(httpserver.url_for("/")))

    assert result.ok, result
    assert "as Ada Lovelace" in result.detail
    assert "project CX (Customer Experience) found" in result.detail
    assert [request.path for request, _ in httpserver.log] == [
        "/rest/api/3/myself",
        "/rest/api/3/project/CX",
    ]
    for request, _ in httpserver.log:
        assert request.headers["Authorization"] == basic("cx@acme.test", SECRET)


def test_data_center_sends_the_personal_access_token_over_rest_v2(
    httpserver: HTTPServer,
) -> None:
    httpserver.expect_request("/jira/rest/api/2/myself", method="GET").respond_with_json(
        {"name": "ada", "displayName": "Ada Lovelace"}
    )
    httpserver.expect_request("/jira/rest/api/2/project/CX", method="GET").respond_with_json(
        {"id": "10000", "key": "CX", "name": "Customer Experience"}
    )

    result = check(data_center_settings(httpserver.url_for("/jira")))

    assert result.ok, result
    assert "Data Center, REST v2" in result.detail
    assert [request.path for request, _ in httpserver.log] == [
        "/jira/rest/api/2/myself",
        "/jira/rest/api/2/project/CX",
    ]
    for request, _ in httpserver.log:
        assert request.headers["Authorization"] == f"Bearer {SECRET}"


def test_without_a_project_only_signs_in(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/rest/api/3/myself").respond_with_json({"displayName": "Ada"})

    result = check(cloud_settings(httpserver.url_for("/"), project=None))

    assert result.ok, result
    assert "JIRA_PROJECT not set" in result.detail
    assert len(httpserver.log) == 1


def test_cloud_401_names_the_username_and_api_token(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/rest/api/3/myself").respond_with_data(
        "Unauthorized", status=401, content_type="text/plain"
    )

    result = check(cloud_settings(httpserver.url_for("/")))

    assert not result.ok
    assert "401" in result.detail
    assert result.fix is not None
    assert "JIRA_USERNAME" in result.fix and "JIRA_API_TOKEN" in result.fix


def test_data_center_401_names_the_personal_access_token(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/rest/api/2/myself").respond_with_json(
        {"errorMessages": ["You are not authenticated."]}, status=401
    )

    result = check(data_center_settings(httpserver.url_for("/")))

    assert not result.ok
    assert result.fix is not None
    assert "JIRA_API_TOKEN" in result.fix and "personal access token" in result.fix


def test_a_captcha_lock_is_explained(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/rest/api/3/myself").respond_with_data(
        "", status=403, headers={"X-Seraph-LoginReason": "AUTHENTICATION_DENIED"}
    )

    result = check(cloud_settings(httpserver.url_for("/")))

    assert not result.ok
    assert "CAPTCHA" in result.detail


def test_a_missing_project_fails_and_names_jira_project(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/rest/api/3/myself").respond_with_json({"displayName": "Ada"})
    httpserver.expect_request("/rest/api/3/project/NOPE").respond_with_json(
        {"errorMessages": ["No project could be found with key 'NOPE'."]}, status=404
    )

    result = check(cloud_settings(httpserver.url_for("/"), project="NOPE"))

    assert not result.ok
    assert "project NOPE is not found" in result.detail
    assert result.fix is not None and "JIRA_PROJECT" in result.fix


def test_a_url_that_is_not_jira_names_jira_url(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/rest/api/3/myself").respond_with_data("Not Found", status=404)

    result = check(cloud_settings(httpserver.url_for("/")))

    assert not result.ok
    assert "404" in result.detail
    assert result.fix is not None and "JIRA_URL" in result.fix


def test_a_sign_in_page_instead_of_json_fails(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/rest/api/3/myself").respond_with_data(
        "<html>Log in</html>", content_type="text/html"
    )

    result = check(cloud_settings(httpserver.url_for("/")))

    assert not result.ok
    assert "text/html" in result.detail
    assert result.fix is not None and "JIRA_URL" in result.fix


def test_an_unreachable_server_fails_and_names_jira_url(closed_port: int) -> None:
    url = f"http://127.0.0.1:{closed_port}"

    result = check(cloud_settings(url))

    assert not result.ok
    assert result.detail.startswith(f"cannot reach {url}: ")
    assert "refused" in result.detail.lower()
    assert result.fix is not None and "JIRA_URL" in result.fix


def test_not_configured_is_not_a_failure() -> None:
    result = check(load_settings())

    assert result.ok
    assert result.detail == "not configured"
    assert result.fix is not None and "JIRA_URL" in result.fix
