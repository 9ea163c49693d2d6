"""Importing journey files as one all-or-nothing change, and exporting journeys."""

import logging
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from sqlalchemy import select

from core.files.problems import FileProblem, FileProblems, field_name
from core.files.reader import Document, expand_paths, read_documents
from core.files.validate import validate_batch, validate_document
from core.model import Journey
from core.services.journey_export import journey_document
from core.services.journey_import import (
    DocumentProblem,
    ImportOutcome,
    apply_journey_document,
)
from core.services.lookup import journey_by_key
from core.store import UnitOfWork

logger = logging.getLogger(__name__)
Progress = Callable[[str], None]


def _ignore(_: str) -> None:
    pass


def read_journey_files(paths: Iterable[Path], progress: Progress = _ignore) -> list[Document]:
    """Read and validate every journey in ``paths`` (files or folders).

    Raises:
        FileProblems: one entry per problem in any file, each naming file, line and field.
    """
    files, problems = expand_paths(list(paths))
    documents: list[Document] = []
    for file in files:
        docs, file_problems = read_documents(file)
        problems += file_problems
        for doc in docs:
            doc_problems = validate_document(doc)
            problems += doc_problems
            if not doc_problems:
                documents.append(doc)
        progress(str(file))
    if not problems:
        problems += validate_batch(documents)
    if problems:
        raise FileProblems(problems)
    return documents


def import_journey_files(
    uow: UnitOfWork, paths: Iterable[Path], progress: Progress = _ignore
) -> list[ImportOutcome]:
    """Create or update the journeys in ``paths`` by key, all or nothing.

    Every file is validated before anything is written; a journey that fails makes the
    whole import fail, and the caller's unit of work rolls back.

    Raises:
        FileProblems: what is wrong, by file, line and field; nothing was imported.
    """
    documents = read_journey_files(paths)
    # Apply first what others may name: a future-state map names the map it improves,
    # and a persona given by key may be defined in another file.
    documents.sort(key=lambda d: (d.data.get("improves") is not None, _refers_to_personas(d)))
    outcomes = []
    for doc in documents:
        try:
            outcomes.append(apply_journey_document(uow, doc.data))
        except DocumentProblem as problem:
            raise FileProblems(
                [
                    FileProblem(
                        doc.file,
                        doc.line_of(problem.path),
                        field_name(problem.path),
                        problem.message,
                    )
                ]
            ) from None
        progress(doc.data["key"])
    logger.info(
        "journeys.imported",
        extra={
            "workspace": uow.workspace.key,
            "journeys_created": sum(o.action == "created" for o in outcomes),
            "journeys_updated": sum(o.action == "updated" for o in outcomes),
            "journeys_unchanged": sum(o.action == "unchanged" for o in outcomes),
        },
    )
    return outcomes


def _refers_to_personas(doc: Document) -> bool:
    personas = (doc.data["persona"], *doc.data.get("personas", []))
    return any(isinstance(p, str) for p in personas)


def export_journeys(uow: UnitOfWork, keys: Iterable[str] = ()) -> list[dict[str, Any]]:
    """The file form of the journeys ``keys`` (all of them when empty), by key.

    Raises:
        NotFound: a key names no journey.
    """
    wanted = list(keys)
    if wanted:
        journeys = [journey_by_key(uow, key) for key in wanted]
    else:
        journeys = list(uow.session.scalars(select(Journey).order_by(Journey.key)))
    return [journey_document(uow, journey) for journey in journeys]
