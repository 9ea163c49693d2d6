"""Fixtures: a running Jira sandbox of each flavour and real atlassian-python-api clients.

Every sandbox fixture fails the test at teardown when the sandbox recorded a violation
(a request Jira would refuse, or a sandbox answer that breaks the vendor description). A
test that provokes one on purpose takes it with ``take_violations``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import requests
from atlassian import Jira

from sandbox.jira import RunningSandbox, serve_jira

API_TOKEN = "cloud-api-token"
PAT = "dc-personal-access-token"
EMAIL = "cx-lead@example.com"


def take_violations(running: RunningSandbox) -> list[dict[str, Any]]:
    """The violations recorded so far, removed so the fixture's teardown check passes."""
    with running.state.lock:
        found = list(running.state.violations)
        running.state.violations.clear()
    return found


def _serve(flavour: str, **options: Any) -> Iterator[RunningSandbox]:
    credentials = {"api_token": API_TOKEN} if flavour == "cloud" else {"pat": PAT}
    with serve_jira(flavour=flavour, **credentials, **options) as running:
        yield running
        assert running.state.violations == [], "a request Jira would refuse"


@pytest.fixture
def jira_cloud() -> Iterator[RunningSandbox]:
    yield from _serve("cloud")


@pytest.fixture
def jira_dc() -> Iterator[RunningSandbox]:
    yield from _serve("datacenter")


def cloud_client(running: RunningSandbox) -> Any:
    """How the product builds its Cloud client: e-mail + API token, REST v3."""
    return Jira(url=running.url, username=EMAIL, password=API_TOKEN, cloud=True, api_version=3)


def dc_client(running: RunningSandbox) -> Any:
    """How the product builds its Data Center client: a personal access token, REST v2."""
    return Jira(url=running.url, token=PAT, cloud=False)


def session_for(running: RunningSandbox) -> requests.Session:
    """A plain HTTP session with the flavour's credentials, for raw requests."""
    session = requests.Session()
    if running.flavour == "cloud":
        session.auth = (EMAIL, API_TOKEN)
    else:
        session.headers["Authorization"] = f"Bearer {PAT}"
    return session


@dataclass
class Site:
    """One flavour under test: the running sandbox, its client and its REST version."""

    running: RunningSandbox
    client: Any
    version: int

    @property
    def cloud(self) -> bool:
        return self.version == 3

    def description(self, text: str) -> Any:
        """A description as this flavour takes it: ADF on v3, wiki markup on v2."""
        if not self.cloud:
            return text
        paragraph = {"type": "paragraph", "content": [{"type": "text", "text": text}]}
        return {"type": "doc", "version": 1, "content": [paragraph]}

    def create(self, summary: str, issue_type: str = "Task", **fields: Any) -> str:
        """Create an issue in project CX through the client; its key."""
        body = {"project": {"key": "CX"}, "issuetype": {"name": issue_type}, "summary": summary}
        created: dict[str, str] = self.client.create_issue(fields=body | fields)
        return created["key"]


@pytest.fixture(params=["cloud", "datacenter"])
def site(request: pytest.FixtureRequest) -> Iterator[Site]:
    """Each flavour in turn, with the client the product would use."""
    for running in _serve(request.param):
        cloud = request.param == "cloud"
        client = cloud_client(running) if cloud else dc_client(running)
        yield Site(running, client, 3 if cloud else 2)
