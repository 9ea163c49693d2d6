"""What POST bodies may hold: pydantic models with the limits the store and the
services keep, so a refused value is a 422 naming the field, before anything changes."""

from datetime import UTC, datetime
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from core.enums import EvidenceKind, Impact, PainCategory
from core.services.evidence import MAX_SNAPSHOT_CHARS, EvidenceInput
from core.services.pain_points import MAX_TITLE

MAX_INT = 2_147_483_647  # the store's INTEGER


def _no_nul(value: str) -> str:
    # PostgreSQL cannot store NUL in text; say so instead of failing on write.
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    return value


def _utc_moment(value: datetime) -> datetime:
    # An offset at the calendar's edge (0001-01-01T00:00-01:00) has no UTC time.
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    try:
        return value.astimezone(UTC)
    except OverflowError:
        raise ValueError("is outside the years 1 to 9999 in UTC") from None


def _web_url(value: str) -> str:
    # Only web links become links on the map; anything else (javascript:) is refused.
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise ValueError("must be an http(s) URL")
    return _no_nul(value)


Text300 = Annotated[str, Field(max_length=300), AfterValidator(_no_nul)]
Key = Annotated[str, Field(min_length=1, max_length=80), AfterValidator(_no_nul)]


class EvidenceBody(BaseModel):
    """One piece of proof, as ``POST .../evidence`` (or a new pain point) takes it."""

    model_config = ConfigDict(extra="forbid")

    kind: EvidenceKind
    text: Annotated[str, Field(max_length=MAX_SNAPSHOT_CHARS), AfterValidator(_no_nul)]
    source: Annotated[str, Field(max_length=64), AfterValidator(_no_nul)] | None = None
    external_id: Text300 | None = None
    permalink: Annotated[str, Field(max_length=2000), AfterValidator(_web_url)] | None = None
    author: Annotated[str, Field(max_length=200), AfterValidator(_no_nul)] | None = None
    captured_at: Annotated[datetime, AfterValidator(_utc_moment)] | None = None
    note: Annotated[str, Field(max_length=5000), AfterValidator(_no_nul)] | None = None
    solicited: bool | None = None
    sentiment: Annotated[int, Field(ge=-2, le=2)] | None = None

    def proof(self, captured_by: str) -> EvidenceInput:
        """The service's input for this body, captured by ``captured_by``."""
        return EvidenceInput(
            kind=self.kind,
            text=self.text,
            source=self.source,
            external_id=self.external_id,
            permalink=self.permalink,
            author=self.author,
            captured_by=captured_by,
            captured_at=self.captured_at,
            note=self.note,
            solicited=self.solicited,
            sentiment=self.sentiment,
        )


class PainPointBody(BaseModel):
    """A new pain point, as ``POST /journeys/<key>/pain-points`` takes it: on a step
    (``touchpoint``) or a whole ``stage``, optionally with its first evidence."""

    model_config = ConfigDict(extra="forbid")

    title: Annotated[str, Field(min_length=1, max_length=MAX_TITLE), AfterValidator(_no_nul)]
    touchpoint: Key | None = None
    stage: Key | None = None
    impact: Impact = Impact.WORKAROUND
    category: PainCategory = PainCategory.CUSTOMER
    description: Annotated[str, Field(max_length=5000), AfterValidator(_no_nul)] | None = None
    customers_affected: Annotated[int, Field(ge=0, le=MAX_INT)] | None = None
    evidence: EvidenceBody | None = None
