"""Settings from the environment (DESIGN.md section 4), validated once at start.

Explicit keyword arguments win over environment variables. Every secret is a ``SecretStr``
and the database URL's password is masked, so no repr, log line or error shows them.
"""

from typing import Any
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from core.errors import SettingsError
from core.share_links import ShareLinks
from core.store.engine import DEFAULT_URL, redacted_url

SLACK_DEFAULT_API_URL = "https://slack.com/api/"
INTERCOM_DEFAULT_API_URL = "https://api.intercom.io"

# What to tell the user for each variable when its value is refused.
HINTS: dict[str, str] = {
    "JOURNEYOPS_DATABASE_URL": (
        "use sqlite:///path/to/file.db or postgresql+psycopg://user:password@host/dbname"
    ),
    "JOURNEYOPS_WORKSPACE": "use a slug such as 'default' or 'acme-cx'",
    "SLACK_BOT_TOKEN": "copy the Bot User OAuth Token (xoxb-...) from your Slack app's page",
    "SLACK_SIGNING_SECRET": "copy the Signing Secret from your Slack app's Basic Information",
    "SLACK_APP_TOKEN": "create an app-level token (xapp-...) with connections:write",
    "SLACK_API_URL": "leave it unset for Slack itself, or give an http(s) URL ending in /api/",
    "SLACK_CLIENT_ID": "copy the Client ID from your Slack app's Basic Information",
    "SLACK_CLIENT_SECRET": "copy the Client Secret from your Slack app's Basic Information",
    "SLACK_REDIRECT_URI": (
        "give the https URL of /slack/oauth_redirect on this server, as listed under "
        "your Slack app's OAuth & Permissions > Redirect URLs"
    ),
    "CONFLUENCE_URL": "give your site, e.g. https://acme.atlassian.net/wiki",
    "CONFLUENCE_CLOUD": "use true or false",
    "CONFLUENCE_CONCURRENCY": "use a whole number from 1 (one call at a time) to 16",
    "CONFLUENCE_RATE_LIMIT": "use requests per second, e.g. 10; 0 means no cap",
    "CONFLUENCE_SYNC_MINUTES": "use minutes between publishing runs, e.g. 10; 0 turns it off",
    "JIRA_URL": "give your site, e.g. https://acme.atlassian.net",
    "JIRA_CLOUD": "use true or false",
    "JIRA_ISSUE_TYPE": "give the name of the issue type opportunities become, e.g. Epic",
    "JIRA_PAIN_POINT_ISSUE_TYPE": (
        "give the name of an issue type that can sit in an epic, e.g. Task or Story"
    ),
    "JIRA_RATE_LIMIT": "use requests per second, e.g. 10; 0 means no cap",
    "JOURNEYOPS_ALERT_EVIDENCE_THRESHOLD": (
        "use how many pieces of evidence within the window alert, e.g. 5 (at least 1)"
    ),
    "JOURNEYOPS_ALERT_WINDOW_DAYS": "use a whole number of days, e.g. 7 (at least 1)",
    "JOURNEYOPS_CLOSE_THE_LOOP": "use true or false",
    "SLACK_LISTENER_THREADS": "use a whole number from 1 to 32 (default 2)",
    "JOURNEYOPS_SECRET_KEY": (
        "use a long random value, e.g. the output of "
        'python -c "import secrets; print(secrets.token_hex(32))"'
    ),
    "JOURNEYOPS_PUBLIC_URL": (
        "give the base URL people reach `journeyops serve` at, e.g. https://journeyops.acme.com"
    ),
    "ZENDESK_URL": "give your Zendesk site, e.g. https://acme.zendesk.com",
    "ZENDESK_EMAIL": "give the e-mail of the agent the API token belongs to",
    "ZENDESK_API_TOKEN": (
        "create one in Zendesk Admin Center > Apps and integrations > APIs > Zendesk API"
    ),
    "ZENDESK_WEBHOOK_SECRET": (
        "copy the signing secret from the webhook's page in Zendesk Admin Center > Webhooks"
    ),
    "INTERCOM_API_URL": (
        "leave it unset for https://api.intercom.io, or give your region's, e.g. "
        "https://api.eu.intercom.io"
    ),
    "INTERCOM_ACCESS_TOKEN": (
        "copy the access token from your Intercom app's Authentication page (Developer Hub)"
    ),
    "INTERCOM_CLIENT_SECRET": (
        "copy the client secret from your Intercom app's Basic Information page (Developer Hub)"
    ),
    "JOURNEYOPS_SPIKE_RATIO": (
        "use how many times its recent weekly mean a step's tickets must reach, e.g. 2.0 "
        "(at least 1)"
    ),
    "JOURNEYOPS_SPIKE_MIN_TICKETS": (
        "use the fewest tickets in a week that can alert, e.g. 5 (at least 1)"
    ),
    "JOURNEYOPS_SPIKE_BASELINE_WEEKS": (
        "use how many previous weeks make the baseline, e.g. 4 (1 to 26)"
    ),
}

MIN_SECRET_KEY = 32


def _is_http_url(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in {"http", "https"} and bool(parts.netloc)


def _is_atlassian_cloud(url: str | None) -> bool:
    return bool(url) and (urlsplit(url or "").hostname or "").endswith(".atlassian.net")


class Settings(BaseSettings):
    """Everything journeyops reads from its environment.

    Raises:
        SettingsError: from ``load_settings`` when a value is refused; the message names
            the variable and says how to fix it, without echoing secret values.
    """

    model_config = SettingsConfigDict(env_prefix="", case_sensitive=False, extra="ignore")

    journeyops_database_url: str = Field(default=DEFAULT_URL, repr=False)
    journeyops_workspace: str = "default"
    slack_bot_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_api_url: str = SLACK_DEFAULT_API_URL
    # OAuth install (many Slack workspaces) instead of one SLACK_BOT_TOKEN; see bots/slack.
    slack_client_id: str | None = None
    slack_client_secret: SecretStr | None = None
    slack_redirect_uri: str | None = None
    confluence_url: str | None = None
    confluence_username: str | None = None
    confluence_api_token: SecretStr | None = None
    confluence_space: str | None = None
    confluence_parent_page: str | None = None
    confluence_cloud: bool | None = None
    # Pages published at once, and the cap on requests per second over all of them.
    confluence_concurrency: int = Field(default=4, ge=1, le=16)
    confluence_rate_limit: float = Field(default=10.0, ge=0)
    # How often `journeyops serve` publishes dirty pages; 0: only `sync confluence` does.
    confluence_sync_minutes: float = Field(default=10.0, ge=0)
    jira_url: str | None = None
    jira_username: str | None = None
    jira_api_token: SecretStr | None = None
    jira_project: str | None = None
    jira_cloud: bool | None = None
    jira_webhook_secret: SecretStr | None = None
    # What `sync jira` creates: an opportunity's issue, and (--pain-points) a pain point's.
    jira_issue_type: str = "Epic"
    jira_pain_point_issue_type: str = "Task"
    jira_rate_limit: float = Field(default=10.0, ge=0)
    # Slack alerts: a pain point gathering this much evidence within the window alerts.
    journeyops_alert_evidence_threshold: int = Field(default=5, ge=1)
    journeyops_alert_window_days: int = Field(default=7, ge=1)
    # Ask the Slack threads behind a pain point whether its shipped fix worked.
    journeyops_close_the_loop: bool = True
    # Threads doing the bot's work after each ack (Bolt's listener executor). Few keep the
    # acks quick under a burst (they share the GIL); more drain a backlog faster.
    slack_listener_threads: int = Field(default=2, ge=1, le=32)
    # Signs web login sessions and share links (webhooks/web); the pages refuse to serve
    # without it. JOURNEYOPS_PUBLIC_URL is the base of the links we hand out.
    journeyops_secret_key: SecretStr | None = None
    journeyops_public_url: str | None = None
    # Ticket providers besides Jira (connectors/tickets): Zendesk signs in with an agent's
    # e-mail plus an API token; Intercom with an access token.
    zendesk_url: str | None = None
    zendesk_email: str | None = None
    zendesk_api_token: SecretStr | None = None
    zendesk_webhook_secret: SecretStr | None = None
    intercom_api_url: str = INTERCOM_DEFAULT_API_URL
    intercom_access_token: SecretStr | None = None
    intercom_client_secret: SecretStr | None = None
    # Ticket-volume spikes: this week's tickets of a step against the mean of the weeks
    # before, alerting once per step and week.
    journeyops_spike_ratio: float = Field(default=2.0, ge=1.0)
    journeyops_spike_min_tickets: int = Field(default=5, ge=1)
    journeyops_spike_baseline_weeks: int = Field(default=4, ge=1, le=26)

    @property
    def database_url(self) -> str:
        return self.journeyops_database_url

    @property
    def workspace(self) -> str:
        return self.journeyops_workspace

    def __repr_args__(self) -> Any:
        yield "journeyops_database_url", redacted_url(self.journeyops_database_url)
        yield from super().__repr_args__()

    @field_validator("journeyops_database_url")
    @classmethod
    def _database_url(cls, value: str) -> str:
        if not value.startswith(("sqlite:", "postgresql+psycopg:", "postgresql:")):
            raise ValueError("is not a SQLite or PostgreSQL URL")
        if value.startswith("postgresql:"):
            # The driver we ship is psycopg 3; SQLAlchemy's bare "postgresql:" means psycopg2.
            value = "postgresql+psycopg:" + value.removeprefix("postgresql:")
        return value

    @field_validator("journeyops_workspace")
    @classmethod
    def _workspace(cls, value: str) -> str:
        from core.store.store import WORKSPACE_KEY_PATTERN

        if not WORKSPACE_KEY_PATTERN.match(value):
            raise ValueError("is not a slug")
        return value

    @field_validator("journeyops_secret_key")
    @classmethod
    def _secret_key(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value():
            return None
        if len(value.get_secret_value()) < MIN_SECRET_KEY:
            raise ValueError(f"is shorter than {MIN_SECRET_KEY} characters")
        return value

    @field_validator(
        "slack_api_url",
        "confluence_url",
        "jira_url",
        "journeyops_public_url",
        "zendesk_url",
        "intercom_api_url",
    )
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is None or value == "":
            return None
        if not _is_http_url(value):
            raise ValueError("is not an http(s) URL")
        return value

    @field_validator("jira_issue_type", "jira_pain_point_issue_type")
    @classmethod
    def _issue_type(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("is empty")
        return value.strip()

    @field_validator("slack_bot_token")
    @classmethod
    def _bot_token(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not value.get_secret_value().startswith("xoxb-"):
            raise ValueError("is not a bot token (it should start with xoxb-)")
        return value

    @field_validator("slack_app_token")
    @classmethod
    def _app_token(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not value.get_secret_value().startswith("xapp-"):
            raise ValueError("is not an app-level token (it should start with xapp-)")
        return value

    @field_validator("slack_redirect_uri")
    @classmethod
    def _slack_redirect_uri(cls, value: str | None) -> str | None:
        if not value:
            return None
        if not _is_http_url(value):
            raise ValueError("is not an http(s) URL")
        return value

    @field_validator("slack_client_id")
    @classmethod
    def _slack_client_id(cls, value: str | None) -> str | None:
        return (value or "").strip() or None

    @model_validator(mode="after")
    def _complete(self) -> "Settings":
        if self.slack_api_url is None:
            self.slack_api_url = SLACK_DEFAULT_API_URL
        elif not self.slack_api_url.endswith("/"):
            self.slack_api_url += "/"
        if self.confluence_cloud is None:
            self.confluence_cloud = _is_atlassian_cloud(self.confluence_url)
        if self.jira_cloud is None:
            self.jira_cloud = _is_atlassian_cloud(self.jira_url)
        self.zendesk_url = self.zendesk_url.rstrip("/") if self.zendesk_url else None
        self.intercom_api_url = (self.intercom_api_url or INTERCOM_DEFAULT_API_URL).rstrip("/")
        problems = credential_problems(self) + zendesk_problems(self)
        if problems:
            raise ValueError("\n".join(problems))
        return self

    @property
    def slack_configured(self) -> bool:
        return self.slack_bot_token is not None

    @property
    def slack_oauth_configured(self) -> bool:
        """Slack's OAuth install flow is on: each installing Slack team gets a workspace."""
        return self.slack_client_id is not None and self.slack_client_secret is not None

    @model_validator(mode="after")
    def _slack_install(self) -> "Settings":
        problems = slack_install_problems(self)
        if problems:
            raise ValueError("\n".join(problems))
        return self

    def share_links(self) -> ShareLinks | None:
        """Share links signed with JOURNEYOPS_SECRET_KEY, or None while it is unset."""
        if self.journeyops_secret_key is None:
            return None
        return ShareLinks(self.journeyops_secret_key.get_secret_value(), self.journeyops_public_url)

    @property
    def confluence_configured(self) -> bool:
        return self.confluence_url is not None

    @property
    def jira_configured(self) -> bool:
        return self.jira_url is not None

    @property
    def zendesk_configured(self) -> bool:
        return self.zendesk_url is not None

    @property
    def intercom_configured(self) -> bool:
        return self.intercom_access_token is not None


def credential_problems(values: Any) -> list[str]:
    """What is missing to sign in to Confluence and Jira, one fix-it line each.

    ``values`` has the Settings attributes; it may be unvalidated raw text, so these
    lines can be reported together with the problems of single variables.
    """
    problems = []
    for system in ("confluence", "jira"):
        url = getattr(values, f"{system}_url", None)
        user = getattr(values, f"{system}_username", None)
        token = getattr(values, f"{system}_api_token", None)
        cloud = getattr(values, f"{system}_cloud", None)
        if not isinstance(cloud, bool):
            cloud = _is_atlassian_cloud(url)
        name = system.upper()
        if url and token is None:
            problems.append(
                f"{name}_API_TOKEN: missing while {name}_URL is set; create an API token "
                "(Cloud) or a personal access token (Data Center) and set it"
            )
        if cloud and token is not None and not user:
            problems.append(
                f"{name}_USERNAME: missing; Atlassian Cloud signs in with the account e-mail "
                "plus an API token (a token without a username is a Data Center personal "
                "access token)"
            )
    return problems


def zendesk_problems(values: Any) -> list[str]:
    """What is missing to sign in to Zendesk (the agent e-mail plus API token), one fix-it
    line each."""
    if not getattr(values, "zendesk_url", None):
        return []
    problems = []
    if getattr(values, "zendesk_email", None) in (None, ""):
        problems.append(
            "ZENDESK_EMAIL: missing while ZENDESK_URL is set; give the e-mail of the agent "
            "the API token belongs to"
        )
    if getattr(values, "zendesk_api_token", None) is None:
        problems.append(
            "ZENDESK_API_TOKEN: missing while ZENDESK_URL is set; " + HINTS["ZENDESK_API_TOKEN"]
        )
    return problems


def slack_install_problems(settings: "Settings") -> list[str]:
    """What contradicts itself in the Slack app's settings, one fix-it line each: one bot
    token (single workspace) or a client id and secret (OAuth install), not both."""
    oauth = settings.slack_client_id is not None or settings.slack_client_secret is not None
    problems = []
    if settings.slack_client_id is not None and settings.slack_client_secret is None:
        problems.append(
            "SLACK_CLIENT_SECRET: missing while SLACK_CLIENT_ID is set; copy the Client "
            "Secret from your Slack app's Basic Information"
        )
    if settings.slack_client_secret is not None and settings.slack_client_id is None:
        problems.append(
            "SLACK_CLIENT_ID: missing while SLACK_CLIENT_SECRET is set; copy the Client ID "
            "from your Slack app's Basic Information"
        )
    if oauth and settings.slack_bot_token is not None:
        problems.append(
            "SLACK_BOT_TOKEN: set together with SLACK_CLIENT_ID/SLACK_CLIENT_SECRET; unset "
            "SLACK_BOT_TOKEN to install the app in many workspaces through OAuth, or unset "
            "the client id and secret to serve the one workspace of that token"
        )
    if oauth and settings.slack_signing_secret is None:
        problems.append(
            "SLACK_SIGNING_SECRET: missing while SLACK_CLIENT_ID is set; the OAuth install "
            "serves HTTP, so copy the Signing Secret from your Slack app's Basic Information"
        )
    return problems


class _RawSettings(BaseSettings):
    """The same variables as plain text, to report every problem in one go."""

    model_config = SettingsConfigDict(env_prefix="", case_sensitive=False, extra="ignore")

    confluence_url: str | None = None
    confluence_username: str | None = None
    confluence_api_token: str | None = None
    confluence_cloud: str | None = None
    jira_url: str | None = None
    jira_username: str | None = None
    jira_api_token: str | None = None
    jira_cloud: str | None = None


def load_settings(**overrides: Any) -> Settings:
    """Read the environment, apply explicit ``overrides`` on top, and validate.

    Raises:
        SettingsError: one line per refused variable, each saying how to fix it.
    """
    given = {k: v for k, v in overrides.items() if v is not None}
    try:
        return Settings(**given)
    except ValidationError as exc:
        raw = _RawSettings(**{k: v for k, v in given.items() if k in _RawSettings.model_fields})
        raise SettingsError(_describe(exc, credential_problems(raw))) from None


def _describe(exc: ValidationError, more: list[str]) -> str:
    lines: list[str] = []
    for error in exc.errors(include_input=False, include_url=False):
        message = str(error["msg"]).removeprefix("Value error, ")
        if not error["loc"]:
            lines.extend(message.splitlines())
            continue
        variable = str(error["loc"][0]).upper()
        hint = HINTS.get(variable)
        if error["type"] == "bool_parsing":
            message = "is not true or false"
        lines.append(f"{variable}: {message}" + (f"; {hint}" if hint else ""))
    lines += [line for line in more if line not in lines]
    return "invalid settings:\n  " + "\n  ".join(lines)
