"""Slugs: the stable keys people type in Slack and file names."""

import re
import unicodedata
from collections.abc import Container

_NON_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str, max_length: int = 64) -> str:
    """Lower-case ASCII letters, digits and single dashes, at most ``max_length`` long.

    >>> slugify("Shipping cost shown too late!")
    'shipping-cost-shown-too-late'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = _NON_SLUG.sub("-", ascii_text.lower()).strip("-")
    return slug[:max_length].rstrip("-") or "item"


def free_slug(base: str, taken: Container[str]) -> str:
    """``base``, or ``base-2``, ``base-3`` ... the first that is not ``taken``.

    >>> free_slug("acme", {"acme", "acme-2"})
    'acme-3'
    """
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    return key
