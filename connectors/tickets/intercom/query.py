"""The Intercom Search API body a rule runs as.

A rule ``{source: intercom, tags: [refund], query: {field: source.delivered_as, operator:
"=", value: customer_initiated}}`` searches ``created_at > since - 1 AND tag_ids IN [<ids
of the tags named>] AND <query>``, 150 per page. The rule's ``query`` is
Intercom's own search filter (``field``/``operator``/``value``, or ``operator`` AND/OR
with a ``value`` list); Intercom allows two levels of nesting, so a rule's own query may
nest one level.
"""

from collections.abc import Mapping
from datetime import datetime
from typing import Any

PAGE_SIZE = 150


def search_body(rule: Mapping[str, Any], tag_ids: list[str], since: datetime) -> dict[str, Any]:
    """The first page's request body (``pagination.starting_after`` is added per page)."""
    filters: list[Any] = [
        {"field": "created_at", "operator": ">", "value": int(since.timestamp()) - 1}
    ]
    if tag_ids:
        filters.append({"field": "tag_ids", "operator": "IN", "value": tag_ids})
    if rule.get("query"):
        filters.append(dict(rule["query"]))
    return {
        "query": {"operator": "AND", "value": filters},
        "pagination": {"per_page": PAGE_SIZE},
    }
