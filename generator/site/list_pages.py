"""Pages that list items and centres: home, categories, life situations, tiers, delegation, towns."""
from __future__ import annotations

from ..catalogue import addresses, facts
from ..catalogue.model import Catalogue, Item, Named
from ..catalogue.stats import catalogue_stats
from ..catalogue.vocab import TIER_ZH, TIERS
from . import questions_block
from .extras import Extras
from .html import Offers, block, centre_url, esc, front_matter, h1, item_url, link, speak_tools, ul

TIER_ENTRIES = (("village", "在村里能办什么", "村（社区）便民服务站就能递交或办结的事项"),
                ("town", "在镇里能办什么", "镇（街道）便民服务中心能受理或办结的事项"),
                ("county", "要到县里办什么", "县政务服务中心办结的事项，以及必须到县里递交的事项"))


def list_pages(catalogue: Catalogue, extras: Extras) -> dict[str, str]:
    updated = catalogue.county.updated
    offered = Offers(catalogue)
    out = {"index.md": home(catalogue, updated),
           "categories/index.md": categories_index(catalogue, updated),
           addresses.index_source(addresses.centres_index()): centres_index(catalogue, updated),
           "tiers/index.md": tier_comparison(catalogue, updated),
           "delegation.md": delegation(catalogue, updated, offered)}
    for category in catalogue.categories:
        out[f"categories/{category.id}.md"] = item_list_page(category, catalogue.items_in(category), catalogue, updated)
    for situation in catalogue.situations:
        chosen = tuple(i for i in catalogue.items if situation in i.situations)
        bundle = questions_block.bundle_section(catalogue, situation)  # 一件事: steps and one list, or ""
        out[f"situations/{situation.id}.md"] = item_list_page(situation, chosen, catalogue, updated, bundle)
    for tier, title, _ in TIER_ENTRIES:
        out[f"tiers/{tier}.md"] = tier_page(catalogue, tier, title, updated)
    for town in catalogue.centres_at("town"):
        out[f"towns/{town.id}.md"] = town_page(catalogue, town, updated, offered)
    return out


def search_form(big: bool = False) -> str:
    cls = "bm-search bm-search--big" if big else "bm-search"
    return block(
        f'<form class="{cls}" role="search" aria-label="搜索要办的事" data-bm-search action="">'
        '<label for="bm-home-q">输入您要办的事，例如：低保、新农合、准生证、残疾证、dibao</label>'
        '<input id="bm-home-q" type="search" name="q" autocomplete="off" placeholder="搜索要办的事">'
        '<button type="submit" class="bm-button">搜索</button>'
        '<div class="bm-search__results" aria-live="polite"></div></form>', "bm-home-search", " data-pagefind-ignore")


def my_station() -> str:
    """我的便民服务站: the chosen station first, or a way to choose it (bianmin.js; hidden without JS)."""
    return block(
        '<h2 id="my-station">我的便民服务站</h2>'
        '<div data-bm-pick-current></div>'
        '<button type="button" class="bm-button" data-bm-pick-open>选择我所在的村（社区）</button>'
        '<div class="bm-pick" data-bm-pick-form hidden>'
        '<p><label for="bm-pick-town">先选镇（街道）</label><select id="bm-pick-town"></select></p>'
        '<p><label for="bm-pick-village">再选村（社区）</label><select id="bm-pick-village"></select></p>'
        '<p><label for="bm-pick-q">或者直接输入村（社区）的名字</label>'
        '<input id="bm-pick-q" type="text" list="bm-pick-list" autocomplete="off"><datalist id="bm-pick-list"></datalist></p>'
        '<button type="button" class="bm-button" data-bm-pick-save>记住这个服务站</button>'
        '<p class="bm-pick__note">只记在这部手机（这台电脑）上，不会发给任何人。</p></div>',
        "bm-mine-pick", " data-bm-pick hidden data-pagefind-ignore")


def cards(entries) -> str:
    """entries: (url, title, description) triples, plain text."""
    return block("".join(f'<a class="bm-card" href="{esc(u)}"><strong>{esc(t)}</strong><span>{esc(d)}</span></a>'
                         for u, t, d in entries), "bm-cards")


def home(catalogue: Catalogue, updated: str) -> str:
    county = catalogue.county
    title = f"{county.name}便民服务指南"
    tiers = [(f"tiers/{t}/", name, text) for t, name, text in TIER_ENTRIES]
    situations = [(f"situations/{s.id}/", s.name, s.description) for s in catalogue.situations]
    categories = [(f"categories/{c.id}/", c.name, f"{len(catalogue.items_in(c))} 项 · {c.description}")
                  for c in catalogue.categories]
    return "".join([front_matter(title, updated, f"{county.name}村、镇、县三级便民服务事项：到哪里办、带什么材料、多久办好。"),
                    h1(title), my_station(), search_form(big=True),
                    "## 在哪里能办\n\n", cards(tiers),
                    "## 我遇到的事\n\n", cards(situations),
                    "## 按类别查找\n\n", cards(categories),
                    "## 全县便民服务概况\n\n", figures(catalogue),
                    "## 服务网点\n\n", block(f"<p>{link(addresses.centres_index(), '查看全县所有便民服务中心和服务站')}，"
                                        f"{link('delegation/', '各村各镇能办多少事')}。</p>")])


def figures(catalogue: Catalogue) -> str:
    stats = catalogue_stats(catalogue)
    centres = "、".join(f"{TIER_ZH[t]} {n} 个" for t, n in stats["centres"].items())
    rows = [f"<tr><th scope=\"row\">{esc(TIER_ZH[t])}</th><td>{f['consult']}</td><td>{f['start']}</td><td>{f['finish']}</td></tr>"
            for t, f in stats["tiers"].items()]
    heads = "".join(f'<th scope="col">{esc(h)}</th>' for h in ("层级", *facts.TIER_COUNT_HEADS))
    table = f'<table><caption>各级能办的事项数</caption><thead><tr>{heads}</tr></thead><tbody>{"".join(rows)}</tbody></table>'

    return block(f"<p>全县共有服务中心和服务站：{esc(centres)}；服务事项 {stats['items']} 项。</p>{table}", "bm-figures")


def item_entry(item: Item, depth: int) -> str:
    summary = f"<br>{esc(item.summary)}" if item.summary else ""
    return f"{link(item_url(item, depth), item.name)}{summary}"


def item_list_page(named: Named, items, catalogue: Catalogue, updated: str, bundle: str = "") -> str:
    """A category's or a life situation's items with their summaries, under where to start them and
    where they end (said once per group); a long list (a real county's categories hold up to 300
    items) folds each group."""
    intro = f"<p>{esc(named.description)}</p>" if named.description else ""
    fold = len(items) > FOLD_FROM
    groups = ""
    for where, chosen in start_groups(catalogue, items):
        where, entries = esc(where.removesuffix("。")), ul([item_entry(i, 2) for i in chosen], "bm-items")
        groups += (f"<details><summary>{where}（{len(chosen)} 项）</summary>{entries}</details>" if fold
                   else f'<p class="bm-start">{where}：</p>{entries}')
    body = (f'<div class="bm-offers">{groups}</div>' if fold else groups) if items else "<p>暂无事项。</p>"
    head = front_matter(named.name, updated, named.description) + h1(named.name) + speak_tools()
    if bundle:  # 一件事: the steps in order and one list first, every item of the situation after
        return head + (block(intro) if intro else "") + bundle + "## 相关事项\n\n" + block(body)
    return head + block(intro + body)


FOLD_FROM = 40  # items on a category or situation page: more than this, each group is folded


def start_groups(catalogue: Catalogue, items) -> list[tuple[str, list[Item]]]:
    """(where to start and where it ends, the items), nearest start first (village, town, county)."""
    groups: dict[tuple[int, int], tuple[str, list[Item]]] = {}
    for item in items:
        groups.setdefault(facts.start_finish_order(item), (facts.start_finish_text(catalogue, item), []))[1].append(item)
    return [groups[order] for order in sorted(groups)]


def categories_index(catalogue: Catalogue, updated: str) -> str:
    parts = [front_matter("按类别查找", updated), h1("按类别查找"), speak_tools()]
    for category in catalogue.categories:
        items = catalogue.items_in(category)
        parts.append(block(f'<h2 id="{esc(category.id)}">{link(category.id + "/", category.name)}（{len(items)} 项）</h2>'
                           + ul([link(item_url(i, 1), i.name) for i in items], "bm-columns")))
    return "".join(parts)


def centres_index(catalogue: Catalogue, updated: str) -> str:
    parts = [front_matter("服务网点", updated, "全县便民服务中心和服务站"), h1("服务网点"), speak_tools()]
    towns = catalogue.centres_at("town")
    jump = "".join(f'<li><a href="#{esc(t.id)}">{esc(t.name.removesuffix("便民服务中心"))}</a></li>' for t in towns)
    parts.append(block(f'<p>先找您所在的镇（街道），再找村（社区）：</p><ul class="bm-jump">{jump}</ul>', "bm-jump-wrap"))
    for county in catalogue.centres_at("county"):
        parts.append(block(f"<p>{link(county.id + '/', county.name)}：{esc(county.address)}</p>"))
    for town in catalogue.centres_at("town"):
        villages = [link(c.id + "/", c.name) for c in catalogue.children(town)]
        parts.append(block(f'<h2 id="{esc(town.id)}">{link(town.id + "/", town.name)}</h2>'
                           f"<p>{link('../towns/' + town.id + '/', '各村（社区）服务站一览')}</p>"
                           + ul(villages, "bm-columns")))
    return "".join(parts)


def tier_comparison(catalogue: Catalogue, updated: str) -> str:
    """Every item × village / town / county, one folded table per category (1,135 rows made a page
    130,000 px long on a phone)."""
    title = "村、镇、县分别能办什么"
    head = "<tr><th scope=\"col\">事项</th>" + "".join(f"<th scope=\"col\">{esc(catalogue.county.tier_name(t))}</th>" for t in TIERS) + "</tr>"
    legend = f"<p>{esc(facts.ROLE_LEGEND)}个别站点的例外见各站点页面。点类别名展开。</p>"
    links = "<p>" + "、".join(link(f"{t}/", name) for t, name, _ in TIER_ENTRIES) + "</p>"
    tables = ""
    for category in catalogue.categories:
        items = catalogue.items_in(category)
        if not items:
            continue
        rows = "".join("<tr><th scope=\"row\">" + link(item_url(i, 1), i.name) + "</th>"
                       + "".join(f'<td class="bm-role--{i.role_at(t).level}">{esc(facts.role_label(i, t))}</td>' for t in TIERS)
                       + "</tr>" for i in items)
        name = f"{category.name}（{len(items)} 项）"
        tables += (f'<details id="{esc(category.id)}"><summary>{esc(name)}</summary>'
                   f"<table><caption>{esc(title)}：{esc(category.name)}</caption><thead>{head}</thead><tbody>{rows}</tbody></table></details>")
    return (front_matter(title, updated) + h1(title) + speak_tools() + block(legend + links)
            + block(tables, "bm-offers bm-table-wrap"))


def tier_page(catalogue: Catalogue, tier: str, title: str, updated: str) -> str:
    """Every item by what this tier does with it, then by category, folded (a thousand names made a
    page 90,000 px long on a phone); each group has an anchor (finish-<category>, start-<category>,
    consult) the centre pages link to, and a link to a category opens it (bianmin.js)."""
    parts = [front_matter(title, updated), h1(title), speak_tools()]
    for anchor, heading in facts.SECTIONS:
        items = [i for i in catalogue.items if facts.section(i, tier) == anchor]
        if items:
            parts += [block(f'<h2 id="{anchor}">{esc(heading)}（{len(items)} 项）</h2>'),
                      folded(catalogue, items, anchor, lambda chosen: by_start(catalogue, chosen))]
    if tier == "county":
        only = [i for i in catalogue.items if facts.start_tier(i) == "county"]
        parts.append(block(f'<h2 id="county-only">必须到县里递交的事项（{len(only)} 项）</h2>'))
        parts.append(folded(catalogue, only, "county-only", lambda chosen: ul([link(item_url(i, 2), i.name) for i in chosen],
                                                                              "bm-columns"))
                     if only else block("<p>没有：所有事项都能在村或镇递交。</p>"))
    return "".join(parts)


def folded(catalogue: Catalogue, items, anchor: str, listed) -> str:
    """One folded list per category (<details id="<anchor>-<category>">), listed(items of the category) inside."""
    out = ""
    for category in catalogue.categories:
        chosen = [i for i in items if i.category.id == category.id]
        if chosen:
            out += (f'<details id="{anchor}-{esc(category.id)}"><summary>{esc(category.name)}（{len(chosen)} 项）'
                    f'</summary>{listed(chosen)}</details>')
    return block(out, "bm-offers")


def by_start(catalogue: Catalogue, items) -> str:
    """Item names under where a resident starts them and where they end, each said once (a tier
    page at real scale lists a thousand items: a summary and that sentence on every row made it 430 KB)."""
    return "".join(f'<p class="bm-start">{esc(where.removesuffix("。"))}：</p>'
                   + ul([link(item_url(i, 2), i.name) for i in chosen], "bm-columns")
                   for where, chosen in start_groups(catalogue, items))


def centre_counts(offered: Offers, centre) -> tuple[int, int]:
    """How many items the centre can take in (or finish), and how many it finishes."""
    return offered.count(centre, "finish", "start"), offered.count(centre, "finish")


def delegation(catalogue: Catalogue, updated: str, offered: Offers) -> str:
    """How many items each centre takes in and finishes, one folded table per town (600 rows at real scale)."""
    title = "小事不出村、大事不出镇"
    total = len(catalogue.items)
    intro = f"<p>{esc(facts.counts_intro(total))}点镇（街道）名展开。</p>"
    head = '<tr><th scope="col">服务站点</th><th scope="col">能递交材料</th><th scope="col">能办结</th><th scope="col">暂不办理</th></tr>'
    tables = ""
    for town in catalogue.centres_at("town"):
        rows = ""
        for centre in (town, *catalogue.children(town)):
            start, finish = centre_counts(offered, centre)
            name = link(centre_url(centre, 1), centre.name)
            rows += f"<tr><th scope=\"row\">{name}</th><td>{start} 项</td><td>{finish} 项</td><td>{len(centre.exceptions)} 项</td></tr>"
        summary = f"{town.name}（{len(catalogue.children(town))} 个村、社区）"
        tables += (f'<details id="{esc(town.id)}"><summary>{esc(summary)}</summary><table><caption>{esc(town.name)}'
                   f"和所属村（社区）能办多少事</caption><thead>{head}</thead><tbody>{rows}</tbody></table></details>")
    county_only = [i for i in catalogue.items if facts.start_tier(i) == "county"]
    tail = (f"<p>仍然要本人到县政务服务中心递交的事项：{len(county_only)} 项"
            + (f"（{link('../tiers/county/#county-only', '看名单')}）。</p>" if county_only else "。</p>"))
    if catalogue.county.quality_public:
        tail += f"<p>各站点的 A岗、B岗和电话写齐没有、各部门的办事指南写到哪一步，见{link('../quality/', '目录质量和下放情况')}。</p>"
    return (front_matter(title, updated) + h1(title) + speak_tools() + block(intro)
            + block(tables, "bm-offers bm-table-wrap") + block(tail))


def town_page(catalogue: Catalogue, town, updated: str, offered: Offers) -> str:
    title = f"{town.name}：各村（社区）服务站"
    rows = ""
    for village in catalogue.children(town):
        start, finish = centre_counts(offered, village)
        rows += (f"<tr><th scope=\"row\">{link(centre_url(village, 2), village.name)}</th><td>{esc(village.address)}</td>"
                 f"<td>{esc(village.phone)}</td><td>{start} 项 / {finish} 项</td></tr>")
    head = '<tr><th scope="col">服务站</th><th scope="col">地址</th><th scope="col">电话</th><th scope="col">能递交 / 能办结</th></tr>'
    table = f'<table><caption>{esc(title)}</caption><thead>{head}</thead><tbody>{rows}</tbody></table>'
    intro = f"<p>镇便民服务中心：{link(centre_url(town, 2), town.name)}，{esc(town.address)}，电话 {esc(town.phone)}。</p>"
    return front_matter(title, updated) + h1(title) + speak_tools() + block(intro) + block(table, "bm-table-wrap")
