"""Zendesk Support tickets.

client.py        the httpx client (agent e-mail + API token) and the one status map
query.py         the Search API query a rule runs as (tags, custom fields, free text)
source.py        ZendeskTicketSource: a rule's tickets through the Search API
webhook.py       verifying and reading Zendesk's ticket event webhooks
reachability.py  the `journeyops doctor` row
provider.py      PROVIDER: what the registry finds
"""
