"""What a run's one search found: our issues in the project, by id, and the unlinked ones
by the record their issue property names.

The search is by our labels (``journeyops``, and ``journey-<key>`` when the run is limited
to some journeys), never by the issue property: on Jira Cloud a property is JQL-searchable
only when an app declares it for indexing. The property comes back with each result, and
it is what ties an issue nobody here linked (a run died after creating it) to its record.
"""

from dataclasses import dataclass, field
from typing import Any

from connectors.jira.client import JiraClient
from connectors.jira.labels import LABEL, label
from connectors.jira.remote_issue import RemoteIssue
from connectors.jira.render import PROPERTY_KEY, IssueKind

RecordRef = tuple[str, int]  # (IssueKind value, opportunity or pain point id)


def jql_string(value: str) -> str:
    """``value`` as a quoted JQL string."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def our_issues_jql(project: str, journey_keys: list[str] | None = None) -> str:
    """Our issues in ``project`` (only those of ``journey_keys`` when given)."""
    jql = f"project = {jql_string(project)} AND labels = {jql_string(LABEL)}"
    if journey_keys:
        labels = ", ".join(jql_string(label("journey", key)) for key in sorted(journey_keys))
        jql += f" AND labels in ({labels})"
    return jql + " ORDER BY key ASC"


def record_of(value: Any, workspace: str) -> RecordRef | None:
    """The record an issue property of ours names, if it is this workspace's."""
    if not isinstance(value, dict) or value.get("workspace") != workspace:
        return None
    kind = value.get("kind")
    if kind == IssueKind.EPIC.value and isinstance(value.get("opportunity"), int):
        return kind, value["opportunity"]
    pains = value.get("pain_points")
    if kind == IssueKind.PAIN_POINT.value and isinstance(pains, list) and len(pains) == 1:
        return (kind, pains[0]) if isinstance(pains[0], int) else None
    return None


@dataclass
class OurIssues:
    """Our issues as the search found them; shared by every draft of one run.

    Attributes:
        workspace: whose issues these are (the property says; projects may be shared).
        by_id: every issue found, plus any read on its own since (``remember``).
        linked_ids: the issue ids our links already name.
    """

    workspace: str
    by_id: dict[str, RemoteIssue]
    linked_ids: set[str]
    _unlinked: dict[RecordRef, RemoteIssue] | None = field(default=None, repr=False)

    def remember(self, issue: RemoteIssue) -> None:
        """Keep an issue read on its own (linked, but not among the search's results)."""
        self.by_id[issue.id] = issue

    def claim(self, issue_id: str) -> None:
        """``issue_id`` is linked now: no other record may adopt it."""
        self.linked_ids.add(issue_id)
        if self._unlinked is not None:
            self._unlinked = {k: v for k, v in self._unlinked.items() if v.id != issue_id}

    def unlinked(self, client: JiraClient, ref: RecordRef) -> RemoteIssue | None:
        """An issue of ours that names ``ref`` in its property but that no link names.

        Built on first use. The search brings each issue's property; only an answer
        without it costs one read per unlinked issue. Of several, the oldest wins.
        """
        if self._unlinked is None:
            self._unlinked = {}
            for issue in sorted(self.by_id.values(), key=lambda i: int(i.id)):
                if issue.id in self.linked_ids:
                    continue
                value = (
                    issue.properties.get(PROPERTY_KEY)
                    if issue.properties is not None
                    else client.property(issue.id, PROPERTY_KEY)
                )
                found = record_of(value, self.workspace)
                if found is not None:
                    self._unlinked.setdefault(found, issue)
        return self._unlinked.get(ref)


def find_our_issues(
    client: JiraClient,
    project: str,
    workspace: str,
    linked_ids: set[str],
    journey_keys: list[str] | None = None,
) -> OurIssues:
    """Search ``project`` for our issues (one request per 100)."""
    found = client.search(our_issues_jql(project, journey_keys), property_key=PROPERTY_KEY)
    return OurIssues(workspace, {issue.id: issue for issue in found}, set(linked_ids))
