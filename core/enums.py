"""The closed vocabularies of the journey model (DESIGN.md section 2).

Values are stored as plain strings; these enums are the single list of what is allowed,
shared by the services, the JSON Schema of journey files and the CLI.
"""

from enum import StrEnum


class JourneyType(StrEnum):
    CURRENT_STATE = "current_state"
    FUTURE_STATE = "future_state"
    DAY_IN_THE_LIFE = "day_in_the_life"
    SERVICE_BLUEPRINT = "service_blueprint"


class JourneyStatus(StrEnum):
    DRAFT = "draft"
    ACTIVE = "active"
    ARCHIVED = "archived"


class Channel(StrEnum):
    WEB = "web"
    APP = "app"
    EMAIL = "email"
    PHONE = "phone"
    CHAT = "chat"
    SOCIAL = "social"
    STORE = "store"
    MAIL = "mail"
    IN_PERSON = "in_person"
    PARTNER = "partner"
    OTHER = "other"


class Lane(StrEnum):
    FRONTSTAGE = "frontstage"
    BACKSTAGE = "backstage"
    SUPPORT = "support"


class Impact(StrEnum):
    TRIVIAL = "trivial"
    WORKAROUND = "workaround"
    ABANDON = "abandon"


class PainCategory(StrEnum):
    CUSTOMER = "customer"
    STAFF = "staff"
    TECHNOLOGY = "technology"


class PainStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    FIX_SHIPPED = "fix_shipped"
    RESOLVED = "resolved"
    WONT_FIX = "wont_fix"


class OpportunityStatus(StrEnum):
    IDEA = "idea"
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"


class EvidenceKind(StrEnum):
    SLACK_THREAD = "slack_thread"
    SLACK_MESSAGE = "slack_message"
    TICKET = "ticket"
    CONVERSATION = "conversation"
    INTERVIEW = "interview"
    SURVEY = "survey"
    ANALYTICS = "analytics"
    DOCUMENT = "document"
    OBSERVATION = "observation"


class KpiDirection(StrEnum):
    HIGHER_IS_BETTER = "higher_is_better"
    LOWER_IS_BETTER = "lower_is_better"


class Origin(StrEnum):
    """Where a change came from; sync never sends a change back to its origin."""

    CLI = "cli"
    SLACK = "slack"
    JIRA = "jira"
    CONFLUENCE = "confluence"
    IMPORT = "import"
    API = "api"
    SCHEDULER = "scheduler"


class Confidence(StrEnum):
    ASSUMPTION = "assumption"
    EVIDENCED = "evidenced"
    VALIDATED = "validated"


class RecordType(StrEnum):
    """Records an outside object or an event can point at."""

    WORKSPACE = "workspace"
    PERSONA = "persona"
    JOURNEY = "journey"
    STAGE = "stage"
    TOUCHPOINT = "touchpoint"
    PAIN_POINT = "pain_point"
    OPPORTUNITY = "opportunity"
    EVIDENCE = "evidence"
    KPI = "kpi"
