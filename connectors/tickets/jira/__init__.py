"""Jira (Service Management) tickets: a rule's JQL, through ``connectors.jira``'s client.

query.py      the JQL a rule runs as (its condition, bounded by creation time)
source.py     JiraTicketSource: the tickets a rule matches
provider.py   PROVIDER: how the registry builds it (no webhook here: /webhooks/jira)
"""
