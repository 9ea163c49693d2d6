"""Slack -> app deliveries are signed so that slack_sdk's SignatureVerifier accepts them,
and refuses the stale and the wrongly signed ones."""

from __future__ import annotations

import json
from urllib.parse import parse_qs

from sandbox.slack import SEED, RunningSandbox, signature
from tests.sandbox.slack.conftest import Receiver

# The worked example on Slack's "Verifying requests from Slack" page (request-signing.md).
VECTOR_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
VECTOR_BODY = (
    b"token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V"
    b"&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text="
    b"&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmi"
    b"bIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"
)
VECTOR_SIGNATURE = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"


def test_slacks_worked_example() -> None:
    assert signature(VECTOR_SECRET, 1531420618, VECTOR_BODY) == VECTOR_SIGNATURE


def test_a_signed_event_is_accepted(slack: RunningSandbox, receiver: Receiver) -> None:
    request = slack.events.user_message(SEED.alice, SEED.general, f"<@{SEED.bot_user_id}> help")

    delivery = slack.events.send(request)

    [seen] = receiver.received
    assert seen["valid"] is True
    assert delivery.status == 200
    assert delivery.acked
    assert seen["headers"]["Content-Type"] == "application/json"
    assert json.loads(seen["body"])["event"]["type"] == "app_mention"


def test_stale_and_wrongly_signed_requests_are_refused(
    slack: RunningSandbox, receiver: Receiver
) -> None:
    request = slack.events.slash_command(SEED.alice, SEED.general, "list")

    stale = slack.events.send(request, stale=True)
    forged = slack.events.send(request, secret="not-the-signing-secret")
    good = slack.events.send(request)

    assert [stale.status, forged.status, good.status] == [401, 401, 200]
    assert [r["valid"] for r in receiver.received] == [False, False, True]


def test_a_retry_repeats_the_event_with_retry_headers(
    slack: RunningSandbox, receiver: Receiver
) -> None:
    first = slack.events.send(slack.events.user_message(SEED.bob, SEED.general, "hello"))

    again = slack.events.retry(first)
    third = slack.events.retry(again, reason="http_error")

    bodies = [json.loads(r["body"]) for r in receiver.received]
    headers = [r["headers"] for r in receiver.received]
    assert len({b["event_id"] for b in bodies}) == 1
    assert "X-Slack-Retry-Num" not in headers[0]
    assert [h.get("X-Slack-Retry-Num") for h in headers[1:]] == ["1", "2"]
    assert [h.get("X-Slack-Retry-Reason") for h in headers[1:]] == ["http_timeout", "http_error"]
    assert all(r["valid"] for r in receiver.received)
    assert third.retry_num == 2


def test_interactivity_is_a_form_field_named_payload(
    slack: RunningSandbox, receiver: Receiver
) -> None:
    slack.events.send(slack.events.global_shortcut(SEED.alice, "new_pain_point"))

    [seen] = receiver.received
    form = parse_qs(seen["body"].decode())
    assert seen["headers"]["Content-Type"] == "application/x-www-form-urlencoded"
    assert json.loads(form["payload"][0])["type"] == "shortcut"
    assert seen["valid"] is True


def test_url_verification_wants_the_challenge_back(
    slack: RunningSandbox, receiver: Receiver
) -> None:
    request = slack.events.url_verification("c-123")
    receiver.answer = json.dumps({"challenge": "c-123"})
    echoed = slack.events.send(request)
    receiver.answer = "{}"
    ignored = slack.events.send(request)

    assert echoed.effect == "challenge echoed"
    assert ignored.problems == ["the challenge was not echoed"]
