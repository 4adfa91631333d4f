"""Shared by tests/test_export_*.py: the catalogues under test, loaded once, and the published standards.

The standards (schema.org 30.0, HSDS 3.0, CPSV-AP 3.2.0) are copies of the official files kept in
../shared/standards/ beside the repository (CI lays shared/ beside its clone). Tests that need them
skip when they are missing, and fail instead in CI.
"""
from __future__ import annotations

import functools
import json
import os
from pathlib import Path

import pytest

from conftest import CATALOGUE, FIXTURES, IN_CI, ROOT
from generator.catalogue import load_catalogue

MINI = FIXTURES / "mini"
SITE = "https://bianmin.example.org/"
STANDARDS = Path(os.environ.get("BIANMIN_STANDARDS", ROOT.parent / "shared" / "standards"))
CATALOGUES = {"mini": MINI, "demo": CATALOGUE}


@functools.cache
def catalogue(name: str):
    loaded, result = load_catalogue(CATALOGUES[name])
    assert loaded is not None, "\n".join(p.text() for p in result.problems)
    return loaded


def standard(relative: str) -> Path:
    """A file of the published standards; skip (fail in CI) when the folder is not there."""
    path = STANDARDS / relative
    if not path.exists():
        message = f"needs the published standards at {STANDARDS} (set BIANMIN_STANDARDS): {relative} is missing"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return path


@functools.cache
def standard_json(relative: str):
    return json.loads(standard(relative).read_text("utf-8"))
