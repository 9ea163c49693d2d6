"""Slack: the Bolt app, its listeners and message builders (DESIGN.md section 1)."""
