"""Our links to Jira issues: which issue stands for which opportunity (link kind ``epic``)
or pain point (kind ``issue``), and what the sync remembers of it in ``Link.state``:

* ``id``: the issue id (it outlives the key, which changes when an issue moves);
* ``fingerprint``: of the draft last written completely; None while a write is unfinished;
* ``labels``: our labels last written (the only ones a later write may remove);
* ``links``: remote link globalId -> digest of the body last posted;
* ``parent``: for a pain point's issue, the epic it was put in;
* ``status_category``: the status category last seen, so the pull applies changes only.

A Jira link without ``id`` in its state was made by a person (a journey file, Slack); the
sync never writes to that issue.
"""

from urllib.parse import urlsplit

from sqlalchemy import select

from connectors.jira.issue_job import IssueProgress
from connectors.jira.render import IssueDraft, IssueKind
from core.enums import RecordType
from core.model import Link, utcnow
from core.services.links import link_record
from core.store import UnitOfWork

SYSTEM = "jira"
EPIC_KIND = "epic"  # an opportunity's epic
ISSUE_KIND = "issue"  # a pain point's issue
TITLE_LIMIT = 300  # Link.title
RecordKey = tuple[str, int]


def link_target(draft: IssueDraft) -> tuple[RecordType, str]:
    """The record a draft's link hangs on, and the link's kind."""
    if draft.kind is IssueKind.EPIC:
        return RecordType.OPPORTUNITY, EPIC_KIND
    return RecordType.PAIN_POINT, ISSUE_KIND


def _host(url: str | None) -> str:
    return (urlsplit(url).netloc if url else "").lower()


class LinkedIssues:
    """The workspace's Jira links of opportunities and pain points (one query), kept up
    to date as the run stores what it did."""

    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow
        self.ours: dict[RecordKey, Link] = {}
        self.by_hand: dict[RecordKey, list[Link]] = {}
        rows = uow.session.scalars(
            select(Link)
            .where(
                Link.system == SYSTEM,
                Link.record_type.in_((RecordType.OPPORTUNITY.value, RecordType.PAIN_POINT.value)),
                Link.kind.in_((EPIC_KIND, ISSUE_KIND)),
            )
            .order_by(Link.id)
        )
        for link in rows:
            key = (link.record_type, link.record_id)
            expected = EPIC_KIND if link.record_type == RecordType.OPPORTUNITY.value else ISSUE_KIND
            if link.kind == expected and (link.state or {}).get("id") and key not in self.ours:
                self.ours[key] = link
            else:
                self.by_hand.setdefault(key, []).append(link)

    def of(self, draft: IssueDraft) -> Link | None:
        """Our link for ``draft``'s record, if the sync made one."""
        record_type, _kind = link_target(draft)
        return self.ours.get((record_type.value, draft.record_id))

    def issue_ids(self) -> set[str]:
        return {str(link.state["id"]) for link in self.ours.values()}

    def hand_epic(self, opportunity_id: int, site_url: str) -> Link | None:
        """A person's link from the opportunity to an epic on this Jira site (or one whose
        site is unknown): that epic is theirs, and the sync leaves the opportunity alone."""
        for link in self.by_hand.get((RecordType.OPPORTUNITY.value, opportunity_id), []):
            if link.kind == EPIC_KIND and _host(link.url) in ("", _host(site_url)):
                return link
        return None

    def store(self, journey_id: int, draft: IssueDraft, progress: IssueProgress, url: str) -> None:
        """Remember what ``progress`` did to ``draft``'s issue (nothing when it did nothing)."""
        ref, state = progress.ref, progress.state
        if ref is None or state is None:
            return
        record_type, kind = link_target(draft)
        key = (record_type.value, draft.record_id)
        link = self.ours.get(key)
        if link is None:
            # A person's link to this very issue becomes ours; else a new link.
            link = next((h for h in self.by_hand.get(key, []) if h.external_id == ref.key), None)
            if link is None:
                link = link_record(
                    self.uow,
                    record_type,
                    draft.record_id,
                    system=SYSTEM,
                    kind=kind,
                    external_id=ref.key,
                    url=url,
                    title=draft.summary[:TITLE_LIMIT],
                    journey_id=journey_id,
                )
            link.kind = kind
            self.ours[key] = link
        elif link.external_id != ref.key:  # recreated after a deletion, or moved
            self.uow.record(
                "link.updated",
                record_type,
                draft.record_id,
                journey_id=journey_id,
                data={
                    "system": SYSTEM,
                    "kind": kind,
                    "external_id": ref.key,
                    "from": link.external_id,
                },
            )
            link.external_id = ref.key
        if str((link.state or {}).get("id")) != ref.id:
            link.remote_changed_at = None  # another issue: its changes start afresh
        link.url = url
        link.title = draft.summary[:TITLE_LIMIT]
        link.state = dict(state)
        if state.get("fingerprint"):
            link.fingerprint = state["fingerprint"]
            link.synced_at = utcnow()
        self.uow.session.flush()
