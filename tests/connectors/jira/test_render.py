"""Rendering opportunities as Jira epics (and pain points as issues) from the store."""

import html
import json
import os
import re
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from sqlalchemy import select

from connectors.confluence.sync import LINK_KIND
from connectors.jira.render import (
    MAX_SUMMARY,
    RENDER_VERSION,
    Flavour,
    IssueDraft,
    IssueKind,
    JourneyDrafts,
    journey_drafts,
)
from connectors.jira.text import jira_length
from core.enums import RecordType
from core.model import Evidence, Opportunity
from core.services.journey_files import import_journey_files
from core.services.links import link_record
from core.services.lookup import journey_by_key, pain_point_by_key, stage_by_key
from core.store import UnitOfWork
from tests.conftest import EXAMPLES, ROOT

FLAVOURS: list[Flavour] = ["cloud", "datacenter"]
MAP_URL = "https://acme.atlassian.net/wiki/spaces/CX/pages/4242/Returns+portal"
TICKET = "https://acme.zendesk.com/agent/tickets/1"
WIKI_ESCAPE = re.compile(r"\\([-#*_+?^~|%{}\[\]()!@])")
TEXT_BLOCKS = {"paragraph", "heading"}
OUR_HEADINGS = {"Problem", "Proposal", "Journey map", "Opportunity"}


@cache
def adf_validator() -> jsonschema.Draft4Validator:
    """The published ADF schema, from ``JOURNEYOPS_SPECS_DIR`` or ``../shared/specs``.

    Missing specs fail the test: skipping would let invalid ADF pass unnoticed.
    """
    override = os.environ.get("JOURNEYOPS_SPECS_DIR")
    base = Path(override) if override else ROOT.parent / "shared" / "specs"
    path = base / "atlassian" / "adf" / "adf-schema-v1-full.json"
    assert path.is_file(), f"ADF schema not found at {path}; set JOURNEYOPS_SPECS_DIR"
    return jsonschema.Draft4Validator(json.loads(path.read_text()))


def assert_valid_adf(document: Any) -> None:
    errors = [e.message for e in adf_validator().iter_errors(document)]
    assert errors == [], errors[:3]


def adf_nodes(node: Any) -> list[dict[str, Any]]:
    if isinstance(node, dict):
        return [node] + [n for value in node.values() for n in adf_nodes(value)]
    if isinstance(node, list):
        return [n for value in node for n in adf_nodes(value)]
    return []


def adf_hrefs(document: Any) -> list[str]:
    return [
        mark["attrs"]["href"]
        for node in adf_nodes(document)
        if node.get("type") == "text"
        for mark in node.get("marks", [])
        if mark["type"] == "link"
    ]


def visible(draft: IssueDraft) -> str:
    """What a reader sees of the description (markup characters of ours aside)."""
    if isinstance(draft.description, dict):
        blocks = [n for n in adf_nodes(draft.description) if n.get("type") in TEXT_BLOCKS]
        return "\n".join("".join(t["text"] for t in b.get("content", [])) for b in blocks)
    return html.unescape(WIKI_ESCAPE.sub(r"\1", draft.description))


def returns_journey(**pain_titles: str) -> dict[str, Any]:
    """A small journey file: two stages, two pain points, two opportunities.

    ``label-printer`` has six pieces of evidence: the newest holds no text, two share a
    capture time, one has a 500-character text and one a ``javascript:`` permalink.
    """
    long_text = " ".join(f"word{i:03d}" for i in range(70))
    return {
        "key": "returns",
        "title": "Returns portal",
        "type": "current_state",
        "persona": None,
        "stages": [
            {
                "key": "request",
                "name": "Request a return",
                "touchpoints": [
                    {"key": "form", "name": "Returns form", "channel": "web", "emotion": -1}
                ],
            },
            {
                "key": "refund",
                "name": "Refund",
                "touchpoints": [
                    {"key": "email", "name": "Refund email", "channel": "email", "emotion": 0}
                ],
            },
        ],
        "pain_points": [
            {
                "key": "label-printer",
                "title": pain_titles.get("label_printer", "Needs a printer for the label"),
                "description": "Shoppers without a printer give up.\n\nThey phone Care instead.",
                "touchpoint": "form",
                "impact": "abandon",
                "customers_affected": 900,
                "evidence": [
                    _proof(
                        "slack_message", "oldest slack", "2026-09-01", "Ann", link=_slack("C1/p1")
                    ),
                    _proof("ticket", long_text, "2026-09-05", "Bo", source="zendesk", link=TICKET),
                    _proof(
                        "slack_thread", "tie, lower id", "2026-09-10", "Cy", link=_slack("C3/p3")
                    ),
                    _proof("interview", "tie, higher id", "2026-09-10", "Di", source="dovetail"),
                    _proof(
                        "slack_message", "script link", "2026-08-01", "Ed", link="javascript:x()"
                    ),
                    _proof("survey", "", "2026-09-20", "Flo", source="typeform"),
                ],
            },
            {
                "key": "slow-refund",
                "title": pain_titles.get("slow_refund", "Refund takes two weeks"),
                "touchpoint": "email",
                "impact": "workaround",
                "evidence": [
                    _proof(
                        "slack_message", "same again", "2026-09-15", "Ann", link=_slack("C1/p1")
                    ),
                    _proof(
                        "slack_thread",
                        "where is my money",
                        "2026-09-16",
                        "Gus",
                        link=_slack("C2/p2"),
                    ),
                ],
            },
        ],
        "opportunities": [
            {
                "key": "qr-code-returns",
                "title": "QR code returns at drop-off points",
                "description": "Show a QR code the drop-off point scans.\n\nNo printer needed.",
                "addresses": ["label-printer", "slow-refund"],
                "customer_value": 4,
                "effort": 2,
                "status": "planned",
            },
            {
                "key": "instant-refund",
                "title": "Instant refund on scan",
                "addresses": ["slow-refund"],
            },
        ],
    }


def _proof(
    kind: str, text: str, day: str, author: str, *, source: str = "slack", link: str | None = None
) -> dict[str, Any]:
    return {
        "kind": kind,
        "text": text,
        "source": source,
        "external_id": f"{author}-{day}-{kind}",
        "permalink": link,
        "author": author,
        "captured_at": f"{day}T10:00:00Z",
    }


def _slack(path: str) -> str:
    return f"https://acme.slack.com/archives/{path}"


def import_document(uow: UnitOfWork, tmp_path: Path, document: dict[str, Any]) -> None:
    path = tmp_path / f"{document['key']}.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True))
    import_journey_files(uow, [path])
    uow.session.flush()


@pytest.fixture
def returns(uow: UnitOfWork, tmp_path: Path) -> UnitOfWork:
    import_document(uow, tmp_path, returns_journey())
    return uow


@pytest.fixture
def examples(uow: UnitOfWork) -> UnitOfWork:
    import_journey_files(uow, [EXAMPLES])
    uow.session.flush()
    return uow


def publish_map(uow: UnitOfWork, key: str = "returns", url: str = MAP_URL) -> None:
    journey = journey_by_key(uow, key)
    link_record(
        uow,
        RecordType.JOURNEY,
        journey.id,
        system="confluence",
        kind=LINK_KIND,
        external_id="4242",
        url=url,
        title="Returns portal · journey map",
    )
    uow.session.flush()


def render(
    uow: UnitOfWork, flavour: Flavour, key: str = "returns", *, pain_points: bool = False
) -> JourneyDrafts:
    return journey_drafts(uow, journey_by_key(uow, key), flavour=flavour, pain_points=pain_points)


def epic(uow: UnitOfWork, flavour: Flavour, opportunity: str = "qr-code-returns") -> IssueDraft:
    return next(d for d in render(uow, flavour).epics if d.record_key == opportunity)


def evidence_id(uow: UnitOfWork, text: str) -> int:
    found = uow.session.scalar(select(Evidence.id).where(Evidence.text == text))
    assert found is not None
    return found


# -- determinism ------------------------------------------------------------------------


@pytest.mark.parametrize("flavour", FLAVOURS)
def test_same_store_data_gives_the_same_bytes_and_fingerprint(
    examples: UnitOfWork, flavour: Flavour
) -> None:
    for key in ("ecommerce-checkout", "checkout-future", "b2b-saas-onboarding"):
        first = render(examples, flavour, key, pain_points=True)
        second = render(examples, flavour, key, pain_points=True)
        assert first.epics and first.pain_point_issues
        for a, b in zip(
            first.epics + first.pain_point_issues,
            second.epics + second.pain_point_issues,
            strict=True,
        ):
            assert json.dumps(a.description) == json.dumps(b.description)
            assert a.remote_links == b.remote_links
            assert a.fingerprint == b.fingerprint
            assert re.fullmatch("[0-9a-f]{64}", a.fingerprint)
    assert RENDER_VERSION == "1"


def test_flavours_differ_in_description_and_fingerprint_only(returns: UnitOfWork) -> None:
    cloud, dc = epic(returns, "cloud"), epic(returns, "datacenter")
    assert isinstance(cloud.description, dict)
    assert isinstance(dc.description, str)
    assert cloud.fingerprint != dc.fingerprint
    same = ("summary", "labels", "remote_links", "property_value", "record_id")
    assert all(getattr(cloud, name) == getattr(dc, name) for name in same)


# -- what the description says ------------------------------------------------------------


@pytest.mark.parametrize("flavour", FLAVOURS)
def test_epic_description_holds_problem_pain_points_evidence_quotes_and_map(
    returns: UnitOfWork, flavour: Flavour
) -> None:
    publish_map(returns)
    draft = epic(returns, flavour)
    text = visible(draft)
    assert "In the journey “Returns portal”, 2 pain points:" in text
    assert "Needs a printer for the label" in text
    assert "abandon · Request a return / Returns form · 6 pieces of evidence" in text
    assert "~900 customers affected" in text
    assert "Refund takes two weeks" in text
    assert "2 pieces of evidence" in text
    assert "“tie, lower id” — Cy, slack thread, 2026-09-10" in text
    assert "Show a QR code the drop-off point scans." in text
    assert "No printer needed." in text
    assert "Customer value 4/5 · effort 2/5" in text
    assert "Returns portal · journey map" in text
    if isinstance(draft.description, dict):
        assert_valid_adf(draft.description)
        assert MAP_URL in adf_hrefs(draft.description)
    else:
        assert f"[Returns portal · journey map|{MAP_URL}]" in draft.description
        assert "h2. Problem" in draft.description


@pytest.mark.parametrize("flavour", FLAVOURS)
def test_quotes_are_the_newest_three_with_text_ties_broken_by_id(
    returns: UnitOfWork, flavour: Flavour
) -> None:
    draft = epic(returns, flavour, "qr-code-returns")
    text = visible(draft)
    shown = [q for q in re.findall(r"“([^”]*)”", text) if q != "Returns portal"]
    # label-printer: the empty newest piece is skipped, then the tie (lower id first),
    # then the long ticket, cut on a word within 200 characters. slow-refund: newest first.
    assert shown[:2] == ["tie, lower id", "tie, higher id"]
    long_quote = shown[2]
    assert long_quote.endswith("…") and len(long_quote) <= 200
    assert long_quote[:-1].split()[-1] == f"word{len(long_quote[:-1].split()) - 1:03d}"
    assert "oldest slack" not in text
    assert "script link" not in text
    assert shown[3:] == ["where is my money", "same again"]


@pytest.mark.parametrize("flavour", FLAVOURS)
def test_without_a_published_map_the_text_says_so_and_nothing_is_invented(
    returns: UnitOfWork, flavour: Flavour
) -> None:
    drafts = render(returns, flavour, pain_points=True)
    for draft in drafts.epics + drafts.pain_point_issues:
        assert "The journey map is not published in Confluence yet" in visible(draft)
        assert all(link.application == "Slack" for link in draft.remote_links)
        hrefs = (
            adf_hrefs(draft.description)
            if isinstance(draft.description, dict)
            else re.findall(r"(?<!\\)\[[^\]]*\|([^\]]+)\]", draft.description)
        )
        assert all("atlassian" not in href for href in hrefs)


def test_a_map_link_without_a_url_counts_as_unpublished(returns: UnitOfWork) -> None:
    journey = journey_by_key(returns, "returns")
    link_record(
        returns,
        RecordType.JOURNEY,
        journey.id,
        system="confluence",
        kind=LINK_KIND,
        external_id="1",
    )
    returns.session.flush()
    draft = epic(returns, "datacenter")
    assert "not published in Confluence yet" in visible(draft)
    assert not any(link.relationship == "journey map" for link in draft.remote_links)


def test_hostile_titles_stay_text_in_wiki_markup(uow: UnitOfWork, tmp_path: Path) -> None:
    hostile = "{html}<script>alert(1)</script>{html} *bold* _it_ -gone- ^up^ ~down~ :D (y) !x.png!"
    link_title = "[click|http://evil] [~admin] \\\\ &lt; mailto:x@y.z ??cite??"
    document = returns_journey(label_printer=hostile, slow_refund=link_title)
    document["opportunities"][0]["description"] = "h1. Big\n\nbq. quoted\n\n* item\n\n----\n\n|a|b|"
    import_document(uow, tmp_path, document)
    publish_map(uow)
    draft = epic(uow, "datacenter")
    wiki = draft.description
    assert isinstance(wiki, str)
    # Every markup character of the user's text is escaped ...
    assert "{html}" not in wiki and "\\{html\\}" in wiki
    assert "[click|" not in wiki and "\\[click\\|http&#58;//evil\\]" in wiki
    assert "[~admin]" not in wiki
    assert ":D" not in wiki and "(y)" not in wiki and "!x.png!" not in wiki
    assert "\\\\" not in wiki  # Jira's forced line break
    assert "&#92;&#92;" in wiki and "&amp;lt;" in wiki
    # ... so a reader sees exactly what was written.
    text = visible(draft)
    assert hostile in text
    assert link_title in text
    # The only links are ours, and no line of user text starts a block of markup.
    targets = re.findall(r"(?<!\\)\[[^\]]*\|([^\]]+)\]", wiki)
    assert targets and set(targets) <= {
        MAP_URL,
        "https://acme.slack.com/archives/C3/p3",
        "https://acme.slack.com/archives/C1/p1",
        "https://acme.slack.com/archives/C2/p2",
        TICKET,
    }
    for line in filter(None, wiki.split("\n")):
        if line.startswith("h2. "):
            assert line.removeprefix("h2. ") in OUR_HEADINGS
        elif line.startswith(("* ", "** ")):
            item = re.sub(r"^\*+ ", "", line)
            assert item[:1] in {"*", "“"}, line  # our bold title, or a quote
        else:
            assert not re.match(r"(h\d\.|bq\.|[*#|-]|\{)", line), line
    assert "h1&#46; Big" in wiki and "bq&#46; quoted" in wiki
    assert "\\-\\-\\-\\-" in wiki and "\\|a\\|b\\|" in wiki


def test_hostile_titles_are_plain_text_nodes_in_adf(uow: UnitOfWork, tmp_path: Path) -> None:
    hostile = '{html}<script>alert(1)</script> [click|http://evil] "quotes" \\'
    import_document(uow, tmp_path, returns_journey(label_printer=hostile))
    draft = epic(uow, "cloud")
    assert_valid_adf(draft.description)
    texts = [n["text"] for n in adf_nodes(draft.description) if n.get("type") == "text"]
    assert hostile in texts
    assert {n["type"] for n in adf_nodes(draft.description) if "type" in n} <= {
        "doc", "heading", "paragraph", "text", "bulletList", "listItem", "link", "strong", "em",
    }  # fmt: skip


# -- ADF validity -----------------------------------------------------------------------


def test_every_adf_description_validates_against_the_published_schema(
    examples: UnitOfWork,
) -> None:
    checked = 0
    for key in ("ecommerce-checkout", "checkout-future", "b2b-saas-onboarding"):
        drafts = render(examples, "cloud", key, pain_points=True)
        for draft in drafts.epics + drafts.pain_point_issues:
            assert_valid_adf(draft.description)
            checked += 1
    assert checked > 10


def test_empty_titles_descriptions_and_quotes_still_give_valid_adf(
    uow: UnitOfWork, tmp_path: Path
) -> None:
    document = returns_journey(label_printer="   ", slow_refund="\t")
    document["opportunities"][0]["title"] = " "
    document["opportunities"][0]["description"] = "\n\n  \n"
    for proof in document["pain_points"][0]["evidence"]:
        proof["text"] = ""
    import_document(uow, tmp_path, document)
    drafts = render(uow, "cloud", pain_points=True)
    for draft in drafts.epics + drafts.pain_point_issues:
        assert_valid_adf(draft.description)
        assert draft.summary.strip()
    qr = next(d for d in drafts.epics if d.record_key == "qr-code-returns")
    assert qr.summary == "Opportunity qr-code-returns"
    assert "No description yet." in visible(qr)
    assert "label-printer" in visible(qr)  # the key stands in for the empty title
    issue = next(d for d in drafts.pain_point_issues if d.record_key == "label-printer")
    assert issue.summary == "Pain point label-printer"
    assert "No quotes to show." in visible(issue)


# -- summary, labels, links, property ---------------------------------------------------------


def test_summary_is_cut_on_a_word_to_jiras_limit(uow: UnitOfWork, tmp_path: Path) -> None:
    document = returns_journey()
    long_title = " ".join(["delivery"] * 33)  # 296 characters
    document["opportunities"][0]["title"] = long_title
    document["opportunities"][1]["title"] = "🚚" * 150  # 300 characters, 600 UTF-16 units
    import_document(uow, tmp_path, document)
    epics = {d.record_key: d for d in render(uow, "cloud").epics}
    words = epics["qr-code-returns"].summary
    assert len(words) <= MAX_SUMMARY and words.endswith("…")
    assert long_title.startswith(words[:-1]) and words[:-1].endswith("delivery")
    emoji = epics["instant-refund"].summary
    assert jira_length(emoji) <= MAX_SUMMARY and jira_length(emoji) > MAX_SUMMARY - 3
    assert emoji.endswith("…")


def test_labels_are_ours_the_journeys_and_the_stages(returns: UnitOfWork) -> None:
    drafts = render(returns, "cloud", pain_points=True)
    epics = {d.record_key: d for d in drafts.epics}
    assert epics["qr-code-returns"].labels == (
        "journey-returns",
        "journeyops",
        "stage-refund",
        "stage-request",
    )
    assert epics["instant-refund"].labels == ("journey-returns", "journeyops", "stage-refund")
    issues = {d.record_key: d for d in drafts.pain_point_issues}
    assert issues["label-printer"].labels == ("journey-returns", "journeyops", "stage-request")


def test_a_stage_key_with_spaces_becomes_a_stable_label_safe_one(returns: UnitOfWork) -> None:
    stage = stage_by_key(returns, journey_by_key(returns, "returns"), "refund")
    stage.key = "Refund Desk"
    returns.session.flush()
    labels = epic(returns, "datacenter", "instant-refund").labels
    [stage_label] = [lab for lab in labels if lab.startswith("stage-")]
    assert re.fullmatch(r"stage-refund-desk-[0-9a-f]{8}", stage_label)
    assert all(" " not in lab and len(lab) <= 255 for lab in labels)
    assert epic(returns, "cloud", "instant-refund").labels == labels


def test_remote_links_are_the_map_and_each_slack_permalink_once(returns: UnitOfWork) -> None:
    publish_map(returns)
    journey = journey_by_key(returns, "returns")
    links = epic(returns, "cloud").remote_links
    assert [link.url for link in links] == [
        MAP_URL,
        "https://acme.slack.com/archives/C3/p3",
        "https://acme.slack.com/archives/C1/p1",  # slow-refund's copy is not linked twice
        "https://acme.slack.com/archives/C2/p2",
    ]
    assert [link.global_id for link in links] == [
        f"journeyops:test:journey-map:{journey.id}",
        f"journeyops:test:evidence:{evidence_id(returns, 'tie, lower id')}",
        f"journeyops:test:evidence:{evidence_id(returns, 'oldest slack')}",
        f"journeyops:test:evidence:{evidence_id(returns, 'where is my money')}",
    ]
    body = links[1].body()
    assert body["globalId"] == links[1].global_id
    assert body["relationship"] == "evidence"
    assert body["object"] == {
        "url": "https://acme.slack.com/archives/C3/p3",
        "title": "Slack thread from Cy, 2026-09-10",
        "summary": "tie, lower id",
    }
    assert links[0].body()["object"]["title"] == "Returns portal · journey map"
    # Stable across renders and flavours.
    assert epic(returns, "datacenter").remote_links == links


def test_issue_property_holds_our_ids(returns: UnitOfWork) -> None:
    drafts = render(returns, "cloud", pain_points=True)
    journey = journey_by_key(returns, "returns")
    qr = next(d for d in drafts.epics if d.record_key == "qr-code-returns")
    printer = pain_point_by_key(returns, journey, "label-printer")
    refund = pain_point_by_key(returns, journey, "slow-refund")
    assert qr.property_key == "journeyops"
    assert qr.property_value == {
        "workspace": "test",
        "journey": "returns",
        "kind": "epic",
        "opportunity": qr.record_id,
        "pain_points": [printer.id, refund.id],
        "template_version": RENDER_VERSION,
    }
    issue = next(d for d in drafts.pain_point_issues if d.record_key == "slow-refund")
    assert issue.property_value["kind"] == "pain_point"
    assert issue.property_value["pain_points"] == [refund.id]
    assert issue.property_value["opportunity"] == qr.record_id


# -- pain points as issues --------------------------------------------------------------


@pytest.mark.parametrize("flavour", FLAVOURS)
def test_with_pain_points_each_addressed_pain_point_is_one_issue_in_its_first_epic(
    returns: UnitOfWork, flavour: Flavour
) -> None:
    assert render(returns, flavour).pain_point_issues == ()
    drafts = render(returns, flavour, pain_points=True)
    epics = {d.record_key: d for d in drafts.epics}
    issues = {d.record_key: d for d in drafts.pain_point_issues}
    assert set(issues) == {"label-printer", "slow-refund"}
    # slow-refund is addressed by both opportunities: its issue goes in the first epic.
    assert {d.epic_opportunity_id for d in issues.values()} == {epics["qr-code-returns"].record_id}
    assert all(d.kind is IssueKind.PAIN_POINT for d in issues.values())
    assert all(d.kind is IssueKind.EPIC and d.epic_opportunity_id is None for d in epics.values())
    printer = issues["label-printer"]
    assert printer.summary == "Needs a printer for the label"
    text = visible(printer)
    assert "Shoppers without a printer give up." in text
    assert "Evidence (6)" in text
    assert "“tie, lower id”" in text
    assert re.search(r"Addressed by \*?QR code returns at drop\-off points\*? \(its epic\)\.", text)
    assert [link.url for link in printer.remote_links] == [
        "https://acme.slack.com/archives/C3/p3",
        "https://acme.slack.com/archives/C1/p1",
    ]
    if isinstance(printer.description, dict):
        assert_valid_adf(printer.description)


# -- fingerprint sensitivity ------------------------------------------------------------


def _fingerprints(uow: UnitOfWork) -> dict[str, str]:
    drafts = render(uow, "cloud", pain_points=True)
    return {d.record_key: d.fingerprint for d in drafts.epics + drafts.pain_point_issues}


def test_fingerprint_changes_with_everything_we_send(returns: UnitOfWork) -> None:
    uow = returns
    journey = journey_by_key(uow, "returns")
    opportunity = uow.session.scalar(select(Opportunity).where(Opportunity.key == "instant-refund"))
    assert opportunity is not None
    seen = [_fingerprints(uow)]

    def changed(record: str) -> None:
        uow.session.flush()
        now = _fingerprints(uow)
        assert now[record] != seen[-1][record]
        seen.append(now)

    opportunity.title = "Refund the moment the parcel is scanned"  # summary
    changed("instant-refund")
    opportunity.description = "Pay back on the first scan."  # description
    changed("instant-refund")
    pain_point_by_key(uow, journey, "slow-refund").title = "Refund takes three weeks"
    changed("instant-refund")  # a pain point it lists
    stage_by_key(uow, journey, "refund").key = "payout"  # a label
    changed("instant-refund")
    uow.session.get_one(Evidence, evidence_id(uow, "where is my money")).text = "still waiting"
    changed("slow-refund")  # a quote and a remote link's summary
    publish_map(uow)  # the map link and a remote link
    changed("qr-code-returns")
    assert len({f["qr-code-returns"] for f in seen}) >= 3


def test_fingerprint_ignores_what_we_do_not_send(returns: UnitOfWork, examples: UnitOfWork) -> None:
    uow = returns
    journey = journey_by_key(uow, "returns")
    before = _fingerprints(uow)
    # Statuses come back from Jira: rendering them would echo Jira's own changes.
    for opportunity in uow.session.scalars(select(Opportunity)):
        opportunity.status = "done"
    pain_point_by_key(uow, journey, "label-printer").status = "fix_shipped"
    # Evidence not quoted (older than the three newest with text) and not from Slack.
    uow.session.get_one(Evidence, evidence_id(uow, "script link")).author = "Someone else"
    # Another journey.
    other = journey_by_key(uow, "ecommerce-checkout")
    pain_point_by_key(uow, other, "hidden-delivery-cost").title = "Another journey's pain"
    uow.session.flush()
    assert _fingerprints(uow) == before


def test_an_unknown_flavour_is_refused(returns: UnitOfWork) -> None:
    journey = journey_by_key(returns, "returns")
    with pytest.raises(ValueError, match="flavour"):
        journey_drafts(returns, journey, flavour="server")  # type: ignore[arg-type]
