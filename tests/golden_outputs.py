"""Golden outputs: every page (Markdown with its HTML blocks), every open-data file and the data of
every print layout (the JSON each Typst template reads) that tests/fixtures/mini gives, and the
checklist of every answer path of every item and life event (一件事) of the demo catalogue
(checklists/items/<id>.json, checklists/bundles/<id>.json), kept in tests/golden/ and compared byte
for byte by tests/test_golden.py.

After a deliberate change of the output, rewrite them and review the diff:

    make golden            (= .venv/bin/python tests/golden_outputs.py --write)
"""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "golden"
MINI = HERE / "fixtures" / "mini"
DEMO = HERE.parent / "catalogue"
SITE_URL = "https://bianmin.example.org/"


def outputs() -> dict[str, bytes]:
    """Path under tests/golden/ -> bytes: pages/<page path>, data/<export file>, print/<layout>/<id>.json."""
    from generator.catalogue.build import load_catalogue
    from generator.export import render_exports, schemaorg
    from generator.site import pages
    from generator.site.extras import Extras

    catalogue, result = load_catalogue(MINI)
    assert catalogue is not None, result.problems
    extras = Extras(pdf_links=True, item_jsonld=schemaorg.item_jsonld, centre_jsonld=schemaorg.centre_jsonld,
                    site_url=SITE_URL, changelog="")  # no dates from git: the same on every clone
    found = {f"pages/{path}": text.encode("utf-8") for path, text in pages.iter_pages(catalogue, extras)}
    found.update({f"data/{path}": data for path, data in render_exports(catalogue, SITE_URL).items()})
    found.update(print_data(catalogue))
    found.update(checklist_data())
    return found


def checklist_data() -> dict[str, bytes]:
    """The demo's checklists: page_data of every item with questions, bundle_data of every life event."""
    import json

    from generator.catalogue.build import load_catalogue
    from generator.catalogue.checklists import bundle_data, page_data

    catalogue, result = load_catalogue(DEMO)
    assert catalogue is not None, result.problems
    found = {}
    for kind, named in (("items", [(i.id, page_data(catalogue, i)) for i in catalogue.items]),
                        ("bundles", [(b.situation.id, bundle_data(catalogue, b.situation)) for b in catalogue.bundles])):
        for name, data in named:
            if data is not None:
                text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
                found[f"checklists/{kind}/{name}.json"] = text.encode("utf-8")
    return found


def print_data(catalogue) -> dict[str, bytes]:
    """What each print layout hands its template. A volume's guides are the guides' own files: it
    names them by id here."""
    import json

    from generator.catalogue.vocab import TIERS
    from generator.printing.layouts import LAYOUTS, Source
    source = Source(catalogue, SITE_URL)
    things = {"guide": [(i.id, i) for i in catalogue.items], "wall": [(c.id, c) for c in catalogue.centres],
              "cover": [(c.id, c) for c in catalogue.centres], "volume": [(t, t) for t in TIERS],
              "quality": [(c.id, c) for c in catalogue.centres_at("town")]}
    found = {}
    for kind, named in things.items():
        for name, thing in named:
            data = LAYOUTS[kind].data(source, thing)
            if kind == "volume":
                data = {**data, "guides": [guide["id"] for guide in data["guides"]]}
            text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
            found[f"print/{kind}/{name}.json"] = text.encode("utf-8")
    return found


def write(folder: Path = GOLDEN) -> int:
    shutil.rmtree(folder, ignore_errors=True)
    files = outputs()
    for name, data in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return len(files)


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parent))
    if sys.argv[1:] != ["--write"]:
        sys.exit("usage: python tests/golden_outputs.py --write   (rewrites tests/golden/ from tests/fixtures/mini)")
    print(f"wrote {write()} golden files into {GOLDEN.relative_to(Path.cwd()) if GOLDEN.is_relative_to(Path.cwd()) else GOLDEN}")
