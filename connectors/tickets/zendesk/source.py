"""Zendesk as a ticket source: a rule's tickets through the Search API.

``GET /api/v2/search.json?query=...&sort_by=created_at&sort_order=asc&per_page=100``,
then each ``next_page`` until there is none. The Search API returns at most 1,000 results
per query (a 422 past that): incremental pulls ask only for tickets created since the
rule's mark, so only a first pull over a very busy rule can reach it.
"""

from collections.abc import Iterator
from datetime import datetime

from connectors.tickets.http_retries import RetryingHttp
from connectors.tickets.source import Ticket, TicketRule
from connectors.tickets.zendesk.query import search_query
from connectors.tickets.zendesk.tickets import zendesk_ticket

SEARCH_PATH = "/api/v2/search.json"
PAGE_SIZE = 100


class ZendeskTicketSource:
    """Tickets from one Zendesk site.

    Args:
        http: the site's retrying client; ``close`` closes it.
        site: ZENDESK_URL, for the tickets' permalinks.
    """

    name = "zendesk"

    def __init__(self, http: RetryingHttp, site: str) -> None:
        self.http = http
        self.site = site

    def fetch(self, rule: TicketRule, since: datetime) -> Iterator[Ticket]:
        """The tickets ``rule`` matches, created at or after ``since``, oldest first.

        Raises:
            RuleRefused: Zendesk refused the search (400/422).
            SourceFailed: Zendesk kept failing, refused the credentials, or answered
                something we cannot read.
        """
        params: dict[str, str | int] | None = {
            "query": search_query(rule.query, since),
            "sort_by": "created_at",
            "sort_order": "asc",
            "per_page": PAGE_SIZE,
        }
        url: str | None = SEARCH_PATH
        while url:
            page = self.http.json("GET", url, params=params)
            for item in page.get("results") or []:
                wanted = isinstance(item, dict) and item.get("id") is not None
                if wanted and item.get("result_type", "ticket") == "ticket":
                    yield zendesk_ticket(self.site, item)
            following = page.get("next_page")
            url = following if isinstance(following, str) and following else None
            params = None  # next_page carries the query and the page

    def close(self) -> None:
        self.http.close()
