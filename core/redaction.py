"""Redaction of personal data in evidence snapshots (a workspace setting)."""

import re

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
# International or national numbers with at least 7 digits, allowing spaces, dots,
# dashes and brackets between groups; dates and short ids stay untouched.
PHONE = re.compile(
    r"(?<![\w/(+.])(?!\d{4}-\d{2}-\d{2})(?:\+|00|\()?\d(?:[\s().-]{0,2}\d){6,14}"
    # Not a prefix of a longer number: Slack message ids such as 1727000000.001200 stay.
    r"(?![\w/]|[.,]\d)"
)


def redact_personal_data(text: str) -> str:
    """Replace e-mail addresses with ``[email]`` and phone numbers with ``[phone]``."""
    return PHONE.sub("[phone]", EMAIL.sub("[email]", text))
