"""JSON shapes of users, projects, issue types, statuses and transitions (v2 and v3 alike)."""

from __future__ import annotations

from typing import Any

from sandbox.jira.model import IssueType, Project, Status, StatusCategory, Transition, User
from sandbox.jira.sites import Site

Json = dict[str, Any]


def avatar_urls(site: Site, kind: str, ident: str) -> dict[str, str]:
    base = f"{site.base}/secure/viewavatar?avatarType={kind}&avatarId={ident}"
    return {size: f"{base}&size={size}" for size in ("16x16", "24x24", "32x32", "48x48")}


def user_shape(user: User, site: Site) -> Json:
    """``UserDetails``: Cloud names users by account id, Data Center by name and key."""
    shape: Json = {
        "emailAddress": user.email,
        "avatarUrls": avatar_urls(site, "user", "10122"),
        "displayName": user.display_name,
        "active": True,
        "timeZone": "Etc/UTC",
    }
    if site.cloud:
        shape.update(
            self=site.api(f"user?accountId={user.account_id}"),
            accountId=user.account_id,
            accountType="atlassian",
        )
    else:
        shape.update(self=site.api(f"user?username={user.name}"), name=user.name, key=user.name)
    return shape


def myself_shape(user: User, site: Site) -> Json:
    shape = user_shape(user, site)
    shape.update(locale="en_US", groups={"size": 1, "items": []})
    shape["applicationRoles"] = {"size": 1, "items": []}
    return shape


def category_shape(category: StatusCategory, site: Site) -> Json:
    return {
        "self": site.api(f"statuscategory/{category.id}"),
        "id": category.id,
        "key": category.key,
        "colorName": category.color,
        "name": category.name,
    }


def status_shape(status: Status, site: Site) -> Json:
    return {
        "self": site.api(f"status/{status.id}"),
        "description": status.description,
        "iconUrl": f"{site.base}/images/icons/statuses/generic.png",
        "name": status.name,
        "id": status.id,
        "statusCategory": category_shape(status.category, site),
    }


def issue_type_shape(issue_type: IssueType, site: Site) -> Json:
    return {
        "self": site.api(f"issuetype/{issue_type.id}"),
        "id": issue_type.id,
        "description": issue_type.description,
        "iconUrl": f"{site.base}/images/icons/issuetypes/{issue_type.name.lower()}.svg",
        "name": issue_type.name,
        "subtask": issue_type.subtask,
        "avatarId": 10300 + int(issue_type.id) % 100,
        "hierarchyLevel": issue_type.hierarchy_level,
    }


def project_ref(project: Project, site: Site) -> Json:
    """The project as an issue's ``project`` field shows it."""
    return {
        "self": site.api(f"project/{project.id}"),
        "id": project.id,
        "key": project.key,
        "name": project.name,
        "projectTypeKey": "software",
        "simplified": False,
        "avatarUrls": avatar_urls(site, "project", "10400"),
    }


def project_shape(project: Project, lead: User, site: Site) -> Json:
    """``GET /project/{key}``."""
    shape = project_ref(project, site)
    shape.update(
        expand="description,lead,issueTypes,url,projectKeys,permissions,insight",
        description="",
        lead=user_shape(lead, site),
        components=[],
        issueTypes=[issue_type_shape(t, site) for t in project.issue_types],
        assigneeType="UNASSIGNED",
        versions=[],
        roles={},
        style="classic",
        isPrivate=False,
        properties={},
    )
    return shape


def transition_shape(transition: Transition, site: Site) -> Json:
    return {
        "id": transition.id,
        "name": transition.name,
        "to": status_shape(transition.to, site),
        "hasScreen": False,
        "isGlobal": True,
        "isInitial": False,
        "isAvailable": True,
        "isConditional": False,
        "looped": False,
    }


def createmeta_page(project: Project, site: Site, start: int, limit: int) -> Json:
    """Issue types a project can create: Cloud lists ``issueTypes``, Data Center ``values``."""
    types = project.issue_types[start : start + limit]
    shapes = [issue_type_shape(t, site) for t in types]
    page: Json = {"maxResults": limit, "startAt": start, "total": len(project.issue_types)}
    if site.cloud:
        page["issueTypes"] = shapes
    else:
        page.update(isLast=start + limit >= len(project.issue_types), values=shapes)
    return page
