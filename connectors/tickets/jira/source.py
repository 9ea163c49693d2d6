"""Jira (Service Management) as a ticket source: a rule's JQL, through ``JiraClient``.

One JQL search per 100 new tickets of a rule (Cloud ``/rest/api/3/search/jql``, Data
Center ``/rest/api/2/search``), with the client's retries and rate cap.
"""

from collections.abc import Callable, Iterator
from datetime import datetime

from connectors.jira.client import JiraClient
from connectors.jira.errors import JiraAuthError, JiraError, JiraRefused
from connectors.jira.remote_issue import RemoteTicket
from connectors.tickets.errors import RuleRefused, SourceFailed
from connectors.tickets.jira.query import ticket_jql
from connectors.tickets.source import Ticket, TicketRule
from core.model import utcnow


class JiraTicketSource:
    """Tickets from one Jira site (Cloud or Data Center).

    Args:
        client: the site's client; ``close`` closes it.
        clock: our time, which the JQL's relative creation bound counts back from.
    """

    name = "jira"

    def __init__(self, client: JiraClient, *, clock: Callable[[], datetime] = utcnow) -> None:
        self.client = client
        self.clock = clock

    def fetch(self, rule: TicketRule, since: datetime) -> Iterator[Ticket]:
        """The issues the rule's ``jql`` matches, created at or after ``since``.

        Raises:
            RuleRefused: Jira refused the JQL (400: a syntax error, an unknown field,
                project or value).
            SourceFailed: Jira is unreachable or kept failing, or refused the credentials.
        """
        jql = ticket_jql(str(rule.query["jql"]), since, self.clock())
        try:
            for remote in self.client.search_tickets(jql):
                yield self._ticket(remote)
        except JiraAuthError as exc:
            raise SourceFailed(
                f"{exc} (check JIRA_USERNAME / JIRA_API_TOKEN and that the account may "
                "browse the rule's projects)"
            ) from exc
        except JiraRefused as exc:
            if exc.status == 400:  # Jira's answer to JQL it cannot run
                raise RuleRefused(f"{exc} (jql: {jql})") from exc
            raise SourceFailed(str(exc)) from exc
        except JiraError as exc:
            raise SourceFailed(str(exc)) from exc

    def _ticket(self, remote: RemoteTicket) -> Ticket:
        return Ticket(
            external_id=remote.key,
            url=self.client.issue_url(remote.key),
            title=remote.summary,
            text=remote.description,
            author=remote.reporter,
            created_at=remote.created,
            status=remote.status,
        )

    def close(self) -> None:
        self.client.close()
