"""docs/rules.md's three tables of rule codes, made from the registry (generator/catalogue/codes.py);
the prose around them is written by hand.

    .venv/bin/python scripts/rules_doc.py           # rewrite the tables in docs/rules.md (= make rules-doc)
    .venv/bin/python scripts/rules_doc.py --check   # exit 1 when the committed page differs

tests/test_workflow_docs.py fails when the committed page is not the one this makes."""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.catalogue.codes import RULES, STAGE_TITLES  # noqa: E402

PAGE = ROOT / "docs" / "rules.md"
HEADERS = {"file": "| code | meaning | how to fix |", "shape": "| code | meaning | how to fix |",
           "rule": "| code | rule | how to fix |"}


def table(stage: str) -> list[str]:
    return [HEADERS[stage], "|---|---|---|",
            *(f"| {rule.code} | {rule.meaning} | {rule.fix} |" for rule in RULES.values() if rule.stage == stage)]


def page(text: str) -> str:
    """text with the table under each stage's heading replaced by the registry's."""
    lines = text.split("\n")
    for stage, title in STAGE_TITLES.items():
        start = lines.index(f"## {title}") + 1
        while not lines[start].startswith("|"):
            start += 1
        end = start
        while end < len(lines) and lines[end].startswith("|"):
            end += 1
        lines[start:end] = table(stage)
    return "\n".join(lines)


def main() -> int:
    committed = PAGE.read_text("utf-8")
    made = page(committed)
    if "--check" in sys.argv[1:]:
        if made != committed:
            print("docs/rules.md 的规则表与 generator/catalogue/codes.py 不一致：请运行 make rules-doc", file=sys.stderr)
            return 1
        return 0
    PAGE.write_text(made, "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
