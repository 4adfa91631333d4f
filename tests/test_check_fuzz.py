"""Property tests: any text, bytes or shape of data ends in problems or success, never an exception."""
from __future__ import annotations

import os
import shutil
import signal
import tempfile
from pathlib import Path

import fastjsonschema
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import FIXTURES

from generator.catalogue.build import load_catalogue
from generator.catalogue.problems import Problem
from generator.catalogue.validate import quick_check, validator

MINI = FIXTURES / "mini"
DIBAO = (MINI / "items" / "dibao.yml").read_text("utf-8")
pytestmark = pytest.mark.slow
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SNIPPETS = ["\t", ": ", "- ", "&a", "*a", "[", "]", "{", "}", "'", '"', "\n  ", "\n", "no", "08:30", "0917",
            "~", "!!python/object:os.system", "---", "...", "? ", "%YAML 1.1", "\ufeff", "#", "|", ">", "2026-01-01"]


def _check_text(data: bytes) -> list[Problem]:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "catalogue"
        shutil.copytree(MINI, root)
        (root / "items" / "dibao.yml").write_bytes(data)
        catalogue, result = load_catalogue(root)
        assert (catalogue is None) == (not result.ok)
        return result.problems


def _assert_well_formed(problems: list[Problem]) -> None:
    for problem in problems:
        assert problem.line >= 1 and problem.column >= 1
        assert problem.code.startswith("E-") and problem.message and problem.path.startswith("$")


@SETTINGS
@given(st.binary(max_size=400))
def test_random_bytes(data):
    _assert_well_formed(_check_text(data))


@SETTINGS
@given(st.lists(st.tuples(st.integers(0, len(DIBAO)), st.sampled_from(SNIPPETS) | st.text(max_size=5)), max_size=6))
def test_mutated_item(mutations):
    text = DIBAO
    for position, snippet in mutations:
        text = text[:position] + snippet + text[position:]
    _assert_well_formed(_check_text(text.encode("utf-8", "surrogatepass")))


@SETTINGS
@given(st.lists(st.integers(0, DIBAO.count("\n")), max_size=5))
def test_deleted_lines(numbers):
    lines = DIBAO.splitlines(keepends=True)
    kept = "".join(line for index, line in enumerate(lines) if index not in set(numbers))
    _assert_well_formed(_check_text(kept.encode("utf-8")))


JSON_VALUES = st.recursive(st.none() | st.booleans() | st.integers(-5, 500) | st.floats(allow_nan=False) | st.text(max_size=8),
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
                           max_leaves=8)


def _paths(node, path=()):
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, path + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, path + (index,))


def _replace(node, path, value):
    if not path:
        return value
    copy = dict(node) if isinstance(node, dict) else list(node)
    copy[path[0]] = _replace(node[path[0]], path[1:], value)
    return copy


DIBAO_DATA = yaml.safe_load(DIBAO)
DIBAO_PATHS = list(_paths(DIBAO_DATA))


@SETTINGS
@given(st.sampled_from(DIBAO_PATHS), JSON_VALUES)
def test_compiled_and_reference_validators_agree(path, value):
    """The fast compiled check must accept exactly what the draft 2020-12 validator accepts."""
    data = _replace(DIBAO_DATA, path, value)
    try:
        quick_check("item")(data)
        fast = True
    except fastjsonschema.JsonSchemaException:
        fast = False
    assert fast == validator("item").is_valid(data) == referenced_validator("item").is_valid(data)


def referenced_validator(kind: str):
    """The published schema as written, $refs resolved through a registry of schema/."""
    import json

    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource
    schemas = [json.loads(p.read_text("utf-8")) for p in sorted((FIXTURES.parent.parent / "schema").glob("*.schema.json"))]
    registry = Registry().with_resources((s["$id"], Resource.from_contents(s)) for s in schemas)
    by_id = {s["$id"].rsplit("/", 1)[-1]: s for s in schemas}
    return Draft202012Validator(by_id[f"{kind}.schema.json"], registry=registry)


# ---- file-system oddities: links, pipes, folders, odd names, very large files -------------------

def _link(target):
    return lambda path: path.symlink_to(target)


def _write(data: bytes):
    return lambda path: path.write_bytes(data)


def _sparse(size: int):
    def make(path):
        with open(path, "wb") as handle:
            handle.truncate(size)
    return make


def _loop(path):
    partner = path.with_name("loop-partner-" + path.name)
    path.symlink_to(partner.name)
    partner.symlink_to(path.name)


# name ending -> how to make it. Each oddity must be named in the report; none may hang or raise.
ODDITIES = {
    ".yml|link-dev-zero": _link("/dev/zero"),
    ".yml|link-dev-random": _link("/dev/urandom"),
    ".yml|link-dangling": _link("nowhere/missing.yml"),
    ".yml|link-outside": _link("/etc/hostname"),
    ".yml|link-loop": _loop,
    ".yml|fifo": os.mkfifo,
    ".yml|folder": lambda path: path.mkdir(),
    ".yml|sparse-50mb": _sparse(50_000_000),
    ".yml|one-long-line": _write(b"a: " + b"x" * 1_100_000),
    ".yml|utf16": _write("id: x\n".encode("utf-16")),
    ".yml|empty": _write(b""),
    ".YML|upper-case": _write(b"id: x\n"),
    ".yml.txt|txt": _write(b"id: x\n"),
    ".yml~|backup": _write(b"id: x\n"),
    ".yaml|yaml": _write(b"id: x\n"),
}


class _Hang(Exception):
    pass


def _alarm(signum, frame):
    raise _Hang("the check blocked on a file")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(sorted(ODDITIES)), st.sampled_from(["items", "centres"])),
                min_size=1, max_size=4, unique_by=lambda pair: pair[0]))
def test_file_system_oddities_are_each_named_and_never_block(oddities):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "catalogue"
        shutil.copytree(MINI, root)
        made = []
        for number, (kind, section) in enumerate(oddities):
            ending = kind.split("|")[0]
            path = root / section / f"odd{number}{ending}"
            ODDITIES[kind](path)
            made.append(f"{section}/{path.name}")
        previous = signal.signal(signal.SIGALRM, _alarm)
        signal.alarm(20)
        try:
            catalogue, result = load_catalogue(root)
        finally:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, previous)
        _assert_well_formed(result.problems)
        named = {p.file.split("catalogue/", 1)[-1] for p in result.problems}
        for name in made:
            assert name in named, (name, [p.text() for p in result.problems])
        assert (catalogue is None) == (not result.ok)
