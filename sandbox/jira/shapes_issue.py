"""The ``IssueBean`` of an issue: fields in the v2 (wiki) or v3 (ADF) representation,
filtered by ``fields``, with ``expand`` parts, requested ``properties`` and remote links."""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Any, Protocol

from sandbox.jira import workflow
from sandbox.jira.adf import wiki_to_adf
from sandbox.jira.history import description_text
from sandbox.jira.model import ChangeItem, Description, History, Issue, User
from sandbox.jira.shapes_meta import (
    issue_type_shape,
    project_ref,
    status_shape,
    transition_shape,
    user_shape,
)
from sandbox.jira.sites import Site, jira_time

Json = dict[str, Any]
BEAN_EXPAND = "renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations"
FIELD_NAMES = {
    "summary": "Summary",
    "description": "Description",
    "labels": "Labels",
    "project": "Project",
    "issuetype": "Issue Type",
    "status": "Status",
    "statuscategorychangedate": "Status Category Changed",
    "created": "Created",
    "updated": "Updated",
    "resolution": "Resolution",
    "resolutiondate": "Resolved",
    "creator": "Creator",
    "reporter": "Reporter",
    "assignee": "Assignee",
    "priority": "Priority",
    "parent": "Parent",
    "subtasks": "Sub-tasks",
    "issuelinks": "Linked Issues",
}


class IssueSource(Protocol):
    user: User

    def find_issue(self, key_or_id: str) -> Issue | None: ...

    def children(self, issue: Issue) -> list[Issue]: ...


def description_for(description: Description | None, version: int) -> Any:
    """v3 answers ADF (wiki text converted); v2 answers wiki markup (ADF converted)."""
    if description is None:
        return None
    if version >= 3:
        return description.value if description.kind == "adf" else wiki_to_adf(description.value)
    return description_text(description)


def _priority(site: Site) -> Json:
    return {
        "self": site.api("priority/3"),
        "iconUrl": f"{site.base}/images/icons/priorities/medium.svg",
        "name": "Medium",
        "id": "3",
    }


def issue_ref(issue: Issue, site: Site) -> Json:
    """How an issue appears inside another one (``parent``, ``subtasks``)."""
    return {
        "id": issue.id,
        "key": issue.key,
        "self": site.api(f"issue/{issue.id}"),
        "fields": {
            "summary": issue.summary,
            "status": status_shape(issue.status, site),
            "priority": _priority(site),
            "issuetype": issue_type_shape(issue.issue_type, site),
        },
    }


def all_fields(issue: Issue, source: IssueSource, site: Site) -> Json:
    resolved = issue.resolution_date is not None
    resolution = dict(workflow.DONE_RESOLUTION, self=site.api("resolution/10000"))
    fields: Json = {
        "summary": issue.summary,
        "description": description_for(issue.description, site.version),
        "labels": list(issue.labels),
        "project": project_ref(issue.project, site),
        "issuetype": issue_type_shape(issue.issue_type, site),
        "status": status_shape(issue.status, site),
        "statuscategorychangedate": jira_time(issue.status_changed or issue.created),
        "created": jira_time(issue.created),
        "updated": jira_time(issue.updated),
        "resolution": resolution if resolved else None,
        "resolutiondate": jira_time(issue.resolution_date) if issue.resolution_date else None,
        "creator": user_shape(source.user, site),
        "reporter": user_shape(source.user, site),
        "assignee": None,
        "priority": _priority(site),
        "subtasks": [issue_ref(c, site) for c in source.children(issue) if c.issue_type.subtask],
        "issuelinks": [],
    }
    parent = source.find_issue(issue.parent_key) if issue.parent_key else None
    if parent is not None:
        fields["parent"] = issue_ref(parent, site)
    return fields


def select_fields(fields: Json, requested: Iterable[str]) -> Json:
    """Jira's ``fields`` parameter: names, ``*all``/``*navigable``, ``-name`` exclusions."""
    tokens = list(requested)
    everything = any(t in ("*all", "*navigable") for t in tokens)
    names = {t for t in tokens if not t.startswith(("-", "*"))}
    excluded = {t[1:] for t in tokens if t.startswith("-")}
    return {k: v for k, v in fields.items() if (everything or k in names) and k not in excluded}


def change_item_shape(item: ChangeItem) -> Json:
    return {
        "field": item.field,
        "fieldtype": item.fieldtype,
        "fieldId": item.field_id,
        "from": item.from_id,
        "fromString": item.from_string,
        "to": item.to_id,
        "toString": item.to_string,
    }


def history_shape(history: History, source: IssueSource, site: Site) -> Json:
    return {
        "id": history.id,
        "author": user_shape(source.user, site),
        "created": jira_time(history.created),
        "items": [change_item_shape(i) for i in history.items],
    }


def _rendered(issue: Issue, fields: Json) -> Json:
    text = description_text(issue.description)
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in (text or "").split("\n\n") if p)
    rendered = {"description": paragraphs or None}
    return {k: v for k, v in rendered.items() if k in fields}


def issue_bean(
    issue: Issue,
    source: IssueSource,
    site: Site,
    *,
    fields: Iterable[str] = ("*all",),
    expand: Iterable[str] = (),
    properties: Iterable[str] = (),
) -> Json:
    """The issue as ``GET /issue/{key}`` and the searches answer it."""
    chosen = select_fields(all_fields(issue, source, site), fields)
    bean: Json = {
        "expand": BEAN_EXPAND,
        "id": issue.id,
        "self": site.api(f"issue/{issue.id}"),
        "key": issue.key,
        "fields": chosen,
    }
    wanted = set(expand)
    if "names" in wanted:
        bean["names"] = {k: v for k, v in FIELD_NAMES.items() if k in chosen}
    if "renderedFields" in wanted:
        bean["renderedFields"] = _rendered(issue, chosen)
    if "transitions" in wanted:
        bean["transitions"] = [transition_shape(t, site) for t in workflow.available(issue.status)]
    if "changelog" in wanted:
        histories = [history_shape(h, source, site) for h in issue.histories]
        bean["changelog"] = {
            "startAt": 0,
            "maxResults": len(histories),
            "total": len(histories),
            "histories": histories,
        }
    keys = list(properties)
    if keys:
        every = "*all" in keys
        bean["properties"] = {k: v for k, v in issue.properties.items() if every or k in keys}
    return bean
