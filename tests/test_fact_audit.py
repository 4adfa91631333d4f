"""The fact audit (tests/fact_audit.py) on three catalogues: the mini one, the demo, and
tests/fixtures/unusual (items finished only in villages, only in towns, asked about everywhere and
done at the county, paused at one station, three trips, a town check above a village 受理), whose
expected facts are written here by hand. Each catalogue's site is built once per session."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fact_audit import audit, expected_facts, report
from site_support import build, load
from support import CATALOGUE, ROOT

from generator.export import write_exports

MINI = ROOT / "tests" / "fixtures" / "mini"
UNUSUAL = ROOT / "tests" / "fixtures" / "unusual"

# --- the unusual catalogue's facts, by hand ---------------------------------------------------------
# where to go from each tier (nearest first; () = done here), and what the tier does
GO = {
    "cun-ban": {"village": (), "town": ("village",), "county": ("village",)},
    "zhen-ban": {"village": ("town",), "town": (), "county": ("town",)},
    "xian-ban": {"village": ("county",), "town": ("county",), "county": ()},
    "daiban-shenhe": {"village": (), "town": (), "county": ()},
    "shouli-shenhe": {"village": (), "town": ("village", "county"), "county": ()},
}
SECTION = {
    "cun-ban": ("finish", "consult", "consult"),
    "zhen-ban": ("consult", "finish", None),
    "xian-ban": ("consult", "consult", "finish"),
    "daiban-shenhe": ("start", "start", "finish"),  # the village only helps: the town that checks takes it in
    "shouli-shenhe": ("start", "check", "finish"),  # the village accepts: the town's check is inside the offices
}
TRIPS = {"cun-ban": 1, "zhen-ban": 0, "xian-ban": 1, "daiban-shenhe": 3, "shouli-shenhe": 2}
START_FINISH = {"cun-ban": ("village", "village"), "zhen-ban": ("town", "town"), "xian-ban": ("county", "county"),
                "daiban-shenhe": ("village", "county"), "shouli-shenhe": ("village", "county")}
# what each centre only advises on (or only checks) and where those are done; what is paused there
CENTRE_GO = {
    "fufeng": {"cun-ban": ("all-village",)},
    "tiandu": {"cun-ban": ("all-village",), "xian-ban": ("fufeng",), "shouli-shenhe": ("all-village", "fufeng")},
    "famen": {"cun-ban": ("all-village",), "xian-ban": ("fufeng",), "shouli-shenhe": ("all-village", "fufeng")},
    "tiandu-donghe": {"zhen-ban": ("tiandu",), "xian-ban": ("fufeng",)},
    "tiandu-xicun": {"zhen-ban": ("tiandu",), "xian-ban": ("fufeng",), "daiban-shenhe": ("tiandu", "fufeng")},
    "famen-dongzhai": {"zhen-ban": ("famen",), "xian-ban": ("fufeng",)},
}
PAUSED = {("tiandu-xicun", "daiban-shenhe"): "村民政专干岗位空缺，期间请到天度镇便民服务中心民政窗口申请"}
COUNTS = {"fufeng": (3, 1), "tiandu": (2, 2), "famen": (2, 2), "tiandu-donghe": (3, 2), "tiandu-xicun": (2, 2),
          "famen-dongzhai": (3, 2)}  # (takes in or finishes, only advises on)


def by_hand() -> dict:
    found: dict = {}
    for item, tiers in GO.items():
        for n, (tier, go) in enumerate(tiers.items()):
            found[("tier", item, tier), "go"] = go
            found[("tier", item, tier), "section"] = SECTION[item][n]
        found[("item", item), "trips"] = TRIPS[item]
        found[("item", item), "start"], found[("item", item), "finish"] = START_FINISH[item]
    for centre, items in CENTRE_GO.items():
        for item, go in items.items():
            found[("centre", centre, item), "go"] = go
        found[("centre", centre), "takes_in_count"], found[("centre", centre), "consult_count"] = COUNTS[centre]
    for (centre, item), reason in PAUSED.items():
        found[("centre", centre, item), "pause"] = reason
    return found


def test_the_fact_functions_agree_with_the_facts_written_by_hand():
    computed = expected_facts(load(UNUSUAL))
    hand = by_hand()
    assert {key: computed.get(key) for key in hand} == hand


# --- built outputs, once per session --------------------------------------------------------------

_BUILT: dict[str, dict[str, Path]] = {}


def outputs(name: str, root: Path, tmp_path_factory, site: Path | None = None) -> dict[str, Path]:
    """The catalogue's built site and open data (JSON, CSV), made once per session."""
    if name not in _BUILT:
        folder = tmp_path_factory.mktemp(f"audit-{name}")
        catalogue = load(root)
        write_exports(catalogue, folder, "https://bianmin.example.org/", ["json", "csv"])
        _BUILT[name] = {"site": site or build(root, folder / "site"), "data": folder / "data"}
    return _BUILT[name]


@pytest.fixture(scope="session")
def unusual_outputs(tmp_path_factory):
    return outputs("unusual", UNUSUAL, tmp_path_factory)


@pytest.mark.slow
def test_every_statement_about_the_unusual_catalogue_is_the_one_written_by_hand(unusual_outputs):
    statements, wrong = audit(load(UNUSUAL), unusual_outputs, by_hand())
    kinds = {s.kind for s in statements}
    assert {"go", "section", "trips", "start", "finish", "pause", "takes_in_count", "consult_count"} <= kinds
    assert not wrong, report(wrong)


@pytest.mark.slow
@pytest.mark.parametrize("name", ["mini", "unusual", "demo"])
def test_every_statement_agrees_with_the_fact_functions(name, tmp_path_factory, request):
    root = {"mini": MINI, "unusual": UNUSUAL, "demo": CATALOGUE}[name]
    site = request.getfixturevalue("demo_site") if name == "demo" else None
    statements, wrong = audit(load(root), outputs(name, root, tmp_path_factory, site))
    assert len(statements) > 100
    assert not wrong, report(wrong[:30])


# --- the audit catches each broken fact -----------------------------------------------------------
# (output, file, text as built, text broken, the kind of statement that turns wrong)
BREAKS = [
    ("site", "centres/tiandu/index.html", "要到各村（社区）便民服务站办", "要到扶风县政务服务中心办", "go"),
    ("site", "centres/tiandu-xicun/index.html", "要到天度镇便民服务中心", "要到法门镇便民服务中心", "go"),
    ("site", "centres/tiandu-xicun/index.html", "村民政专干岗位空缺", "村民政专干休假", "pause"),
    ("site", "items/daiban-shenhe/index.html", "最多跑 3 次", "最多跑 1 次", "trips"),
    ("site", "items/zhen-ban/index.html", "一次都不用跑", "最多跑 0 次", "trips"),
    ("site", "items/xian-ban/index.html", "0917-5211211", "0917-5211299", "phone"),
    ("site", "items/xian-ban/index.html", "承诺10 个工作日", "承诺5 个工作日", "time"),
    ("site", "items/xian-ban/index.html", "bm-badge--fee\">收费", "bm-badge--fee\">不收费", "fee_free"),
    ("site", "items/cun-ban/index.html", "在这里只能咨询，不能办：要到村（社区）便民服务站办",
     "在这里只能咨询，不能办：要到县政务服务中心办", "go"),
    ("site", "items/zhen-ban/index.html", "&quot;say&quot;:&quot;在这里只能咨询，不能办：要到镇（街道）便民服务中心办",
     "&quot;say&quot;:&quot;在这里只能咨询，不能办：要到县政务服务中心办", "go"),
    ("site", "categories/social-assistance/index.html", "最后由县政务服务中心办结", "并且在那里办结", "finish"),
    ("site", "tiers/town/index.html", 'id="check"', 'id="start"', "section"),
    ("site", "tiers/index.html", "○ 办理中审核，不收材料<", "✔ 可以递交材料（审核）<", "section"),
    ("data", "catalogue.json", '"count":3', '"count":1', "trips"),
    ("data", "items.csv", "受理,审核,审批,村（社区）,县", "受理,审核,审批,镇（街道）,县", "start"),
    ("data", "centres.csv", "17:30,,,2,2,0", "17:30,,,3,2,0", "takes_in_count"),
    ("data", "exceptions.csv", "岗位空缺", "岗位调整", "pause"),
]


@pytest.mark.slow
@pytest.mark.parametrize("output, path, good, bad, kind", BREAKS, ids=[f"{b[1]}:{b[4]}" for b in BREAKS])
def test_the_audit_catches_a_broken_fact(output, path, good, bad, kind, unusual_outputs, tmp_path):
    broken = {what: tmp_path / what for what in unusual_outputs}
    for what, folder in unusual_outputs.items():
        shutil.copytree(folder, broken[what])
    target = broken[output] / path
    text = target.read_text(encoding="utf-8-sig" if path.endswith(".csv") else "utf-8")
    assert good in text, f"{path} no longer says {good!r}: update BREAKS"
    target.write_text(text.replace(good, bad, 1), encoding="utf-8-sig" if path.endswith(".csv") else "utf-8")
    _, wrong = audit(load(UNUSUAL), broken, by_hand() | expected_facts(load(UNUSUAL)))
    assert [s.kind for s, _ in wrong] and {s.kind for s, _ in wrong} == {kind}, report(wrong)
