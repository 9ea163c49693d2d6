"""A journey as one Confluence page: storage-format body, image attachments, fingerprint.

``render_page`` is a pure function of a ``JourneyView`` and ``PageInputs`` (the few
things the view does not hold, gathered by ``page_inputs``), so the same journey always
gives the same bytes. The sync compares ``RenderedPage.fingerprint`` with the one stored
on the page and writes nothing when they match.

Safety: the template is rendered with autoescape on, user text is never marked safe and
never placed in CDATA, links only carry http(s) URLs, and characters XML 1.0 forbids are
removed from the output, so whatever a pain point or a Slack message says shows on the
page as text and the body is always well-formed XML.
"""

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from core.emotion_chart import emotion_curve_png, emotion_curve_svg, shorten
from core.enums import PainStatus, RecordType
from core.model import Evidence, Kpi, Link, Opportunity, PainPoint, Stage, Touchpoint
from core.services.journey_view import JourneyView, PainPointView, TouchpointView
from core.services.ticket_volume import StepVolume, step_volumes
from core.store import UnitOfWork
from templates import environment

TEMPLATE_VERSION = "3"
"""Bumped whenever the template's output changes, so every page is rewritten once."""

TEMPLATE = "confluence/journey.xml.j2"
TITLE_SUFFIX = " · journey map"
MAX_TITLE = 255  # Confluence refuses longer page titles
QUOTE_CHARS = 300
TICKET_WEEKS = 4  # the weeks of ticket volume a page shows per step, this one included
EVIDENCE_SHOWN = 5  # per pain point; the rest are counted, the page stays readable
JIRA_KINDS = ("issue", "epic")  # an epic is a Jira issue too; the jira macro shows both
OPEN_STATUSES = (PainStatus.OPEN.value, PainStatus.IN_PROGRESS.value)
IMPACT_ORDER = {"abandon": 0, "workaround": 1, "trivial": 2}

IMPACT_COLOUR = {"abandon": "Red", "workaround": "Yellow", "trivial": "Grey"}
PAIN_STATUS_COLOUR = {
    "open": "Red",
    "in_progress": "Blue",
    "fix_shipped": "Purple",
    "resolved": "Green",
    "wont_fix": "Grey",
}
OPPORTUNITY_STATUS_COLOUR = {
    "idea": "Grey",
    "planned": "Blue",
    "in_progress": "Yellow",
    "done": "Green",
    "dropped": "Grey",
}
CONFIDENCE_COLOUR = {"assumption": "Grey", "evidenced": "Blue", "validated": "Green"}
JOURNEY_STATUS_COLOUR = {"draft": "Grey", "active": "Green", "archived": "Grey"}
EMOTION_FACE = {2: "😄", 1: "🙂", 0: "😐", -1: "🙁", -2: "😣"}

# See core.emotion_chart: XML 1.0 forbids these even as character references.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class JiraIssue(NamedTuple):
    key: str
    url: str | None


class OpenPainPoint(NamedTuple):
    """A pain point of the current-state journey a future-state map improves."""

    title: str
    impact: str
    status: str


class KpiLine(NamedTuple):
    name: str
    where: str
    unit: str | None
    target: float | None
    direction: str
    latest: float | None
    observed_on: date | None


@dataclass(frozen=True)
class PageInputs:
    """What the page shows besides the ``JourneyView``; see ``page_inputs``.

    Attributes:
        workspace_key: the workspace, named in the footer.
        source_hint: where the source lives, e.g. ``journeyops export ecommerce-checkout``.
        improves_key, improves_title: the current-state journey a future-state map improves.
        improves_open_pain_points: that journey's open pain points, most severe first.
        jira_issues: per opportunity id, its linked Jira issues in link order.
        kpis: the journey's KPIs in map order.
        embed_url: the journey's share link on the web map (``core.share_links``), when
            JOURNEYOPS_PUBLIC_URL and JOURNEYOPS_SECRET_KEY are set.
        tickets: the steps with ticket rules, with their tickets per week (the last
            ``TICKET_WEEKS``, this one included), in map order.
    """

    workspace_key: str
    source_hint: str
    improves_key: str | None = None
    improves_title: str | None = None
    improves_open_pain_points: tuple[OpenPainPoint, ...] = ()
    jira_issues: Mapping[int, tuple[JiraIssue, ...]] = field(default_factory=dict)
    kpis: tuple[KpiLine, ...] = ()
    embed_url: str | None = None
    tickets: tuple[StepVolume, ...] = ()


@dataclass(frozen=True)
class EmotionImage:
    """The emotion curve a page shows: SVG bytes now, the PNG drawn only when asked for.

    Both files draw the same data, so the SVG's hash stands for the pair: the sync uploads
    them (and draws the PNG, most of a page's rendering time) only when it changed.
    """

    svg_name: str
    png_name: str
    svg: bytes
    steps: tuple[tuple[str, int | None], ...]
    title: str
    stages: tuple[tuple[str, int], ...]

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.svg).hexdigest()

    def png(self) -> bytes:
        return emotion_curve_png(list(self.steps), title=self.title, stages=self.stages)

    def files(self) -> dict[str, bytes]:
        """File name to bytes, SVG and PNG."""
        return {self.svg_name: self.svg, self.png_name: self.png()}


@dataclass(frozen=True)
class RenderedPage:
    title: str
    body: str
    image: EmotionImage
    fingerprint: str

    @property
    def attachments(self) -> dict[str, bytes]:
        """The files the body refers to (draws the PNG: use ``image.digest`` to compare)."""
        return self.image.files()


# The presentation model: what the template walks, with every decision already made.


@dataclass(frozen=True)
class StepCell:
    number: int
    touchpoint: Touchpoint
    view: TouchpointView
    emotion: str


@dataclass(frozen=True)
class EvidenceItem:
    quote: str
    byline: str
    url: str | None
    link_label: str


@dataclass(frozen=True)
class PainRow:
    view: PainPointView
    where: str
    evidence: tuple[EvidenceItem, ...]
    more_evidence: int


@dataclass(frozen=True)
class OpportunityRow:
    opportunity: Opportunity
    addresses: tuple[PainPoint, ...]
    jira: tuple[JiraIssue, ...]


@dataclass(frozen=True)
class StageColumn:
    number: int
    stage: Stage
    steps: tuple[StepCell, ...]
    pain_points: tuple[PainRow, ...]
    opportunities: tuple[Opportunity, ...]


@dataclass(frozen=True)
class KpiRow:
    line: KpiLine
    target: str
    latest: str
    verdict: str
    colour: str


def page_title(journey_title: str) -> str:
    """The Confluence page title of a journey: ``"<title> · journey map"``.

    Titles are unique per space. The suffix keeps a map page from colliding with a
    hand-written page about the same topic (a "Mobile checkout" spec, say) and tells
    readers what they are looking at. The journey key is not appended: keys are for
    machines, and the sync finds our pages by label and content property, not by title.
    Two journeys of one workspace with the same title would still collide; the sync
    reports that conflict rather than this function hiding it with a key nobody reads.
    Titles are cut to Confluence's 255-character limit.
    """
    room = MAX_TITLE - len(TITLE_SUFFIX)
    return shorten(journey_title, room) + TITLE_SUFFIX


def attachment_names(journey_key: str) -> tuple[str, str]:
    """The (SVG, PNG) attachment file names of a journey's emotion curve."""
    return f"emotion-curve-{journey_key}.svg", f"emotion-curve-{journey_key}.png"


def _safe_url(url: str | None) -> str | None:
    # Escaping keeps a URL from breaking the XML but not from being javascript:; only
    # web links become hrefs, anything else stays visible as text.
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None


def _emotion_text(touchpoint: Touchpoint) -> str:
    if touchpoint.emotion is None:
        return "? · not yet known"
    level = f"{touchpoint.emotion:+d}" if touchpoint.emotion else "0"
    face = EMOTION_FACE.get(touchpoint.emotion, "")
    reason = f" · {touchpoint.emotion_reason}" if touchpoint.emotion_reason else ""
    return f"{face} {level}{reason}".strip()


def _evidence_item(evidence: Evidence) -> EvidenceItem:
    origin = evidence.source or evidence.kind.replace("_", " ")
    parts = [evidence.author or "unknown author", evidence.kind.replace("_", " ")]
    if evidence.source:
        parts.append(evidence.source)
    parts.append(evidence.captured_at.date().isoformat())
    return EvidenceItem(
        quote=shorten(evidence.text or evidence.note or "", QUOTE_CHARS),
        byline=" · ".join(parts),
        url=_safe_url(evidence.permalink),
        link_label=f"Open in {origin[:1].upper()}{origin[1:]}",
    )


def _number(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.2f}".rstrip("0")


def _with_unit(value: float, unit: str | None) -> str:
    if not unit:
        return _number(value)
    return f"{_number(value)}{unit}" if unit == "%" else f"{_number(value)} {unit}"


def _kpi_row(line: KpiLine) -> KpiRow:
    better = "≥" if line.direction != "lower_is_better" else "≤"
    target = "—" if line.target is None else f"{better} {_with_unit(line.target, line.unit)}"
    if line.latest is None:
        return KpiRow(line, target, "no observation yet", "no data", "Grey")
    latest = _with_unit(line.latest, line.unit)
    if line.observed_on is not None:
        latest += f" ({line.observed_on.isoformat()})"
    if line.target is None:
        return KpiRow(line, target, latest, "no target", "Grey")
    on_target = (
        line.latest <= line.target
        if line.direction == "lower_is_better"
        else line.latest >= line.target
    )
    return KpiRow(
        line, target, latest, *(("on target", "Green") if on_target else ("off target", "Red"))
    )


def _where(view: JourneyView, pain_point: PainPoint, numbers: dict[int, int]) -> str:
    stage = next(s for s in view.journey.stages if s.id == pain_point.stage_id)
    if pain_point.touchpoint_id is None:
        return f"{stage.name} (whole stage)"
    step = view.touchpoints[pain_point.touchpoint_id].touchpoint
    return f"{stage.name} / {numbers[step.id]}. {step.name}"


def page_model(view: JourneyView, inputs: PageInputs) -> dict[str, object]:
    """The presentation model a journey template walks (the Confluence page, the web map):
    numbered stage columns, ranked pain rows with their evidence, opportunities with their
    Jira issues, KPI verdicts, with every decision already made."""
    journey = view.journey
    numbers: dict[int, int] = {}
    for stage in journey.stages:
        for touchpoint in stage.touchpoints:
            numbers[touchpoint.id] = len(numbers) + 1
    rows = [
        PainRow(
            pv,
            _where(view, pv.pain_point, numbers),
            tuple(_evidence_item(e) for e in pv.evidence[:EVIDENCE_SHOWN]),
            max(0, len(pv.evidence) - EVIDENCE_SHOWN),
        )
        for pv in view.pain_points
    ]
    opportunities = [
        OpportunityRow(
            o,
            tuple(a.pain_point for a in o.addresses),
            inputs.jira_issues.get(o.id, ()),
        )
        for o in view.opportunities
    ]
    columns = []
    for index, stage in enumerate(journey.stages, start=1):
        stage_pains = {r.view.pain_point.id for r in rows if r.view.pain_point.stage_id == stage.id}
        columns.append(
            StageColumn(
                index,
                stage,
                tuple(
                    StepCell(numbers[t.id], t, view.touchpoints[t.id], _emotion_text(t))
                    for t in stage.touchpoints
                ),
                tuple(r for r in rows if r.view.pain_point.id in stage_pains),
                tuple(
                    row.opportunity
                    for row in opportunities
                    if any(p.id in stage_pains for p in row.addresses)
                ),
            )
        )
    svg_name, png_name = attachment_names(journey.key)
    return {
        "j": journey,
        "view": view,
        "inputs": inputs,
        "columns": columns,
        "pain_rows": rows,
        "opportunities": opportunities,
        "kpis": [_kpi_row(line) for line in inputs.kpis],
        "svg_name": svg_name,
        "png_name": png_name,
        "improved_page_title": page_title(inputs.improves_title or ""),
        "template_version": TEMPLATE_VERSION,
        "colour": {
            "impact": IMPACT_COLOUR,
            "pain_status": PAIN_STATUS_COLOUR,
            "opportunity": OPPORTUNITY_STATUS_COLOUR,
            "confidence": CONFIDENCE_COLOUR,
            "journey": JOURNEY_STATUS_COLOUR,
        },
    }


def curve_steps(view: JourneyView) -> list[tuple[str, int | None]]:
    """The emotion curve's points: ``"<n>. <step name>"`` and its emotion, in map order."""
    steps: list[tuple[str, int | None]] = []
    for stage in view.journey.stages:
        for touchpoint in stage.touchpoints:
            steps.append((f"{len(steps) + 1}. {touchpoint.name}", touchpoint.emotion))
    return steps


def emotion_image(view: JourneyView) -> EmotionImage:
    """The journey's emotion curve: the SVG drawn, the PNG drawn when asked for.

    Raises:
        ValueError: a step's emotion lies outside -2..+2.
    """
    journey = view.journey
    steps = curve_steps(view)
    stages = tuple((s.name, len(s.touchpoints)) for s in journey.stages)
    chart_title = f"Emotion curve · {journey.title}"
    svg_name, png_name = attachment_names(journey.key)
    return EmotionImage(
        svg_name,
        png_name,
        emotion_curve_svg(steps, title=chart_title, stages=stages).encode(),
        tuple(steps),
        chart_title,
        stages,
    )


def fingerprint(body: str, image: EmotionImage) -> str:
    """sha256 hex of the template version, the body and the emotion curve's files.

    The PNG is drawn from the same data as the SVG (and its drawing code is covered by
    the template version), so the SVG's hash stands for both. NUL separators keep
    different splits of the same characters from hashing alike.
    """
    digest = hashlib.sha256()
    digest.update(TEMPLATE_VERSION.encode() + b"\0" + body.encode())
    for name in (image.svg_name, image.png_name):
        digest.update(b"\0" + name.encode())
    digest.update(b"\0" + image.digest.encode())
    return digest.hexdigest()


def render_page(view: JourneyView, inputs: PageInputs) -> RenderedPage:
    """Render ``view`` as a Confluence page in storage format, with its emotion curve.

    Args:
        view: the journey as of a given time (``journey_view``); pass a fixed ``now``
            there to get the same bytes twice, since scores decay with time.
        inputs: what the page needs besides the view (``page_inputs``).

    Returns:
        The page title, the storage-format body (a fragment using the undeclared
        ``ac:``/``ri:`` prefixes, as Confluence stores it), the emotion curve the body
        refers to (SVG drawn, PNG on demand), and the fingerprint of all of them.

    Raises:
        jinja2.TemplateError: the template is broken (a bug, not a data problem).
        ValueError: a step's emotion lies outside -2..+2.
    """
    journey = view.journey
    body = environment().get_template(TEMPLATE).render(page_model(view, inputs))
    body = _XML_FORBIDDEN.sub("", body)
    image = emotion_image(view)
    return RenderedPage(
        title=page_title(journey.title),
        body=body,
        image=image,
        fingerprint=fingerprint(body, image),
    )


def _kpi_lines(uow: UnitOfWork, view: JourneyView) -> tuple[KpiLine, ...]:
    journey = view.journey
    stage_order = {s.id: (i, s.name) for i, s in enumerate(journey.stages)}
    step_order: dict[int, tuple[int, int, str]] = {}
    for stage_index, stage in enumerate(journey.stages):
        for touchpoint in stage.touchpoints:
            step_order[touchpoint.id] = (stage_index, len(step_order) + 1, touchpoint.name)
    kpis = uow.session.scalars(
        select(Kpi).where(Kpi.journey_id == journey.id).options(selectinload(Kpi.values))
    )
    ordered: list[tuple[tuple[int, int, int, int], KpiLine]] = []
    for kpi in kpis:
        if kpi.touchpoint_id is not None and kpi.touchpoint_id in step_order:
            stage_index, number, name = step_order[kpi.touchpoint_id]
            where, sort = f"{number}. {name}", (stage_index, number)
        elif kpi.stage_id is not None and kpi.stage_id in stage_order:
            stage_index, where = stage_order[kpi.stage_id]
            sort = (stage_index, 0)
        else:
            where, sort = "whole journey", (-1, 0)
        latest = kpi.values[-1] if kpi.values else None
        line = KpiLine(
            kpi.name,
            where,
            kpi.unit,
            kpi.target,
            kpi.direction,
            latest.value if latest else None,
            latest.observed_on if latest else None,
        )
        ordered.append(((*sort, kpi.position, kpi.id), line))
    return tuple(line for _, line in sorted(ordered, key=lambda pair: pair[0]))


def page_inputs(
    uow: UnitOfWork, view: JourneyView, *, source_hint: str, embed_url: str | None = None
) -> PageInputs:
    """Gather from the store what ``render_page`` needs besides ``view``.

    Reads the Jira links of the opportunities in one query, the KPIs with their values,
    the ticket volume of the steps with ticket rules (one query), and, for a future-state
    map, the journey it improves and that journey's open pain points (open or in
    progress; the most severe impact first, then map order).

    Args:
        uow: the unit of work the view was read in.
        view: the journey, from ``journey_view``.
        source_hint: where the journey's source lives, shown in the footer.
        embed_url: the journey's share link on the web map, or None.
    """
    journey = view.journey
    opportunity_ids = [o.id for o in view.opportunities]
    jira: dict[int, list[JiraIssue]] = {}
    if opportunity_ids:
        for link in uow.session.scalars(
            select(Link)
            .where(
                Link.record_type == RecordType.OPPORTUNITY.value,
                Link.record_id.in_(opportunity_ids),
                Link.system == "jira",
                Link.kind.in_(JIRA_KINDS),
            )
            .order_by(Link.record_id, Link.id)
        ):
            jira.setdefault(link.record_id, []).append(JiraIssue(link.external_id, link.url))
    improved = journey.improves if journey.improves_id is not None else None
    open_pain_points: tuple[OpenPainPoint, ...] = ()
    if improved is not None:
        rows = uow.session.scalars(
            select(PainPoint).where(
                PainPoint.journey_id == improved.id, PainPoint.status.in_(OPEN_STATUSES)
            )
        )
        open_pain_points = tuple(
            OpenPainPoint(p.title, p.impact, p.status)
            for p in sorted(rows, key=lambda p: (IMPACT_ORDER.get(p.impact, 9), p.position, p.id))
        )
    return PageInputs(
        workspace_key=uow.workspace.key,
        source_hint=source_hint,
        improves_key=improved.key if improved else None,
        improves_title=improved.title if improved else None,
        improves_open_pain_points=open_pain_points,
        jira_issues={key: tuple(issues) for key, issues in jira.items()},
        kpis=_kpi_lines(uow, view),
        embed_url=embed_url,
        tickets=tuple(step_volumes(uow, journey, weeks=TICKET_WEEKS)),
    )
