"""Who may call a stand-in: the credential rules Atlassian Cloud and Data Center apply."""

from __future__ import annotations

import base64
import binascii
import hmac
from dataclasses import dataclass


def _same(given: str, expected: str) -> bool:
    # Bytes: compare_digest refuses str holding non-ASCII characters.
    return hmac.compare_digest(given.encode(), expected.encode())


@dataclass(frozen=True)
class Credentials:
    """Cloud: any account e-mail with ``api_token`` (Basic). Data Center: the personal
    access token ``pat`` (Bearer), or ``username``/``password`` (Basic) when both are set."""

    cloud: bool
    api_token: str
    pat: str
    username: str | None = None
    password: str | None = None

    def allow(self, authorization: str) -> bool:
        """Whether an ``Authorization`` header value carries valid credentials."""
        scheme, _, credentials = authorization.partition(" ")
        if scheme.lower() == "bearer" and not self.cloud:
            return _same(credentials.strip(), self.pat)
        if scheme.lower() != "basic":
            return False
        try:
            user, _, secret = base64.b64decode(credentials).decode().partition(":")
        except (ValueError, binascii.Error):
            return False
        if self.cloud:
            return bool(user) and _same(secret, self.api_token)
        if self.username is None or self.password is None:
            return False
        return _same(user, self.username) and _same(secret, self.password)
