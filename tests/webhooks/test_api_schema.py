"""The running API against its OpenAPI description (webhooks/api/openapi.yaml), with
schemathesis over WSGI: every operation, with a token, on generated input."""

from typing import Any

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.webhooks.conftest import bearer

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def api_schema(web_app: Flask) -> Any:
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.yaml", web_app)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=20,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_keeps_its_description(case: Any, api_token: str) -> None:
    case.call_and_validate(headers=bearer(api_token), checks=CHECKS)


def test_the_description_covers_every_api_route(web_app: Flask) -> None:
    described = schemathesis.openapi.from_wsgi("/api/v1/openapi.yaml", web_app)
    operations = {
        (op.method.upper(), "/api/v1" + op.path)
        for result in described.get_all_operations()
        for op in [result.ok()]
    }
    routes = {
        (
            method,
            rule.rule.replace("<key>", "{key}").replace("<int(signed=True):pain_point_id>", "{id}"),
        )
        for rule in web_app.url_map.iter_rules()
        if rule.rule.startswith("/api/v1/") and not rule.rule.endswith("openapi.yaml")
        for method in rule.methods or ()
        if method in {"GET", "POST"}
    }
    assert operations == routes


def _described(rule: str, params: dict[str, str]) -> str:
    for flask_param, openapi_param in params.items():
        rule = rule.replace(flask_param, openapi_param)
    return rule
