"""Completeness levels (完整度): what each level requires, how far an item's data reaches, and every
output showing a 基本信息 item with what is known and never an unknown as fact."""
from __future__ import annotations

import json

import pytest
import yaml
from support import FIXTURES, LEVELS_ITEMS, mini_with_basic_items

from generator.catalogue.build import load_catalogue
from generator.catalogue.levels import BASIC, GUIDE, LEVELS, UNKNOWN, level_of, missing_for, reached_level
from generator.catalogue.load import load_file
from generator.catalogue.stats import as_text, catalogue_stats

DIBAO = FIXTURES / "mini" / "items" / "dibao.yml"


def dibao() -> dict:
    return yaml.safe_load(DIBAO.read_text("utf-8"))


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    return mini_with_basic_items(tmp_path_factory.mktemp("levels"))


@pytest.fixture(scope="module")
def catalogue(root):
    loaded, result = load_catalogue(root)
    assert loaded is not None, [p.text() for p in result.problems]
    return loaded


def test_levels_lowest_first_and_absent_means_the_top():
    assert LEVELS == (BASIC, GUIDE) == ("基本信息", "办事指南")
    assert level_of({"id": "x"}) == GUIDE
    assert level_of({"level": BASIC}) == BASIC


def test_a_complete_item_reaches_the_top_level():
    assert missing_for(dibao(), GUIDE) == []
    assert reached_level(dibao()) == GUIDE


def test_a_complete_item_with_a_field_removed_reaches_only_basic():
    data = dibao()
    del data["materials"]
    assert missing_for(data, GUIDE) == [("$.materials", UNKNOWN)]
    assert reached_level(data) == BASIC


def test_a_rule_broken_at_the_top_level_is_reported_with_its_code():
    data = dibao()
    data["conditions"][2] = "法律法规规定的其他条件"
    data["visits"] = {"count": 0}
    assert sorted(path for path, _ in missing_for(data, GUIDE)) == ["$.conditions[2]", "$.visits.count"]
    reasons = " ".join(reason for _, reason in missing_for(data, GUIDE))
    assert "E-CONDITION-CATCHALL" in reasons and "E-VISITS-ZERO" in reasons
    assert reached_level(data) == BASIC


def test_basic_needs_a_phone_of_its_own_or_the_departments():
    data = {"id": "x", "name": "就业困难人员认定", "category": "employment", "department": "county-hrss",
            "tiers": {"town": {"role": "咨询"}}}
    assert missing_for(data, BASIC) == [("$.phones.consult", f"{UNKNOWN}（部门也没有电话）")]
    assert reached_level(data) == ""
    assert reached_level(data, department_phone="0917-5211201") == BASIC
    assert reached_level(dict(data, phones={"consult": "0917-5211201"})) == BASIC


def test_basic_says_where_to_ask():
    data = {"id": "x", "name": "就业困难人员认定", "category": "employment", "department": "county-hrss",
            "tiers": {"town": {"role": "不办理"}}, "phones": {"consult": "0917-5211201"}}
    assert [reason.split()[0] for _, reason in missing_for(data, BASIC)] == ["E-LEVEL-ASK"]


def test_missing_for_keeps_the_files_positions():
    doc, _ = load_file(DIBAO, "items/dibao.yml")
    doc.data["conditions"][0] = "其他情形"
    assert missing_for(doc, GUIDE)[0][0] == "$.conditions[0]"


def test_unknown_fields_stay_none_in_the_model(catalogue):
    item = catalogue.item("jiuye-kunnan")
    assert item.level == BASIC and not item.complete
    assert (item.materials, item.steps, item.fee, item.promised, item.visits, item.basis) == (None,) * 6
    assert item.consult_phone == "0917-5211201"  # the department's
    assert item.complaint_phone is None and item.finishing_tier is None
    assert item.start_tier == "town" and item.ask_tiers == ("village", "town")  # papers go in at the town
    partial = catalogue.item("gongyi-gangwei")
    assert len(partial.materials) == 1 and partial.fee.free and partial.steps is None
    assert catalogue.item("dibao").complete


def test_stats_count_items_per_level(catalogue):
    stats = catalogue_stats(catalogue)
    assert stats["levels"] == {BASIC: 2, GUIDE: 3}
    assert "按完整度：基本信息 2 项，办事指南 3 项" in as_text(stats)


def test_every_fixture_item_is_basic():
    for path in LEVELS_ITEMS.glob("*.yml"):
        assert yaml.safe_load(path.read_text("utf-8"))["level"] == BASIC


def test_the_open_data_says_null_for_unknown(catalogue):
    from generator.export import render_exports
    document = json.loads(render_exports(catalogue, "https://example.org/", ["json"])["catalogue.json"])
    record = next(i for i in document["items"] if i["id"] == "jiuye-kunnan")
    assert record["level"] == BASIC
    assert record["materials"] is None and record["time_limit"] is None and record["fee"] is None
    assert record["phones"] == {"consult": "0917-5211201", "complaint": None}
    partial = next(i for i in document["items"] if i["id"] == "gongyi-gangwei")
    assert partial["fee"]["free"] is True and len(partial["materials"]) == 1


def _page_text(site, ident: str) -> str:
    import html
    import re
    page = (site / "items" / ident / "index.html").read_text("utf-8")
    article = page[page.find("<article"):page.find("</article>")]
    return html.unescape(re.sub(r"<[^>]+>", " ", re.sub(r"<script.*?</script>", "", article, flags=re.S)))


@pytest.mark.slow
def test_the_site_shows_a_basic_item_with_what_is_known_and_a_notice(catalogue, root, tmp_path):
    from site_support import ROOT

    from generator.site import build as site
    site.build_site(catalogue, root, ROOT / "mkdocs.yml", tmp_path / "site", writers=())
    basic = _page_text(tmp_path / "site", "jiuye-kunnan")
    assert "办事指南正在完善中" in basic and "0917-5211201" in basic
    assert "要到镇（街道）便民服务中心办。" in basic  # where papers go in is known, where it is decided is not
    for never in ("要带什么材料", "一次性告知单", "多长时间办好", "承诺", "收费", "要跑几次", "投诉监督电话", "None"):
        assert never not in basic, never
    partial = _page_text(tmp_path / "site", "gongyi-gangwei")
    assert "要带什么材料" in partial and "公益性岗位申请表" in partial and "不收费" in partial
    assert "多长时间办好" not in partial and "None" not in partial
    assert "可以先到镇（街道）便民服务中心咨询" in partial  # it only says where to ask
    complete = _page_text(tmp_path / "site", "dibao")
    assert "办事指南正在完善中" not in complete and "要带什么材料" in complete
