"""The digest as Slack messages: valid Block Kit (the stand-in's checker, as for every
payload of the bot), people's text escaped, cut into messages of at most 50 blocks."""

from typing import Any

from bots.slack.digest_blocks import digest_messages, sections
from sandbox.slack.blocks_check import message_block_problems
from tests.bots.slack.digest_samples import NASTY, digest
from tests.bots.slack.test_blocks import mrkdwn_texts


def valid(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for message in messages:
        assert message_block_problems(message["blocks"]) == []
        assert 0 < len(message["text"]) <= 3000
    return messages


def shown(messages: list[dict[str, Any]]) -> str:
    return "\n".join(t for m in messages for t in mrkdwn_texts(m["blocks"]))


def test_every_section_is_shown_and_valid() -> None:
    [message] = valid(digest_messages(digest()))
    text = shown([message])

    for expected in (
        "*Reviews overdue*",
        "due 2026-10-30, 24 days overdue",
        "no owner · never reviewed",
        "*New pain points (12)*",
        "• … and 11 more",
        "*Evidence added:* 8: 7 ticket (zendesk), 1 interview · 2 positive",
        "evidenced → *validated*",
        "score *9.50* (+2.25) · up 1",
        "score *4.00* (-4.00) · down 1",
        "score *2.00* · new",
        "planned → in progress (CX-12)",
        "3 said fixed, 1 still happening",
        "newest evidence over 90 days old",
        "(idea)",
        "44.6 % (was 41, target 55): off target",
        "*Tickets, week of 2026-11-16*",
        "(+2): Relief",
        "*Quiet* (nothing new this period): Quiet",
    ):
        assert expected in text, expected
    assert message["blocks"][0]["type"] == "header"


def test_peoples_text_is_escaped_everywhere() -> None:
    messages = valid(digest_messages(digest(journeys=3, quiet_ones=2)))
    for text in (t for m in messages for t in mrkdwn_texts(m["blocks"])):
        assert "<!channel>" not in text
        assert "<@U0BOB00001>" not in text
        assert "<https://evil.example" not in text
    assert "&lt;!channel&gt; &amp; &lt;@U0BOB00001&gt;" in shown(messages)
    assert "<!channel>" not in messages[0]["text"]


def test_a_late_digest_says_so_and_which_period_it_covers() -> None:
    [message] = valid(digest_messages(digest(), late=True))
    assert (
        ":hourglass: *This digest is late:* it covers "
        "Mon 16 Nov 2026 09:00 to Mon 23 Nov 2026 09:00 (UTC)."
    ) in shown([message])
    [on_time] = digest_messages(digest())
    assert "late" not in shown([on_time])


def test_a_long_digest_is_cut_into_messages_of_at_most_50_blocks() -> None:
    messages = valid(digest_messages(digest(journeys=40, quiet_ones=3)))

    assert len(messages) > 1
    assert all(len(m["blocks"]) <= 50 for m in messages)
    parts = len(messages)
    for n, message in enumerate(messages[1:], start=2):
        assert message["blocks"][0]["elements"][0]["text"] == f"Journey digest, part {n} of {parts}"
    text = shown(messages)
    keys = [f"`j-{n}`" for n in range(40)]
    assert all(key in text for key in keys)
    assert [text.index(key) for key in keys] == sorted(text.index(key) for key in keys)
    # Journeys are not cut across messages: each starts with its divider.
    for message in messages[1:]:
        assert message["blocks"][1]["type"] == "divider" or "Quiet" in str(message["blocks"][1])


def test_long_lines_are_spread_over_sections_within_slacks_limit() -> None:
    lines = [f"• line {n} " + "x" * 400 for n in range(30)]
    blocks = sections(lines)
    assert len(blocks) > 1
    assert all(len(b["text"]["text"]) <= 3000 for b in blocks)
    assert "\n".join(b["text"]["text"] for b in blocks) == "\n".join(lines)
    assert message_block_problems(blocks) == []


def test_an_empty_workspace_says_so() -> None:
    [message] = valid(digest_messages(digest(journeys=0, quiet_ones=0)))
    assert "No active journeys in this workspace." in shown([message])
    assert NASTY not in message["text"]
