"""Printed guides read back as a reader would: pdftotext, pdffonts, pdfinfo, and a QR scanner."""
from __future__ import annotations

import dataclasses
import re
import subprocess
import sys

import pytest
from support import CATALOGUE, ROOT, require

from generator.catalogue.build import load_catalogue

pytestmark = pytest.mark.pdf

SITE = "https://fufeng.example.org/bianmin/"
ITEM_LIMIT_BYTES = 120 * 1024  # the target is 80 KB: the demo's are 82–111 KB (docs/print.md)
SECOND_PAGE_BYTES = 40 * 1024  # a second page brings its own characters (the test's long guide: 123 KB)
A3_LANDSCAPE = "1190.55 x 841.89 pts"
CLOSING = "，。、；：？！）》」』】〉”’…"  # never at the start of a line
OPENING = "（《「『【〈“‘"  # never at the end of one
PT_PER_HEIGHT = 1.0  # pdftotext word boxes in Typst's PDFs are 1 em high

WALL_COLUMN_HEADS = {"事项", "本站", "本中心", "承诺时限", "收费"}  # 12 pt labels above the first window's rows

pytestmark = [pytest.mark.pdf, pytest.mark.slow]


@pytest.fixture(scope="module", autouse=True)
def own_cache(tmp_path_factory):
    """Each run of this module starts from an empty cache: what it checks was rendered here."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BIANMIN_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        patch.setenv("BIANMIN_PROGRESS", "off")
        yield


@pytest.fixture(scope="module")
def catalogue():
    catalogue, result = load_catalogue(CATALOGUE)
    assert catalogue is not None, [str(p) for p in result.problems][:5]
    return catalogue


@pytest.fixture(scope="module")
def village(catalogue):
    return next(c for c in catalogue.centres_at("village") if not c.exceptions)


@pytest.fixture(scope="module")
def suspended(catalogue):
    """A centre with exceptions (暂停办理)."""
    return next(c for c in catalogue.centres if c.exceptions)


@pytest.fixture(scope="module")
def small(catalogue, village, suspended):
    """The demo catalogue cut to a few items (a volume holds every guide of its tier)."""
    offered = [item for item, _ in catalogue.offers(village)]
    keep = ({i.id for i in offered[:4]} | {"dibao", "juzhuzheng", "dianfei-daijiao", _longest(catalogue).id}
            | {ident for ident, _ in suspended.exceptions})
    dibao = catalogue.item("dibao")  # and a guide that needs a second page
    long = dataclasses.replace(dibao, id="long-guide", name="长指南", materials=dibao.materials * 6)
    return dataclasses.replace(catalogue, items=tuple(i for i in catalogue.items if i.id in keep) + (long,))


def _longest(catalogue):
    return max(catalogue.items, key=lambda i: (len(i.materials) + len(i.conditions) + len(i.steps), i.id))


@pytest.fixture(scope="module")
def printed(small, village, suspended, tmp_path_factory):
    require("cjk-font", "pdftotext", "pdffonts")
    from generator.printing import write_pdfs
    out = tmp_path_factory.mktemp("site")
    centres = [village.id, suspended.id, next(c.id for c in small.centres_at("town")), small.centres_at("county")[0].id]
    write_pdfs(small, out, SITE, items=[i.id for i in small.items], centres=centres)
    return out / "print"


def run(*command: str) -> str:
    return subprocess.run(command, capture_output=True, text=True, check=True, timeout=120).stdout


def info(pdf) -> dict[str, str]:
    """pdfinfo's answers (it also complains about Typst's /Suspects false on stderr: harmless)."""
    return dict(line.split(":", 1) for line in run("pdfinfo", str(pdf)).splitlines() if ":" in line)


def pages(pdf) -> int:
    return int(info(pdf)["Pages"])


def text(pdf) -> str:
    """The text in the order it is drawn: a cell's wrapped lines stay together."""
    return run("pdftotext", "-raw", str(pdf), "-")


def test_item_guide_shows_the_chinese_text(printed, small):
    item = small.item("dibao")
    shown = re.sub(r"\s+", "", text(printed / "items" / "dibao.pdf"))
    for expected in [item.name, item.consult_phone, item.complaint_phone, small.county.updated, "示例数据",
                     "一次性告知", *(m.name for m in item.materials), *(c for c in item.conditions)]:
        assert re.sub(r"\s+", "", expected) in shown, expected


def test_fonts_are_the_simplified_chinese_face_embedded_and_subset(printed, village):
    for pdf in [printed / "items" / "dibao.pdf", printed / "centres" / f"{village.id}-wall.pdf",
                printed / "centres" / f"{village.id}-booklet.pdf", printed / "volumes" / "village.pdf"]:
        rows = run("pdffonts", str(pdf)).splitlines()[2:]
        assert rows, pdf
        for row in rows:
            name, emb, sub = row.split()[0], row.split()[-5], row.split()[-4]
            assert "BianminSansSC" in name and (emb, sub) == ("yes", "yes"), row  # Noto Sans CJK SC's quick copy
        weights = {"Bold" if "Bold" in row.split()[0] else "Regular" for row in rows}
        assert weights <= {"Regular", "Bold"}


def test_item_guides_fit_two_pages_and_stay_small(printed, small):
    for item_id in ["dibao", _longest(small).id]:
        pdf = printed / "items" / f"{item_id}.pdf"
        assert 1 <= pages(pdf) <= 2
        limit = ITEM_LIMIT_BYTES + (pages(pdf) - 1) * SECOND_PAGE_BYTES
        assert pdf.stat().st_size < limit, (item_id, pdf.stat().st_size)


def test_village_wall_chart_shows_what_the_station_does_by_window(printed, small, village):
    from generator.printing.layouts.wall import ROLE_PLAIN, wall_fee
    pdf = printed / "centres" / f"{village.id}-wall.pdf"
    assert pages(pdf) == 1 and A3_LANDSCAPE in info(pdf)["Page size"]
    shown = re.sub(r"\s+", "", text(pdf))
    assert village.name in shown and small.county.supervision_phone in shown
    roles = set()
    for item, role in small.offers(village):
        assert (re.sub(r"\s+", "", item.name) in shown) == (role.level > 1), item.name
        if role.level > 1:
            roles.add(role.role)
            fee = wall_fee(item)
            assert fee == "不收费" or "收费：" + re.sub(r"\s+", "", fee) in shown, fee
    assert "没写收费的都不收费" in shown
    consult = sum(1 for _, role in small.offers(village) if role.level == 1)
    assert f"另有{consult}个事项可以在本站咨询" in shown
    for word in roles:  # the legend says what each role word on the chart means
        assert f"{word}：{ROLE_PLAIN[word]}" in shown, word


def test_a_windows_phone_is_printed_only_where_it_differs_from_the_centres(printed, small, village):
    from generator.printing.layouts import LAYOUTS, Source
    for centre in [village, next(c for c in small.centres_at("town"))]:
        shown = re.sub(r"\s+", "", text(printed / "centres" / f"{centre.id}-wall.pdf"))
        groups = LAYOUTS["wall"].data(Source(small, SITE), centre)["groups"]
        for group in groups:
            window = next((w for w in centre.windows if w.name == group["window"]), None)
            own = next((p.phone for p in window.posts if p.phone), "") if window else ""
            if own and own != centre.phone:
                assert group["phone"] == own and f"电话{own}" in shown
            else:
                assert group["phone"] is None
        assert shown.count(centre.phone) == 2  # in the header and the feedback line, never beside a window


def test_guides_and_wall_charts_say_whom_to_tell_when_they_are_wrong(printed, small, village):
    """这页不对？提意见 with a phone and the feedback page's short address (no second QR code): the
    county centre's phone on a guide (also in the volume, which places the guide's pages), the
    centre's own on its wall chart."""
    county_centre = small.centres_at("county")[0]
    feedback = f"{SITE}feedback/"
    for pdf, phone in [(printed / "items" / "dibao.pdf", county_centre.phone),
                       (printed / "items" / "long-guide.pdf", county_centre.phone),
                       (printed / "volumes" / "village.pdf", county_centre.phone),
                       (printed / "centres" / f"{village.id}-wall.pdf", village.phone)]:
        shown = re.sub(r"\s+", "", text(pdf))
        assert f"这页不对？提意见：请打{phone}，或上网{feedback}" in shown, pdf.name
    assert pages(printed / "centres" / f"{village.id}-wall.pdf") == 1  # one QR code on it: test_qr_codes_scan…


def test_the_tier_volume_has_contents_and_every_guide_on_the_page_it_gives(printed, small):
    pdf = printed / "volumes" / "village.pdf"
    contents = re.sub(r"\s+", "", run("pdftotext", "-raw", "-f", "1", "-l", "1", str(pdf), "-"))
    offered = small.tier_offers("village")
    assert "目录" in contents and all(re.sub(r"\s+", "", item.name) in contents for item, _ in offered)
    guide_pages = sum(pages(printed / "items" / f"{item.id}.pdf") for item, _ in offered)
    assert pages(pdf) == 1 + guide_pages  # one page of contents, the guides
    assert "目录第i页" in contents  # as in a book: the contents numbered on their own, the guides from 1
    assert re.search(rb"/PageLabels", pdf.read_bytes())  # a viewer shows i, 1, 2, … as printed
    page = 1
    for item, _ in offered:  # each guide starts on the page the contents give, and the page says so
        assert f"第{page}页" in contents
        sheet = 1 + page  # after the one page of contents
        shown = re.sub(r"\s+", "", run("pdftotext", "-raw", "-f", str(sheet), "-l", str(sheet), str(pdf), "-"))
        assert re.sub(r"\s+", "", item.name) in shown and f"汇编·第{page}页" in shown
        page += pages(printed / "items" / f"{item.id}.pdf")


def test_the_volume_has_a_bookmark_for_the_contents_and_each_guide(printed, small):
    outline = run("pdftotext", "-raw", "-f", "1", "-l", "1", str(printed / "volumes" / "village.pdf"), "-")
    assert "目录" in outline
    data = (printed / "volumes" / "village.pdf").read_bytes()
    titles = re.findall(rb"/Title\s*<FEFF([0-9A-F]+)>", data) + re.findall(rb"/Title\s*\(([^)]*)\)", data)
    assert len(titles) >= 1 + len(small.tier_offers("village"))  # the document's, the contents', each guide's
    assert b"/Outlines" in data


def test_the_volume_places_the_guides_own_pages_not_laid_out_again(printed, small):
    """Each guide is laid out once: the volume's pages carry the guides' own font subsets, and the
    volume is no bigger than its guides together (their structure trees are left out)."""
    volume = printed / "volumes" / "village.pdf"
    offered = [printed / "items" / f"{item.id}.pdf" for item, _ in small.tier_offers("village")]

    def subsets(pdf):
        return {row.split()[0] for row in run("pdffonts", str(pdf)).splitlines()[2:]}
    placed = subsets(volume)
    assert all(subsets(guide) <= placed for guide in offered)
    assert volume.stat().st_size < sum(guide.stat().st_size for guide in offered)


def test_a_centre_booklet_is_a_cover_naming_its_volume_and_its_exceptions(printed, small, village, suspended):
    pdf = printed / "centres" / f"{suspended.id}-booklet.pdf"
    assert pages(pdf) == 1
    shown = re.sub(r"\s+", "", text(pdf))
    assert suspended.name in shown and "汇编" in shown and f"{SITE}print/volumes/{suspended.tier}.pdf" in shown
    for item, reason in small.excepted(suspended):
        assert re.sub(r"\s+", "", item.name) in shown and re.sub(r"\s+", "", reason)[:20] in shown
    assert "暂停办理" not in re.sub(r"\s+", "", text(printed / "centres" / f"{village.id}-booklet.pdf"))


def type_sizes(pdf) -> dict[str, float]:
    """Each word pdftotext finds, with its type size in pt (the smallest where a word repeats)."""
    layout = run("pdftotext", "-bbox-layout", str(pdf), "-")
    sizes: dict[str, float] = {}
    for y_min, y_max, word in re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<', layout):
        size = (float(y_max) - float(y_min)) * PT_PER_HEIGHT
        sizes[word] = min(size, sizes.get(word, size))
    return sizes


def test_wall_charts_are_legible_from_a_metre_at_every_tier(printed, small, village, suspended):
    """Body (item names, fees) at least 14 pt, nothing under 12 pt, at every tier."""
    import html

    from generator.printing.layouts.wall import wall_fee
    centres = [village, suspended, next(c for c in small.centres_at("town")), small.centres_at("county")[0]]
    for centre in centres:
        sizes = type_sizes(printed / "centres" / f"{centre.id}-wall.pdf")
        words = {html.unescape(w): size for w, size in sizes.items()}
        assert min(words.values()) >= 12 - 0.05, (centre.id, min(words.items(), key=lambda kv: kv[1]))
        rows = [(item.name, "" if wall_fee(item) == "不收费" else wall_fee(item))
                for item, role in small.offers(centre) if role.level > 1]
        assert rows, centre.id
        for name, fee in rows:  # a long name or fee wraps: each of its pieces is a word
            pieces = [w for w in words if len(w) >= 2 and (w in name or w in fee) and w not in WALL_COLUMN_HEADS]
            assert pieces and all(words[w] >= 14 - 0.05 for w in pieces), (centre.id, name, {w: words[w] for w in pieces})


def test_the_wall_chart_qr_code_is_about_4_cm(printed, village, tmp_path):
    """Large enough to scan from 50 cm: the black modules in the top right corner span 3-4 cm."""
    require("pdftoppm")
    from PIL import Image
    dpi = 100
    run("pdftoppm", "-r", str(dpi), "-f", "1", "-l", "1", "-png", str(printed / "centres" / f"{village.id}-wall.pdf"),
        str(tmp_path / "wall"))
    image = Image.open(next(tmp_path.glob("wall*.png"))).convert("RGB")
    mm = dpi / 25.4
    corner = image.crop((int(362 * mm), 0, int(412 * mm), int(60 * mm)))
    black = Image.eval(corner.convert("L"), lambda v: 255 if v < 60 else 0)
    left, top, right, bottom = black.getbbox()
    assert 30 <= (right - left) / mm <= 42 and 30 <= (bottom - top) / mm <= 60


def scan(pdf, folder, page: int = 1) -> list[str]:
    run("pdftoppm", "-r", "150", "-f", str(page), "-l", str(page), "-png", str(pdf), str(folder / f"{pdf.stem}-{page}"))
    return run("zbarimg", "--quiet", "--raw", str(next(folder.glob(f"{pdf.stem}-{page}*.png")))).split()


def test_qr_codes_scan_to_the_pages_on_the_site(printed, small, village, tmp_path):
    require("pdftoppm", "zbarimg")
    assert scan(printed / "items" / "dibao.pdf", tmp_path) == [f"{SITE}items/dibao/"]
    first = small.tier_offers("village")[0][0]  # the volume's page 2 is its first guide's page, code and all
    assert scan(printed / "volumes" / "village.pdf", tmp_path, page=2) == [f"{SITE}items/{first.id}/"]
    for kind in ("wall", "booklet"):
        assert scan(printed / "centres" / f"{village.id}-{kind}.pdf", tmp_path) == [f"{SITE}centres/{village.id}/"]


def test_catalogue_text_is_printed_as_text_never_read_as_markup(small, tmp_path):
    """What a clerk types reaches Typst as JSON data: markup, code and HTML in it are printed as typed."""
    require("cjk-font", "pdftotext")
    from generator.printing import write_pdfs
    from generator.printing.layouts import LAYOUTS, Source
    name = '低保<b>&"加粗"</b> #set text(red) *粗* _斜_ $x^2$ @ref <label> \\ // 注释'
    item = dataclasses.replace(small.item("dibao"), name=name, summary="#pagebreak() ]) } #let x = 1")
    tricky = dataclasses.replace(small, items=(item,))
    assert LAYOUTS["guide"].data(Source(tricky, SITE), item)["name"] == name  # data, not markup
    write_pdfs(tricky, tmp_path, SITE, items=["dibao"])
    pdf = tmp_path / "print" / "items" / "dibao.pdf"
    shown = re.sub(r"\s+", "", text(pdf))
    assert re.sub(r"\s+", "", name) in shown and "#pagebreak()])}#letx=1" in shown and pages(pdf) == 1


def test_print_command_refuses_unknown_ids_in_chinese(tmp_path):
    result = subprocess.run([sys.executable, "-m", "generator", "print", str(CATALOGUE), "--items", "no-such-item",
                             "--centres", "nowhere", "--out", str(tmp_path)],
                            capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 2
    assert "没有 id 为“no-such-item”的事项" in result.stderr and "没有 id 为“nowhere”的中心" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "print").exists()


def test_every_demo_wall_chart_fits_one_a3_sheet(catalogue, tmp_path):
    require("cjk-font")
    from generator.printing import engine
    from generator.printing.jobs import Work
    work = Work(catalogue, SITE, engine.find_faces(), tmp_path)
    sheets = {centre.id: work.compile("wall", work.data("wall", centre))[1] for centre in catalogue.centres}
    assert len(sheets) == 183 and set(sheets.values()) == {1}, {k: v for k, v in sheets.items() if v != 1}


def test_a_wall_chart_that_cannot_fit_at_14_pt_goes_on_numbered_sheets(catalogue, tmp_path):
    """Four times the demo's items at the county centre: more than one A3 sheet holds at 14 pt."""
    require("cjk-font", "pdftotext")
    from generator.printing import engine
    from generator.printing.jobs import Work, centres_job
    many = tuple(dataclasses.replace(item, id=f"{item.id}-{n}", name=f"{item.name}（{n}）")
                 for n in range(4) for item in catalogue.items)
    big = dataclasses.replace(catalogue, items=many)
    county = big.centres_at("county")[0]
    work = Work(big, SITE, engine.find_faces(), tmp_path)
    [pdf] = centres_job("wall", [(county.id, *work.keyed("wall", county))], tmp_path, work=work)
    sheets = pages(pdf)
    assert sheets >= 2
    shown = re.sub(r"\s+", "", text(pdf))
    assert all(re.sub(r"\s+", "", item.name) in shown for item, role in big.offers(county) if role.level > 1)
    for sheet in range(1, sheets + 1):
        assert f"第{sheet}张，共{sheets}张" in re.sub(r"\s+", "", run("pdftotext", "-f", str(sheet), "-l", str(sheet), str(pdf), "-"))
    assert min(type_sizes(pdf).values()) >= 12 - 0.05


def test_every_file_is_tagged_says_it_is_chinese_and_what_it_is(printed, small, village):
    expected = {printed / "items" / "dibao.pdf": "最低生活保障 办事指南",
                printed / "centres" / f"{village.id}-wall.pdf": f"{village.name} 便民服务事项公示",
                printed / "centres" / f"{village.id}-booklet.pdf": f"{village.name} 办事指南汇编",
                printed / "volumes" / "village.pdf": f"{small.county.name}村（社区）便民服务站办事指南汇编"}
    for pdf, title in expected.items():
        answers = info(pdf)
        assert answers["Tagged"].strip() == "yes" and answers["Title"].strip() == title, pdf.name
        assert re.search(rb"/Lang\s*\(zh-CN\)", pdf.read_bytes()), pdf.name


def words_at_line_ends(pdf):
    """Each word pdftotext finds, and whether it starts or ends a line: no glyph of the same line
    right beside it (pdftotext -raw splits a line where Typst compresses adjacent punctuation)."""
    import html
    layout = run("pdftotext", "-bbox", str(pdf), "-")
    for page in layout.split("<page ")[1:]:
        words = [(float(a), float(b), float(c), float(d), html.unescape(w)) for a, b, c, d, w in
                 re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', page)]
        for x0, y0, x1, y1, word in words:
            size = y1 - y0
            line = [w for w in words if abs(w[3] - y1) < size * 0.3]
            starts = not any(w[0] < x0 and abs(w[2] - x0) < size * 0.6 for w in line)
            ends = not any(w[2] > x1 and abs(w[0] - x1) < size * 0.6 for w in line)
            yield word, starts, ends


def test_no_line_starts_with_closing_or_ends_with_opening_punctuation(printed, village, tmp_path):
    """Chinese line breaking (Typst with lang zh), read back from the PDFs' word positions."""
    pdfs = [*sorted((printed / "items").glob("*.pdf")), printed / "volumes" / "village.pdf",
            *sorted((printed / "centres").glob("*.pdf"))]
    wrong = [(pdf.name, word) for pdf in pdfs for word, starts, ends in words_at_line_ends(pdf)
             if (starts and word[0] in CLOSING) or (ends and word[-1] in OPENING)]
    assert not wrong, wrong[:10]


def test_the_line_check_would_see_a_line_starting_with_a_comma(tmp_path):
    """The check above can fail: a PDF with a forced break before a comma is caught."""
    require("cjk-font", "pdftotext")
    import typst

    from generator.printing import engine
    source = tmp_path / "broken.typ"
    source.write_text('#set text(font: "Noto Sans CJK SC", lang: "zh")\n#set page(width: 80mm, height: 30mm)\n'
                      "前面的文字 \\ ，这一行以逗号开头。\n", encoding="utf-8")
    fonts = typst.Fonts(include_system_fonts=False, include_embedded_fonts=False,
                        font_paths=[str(engine.font_folder(engine.find_faces()))])
    (tmp_path / "broken.pdf").write_bytes(typst.compile(str(source), font_paths=fonts))
    assert [w for w, starts, _ in words_at_line_ends(tmp_path / "broken.pdf") if starts and w[0] in CLOSING]


def test_the_same_catalogue_gives_the_same_bytes(printed, small, village, tmp_path, monkeypatch):
    from generator.printing import write_pdfs
    monkeypatch.setenv("BIANMIN_CACHE_DIR", str(tmp_path / "cache"))  # made again, not copied
    write_pdfs(small, tmp_path, SITE, items=["dibao"], centres=[village.id])
    _tallies()
    again = tmp_path / "print"
    for name in ["items/dibao.pdf", f"centres/{village.id}-wall.pdf", f"centres/{village.id}-booklet.pdf",
                 "volumes/village.pdf"]:
        assert (again / name).read_bytes() == (printed / name).read_bytes(), name


def test_a_big_volume_is_made_alone_in_a_fresh_process_with_the_same_bytes(printed, small, village, tmp_path, monkeypatch):
    """A volume of many guides runs in a process of its own (it holds every guide it places: the
    memory goes back when that process ends): the same files as those made in this process."""
    from generator import printing, workers
    monkeypatch.setenv("BIANMIN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(printing, "VOLUME_ALONE_FROM", 1)
    alone = []

    def spy(job, *args, **kw):
        alone.append(args[3].name)
        return real(job, *args, **kw)
    real = workers.in_a_process
    monkeypatch.setattr(workers, "in_a_process", spy)
    county = small.centres_at("county")[0]
    printing.write_pdfs(small, tmp_path, SITE, centres=[village.id, county.id])
    _tallies()
    assert sorted(alone) == ["county.pdf", "village.pdf"]  # each handed to a process of its own
    for name in alone:
        assert (tmp_path / "print" / "volumes" / name).read_bytes() == (printed / "volumes" / name).read_bytes()


def test_a_big_volume_waits_for_its_memory_turn(small, village, tmp_path, monkeypatch):
    """In a build the open data, the search index and a county's volume are the big users of memory:
    the volume's process starts only once whoever holds the turn (here a thread) has let it go, or
    after MEMORY_WAIT."""
    import threading

    from generator import printing, workers
    monkeypatch.setenv("BIANMIN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(printing, "VOLUME_ALONE_FROM", 1)
    turn, held, release, let_go = tmp_path / ".memory-turn", threading.Event(), threading.Event(), threading.Event()
    seen = []

    def spy(job, *args, **kw):
        seen.append(let_go.is_set())
        return real(job, *args, **kw)
    real = workers.in_a_process
    monkeypatch.setattr(workers, "in_a_process", spy)

    def holder() -> None:  # holds the turn until released (30 s at most)
        with workers.memory_turn(turn):
            held.set()
            release.wait(30)
            let_go.set()

    def holding(seconds: float | None) -> None:
        held.clear(), release.clear(), let_go.clear()
        threading.Thread(target=holder).start()
        held.wait()
        if seconds is not None:
            threading.Timer(seconds, release.set).start()
    holding(1.5)
    printing.write_pdfs(small, tmp_path / "a", SITE, centres=[village.id], memory_turn=turn)
    assert seen == [True]
    monkeypatch.setattr(workers, "MEMORY_WAIT", 0.5)  # held too long: the volume goes ahead all the same
    monkeypatch.setenv("BIANMIN_CACHE_DIR", str(tmp_path / "cache-b"))  # made again, not copied
    holding(None)
    try:
        printing.write_pdfs(small, tmp_path / "b", SITE, centres=[village.id], memory_turn=turn)
    finally:
        release.set()
    _tallies()
    assert seen == [True, False]
    assert (tmp_path / "b" / "print" / "volumes" / "village.pdf").is_file()


def test_a_long_guide_takes_two_numbered_pages(printed):
    pdf = printed / "items" / "long-guide.pdf"
    assert pages(pdf) == 2
    second = re.sub(r"\s+", "", run("pdftotext", "-f", "2", "-l", "2", str(pdf), "-"))
    assert "第2页，共2页" in second


def _tallies():
    from generator import progress
    counts = {what: tuple(n) for what, n in progress._tallies.items()}
    progress.reset()
    return counts


def test_a_rebuild_reuses_every_pdf_and_a_fee_change_redoes_only_what_shows_it(printed, small, village, tmp_path):
    from generator import progress
    from generator.catalogue.model import Fee, FeeItem
    from generator.printing import write_pdfs
    centres = sorted(p.name.removesuffix("-wall.pdf") for p in (printed / "centres").glob("*-wall.pdf"))
    items = [i.id for i in small.items]
    progress.reset()
    write_pdfs(small, tmp_path / "again", SITE, items=items, centres=centres)
    counts = _tallies()
    assert all(made == 0 for made, _ in counts.values()), counts
    for pdf in printed.rglob("*.pdf"):
        assert (tmp_path / "again" / "print" / pdf.relative_to(printed)).read_bytes() == pdf.read_bytes(), pdf.name

    item = small.item("dibao")
    fee = Fee(items=(FeeItem(name="证照工本费", amount=10, unit="元/证", basis="示例收费标准"),))
    edited = dataclasses.replace(small, items=tuple(dataclasses.replace(i, fee=fee) if i.id == "dibao" else i
                                                    for i in small.items))
    write_pdfs(edited, tmp_path / "edited", SITE, items=items, centres=centres)
    counts = _tallies()
    tiers = {small.centre(c).tier for c in centres}
    assert counts["办事指南"] == (1, len(items) - 1)
    assert counts["汇编分册"][0] == sum(1 for t in tiers if item.role_at(t).level > 0)
    showing = [c for c in centres if item.role_at(small.centre(c).tier).level > 1]
    assert counts["上墙公示表"][0] == len(showing) and counts["汇编封面"][0] == 0
    assert "证照工本费" in text(tmp_path / "edited" / "print" / "items" / "dibao.pdf")


def test_a_damaged_cache_entry_is_made_again_not_trusted(printed, small, tmp_path):
    import os
    from pathlib import Path

    from generator.printing import engine, write_pdfs
    from generator.printing.jobs import Work
    work = Work(small, SITE, engine.find_faces())
    entry = next(Path(os.environ["BIANMIN_CACHE_DIR"]).rglob(work.guide_key(small.item("dibao"))))
    entry.write_bytes(entry.read_bytes()[:-100])  # as if the disk filled up half-way
    write_pdfs(small, tmp_path, SITE, items=["dibao"])
    assert _tallies()["办事指南"] == (1, 0)
    assert pages(tmp_path / "print" / "items" / "dibao.pdf") == 1 and "最低生活保障" in text(tmp_path / "print" / "items" / "dibao.pdf")


def test_a_changed_template_or_face_changes_every_key(small, monkeypatch, tmp_path):
    from generator.printing import engine, jobs
    faces = engine.find_faces()
    template = tmp_path / "guide.typ"
    template.write_text("#set text(size: 10pt)", encoding="utf-8")
    monkeypatch.setattr(jobs, "CODE", [template])
    before = jobs.Work(small, SITE, faces, tmp_path).guide_key(small.item("dibao"))
    template.write_text("#set text(size: 11pt)", encoding="utf-8")
    after = jobs.Work(small, SITE, faces, tmp_path)
    assert after.guide_key(small.item("dibao")) != before
    other = {400: faces[700], 700: faces[400]}
    assert jobs.Work(small, SITE, other, tmp_path).version != after.version


def test_per_tier_days_in_the_printed_guide_follow_the_items_unit(printed, small):
    shown = re.sub(r"\s+", "", text(printed / "items" / "juzhuzheng.pdf"))
    assert "自然日内报送" in shown and "工作日内报送" not in shown


def test_no_guide_of_the_demo_has_a_second_page_holding_only_a_footnote(catalogue, tmp_path):
    """A guide that runs over by a few lines is pressed onto one page; a real second page holds sections."""
    require("cjk-font", "pdftotext")
    from generator.printing import write_pdfs
    write_pdfs(catalogue, tmp_path, SITE, items=[i.id for i in catalogue.items])
    for pdf in sorted((tmp_path / "print" / "items").glob("*.pdf")):
        if pages(pdf) == 2:  # what page 2 holds besides the footnote (实施部门…, 网上指南…) and the page footer
            lines = run("pdftotext", "-raw", "-f", "2", "-l", "2", str(pdf), "-").splitlines()
            before = next((i for i, line in enumerate(lines) if line.strip().startswith("实施部门")), len(lines))
            body = "".join(line for line in lines[:before] if not line.strip().startswith(("扶风县便民服务办事指南", "第 2 页")))
            assert len(re.sub(r"\s+", "", body)) >= 30, (pdf.name, lines)


def test_a_new_centre_phone_redoes_only_that_centres_chart_and_cover(small, village, tmp_path, monkeypatch):
    from generator.printing import write_pdfs
    town = small.parent(village)
    few = dataclasses.replace(small, centres=(small.parent(town), town, village))
    monkeypatch.setenv("BIANMIN_CACHE_DIR", str(tmp_path / "cache"))
    write_pdfs(few, tmp_path / "first", SITE)
    _tallies()
    moved = dataclasses.replace(village, phone="0917-5551234")
    write_pdfs(dataclasses.replace(few, centres=(few.centres[0], town, moved)), tmp_path / "phoned", SITE)
    counts = _tallies()
    assert counts["上墙公示表"] == (1, 2) and counts["汇编封面"] == (1, 2)
    assert counts["办事指南"][0] == 0 and counts["汇编分册"][0] == 0
    assert "0917-5551234" in text(tmp_path / "phoned" / "print" / "centres" / f"{village.id}-wall.pdf")


def test_volumes_are_made_after_the_guides_and_before_the_wall_charts_and_covers(small, village, tmp_path, monkeypatch):
    """A volume needs only the guides: made before the wall charts and covers, it is done before a
    rebuild's search index wants the memory (they take turns)."""
    from generator import printing, workers
    from generator.printing import jobs
    monkeypatch.setenv("BIANMIN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(printing, "VOLUME_ALONE_FROM", 1)
    monkeypatch.setattr(printing, "PARALLEL_FROM", 10**6)  # all here, so the spies see every job
    events = []
    for name in ("guides_job", "centres_job"):
        real = getattr(jobs, name)
        monkeypatch.setattr(jobs, name, lambda *args, real=real, name=name, **kw: events.append(
            args[0] if name == "centres_job" else "guides") or real(*args, **kw))
    in_a_process = workers.in_a_process
    monkeypatch.setattr(workers, "in_a_process", lambda *args, **kw: events.append("volumes") or in_a_process(*args, **kw))
    printing.write_pdfs(small, tmp_path, SITE, centres=[village.id])
    _tallies()
    assert [e for i, e in enumerate(events) if e not in events[:i]] == ["guides", "volumes", "wall", "cover"]
