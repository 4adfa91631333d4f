"""Problems found in the catalogue: data first, text second."""
from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    column: int
    code: str
    message: str
    path: str = "$"
    severity: str = "error"

    def as_dict(self) -> dict:
        return asdict(self)

    def text(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.code} {self.message} ({self.path})"


def json_path(parts: tuple) -> str:
    """('tiers', 'town', 'window') -> $.tiers.town.window ; indexes as [0]."""
    out = "$"
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def sort_problems(problems) -> list[Problem]:
    return sorted(set(problems), key=lambda p: (p.file, p.line, p.column, p.code, p.message))


def has_errors(problems) -> bool:
    return any(p.severity == "error" for p in problems)
