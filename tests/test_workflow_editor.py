"""Editing in VS Code: every catalogue file is tied to its schema, by .vscode/settings.json and by its first line."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from support import CATALOGUE, IN_CI, ROOT

pytestmark = pytest.mark.slow

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


def test_a_first_line_naming_a_schema_names_the_right_one():
    """The first line is a convenience for editors other than VS Code; the web form (Decap CMS) drops YAML
    comments when it saves, so nothing may depend on it: .vscode/settings.json maps every file anyway."""
    for file in catalogue_files():
        first = file.read_text("utf-8").split("\n", 1)[0]
        match = MODELINE.match(first)
        if not match:
            continue
        target = (file.parent / match[1]).resolve()
        assert target == ROOT / "schema" / f"{KIND_OF_FOLDER[file.parent.name]}.schema.json", file


def test_editor_keeps_yaml_safe_for_the_checker():
    yaml_settings = settings()["[yaml]"]
    assert yaml_settings["editor.insertSpaces"] is True and yaml_settings["editor.tabSize"] == 2  # E-YAML-TAB
    assert settings()["files.encoding"] == "utf8"  # E-YAML-ENCODING
    assert settings()["yaml.schemaStore.enable"] is False  # no requests to outside hosts from an office intranet
    assert "redhat.vscode-yaml" in json.loads((ROOT / ".vscode" / "extensions.json").read_text("utf-8"))["recommendations"]


def language_server() -> list[str] | None:
    """The YAML language server VS Code's YAML extension runs (npm: yaml-language-server), if installed."""
    found = shutil.which("yaml-language-server") or shutil.which("yaml-language-server", path=str(ROOT / "node_modules" / ".bin"))
    return [found, "--stdio"] if found else None


class Client:
    """Just enough of the language server protocol to ask for hover help and completion."""

    def __init__(self, command: list[str], settings: dict):
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.settings, self.next_id = settings, 0
        self.request("initialize", {"processId": None, "rootUri": ROOT.as_uri(), "capabilities": {
            "workspace": {"configuration": True}, "textDocument": {"hover": {"contentFormat": ["markdown"]}}}})
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": {"yaml": settings}})

    def send(self, message: dict) -> None:
        data = json.dumps({"jsonrpc": "2.0", **message}).encode()
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(data) + data)
        self.process.stdin.flush()

    def notify(self, method: str, params: dict) -> None:
        self.send({"method": method, "params": params})

    def request(self, method: str, params: dict):
        self.next_id += 1
        self.send({"id": self.next_id, "method": method, "params": params})
        while True:
            message = self.receive()
            if message.get("id") == self.next_id and "method" not in message:
                return message.get("result")
            if message.get("method") == "workspace/configuration":
                self.send({"id": message["id"], "result": [self.settings for _ in message["params"]["items"]]})
            elif "id" in message and "method" in message:
                self.send({"id": message["id"], "result": None})

    def receive(self) -> dict:
        length = 0
        while (line := self.process.stdout.readline().strip()):
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        return json.loads(self.process.stdout.read(length))

    def close(self) -> None:
        self.process.kill()
        self.process.wait(timeout=10)


def test_the_yaml_language_server_gives_chinese_hover_help_and_completion():
    command = language_server()
    if not command:
        message = "needs yaml-language-server (`make node-tools`), the server VS Code's YAML extension runs"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    config = settings()
    server = {key[len("yaml."):]: value for key, value in config.items() if key.startswith("yaml.")}
    server["schemas"] = {str((ROOT / schema).resolve()): globs for schema, globs in config["yaml.schemas"].items()}
    server["schemaStore"] = {"enable": False}
    client = Client(command, server)
    try:
        file = next(f for f in sorted(CATALOGUE.glob("centres/*.yml")) if "\nhours:\n" in f.read_text("utf-8"))
        lines = file.read_text("utf-8").splitlines()
        uri = file.as_uri()
        client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1,
                                                                "text": "\n".join(lines) + "\n"}})

        def hover(line: int, character: int) -> str:
            result = client.request("textDocument/hover", {"textDocument": {"uri": uri},
                                                           "position": {"line": line, "character": character}})
            return result["contents"]["value"] if result else ""

        name = next(i for i, l in enumerate(lines) if l.startswith("name:"))
        deadline = time.monotonic() + 20  # the settings' schema mapping is applied a moment after they arrive
        while not hover(name, 1) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert hover(name, 1).startswith("#### 中心名称")
        hours = next(i for i, l in enumerate(lines) if l.startswith("hours:"))
        first_days = next(i for i, l in enumerate(lines) if i > hours and "days:" in l)
        days = lines[first_days].index("days:") + 1  # a field defined in hours.schema.json, reached through $ref
        assert hover(first_days, days).startswith("#### 哪几天")
        completion = client.request("textDocument/completion", {"textDocument": {"uri": uri},
                                                                 "position": {"line": len(lines), "character": 0}})
        labels = {entry["label"] for entry in (completion["items"] if isinstance(completion, dict) else completion)}
        assert labels and labels <= set(json.loads((ROOT / "schema" / "centre.schema.json").read_text("utf-8"))["properties"])
    finally:
        client.close()
