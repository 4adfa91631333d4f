"""Problems found in the catalogue: data first, text second."""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass

# Characters YAML does not allow in a file (https://yaml.org/spec/1.2.2/#51-character-set), plus
# bidirectional overrides that make a line read differently from what it holds.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff"
                     "\u202a-\u202e\u2066-\u2069]")
# In a message every control character is shown, line breaks and tabs too: one problem, one line.
UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u202a-\u202e\u2066-\u2069]")


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
        return visible(f"{self.file}:{self.line}:{self.column}: {self.code} {self.message} ({self.path})")


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


def visible(text: str) -> str:
    """Control characters shown as \\x1b or U+202E, so a message never drives the terminal."""
    return UNPRINTABLE.sub(lambda match: shown_char(match.group()), text) if UNPRINTABLE.search(text) else text


def shown_char(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"U+{code:04X}"
