"""``journeyops doctor``: check the settings, the database and each configured system."""

import json
import logging
import sys
from collections.abc import Iterable
from dataclasses import asdict, replace

import click
from rich.table import Table
from rich.text import Text
from sqlalchemy import inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from bots.slack.reachability import SlackReachability
from connectors.confluence.reachability import ConfluenceReachability
from connectors.jira.reachability import JiraReachability
from connectors.tickets.registry import providers
from core.errors import SettingsError, StoreError
from core.health import CheckResult, ReachabilityCheck
from core.settings import Settings
from core.store import Store
from core.store.engine import redacted_url
from webhooks.cli.context import (
    EXIT_BAD_INPUT,
    EXIT_FAILURE,
    EXIT_OK,
    CliContext,
    pass_context,
)

logger = logging.getLogger(__name__)

DATABASE_FIX = (
    "check JOURNEYOPS_DATABASE_URL (sqlite:///path/to/file.db or "
    "postgresql+psycopg://user:password@host/dbname) and that the database server is running"
)
# Secrets shorter than this are not scrubbed from text: replacing every "ab" would garble the
# report, and no real token, password or signing secret is that short.
_MIN_SCRUBBED_SECRET = 6


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the results as a JSON list.")
@pass_context
def doctor(ctx: CliContext, as_json: bool) -> None:
    """Check the settings and whether each configured system answers; say how to fix what fails.

    \b
    Checks, in order:
      settings    the environment variables are valid (stops here if not)
      database    JOURNEYOPS_DATABASE_URL opens and its schema is up to date
      slack       SLACK_BOT_TOKEN signs in (auth.test); SLACK_SIGNING_SECRET is set
      confluence  CONFLUENCE_URL answers and the credentials sign in; CONFLUENCE_SPACE exists
      jira        JIRA_URL answers and the credentials sign in; JIRA_PROJECT exists
      zendesk     ZENDESK_URL answers and ZENDESK_EMAIL + ZENDESK_API_TOKEN sign in
      intercom    INTERCOM_ACCESS_TOKEN signs in at INTERCOM_API_URL

    A system that is not configured is reported with what to set to enable it; that is not
    a failure. No token, password or secret is ever printed.

    Exit status: 0 when every configured check passed, 1 when one failed, 2 when the settings
    are invalid. With --json, prints a list of {name, ok, detail, fix} objects instead of a
    table.
    """
    try:
        settings = ctx.settings
    except SettingsError as exc:
        failed = CheckResult(
            "settings",
            False,
            str(exc),
            "correct each variable named above as its line says, then run "
            "`journeyops doctor` again",
        )
        _report(ctx, [(failed, True)], as_json)
        sys.exit(EXIT_BAD_INPUT)

    rows: list[tuple[CheckResult, bool]] = [
        (check_settings(settings), True),
        (check_database(settings), True),
    ]
    for check, configured in reachability_checks(settings):
        rows.append((_run(check, settings), configured))
    rows = [(scrub(result, settings), configured) for result, configured in rows]
    for result, _configured in rows:
        event = "doctor.check.passed" if result.ok else "doctor.check.failed"
        logger.info(event, extra={"check": result.name, "detail": result.detail})
    _report(ctx, rows, as_json)
    sys.exit(EXIT_OK if all(result.ok for result, _ in rows) else EXIT_FAILURE)


def register(group: click.Group) -> None:
    """Add ``doctor`` to the ``journeyops`` group."""
    group.add_command(doctor)


def reachability_checks(settings: Settings) -> list[tuple[ReachabilityCheck, bool]]:
    """Each far system's check, paired with whether ``settings`` configure that system."""
    return [
        (SlackReachability(), settings.slack_configured or settings.slack_oauth_configured),
        (ConfluenceReachability(), settings.confluence_configured),
        (JiraReachability(), settings.jira_configured),
        *(
            (provider.check, provider.configured(settings))
            for provider in providers().values()
            if provider.check is not None
        ),
    ]


def check_settings(settings: Settings) -> CheckResult:
    """The settings row once they loaded: which workspace and database they select."""
    return CheckResult(
        "settings",
        True,
        f"valid; workspace {settings.workspace}, database {_where(settings.database_url)}",
    )


def check_database(settings: Settings) -> CheckResult:
    """Whether the database opens and is at the newest schema revision.

    An empty database counts as ok: the first command (or ``journeyops db upgrade``) creates
    the schema. Never raises for a database problem.
    """
    where = _where(settings.database_url)
    try:
        store = Store(settings.database_url)
    except OSError as exc:
        # Creating a SQLite file's folder failed (a file in the way, no permission ...).
        return CheckResult(
            "database", False, f"cannot create the folder for {where}: {exc.strerror}", DATABASE_FIX
        )
    except (SQLAlchemyError, ValueError, ImportError) as exc:
        # The exception text can quote the whole URL, password included.
        return CheckResult(
            "database", False, f"cannot use the database URL ({type(exc).__name__})", DATABASE_FIX
        )
    try:
        current, head = store.current_revision(), store.head_revision()
        if current == head:
            return CheckResult("database", True, f"{where} is at revision {head} (up to date)")
        if current is None:
            if inspect(store.engine).get_table_names():
                return CheckResult(
                    "database",
                    False,
                    f"{where} holds tables that are not journeyops'",
                    "point JOURNEYOPS_DATABASE_URL at an empty database or a journeyops one",
                )
            return CheckResult(
                "database",
                True,
                f"{where} is empty; will be created by the first command or "
                "`journeyops db upgrade`",
            )
        return CheckResult(
            "database",
            False,
            f"{where} is at revision {current}; this version needs {head}",
            "run `journeyops db upgrade`",
        )
    except StoreError as exc:
        return CheckResult("database", False, str(exc), DATABASE_FIX)
    except SQLAlchemyError as exc:
        return CheckResult(
            "database", False, f"cannot use {where} ({type(exc).__name__})", DATABASE_FIX
        )
    finally:
        store.dispose()


def scrub(result: CheckResult, settings: Settings) -> CheckResult:
    """``result`` with every configured secret value replaced by ``***``.

    The checks promise never to include a secret; this holds even if a server echoes one back
    in an error message that a check quotes.
    """
    detail, fix = result.detail, result.fix
    for secret in _secrets(settings):
        detail = detail.replace(secret, "***")
        fix = fix.replace(secret, "***") if fix is not None else None
    return replace(result, detail=detail, fix=fix)


def _secrets(settings: Settings) -> Iterable[str]:
    values = [
        value.get_secret_value()
        for value in (
            settings.slack_bot_token,
            settings.slack_signing_secret,
            settings.slack_app_token,
            settings.confluence_api_token,
            settings.jira_api_token,
            settings.jira_webhook_secret,
            settings.zendesk_api_token,
            settings.zendesk_webhook_secret,
            settings.intercom_access_token,
            settings.intercom_client_secret,
        )
        if value is not None
    ]
    try:
        password = make_url(settings.database_url).password
    except (SQLAlchemyError, ValueError):
        password = None
    if password:
        values.append(str(password))
    return [value for value in values if len(value) >= _MIN_SCRUBBED_SECRET]


def _run(check: ReachabilityCheck, settings: Settings) -> CheckResult:
    """Run ``check``; a check that breaks its no-raise contract is a failed row, not a crash."""
    try:
        return check(settings)
    except Exception as exc:
        # Only the type: the message of an unexpected error is not known to be secret-free.
        logger.error(
            "doctor.check.crashed", extra={"check": check.name, "error": type(exc).__name__}
        )
        return CheckResult(
            check.name,
            False,
            f"the check itself failed ({type(exc).__name__})",
            "run `journeyops -v doctor` for details and report it as a bug",
        )


def _where(url: str) -> str:
    try:
        return redacted_url(url)
    except (SQLAlchemyError, ValueError):
        return "the configured database"


def _report(ctx: CliContext, rows: list[tuple[CheckResult, bool]], as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps([asdict(result) for result, _ in rows], indent=2))
        return
    table = Table(title="journeyops doctor", title_justify="left")
    table.add_column("check", no_wrap=True)
    table.add_column("status", no_wrap=True)
    table.add_column("details", overflow="fold")
    for result, configured in rows:
        if not result.ok:
            status = Text("failed", style="bold red")
        elif configured:
            status = Text("ok", style="green")
        else:
            status = Text("not configured", style="dim")
        # Text, not markup: server messages may hold brackets such as "[Errno 111]".
        if result.ok and not configured:
            details = Text(result.fix or result.detail)
        else:
            details = Text(result.detail)
            if result.fix:
                details.append(f"\nfix: {result.fix}", style="yellow")
        table.add_row(result.name, status, details)
    ctx.console.print(table)
    failed = [result.name for result, _ in rows if not result.ok]
    if failed:
        ctx.console.print(
            Text(f"{len(failed)} check(s) failed: {', '.join(failed)}.", style="bold red")
        )
    else:
        ctx.console.print(Text("Every configured check passed.", style="green"))
