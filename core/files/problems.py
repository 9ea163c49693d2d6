"""Problems found in journey files: each names the file, the line and the field."""

from dataclasses import dataclass
from pathlib import Path

from core.errors import BadInput

Path_ = tuple[str | int, ...]


def field_name(path: Path_) -> str:
    """``('stages', 2, 'touchpoints', 0, 'emotion')`` -> ``stages[2].touchpoints[0].emotion``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out or "(document)"


@dataclass(frozen=True)
class FileProblem:
    file: Path
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else str(self.file)
        return f"{where}: {self.field}: {self.message}"


class FileProblems(BadInput):
    """Journey files that failed validation; nothing was imported."""

    def __init__(self, problems: list[FileProblem]) -> None:
        self.problems = problems
        files = len({p.file for p in problems})
        lines = "\n".join(f"  {p}" for p in problems)
        super().__init__(
            f"{len(problems)} problem(s) in {files} file(s); nothing was imported:\n{lines}"
        )
