"""Does the Slack bot token work, and can incoming events be verified? (``journeyops doctor``)

Calls ``auth.test`` through slack_sdk at SLACK_API_URL, so a sandbox on 127.0.0.1 is asked
exactly as Slack itself would be.
"""

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from core.health import CheckResult, describe_network_error, public_url
from core.settings import SLACK_DEFAULT_API_URL, Settings

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 10
NOT_CONFIGURED = "not configured"
ENABLE_HINT = "set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET to enable it"
# auth.test errors that mean the token itself is wrong, revoked or of the wrong kind.
TOKEN_ERRORS = frozenset(
    {
        "invalid_auth",
        "not_authed",
        "account_inactive",
        "token_revoked",
        "token_expired",
        "not_allowed_token_type",
    }
)
_MAX_ERROR = 120


class SlackReachability:
    """Signs in with SLACK_BOT_TOKEN (``auth.test``) and checks SLACK_SIGNING_SECRET is set;
    in the OAuth install mode (SLACK_CLIENT_ID/SECRET) says so: no token exists until a
    team installs.

    Args:
        timeout: seconds to wait for Slack's answer.

    Calling it never raises for a network or API problem; see ``core.health.ReachabilityCheck``.
    """

    name: str = "slack"

    def __init__(self, timeout: int = TIMEOUT_SECONDS) -> None:
        self.timeout = timeout

    def __call__(self, settings: Settings) -> CheckResult:
        """Check the Slack app ``settings`` describe; see the class docstring."""
        if settings.slack_oauth_configured:
            return _oauth_mode(self.name, settings)
        if settings.slack_bot_token is None:
            return CheckResult(self.name, True, NOT_CONFIGURED, ENABLE_HINT)
        result = self._check(settings, settings.slack_bot_token.get_secret_value())
        event = "slack.reachability.ok" if result.ok else "slack.reachability.failed"
        logger.info(
            event, extra={"api_url": public_url(settings.slack_api_url), "detail": result.detail}
        )
        return result

    def _check(self, settings: Settings, token: str) -> CheckResult:
        api_url = public_url(settings.slack_api_url)
        where = "" if settings.slack_api_url == SLACK_DEFAULT_API_URL else f" at {api_url}"
        client = WebClient(
            token=token,
            base_url=settings.slack_api_url,
            timeout=self.timeout,
            # One attempt: a health check reports a dropped connection rather than hiding it.
            retry_handlers=[],
        )
        try:
            answer = client.auth_test()
        except SlackApiError as exc:
            return CheckResult(self.name, False, *_refusal(exc, where))
        except (OSError, SlackClientError) as exc:
            return CheckResult(
                self.name,
                False,
                f"cannot reach the Slack API at {api_url}: {describe_network_error(exc)}",
                "check SLACK_API_URL (leave it unset for Slack itself) and the network",
            )
        team = answer.get("team") or answer.get("team_id") or "?"
        bot = answer.get("user") or answer.get("user_id") or "?"
        detail = f"signed in{where} to workspace {team} as bot user {bot}"
        if settings.slack_signing_secret is None:
            return CheckResult(
                self.name,
                False,
                f"{detail}, but SLACK_SIGNING_SECRET is missing, so incoming events, "
                "shortcuts and commands cannot be verified",
                "set SLACK_SIGNING_SECRET: copy the Signing Secret from your Slack app's "
                "Basic Information page",
            )
        return CheckResult(self.name, True, detail)


def _oauth_mode(name: str, settings: Settings) -> CheckResult:
    """The OAuth install: there is no token to sign in with until a team installs (the
    settings already refuse this mode without SLACK_SIGNING_SECRET)."""
    detail = (
        f"OAuth install mode (client id {settings.slack_client_id}): teams install the app "
        "at /slack/install, each gets a workspace of its own"
    )
    return CheckResult(name, True, detail)


def _refusal(exc: SlackApiError, where: str) -> tuple[str, str]:
    """(detail, fix) for an ``auth.test`` that Slack (or whatever is at the URL) refused."""
    error = str(exc.response.get("error") or "unknown_error")
    status = exc.response.status_code
    if error in TOKEN_ERRORS:
        return (
            f"Slack{where} refused the bot token ({error})",
            "check SLACK_BOT_TOKEN: copy the Bot User OAuth Token (xoxb-...) from your Slack "
            "app's OAuth & Permissions page; reinstall the app if the token was revoked",
        )
    if error == "ratelimited" or status == 429:
        return f"Slack{where} is rate limiting requests (429)", "wait a minute and run again"
    if status >= 500:
        return (
            f"the Slack API{where} answered {status}",
            "try again later; see https://slack-status.com",
        )
    # A non-JSON answer comes back as a long "Received a response in a non-JSON format" error.
    short = " ".join(error.split())[:_MAX_ERROR]
    return (
        f"the Slack API{where} refused auth.test ({status}: {short})",
        "check SLACK_API_URL: leave it unset for Slack itself, or give the base URL ending in "
        "/api/",
    )
