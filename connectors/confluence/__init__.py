"""Confluence: Cloud through REST v2 (v1 where v2 has no endpoint), Data Center through v1.

See DESIGN.md section 7 for which endpoints each deployment speaks.
"""
