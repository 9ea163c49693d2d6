"""Fixtures: a running Confluence sandbox of each flavour and real atlassian-python-api clients."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from typing import Any

import pytest
from atlassian import Confluence, ConfluenceV2

from sandbox.confluence import RunningSandbox, serve_confluence

API_TOKEN = "cloud-api-token"
PAT = "dc-personal-access-token"
EMAIL = "cx-lead@example.com"


@pytest.fixture
def cloud() -> Iterator[RunningSandbox]:
    with serve_confluence(flavour="cloud", api_token=API_TOKEN) as running:
        yield running


@pytest.fixture
def datacenter() -> Iterator[RunningSandbox]:
    with serve_confluence(flavour="datacenter", pat=PAT) as running:
        yield running


@pytest.fixture
def cloud_client(cloud: RunningSandbox) -> Any:
    """atlassian-python-api's v2 Cloud client, as the product builds it."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return ConfluenceV2(cloud.url, username=EMAIL, password=API_TOKEN, cloud=True)


@pytest.fixture
def dc_client(datacenter: RunningSandbox) -> Any:
    """atlassian-python-api's Server/Data Center client with a personal access token."""
    return Confluence(datacenter.url, token=PAT, cloud=False)


def storage(text: str) -> str:
    """A small storage-format body with a status lozenge."""
    return (
        f'<p>{text}</p><p><ac:structured-macro ac:name="status" ac:schema-version="1">'
        '<ac:parameter ac:name="colour">Red</ac:parameter>'
        '<ac:parameter ac:name="title">abandon</ac:parameter></ac:structured-macro></p>'
    )
