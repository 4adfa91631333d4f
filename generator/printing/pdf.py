"""From print HTML to PDF files with WeasyPrint: lay out each distinct page once, reuse it everywhere.

- Each item guide is laid out once; its pages serve the item's PDF and every booklet.
- Wall charts: the headers of all centres are laid out in one document (one page each); the body
  (the table of items) is laid out once per distinct content and the header laid over it with pypdf.
  The 169 village stations mostly share one body.
- Booklets: the covers of all centres are laid out in one document; contents and guides form one
  body per distinct list of items, its pages numbered by laying a page of numbers over each;
  each centre's booklet is its cover joined to its body.
- The font is cut once to the characters used (print_fonts), so PDFs are small and fast to write.
Every file is written to a temporary name and renamed into place.
"""
from __future__ import annotations

import copy
import io
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from ..catalogue.model import Catalogue, Centre, Item
from .fonts import compact_faces, find_faces, font_face_css
from .html import (
    booklet_contents_html,
    booklet_covers_html,
    booklet_key,
    here_word,
    item_guide_html,
    item_guides_html,
    page_numbers_html,
    wall_body_html,
    wall_content,
    wall_heads_html,
)

# (columns, type size in pt), largest type first: a wall chart takes the first that fits on one page.
# Two columns on A3 landscape leave room for 15 pt at most (six columns of about 35 em).
WALL_LAYOUTS = ((1, 22), (1, 20), (1, 18), (1, 16), (2, 15), (2, 14), (2, 13), (2, 12), (2, 11.5), (2, 11),
                (2, 10.5), (2, 10), (2, 9.5), (2, 9))
MM = 96 / 25.4  # CSS px
WALL_TOP_MARGIN_PX, WALL_BOTTOM_MARGIN_PX = 9 * MM, 8 * MM  # as in wall.css
HEAD_GAP_PX = 2 * MM


class Printer:
    """Renders print HTML with the cut Noto Sans CJK SC faces and keeps what can be reused."""

    def __init__(self, catalogue: Catalogue, site_url: str, text: str):
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        self.catalogue, self.site_url = catalogue, site_url
        self.font_config = FontConfiguration()
        css = font_face_css(compact_faces(text, find_faces()))
        self.stylesheets = [CSS(string=css, font_config=self.font_config)]
        self.guides: dict[str, list] = {}  # item id -> laid-out pages of its guide
        self.base = None  # a rendered document, to make new documents of laid-out pages
        self.wall_guess: dict[str, int] = {}  # the layout that fitted last, per kind of centre: a good first try

    def render(self, html: str):
        from weasyprint import HTML
        return HTML(string=html, base_url=str(Path.cwd())).render(
            font_config=self.font_config, stylesheets=self.stylesheets)

    def lay_out_guides(self, items: list[Item]) -> None:
        """Lay out the guides of items in one document (cheaper than one document each).

        A guide that takes more than one page is laid out again on its own, to number its pages."""
        missing = [item for item in items if item.id not in self.guides]
        if not missing:
            return
        document = self.render(item_guides_html(self.catalogue, missing, self.site_url))
        if self.base is None:
            self.base = document
        pages: dict[str, list] = {}
        current = missing[0].id
        for page in document.pages:
            starts = [name[5:] for name in page.anchors if name.startswith("item-")]
            current = starts[0] if starts else current
            pages.setdefault(current, []).append(page)
        for item in missing:
            if len(pages[item.id]) > 1:
                pages[item.id] = self.render(item_guide_html(self.catalogue, item, self.site_url)).pages
            self.guides[item.id] = pages[item.id]

    def guide(self, item: Item) -> list:
        """The pages of the item's guide."""
        self.lay_out_guides([item])
        return self.guides[item.id]

    def document(self, pages: list, title: str):
        """A document of laid-out pages, from any of the documents rendered."""
        assert self.base is not None, "render() a document first"
        document = self.base.copy(pages)
        document.metadata = copy.copy(document.metadata)
        document.metadata.title = title
        return document

    def wall_body(self, content, here: str, head_px: float):
        """The body with the largest type that keeps the chart on one page (else the smallest type)."""
        tried: dict[int, object] = {}

        def fits(index: int) -> bool:
            columns, size = WALL_LAYOUTS[index]
            html = wall_body_html(self.catalogue, content, here, columns, size, head_px)
            tried[index] = self.render(html)
            return fits_one_page(tried[index], "wall-end", WALL_BOTTOM_MARGIN_PX)

        # the first body of a kind looks for the largest type; later ones keep the guess when it fits
        guess = self.wall_guess.get(here)
        index = first_fit(fits, len(WALL_LAYOUTS), len(WALL_LAYOUTS) // 2 if guess is None else guess,
                          climb=guess is None)
        if index not in tried:
            fits(index)
        self.wall_guess[here] = index
        return tried[index]

    def booklet_contents(self, centre: Centre):
        """The contents pages, and (item, role, first page in the booklet) for each guide in it."""
        offers = self.catalogue.offers(centre)
        pages = 1
        for _ in range(3):  # the contents may take more pages than guessed: then number again
            entries, page = [], 2 + pages  # the cover is page 1
            for item, role in offers:
                entries.append((item, role, page))
                page += len(self.guide(item))
            contents = self.render(booklet_contents_html(self.catalogue, centre, entries))
            if len(contents.pages) == pages:
                break
            pages = len(contents.pages)
        return contents, entries


def first_fit(fits: Callable[[int], bool], count: int, guess: int, climb: bool = True) -> int:
    """The first index for which fits() holds (fits is monotone); the last when none does.

    Tries the guess and its neighbour first, then bisects. With climb=False a guess that fits is
    taken as it is."""
    low, high = 0, count - 1  # the answer lies in [low, high]
    guess = min(max(guess, 0), high)
    near = [guess]
    while low < high:
        middle = near.pop() if near else (low + high) // 2
        if fits(middle):
            high = middle
            if middle == guess and not climb:
                return middle
            if middle == guess and middle > low:
                near.append(middle - 1)
        else:
            low = middle + 1
            if middle == guess and middle + 1 < high:
                near.append(middle + 1)
    return min(low, count - 1)


def fits_one_page(document, end_anchor: str, bottom_margin_px: float) -> bool:
    """One page, and the element marking the end of the content lies inside the page area."""
    if len(document.pages) != 1:
        return False
    page = document.pages[0]
    position = page.anchors.get(end_anchor)
    return position is not None and position[1] <= page.height - bottom_margin_px + 0.5


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


def _reader(data: bytes):
    from pypdf import PdfReader
    return PdfReader(io.BytesIO(data))


def _written(writer) -> bytes:
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def stamp(writer, page, overlay) -> None:
    """Draw overlay (a page of another PDF, same size) over page, as a form XObject.

    pypdf's merge_page parses both content streams (a quarter of a second for a wall chart);
    a form keeps the overlay's resources apart, so nothing needs renaming or parsing."""
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


def _mark_chinese(writer) -> None:
    """The document language, as WeasyPrint writes it from lang="zh-CN" (screen readers use it)."""
    from pypdf.generic import NameObject, TextStringObject
    writer._root_object[NameObject("/Lang")] = TextStringObject("zh-CN")


def _content_bytes(page) -> bytes:
    contents = page["/Contents"].get_object()
    parts = contents if isinstance(contents, list) else [contents]
    return b"\n".join(part.get_object().get_data() for part in parts)


# --- the three kinds of file -------------------------------------------------------------------

def item_pdfs(printer: Printer, items: list[Item], folder: Path) -> list[Path]:
    printer.lay_out_guides(items)
    return [write_atomic(folder / f"{item.id}.pdf", pdf_bytes(printer.document(printer.guide(item), f"{item.name} 办事指南")))
            for item in items]


def wall_pdfs(printer: Printer, centres: list[Centre], folder: Path) -> list[Path]:
    from pypdf import PdfWriter

    catalogue = printer.catalogue
    heads = printer.render(wall_heads_html(catalogue, centres, printer.site_url))
    head_pages = _reader(pdf_bytes(heads)).pages
    head_px = [page.anchors[f"head-end-{i}"][1] - WALL_TOP_MARGIN_PX + HEAD_GAP_PX for i, page in enumerate(heads.pages)]
    written = []
    for (content, here), members in _group(centres, lambda c: (wall_content(catalogue, c), here_word(c))).items():
        body = _reader(pdf_bytes(printer.wall_body(content, here, max(head_px[i] for i, _ in members))))
        for i, centre in members:
            writer = PdfWriter(clone_from=body)
            stamp(writer, writer.pages[0], head_pages[i])
            writer.add_metadata({"/Title": f"{centre.name} 便民服务事项公示"})
            written.append(write_atomic(folder / f"{centre.id}-wall.pdf", _written(writer)))
    return written


def wall_pdfs_job(catalogue: Catalogue, site_url: str, text: str, centres: list[Centre], folder: Path) -> list[Path]:
    """wall_pdfs in a process of its own (everything it takes can be pickled)."""
    return wall_pdfs(Printer(catalogue, site_url, text), centres, folder)


def covers_pdf(printer: Printer, centres: list[Centre]) -> bytes:
    return pdf_bytes(printer.render(booklet_covers_html(printer.catalogue, centres, printer.site_url)))


def covers_pdf_job(catalogue: Catalogue, site_url: str, text: str, centres: list[Centre]) -> bytes:
    """covers_pdf in a process of its own."""
    return covers_pdf(Printer(catalogue, site_url, text), centres)


def booklet_pdfs(printer: Printer, centres: list[Centre], folder: Path,
                 covers: Callable[[], bytes] | None = None) -> list[Path]:
    """Cover, contents and guides; the guides are written once into one PDF and their pages shared.

    covers: gives the covers PDF (one page per centre) when it is made elsewhere."""
    from pypdf import PdfWriter

    catalogue = printer.catalogue
    items = list({item.id: item for centre in centres for item, _ in catalogue.offers(centre)}.values())
    printer.lay_out_guides(items)
    first_pages, page = {}, 0
    for item in items:
        first_pages[item.id], page = page, page + len(printer.guide(item))
    all_pages = [p for item in items for p in printer.guide(item)]
    all_guides = _reader(pdf_bytes(printer.document(all_pages, "办事指南"))) if all_pages else None
    written, groups = [], _group(centres, lambda c: booklet_key(catalogue, c))
    longest = 10 + max(sum(len(printer.guide(item)) for item, _ in catalogue.offers(members[0][1]))
                       for members in groups.values())  # guides, and room for the contents
    numbers = _reader(pdf_bytes(printer.render(page_numbers_html(2, longest + 1, "办事指南汇编")))).pages
    bodies = [(members, _booklet_body(printer, members[0][1], first_pages, all_guides, numbers))
              for members in groups.values()]
    cover_pages = _reader(covers() if covers else covers_pdf(printer, centres)).pages
    for members, body in bodies:
        for i, centre in members:
            writer = PdfWriter(clone_from=body)
            writer.insert_page(cover_pages[i], 0)
            writer.add_metadata({"/Title": f"{centre.name} 办事指南汇编"})
            written.append(write_atomic(folder / f"{centre.id}-booklet.pdf", _written(writer)))
    return written


def _booklet_body(printer: Printer, centre: Centre, first_pages: dict[str, int], all_guides, numbers):
    """Contents and guides of the centre's booklet, with a bookmark per item: everything but the cover.

    Each page gets the booklet's page number (numbers[0] is page 2), the one the contents cite."""
    from pypdf import PdfWriter

    contents, entries = printer.booklet_contents(centre)
    body = PdfWriter()
    body.append(_reader(pdf_bytes(contents)), import_outline=False)
    for item, _, first in entries:
        for number in range(first_pages[item.id], first_pages[item.id] + len(printer.guide(item))):
            body.add_page(all_guides.pages[number])
        body.add_outline_item(title=item.name, page_number=first - 2)  # the cover comes later
    for index, page in enumerate(body.pages):
        if index < len(numbers):
            stamp(body, page, numbers[index])
    _mark_chinese(body)
    return _reader(_written(body))


def _group(centres: list[Centre], key) -> dict:
    """Centres by key, each with its index in centres (its page in the headers and covers documents)."""
    groups: dict = {}
    for index, centre in enumerate(centres):
        groups.setdefault(key(centre), []).append((index, centre))
    return groups
