"""What every CLI command shares: settings, the store, the console and exit codes."""

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import wraps
from typing import Any, ParamSpec, TypeVar

import click
from rich.console import Console

from core.enums import Origin
from core.errors import BadInput, JourneyOpsError, SettingsError, StoreError
from core.settings import Settings, load_settings
from core.store import Store, UnitOfWork

EXIT_OK, EXIT_FAILURE, EXIT_BAD_INPUT = 0, 1, 2

P = ParamSpec("P")
R = TypeVar("R")


@dataclass
class CliContext:
    """Lazily built settings and store for one CLI invocation."""

    overrides: dict[str, Any]
    # soft_wrap: plain lines (paths, URLs, "file:line") are never broken; tables still fit.
    console: Console = field(default_factory=lambda: Console(soft_wrap=True))
    errors: Console = field(default_factory=lambda: Console(stderr=True))
    _settings: Settings | None = None
    _store: Store | None = None

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            self._settings = load_settings(**self.overrides)
        return self._settings

    @property
    def store(self) -> Store:
        """The store, migrated first when the database is empty."""
        if self._store is None:
            self._store = Store(self.settings.database_url)
            self._store.ensure_ready()
        return self._store

    @contextmanager
    def unit_of_work(self, origin: Origin = Origin.CLI) -> Iterator[UnitOfWork]:
        with self.store.unit_of_work(
            self.settings.workspace, actor=cli_actor(), origin=origin
        ) as uow:
            yield uow

    @property
    def interactive(self) -> bool:
        return sys.stdout.isatty()


def cli_actor() -> str:
    import getpass

    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


pass_context = click.make_pass_decorator(CliContext)


def exits_cleanly(func: Callable[P, R]) -> Callable[P, R]:
    """Turn our errors into a message on stderr and the documented exit code."""

    @wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except (BadInput, SettingsError) as exc:
            _fail(str(exc), EXIT_BAD_INPUT)
        except (StoreError, JourneyOpsError) as exc:
            _fail(str(exc), EXIT_FAILURE)
        raise AssertionError("unreachable")

    return wrapper


def _fail(message: str, code: int) -> None:
    # Plain text, never wrapped: "file:line: field: ..." stays one line for editors and grep.
    click.secho("error: ", err=True, fg="red", bold=True, nl=False)
    click.echo(message, err=True)
    sys.exit(code)
