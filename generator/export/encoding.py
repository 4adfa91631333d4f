"""Bytes of the open-data files: stable, compact JSON, one record per line where a file is a list."""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any, Protocol

from ..catalogue import facts
from ..catalogue.model import Catalogue, Item


def json_bytes(data) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _compact(data) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def document_bytes(document: dict) -> bytes:
    """A JSON object, one key per line, and each record of a list of records one compact line:
    small, and a change to one item shows as one changed line."""
    def value(v) -> str:
        return "[\n" + ",\n".join(map(_line, v)) + "\n]" if isinstance(v, list) and v and isinstance(v[0], (dict, Line)) else _compact(v)
    return ("{\n" + ",\n".join(f"{_compact(k)}:{value(v)}" for k, v in document.items()) + "\n}\n").encode("utf-8")


def records_bytes(records: list) -> bytes:
    """A JSON array with one compact record per line: small, and a change shows as a changed line."""
    return lines_bytes([_line(r) for r in records])


def record_line(record: dict) -> str:
    """A record's line in records_bytes."""
    return _compact(record)


class Line(str):
    """A record already written as its line: a list of records (records_bytes, document_bytes,
    graph_bytes) may hold these in place of the records."""


def _line(record) -> str:
    return record if isinstance(record, Line) else _compact(record)


def around(catalogue: Catalogue, site_url: str) -> str:
    """A digest of what, besides its item, an item's record may be made from: the county, the
    centres (where it is delivered or suspended) and the site's address."""
    return hashlib.sha256(repr((site_url, catalogue.county, catalogue.centres)).encode()).hexdigest()


def item_records(catalogue: Catalogue, site_url: str, record: Callable[[Item], dict], pieces: Pieces | None) -> list[Any]:
    """record(item) for every item; with pieces (kept.py), each as its Line, taken from there when the
    item and what is around it are unchanged: after a fee edit only that item's record is made."""
    if pieces is None:
        return [record(item) for item in catalogue.items]
    sources, lines = item_sources(catalogue, site_url), []
    for item in catalogue.items:
        source = sources[item.id]
        lines.append(Line(pieces.get(source) or pieces.put(source, _compact(record(item)))))
    return lines


def item_sources(catalogue: Catalogue, site_url: str) -> dict[str, str]:
    """item id -> what its record in each JSON format is made from, as text (around() and the item's
    repr); worked out once for the four formats of the same build."""
    def make() -> dict[str, str]:
        context = around(catalogue, site_url)
        return {item.id: context + repr(item) for item in catalogue.items}
    return facts.once(catalogue, ("item sources", site_url), make)


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
