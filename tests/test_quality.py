"""/quality/ (目录质量和下放情况): its figures are counted again here from the catalogue's own fields
(roles, posts, pauses, dates, time limits), not with catalogue/quality.py or facts.py, and must equal
what the page, the CSV files and the workbook say, and what `bianmin stats` says; a station missing
a post's phone and an item not reviewed for over a year show up; each demo town's A4 is one page;
county.yml `quality_public: false` leaves the page out of the site and keeps the files for the office."""
from __future__ import annotations

import csv
import datetime
import io
import json
import shutil
import statistics
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest
import yaml
from support import CATALOGUE, FIXTURES, ROOT, require

from generator.catalogue.build import load_catalogue
from generator.catalogue.quality import report
from generator.commands import main
from generator.export import quality as quality_tables
from generator.site import quality_page
from generator.site.extras import Extras
from generator.site.pages import iter_pages

MINI = FIXTURES / "mini"
LEVEL = {"不办理": 0, "咨询": 1, "受理": 2, "代办": 2, "初审": 3, "审核": 3, "审批": 4, "办结": 4}
TIERS = ("village", "town", "county")


def load(root: Path):
    catalogue, result = load_catalogue(root)
    assert catalogue is not None, [p.text() for p in result.problems]
    return catalogue


# --- the figures, counted again from the catalogue's fields ---------------------------------------

def roles(item) -> list[str]:
    return [item.role_at(t).role for t in TIERS]


def hands_in(item, tier: str) -> bool:
    """Papers go in at this tier: 受理/代办, 审批/办结, or 初审/审核 with no 受理 below it."""
    words = roles(item)
    here = TIERS.index(tier)
    level = LEVEL[words[here]]
    return level in (2, 4) or (level == 3 and "受理" not in words[:here])


def counted(catalogue, centre) -> dict:
    paused = {e.item for e in centre.pauses}
    mine = [i for i in catalogue.items if i.id not in paused and LEVEL[i.role_at(centre.tier).role] > 0]
    posts = [(p.label, p.phone) for w in centre.windows for p in w.posts]
    return {"starts": sum(hands_in(i, centre.tier) for i in mine),
            "finishes": sum(LEVEL[i.role_at(centre.tier).role] == 4 for i in mine),
            "advised": sum(LEVEL[i.role_at(centre.tier).role] == 1 for i in mine),
            "posts": len(posts), "phones": sum(bool(phone) for _, phone in posts), "due": 2 * len(centre.windows),
            "paused": len(paused)}


def year_before(day: str) -> str:
    d = datetime.date.fromisoformat(day)
    try:
        return d.replace(year=d.year - 1).isoformat()
    except ValueError:  # 29 February
        return d.replace(year=d.year - 1, day=28).isoformat()


def review_of(item, updated: str) -> str:
    if not item.reviewed:
        return "还没有复核过"
    return "12 个月内复核过" if item.reviewed >= year_before(updated) else "超过 12 个月没有复核"


def limit_of(item) -> str:
    legal, promised = item.legal, item.promised
    if legal is None or promised is None:
        return "时限还没有写"
    if legal.value == 0:
        return "法定即办"
    if promised.value and promised.unit != legal.unit:
        return "单位不同，未比较"
    return "承诺时限短于法定时限" if promised.value < legal.value else "承诺时限不短于法定时限"


def csv_table(files: dict, name: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(files[f"quality/{name}.csv"].decode("utf-8-sig"))))


class Tables(HTMLParser):
    """Every <table data-bm-table> of a page: name -> {row key: {header: cell text}}."""

    def __init__(self):
        super().__init__()
        self.found: dict[str, dict[str, dict[str, str]]] = {}
        self.name = self.row = None
        self.header: list[str] = []
        self.cells: list[str] = []
        self.text: str | None = None

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        if tag == "table" and "data-bm-table" in found:
            self.name, self.header = found["data-bm-table"], []
            self.found.setdefault(self.name, {})
        elif tag == "tr" and self.name:
            self.row, self.cells = found.get("data-bm-row"), []
        elif tag in ("td", "th") and self.name:
            self.text = ""

    def handle_data(self, data):
        if self.text is not None:
            self.text += data

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.name and self.text is not None:
            self.cells.append(self.text)
            self.text = None
        elif tag == "tr" and self.name:
            if self.row is None:
                self.header = self.cells
            else:
                self.found[self.name][self.row] = dict(zip(self.header, self.cells))
        elif tag == "table":
            self.name = None


def page_tables(markdown: str) -> dict:
    parser = Tables()
    parser.feed(markdown)
    return parser.found


@pytest.fixture(scope="module")
def demo():
    catalogue = load(CATALOGUE)
    markdown = quality_page.quality_page(catalogue, pdf_links=True)
    files = {f"quality/{name}": data for name, data in quality_tables.files(report(catalogue)).items()}
    return catalogue, markdown, files


def test_every_station_figure_equals_the_catalogue_counted_again(demo):
    catalogue, markdown, files = demo
    rows = {r["站点标识"]: r for r in csv_table(files, "stations")}
    shown = page_tables(markdown)["stations"]
    stations = [c for c in catalogue.centres if c.tier in ("county", "town") or catalogue.parent(c) is not None]
    assert len(rows) == len(shown) == len(stations) == 183
    for centre in stations:
        want = counted(catalogue, centre)
        row, cells = rows[centre.id], shown[centre.id]
        got = {"starts": row["可递交材料的事项"], "finishes": row["可办结的事项"], "advised": row["只能咨询的事项"],
               "posts": row["A/B岗已写"], "phones": row["岗位电话已写"], "due": row["A/B岗应写"], "paused": row["暂停办理的事项"]}
        assert {k: int(v) for k, v in got.items()} == want, centre.id
        for header in quality_page.STATION_COLUMNS:
            assert cells[header] == row[header], (centre.id, header)


def test_town_medians_equal_the_catalogue_counted_again(demo):
    catalogue, markdown, files = demo
    villages = {t.id: [counted(catalogue, v) for v in catalogue.children(t)] for t in catalogue.centres_at("town")}
    everyone = [v for found in villages.values() for v in found]
    rows = {r["中心标识"]: r for r in csv_table(files, "towns")}
    shown = page_tables(markdown)["towns"]
    for town in catalogue.centres_at("town"):
        row = rows[town.id]
        assert float(row["村站可递交材料的事项（中位数）"]) == statistics.median(v["starts"] for v in villages[town.id])
        assert float(row["村站可办结的事项（中位数）"]) == statistics.median(v["finishes"] for v in villages[town.id])
        assert float(row["全县村站可递交（中位数）"]) == statistics.median(v["starts"] for v in everyone)
        assert int(row["站点总数"]) == 1 + len(villages[town.id])
        complete = sum(all(p.phone for w in c.windows for p in w.posts) and all(len(w.posts) == 2 for w in c.windows)
                       for c in (town, *catalogue.children(town)))
        assert int(row["A/B岗和电话齐全的站点"]) == complete
        assert int(row["暂停办理的事项"]) == sum(len(c.pauses) for c in (town, *catalogue.children(town)))
        assert {h: shown[town.id][h] for h in shown[town.id]} == {h: row[h] for h in shown[town.id]}


def test_department_figures_equal_the_catalogue_and_bianmin_stats(demo, capsys):
    catalogue, markdown, files = demo
    updated = catalogue.county.updated
    rows = {r["部门"]: r for r in csv_table(files, "departments")}
    shown = page_tables(markdown)["departments"]
    for department in catalogue.departments:
        mine = [i for i in catalogue.items if i.department.id == department.id]
        if not mine:
            assert department.name not in rows
            continue
        row = rows[department.name]
        assert int(row["事项数"]) == len(mine)
        assert int(row["办事指南"]) == sum(i.level == "办事指南" for i in mine)
        assert row["最近复核日期"] == max((i.reviewed for i in mine), default="")
        for words in ("12 个月内复核过", "超过 12 个月没有复核", "还没有复核过"):
            assert int(row[words]) == sum(review_of(i, updated) == words for i in mine), (department.name, words)
        for words in ("承诺时限短于法定时限", "承诺时限不短于法定时限", "法定即办"):
            assert int(row[words]) == sum(limit_of(i) == words for i in mine), (department.name, words)
        assert shown[department.name] == row
    assert main(["stats", str(CATALOGUE), "--format", "json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert sum(int(r["事项数"]) for r in rows.values()) == stats["items"]
    for level, count in stats["levels"].items():
        assert sum(int(r[level]) for r in rows.values()) == count
        assert f"{level} {count} 项" in markdown
    # a station with nothing paused takes in and finishes what `bianmin stats` counts for its tier
    stations = {r["站点标识"]: r for r in csv_table(files, "stations")}
    for centre in catalogue.centres:
        if not centre.pauses and centre.id in stations:
            tier = stats["tiers"][centre.tier]
            assert (int(stations[centre.id]["可递交材料的事项"]), int(stations[centre.id]["可办结的事项"])) == \
                (tier["start"], tier["finish"]), centre.id


def test_station_counts_equal_the_delegation_page(demo):
    """小事不出村 (delegation.md) says per centre how many items it takes in and finishes, and each centre's
    page how many it takes in and only advises on: the same numbers as the report."""
    import re
    catalogue, markdown, files = demo
    pages = dict(iter_pages(catalogue, Extras()))
    page = pages["delegation.md"]
    said = {ident: (start, finish) for ident, start, finish in
            re.findall(r'<a href="../centres/([a-z0-9-]+)/">[^<]*</a></th><td>(\d+) 项</td><td>(\d+) 项</td>', page)}
    rows = {r["站点标识"]: (r["可递交材料的事项"], r["可办结的事项"]) for r in csv_table(files, "stations")}
    assert len(said) == len(catalogue.centres) - 1  # every town and village station; the county centre is not listed
    assert {ident: rows[ident] for ident in said} == said
    assert '<a href="../quality/">目录质量和下放情况</a>' in page
    # and each centre's own page: 这里能办什么（N 项）, 在这里只能咨询（N 项）
    for centre in catalogue.centres:
        text, row = pages[f"centres/{centre.id}.md"], {r["站点标识"]: r for r in csv_table(files, "stations")}[centre.id]
        assert f"## 这里能办什么（{row['可递交材料的事项']} 项）" in text, centre.id
        advised = re.search(r"### 在这里只能咨询（(\d+) 项）", text)
        assert (advised.group(1) if advised else "0") == row["只能咨询的事项"], centre.id


def test_the_demo_shows_its_incomplete_stations_paused_items_and_stale_review(demo):
    catalogue, markdown, files = demo
    rows = {r["站点标识"]: r for r in csv_table(files, "stations")}
    assert "B岗缺电话" in rows["chengguan-beiguan"]["缺少"]
    assert rows["chengguan-beiguan"]["缺少"] in markdown
    items = {r["事项标识"]: r for r in csv_table(files, "items")}
    assert items["linmu-caifa-xuke"]["复核情况"] == "超过 12 个月没有复核"
    assert items["falv-zixun"]["复核情况"] == "12 个月内复核过"
    assert "林木采伐许可证核发" in markdown.split('data-bm-review="stale"')[1].split("</details>")[0]
    paused = csv_table(files, "paused")
    assert {(r["站点标识"], r["事项标识"]) for r in paused} == \
        {(c.id, e.item) for c in catalogue.centres for e in c.pauses}
    assert {r["暂停日期"] for r in paused if r["事项标识"] == "dibao"} == {"2026-10-15"}


def incomplete_mini(tmp_path: Path, reviewed: dict[str, str], **county) -> Path:
    """The mini catalogue with a B岗 phone taken off the town centre's first window, items reviewed on
    the given dates, and county.yml's fields replaced."""
    root = tmp_path / "catalogue"
    shutil.copytree(MINI, root)
    town = root / "centres" / "tiandu.yml"
    data = yaml.safe_load(town.read_text("utf-8"))
    del data["windows"][0]["posts"]["b"]["phone"]
    town.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    for ident, day in reviewed.items():
        path = root / "items" / f"{ident}.yml"
        item = yaml.safe_load(path.read_text("utf-8"))
        item["reviewed"] = day
        path.write_text(yaml.safe_dump(item, allow_unicode=True, sort_keys=False), "utf-8")
    if county:
        path = root / "county.yml"
        path.write_text(yaml.safe_dump({**yaml.safe_load(path.read_text("utf-8")), **county},
                                       allow_unicode=True, sort_keys=False), "utf-8")
    return root


def test_a_missing_phone_and_a_stale_review_appear_in_page_and_tables(tmp_path):
    catalogue = load(MINI)
    updated = catalogue.county.updated  # 2026-11-20: a review on 2025-11-20 is just current, 2025-11-19 stale
    first, second, third = (i.id for i in catalogue.items[:3])
    root = incomplete_mini(tmp_path, {first: "2025-11-19", second: year_before(updated), third: "2026-11-01"})
    catalogue = load(root)
    markdown = quality_page.quality_page(catalogue)
    files = {f"quality/{name}": data for name, data in quality_tables.files(report(catalogue)).items()}
    town = catalogue.centre("tiandu")
    window = town.windows[0].name
    row = {r["站点标识"]: r for r in csv_table(files, "stations")}["tiandu"]
    assert row["缺少"] == f"{window}：B岗缺电话"
    assert int(row["岗位电话已写"]) == int(row["A/B岗应写"]) - 1
    assert page_tables(markdown)["stations"]["tiandu"]["缺少"] == f"{window}：B岗缺电话"
    items = {r["事项标识"]: r["复核情况"] for r in csv_table(files, "items")}
    assert (items[first], items[second], items[third]) == ("超过 12 个月没有复核", "12 个月内复核过", "12 个月内复核过")
    stale = markdown.split('data-bm-review="stale"')[1].split("</details>")[0]
    assert catalogue.item(first).name in stale and catalogue.item(second).name not in stale
    book = openpyxl.load_workbook(io.BytesIO(files["quality/quality.xlsx"]))
    sheet = book[quality_tables.TITLES["stations"]]
    header = [c.value for c in sheet[1]]
    found = {r[header.index("站点标识")]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert found["tiandu"][header.index("缺少")] == f"{window}：B岗缺电话"


def test_the_workbook_holds_the_csv_rows(demo):
    catalogue, markdown, files = demo
    book = openpyxl.load_workbook(io.BytesIO(files["quality/quality.xlsx"]))
    for name, title in quality_tables.TITLES.items():
        rows = list(csv.reader(io.StringIO(files[f"quality/{name}.csv"].decode("utf-8-sig"))))
        sheet = [["" if v is None else str(v) for v in row] for row in book[title].iter_rows(values_only=True)]
        assert sheet == rows, name


def test_clerks_text_never_becomes_a_formula(tmp_path):
    root = tmp_path / "catalogue"
    shutil.copytree(MINI, root)
    path = root / "centres" / "tiandu-donghe.yml"
    data = yaml.safe_load(path.read_text("utf-8"))
    data["exceptions"][0]["reason"] = '=HYPERLINK("http://e.x","点")' + data["exceptions"][0]["reason"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    files = quality_tables.files(report(load(root)))
    assert csv_table({f"quality/{k}": v for k, v in files.items()}, "paused")[0]["原因"].startswith("'=HYPERLINK")
    book = openpyxl.load_workbook(io.BytesIO(files["quality.xlsx"]))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            assert all(cell.data_type != "f" for cell in row)


def test_quality_public_false_leaves_the_page_out(tmp_path):
    root = incomplete_mini(tmp_path, {}, quality_public=False)
    catalogue = load(root)
    pages = dict(iter_pages(catalogue, Extras()))
    assert "quality.md" not in pages and "feedback.md" in pages
    assert not any('href="../quality/' in text or 'href="quality/' in text for text in pages.values()), "a link to the page left out"
    assert "quality.md" in [path for path, _ in iter_pages(load(MINI), Extras())]
    assert quality_page.write(catalogue, tmp_path / "site", "") == []


@pytest.mark.slow
@pytest.mark.pdf
def test_bianmin_build_publishes_the_files_or_keeps_them_for_the_office(tmp_path):
    """The whole build, twice: public (the page and its files in the site), then with the switch off
    (no page, no files in the site; the same files in office/quality/ beside it)."""
    require("cjk-font", "pdftotext")
    project = tmp_path / "county"
    root = incomplete_mini(project, {})
    site = project / "site"
    assert main(["build", str(root), "--site-dir", str(site), "--config", str(ROOT / "mkdocs.yml")]) == 0
    published = sorted(p.relative_to(site / "quality").as_posix() for p in (site / "quality").rglob("*.*"))
    assert "index.html" in published and "stations.csv" in published and "quality.xlsx" in published
    assert "towns/tiandu.pdf" in published
    assert not (project / "office").exists()
    path = root / "county.yml"
    path.write_text(path.read_text("utf-8") + "quality_public: false\n", "utf-8")
    assert main(["build", str(root), "--site-dir", str(site), "--config", str(ROOT / "mkdocs.yml")]) == 0
    assert not (site / "quality").exists()
    office = project / "office" / "quality"
    kept = sorted(p.relative_to(office).as_posix() for p in office.rglob("*.*"))
    assert kept == [name for name in published if name != "index.html"]


@pytest.mark.pdf
def test_each_demo_town_gets_one_a4_page(tmp_path):
    """One A4 page per town whose every station row says what the catalogue gives, counted again here
    (an incomplete station: its missing posts and phones)."""
    require("cjk-font", "pdftotext")
    catalogue = load(CATALOGUE)
    pdfs = quality_page.town_pdfs(catalogue, "https://bianmin.example.org/")
    assert sorted(pdfs) == sorted(c.id for c in catalogue.centres_at("town"))
    for ident, data in pdfs.items():
        path = tmp_path / f"{ident}.pdf"
        path.write_bytes(data)
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
        assert "Pages:           1" in info, ident
        assert "595.276 x 841.89 pts (A4)" in info, ident
        text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
        assert catalogue.centre(ident).name in text
        town = catalogue.centre(ident)
        for centre in (town, *catalogue.children(town)):  # its row: posts / due, phones, missing, in, finished, advised, paused
            want = counted(catalogue, centre)
            line = next(w for w in map(str.split, text.splitlines()) if w[:1] == [centre.name] and len(w) > 2)  # not the title
            assert line[1:] == [str(want["posts"]), "/", str(want["due"]), str(want["phones"]), str(want["due"] - want["phones"]),
                                str(want["starts"]), str(want["finishes"]), str(want["advised"]), str(want["paused"])], centre.id
    famen = subprocess.run(["pdftotext", "-layout", str(tmp_path / "famen.pdf"), "-"], capture_output=True, text=True).stdout
    assert "法门镇东寨村便民服务站：“城乡居民基本医疗保险参保登记”" in famen  # its pause, with the reason
