"""Bytes of the open-data files: stable, compact JSON, one record per line where a file is a list."""
from __future__ import annotations

import json
from typing import Protocol


def json_bytes(data) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _compact(data) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def document_bytes(document: dict) -> bytes:
    """A JSON object, one key per line, and each record of a list of records one compact line:
    small, and a change to one item shows as one changed line."""
    def value(v) -> str:
        return "[\n" + ",\n".join(_compact(r) for r in v) + "\n]" if isinstance(v, list) and v and isinstance(v[0], dict) else _compact(v)
    return ("{\n" + ",\n".join(f"{_compact(k)}:{value(v)}" for k, v in document.items()) + "\n}\n").encode("utf-8")


def records_bytes(records: list) -> bytes:
    """A JSON array with one compact record per line: small, and a change shows as a changed line."""
    return lines_bytes([_compact(r) for r in records])


def record_line(record: dict) -> str:
    """A record's line in records_bytes."""
    return _compact(record)


def lines_bytes(lines: list[str]) -> bytes:
    """records_bytes of the records whose lines (record_line) these are."""
    return ("[\n" + ",\n".join(lines) + "\n]\n").encode("utf-8")


class Pieces(Protocol):
    """Where the pieces of a file (a record's line, a sheet's row) are kept between builds, each named
    by a text that holds everything it is made from (kept.KeptPieces)."""

    def get(self, source: str) -> str | None: ...

    def put(self, source: str, piece: str) -> str: ...


def graph_bytes(document: dict) -> bytes:
    """A JSON-LD document: its @context, then its @graph one node per line."""
    head = _compact({k: v for k, v in document.items() if k != "@graph"})[:-1]
    return (head + ',"@graph":' + records_bytes(document["@graph"]).decode("utf-8")[:-1] + "}\n").encode("utf-8")


def made(parts: dict) -> dict[str, bytes]:
    """The files of a format's parts() (file -> (what it is written from, how to write it)), written."""
    return {path: make() for path, (_, make) in parts.items()}
