"""Editing in VS Code: every catalogue file is tied to its schema, by .vscode/settings.json and by its first line."""
from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import CATALOGUE, ROOT

MODELINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")
KIND_OF_FOLDER = {"catalogue": "county", "centres": "centre", "items": "item"}


def settings() -> dict:
    return json.loads((ROOT / ".vscode" / "settings.json").read_text("utf-8"))


def catalogue_files() -> list[Path]:
    return [CATALOGUE / "county.yml"] + sorted(CATALOGUE.glob("centres/*.yml")) + sorted(CATALOGUE.glob("items/*.yml"))


def test_settings_map_every_catalogue_file_to_exactly_one_existing_schema():
    mapping = settings()["yaml.schemas"]
    for schema in mapping:
        assert (ROOT / schema).resolve().is_file(), schema
    for file in catalogue_files():
        relative = file.relative_to(ROOT)
        schemas = [s for s, globs in mapping.items() if any(relative.match(g) for g in globs)]
        kind = KIND_OF_FOLDER[file.parent.name]
        assert schemas == [f"./schema/{kind}.schema.json"], f"{relative}: {schemas}"


def test_every_catalogue_file_names_its_schema_on_its_first_line():
    for file in catalogue_files():
        first = file.read_text("utf-8").split("\n", 1)[0]
        match = MODELINE.match(first)
        assert match, f"{file.relative_to(ROOT)} does not start with # yaml-language-server: $schema=..."
        target = (file.parent / match[1]).resolve()
        assert target == ROOT / "schema" / f"{KIND_OF_FOLDER[file.parent.name]}.schema.json", file


def test_editor_keeps_yaml_safe_for_the_checker():
    yaml_settings = settings()["[yaml]"]
    assert yaml_settings["editor.insertSpaces"] is True and yaml_settings["editor.tabSize"] == 2  # E-YAML-TAB
    assert settings()["files.encoding"] == "utf8"  # E-YAML-ENCODING
    assert settings()["yaml.schemaStore.enable"] is False  # no requests to outside hosts from an office intranet
    assert "redhat.vscode-yaml" in json.loads((ROOT / ".vscode" / "extensions.json").read_text("utf-8"))["recommendations"]
