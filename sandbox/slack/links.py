"""The URLs Slack hands out: message permalinks and response_urls."""

from __future__ import annotations

from urllib.parse import urlencode


def permalink(domain: str, channel: str, ts: str, thread_ts: str | None = None) -> str:
    """``https://<domain>.slack.com/archives/<channel>/p<ts without the dot>``; a thread
    reply adds ``?thread_ts=<parent ts>&cid=<channel>``, as Slack writes them."""
    link = f"https://{domain}.slack.com/archives/{channel}/p{ts.replace('.', '')}"
    if thread_ts is not None and thread_ts != ts:
        link += "?" + urlencode({"thread_ts": thread_ts, "cid": channel})
    return link


def response_url(root_url: str, url_id: str) -> str:
    """Where the app posts follow-ups for one interaction (``POST <root>/response/<id>``)."""
    return f"{root_url.rstrip('/')}/response/{url_id}"
