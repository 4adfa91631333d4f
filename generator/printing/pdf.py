"""From print HTML to PDF files with WeasyPrint: each thing laid out once, kept in the cache, reused.

- Item guides: each guide's PDF is cached under the hash of its HTML (and of this code, its
  templates and the cut font). Missing guides are laid out in batches, in worker processes.
- Volumes: one per tier (村级, 镇级, 县级): contents, then the tier's guides joined from the cached
  guide PDFs, a page number laid over each page, one font shared by all pages (SharedFonts).
- Booklets: one cover page per centre (its facts, its exceptions, where its volume is).
- Wall charts: the header of each centre is laid over a body laid out once per distinct content.
Every output is written to a temporary name and renamed into place (cache and site alike).
"""
from __future__ import annotations

import copy
import io
import json
import os
import re
import tempfile
from functools import lru_cache
from pathlib import Path

from ..cache import Cache, digest, files_version
from ..catalogue import addresses
from ..catalogue.model import Catalogue, Centre, Item, TierRole
from .fonts import font_face_css
from .html import (
    QR_SCHEME,
    booklet_covers_html,
    item_guide_html,
    item_guides_html,
    page_numbers_html,
    qr_svg,
    tier_offers,
    volume_contents_html,
    volume_title,
    wall_body_html,
    wall_content,
    wall_head_html,
)

HERE = Path(__file__).parent
CODE = [HERE / "pdf.py", HERE / "html.py", HERE / "fonts.py", HERE / "templates"]
MM = 96 / 25.4  # CSS px
WALL_TOP_MARGIN_MM = 9  # as in wall.css
HEAD_STEP_MM = 5  # wall headers are rounded up to this, so centres with about equal headers share a body


def print_version(faces: dict[int, Path]) -> str:
    """Changes when this code, its templates, WeasyPrint, pypdf or the cut font change."""
    import pypdf
    import weasyprint
    return digest(files_version(*CODE), weasyprint.__version__, pypdf.__version__,
                  *(f"{weight}:{path.name}" for weight, path in sorted(faces.items())))


class Printer:
    """Renders print HTML with the cut Noto Sans CJK SC faces."""

    def __init__(self, faces: dict[int, Path]):
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        self.font_config = FontConfiguration()
        self.stylesheets = [CSS(string=font_face_css(faces), font_config=self.font_config)]

    def render(self, html: str):
        from weasyprint import HTML
        return HTML(string=html, base_url=str(Path.cwd()), url_fetcher=print_fetcher()).render(
            font_config=self.font_config, stylesheets=self.stylesheets)


@lru_cache(maxsize=1)
def print_fetcher():
    """What print HTML may load: QR codes (drawn when laid out) and local files (the cut fonts).
    Nothing over the network: any other address is refused, and WeasyPrint leaves it out."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class PrintFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith(QR_SCHEME):
                return URLFetcherResponse(url, qr_svg(url), {"Content-Type": "image/svg+xml"})
            return super().fetch(url, headers)

    return PrintFetcher(allowed_protocols={"file"})


def titled(document, pages: list, title: str):
    """A document of some laid-out pages of document, with its own title."""
    part = document.copy(pages)
    part.metadata = copy.copy(part.metadata)
    part.metadata.title = title
    return part


def pdf_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.write_pdf(buffer)
    return buffer.getvalue()


def write_atomic(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.", suffix=".part", delete=False) as part:
        part.write(data)
    os.chmod(part.name, 0o644)
    os.replace(part.name, path)
    return path


def plain_objects(data: bytes) -> bytes:
    """The PDF rewritten without object streams (8 % larger), so that joining it into a volume
    reads only its pages, not every object it holds (ten times faster)."""
    from pypdf import PdfWriter
    return written(PdfWriter(clone_from=reader(data)))


def reader(data: bytes):
    from pypdf import PdfReader
    return PdfReader(io.BytesIO(data))


def written(writer) -> bytes:
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


# --- the work: the same in the main process and in workers --------------------------------------

class Work:
    """What every job needs: the catalogue, the site address, the cut faces, the cache."""

    def __init__(self, catalogue: Catalogue, site_url: str, faces: dict[int, Path], cache_root: Path | None = None):
        self.catalogue, self.site_url, self.faces = catalogue, site_url, faces
        self.version = print_version(faces)
        self.cache = Cache("print", cache_root)
        self._printer: Printer | None = None

    @property
    def printer(self) -> Printer:
        if self._printer is None:
            self._printer = Printer(self.faces)
        return self._printer

    def key(self, kind: str, *parts: str) -> str:
        return digest(self.version, kind, *parts)

    # keys: computed from the print HTML (the complete input of a layout) without laying anything out

    def guide_key(self, item: Item) -> str:
        return self.key("guide", item_guide_html(self.catalogue, item, self.site_url))

    def wall_key(self, centre: Centre) -> str:
        return self.key("wall", wall_head_html(self.catalogue, [centre], self.site_url),
                        self._body_html(wall_content(self.catalogue, centre), 0), centre.name)

    def cover_key(self, centre: Centre) -> str:
        return self.key("cover", booklet_covers_html(self.catalogue, [centre], self.site_url, self.volume_url, {}),
                        centre.name)

    def volume_key(self, tier: str, guides: dict[str, tuple[str, int]]) -> str:
        parts = [f"{guides[item.id][0]}|{guides[item.id][1]}|{item.category.name}|{tr.level}"
                 for item, tr in tier_offers(self.catalogue, tier)]
        return self.key("volume", tier, volume_title(self.catalogue, tier), self.catalogue.county.updated, *parts)

    def volume_url(self, tier: str) -> str:
        return addresses.absolute(self.site_url, addresses.volume_pdf(tier))

    def _body_html(self, content, head_mm: int) -> str:
        """The wall body's HTML, made once per content and header room (kept with the catalogue)."""
        return self.catalogue.remembered(("wall_body_html", content, head_mm),
                                         lambda: wall_body_html(self.catalogue, content, head_mm))

    def pages_of(self, key: str) -> int | None:
        data = self.cache.get(key + "-pages")
        return int(data) if data and data.isdigit() else None


_work: Work | None = None  # in a worker process


def init_worker(catalogue: Catalogue, site_url: str, faces: dict[int, Path], cache_root: Path) -> None:
    global _work
    _work = Work(catalogue, site_url, faces, cache_root)


def _here(work: Work | None) -> Work:
    """The work given (in this process), else this worker's."""
    found = work or _work
    assert found is not None, "init_worker() first"
    return found


# --- item guides ------------------------------------------------------------------------------

def guides_job(keyed: list[tuple[str, str]], work: Work | None = None) -> list[tuple[str, str, int]]:
    """Lay out the guides of (item id, key) in one document and cache each guide's PDF.

    A guide that runs onto a second page is laid out again pressed a little (most then fit one
    page), else on its own with numbered pages. Returns (item id, key, pages)."""
    work = _here(work)
    catalogue = work.catalogue
    items = [catalogue.item(ident) for ident, _ in keyed]
    document = work.printer.render(item_guides_html(catalogue, items, work.site_url))
    pages: dict[str, list] = {}
    current = items[0].id
    for page in document.pages:
        starts = [name[5:] for name in page.anchors if name.startswith("item-")]
        current = starts[0] if starts else current
        pages.setdefault(current, []).append(page)
    done = []
    for (ident, key), item in zip(keyed, items):
        title = f"{item.name} 办事指南"
        own, source = pages[ident], document
        if len(own) > 1:
            source = work.printer.render(item_guide_html(catalogue, item, work.site_url, tight=True))
            if len(source.pages) > 1:
                source = work.printer.render(item_guide_html(catalogue, item, work.site_url))
            own = source.pages
        data = work.cache.put(key, plain_objects(pdf_bytes(titled(source, own, title))))
        work.cache.put(key + "-pages", str(len(own)).encode())
        work.cache.put(key + "-fonts", json.dumps(font_info(data)).encode())
        done.append((ident, key, len(own)))
    return done


# --- volumes ----------------------------------------------------------------------------------

def volume_job(tier: str, key: str, guides: dict[str, tuple[str, int]], folder: Path, work: Work | None = None) -> Path:
    """Contents and every guide of the tier, numbered; cached under key and written to folder/<tier>.pdf."""
    from pypdf import PdfWriter

    work = _here(work)
    catalogue, title = work.catalogue, volume_title(work.catalogue, tier)
    offers = tier_offers(catalogue, tier)
    contents_pdf, entries = contents_job(work, tier, offers, guides)
    contents = reader(contents_pdf).pages
    contents_pages = len(contents)
    numbers_pdf = page_numbers_pdf(work, title, contents_pages + sum(guides[i.id][1] for i, _ in offers))
    infos = [font_info(contents_pdf), font_info(numbers_pdf)]
    infos += [json.loads(work.cache.get(guides[item.id][0] + "-fonts") or _missing(item)) for item, _ in offers]
    volume = PdfWriter()
    fonts = SharedFonts(volume, work.faces, infos, work.cache)
    for page in contents:
        volume.add_page(fonts.adopt(page))
    volume.add_outline_item(title="目录", page_number=0)
    for item, _, first in entries:
        for page in reader(work.cache.get(guides[item.id][0]) or _missing(item)).pages:
            volume.add_page(fonts.adopt(page))
        volume.add_outline_item(title=item.name, page_number=first - 1)
    for guide_page, number in zip(volume.pages, reader(numbers_pdf).pages):
        stamp(volume, guide_page, fonts.adopt(number))
    volume.add_metadata({"/Title": f"{catalogue.county.name}{title}"})
    mark_chinese(volume)
    data = work.cache.put(key, written(volume))
    return write_atomic(folder / f"{tier}.pdf", data)


def contents_job(work: Work, tier: str, offers, guides: dict[str, tuple[str, int]]):
    """The volume's first pages (what it is, and the contents with each guide's first page), cached.

    How many pages the contents take decides where the guides start: guessed from the last build of
    this tier (or from the number of rows), laid out, and laid out again only when the guess was wrong."""
    hint = f"contents-pages-{tier}"
    cached = work.cache.get(work.key(hint))
    pages = int(cached) if cached and cached.isdigit() else 1 + len(offers) // CONTENTS_ROWS
    for _ in range(4):
        entries = _numbered(offers, guides, pages + 1)
        html = volume_contents_html(work.catalogue, tier, entries)
        key = work.key("contents", html)
        data = work.cache.get(key)  # kept only when laid out on the pages guessed: right as it is
        if data is not None:
            break
        document = work.printer.render(html)
        guessed, pages = pages, len(document.pages)
        if pages == guessed:
            data = work.cache.put(key, pdf_bytes(document))
            break
    else:  # the guess never settled (more pages shift the numbers, which take fewer): keep the last
        data = pdf_bytes(document)
    work.cache.put(work.key(hint), str(pages).encode())
    return data, entries


def _numbered(offers, guides: dict[str, tuple[str, int]], first: int) -> list[tuple[Item, TierRole, int]]:
    """(item, role, its first page) when the first guide starts on page first."""
    entries = []
    for item, tr in offers:
        entries.append((item, tr, first))
        first += guides[item.id][1]
    return entries


CONTENTS_ROWS = 36  # about how many contents rows fit on a page (only a first guess)


def _missing(item: Item) -> bytes:
    raise RuntimeError(f"cached guide of {item.id} vanished while the volume was made")


def page_numbers_pdf(work: Work, title: str, count: int) -> bytes:
    """Pages 1..count that hold only '<title> · 第 n 页' at the top right (cached)."""
    key = work.key("numbers", title, str(count))
    return work.cache.get(key) or work.cache.put(key, pdf_bytes(work.printer.render(page_numbers_html(1, count, title))))


def stamp(writer, page, overlay) -> None:
    """Draw overlay (a page of another PDF, same size) over page, as a form XObject.

    pypdf's merge_page parses both content streams; a form keeps the overlay's resources apart,
    so nothing needs renaming or parsing."""
    from pypdf.generic import ArrayObject, DecodedStreamObject, NameObject

    form = DecodedStreamObject()
    form.set_data(_content_bytes(overlay))
    form.update({NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Form"),
                 NameObject("/BBox"): ArrayObject(overlay.mediabox),
                 NameObject("/Resources"): overlay["/Resources"].clone(writer)})
    resources = page["/Resources"].get_object()
    xobjects = resources.setdefault(NameObject("/XObject"), type(resources)()).get_object()
    name = NameObject(f"/BianminOverlay{len(xobjects)}")
    xobjects[name] = writer._add_object(form)
    before, after = DecodedStreamObject(), DecodedStreamObject()
    before.set_data(b"q\n")
    after.set_data(b"\nQ\nq " + name.encode() + b" Do Q\n")
    contents = page["/Contents"].get_object()
    own = list(contents) if isinstance(contents, ArrayObject) else [page.raw_get("/Contents")]
    page[NameObject("/Contents")] = ArrayObject([writer._add_object(before), *own, writer._add_object(after)])


def _content_bytes(page) -> bytes:
    contents = page["/Contents"].get_object()
    parts = contents if isinstance(contents, list) else [contents]
    return b"\n".join(part.get_object().get_data() for part in parts)


def mark_chinese(writer) -> None:
    """The document language, as WeasyPrint writes it from lang="zh-CN" (screen readers use it)."""
    from pypdf.generic import NameObject, TextStringObject
    writer._root_object[NameObject("/Lang")] = TextStringObject("zh-CN")


# --- one font for a document joined from many -------------------------------------------------

def font_info(data: bytes) -> dict:
    """weight -> {"w": {glyph id: width}, "u": {glyph id hex: text hex}, "d": the font's descriptor numbers}
    for the cut faces used in a PDF (all pages, and the forms on them)."""
    info: dict = {}
    for page in reader(data).pages:
        for fonts in _font_dicts(page.get("/Resources")):
            for name in list(fonts):
                font = fonts[name].get_object()
                weight = _weight(font)
                if weight is None:
                    continue
                descendant = font["/DescendantFonts"][0].get_object()
                entry = info.setdefault(str(weight), {"w": {}, "u": {}, "d": {}})
                entry["w"].update({str(g): w for g, w in _widths(descendant["/W"]).items()})
                entry["u"].update({g.decode(): t.decode() for g, t in
                                   _to_unicode(font["/ToUnicode"].get_object().get_data()).items()})
                descriptor = descendant["/FontDescriptor"].get_object()
                entry["d"] = {k: _plain(descriptor[k]) for k in ("/Flags", "/FontBBox", "/ItalicAngle", "/Ascent",
                                                                  "/Descent", "/CapHeight", "/StemV", "/StemH")
                              if k in descriptor}
    return info


def _plain(value):
    return [float(v) for v in value] if isinstance(value, list) else float(value)


def _weight(font) -> int | None:
    base = str(font.get("/BaseFont", ""))
    if "Noto-Sans-CJK-SC-Print" not in base:
        return None
    return 700 if base.endswith("-Bold") else 400


def _font_dicts(resources):
    """The /Font dictionaries of resources and of the forms in them."""
    resources = resources.get_object() if resources is not None else None
    if not resources:
        return
    fonts = resources.get("/Font")
    if fonts is not None:
        yield fonts.get_object()
    xobjects = resources.get("/XObject")
    for xobject in (xobjects.get_object().values() if xobjects is not None else ()):
        xobject = xobject.get_object()
        if xobject.get("/Subtype") == "/Form":
            yield from _font_dicts(xobject.get("/Resources"))


class SharedFonts:
    """One embedded font per weight for a document joined from many PDFs.

    Every PDF here was made from the same cut faces, and WeasyPrint keeps the glyph ids of the
    face it is given, so the joined PDFs' subsets differ only in which glyphs they hold: one subset
    holding all of them (infos: font_info of each part), with all their widths and text mappings,
    serves every page. adopt(page) points a page's fonts at it before the page is copied, so the
    parts' own fonts are never read nor written."""

    def __init__(self, writer, faces: dict[int, Path], infos: list[dict], cache: Cache | None = None):
        self.writer, self.cache = writer, cache
        self.shared: dict[int, object] = {}
        merged: dict[str, dict] = {}
        for info in infos:
            for weight, entry in info.items():
                into = merged.setdefault(weight, {"w": {}, "u": {}, "d": entry["d"]})
                into["w"].update(entry["w"])
                into["u"].update(entry["u"])
        for weight, entry in merged.items():
            if int(weight) in faces:
                self.shared[int(weight)] = self._font(int(weight), faces[int(weight)], entry)

    def _font(self, weight: int, face: Path, entry: dict):
        from pypdf.generic import (
            ArrayObject,
            DecodedStreamObject,
            DictionaryObject,
            FloatObject,
            NameObject,
            NumberObject,
            TextStringObject,
        )

        def number(value):
            return ArrayObject(number(v) for v in value) if isinstance(value, list) else (
                NumberObject(int(value)) if float(value).is_integer() else FloatObject(value))

        writer = self.writer
        widths = {int(g): int(w) for g, w in entry["w"].items()}
        name = NameObject(f"/{'BMSHAR' if weight == 400 else 'BMSHBD'}+Noto-Sans-CJK-SC-Print{'-Bold' if weight == 700 else ''}")
        file = DecodedStreamObject()
        file.set_data(self._subset(face, sorted(widths)))
        file[NameObject("/Subtype")] = NameObject("/OpenType")
        descriptor = DictionaryObject({NameObject(k): number(v) for k, v in entry["d"].items()})
        descriptor.update({NameObject("/Type"): NameObject("/FontDescriptor"), NameObject("/FontName"): name,
                           NameObject("/FontFamily"): TextStringObject("Noto Sans CJK SC Print"),
                           NameObject("/FontFile3"): writer._add_object(file.flate_encode())})
        w = ArrayObject()
        for gid in sorted(widths):
            w += [NumberObject(gid), ArrayObject([NumberObject(widths[gid])])]
        system = DictionaryObject({NameObject("/Registry"): TextStringObject("Adobe"),
                                   NameObject("/Ordering"): TextStringObject("Identity"),
                                   NameObject("/Supplement"): NumberObject(0)})
        descendant = DictionaryObject({
            NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/CIDFontType0"),
            NameObject("/BaseFont"): name, NameObject("/CIDSystemInfo"): system,
            NameObject("/CIDToGIDMap"): NameObject("/Identity"), NameObject("/W"): w,
            NameObject("/FontDescriptor"): writer._add_object(descriptor)})
        cmap = DecodedStreamObject()
        cmap.set_data(_cmap({g.encode(): t.encode() for g, t in entry["u"].items()}))
        return writer._add_object(DictionaryObject({
            NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type0"),
            NameObject("/BaseFont"): name, NameObject("/Encoding"): NameObject("/Identity-H"),
            NameObject("/DescendantFonts"): ArrayObject([writer._add_object(descendant)]),
            NameObject("/ToUnicode"): writer._add_object(cmap.flate_encode())}))

    def _subset(self, face: Path, gids: list[int]) -> bytes:
        """_subset_font, kept in the cache: a volume rebuilt after an edit mostly needs the same glyphs."""
        if self.cache is None:
            return _subset_font(face, gids)
        key = digest("subset", face.name, ",".join(map(str, gids)))
        return self.cache.get(key) or self.cache.put(key, _subset_font(face, gids))

    def adopt(self, page):
        """page (of a part, not yet copied), its cut-face fonts replaced by the shared ones."""
        from pypdf.generic import DictionaryObject, NameObject

        for holder in _resource_holders(page):
            fonts = holder["/Resources"].get_object().get("/Font")
            if fonts is None:
                continue
            fonts = fonts.get_object()
            replaced = DictionaryObject()
            for name in list(fonts):
                weight = _weight(fonts[name].get_object())
                replaced[NameObject(name)] = self.shared.get(weight, fonts.raw_get(name)) if weight else fonts.raw_get(name)
            holder["/Resources"].get_object()[NameObject("/Font")] = replaced
        return page


def _resource_holders(page):
    """page and the forms drawn on it: everything with /Resources that may name fonts."""
    yield page
    resources = page.get("/Resources")
    xobjects = resources.get_object().get("/XObject") if resources is not None else None
    for xobject in (xobjects.get_object().values() if xobjects is not None else ()):
        xobject = xobject.get_object()
        if xobject.get("/Subtype") == "/Form" and "/Resources" in xobject:
            yield xobject


def _widths(array) -> dict[int, int]:
    widths, items = {}, list(array)
    for i in range(0, len(items) - 1, 2):
        first, values = int(items[i]), items[i + 1]
        for offset, width in enumerate(values):
            widths[first + offset] = int(width)
    return widths


def _to_unicode(data: bytes) -> dict[bytes, bytes]:
    return dict(re.findall(rb"<([0-9a-fA-F]{4})>\s*<([0-9a-fA-F]+)>", data))


def _cmap(mapping: dict) -> bytes:
    lines = [b"/CIDInit /ProcSet findresource begin", b"12 dict begin", b"begincmap",
             b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
             b"/CMapName /Adobe-Identity-UCS def", b"/CMapType 2 def",
             b"1 begincodespacerange", b"<0000> <ffff>", b"endcodespacerange"]
    pairs = sorted(mapping.items())
    for start in range(0, len(pairs), 100):
        chunk = pairs[start:start + 100]
        lines.append(f"{len(chunk)} beginbfchar".encode())
        lines += [b"<" + gid + b"> <" + text + b">" for gid, text in chunk]
        lines.append(b"endbfchar")
    lines += [b"endcmap", b"CMapName currentdict /CMap defineresource pop", b"end", b"end"]
    return b"\n".join(lines)


def _subset_font(face: Path, gids: list[int]) -> bytes:
    """The cut face with only these glyphs, at their glyph ids (as WeasyPrint embeds it)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(str(face), lazy=True)
    options = subset.Options(retain_gids=True, hinting=False, desubroutinize=True, notdef_outline=True,
                             name_IDs=["*"], layout_features=[], glyph_names=False)
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "vhea", "vmtx", "VORG"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(gids=[0, *gids])
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue()


# --- booklet covers ---------------------------------------------------------------------------

def covers_job(keyed: list[tuple[str, str]], folder: Path, work: Work | None = None) -> list[Path]:
    """The covers of (centre id, key), laid out in one document; each written as <id>-booklet.pdf."""
    work = _here(work)
    catalogue = work.catalogue
    centres = [catalogue.centre(ident) for ident, _ in keyed]
    document = work.printer.render(booklet_covers_html(catalogue, centres, work.site_url, work.volume_url, {}))
    paths = []
    for (ident, key), centre, page in zip(keyed, centres, document.pages):
        data = work.cache.put(key, pdf_bytes(titled(document, [page], f"{centre.name} 办事指南汇编")))
        paths.append(write_atomic(folder / f"{ident}-booklet.pdf", data))
    return paths


# --- wall charts ------------------------------------------------------------------------------

def walls_job(keyed: list[tuple[str, str]], folder: Path, work: Work | None = None) -> list[Path]:
    """The wall charts of (centre id, key): headers in one document, each laid over its body."""
    from pypdf import PdfWriter

    work = _here(work)
    catalogue = work.catalogue
    centres = [catalogue.centre(ident) for ident, _ in keyed]
    heads = work.printer.render(wall_head_html(catalogue, centres, work.site_url))
    head_pages = reader(pdf_bytes(heads)).pages
    paths = []
    for i, ((ident, key), centre) in enumerate(zip(keyed, centres)):
        head_mm = heads.pages[i].anchors[f"head-end-{i}"][1] / MM - WALL_TOP_MARGIN_MM + 2
        body_key, body_pdf = wall_body_pdf(work, wall_content(catalogue, centre), -(-int(head_mm) // HEAD_STEP_MM) * HEAD_STEP_MM)
        work.cache.put(key + "-body", body_key.encode())  # a rebuild that reuses the chart keeps its body too
        chart = PdfWriter(clone_from=reader(body_pdf))
        stamp(chart, chart.pages[0], head_pages[i])
        chart.add_metadata({"/Title": f"{centre.name} 便民服务事项公示"})
        mark_chinese(chart)
        paths.append(write_atomic(folder / f"{ident}-wall.pdf", work.cache.put(key, written(chart))))
    return paths


def wall_body_pdf(work: Work, content, head_mm: int) -> tuple[str, bytes]:
    """The body of a wall chart (every sheet; the first leaves head_mm for the header), cached: (key, PDF)."""
    html = work._body_html(content, head_mm)
    key = work.key("wall-body", html)
    return key, work.cache.get(key) or work.cache.put(key, pdf_bytes(work.printer.render(html)))
