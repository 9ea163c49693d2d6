"""The pieces under the Jira drafts: wiki escaping, ADF, clipping, labels, the size limit."""

import json
from datetime import UTC, datetime

import pytest

from connectors.jira.adf import to_adf
from connectors.jira.descriptions import DESCRIPTION_LIMIT
from connectors.jira.document import BulletList, Heading, Item, Paragraph, Span, link, text
from connectors.jira.facts import JourneyFacts, OpportunityFacts, PainPointFacts, Proof
from connectors.jira.labels import label
from connectors.jira.render import Flavour, epic_draft, render_journey
from connectors.jira.text import clip, jira_length, paragraphs, web_url
from connectors.jira.wiki import ESCAPED, escape, to_wiki
from tests.connectors.jira.test_render import adf_nodes, assert_valid_adf

# -- wiki escaping ----------------------------------------------------------------------


@pytest.mark.parametrize("char", sorted(ESCAPED))
def test_each_markup_character_gets_a_backslash(char: str) -> None:
    assert escape(f"a{char}b") == f"a\\{char}b"


@pytest.mark.parametrize(
    ("raw", "written"),
    [
        ("C:\\temp\\\\x", "C:&#92;temp&#92;&#92;x"),  # \\ would be a line break
        ("&lt;b&gt; &#60; &#x3C;", "&amp;lt;b&amp;gt; &amp;\\#60; &amp;\\#x3C;"),
        ("AT&T & co", "AT&T & co"),  # no reference, nothing to protect
        ("great :D :P :p", "great &#58;D &#58;P &#58;p"),
        ("see http://evil.example", "see http&#58;//evil.example"),
        ("MailTo:someone", "MailTo&#58;someone"),
        ("time: 10:30", "time: 10:30"),
        ("two\nlines\r\nhere", "two lines here"),
        ("{html}<script>", "\\{html\\}<script>"),
        ("[click|http://evil]", "\\[click\\|http&#58;//evil\\]"),
    ],
)
def test_escape(raw: str, written: str) -> None:
    assert escape(raw) == written


def test_link_text_uses_references_for_what_ends_a_link() -> None:
    assert escape("a|b]c[d *e*", in_link=True) == "a&#124;b&#93;c&#91;d \\*e\\*"


def test_wiki_blocks() -> None:
    blocks = (
        Heading("Problem (1)"),
        Paragraph((Span("h1. not a heading"),)),
        Paragraph((Span("bq. not a quote"),)),
        BulletList(
            (
                Item(
                    (Span(" Bold title ", strong=True), text(" — rest")),
                    (Item((text("quote · "), link("Open [here]", "https://x.example/a"))),),
                ),
                Item(()),  # empty: left out
            )
        ),
        Paragraph((Span("note", em=True),)),
        Paragraph(()),
    )
    assert to_wiki(blocks) == (
        "h2. Problem \\(1\\)\n\n"
        "h1&#46; not a heading\n\n"
        "bq&#46; not a quote\n\n"
        "* *Bold title*  — rest\n"  # the span's spaces stay, outside the markers
        "** quote · [Open &#91;here&#93;|https://x.example/a]\n\n"
        "_note_"
    )


# -- ADF ---------------------------------------------------------------------------------


def test_adf_leaves_out_what_the_schema_refuses() -> None:
    blocks = (
        Heading(""),
        Paragraph((Span(""), text("kept"), Span("", strong=True))),
        Paragraph((Span(""),)),
        BulletList((Item(()), Item((Span(""),)))),
        BulletList((Item((), (Item((text("nested only"),)),)),)),
    )
    document = to_adf(blocks)
    assert_valid_adf(document)
    texts = [n["text"] for n in adf_nodes(document) if n.get("type") == "text"]
    assert texts == ["kept", "nested only"]
    assert [n["type"] for n in document["content"]] == ["paragraph", "bulletList"]
    assert_valid_adf(to_adf(()))


def test_adf_marks_and_text_as_given() -> None:
    hostile = "<b>{html}</b> [x|y] *z* \\ \u202e"
    span = Span(hostile, strong=True, em=True, href="https://x.example/?a=1&b=2")
    document = to_adf((Paragraph((span,)),))
    assert_valid_adf(document)
    [node] = document["content"][0]["content"]
    assert node == {
        "type": "text",
        "text": hostile,
        "marks": [
            {"type": "link", "attrs": {"href": "https://x.example/?a=1&b=2"}},
            {"type": "em"},
            {"type": "strong"},
        ],
    }


# -- plain text ------------------------------------------------------------------------


def test_clip_cuts_after_a_word_with_an_ellipsis() -> None:
    assert clip("short enough", 20) == "short enough"
    assert clip("one two three four", 12) == "one two…"
    assert clip("  spaced \n\t out  ", 50) == "spaced out"
    assert clip("x" * 30, 10) == "x" * 9 + "…"  # one long word is cut inside
    assert clip("a " + "y" * 30, 10) == "a " + "y" * 7 + "…"  # not down to "a…"
    assert clip("beep\x07 \ud800here", 20) == "beep here"
    with pytest.raises(ValueError):
        clip("too long", 1)


def test_clip_can_measure_like_jira() -> None:
    emoji = "😀" * 10
    assert jira_length(emoji) == 20
    cut = clip(emoji, 9, jira_length)
    assert cut == "😀" * 4 + "…" and jira_length(cut) == 9


def test_paragraphs() -> None:
    assert paragraphs("one\nline\n\n  \n\ntwo\r\n\r\nthree ") == ["one line", "two", "three"]
    assert paragraphs(None) == []


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://a.slack.com/archives/C1/p1", "https://a.slack.com/archives/C1/p1"),
        (" http://x.example/a b|c]d ", "http://x.example/a%20b%7Cc%5Dd"),
        ("javascript:alert(1)", None),
        ("file:///etc/passwd", None),
        ("https:///no-host", None),
        ("", None),
        (None, None),
    ],
)
def test_web_url(url: str | None, safe: str | None) -> None:
    assert web_url(url) == safe


def test_labels_are_slugs_and_keep_apart_keys_that_slug_alike() -> None:
    assert label("journey", "ecommerce-checkout") == "journey-ecommerce-checkout"
    spaced, dashed = label("stage", "Check out"), label("stage", "check  out")
    assert spaced != dashed
    assert all(
        " " not in value and value.startswith("stage-check-out-") for value in (spaced, dashed)
    )
    assert label("stage", "Check out") == spaced
    assert len(label("stage", "x" * 300)) <= 255


# -- the size limit ----------------------------------------------------------------------


def _huge_journey() -> JourneyFacts:
    """40 pain points whose titles and quotes are all backslashes: five characters each
    in wiki markup, so the full description would be far over Jira's limit."""
    moment = datetime(2026, 9, 1, tzinfo=UTC)
    pains = tuple(
        PainPointFacts(
            id=n,
            key=f"p{n}",
            title="\\" * 300,
            description=None,
            impact="abandon",
            customers_affected=None,
            stage_key="pay",
            stage_name="Pay",
            step_name=None,
            evidence=tuple(
                Proof(n * 10 + i, "slack_message", "slack", "Ann", moment, "\\" * 400, None)
                for i in range(3)
            ),
        )
        for n in range(40)
    )
    opportunity = OpportunityFacts(
        1, "big", "Big one", "\\" * 5000, None, None, None, None, None, pains
    )
    return JourneyFacts("ws", 7, "shop", "Shop", None, "Shop · journey map", (opportunity,))


@pytest.mark.parametrize("flavour", ["cloud", "datacenter"])
def test_an_oversized_description_is_shortened_to_fit_and_says_so(flavour: Flavour) -> None:
    journey = _huge_journey()
    draft = epic_draft(journey, journey.opportunities[0], flavour)
    written = (
        draft.description if isinstance(draft.description, str) else json.dumps(draft.description)
    )
    assert jira_length(written) <= DESCRIPTION_LIMIT
    assert "Shortened to fit Jira's size limit" in written
    assert "more pain points: see the journey map" in written
    if isinstance(draft.description, dict):
        assert_valid_adf(draft.description)
    # The same input shortens the same way.
    assert epic_draft(journey, journey.opportunities[0], flavour).fingerprint == draft.fingerprint


def test_a_description_that_fits_is_not_shortened() -> None:
    journey = _huge_journey()
    small = OpportunityFacts(2, "small", "Small", "Fine.", 3, 3, 1, "Ann", None, ())
    draft = epic_draft(journey, small, "datacenter")
    assert isinstance(draft.description, str)
    assert "Shortened" not in draft.description
    assert "No pain point of “Shop” is linked yet." in draft.description


def test_render_journey_refuses_an_unknown_flavour() -> None:
    with pytest.raises(ValueError, match="unknown Jira flavour"):
        render_journey(_huge_journey(), "server")  # type: ignore[arg-type]


@pytest.mark.parametrize("flavour", ["cloud", "datacenter"])
def test_control_characters_and_line_breaks_never_reach_jira(flavour: Flavour) -> None:
    moment = datetime(2026, 9, 1, tzinfo=UTC)
    proof = Proof(
        1, "slack_message", "slack", "Ann\nEvil\x07\ud800", moment, "hi\u2028* there", None
    )
    pain = PainPointFacts(
        2, "p", "Title\r\nh1. x\x00", None, "trivial", None, "s", "S\nx", None, (proof,)
    )
    opportunity = OpportunityFacts(3, "o", "Opp\x1b", None, None, None, None, None, None, (pain,))
    journey = JourneyFacts("ws", 4, "j", "J", None, "J · journey map", (opportunity,))
    draft = epic_draft(journey, opportunity, flavour)
    sent = json.dumps(draft.description, ensure_ascii=False).encode()  # no lone surrogate
    assert b"\\u0007" not in sent and b"\\u001b" not in sent and b"\\u0000" not in sent
    assert draft.summary == "Opp"
    if isinstance(draft.description, dict):
        assert_valid_adf(draft.description)
        texts = [n["text"] for n in adf_nodes(draft.description) if n.get("type") == "text"]
        assert "“hi * there” — Ann Evil, slack message, 2026-09-01" in texts
    else:
        assert "** “hi \\* there” — Ann Evil, slack message, 2026\\-09\\-01" in draft.description
        assert "\nh1. x" not in draft.description
