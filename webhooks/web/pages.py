"""The map pages: ``/journeys`` (the list), ``/journeys/<key>`` (the map),
``/journeys/<key>/embed`` (the map without chrome, for Confluence's iframe) and the
emotion curve as ``/journeys/<key>.svg`` and ``.png``. See ``blueprint`` for who may
see them."""

from typing import Any

from flask import Response, url_for

from connectors.confluence.render import emotion_image
from core.enums import Origin
from core.errors import NotFound
from core.model import Journey
from core.services.journey_view import journey_view
from core.services.journeys import list_journeys
from core.services.lookup import journey_by_key
from core.store import UnitOfWork
from webhooks.access import request_unit
from webhooks.web.blueprint import render, web_pages
from webhooks.web.map_page import map_context
from webhooks.web.viewers import SHARE_PARAM, NotSignedIn, Viewer, journey_viewer, signed_in


def _journey(uow: UnitOfWork, key: str) -> Journey | None:
    try:
        return journey_by_key(uow, key)
    except NotFound:
        return None


def _not_found(key: str) -> tuple[str, int]:
    page = render(
        "web/error.html.j2",
        title="No such journey",
        message=f"There is no journey {key!r} here.",
        hint="The list of journeys is at /journeys.",
    )
    return page, 404


def _image_urls(key: str, viewer: Viewer) -> dict[str, str]:
    extra: dict[str, Any] = {SHARE_PARAM: viewer.share} if viewer.share else {}
    return {
        "svg_url": url_for("web.journey_svg", key=key, **extra),
        "png_url": url_for("web.journey_png", key=key, **extra),
    }


@web_pages.get("/journeys")
def journey_list() -> str:
    """Every journey of the workspace, for signed-in people."""
    with request_unit(Origin.API) as uow:
        viewer = signed_in(uow)
        if viewer is None:
            raise NotSignedIn()
        journeys = list_journeys(uow)
        return render("web/list.html.j2", journeys=journeys, workspace=uow.workspace)


def _map_page(key: str, *, embedded: bool) -> str | tuple[str, int]:
    with request_unit(Origin.API) as uow:
        viewer = journey_viewer(uow, key)
        journey = _journey(uow, key)
        if journey is None:
            return _not_found(key)
        return render(
            "web/embed.html.j2" if embedded else "web/map.html.j2",
            viewer=viewer,
            embedded=embedded,
            **map_context(uow, journey),
            **_image_urls(key, viewer),
        )


@web_pages.get("/journeys/<key>")
def journey_map(key: str) -> str | tuple[str, int]:
    """The journey map of ``key``: lens, grid, emotion curve, pain points, opportunities."""
    return _map_page(key, embedded=False)


@web_pages.get("/journeys/<key>/embed")
def journey_embed(key: str) -> str | tuple[str, int]:
    """The map of ``key`` without navigation, to sit in Confluence's iframe macro."""
    return _map_page(key, embedded=True)


def _image(key: str, png: bool) -> Response | tuple[str, int]:
    with request_unit(Origin.API) as uow:
        journey_viewer(uow, key)
        journey = _journey(uow, key)
        if journey is None:
            return _not_found(key)
        image = emotion_image(journey_view(uow, journey))
    if png:
        return Response(image.png(), mimetype="image/png")
    return Response(image.svg, mimetype="image/svg+xml")


@web_pages.get("/journeys/<key>.svg")
def journey_svg(key: str) -> Response | tuple[str, int]:
    """The emotion curve of ``key`` as SVG (the drawing the Confluence page attaches)."""
    return _image(key, png=False)


@web_pages.get("/journeys/<key>.png")
def journey_png(key: str) -> Response | tuple[str, int]:
    """The emotion curve of ``key`` as PNG."""
    return _image(key, png=True)
