"""``POST /webhooks/jira`` through Flask's test client: one test per event we handle, and
the requests we refuse or ignore."""

import json
import logging
from typing import Any

import pytest
from flask.testing import FlaskClient

from core.store import Store
from tests.webhooks.conftest import (
    PAIN_POINT,
    SECRET,
    Journal,
    Post,
    fixture,
    issue_updated,
    settings_for,
)
from webhooks.app import create_app
from webhooks.jira_hook import MAX_BODY
from webhooks.signatures import hub_signature

DONE = fixture("issue_updated__done")
IN_PROGRESS = fixture("issue_updated__in_progress")
ACTOR = "jira:557058:f00dcafe-0000-4000-8000-5a4db0c5e001"


def test_an_epic_moved_to_done_ships_the_fix(journal: Journal, post: Post) -> None:
    journal.link_issue("CX-1")

    answer = post(DONE)

    assert (answer.status_code, answer.json) == (200, {"outcome": "changed"})
    assert journal.opportunity_status() == "done"
    assert journal.pain_status() == "fix_shipped"
    assert journal.events()[-2:] == [
        ("opportunity.status_changed", ACTOR, "jira"),
        ("pain_point.fix_shipped", ACTOR, "jira"),
    ]


def test_a_redelivery_is_applied_once(journal: Journal, post: Post) -> None:
    journal.link_issue("CX-1")
    assert post(IN_PROGRESS, delivery="d-1").json == {"outcome": "changed"}
    events = journal.events()

    again = post(IN_PROGRESS, delivery="d-1")

    assert (again.status_code, again.json) == (200, {"outcome": "duplicate"})
    assert journal.events() == events
    assert journal.deliveries() == 1


def test_without_an_identifier_the_body_identifies_the_delivery(
    journal: Journal, post: Post
) -> None:
    journal.link_issue("CX-1")
    assert post(IN_PROGRESS, delivery=None).json == {"outcome": "changed"}
    assert post(IN_PROGRESS, delivery=None).json == {"outcome": "duplicate"}
    assert post(DONE, delivery=None).json == {"outcome": "changed"}


def test_an_overlong_identifier_still_identifies_the_delivery(journal: Journal, post: Post) -> None:
    journal.link_issue("CX-1")
    long_id = "retry-" + "7" * 500  # longer than the column: stored hashed, not truncated
    assert post(IN_PROGRESS, delivery=long_id).json == {"outcome": "changed"}
    assert post(IN_PROGRESS, delivery=long_id).json == {"outcome": "duplicate"}
    assert post(IN_PROGRESS, delivery=long_id[:-1] + "8").json == {"outcome": "unchanged"}


def test_a_late_older_change_does_not_undo_a_newer_one(journal: Journal, post: Post) -> None:
    journal.link_issue("CX-1")
    post(DONE)

    late = post(IN_PROGRESS)  # sent before the "done" one, delivered after it

    assert late.json == {"outcome": "stale"}
    assert journal.opportunity_status() == "done"


def test_edits_in_jira_do_not_undo_what_people_changed_here(journal: Journal, post: Post) -> None:
    journal.link_issue("CX-1")
    ts = DONE["timestamp"]
    journal.set_opportunity_status("in_progress")  # work started before the epic existed

    fresh = post(issue_updated("new", ts, summary="Created by sync, still To Do"))
    assert fresh.json == {"outcome": "unchanged"}
    assert journal.opportunity_status() == "in_progress"

    assert post(issue_updated("done", ts + 1)).json == {"outcome": "changed"}
    journal.set_opportunity_status("in_progress")  # reopened here after a review
    renamed = post(issue_updated("done", ts + 2, summary="Renamed in Jira"))
    assert renamed.json == {"outcome": "unchanged"}
    assert journal.opportunity_status() == "in_progress"

    assert post(issue_updated("new", ts + 3)).json == {"outcome": "changed"}
    assert journal.opportunity_status() == "planned", "moved back to To Do in Jira"


def test_a_pain_points_own_issue_ships_its_fix(journal: Journal, post: Post) -> None:
    journal.link_issue("CX-1", record=PAIN_POINT)

    assert post(DONE).json == {"outcome": "changed"}

    assert journal.pain_status() == "fix_shipped"
    assert journal.opportunity_status() == "planned", "the epic is another issue"


def test_an_issue_moved_to_another_project_is_found_by_its_id(journal: Journal, post: Post) -> None:
    journal.link_issue("SHOP-9", state={"id": "10001"})

    assert post(DONE).json == {"outcome": "changed"}  # the payload says CX-1, id 10001
    assert journal.opportunity_status() == "done"


def test_a_deleted_issue_marks_the_link_and_deletes_nothing(journal: Journal, post: Post) -> None:
    journal.link_issue("CX-1", state={"id": "10001"})

    answer = post(fixture("issue_deleted"))

    assert (answer.status_code, answer.json) == (200, {"outcome": "deleted"})
    link = journal.link("CX-1")
    assert link.state["deleted"] is True and link.state["id"] == "10001"
    assert journal.opportunity_status() == "planned"
    assert journal.pain_status() == "open"
    assert journal.events()[-1] == ("link.remote_deleted", ACTOR, "jira")
    assert post(DONE).json == {"outcome": "unchanged"}, "nothing applies to a deleted issue"
    assert journal.opportunity_status() == "planned"


@pytest.mark.parametrize(
    "payload",
    [
        fixture("comment_created"),
        fixture("issue_updated__done") | {"webhookEvent": "jira:issue_created"},
        {"webhookEvent": "jira:worklog_updated", "worklog": {"id": "1"}},
        {"webhookEvent": "jira:issue_updated"},
        {"webhookEvent": "jira:issue_updated", "issue": {"id": "10001"}},
        {"timestamp": 1},
    ],
    ids=["comment", "created", "worklog", "no-issue", "no-key", "no-event"],
)
def test_events_we_do_not_follow_are_ignored(
    journal: Journal, post: Post, payload: dict[str, Any]
) -> None:
    journal.link_issue("CX-1")

    answer = post(payload)

    assert (answer.status_code, answer.json) == (200, {"outcome": "ignored"})
    assert journal.events()[-1][0] == "link.created"
    assert journal.deliveries() == 0


def test_an_issue_nobody_linked_is_ignored(journal: Journal, post: Post) -> None:
    journal.link_issue("CX-2")

    answer = post(DONE)

    assert (answer.status_code, answer.json) == (200, {"outcome": "ignored"})
    assert journal.opportunity_status() == "planned"
    assert journal.events()[-1][0] == "link.created"


@pytest.mark.parametrize(
    "signature",
    [
        None,
        "",
        "sha256=" + "0" * 64,
        hub_signature("another-secret", b"{}"),
        "sha1=abc",
        "sha256=é",
    ],
    ids=["missing", "empty", "zeros", "other-body-and-secret", "sha1", "non-ascii"],
)
def test_a_bad_signature_is_refused_and_changes_nothing(
    journal: Journal, post: Post, signature: str | None
) -> None:
    journal.link_issue("CX-1")

    answer = post(DONE, signature=signature)

    assert answer.status_code == 401
    assert journal.opportunity_status() == "planned"
    assert journal.deliveries() == 0


def test_a_body_signed_with_another_secret_is_refused(journal: Journal, post: Post) -> None:
    journal.link_issue("CX-1")
    assert post(DONE, secret="not-" + SECRET).status_code == 401
    assert journal.opportunity_status() == "planned"


@pytest.mark.parametrize("secret", [None, ""], ids=["unset", "empty"])
def test_without_a_secret_configured_everything_is_refused(
    clean_env: None, db_url: str, store: Store, journal: Journal, secret: str | None
) -> None:
    journal.link_issue("CX-1")
    client = create_app(settings_for(db_url, secret=secret), store).test_client()
    body = json.dumps(DONE).encode()

    for signed_with in ("", SECRET):  # an empty key is what an unset secret must not become
        headers = {"X-Hub-Signature": hub_signature(signed_with, body)}
        assert client.post("/webhooks/jira", data=body, headers=headers).status_code == 401
    assert journal.opportunity_status() == "planned"


@pytest.mark.parametrize(
    "body", [b"{not json", b"", b"\xff\xfe\x00", b"[1, 2]", b'"text"', b"null"]
)
def test_a_body_that_is_not_a_json_object_is_a_bad_request(
    journal: Journal, post: Post, body: bytes
) -> None:
    answer = post(body)
    assert (answer.status_code, answer.json) == (400, {"outcome": "malformed"})
    assert journal.deliveries() == 0


def test_an_oversize_body_is_refused(journal: Journal, post: Post) -> None:
    journal.link_issue("CX-1")
    padded = DONE | {"padding": "x" * MAX_BODY}

    answer = post(padded)

    assert answer.status_code == 413
    assert journal.opportunity_status() == "planned"


def test_a_body_just_under_the_limit_is_read_whole(journal: Journal, post: Post) -> None:
    journal.link_issue("CX-1")
    body = json.dumps(DONE).encode()
    padded = body[:-1] + b', "padding": "' + b"x" * (MAX_BODY - len(body) - 20) + b'"}'
    assert len(padded) <= MAX_BODY

    assert post(padded).json == {"outcome": "changed"}


def test_refusals_are_logged_without_the_secret_or_the_signature(
    journal: Journal, post: Post, caplog: pytest.LogCaptureFixture
) -> None:
    forged = "sha256=" + "ab" * 32
    with caplog.at_level(logging.DEBUG, logger="webhooks"):
        post(DONE, signature=forged, delivery="d-forged")
        post(DONE, signature=None, delivery="d-unsigned")

    refusals = [r for r in caplog.records if r.getMessage() == "jira.webhook.bad_signature"]
    assert [(r.levelname, vars(r)["reason"], vars(r)["delivery"]) for r in refusals] == [
        ("WARNING", "mismatch", "d-forged"),
        ("WARNING", "missing", "d-unsigned"),
    ]
    everything = " ".join(f"{r.getMessage()} {vars(r)}" for r in caplog.records)
    assert SECRET not in everything
    assert forged not in everything and "ab" * 32 not in everything


def test_only_post_is_allowed(client: FlaskClient) -> None:
    assert client.get("/webhooks/jira").status_code == 405
