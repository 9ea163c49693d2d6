"""The sandbox's in-memory Confluence: spaces, pages, labels, properties, attachments.

Every public method takes ``self.lock`` (re-entrant), so request threads can share one
state. The request log and the violations list are read and cleared by tests.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sandbox.common.journal import RecordedRequest, RequestJournal
from sandbox.confluence.errors import ConfluenceError

__all__ = ["RecordedRequest", "SandboxState"]

SANDBOX_USER = "557058:sandbox-user"
KINDS = ("read", "page_write", "attachment_write", "label_write", "property_write", "other_write")


def now_iso() -> str:
    """The current time the way Confluence writes it (UTC, milliseconds, ``Z``)."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass
class Space:
    key: str
    id: str
    name: str
    homepage_id: str | None = None


@dataclass
class Version:
    number: int
    message: str = ""
    author: str = SANDBOX_USER
    when: str = field(default_factory=now_iso)
    minor_edit: bool = False


@dataclass
class ContentProperty:
    id: str
    key: str
    value: Any
    version: Version


@dataclass
class Attachment:
    id: str
    page_id: str
    title: str
    media_type: str
    data: bytes
    version: Version
    comment: str = ""


@dataclass
class Page:
    id: str
    title: str
    space_key: str
    parent_id: str | None
    body: str
    version: Version
    status: str = "current"
    created_at: str = field(default_factory=now_iso)
    labels: list[str] = field(default_factory=list)
    properties: dict[str, ContentProperty] = field(default_factory=dict)
    attachments: dict[str, Attachment] = field(default_factory=dict)


class SandboxState(RequestJournal):
    """All of the sandbox's Confluence data plus what it has been asked (``RequestJournal``:
    ``requests``, ``violations``, ``counts()``, ``clear_requests()``)."""

    def __init__(self, *, space_key: str = "CX", space_id: str = "98306") -> None:
        super().__init__(KINDS)
        self.spaces: dict[str, Space] = {}
        self.pages: dict[str, Page] = {}
        self._next_id = 65537
        space = self.add_space(space_key, space_id, f"{space_key} space")
        home = self.create_page(space_key, f"{space_key} Home", "<p>Home</p>", None)
        space.homepage_id = home.id
        self.journeys_page = self.create_page(
            space_key, "Journeys", "<p>Customer journeys.</p>", home.id
        )

    # -- ids, spaces -------------------------------------------------------------------
    def new_id(self) -> str:
        with self.lock:
            self._next_id += 1
            return str(self._next_id)

    def add_space(self, key: str, space_id: str, name: str) -> Space:
        with self.lock:
            space = Space(key=key, id=space_id, name=name)
            self.spaces[key] = space
            return space

    def space_by_id(self, space_id: str) -> Space | None:
        with self.lock:
            return next((s for s in self.spaces.values() if s.id == space_id), None)

    # -- pages ---------------------------------------------------------------------------
    def page(self, page_id: str) -> Page:
        """The live page with that id; 404 when missing or deleted."""
        with self.lock:
            page = self.pages.get(page_id)
            if page is None or page.status == "deleted":
                raise ConfluenceError(404, f"No content found with id: ContentId{{id={page_id}}}")
            return page

    def find_pages(self, space_key: str | None, title: str | None) -> list[Page]:
        with self.lock:
            return [
                p
                for p in self.pages.values()
                if p.status == "current"
                and (space_key is None or p.space_key == space_key)
                and (title is None or p.title == title)
            ]

    def ancestors(self, page: Page) -> list[Page]:
        """Root first, like Confluence's ``ancestors``."""
        with self.lock:
            chain: list[Page] = []
            parent_id = page.parent_id
            while parent_id is not None and parent_id in self.pages:
                parent = self.pages[parent_id]
                chain.insert(0, parent)
                parent_id = parent.parent_id
            return chain

    def _check_title_free(self, space_key: str, title: str, page_id: str | None) -> None:
        for other in self.find_pages(space_key, title):
            if other.id != page_id:
                raise ConfluenceError(
                    400,
                    "A page with this title already exists: A page already exists with the "
                    f"same TITLE in this space (title: {title})",
                )

    def create_page(
        self,
        space_key: str,
        title: str,
        body: str,
        parent_id: str | None,
        *,
        message: str = "",
        status: str = "current",
    ) -> Page:
        """A new page at version 1; 400 on an unknown space or a title taken in the space."""
        with self.lock:
            if space_key not in self.spaces:
                raise ConfluenceError(400, f"No space with key : {space_key}")
            if not title:
                raise ConfluenceError(400, "Title is required")
            if parent_id is not None:
                parent = self.page(parent_id)
                if parent.space_key != space_key:
                    raise ConfluenceError(400, "Parent page is in another space")
            elif self.spaces[space_key].homepage_id:
                parent_id = self.spaces[space_key].homepage_id
            self._check_title_free(space_key, title, None)
            page = Page(
                id=self.new_id(),
                title=title,
                space_key=space_key,
                parent_id=parent_id,
                body=body,
                version=Version(1, message),
                status=status,
            )
            self.pages[page.id] = page
            return page

    def update_page(
        self,
        page_id: str,
        *,
        title: str,
        body: str | None,
        version: int,
        message: str = "",
        status: str = "current",
        parent_id: str | None = None,
        minor_edit: bool = False,
    ) -> Page:
        """Replace title/body; 409 unless ``version`` is the current number plus one."""
        with self.lock:
            page = self.page(page_id)
            if version != page.version.number + 1:
                raise ConfluenceError(
                    409,
                    "Version must be incremented on update. Current version is: "
                    f"{page.version.number}",
                )
            self._check_title_free(page.space_key, title, page.id)
            if parent_id is not None:
                self.page(parent_id)
                page.parent_id = parent_id
            page.title = title
            if body is not None:
                page.body = body
            page.status = status
            page.version = Version(version, message, minor_edit=minor_edit)
            return page

    def delete_page(self, page_id: str) -> None:
        with self.lock:
            self.page(page_id).status = "deleted"

    # -- labels --------------------------------------------------------------------------
    def add_labels(self, page_id: str, names: list[str]) -> Page:
        with self.lock:
            page = self.page(page_id)
            for name in names:
                name = name.strip().lower()
                if not name or " " in name:
                    raise ConfluenceError(400, f"Invalid label name: {name!r}")
                if name not in page.labels:
                    page.labels.append(name)
            return page

    def remove_label(self, page_id: str, name: str) -> None:
        with self.lock:
            page = self.page(page_id)
            if name not in page.labels:
                raise ConfluenceError(404, f"Label {name} not found on content {page_id}")
            page.labels.remove(name)

    # -- content properties --------------------------------------------------------------
    def property_by_key(self, page_id: str, key: str) -> ContentProperty:
        with self.lock:
            prop = self.page(page_id).properties.get(key)
            if prop is None:
                raise ConfluenceError(404, f"Cannot find content property with key: {key}")
            return prop

    def property_by_id(self, page_id: str, prop_id: str) -> ContentProperty:
        with self.lock:
            for prop in self.page(page_id).properties.values():
                if prop.id == prop_id:
                    return prop
            raise ConfluenceError(404, f"Cannot find content property with id: {prop_id}")

    def create_property(self, page_id: str, key: str, value: Any) -> ContentProperty:
        with self.lock:
            page = self.page(page_id)
            if not key:
                raise ConfluenceError(400, "Property key is required")
            if key in page.properties:
                raise ConfluenceError(
                    400, f"Cannot create property, a property with key '{key}' already exists"
                )
            prop = ContentProperty(self.new_id(), key, value, Version(1))
            page.properties[key] = prop
            return prop

    def update_property(
        self, prop: ContentProperty, value: Any, version: int, message: str = ""
    ) -> ContentProperty:
        """New value; 409 unless ``version`` is the current number plus one."""
        with self.lock:
            if version != prop.version.number + 1:
                raise ConfluenceError(
                    409,
                    f"Version mismatch for property '{prop.key}': current version is "
                    f"{prop.version.number}, expected {prop.version.number + 1}",
                )
            prop.value = value
            prop.version = Version(version, message)
            return prop

    def delete_property(self, page_id: str, prop: ContentProperty) -> None:
        with self.lock:
            self.page(page_id).properties.pop(prop.key, None)

    # -- attachments ---------------------------------------------------------------------
    def attachment(self, page_id: str, attachment_id: str) -> Attachment:
        with self.lock:
            for att in self.page(page_id).attachments.values():
                if att.id == attachment_id:
                    return att
            raise ConfluenceError(404, f"No attachment with id {attachment_id}")

    def attachment_anywhere(self, attachment_id: str) -> Attachment | None:
        with self.lock:
            for page in self.pages.values():
                for att in page.attachments.values():
                    if att.id == attachment_id:
                        return att
            return None

    def add_attachment(
        self, page_id: str, title: str, media_type: str, data: bytes, comment: str = ""
    ) -> Attachment:
        """A new attachment; 400 when the page already has one with that file name."""
        with self.lock:
            page = self.page(page_id)
            if title in page.attachments:
                raise ConfluenceError(
                    400,
                    "Cannot add a new attachment with same file name as an existing object. "
                    "Try updating instead.",
                )
            att = Attachment(
                "att" + self.new_id(), page_id, title, media_type, data, Version(1), comment
            )
            page.attachments[title] = att
            return att

    def update_attachment_data(
        self, att: Attachment, media_type: str, data: bytes, comment: str = ""
    ) -> Attachment:
        with self.lock:
            att.data = data
            att.media_type = media_type
            att.comment = comment
            att.version = Version(att.version.number + 1, comment)
            return att
