"""HMAC checks of webhook bodies that ticket providers sign, in constant time."""

import base64
import hashlib
import hmac


def hmac_matches(expected: bytes | str, given: str | None) -> bool:
    """Whether ``given`` equals ``expected``, compared in constant time (ASCII only)."""
    if not given or not given.isascii():
        return False
    wanted = expected if isinstance(expected, str) else expected.decode("ascii")
    return hmac.compare_digest(wanted, given.strip())


def base64_hmac_sha256(secret: str, message: bytes) -> str:
    """base64(HMAC-SHA256(secret, message)), as Zendesk signs."""
    digest = hmac.new(secret.encode(), message, hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def hex_hmac_sha1(secret: str, message: bytes) -> str:
    """``sha1=<hex HMAC-SHA1>``, as Intercom signs (``X-Hub-Signature``)."""
    return "sha1=" + hmac.new(secret.encode(), message, hashlib.sha1).hexdigest()
