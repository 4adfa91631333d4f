"""The print jobs, the same in this process and in workers: each layout's data made, its cache key
computed from that data, compiled by the engine when the cache lacks it, written into the site.

- Item guides: one PDF each, keyed by the guide's data. A guide that runs onto a second page is
  compiled again pressed a little (tight); kept when that fits one page.
- Volumes: one Typst document per tier (村级, 镇级, 县级): contents, then the pages of every guide
  of the tier, placed from the guide's own cached PDF (not laid out again), page numbers and bookmarks
  made by Typst; keyed by its data and its guides' keys.
- Covers and wall charts: one document per centre, keyed by its data.
Every output is written to a temporary name and renamed into place (cache and site alike).
"""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from ..cache import Cache, digest, files_version
from ..catalogue.model import Catalogue, Item
from . import engine
from .layouts import LAYOUTS, Source, qr_svg

HERE = Path(__file__).parent
CODE = [HERE / "jobs.py", HERE / "engine.py", HERE / "layouts", HERE / "templates"]


def write_atomic(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.", suffix=".part", delete=False) as part:
        part.write(data)
    os.chmod(part.name, 0o644)
    os.replace(part.name, path)
    return path


def as_json(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


class Work:
    """What every job needs: the layouts' source, the faces, the cache; the engine once asked for."""

    def __init__(self, catalogue: Catalogue, site_url: str, faces: dict, cache_root: Path | None = None):
        self.catalogue, self.faces = catalogue, faces
        self.source = Source(catalogue, site_url)
        self.version = digest(files_version(*CODE), engine.version(faces))
        self.cache = Cache("print", cache_root)
        self._engine: engine.Engine | None = None

    def key(self, kind: str, *parts: str) -> str:
        return digest(self.version, kind, *parts)

    def data(self, kind: str, thing, *more) -> dict:
        return LAYOUTS[kind].data(self.source, thing, *more)

    def compile(self, kind: str, data: dict, **more) -> tuple[bytes, int]:
        """(PDF, pages) of a layout's data (more: the engine's other arguments)."""
        layout = LAYOUTS[kind]
        if self._engine is None:  # the fonts folder is made (or found) once per process
            self._engine = engine.engine(engine.font_folder(self.faces))
        return self._engine.pdf(layout.template, data=data, qr=layout.codes(data, self.qr), **more)

    def qr(self, url: str) -> str:
        """The QR code (SVG) of url, drawn once and kept in the cache: a centre's wall chart and cover
        print the same one, often in different workers, and a rebuild draws none it drew before."""
        key = self.key("qr", url)
        kept = self.cache.get(key)
        return (kept or self.cache.put(key, qr_svg(url).encode())).decode("ascii")

    # keys: the hash of a layout's data (its complete input), made without compiling anything

    def keyed(self, kind: str, thing) -> tuple[str, dict]:
        """(key, data) of a guide, wall chart or cover: the plan keeps the data of those the cache
        lacks and hands it to the job, so it is worked out once (a wall chart's takes ~5 ms)."""
        data = self.data(kind, thing)
        return self.key(kind, as_json(data)), data

    def guide_key(self, item: Item) -> str:
        return self.keyed("guide", item)[0]

    def volume_key(self, tier: str, guides: list[str]) -> str:
        """guides: the keys of the volume's guides, in its order (their PDFs are its pages)."""
        return self.key("volume", as_json(self.data("volume", tier)), *guides)

    def pages_of(self, key: str) -> int | None:
        """The number of pages of the guide cached under key (None: not cached): a volume places them."""
        pages = self.cache.get(key + "-pages")
        return None if pages is None else int(pages)


_work: Work | None = None  # in a worker process


def init_worker(catalogue: Catalogue, site_url: str, faces: dict, cache_root: Path) -> None:
    global _work
    _work = Work(catalogue, site_url, faces, cache_root)


def _here(work: Work | None) -> Work:
    """The work given (in this process), else this worker's."""
    found = work or _work
    assert found is not None, "init_worker() first"
    return found


def guides_job(keyed: list[tuple[str, str, dict]], work: Work | None = None) -> list[tuple[str, str, int]]:
    """Compile and cache the guides of (item id, key, data). Returns (item id, key, number of pages)."""
    work = _here(work)
    done = []
    for ident, key, data in keyed:
        pdf, pages = work.compile("guide", data)
        if pages > 1:
            pressed, pressed_pages = work.compile("guide", {**data, "tight": True})
            if pressed_pages == 1:
                pdf, pages = pressed, 1
        work.cache.put(key, pdf)
        work.cache.put(key + "-pages", str(pages).encode())
        done.append((ident, key, pages))
    return done


def volume_data(work: Work, tier: str, guides: dict[str, tuple[str, int]]) -> dict:
    """The volume's data with each guide's number of pages (guides: item id -> (key, pages))."""
    data = work.data("volume", tier)
    return {**data, "guides": [{**g, "pages": guides[g["id"]][1]} for g in data["guides"]]}


def volume_job(data: dict, key: str, guides: dict[str, str], target: Path, faces: dict, cache_root: Path) -> Path:
    """A tier's volume, cached under key and written to target. guides: item id -> the key of its
    cached guide; the volume places its pages as they are. Needs no catalogue (so a fresh process
    can make it holding nothing else)."""
    cache = Cache("print", cache_root)

    def files():  # read one at a time: the engine writes each beside the template
        for ident, guide_key in guides.items():
            pdf = cache.get(guide_key)
            assert pdf is not None, f"guide {ident} missing from the cache"
            yield f"guides/{ident}.pdf", pdf
    layout = LAYOUTS["volume"]
    pdf, _ = engine.engine(engine.font_folder(faces)).pdf(layout.template, files=files(), standard=None,
                                                         data=data, qr=layout.codes(data))
    return write_atomic(target, cache.put(key, pdf))


def centres_job(kind: str, keyed: list[tuple[str, str, dict]], folder: Path, work: Work | None = None) -> list[Path]:
    """The wall charts or covers (kind) of (centre id, key, data), each cached and written as <id>-<suffix>.pdf."""
    work = _here(work)
    paths = []
    for ident, key, data in keyed:
        pdf, _ = work.compile(kind, data)
        paths.append(write_atomic(folder / f"{ident}-{SUFFIX[kind]}.pdf", work.cache.put(key, pdf)))
    return paths


SUFFIX = {"wall": "wall", "cover": "booklet"}
