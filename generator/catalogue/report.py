"""Reporters: the same problems as text, JSON, or GitHub Actions annotations."""
from __future__ import annotations

import json
from collections import Counter

from .problems import CONTROL, Problem, visible


def as_text(problems: list[Problem]) -> str:
    if not problems:
        return "目录检查通过，没有发现问题。"
    lines = [p.text() for p in problems]
    counts = Counter(p.file for p in problems)
    lines.append(f"共发现 {len(problems)} 个问题，涉及 {len(counts)} 个文件。请按上面的行号逐个修改后再检查。")
    return "\n".join(lines)


def as_json(problems: list[Problem]) -> str:
    keys = ("file", "line", "column", "path", "code", "severity", "message")
    text = json.dumps([{k: p.as_dict()[k] for k in keys} for p in problems], ensure_ascii=False, indent=2)
    return CONTROL.sub(lambda match: f"\\u{ord(match.group()):04x}", text)  # JSON escapes, never raw control bytes


def as_github(problems: list[Problem]) -> str:
    """Workflow commands that GitHub shows on the changed lines of a pull request."""
    def escape(text: str) -> str:
        return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

    def prop(text: str) -> str:
        return escape(text).replace(":", "%3A").replace(",", "%2C")

    return "\n".join(visible(  # one line per problem, no control character in it
        f"::{p.severity} file={prop(p.file)},line={p.line},col={p.column},title={prop(p.code)}::{escape(p.message)} ({escape(p.path)})")
        for p in problems)
