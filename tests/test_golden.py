"""The mini catalogue's pages, open-data files and print data, byte for byte (no MkDocs, no browser).

A difference is either a bug or a deliberate change: then run `make golden` and review the diff."""
from __future__ import annotations

import difflib

from golden_outputs import GOLDEN, outputs


def test_every_output_equals_its_golden_copy():
    made = outputs()
    kept = {str(p.relative_to(GOLDEN)): p.read_bytes() for p in GOLDEN.rglob("*") if p.is_file()}
    assert sorted(made) == sorted(kept), "files added or gone: run `make golden` if that was meant"
    changed = [name for name in made if made[name] != kept[name]]
    if changed:
        name = changed[0]
        try:
            diff = "\n".join(difflib.unified_diff(kept[name].decode().splitlines(), made[name].decode().splitlines(),
                                                  "golden", "now", lineterm="", n=1))
        except UnicodeDecodeError:
            diff = "(binary file)"
        raise AssertionError(f"{len(changed)} outputs differ from tests/golden/, first {name}:\n{diff[:3000]}")


def test_golden_outputs_cover_pages_and_every_export():
    kept = {str(p.relative_to(GOLDEN)) for p in GOLDEN.rglob("*") if p.is_file()}
    assert {"pages/items/dibao.md", "pages/centres/tiandu-donghe.md", "pages/index.md"} <= kept
    assert {"data/catalogue.json", "data/items.csv", "data/catalogue.xlsx", "data/cpsv-ap.jsonld"} <= kept
    assert {"print/guide/dibao.json", "print/wall/tiandu-donghe.json", "print/cover/tiandu.json",
            "print/volume/village.json"} <= kept
