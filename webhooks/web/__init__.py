"""The web map: journey pages people present, print and embed in Confluence.

``web_pages`` is the blueprint ``create_app`` registers; importing this package loads
its routes (``pages``, ``login``).
"""

from webhooks.web import login, pages
from webhooks.web.blueprint import web_pages

__all__ = ["login", "pages", "web_pages"]
