"""Per variant, how many cells of the national-layout test sheets the import misreads without a word.

    python benchmarks/import_readings.py [SHEET.xlsx …]     (default: the public sheets of tests/fixtures/import/)

Each sheet (made by tests/fixtures/import/national.py, with its .expected.json) is imported into a copy of
tests/fixtures/import/new-county/; a cell counts as a silent misread when it is read otherwise than expected
(or should have been named) and the import said nothing about it. Also: rows per level reached.
"""
from __future__ import annotations

import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from import_support import FIXTURES, expectations, import_into_new_county, row_problems, silent  # noqa: E402

PUBLIC = ["national-two-row-header.xlsx", "national-unit-in-header.xlsx", "national-materials-sheet.xlsx"]


def measure(sheet: Path) -> None:
    expected = expectations(sheet.name)
    with tempfile.TemporaryDirectory() as folder:
        result = import_into_new_county(sheet, Path(folder))
    per_variant: Counter = Counter()
    other: Counter = Counter()
    for row, row_expected in expected["rows"].items():
        problems = row_problems(result, int(row), row_expected)
        for variant in row_expected["variant"].split("+"):
            per_variant[variant] += 0
        for problem in silent(problems):
            per_variant[row_expected["variant"]] += 1
            print(f"  silent: {problem}")
        other[row_expected["variant"]] += len(problems) - len(silent(problems))
    levels = Counter(item.get("level", "(none)") for item in result.items.values())
    expected_levels = Counter(r["level"] for r in expected["rows"].values())
    print(f"{sheet.name}: {len(expected['rows'])} item rows, {len(result.items)} imported; "
          f"silent misreads {sum(per_variant.values())}; levels {dict(levels)} (expected {dict(expected_levels)})")
    for variant, count in sorted(per_variant.items()):
        print(f"  {variant}: {count} silent" + (f", {other[variant]} named but not as expected" if other[variant] else ""))


if __name__ == "__main__":
    for name in sys.argv[1:] or PUBLIC:
        measure(Path(name) if "/" in name else FIXTURES / name)
