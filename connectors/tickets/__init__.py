"""Support tickets and conversations linked to touchpoints by rules (DESIGN.md flow 6).

A touchpoint's rules come from its journey file (``tickets:``): each names a ``source``
plus that source's query fields. Every source implements one interface:

    source.py     Ticket, TicketRule and the TicketSource protocol every provider implements
    errors.py     what a source raises: RuleRefused (fix the rule), SourceFailed (retry later)
    registry.py   the sources by name, built from the settings; TicketSources opens them
    pull.py       pull_tickets: every rule of a workspace, as evidence (kind ticket)
    jira_*.py     Jira (Service Management): a JQL rule, through connectors.jira's client

Adding a provider (Zendesk, Intercom) means its module(s) here, one entry in
``registry.FACTORIES`` and its rule shape in ``core/files/journey.schema.json``.
"""
