"""The Jira calls for one draft (an opportunity's epic or a pain point's issue).

``publish_issue`` touches no database: it gets an ``IssuePlan`` (the draft and what our
link remembers) and returns an ``IssueProgress`` (what it did, and what the link should
remember now), which the publisher stores. Progress is kept call by call: an issue created
before a remote link failed is still reported, so the next run links it instead of
creating another, and posts only the remote links still missing.
"""

import hashlib
import json
import logging
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from connectors.jira.client import JiraClient
from connectors.jira.errors import JiraError
from connectors.jira.labels import LABEL
from connectors.jira.our_issues import OurIssues
from connectors.jira.remote_issue import IssueRef, RemoteIssue
from connectors.jira.render import IssueDraft, IssueKind

logger = logging.getLogger(__name__)


class Outcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    SKIPPED = "skipped"
    ADOPTED = "adopted"  # ours, found by label + property after a run died unlinked
    FAILED = "failed"


@dataclass(frozen=True)
class IssueResult:
    """What a run did (or, with ``dry_run``, would do) to one draft's issue.

    Attributes:
        journey: the journey's key; ``kind``: ``epic`` or ``pain_point``; ``record``: the
            opportunity's or pain point's key.
        issue_key: the Jira issue, when there is one.
        writes: Jira writes made (requests that change something).
        status: what the status pull changed here (or would), empty when nothing.
    """

    journey: str
    kind: str
    record: str
    outcome: Outcome
    issue_key: str | None
    writes: int
    detail: str = ""
    status: str = ""


@dataclass(frozen=True)
class IssuePlan:
    """One draft with what its link remembers, and where the issue goes."""

    journey: str
    draft: IssueDraft
    project: str
    issue_type: str
    linked_key: str | None = None  # our link's issue key, if any
    state: dict[str, Any] = field(default_factory=dict)  # our link's state
    parent_key: str | None = None  # a pain point's issue: its epic's key
    dry_run: bool = False


@dataclass
class IssueProgress:
    """What ``publish_issue`` did. ``state`` is what the link must remember (None: leave
    the link alone); a ``fingerprint`` of None there means "not finished"."""

    ref: IssueRef | None = None
    state: dict[str, Any] | None = None
    writes: int = 0
    result: IssueResult | None = None


def link_digest(body: dict[str, Any]) -> str:
    """A short hash of a remote link's request body: post it again only when it changes."""
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]


def publish_issue(client: JiraClient, plan: IssuePlan, ours: OurIssues) -> IssueProgress:
    """Create, update, adopt or leave one issue; a JiraError becomes a ``failed`` result."""
    progress = IssueProgress()
    try:
        progress.result = _publish(client, plan, ours, progress)
    except JiraError as exc:
        key = progress.ref.key if progress.ref else plan.linked_key
        progress.result = _result(plan, Outcome.FAILED, key, progress.writes, str(exc))
        logger.warning(
            "jira.issue.failed",
            extra={"journey": plan.journey, "record": plan.draft.record_key, "error": str(exc)},
        )
    return progress


def _result(
    plan: IssuePlan, outcome: Outcome, key: str | None, writes: int, detail: str = ""
) -> IssueResult:
    draft = plan.draft
    return IssueResult(
        plan.journey, draft.kind.value, draft.record_key, outcome, key, writes, detail
    )


def _publish(
    client: JiraClient, plan: IssuePlan, ours: OurIssues, progress: IssueProgress
) -> IssueResult:
    draft = plan.draft
    if draft.kind is IssueKind.PAIN_POINT and plan.parent_key is None and not plan.dry_run:
        return _result(plan, Outcome.FAILED, plan.linked_key, 0, "its epic has no Jira issue yet")
    remote, gone = _linked(client, plan, ours)
    if remote is None:
        found = ours.unlinked(client, (draft.kind.value, draft.record_id))
        if found is not None:
            if plan.dry_run:
                return _result(plan, Outcome.ADOPTED, found.key, 0, "would adopt")
            ours.claim(found.id)
            _update(client, plan, found, {}, progress)
            logger.info("jira.issue.adopted", extra={"record": draft.record_key, "key": found.key})
            return _result(plan, Outcome.ADOPTED, found.key, progress.writes, gone)
        if plan.dry_run:
            detail = "would create" + (f" ({gone})" if gone else "")
            return _result(plan, Outcome.CREATED, None, 0, detail)
        return _create(client, plan, progress, gone)
    moved = remote.key != plan.linked_key
    if plan.state.get("fingerprint") == draft.fingerprint and LABEL in remote.labels:
        if moved:  # moved to another project: only the link's key changes
            progress.ref, progress.state = IssueRef(remote.id, remote.key), dict(plan.state)
        return _result(plan, Outcome.SKIPPED, remote.key, 0)
    if plan.dry_run:
        return _result(plan, Outcome.UPDATED, remote.key, 0, "would update")
    _update(client, plan, remote, plan.state, progress)
    logger.info("jira.issue.updated", extra={"record": draft.record_key, "key": remote.key})
    return _result(plan, Outcome.UPDATED, remote.key, progress.writes)


def _linked(client: JiraClient, plan: IssuePlan, ours: OurIssues) -> tuple[RemoteIssue | None, str]:
    """Our linked issue, and why there is none when the link names a deleted one."""
    issue_id = plan.state.get("id")
    if not issue_id:
        return None, ""
    found = ours.by_id.get(str(issue_id))
    if found is None:
        # Not among our labelled issues in the project: its labels were removed or it
        # moved to another project (read it by its id, which outlives both), or deleted.
        found = client.issue(str(issue_id), property_key=plan.draft.property_key)
        if found is None:
            return None, f"{plan.linked_key} was deleted in Jira"
        ours.remember(found)
    return found, ""


def _create(client: JiraClient, plan: IssuePlan, progress: IssueProgress, note: str) -> IssueResult:
    draft = plan.draft
    fields: dict[str, Any] = {
        "project": {"key": plan.project},
        "issuetype": {"name": plan.issue_type},
        "summary": draft.summary,
        "description": draft.description,
        "labels": list(draft.labels),
    }
    if plan.parent_key:
        fields["parent"] = {"key": plan.parent_key}
    # The property goes in with the issue: it can never exist without our marker.
    ref = client.create_issue(fields, {draft.property_key: draft.property_value})
    progress.writes += 1
    progress.ref = ref
    progress.state = {
        "id": ref.id,
        "fingerprint": None,
        "labels": list(draft.labels),
        "links": {},
        "parent": plan.parent_key,
    }
    _remote_links(client, plan, ref.id, progress)
    progress.state = {**progress.state, "fingerprint": draft.fingerprint}
    logger.info("jira.issue.created", extra={"record": draft.record_key, "key": ref.key})
    return _result(plan, Outcome.CREATED, ref.key, progress.writes, note)


def _update(
    client: JiraClient,
    plan: IssuePlan,
    remote: RemoteIssue,
    state: dict[str, Any],
    progress: IssueProgress,
) -> None:
    """Rewrite summary, description, our labels, parent and property (one request), then
    the remote links that changed."""
    draft = plan.draft
    fields: dict[str, Any] = {"summary": draft.summary, "description": draft.description}
    if plan.parent_key and remote.parent_key != plan.parent_key:
        fields["parent"] = {"key": plan.parent_key}
    # Labels people added stay: we add ours and remove only those we set before.
    dropped = set(state.get("labels") or []) - set(draft.labels)
    operations = [{"add": name} for name in draft.labels if name not in remote.labels]
    operations += [{"remove": name} for name in sorted(dropped) if name in remote.labels]
    client.edit_issue(
        remote.id,
        fields=fields,
        update={"labels": operations} if operations else None,
        properties={draft.property_key: draft.property_value},
    )
    progress.writes += 1
    progress.ref = IssueRef(remote.id, remote.key)
    progress.state = {
        **state,
        "id": remote.id,
        "fingerprint": None,
        "labels": list(draft.labels),
        "links": dict(state.get("links") or {}),
        "parent": plan.parent_key,
    }
    _remote_links(client, plan, remote.id, progress)
    progress.state = {**progress.state, "fingerprint": draft.fingerprint}


def _remote_links(
    client: JiraClient, plan: IssuePlan, issue_id: str, progress: IssueProgress
) -> None:
    """Post each remote link whose body changed (Jira replaces the one with the same
    globalId), and delete those of ours the draft no longer has."""
    assert progress.state is not None
    done: dict[str, str] = dict(progress.state["links"])
    wanted = {link.global_id: link.body() for link in plan.draft.remote_links}
    for global_id, body in wanted.items():
        digest = link_digest(body)
        if done.get(global_id) != digest:
            client.upsert_remote_link(issue_id, body)
            progress.writes += 1
            done[global_id] = digest
            progress.state = {**progress.state, "links": dict(done)}
    for global_id in [g for g in done if g not in wanted]:
        client.delete_remote_link(issue_id, global_id)
        progress.writes += 1
        del done[global_id]
        progress.state = {**progress.state, "links": dict(done)}
