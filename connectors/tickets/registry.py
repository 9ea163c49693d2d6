"""The ticket sources by the name journey files give them, built from the settings."""

from collections.abc import Callable, Mapping
from datetime import datetime
from types import TracebackType

from connectors.jira.client import JiraClient
from connectors.tickets.errors import SourceNotConfigured
from connectors.tickets.jira_source import JiraTicketSource
from connectors.tickets.source import TicketSource
from core.model import utcnow
from core.settings import Settings

Clock = Callable[[], datetime]
SourceFactory = Callable[[Settings, Clock], TicketSource]


def jira_source(settings: Settings, clock: Clock) -> TicketSource:
    """Jira from JIRA_URL and its credentials (JIRA_PROJECT is not needed: the rules name
    their projects)."""
    if not settings.jira_configured or settings.jira_api_token is None:
        raise SourceNotConfigured(
            "set JIRA_URL and JIRA_API_TOKEN (plus JIRA_USERNAME on Cloud) to pull Jira "
            "tickets; `journeyops doctor` checks them"
        )
    return JiraTicketSource(JiraClient(settings), clock=clock)


FACTORIES: Mapping[str, SourceFactory] = {"jira": jira_source}


class TicketSources:
    """The sources one pull uses: each opened when a rule first needs it, all closed
    together (``close``, or leaving the ``with`` block).

    Args:
        settings: what the factories build the sources from.
        factories: source name -> factory (tests swap in clients of their own).
        clock: our time, handed to every source.
    """

    def __init__(
        self,
        settings: Settings,
        *,
        factories: Mapping[str, SourceFactory] = FACTORIES,
        clock: Clock = utcnow,
    ) -> None:
        self.settings = settings
        self.factories = factories
        self.clock = clock
        self._open: dict[str, TicketSource] = {}

    def __call__(self, name: str) -> TicketSource:
        """The source ``name``.

        Raises:
            SourceNotConfigured: no such source, or its settings are missing.
        """
        source = self._open.get(name)
        if source is None:
            factory = self.factories.get(name)
            if factory is None:
                known = ", ".join(sorted(self.factories))
                raise SourceNotConfigured(f"no ticket source {name!r} (known: {known})")
            source = self._open[name] = factory(self.settings, self.clock)
        return source

    def close(self) -> None:
        for source in self._open.values():
            source.close()
        self._open.clear()

    def __enter__(self) -> "TicketSources":
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
