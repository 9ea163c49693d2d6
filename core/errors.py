"""The errors of the journey core.

JourneyOpsError
├── BadInput            the caller gave us something we refuse (CLI exit 2)
│   ├── NotFound        a key names no record in this workspace
│   ├── AlreadyLinked   the outside object is already linked to that record
│   └── FileProblems    journey files that failed validation (carries every problem)
├── SettingsError       the environment is mis-configured (says how to fix it)
└── StoreError          the database is unreachable or not migrated (CLI exit 1)
    └── UnscopedQuery   a query ran without a bound workspace (a programming error)
"""


class JourneyOpsError(Exception):
    """Base of every error journeyops raises on purpose."""


class BadInput(JourneyOpsError):
    """The input is refused; nothing was changed."""


class NotFound(BadInput):
    """A key names no record in this workspace."""


class AlreadyLinked(BadInput):
    """That outside object is already linked to that record."""


class SettingsError(JourneyOpsError):
    """The configuration is invalid; the message says which variable and how to fix it."""


class StoreError(JourneyOpsError):
    """The database cannot be used as it is."""


class UnscopedQuery(StoreError):
    """A query of workspace records ran on a session with no workspace bound."""
