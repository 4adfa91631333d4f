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
        replace = edit.get("prefix", "") + edit["replace"] * edit.get("times", 1)
        path.write_text(text.replace(edit["find"], replace, 1), "utf-8")
    if "write" in case:
        spec = case["write"]
        text = (root / spec["copy_of"]).read_text("utf-8") if "copy_of" in spec else spec["text"]
        (root / spec["file"]).write_text(text, "utf-8")
    if "write_hex" in case:
        (root / case["write_hex"]["file"]).write_bytes(bytes.fromhex(case["write_hex"]["hex"]))
    if "delete" in case:
        (root / case["delete"]).unlink()
    for name, target in case.get("symlink", {}).items():
        (root / name).symlink_to(target)
    for name in case.get("fifo", []):
        os.mkfifo(root / name)
    for name in case.get("mkdir", []):
        (root / name).mkdir()
    for name, spec in case.get("big", {}).items():  # spec: [size in bytes, bytes per line]
        size, width = spec
        line = b"# " + b"x" * (width - 3) + b"\n"
        (root / name).write_bytes(line * (size // width + 1))
    return root


def problems_in(root: Path) -> list:
    cwd = os.getcwd()
    os.chdir(root)  # files are shown relative to the working folder
    try:
        return check_catalogue(Path(".")).problems
    finally:
        os.chdir(cwd)


def found(root: Path) -> list[tuple[str, int, str]]:
    return sorted((p.file, p.line, p.code) for p in problems_in(root))


def test_demo_catalogue_is_clean():
    result = check_catalogue(CATALOGUE)
    assert [p.text() for p in result.problems] == []
    assert len(result.sources.items) >= 60
    assert len(result.sources.centres) == 1 + 8 + 5 + 169


def test_mini_fixture_is_clean():
    assert check_catalogue(MINI).problems == []


@pytest.mark.parametrize("name", sorted(CASES))
def test_broken_copy_reports_exactly_the_expected_problems(name, tmp_path):
    """expect: exactly these (file, line, code); says: words the messages must hold (the character, the fix)."""
    case = CASES[name]
    expected = sorted((f, line, code) for f, line, code in case["expect"])
    problems = problems_in(broken_copy(case, tmp_path))
    assert sorted((p.file, p.line, p.code) for p in problems) == expected
    text = "\n".join(p.text() for p in problems)
    for words in case.get("says", []):
        assert words in text, (words, text)
    for words in case.get("never_says", []):
        assert words not in text, (words, text)


def test_every_rule_code_has_a_negative_case():
    """Each registered code is exercised by at least one case, and no case expects an unregistered one."""
    covered = {code for case in CASES.values() for _, _, code in case["expect"]}
    assert set(RULES) - covered == {"E-FILE-READ"}  # an unreadable file needs root-less permissions to provoke
    assert covered <= set(RULES)


def test_the_checker_names_each_rule_by_its_registry_entry():
    """The catalogue stage refers to a rule by its entry in codes.py (`codes.ID_DUPLICATE.code`), never by
    spelling its code again; every entry it names is registered, and most are used."""
    import re

    from generator.catalogue import codes
    package = Path(__file__).parent.parent / "generator" / "catalogue"
    texts = {file.name: file.read_text("utf-8") for file in package.glob("*.py") if file.name != "codes.py"}
    spelled = [f"{name}: {code}" for name, text in texts.items()
               for code in re.findall(r"""["']([EW]-[A-Z0-9]+(?:-[A-Z0-9]+)*)["']""", text)]
    assert spelled == []
    named = {entry for text in texts.values() for entry in re.findall(r"codes\.([A-Z][A-Z0-9_]*)\b", text)}
    entries = {name for name, value in vars(codes).items() if isinstance(value, codes.Rule)}
    assert len(named) > 40 and named <= entries, sorted(named - entries)
    assert {rule.code for rule in RULES.values()} == {getattr(codes, name).code for name in entries}


@pytest.mark.parametrize("name", sorted(name for name, case in CASES.items() if case.get("warning_only")))
def test_warning_cases_do_not_fail_the_check(name, tmp_path):
    """A file the checker only warns about (not read: odd extension) leaves the catalogue passing."""
    case = CASES[name]
    problems = problems_in(broken_copy(case, tmp_path))
    assert problems and all(p.severity == "warning" for p in problems)


def test_compiled_schema_cache_is_rebuilt_when_corrupt_or_unwritable(tmp_path, monkeypatch):
    from generator.catalogue import validate
    monkeypatch.delenv("BIANMIN_CACHE_DIR", raising=False)
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


def test_no_report_format_echoes_a_control_character_raw():
    """A terminal escape (ESC [ 2 J clears the screen), a C1 CSI, a right-to-left override, a carriage return."""
    import json

    from generator.catalogue.problems import Problem
    from generator.catalogue.report import as_github, as_json, as_text
    hostile = "\x1b[2J\x9b31m\u202e\rx"
    problems = [Problem(f"items/a{hostile}.yml", 1, 1, "E-SCHEMA-ENUM", f"只能填：A；这里写的是“{hostile}”")]
    for text in (as_text(problems), as_github(problems)):
        assert not set("\x1b\x9b\u202e\r") & set(text), repr(text)
        assert "\\x1b[2J\\x9b31mU+202E" in text
    assert not set("\x1b\x9b\u202e") & set(as_json(problems))
    assert json.loads(as_json(problems))[0]["message"].endswith(f"“{hostile}”")  # JSON keeps the value, escaped
