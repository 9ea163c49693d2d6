"""Redaction of personal data in evidence snapshots."""

import pytest

from core.redaction import redact_personal_data


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("write to anna.schmidt@example.com please", "write to [email] please"),
        ("cc: Ben+cx@mail.acme.co.uk", "cc: [email]"),
        ("user12345678@example.com", "[email]"),
    ],
)
def test_email_addresses_are_replaced(text, expected):
    assert redact_personal_data(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("call +49 170 1234567 today", "call [phone] today"),
        ("call (030) 123-4567 today", "call [phone] today"),
        ("call 0049 30 1234567 today", "call [phone] today"),
        ("call 030 1234567 today", "call [phone] today"),
    ],
)
def test_phone_numbers_are_replaced(text, expected):
    assert redact_personal_data(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "delivered on 2026-10-02",
        "order #48213 is late",
        "order 4711 is late",
        "chat started at 14:31",
        "the upgrade costs 49.99 a month",
        "see https://acme.slack.com/archives/C01/p1727000000001200",
    ],
)
def test_dates_ids_times_and_prices_stay_untouched(text):
    assert redact_personal_data(text) == text


def test_slack_message_ts_stays_untouched():
    text = "thread 1727000000.001200 in #cx"
    assert redact_personal_data(text) == text


def test_mixed_text_redacts_only_the_personal_data():
    text = (
        "Anna (anna@example.com, +49 170 1234567) ordered #48213 on 2026-10-02 at 14:31 for 49.99"
    )
    assert redact_personal_data(text) == (
        "Anna ([email], [phone]) ordered #48213 on 2026-10-02 at 14:31 for 49.99"
    )


def test_text_without_personal_data_is_unchanged():
    text = "Shipping cost shown too late, customers abandon the cart."
    assert redact_personal_data(text) == text
