"""User text in what the bot posts never pings, links or breaks formatting."""

import pytest

from bots.slack.mrkdwn import escape, plain, unescape


@pytest.mark.parametrize(
    "text", ["<!channel> look", "<!here>", "<@U123> you", "<#C1|general>", "a & b", "1 < 2 > 0"]
)
def test_escaped_text_has_no_mrkdwn_left(text: str) -> None:
    escaped = escape(text)
    assert "<" not in escaped and ">" not in escaped
    assert unescape(escaped) == text


def test_plain_reads_links_and_mentions_as_a_person_does() -> None:
    assert plain("<https://a.example|the page> by <@U1|maya> in <#C1|cx> &amp; <!here>") == (
        "the page by @maya in cx & @here"
    )
    assert plain("see <https://a.example>") == "see https://a.example"
