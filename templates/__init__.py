"""Jinja2 templates: confluence/ (storage format), web/ (HTML map), text/ (digests, Markdown).

Loaded through the package, so they work from a checkout and from an installed wheel.
"""

from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape


@cache
def environment() -> Environment:
    """The shared environment: autoescape on for HTML and XML, undefined names fail."""
    return Environment(
        loader=PackageLoader("templates", ""),
        autoescape=select_autoescape(
            ["html", "xml", "html.j2", "xml.j2", "svg.j2"], default_for_string=True
        ),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
