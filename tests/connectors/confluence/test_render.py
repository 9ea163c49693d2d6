"""Rendering a journey as a Confluence page (storage format + emotion curve attachments)."""

import io
import re
from datetime import UTC, datetime

import pytest
from lxml import etree
from PIL import Image
from sqlalchemy import select

from connectors.confluence.render import (
    TEMPLATE_VERSION,
    PageInputs,
    RenderedPage,
    page_inputs,
    page_title,
    render_page,
)
from core.emotion_chart import chart_size
from core.enums import EvidenceKind, Impact, RecordType
from core.model import PainPoint
from core.services.evidence import EvidenceInput
from core.services.journey_files import import_journey_files
from core.services.journey_view import journey_view
from core.services.links import link_record
from core.services.lookup import journey_by_key, pain_point_by_key, touchpoint_by_key
from core.services.pain_points import log_pain_point
from core.store import UnitOfWork
from tests.conftest import EXAMPLES

NOW = datetime(2026, 10, 15, 12, 0, tzinfo=UTC)
AC = "http://atlassian.com/content"
RI = "http://atlassian.com/resource/identifier"
NS = {"ac": AC, "ri": RI}
ALLOWED_MACROS = {"status", "jira", "info", "note", "panel", "expand", "toc", "anchor"}
STATUS_COLOURS = {"Grey", "Red", "Yellow", "Green", "Blue", "Purple"}
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
HTML_MACRO_TITLE = (
    '<ac:structured-macro ac:name="html"><ac:plain-text-body>'
    "<![CDATA[<script>alert(1)</script>]]></ac:plain-text-body></ac:structured-macro>"
)
CDATA_TITLE = "Price ]]> total & VAT shown late"
NAMED_ENTITY = re.compile(r"&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)")


@pytest.fixture
def examples(uow: UnitOfWork) -> UnitOfWork:
    import_journey_files(uow, [EXAMPLES])
    uow.session.flush()
    return uow


def render(uow: UnitOfWork, key: str = "ecommerce-checkout") -> RenderedPage:
    view = journey_view(uow, journey_by_key(uow, key), NOW)
    return render_page(view, page_inputs(uow, view, source_hint=f"journeyops export {key}"))


def parse(body: str) -> etree._Element:
    """The body as Confluence stores it, wrapped with the namespace declarations."""
    assert not NAMED_ENTITY.search(body), "only the five XML entities may appear"
    wrapped = f'<root xmlns:ac="{AC}" xmlns:ri="{RI}">{body}</root>'
    return etree.fromstring(wrapped.encode())


def macros(root: etree._Element, name: str | None = None) -> list[etree._Element]:
    found = root.findall(".//ac:structured-macro", NS)
    return [m for m in found if name is None or m.get(f"{{{AC}}}name") == name]


def parameter(macro: etree._Element, name: str) -> str | None:
    for p in macro.findall("ac:parameter", NS):
        if p.get(f"{{{AC}}}name") == name:
            return p.text
    return None


def text_of(element: etree._Element) -> str:
    return "".join(element.itertext())


def table_after(root: etree._Element, heading: str) -> etree._Element:
    """The first table following the h2 ``heading``."""
    children = list(root)
    start = next(i for i, e in enumerate(children) if e.tag == "h2" and e.text == heading)
    return next(e for e in children[start:] if e.tag == "table")


def rows(table: etree._Element) -> list[list[etree._Element]]:
    return [list(tr) for tr in table.iter("tr")]


def test_render_is_deterministic(examples: UnitOfWork) -> None:
    first, second = render(examples), render(examples)
    assert first.body == second.body
    assert first.attachments == second.attachments
    assert first.fingerprint == second.fingerprint
    assert re.fullmatch("[0-9a-f]{64}", first.fingerprint)
    assert TEMPLATE_VERSION == "3"


def test_body_is_well_formed_storage_xml_with_allowed_macros(examples: UnitOfWork) -> None:
    for key in ("ecommerce-checkout", "checkout-future", "b2b-saas-onboarding"):
        root = parse(render(examples, key).body)
        names = {m.get(f"{{{AC}}}name") for m in macros(root)}
        assert names <= ALLOWED_MACROS, names - ALLOWED_MACROS
        assert "html" not in names
        for status in macros(root, "status"):
            assert parameter(status, "colour") in STATUS_COLOURS
            assert parameter(status, "title")
        assert "CDATA" not in render(examples, key).body


def test_title_and_attachment_names(examples: UnitOfWork) -> None:
    page = render(examples)
    assert page.title == "Northwind Outfitters mobile checkout (current state) · journey map"
    assert set(page.attachments) == {
        "emotion-curve-ecommerce-checkout.svg",
        "emotion-curve-ecommerce-checkout.png",
    }
    assert len(page_title("x" * 400)) == 255


def test_body_shows_the_png_and_links_the_svg(examples: UnitOfWork) -> None:
    root = parse(render(examples).body)
    [image] = root.findall(".//ac:image", NS)
    [attachment] = image.findall("ri:attachment", NS)
    assert attachment.get(f"{{{RI}}}filename") == "emotion-curve-ecommerce-checkout.png"
    linked = [a.get(f"{{{RI}}}filename") for a in root.findall(".//ac:link/ri:attachment", NS)]
    assert linked == ["emotion-curve-ecommerce-checkout.svg"]


def test_lens_shows_persona_and_scope(examples: UnitOfWork) -> None:
    root = parse(render(examples).body)
    [panel] = macros(root, "panel")
    card = text_of(panel)
    assert "Maya Okafor" in card
    assert "Frustrations" in card
    assert "Just tell me what it costs" in card
    lens = text_of(table_after(root, "The lens"))
    for expected in ("Scenario", "Lake District", "Starts:", "Ends:", "current state", "90 days"):
        assert expected in lens


def test_grid_has_one_column_per_stage(examples: UnitOfWork) -> None:
    uow = examples
    journey = journey_by_key(uow, "ecommerce-checkout")
    grid = table_after(parse(render(uow).body), "Journey map")
    table_rows = rows(grid)
    header = [text_of(cell) for cell in table_rows[0]]
    assert header[1:] == [f"{i}. {s.name}" for i, s in enumerate(journey.stages, start=1)]
    assert all(len(r) == len(journey.stages) + 1 for r in table_rows)
    labels = [text_of(r[0]) for r in table_rows]
    assert labels == [
        "Stage",
        "Customer goal",
        "Touchpoints",
        "Actions",
        "Thoughts",
        "Emotions",
        "Pain points",
        "Opportunities",
    ]
    emotions = text_of(table_rows[labels.index("Emotions")][1])
    assert "+1 · The sale price is visible" in emotions
    touchpoints = text_of(table_rows[labels.index("Touchpoints")][1])
    assert "Delivery cost line in basket ★" in touchpoints


def test_grid_pain_points_are_impact_coloured_lozenges(examples: UnitOfWork) -> None:
    grid = table_after(parse(render(examples).body), "Journey map")
    pain_row = next(r for r in rows(grid) if text_of(r[0]) == "Pain points")
    colours = {"abandon": "Red", "workaround": "Yellow", "trivial": "Grey"}
    lozenges = [m for cell in pain_row[1:] for m in macros(cell, "status")]
    assert lozenges
    for lozenge in lozenges:
        assert parameter(lozenge, "colour") == colours[parameter(lozenge, "title") or ""]
    assert "evidence)" in text_of(pain_row[1])


def test_pain_points_are_ranked_by_descending_score(examples: UnitOfWork) -> None:
    uow = examples
    root = parse(render(uow).body)
    table = table_after(root, "Pain points by score")
    body_rows = rows(table)[1:]
    scores = [float(text_of(r[3])) for r in body_rows]
    assert scores == sorted(scores, reverse=True)
    view = journey_view(uow, journey_by_key(uow, "ecommerce-checkout"), NOW)
    titles = [r[1].findtext("p/strong") for r in body_rows]
    assert titles == [pv.pain_point.title for pv in view.pain_points]
    assert len(body_rows) == len(view.pain_points)


def test_evidence_is_quoted_and_linked(examples: UnitOfWork) -> None:
    root = parse(render(examples).body)
    table = table_after(root, "Pain points by score")
    hrefs = [a.get("href") or "" for a in table.iter("a")]
    assert any(h.startswith("https://northwind.slack.com/archives/") for h in hrefs)
    assert all(h.startswith(("https://", "http://")) for h in hrefs)
    expands = macros(table, "expand")
    assert expands
    assert all((parameter(e, "title") or "").startswith("Evidence (") for e in expands)


def test_hostile_pain_point_titles_show_as_text(examples: UnitOfWork) -> None:
    uow = examples
    log_pain_point(
        uow,
        "ecommerce-checkout",
        HTML_MACRO_TITLE,
        touchpoint_key="basket-page",
        impact=Impact.ABANDON,
    )
    log_pain_point(
        uow,
        "ecommerce-checkout",
        CDATA_TITLE,
        touchpoint_key="promo-code-field",
        evidence=EvidenceInput(
            kind=EvidenceKind.SLACK_MESSAGE,
            text="<!channel> the total jumps at the last step <@U123> & nobody knows why",
            source="slack",
            external_id="C1/1.2",
            permalink="javascript:alert(1)",
            author="Sam",
            captured_at=datetime(2026, 10, 1, tzinfo=UTC),
        ),
    )
    uow.session.flush()
    page = render(uow)
    root = parse(page.body)
    assert "html" not in {m.get(f"{{{AC}}}name") for m in macros(root)}
    assert not root.findall(".//script")
    assert not root.findall(".//ac:plain-text-body", NS)
    text = text_of(root)
    assert HTML_MACRO_TITLE in text
    assert CDATA_TITLE in text
    assert "<!channel> the total jumps at the last step <@U123> & nobody knows why" in text
    # A javascript: permalink is not turned into a link.
    assert all("javascript" not in (a.get("href") or "") for a in root.iter("a"))


def test_characters_xml_forbids_never_reach_the_body(examples: UnitOfWork) -> None:
    uow = examples
    log_pain_point(uow, "ecommerce-checkout", "Beeps\x07 at payment", touchpoint_key="card-entry")
    uow.session.flush()
    root = parse(render(uow).body)
    assert "Beeps at payment" in text_of(root)


def test_opportunities_show_a_jira_macro_per_linked_issue(examples: UnitOfWork) -> None:
    uow = examples
    view = journey_view(uow, journey_by_key(uow, "ecommerce-checkout"), NOW)
    unlinked = view.opportunities[-1]
    link_record(
        uow,
        RecordType.OPPORTUNITY,
        unlinked.id,
        system="jira",
        kind="issue",
        external_id="SHOP-999",
        url="https://northwind.atlassian.net/browse/SHOP-999",
    )
    uow.session.flush()
    root = parse(render(uow).body)
    table = table_after(root, "Opportunities")
    keys = [parameter(m, "key") for m in macros(table, "jira")]
    assert "SHOP-999" in keys
    assert "SHOP-168" in keys
    for jira in macros(root, "jira"):
        assert parameter(jira, "serverId") is None
    row = next(r for r in rows(table) if unlinked.title in text_of(r[0]))
    assert [parameter(m, "key") for m in macros(row[-1], "jira")] == ["SHOP-999"]


def test_kpis_show_target_against_latest(examples: UnitOfWork) -> None:
    table = table_after(parse(render(examples).body), "KPIs")
    by_name = {text_of(r[0]): r for r in rows(table)[1:]}
    basket = by_name["Mobile basket-to-checkout rate"]
    assert [text_of(c) for c in basket[1:4]] == ["Basket review", "≥ 62%", "54.1% (2026-08-31)"]
    [verdict] = macros(basket[4], "status")
    assert (parameter(verdict, "title"), parameter(verdict, "colour")) == ("off target", "Red")
    reset = by_name["Checkout sessions that trigger a password reset"]
    assert text_of(reset[1]) == "4. Checkout sign-in wall"
    assert text_of(reset[2]) == "≤ 5%"


def test_steps_with_ticket_rules_show_their_tickets_per_week(examples: UnitOfWork) -> None:
    from datetime import UTC, datetime

    from sqlalchemy import select

    from core.enums import EvidenceKind
    from core.model import Touchpoint
    from core.services.evidence import EvidenceInput, attach_evidence

    step = examples.session.scalar(select(Touchpoint).where(Touchpoint.key == "three-d-secure"))
    assert step is not None
    for n in range(3):
        proof = EvidenceInput(
            EvidenceKind.CONVERSATION if n else EvidenceKind.TICKET,
            f"3DS loop <b>{n}</b>",
            "intercom" if n else "jira",
            f"t-{n}",
            captured_at=datetime.now(UTC),
        )
        attach_evidence(examples, step, proof)

    table = table_after(parse(render(examples).body), "Tickets per step")

    header, *steps = rows(table)
    assert [text_of(c) for c in header[:2]] == ["Step", "Counted by"]
    assert len(header) == 2 + 4 and text_of(header[2]).startswith("Week of ")
    [row] = steps
    assert text_of(row[0]) == step.name
    assert text_of(row[1]) == 'jira: project = SUP AND labels = "checkout-3ds"'
    assert [text_of(c) for c in row[2:]] == ["0", "0", "0", "3"]


def test_future_state_names_the_improved_journey_and_its_open_pain_points(
    examples: UnitOfWork,
) -> None:
    uow = examples
    current = journey_by_key(uow, "ecommerce-checkout")
    root = parse(render(uow, "checkout-future").body)
    assert any(
        e.tag == "h2" and e.text == "Current-state pain points this map addresses" for e in root
    )
    [page_link] = root.findall(".//ac:link/ri:page", NS)
    assert page_link.get(f"{{{RI}}}content-title") == page_title(current.title)
    table = table_after(root, "Current-state pain points this map addresses")
    listed = [text_of(r[0]) for r in rows(table)[1:]]
    open_ones = uow.session.scalars(
        select(PainPoint.title).where(
            PainPoint.journey_id == current.id, PainPoint.status.in_(["open", "in_progress"])
        )
    ).all()
    assert sorted(listed) == sorted(open_ones)
    assert listed
    # A current-state map has no such section.
    current_root = parse(render(uow).body)
    assert not current_root.findall(".//ac:link/ri:page", NS)


def test_footer_names_key_workspace_and_source(examples: UnitOfWork) -> None:
    root = parse(render(examples).body)
    children = list(root)
    rule = max(i for i, e in enumerate(children) if e.tag == "hr")
    footer = " ".join(text_of(e) for e in children[rule:])
    assert "Generated by journeyops" in footer
    assert "Do not edit above the line" in footer
    assert "ecommerce-checkout" in footer
    assert "journeyops export ecommerce-checkout" in footer
    assert "workspace test" in footer


def test_png_and_svg_attachments(examples: UnitOfWork) -> None:
    uow = examples
    page = render(uow)
    journey = journey_by_key(uow, "ecommerce-checkout")
    steps = [t for s in journey.stages for t in s.touchpoints]
    png = page.attachments["emotion-curve-ecommerce-checkout.png"]
    assert png.startswith(PNG_SIGNATURE)
    with Image.open(io.BytesIO(png)) as image:
        assert image.size == chart_size(len(steps))
    svg = etree.fromstring(page.attachments["emotion-curve-ecommerce-checkout.svg"])
    circles = svg.findall(".//{http://www.w3.org/2000/svg}circle")
    assert len(circles) == sum(t.emotion is not None for t in steps)


def test_step_names_are_escaped_in_the_svg(examples: UnitOfWork) -> None:
    uow = examples
    touchpoint = touchpoint_by_key(uow, journey_by_key(uow, "ecommerce-checkout"), "basket-page")
    touchpoint.name = "<b>&"
    uow.session.flush()
    page = render(uow)
    svg_bytes = page.attachments["emotion-curve-ecommerce-checkout.svg"]
    assert b"1. &lt;b&gt;&amp;" in svg_bytes
    svg = etree.fromstring(svg_bytes)
    texts = [text_of(t) for t in svg.iter("{http://www.w3.org/2000/svg}text")]
    assert "1. <b>&" in texts
    assert "<b>&" in text_of(parse(page.body))


def test_changing_an_emotion_changes_fingerprint_and_png(examples: UnitOfWork) -> None:
    uow = examples
    before = render(uow)
    touchpoint = touchpoint_by_key(uow, journey_by_key(uow, "ecommerce-checkout"), "basket-page")
    touchpoint.emotion = -2
    uow.session.flush()
    after = render(uow)
    assert after.fingerprint != before.fingerprint
    name = "emotion-curve-ecommerce-checkout.png"
    assert after.attachments[name] != before.attachments[name]
    assert render(uow).fingerprint == after.fingerprint


def test_changing_a_pain_point_title_changes_the_body_not_the_images(
    examples: UnitOfWork,
) -> None:
    uow = examples
    before = render(uow)
    pain_point = pain_point_by_key(
        uow, journey_by_key(uow, "ecommerce-checkout"), "hidden-delivery-cost"
    )
    pain_point.title = "Delivery cost hidden until the last step"
    uow.session.flush()
    after = render(uow)
    assert after.fingerprint != before.fingerprint
    assert after.attachments == before.attachments


def test_render_without_store_extras_uses_defaults(examples: UnitOfWork) -> None:
    uow = examples
    view = journey_view(uow, journey_by_key(uow, "checkout-future"), NOW)
    page = render_page(view, PageInputs(workspace_key="w", source_hint="file.yaml"))
    root = parse(page.body)
    assert macros(root, "jira") == []
    assert "Current-state pain points this map addresses" not in text_of(root)
    assert "No KPIs yet." in text_of(root)
