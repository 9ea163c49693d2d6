"""A failing listener is logged once, with a stable key and the request's kind, never
what people wrote in it."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from bots.slack.listener_errors import logged, report_listener_error

BODY = {
    "type": "block_actions",
    "team": {"id": "T0CXSANDBOX"},
    "actions": [{"action_id": "pain_point.move", "value": "private words"}],
}


def test_a_lazy_listener_failure_is_logged_with_its_traceback(
    caplog: pytest.LogCaptureFixture,
) -> None:
    @logged
    def lazy(body: dict[str, Any], action: dict[str, Any]) -> None:
        raise RuntimeError("boom")

    lazy(body=BODY, action=BODY["actions"][0])

    [record] = caplog.records
    assert record.getMessage() == "slack.listener.failed"
    assert record.exc_info is not None
    assert (record.action_id, record.team_id, record.listener) == (  # type: ignore[attr-defined]
        "pain_point.move",
        "T0CXSANDBOX",
        "lazy",
    )
    assert "private words" not in caplog.text


def test_bolt_still_reads_the_wrapped_listeners_arguments() -> None:
    from slack_bolt.util.utils import get_arg_names_of_callable

    @logged
    def lazy(body: dict[str, Any], respond: Any) -> None:
        pass

    assert get_arg_names_of_callable(lazy) == ["body", "respond"]


def test_the_error_handler_answers_500_and_logs(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.ERROR)

    answer = report_listener_error(ValueError("x"), BODY)

    assert answer.status == 500
    assert caplog.messages == ["slack.listener.failed"]
    assert "private words" not in caplog.text
