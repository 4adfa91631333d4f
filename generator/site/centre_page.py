"""The page of one service centre or station: /centres/<id>/."""
from __future__ import annotations

from ..catalogue.model import Catalogue, Centre
from ..catalogue.vocab import TIER_ZH
from .extras import Extras
from .html import badge, block, centre_url, esc, front_matter, h1, item_url, json_ld, link, tel, ul

# What the centre does with an item, most useful first: (heading, role levels)
ROLE_SECTIONS = (("在这里就能办结", (4,)), ("在这里递交材料，由上级办结", (2, 3)), ("在这里只能咨询", (1,)))


def centre_page(catalogue: Catalogue, centre: Centre, extras: Extras, shared: dict | None = None) -> str:
    """shared: sections already rendered for another centre of the same tier with the same exceptions."""
    url = extras.page_url(f"centres/{centre.id}/")
    parts = [front_matter(centre.name, extras.updated.get(centre.source_file, catalogue.county.updated),
                          centre.address, "centre"),
             h1(centre.name), facts(catalogue, centre), tools(centre, extras),
             "## 窗口和工作人员\n\n", windows(centre)]
    shared = {} if shared is None else shared
    key = (centre.tier, centre.exceptions)
    if key not in shared:
        shared[key] = offers(catalogue, centre)
    parts += shared[key]
    if centre.exceptions:
        parts += ["## 暂不办理的事项\n\n", exceptions(catalogue, centre)]
    parts += relatives(catalogue, centre)
    if extras.centre_jsonld:
        parts.append(json_ld(extras.centre_jsonld(catalogue, centre, url)))
    return "".join(parts)


def facts(catalogue: Catalogue, centre: Centre) -> str:
    rows = [f"<dt>层级</dt><dd>{badge(TIER_ZH[centre.tier])} {badge(centre.kind)}</dd>",
            f"<dt>地址</dt><dd>{esc(centre.address)}</dd>",
            f"<dt>电话</dt><dd>{tel(centre.phone)}</dd>",
            "<dt>办公时间</dt><dd>" + "<br>".join(esc(h) for h in centre.hours) + "</dd>"]
    parent = catalogue.parent(centre)
    if parent:
        rows.append(f"<dt>上级中心</dt><dd>{link(centre_url(parent, 2), parent.name)}</dd>")
    rows.append(f"<dt>监督电话</dt><dd>{tel(catalogue.county.supervision_phone)}</dd>")
    return block(f'<dl class="bm-facts">{"".join(rows)}</dl>', "bm-centre-head")


def tools(centre: Centre, extras: Extras) -> str:
    out = '<button type="button" class="bm-button" data-bm-print>打印本页</button>'
    if extras.pdf_links:
        out += link(f"../../print/centres/{centre.id}-wall.pdf", "上墙公布表（PDF）", "bm-button")
        out += link(f"../../print/centres/{centre.id}-booklet.pdf", "汇编封面（PDF）", "bm-button")
        out += link(f"../../print/volumes/{centre.tier}.pdf", "办事指南汇编（PDF，各站共用）", "bm-button")
    return block(out, "bm-tools", " data-pagefind-ignore")


def windows(centre: Centre) -> str:
    head = '<tr><th scope="col">窗口</th><th scope="col">A岗（主办）</th><th scope="col">B岗（替岗）</th></tr>'
    rows = "".join(f"<tr><th scope=\"row\">{esc(w.name)}</th>{post_cell(w, 'A岗')}{post_cell(w, 'B岗')}</tr>"
                   for w in centre.windows)
    note = "<p>首问负责：您问到的第一位工作人员负责解答或带您找到经办人；A岗不在时由B岗接替办理。</p>"
    return block(f'<table><thead>{head}</thead><tbody>{rows}</tbody></table>{note}', "bm-table-wrap")


def post_cell(window, label: str) -> str:
    post = next((p for p in window.posts if p.label == label), None)
    if post is None:
        return "<td>—</td>"
    phone = f"<br>{tel(post.phone)}" if post.phone else ""
    return f"<td>{esc(post.role)}{phone}</td>"


def offers(catalogue: Catalogue, centre: Centre) -> list[str]:
    offered = catalogue.offers(centre)
    parts = [f"## 这里能办什么（共 {len(offered)} 项）\n\n"]
    for title, levels in ROLE_SECTIONS:
        chosen = [(item, role) for item, role in offered if role.level in levels]
        if chosen:
            parts += [f"### {title}（{len(chosen)} 项）\n\n", by_category(catalogue, chosen)]
    return parts


def by_category(catalogue: Catalogue, chosen) -> str:
    groups: dict[str, list[str]] = {}
    for item, role in chosen:
        window = f"，{esc(role.window.name)}" if role.window else ""
        groups.setdefault(item.category.id, []).append(f"{link(item_url(item, 2), item.name)}（{esc(role.role)}{window}）")
    out = "".join(f'<p class="bm-group">{esc(c.name)}</p>' + ul(groups[c.id]) for c in catalogue.categories if c.id in groups)
    return block(out, "bm-offers", " data-pagefind-ignore")


def exceptions(catalogue: Catalogue, centre: Centre) -> str:
    rows = [f"{link(item_url(item, 2), item.name)}：{esc(reason)}" for item, reason in catalogue.excepted(centre)]
    return block(ul(rows, "bm-exceptions"), "bm-exceptions-wrap", " data-pagefind-ignore")


def relatives(catalogue: Catalogue, centre: Centre) -> list[str]:
    children = catalogue.children(centre)
    if not children:
        return []
    title = "下属镇（街道）便民服务中心" if centre.tier == "county" else "下属村（社区）便民服务站"
    entries = [link(centre_url(c, 2), c.name) for c in children]
    return [f"## {title}（{len(children)} 个）\n\n", block(ul(entries, "bm-columns"), "bm-children", " data-pagefind-ignore")]
