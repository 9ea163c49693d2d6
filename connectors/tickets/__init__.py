"""Support tickets and conversations linked to touchpoints by rules (DESIGN.md flow 6).

A touchpoint's rules come from its journey file (``tickets:``): each names a ``source``
plus that source's query fields. Every provider is one folder implementing one interface:

    source.py        Ticket, TicketRule and the TicketSource protocol every provider implements
    provider.py      Provider: what a provider folder hands the registry (source, webhook, check)
    errors.py        what a source raises: RuleRefused (fix the rule), SourceFailed (retry later)
    registry.py      the providers, found by folder; TicketSources opens their sources
    http_retries.py  the httpx request loop (429 Retry-After, 5xx/time-out backoff)
    signatures.py    the HMAC checks providers sign webhooks with
    pull.py          pull_tickets: every rule of a workspace, as evidence
    arrivals.py      link_arrivals: the tickets a webhook delivered, by the rules they match
    jira/            Jira (Service Management): a JQL rule, through connectors.jira's client
    zendesk/         Zendesk: tags, custom fields, search text; ticket event webhooks
    intercom/        Intercom conversations: tags, a search filter; conversation webhooks

Adding a provider means adding its folder with a ``provider.py`` holding ``PROVIDER``,
and its rule fields in ``core/services/ticket_rules.py`` and the journey schema.
"""
