"""Jira: Cloud through REST v3, Data Center through REST v2 (DESIGN.md section 7)."""
