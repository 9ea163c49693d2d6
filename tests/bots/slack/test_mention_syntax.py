"""What a mention of the bot asks for, read from the text Slack sends."""

import pytest

from bots.slack.mention_syntax import MAX_TEXT, Help, LogPain, parse_mention
from core.enums import Impact

BOT = "<@U0BOT>"


def test_a_pain_point_at_a_step() -> None:
    assert parse_mention(f"{BOT} pain checkout/payment: card declined twice") == LogPain(
        "checkout", "payment", "card declined twice"
    )


def test_names_with_spaces_and_colons_in_the_text() -> None:
    request = parse_mention(f"{BOT} pain Mobile checkout / Payment page: error: code 51")
    assert request == LogPain("Mobile checkout", "Payment page", "error: code 51")


@pytest.mark.parametrize("word", ["abandon", "Workaround", "TRIVIAL"])
def test_impact_at_the_end(word: str) -> None:
    request = parse_mention(f"{BOT} pain checkout/pay: gave up impact: {word}")
    assert request == LogPain("checkout", "pay", "gave up", Impact(word.lower()))


def test_an_unknown_impact_is_explained() -> None:
    request = parse_mention(f"{BOT} pain checkout/pay: gave up impact: huge")
    assert isinstance(request, Help) and "abandon, workaround or trivial" in request.reason


def test_only_a_journey_leaves_the_step_to_a_picker() -> None:
    assert parse_mention(f"{BOT} pain checkout: slow") == LogPain("checkout", None, "slow")


def test_slack_escapes_and_links_become_plain_text() -> None:
    text = f"{BOT} pain checkout/pay: total &lt;&gt; basket &amp; <https://x.example/p|this page>"
    request = parse_mention(text)
    assert isinstance(request, LogPain)
    assert request.text == "total <> basket & this page"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (f"{BOT}", ""),
        (f"{BOT} help", ""),
        (f"{BOT} dance", "don't know `dance`"),
        (f"{BOT} pain checkout/pay", "colon"),
        (f"{BOT} pain checkout/pay:   ", "after the colon"),
        (f"{BOT} pain /pay: x", "journey"),
        (f"{BOT} pain checkout/pay: " + "x" * (MAX_TEXT + 1), "keep a pain point under"),
    ],
)
def test_what_it_cannot_read_gets_help_with_the_reason(text: str, reason: str) -> None:
    request = parse_mention(text)
    assert isinstance(request, Help)
    assert reason in request.reason
