"""What Atlassian's products (Confluence, Jira) share: auth selection, and the mapping of HTTP
answers to fix-it messages.

It lives here so that ``connectors/confluence`` and ``connectors/jira`` never import each other.
"""
