"""The journey core: model, store, services and derived figures.

``core`` knows no far system: it imports no Slack, Flask, Atlassian or HTTP library.
"""
