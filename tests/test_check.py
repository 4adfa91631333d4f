"""The checker: the demo is clean, and every rule and YAML trap is reported where it happens."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml
from support import CATALOGUE, FIXTURES

from generator.catalogue.check import check_catalogue
from generator.catalogue.codes import RULES

MINI = FIXTURES / "mini"
CASES = yaml.safe_load((FIXTURES / "negative.yml").read_text("utf-8"))


def broken_copy(case: dict, tmp_path: Path) -> Path:
    """The mini catalogue with one case's edits applied."""
    root = tmp_path / "catalogue"
    shutil.copytree(MINI, root)
    for edit in case.get("edits", []):
        path = root / edit["file"]
        text = path.read_text("utf-8")
        assert edit["find"] in text, f"fixture edit does not apply: {edit['find']!r}"
        path.write_text(text.replace(edit["find"], edit["replace"], 1), "utf-8")
    if "write" in case:
        spec = case["write"]
        text = (root / spec["copy_of"]).read_text("utf-8") if "copy_of" in spec else spec["text"]
        (root / spec["file"]).write_text(text, "utf-8")
    if "write_hex" in case:
        (root / case["write_hex"]["file"]).write_bytes(bytes.fromhex(case["write_hex"]["hex"]))
    if "delete" in case:
        (root / case["delete"]).unlink()
    return root


def found(root: Path) -> list[tuple[str, int, str]]:
    cwd = os.getcwd()
    os.chdir(root)  # files are shown relative to the working folder
    try:
        result = check_catalogue(Path("."))
    finally:
        os.chdir(cwd)
    return sorted((p.file, p.line, p.code) for p in result.problems)


def test_demo_catalogue_is_clean():
    result = check_catalogue(CATALOGUE)
    assert [p.text() for p in result.problems] == []
    assert len(result.sources.items) >= 60
    assert len(result.sources.centres) == 1 + 8 + 5 + 169


def test_mini_fixture_is_clean():
    assert check_catalogue(MINI).problems == []


@pytest.mark.parametrize("name", sorted(CASES))
def test_broken_copy_reports_exactly_the_expected_problems(name, tmp_path):
    case = CASES[name]
    expected = sorted((f, line, code) for f, line, code in case["expect"])
    assert found(broken_copy(case, tmp_path)) == expected


def test_every_rule_code_has_a_negative_case():
    """Each registered code is exercised by at least one case, and no case expects an unregistered one."""
    covered = {code for case in CASES.values() for _, _, code in case["expect"]}
    assert set(RULES) - covered == {"E-FILE-READ"}  # an unreadable file needs root-less permissions to provoke
    assert covered <= set(RULES)


def test_every_code_in_the_checker_source_is_registered():
    """A code written anywhere in the catalogue stage but missing from codes.RULES is a bug."""
    import re
    package = Path(__file__).parent.parent / "generator" / "catalogue"
    written = {code for file in package.glob("*.py") if file.name != "codes.py"
               for code in re.findall(r'"([EW]-[A-Z]+(?:-[A-Z]+)*)"', file.read_text("utf-8"))}
    assert len(written) > 40
    assert written <= set(RULES), sorted(written - set(RULES))


def test_compiled_schema_cache_is_rebuilt_when_corrupt_or_unwritable(tmp_path, monkeypatch):
    from generator.catalogue import validate
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    validate.quick_check.cache_clear()
    try:
        validate.quick_check("centre")
        cached = next((tmp_path / "bianmin" / "schemas").glob("centre-*.marshal"))
        cached.write_bytes(b"not marshal data")
        validate.quick_check.cache_clear()
        assert check_catalogue(MINI).problems == []
        assert cached.read_bytes() != b"not marshal data"  # rewritten
        monkeypatch.setenv("XDG_CACHE_HOME", "/proc/no-such-place")  # cannot be written: still checks
        validate.quick_check.cache_clear()
        assert check_catalogue(MINI).problems == []
    finally:
        validate.quick_check.cache_clear()
