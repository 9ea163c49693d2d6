"""Share links: signed, expiring URLs that open one journey's embed view without a login.

A share token (the ``share`` query parameter) is an itsdangerous
``URLSafeTimedSerializer`` token over ``{"w": workspace key, "j": journey key, "d": days
valid}``, signed with JOURNEYOPS_SECRET_KEY. It opens that one journey of that one
workspace (its embed view, its map page and its emotion curve) until ``issued + days``;
changing any character, or the secret key, makes it invalid. Tokens cannot be revoked
one by one: rotating the secret key ends every share link (and every login session).
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import quote

from itsdangerous import BadSignature, TimestampSigner, URLSafeTimedSerializer

from core.errors import BadInput

SALT = "journeyops.share.v1"
DEFAULT_DAYS = 90
MAX_DAYS = 3660


class ShareLinkRefused(BadInput):
    """A share token that opens nothing: tampered with, signed with another key, or
    malformed."""


class ShareLinkExpired(ShareLinkRefused):
    """A share token whose validity ran out; ``expired_at`` says when."""

    def __init__(self, message: str, expired_at: datetime) -> None:
        super().__init__(message)
        self.expired_at = expired_at


@dataclass(frozen=True)
class SharedJourney:
    """What a valid share token opens."""

    workspace: str
    journey: str
    expires_at: datetime


def _signer_at(moment: int | None) -> type[TimestampSigner]:
    """A signer stamping ``moment`` (seconds since the epoch) instead of the clock, so a
    page rendered for a given week carries the same link every time it is rendered."""
    if moment is None:
        return TimestampSigner
    pinned: int = moment

    class _Pinned(TimestampSigner):
        def get_timestamp(self) -> int:
            return pinned

    return _Pinned


@dataclass(frozen=True)
class ShareLinks:
    """Makes and reads share tokens and embed URLs.

    Args:
        secret_key: JOURNEYOPS_SECRET_KEY.
        public_url: JOURNEYOPS_PUBLIC_URL, the base URL people reach the server at.
    """

    secret_key: str
    public_url: str | None = None

    def _serializer(self, issued_at: datetime | None = None) -> URLSafeTimedSerializer:
        moment = int(issued_at.timestamp()) if issued_at is not None else None
        return URLSafeTimedSerializer(self.secret_key, salt=SALT, signer=_signer_at(moment))

    def token(
        self,
        workspace: str,
        journey_key: str,
        *,
        days: int = DEFAULT_DAYS,
        issued_at: datetime | None = None,
    ) -> str:
        """A token opening ``journey_key`` of ``workspace`` for ``days`` days from
        ``issued_at`` (now when None).

        Raises:
            BadInput: ``days`` is below 1 or over 3660.
        """
        if not 1 <= days <= MAX_DAYS:
            raise BadInput(f"a share link lasts 1 to {MAX_DAYS} days, not {days}")
        payload = {"w": workspace, "j": journey_key, "d": days}
        return str(self._serializer(issued_at).dumps(payload))

    def embed_url(
        self,
        workspace: str,
        journey_key: str,
        *,
        days: int = DEFAULT_DAYS,
        issued_at: datetime | None = None,
    ) -> str:
        """The full embed URL of ``journey_key``, on JOURNEYOPS_PUBLIC_URL.

        Raises:
            BadInput: no public URL is configured, or ``days`` is refused.
        """
        if not self.public_url:
            raise BadInput(
                "JOURNEYOPS_PUBLIC_URL is not set; set it to the base URL people reach "
                "`journeyops serve` at, e.g. https://journeyops.acme.com"
            )
        token = self.token(workspace, journey_key, days=days, issued_at=issued_at)
        base = self.public_url.rstrip("/")
        return f"{base}/journeys/{quote(journey_key, safe='')}/embed?share={token}"

    def read(self, token: str, *, now: datetime | None = None) -> SharedJourney:
        """What ``token`` opens.

        Raises:
            ShareLinkExpired: the token is genuine but its days ran out.
            ShareLinkRefused: the token is malformed, altered, or signed with another key.
        """
        try:
            payload, issued = self._serializer().loads(token, return_timestamp=True)
        except BadSignature as exc:
            raise ShareLinkRefused("this share link is not valid") from exc
        if not (
            isinstance(payload, dict)
            and isinstance(payload.get("w"), str)
            and isinstance(payload.get("j"), str)
            and isinstance(payload.get("d"), int)
        ):
            raise ShareLinkRefused("this share link is not valid")
        expires_at = issued.astimezone(UTC) + timedelta(days=payload["d"])
        if (now or datetime.now(UTC)) >= expires_at:
            raise ShareLinkExpired(f"this share link expired on {expires_at:%Y-%m-%d}", expires_at)
        return SharedJourney(payload["w"], payload["j"], expires_at)
