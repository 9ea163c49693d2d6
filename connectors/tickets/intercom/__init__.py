"""Intercom conversations.

client.py         the httpx client (access token, Intercom-Version) and the status map
query.py          the Search API body a rule runs as (tags, its own query, created since)
conversations.py  an Intercom conversation as our Ticket (kind conversation)
source.py         IntercomTicketSource: a rule's conversations, page by page
webhook.py        verifying and reading Intercom's conversation webhooks
reachability.py   the `journeyops doctor` row
provider.py       PROVIDER: what the registry finds
"""
