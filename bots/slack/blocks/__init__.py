"""Block Kit builders: small functions returning the JSON Slack takes (STYLE.md 6).

Everything a person typed, and every name from a journey file, goes into ``mrkdwn`` text
through ``bots.slack.mrkdwn.escape``; ``plain_text`` is shown as it is and never pings.
"""
