"""The journey model (DESIGN.md section 2) as SQLAlchemy 2 mapped classes."""

from core.model.api_token import ApiToken
from core.model.base import Base, Scoped, utcnow
from core.model.event import Event
from core.model.evidence import Evidence
from core.model.job_run import JobRun
from core.model.journey import Journey, JourneyPersona, Stage, Touchpoint
from core.model.kpi import Kpi, KpiValue
from core.model.link import Link
from core.model.pain_point import Opportunity, OpportunityPainPoint, PainPoint
from core.model.persona import Persona
from core.model.slack_install import slack_bots, slack_installations, slack_oauth_states
from core.model.webhook_delivery import WebhookDelivery
from core.model.workspace import Workspace

__all__ = [
    "ApiToken",
    "Base",
    "Event",
    "Evidence",
    "JobRun",
    "Journey",
    "JourneyPersona",
    "Kpi",
    "KpiValue",
    "Link",
    "Opportunity",
    "OpportunityPainPoint",
    "PainPoint",
    "Persona",
    "Scoped",
    "Stage",
    "Touchpoint",
    "WebhookDelivery",
    "Workspace",
    "slack_bots",
    "slack_installations",
    "slack_oauth_states",
    "utcnow",
]
