"""The ticket providers, found by folder, and the sources one pull opens.

Each sub-package of ``connectors.tickets`` with a ``provider.py`` holding ``PROVIDER`` is a
provider (``jira/``, ``zendesk/``, ``intercom/``): adding one is adding its folder.
"""

import importlib
import pkgutil
from collections.abc import Mapping
from functools import cache
from types import TracebackType

import connectors.tickets as package
from connectors.tickets.errors import SourceNotConfigured
from connectors.tickets.provider import Clock, Provider, SourceFactory
from connectors.tickets.source import TicketSource
from core.model import utcnow
from core.settings import Settings


@cache
def providers() -> Mapping[str, Provider]:
    """Every provider by name, found by folder (imported once)."""
    found: dict[str, Provider] = {}
    for module in pkgutil.iter_modules(package.__path__):
        if not module.ispkg:
            continue
        try:
            loaded = importlib.import_module(f"{package.__name__}.{module.name}.provider")
        except ModuleNotFoundError:
            continue  # a helper package, not a provider
        provider: Provider = loaded.PROVIDER
        found[provider.name] = provider
    return dict(sorted(found.items()))


def source_factories() -> Mapping[str, SourceFactory]:
    """Source name -> factory, for every provider."""
    return {name: provider.build for name, provider in providers().items()}


class TicketSources:
    """The sources one pull uses: each opened when a rule first needs it, all closed
    together (``close``, or leaving the ``with`` block).

    Args:
        settings: what the factories build the sources from.
        factories: source name -> factory (default: every provider's; tests swap in
            clients of their own).
        clock: our time, handed to every source.
    """

    def __init__(
        self,
        settings: Settings,
        *,
        factories: Mapping[str, SourceFactory] | None = None,
        clock: Clock = utcnow,
    ) -> None:
        self.settings = settings
        self.factories = factories if factories is not None else source_factories()
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
        """Close every source opened."""
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
