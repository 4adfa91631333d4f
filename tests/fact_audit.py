"""The fact audit: every where-to-go, trips, phone, time-limit and fee statement read back from what
residents and re-users get (built HTML pages, the my-station data, open data JSON and CSV), and
compared with what the catalogue says (generator/catalogue/facts.py, or facts written by hand).

A statement is (source, subject, kind, value):

    subject ("item", id)                  kinds start, finish (tiers), trips (int or the words), time, fee_free, phone
    subject ("tier", item id, tier)       kinds go (tiers, nearest first), section (finish/start/check/consult/None)
    subject ("centre", centre id, item)   kinds go (centre ids, all-<tier>), section, pause (reason)
    subject ("centre", centre id)         kinds takes_in_count, consult_count

A new output is one more extractor in EXTRACTORS: a function (catalogue, folder) -> statements.
PDF text (print) is left for when the print stage moves to its new engine."""
from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import lxml.html

from generator.catalogue import addresses, facts
from generator.catalogue.model import Catalogue, Centre
from generator.catalogue.vocab import TIER_ZH, TIERS


@dataclass(frozen=True)
class Statement:
    source: str
    subject: tuple
    kind: str
    value: object


# --- what the catalogue says ---------------------------------------------------------------------

def expected_facts(catalogue: Catalogue) -> dict[tuple, object]:
    """(subject, kind) -> value, from the fact functions."""
    found: dict[tuple, object] = {}
    for item in catalogue.items:
        subject = ("item", item.id)
        found[subject, "start"], found[subject, "finish"] = facts.start_tier(item), facts.finish_tier(item)
        found[subject, "trips"] = facts.trips(item).count
        found[subject, "time"] = facts.time_limit_text(item)
        found[subject, "fee_free"] = None if item.fee is None else item.fee.free
        found[subject, "phone"] = item.consult_phone
        for tier in TIERS:
            found[("tier", item.id, tier), "go"] = facts.here(catalogue, item, tier).next
            found[("tier", item.id, tier), "section"] = facts.section(item, tier)
    for centre in catalogue.centres:
        sections = facts.centre_does(catalogue, centre)
        found[("centre", centre.id), "takes_in_count"] = len(sections["finish"]) + len(sections["start"])
        found[("centre", centre.id), "consult_count"] = len(sections["consult"])
        for item, _ in catalogue.offers(centre):
            found[("centre", centre.id, item.id), "section"] = facts.section(item, centre.tier)
        for item in catalogue.items:
            at = facts.at_centre(catalogue, item, centre)
            if at.pause or item.role_at(centre.tier).level:
                found[("centre", centre.id, item.id), "go"] = tuple(place_token(p) for p in at.go)
        for pause in centre.pauses:
            found[("centre", centre.id, pause.item), "pause"] = pause.reason
    return found


def place_token(place: facts.Place) -> str:
    if place.centre:
        return place.centre.id
    return "all-" + place.tier


def disagreements(statements, expected: dict) -> list[tuple[Statement, object]]:
    """Every statement whose value differs from the expected one (statements about something the
    expected facts do not cover are not judged)."""
    wrong = []
    for s in statements:
        key = (s.subject, s.kind)
        if key in expected and s.value != expected[key]:
            wrong.append((s, expected[key]))
    return wrong


# --- reading sentences back ------------------------------------------------------------------------

class Names:
    """Place names as pages write them -> tokens: tiers, centre ids, all-<tier>."""

    def __init__(self, catalogue: Catalogue):
        self.catalogue = catalogue
        self.tiers = {catalogue.county.tier_name(t): t for t in TIERS}
        self.tiers.update({TIER_ZH[t]: t for t in TIERS})
        self.centres = {c.name: c.id for c in catalogue.centres}
        self.county = next((c for c in catalogue.centres if c.tier == "county"), None)

    def token(self, name: str) -> str | None:
        name = re.sub(r"（电话[^）]*）", "", name).strip()
        if name.startswith("各") and name[1:] in self.tiers:
            return "all-" + self.tiers[name[1:]]
        return self.centres.get(name) or self.tiers.get(name)

    def at(self, tokens, centre: Centre) -> tuple[str, ...]:
        """Tier tokens said on a centre's page, as the centres they send its residents to."""
        out: list[str] = []
        for token in tokens:
            if token in TIERS:
                token = self._centre_of(token, centre)
            if token not in out:
                out.append(token)
        return tuple(out)

    def _centre_of(self, tier: str, centre: Centre) -> str:
        if tier == "county" and self.county:
            return self.county.id
        if TIERS.index(tier) < TIERS.index(centre.tier):
            return "all-" + tier
        parent = self.catalogue.parent(centre)
        return parent.id if parent and parent.tier == tier else "all-" + tier


GO = re.compile(r"(?:要到|由)([^。：；]+?)办(?=[。，；）]|$)")
DONE_HERE = ("在这里就能办好", "在这里递交材料", "在您的服务站就能办好", "可以在您的服务站递交材料")


def parse_go(text: str, names: Names) -> tuple[str, ...] | None:
    """要到A或B办 -> (A, B) as tokens; done here -> (); no such sentence -> None."""
    if any(phrase in text for phrase in DONE_HERE):
        return ()
    if "在哪里办还没有写明" in text:
        return ()
    found = GO.search(text)
    if not found:
        return None
    tokens = tuple(names.token(part) for part in re.split(r"或|、", found.group(1)))
    return tuple(t if t else "?" for t in tokens)


def parse_trips(text: str) -> object:
    """一次都不用跑 -> 0; 最多跑 2 次 / 最多到现场 2 次 -> 2; 最多跑 0 次 is said wrong: kept as words."""
    if "最多跑 0 次" in text or "最多到现场 0 次" in text:
        return "最多跑 0 次"
    if "一次都不用跑" in text or "不用到现场" in text:
        return 0
    found = re.search(r"最多(?:跑|到现场) ?(\d+) ?次", text)
    return int(found.group(1)) if found else None


def parse_start_finish(text: str, names: Names) -> tuple[str | None, str | None]:
    start = finish = None
    found = re.search(r"在([^，。]+?)就能开始办|要到([^，。]+?)办(?!结)", text)
    if found:
        start = names.tiers.get(found.group(1) or found.group(2))
    ended = re.search(r"由([^，。]+?)办结", text)
    if ended:
        finish = names.tiers.get(ended.group(1))
    elif "并且在那里办结" in text:
        finish = start
    return start, finish


def has(cls: str) -> str:
    """XPath test: the element's class list holds cls."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {cls} ')"


def xp(root, tag: str, cls: str) -> list:
    return root.xpath(f".//{tag}[{has(cls)}]")


def text_of(element) -> str:
    return re.sub(r"\s+", " ", element.text_content()).strip()


def linked_ids(element, folder: str) -> list[str]:
    """Ids of the pages under folder/ (items, centres) that element links to."""
    pattern = re.compile(rf"(?:^|/){folder}/([a-z0-9-]+)/")
    return [m.group(1) for a in element.iter("a") for m in [pattern.search(a.get("href", ""))] if m]


# --- extractors ----------------------------------------------------------------------------------

def html_pages(site: Path, folder: str):
    for path in sorted((site / folder).glob("*/index.html")):
        yield path.parent.name, lxml.html.fromstring(path.read_bytes())


def item_pages(catalogue: Catalogue, site: Path) -> Iterator[Statement]:
    names = Names(catalogue)
    known = {i.id for i in catalogue.items}
    for ident, root in html_pages(site, addresses.ITEMS):
        if ident not in known:
            continue
        source, subject = f"site:{addresses.item_page(ident)}", ("item", ident)
        for lead in xp(root, "p", "bm-lead"):
            start, finish = parse_start_finish(text_of(lead), names)
            yield Statement(source, subject, "start", start)
            yield Statement(source, subject, "finish", finish)
        for node in [*xp(root, "span", "bm-badge--visits"), *root.xpath(f"//div[{has('bm-visits')}]//p/strong")]:
            yield Statement(source, subject, "trips", parse_trips(text_of(node)))
        for node in root.xpath(f"//div[{has('bm-item-head')}]//span[{has('bm-badge--time')}]"):
            yield Statement(source, subject, "time", text_of(node).replace("承诺 ", "承诺"))
        for node in root.xpath(f"//div[{has('bm-item-head')}]//span[{has('bm-badge--fee')}]"):
            yield Statement(source, subject, "fee_free", text_of(node) == "不收费")
        for node in root.xpath(f"//ul[{has('bm-phones')}]/li"):
            text = text_of(node)
            if text.startswith("咨询电话"):
                yield Statement(source, subject, "phone", text.split("：", 1)[1])
        for card in xp(root, "li", "bm-tier"):
            tier = names.tiers.get(text_of(xp(card, "span", "bm-tier__name")[0]))
            go = parse_go(text_of(card), names)
            if tier and go is not None:
                yield Statement(source, ("tier", ident, tier), "go", go)
        for box in root.xpath("//*[@data-bm-mine]"):
            if box.get("data-trips"):
                yield Statement(f"{source}#mine", subject, "trips", parse_trips(box.get("data-trips")))
            for tier, said in json.loads(box.get("data-here") or "{}").items():
                go = parse_go(said["say"], names)
                if go is not None:
                    yield Statement(f"{source}#mine", ("tier", ident, tier), "go", go)
        for row in root.xpath(f"//div[{has('bm-where')}]//ul[{has('bm-exceptions')}]/li"):
            centre = linked_ids(row, addresses.CENTRES)
            if centre:
                yield Statement(source, ("centre", centre[0], ident), "pause", pause_reason(text_of(row)))


def pause_reason(text: str) -> str:
    """centre name：暂停办理（…）：reason, or centre name：reason -> reason."""
    reason = text.split("：", 1)[1] if "：" in text else text
    reason = re.sub(r"^暂停办理(（[^）]*）)?：", "", reason)
    return re.split(r"。(?:要到|在哪里办)", reason)[0].removesuffix("。")


SECTION_HEADS = (("只能咨询", "consult"), ("审核", "check"), ("办结", "finish"), ("递交材料", "start"))
SECTION_OF_HEAD = (("由上级办结", "start"),) + SECTION_HEADS


def section_of(heading: str) -> str | None:
    return next((key for words, key in SECTION_OF_HEAD if words in heading), None)


def centre_pages(catalogue: Catalogue, site: Path) -> Iterator[Statement]:
    names = Names(catalogue)
    for ident, root in html_pages(site, addresses.CENTRES):
        if ident not in {c.id for c in catalogue.centres}:
            continue
        centre, source = catalogue.centre(ident), f"site:{addresses.centre_page(ident)}"
        heading = ""
        for node in root.iter("h2", "h3", "div"):
            if node.tag in ("h2", "h3"):
                heading = text_of(node)
                continue
            classes = node.get("class", "").split()
            if "bm-offers" in classes:
                for item in linked_ids(node, addresses.ITEMS):
                    yield Statement(source, ("centre", ident, item), "section", section_of(heading))
                    if section_of(heading) in ("finish", "start"):
                        yield Statement(source, ("centre", ident, item), "go", ())
            elif "bm-consult" in classes:
                yield from consult_statements(catalogue, centre, node, names, source)
            elif "bm-exceptions-wrap" in classes:
                for row in node.xpath(".//li"):
                    items = linked_ids(row, addresses.ITEMS)
                    if items:
                        yield Statement(source, ("centre", ident, items[0]), "pause", pause_reason(text_of(row)))
                        go = parse_go(text_of(row), names)
                        if go is not None:
                            yield Statement(source, ("centre", ident, items[0]), "go", names.at(go, centre))


def consult_statements(catalogue: Catalogue, centre: Centre, node, names: Names, source: str) -> Iterator[Statement]:
    """Each group's where-to-go for the items it lists; a sentence with no list speaks of every
    item the centre only advises on."""
    groups = node.xpath(".//details") or [node]
    for group in groups:
        items = linked_ids(group, addresses.ITEMS)
        if not items:
            items = [i.id for i, _ in catalogue.offers(centre) if facts.section(i, centre.tier) == "consult"]
        said = text_of(group.xpath(".//summary")[0]) if group.tag == "details" else text_of(group)
        go = parse_go(said, names)
        if go is None:
            continue
        for item in items:
            yield Statement(source, ("centre", centre.id, item), "go", names.at(go, centre))


def list_pages(catalogue: Catalogue, site: Path) -> Iterator[Statement]:
    """Where-to-start sentences above item lists (categories, situations, tier pages) and the
    sections of the tier pages and of the item × tier table."""
    names = Names(catalogue)
    pages = [p for folder in ("categories", "situations", "tiers") for p in sorted((site / folder).glob("*/index.html"))]
    for path in pages:
        root, source = lxml.html.fromstring(path.read_bytes()), f"site:{path.parent.relative_to(site)}/"
        for head in root.xpath(f"//p[{has('bm-start')}] | //*[{has('bm-offers')}]//details/summary"):
            start, finish = parse_start_finish(text_of(head), names)
            if start is None:
                continue
            following = head.getnext()
            for item in linked_ids(following, addresses.ITEMS) if following is not None else ():
                yield Statement(source, ("item", item), "start", start)
                yield Statement(source, ("item", item), "finish", finish)
        tier = path.parent.name
        if tier in TIERS:
            for h2 in root.xpath("//h2[@id]"):
                key = h2.get("id")
                if key not in ("finish", "start", "check", "consult"):
                    continue
                block = h2.getparent().getnext()
                for item in linked_ids(block, addresses.ITEMS) if block is not None else ():
                    yield Statement(source, ("tier", item, tier), "section", key)
    table = site / "tiers" / "index.html"
    if table.exists():
        root = lxml.html.fromstring(table.read_bytes())
        for row in root.xpath("//tbody/tr"):
            items = linked_ids(row, addresses.ITEMS)
            for tier, cell in zip(TIERS, row.xpath("./td")):
                yield Statement("site:tiers/", ("tier", items[0], tier), "section", label_section(text_of(cell)))


def label_section(label: str) -> str | None:
    """✔ means a resident can hand in the papers here (the legend says so); ⓘ only advises."""
    if label.startswith("✔"):
        return "finish" if "办结" in label and "递交" not in label else "start"
    if label.startswith("ⓘ"):
        return "consult"
    if label.startswith("✘"):
        return None
    return "check"


def open_data(catalogue: Catalogue, data: Path) -> Iterator[Statement]:
    tiers = {TIER_ZH[t]: t for t in TIERS}
    doc = json.loads((data / "catalogue.json").read_text(encoding="utf-8"))
    for item in doc["items"]:
        subject, source = ("item", item["id"]), "data:catalogue.json"
        yield Statement(source, subject, "start", item.get("start_tier"))
        yield Statement(source, subject, "finish", item.get("finishing_tier"))
        yield Statement(source, subject, "trips", (item.get("visits") or {}).get("count"))
        yield Statement(source, subject, "time", "承诺" + item["time_limit"]["promised"]["text"])
        yield Statement(source, subject, "fee_free", item["fee"]["free"])
        yield Statement(source, subject, "phone", item["phones"]["consult"])
    for centre in doc["centres"]:
        for pause in centre.get("exceptions", []):
            yield Statement("data:catalogue.json", ("centre", centre["id"], pause["item"]), "pause", pause["reason"])
    for row in read_csv(data / "items.csv"):
        subject, source = ("item", row["事项ID"]), "data:items.csv"
        yield Statement(source, subject, "start", tiers.get(row["起办层级"]))
        yield Statement(source, subject, "finish", tiers.get(row["办结层级"]))
        yield Statement(source, subject, "trips", int(row["到现场次数"]) if row["到现场次数"] else None)
        yield Statement(source, subject, "phone", row["咨询电话"])
    for row in read_csv(data / "centres.csv"):
        subject, source = ("centre", row["中心ID"]), "data:centres.csv"
        yield Statement(source, subject, "takes_in_count", int(row["可起办或办结事项数"]))
        yield Statement(source, subject, "consult_count", int(row["只能咨询事项数"]))
    for row in read_csv(data / "exceptions.csv"):
        yield Statement("data:exceptions.csv", ("centre", row["中心ID"], row["事项ID"]), "pause", row["原因"])


def read_csv(path: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def site_statements(catalogue: Catalogue, site: Path) -> Iterator[Statement]:
    yield from item_pages(catalogue, site)
    yield from centre_pages(catalogue, site)
    yield from list_pages(catalogue, site)


# name -> (what it reads, extractor(catalogue, folder)); the folder is the built site or the open-data folder
EXTRACTORS: dict[str, tuple[str, Callable[[Catalogue, Path], Iterator[Statement]]]] = {
    "html": ("site", site_statements),
    "open data": ("data", open_data),
}


def audit(catalogue: Catalogue, folders: dict[str, Path], expected: dict | None = None):
    """(statements read, disagreements) over every extractor whose folder is given."""
    expected = expected_facts(catalogue) if expected is None else expected
    statements = [s for what, extract in EXTRACTORS.values() if what in folders for s in extract(catalogue, folders[what])]
    return statements, disagreements(statements, expected)


def report(wrong) -> str:
    return "\n".join(f"{s.source} {s.subject} {s.kind}: says {s.value!r}, the catalogue says {want!r}" for s, want in wrong)
