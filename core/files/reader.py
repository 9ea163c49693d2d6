"""Reading journey files (YAML or JSON) while remembering the line of every field."""

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from core.files.problems import FileProblem, Path_, field_name

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_NODES = 500_000  # stops "billion laughs" alias expansion long before memory runs out
SUFFIXES = (".yaml", ".yml", ".json")

try:
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    _Loader = yaml.SafeLoader

_SCALARS = yaml.constructor.SafeConstructor()
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


@dataclass
class Document:
    """One journey document: its data and the line each field starts on."""

    file: Path
    index: int  # position in a multi-document file, from 0
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)

    def line_of(self, path: Path_) -> int | None:
        """The line of ``path``, or of its nearest ancestor that has one."""
        while True:
            if path in self.lines:
                return self.lines[path]
            if not path:
                return None
            path = path[:-1]


class _Builder:
    def __init__(self, file: Path, index: int) -> None:
        self.doc = Document(file, index, None)
        self.problems: list[FileProblem] = []
        self.nodes = 0

    def build(self, node: yaml.Node, path: Path_) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _TooBig
        self.doc.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                # Keys are field names: take their text as written, so YAML 1.1's
                # `on:` (a KPI's observation day) does not turn into the boolean True.
                if isinstance(key_node, yaml.ScalarNode):
                    key = str(key_node.value)
                else:
                    key = str(self.build(key_node, (*path, "<key>")))
                if key in out:
                    self.problems.append(
                        FileProblem(
                            self.doc.file,
                            key_node.start_mark.line + 1,
                            field_name((*path, key)),
                            f"duplicate field {key!r}: it appears twice in the same mapping",
                        )
                    )
                self.doc.lines[(*path, key)] = key_node.start_mark.line + 1
                out[key] = self.build(value_node, (*path, key))
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        if node.tag == _TIMESTAMP:
            return node.value  # dates stay text: the schema checks their format
        return _SCALARS.construct_object(node, deep=True)


class _TooBig(Exception):
    pass


def read_documents(file: Path) -> tuple[list[Document], list[FileProblem]]:
    """Read every journey document in ``file``.

    A YAML file may hold several documents separated by ``---``; a JSON file holds one
    journey object or a list of them. Never raises for bad content: every problem comes
    back as a ``FileProblem`` naming the line.
    """
    try:
        size = file.stat().st_size
        if size > MAX_FILE_BYTES:
            return [], [
                FileProblem(
                    file,
                    None,
                    "(file)",
                    f"the file is {size / 1_048_576:.1f} MB; the limit is "
                    f"{MAX_FILE_BYTES // 1_048_576} MB: keep one journey per file",
                )
            ]
        raw = file.read_bytes()
    except OSError as exc:
        return [], [FileProblem(file, None, "(file)", f"cannot read it: {exc.strerror}")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return [], [
            FileProblem(
                file,
                line,
                "(file)",
                f"byte 0x{raw[exc.start]:02x} at offset {exc.start} is not UTF-8: "
                "save the file as UTF-8",
            )
        ]
    if not text.strip():
        return [], [FileProblem(file, None, "(file)", "the file is empty")]
    return _parse(file, text)


def _parse(file: Path, text: str) -> tuple[list[Document], list[FileProblem]]:
    try:
        roots = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        if file.suffix == ".json":
            try:
                json.loads(text)
            except json.JSONDecodeError as jexc:
                return [], [FileProblem(file, jexc.lineno, "(file)", f"not valid JSON: {jexc.msg}")]
        reason = exc.problem or "cannot be parsed"
        return [], [FileProblem(file, line, "(file)", f"not valid YAML: {reason}")]
    except yaml.YAMLError as exc:
        return [], [FileProblem(file, None, "(file)", f"not valid YAML: {exc}")]
    roots = [root for root in roots if root is not None]
    if not roots:
        return [], [FileProblem(file, None, "(file)", "the file holds no journey (only comments)")]
    documents: list[Document] = []
    problems: list[FileProblem] = []
    for root in roots:
        if file.suffix == ".json" and isinstance(root, yaml.SequenceNode):
            items: list[tuple[yaml.Node, Path_]] = [(n, ()) for n in root.value]
        else:
            items = [(root, ())]
        for node, path in items:
            builder = _Builder(file, len(documents))
            try:
                builder.doc.data = builder.build(node, path)
            except _TooBig:
                problems.append(
                    FileProblem(
                        file,
                        node.start_mark.line + 1,
                        "(document)",
                        f"more than {MAX_NODES:,} values (are YAML aliases expanding?)",
                    )
                )
                continue
            problems.extend(builder.problems)
            documents.append(builder.doc)
    return documents, problems


def expand_paths(paths: list[Path]) -> tuple[list[Path], list[FileProblem]]:
    """Files to import: each file given, and the journey files inside each folder given."""
    files: list[Path] = []
    problems: list[FileProblem] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix in SUFFIXES and p.is_file())
            if not found:
                problems.append(
                    FileProblem(path, None, "(folder)", "holds no .yaml, .yml or .json file")
                )
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            problems.append(FileProblem(path, None, "(file)", "no such file or folder"))
    return files, problems
