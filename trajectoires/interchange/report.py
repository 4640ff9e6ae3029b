"""What an import tells its caller: the problems found (`file:line: column: value: reason`,
reasons in French) and, on success, the rows created, updated and left unchanged per file."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from trajectoires.interchange.schema import FILES


# Beyond this many detailed problems only the count goes on (a wholly wrong 5-million-row file
# would otherwise fill the memory with messages nobody reads).
MAX_DETAILED_PROBLEMS = 10_000
VALUE_SHOWN_CHARS = 80

_FILE_ORDER = {spec.name: i for i, spec in enumerate(FILES)}


@dataclass(frozen=True)
class Problem:
    file: str
    line: int  # physical line where the record starts (header = 1); 0 = the whole file
    column: str
    value: str
    reason: str  # French, says what to do

    def sort_key(self) -> tuple[int, int, str]:
        return (_FILE_ORDER.get(self.file, -1), self.line, self.column)

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.column}: {shown_value(self.value)}: {self.reason}"


def shown_value(value: str) -> str:
    """The value on one line and not too long, for a human-readable report."""
    value = value.replace("\r", "\\r").replace("\n", "\\n")
    if len(value) > VALUE_SHOWN_CHARS:
        value = value[: VALUE_SHOWN_CHARS - 1] + "…"
    return value


@dataclass
class FileStats:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class ProblemList:
    """Problems kept in detail up to MAX_DETAILED_PROBLEMS, all of them counted."""

    items: list[Problem] = field(default_factory=list)
    total: int = 0

    def add(self, file: str, line: int, column: str, value: str, reason: str) -> None:
        self.total += 1
        if len(self.items) < MAX_DETAILED_PROBLEMS:
            self.items.append(Problem(file, line, column, value, reason))

    def __bool__(self) -> bool:
        return self.total > 0

    def sorted(self) -> list[Problem]:
        return sorted(self.items, key=Problem.sort_key)


@dataclass
class ImportResult:
    source: str
    structure: str
    ok: bool = False
    problems: list[Problem] = field(default_factory=list)
    problems_total: int = 0
    files: dict[str, FileStats] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def rows(self) -> int:
        return sum(s.rows for s in self.files.values())

    @property
    def created(self) -> int:
        return sum(s.created for s in self.files.values())

    @property
    def updated(self) -> int:
        return sum(s.updated for s in self.files.values())

    @property
    def unchanged(self) -> int:
        return sum(s.unchanged for s in self.files.values())

    def as_dict(self) -> dict:
        return {
            "format": "trajectoires-interchange-1",
            "source": self.source,
            "structure": self.structure,
            "ok": self.ok,
            "problems_total": self.problems_total,
            "problems_truncated": self.problems_total > len(self.problems),
            "problems": [{**asdict(p), "value": p.value[:1000], "message": str(p)} for p in self.problems],
            "files": {name: asdict(stats) for name, stats in self.files.items()},
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "seconds": round(self.seconds, 3),
        }

    def write_json(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.as_dict(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")

    def summary(self) -> str:
        """One French sentence for staff."""
        if not self.ok:
            shown = len(self.problems)
            more = f" (les {shown} premiers sont détaillés)" if self.problems_total > shown else ""
            return (
                f"Import refusé : {self.problems_total} problème(s){more}. Rien n'a été écrit. "
                "Corrigez les fichiers aux lignes indiquées puis relancez l'import."
            )
        return (
            f"Import réussi en {self.seconds:.1f} s : {self.rows} ligne(s) lue(s), {self.created} créée(s), "
            f"{self.updated} mise(s) à jour, {self.unchanged} inchangée(s)."
        )
