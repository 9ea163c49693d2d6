"""Writing journey documents as YAML or JSON, deterministically."""

import json
from typing import Any, Literal

import yaml

Format = Literal["yaml", "json"]

try:
    _Dumper: Any = yaml.CSafeDumper
except AttributeError:  # PyYAML built without libyaml
    _Dumper = yaml.SafeDumper


def dump_journey(document: dict[str, Any], fmt: Format) -> str:
    """One journey as text: YAML in field order, or JSON indented by two spaces."""
    if fmt == "json":
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    text: str = yaml.dump(document, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    return text
