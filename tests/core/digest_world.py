"""A hand-built workspace for the digest tests: what stood before the period, and what
happened in it (on the clock: events are stamped when they are recorded, so the period
is placed around the moment the test runs and what came before is dated back).

The journey ``returns`` before the period (10 days before its start):

==========  ===================  ==========  ==============================  ==========
pain point  step                 impact      evidence                        status
==========  ===================  ==========  ==============================  ==========
A           start/returns-form   workaround  2 tickets, 2 people             open
B           refund/refund-mail   abandon     1 ticket                        open
C           refund/refund-mail   trivial     1 ticket; 1,000 customers       open
D           start/returns-form   trivial     1 ticket                        open
==========  ===================  ==========  ==============================  ==========

Ranked then: B, A, C (D is fixed in the period, so it leaves the ranking). In the
period: a new pain point E at start/label (no evidence); B gets an interview and an
analytics report (evidenced -> validated); C gets 5 fresh Slack messages (climbs above
A); Jira finishes the opportunity ``qr-code`` (D fix_shipped) and a thread answers
"fixed"; the label step's own evidence passes 90 days (gone stale); a KPI value is
recorded. ``quiet`` is active and nothing happens to it; ``old`` is archived.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml
from sqlalchemy import select, update

from core.enums import EvidenceKind, Origin
from core.model import Event, Evidence, Opportunity, PainPoint, utcnow
from core.services.delivery import apply_delivery_status
from core.services.digest import Period
from core.services.evidence import EvidenceInput, attach_evidence
from core.services.journey_files import import_journey_files
from core.services.kpis import record_kpi_value
from core.services.lookup import journey_by_key, touchpoint_by_key
from core.services.pain_points import log_pain_point
from core.store import Store

WORKSPACE = "test"


def _ticket(n: int, author: str, at: datetime) -> dict[str, Any]:
    return {
        "kind": "ticket",
        "source": "zendesk",
        "external_id": str(n),
        "author": author,
        "captured_at": at.isoformat(),
        "text": f"Ticket {n}",
    }


def returns_document(start: datetime, today: date) -> dict[str, Any]:
    old = start - timedelta(days=20)
    return {
        "key": "returns",
        "title": "Returning an online order",
        "type": "current_state",
        "status": "active",
        "persona": None,
        "owner": "Priya Raman",
        "review_cadence_days": 30,
        "last_reviewed": (today - timedelta(days=40)).isoformat(),
        "stages": [
            {
                "key": "start",
                "name": "Start the return",
                "touchpoints": [
                    {
                        "key": "returns-form",
                        "name": "Returns form",
                        "channel": "web",
                        "emotion": -1,
                        "tickets": [{"source": "jira", "jql": "project = SUP"}],
                    },
                    {
                        "key": "label",
                        "name": "Printing the label",
                        "channel": "web",
                        "emotion": 2,
                        "emotion_reason": "Done in a minute <!channel>",
                        "moment_of_truth": True,
                    },
                ],
            },
            {
                "key": "refund",
                "name": "Refund",
                "kpis": [
                    {
                        "key": "refund-days",
                        "name": "Days to refund",
                        "unit": "days",
                        "target": 5,
                        "direction": "lower_is_better",
                        "observed": [{"on": (today - timedelta(days=30)).isoformat(), "value": 12}],
                    }
                ],
                "touchpoints": [
                    {"key": "refund-mail", "name": "Refund mail", "channel": "email", "emotion": 1}
                ],
            },
        ],
        "pain_points": [
            {
                "key": "a-order-number",
                "title": "A: form asks for the order number",
                "touchpoint": "returns-form",
                "impact": "workaround",
                "evidence": [_ticket(1, "ann", old), _ticket(2, "bob", old)],
            },
            {
                "key": "b-slow-refund",
                "title": "B: refund takes two weeks",
                "touchpoint": "refund-mail",
                "impact": "abandon",
                "evidence": [_ticket(3, "cem", old)],
            },
            {
                "key": "c-no-tracking",
                "title": "C: no tracking of the parcel sent back",
                "touchpoint": "refund-mail",
                "impact": "trivial",
                "customers_affected": 1000,
                "evidence": [_ticket(4, "dan", old)],
            },
            {
                "key": "d-no-qr-code",
                "title": "D: no QR code for the drop-off",
                "touchpoint": "returns-form",
                "impact": "trivial",
                "evidence": [_ticket(5, "eve", old)],
            },
        ],
        "opportunities": [
            {"key": "lookup-by-email", "title": "Look the order up by e-mail",
             "addresses": ["a-order-number"]},
            {"key": "qr-code", "title": "QR code at the drop-off", "addresses": ["d-no-qr-code"]},
            {"key": "faster-refund", "title": "Refund on scan", "addresses": ["b-slow-refund"],
             "owner": "Sam"},
        ],
    }  # fmt: skip


def quiet_document(key: str, status: str) -> dict[str, Any]:
    return {
        "key": key,
        "title": f"The {key} journey",
        "type": "current_state",
        "status": status,
        "persona": None,
        "stages": [
            {
                "key": "s",
                "name": "S",
                "touchpoints": [{"key": "t", "name": "T", "channel": "web", "emotion": None}],
            }
        ],
        "pain_points": [],
        "opportunities": [],
    }


@dataclass(frozen=True)
class World:
    store: Store
    period: Period
    now: datetime


def build_world(store: Store, tmp_path: Path) -> World:
    """Import the journeys, date them back, then make the period's changes."""
    now = utcnow()
    start = now - timedelta(days=3)
    period = Period(start.astimezone(ZoneInfo("UTC")), now + timedelta(days=4), "UTC")
    files = []
    for name, doc in (
        ("returns", returns_document(start, now.date())),
        ("quiet", quiet_document("quiet", "active")),
        ("old", quiet_document("old", "archived")),
    ):
        path = tmp_path / f"{name}.yaml"
        path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
        files.append(path)
    with store.unit_of_work(WORKSPACE, origin=Origin.IMPORT) as uow:
        import_journey_files(uow, files)
    before = start - timedelta(days=10)
    with store.unit_of_work(WORKSPACE) as uow:
        journey = journey_by_key(uow, "returns")
        step = touchpoint_by_key(uow, journey, "label")
        # The label step's own evidence: 89 days old at the start, 92 at the end.
        attach_evidence(
            uow,
            step,
            EvidenceInput(
                EvidenceKind.OBSERVATION,
                "Printed fine",
                source="lookback",
                external_id="obs-1",
                captured_at=start - timedelta(days=89),
            ),
        )
        uow.session.flush()
        uow.session.execute(update(Event).values(at=before))
        uow.session.execute(update(Evidence).values(created_at=before))
        uow.session.execute(update(PainPoint).values(created_at=before))
    with store.unit_of_work(WORKSPACE, actor="slack:U1", origin=Origin.SLACK) as uow:
        log_pain_point(uow, "returns", "E: label printer needed", touchpoint_key="label")
        pains = {p.key[0]: p for p in uow.session.scalars(select(PainPoint))}
        for n, (kind, source, author) in enumerate(
            [("interview", "dovetail", "fay"), ("analytics", "looker", None)]
        ):
            attach_evidence(
                uow,
                pains["b"],
                EvidenceInput(EvidenceKind(kind), f"B {n}", source=source,
                              external_id=f"b{n}", author=author),
            )  # fmt: skip
        for n in range(5):
            attach_evidence(
                uow,
                pains["c"],
                EvidenceInput(EvidenceKind.SLACK_MESSAGE, f"C {n}", source="slack",
                              external_id=f"c{n}", author="gus"),
            )  # fmt: skip
        returns_form = journey_by_key(uow, "returns")
        tp = touchpoint_by_key(uow, returns_form, "returns-form")
        attach_evidence(
            uow,
            tp,
            EvidenceInput(EvidenceKind.TICKET, "Where is my order number?", source="jira",
                          external_id="SUP-1", captured_at=start),
        )  # fmt: skip
    with store.unit_of_work(WORKSPACE, actor="jira:acc", origin=Origin.JIRA) as uow:
        qr = uow.session.scalar(select(Opportunity).where(Opportunity.key == "qr-code"))
        assert qr is not None
        apply_delivery_status(uow, qr, "done", issue_key="CX-7")
    with store.unit_of_work(WORKSPACE, actor="slack:U2", origin=Origin.SLACK) as uow:
        pain_d = uow.session.scalar(select(PainPoint).where(PainPoint.key == "d-no-qr-code"))
        assert pain_d is not None
        attach_evidence(
            uow,
            pain_d,
            EvidenceInput(EvidenceKind.SURVEY, "Yes, fixed", source="slack",
                          external_id="C1:1.2:loop:1:U2", author="hal", solicited=True,
                          sentiment=1),
        )  # fmt: skip
        record_kpi_value(uow, "returns", "refund-days", now.date(), 9)
    return World(store, period, utcnow())
