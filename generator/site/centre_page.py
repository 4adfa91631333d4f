"""The page of one service centre or station: /centres/<id>/."""
from __future__ import annotations

from ..catalogue import addresses, facts
from ..catalogue.model import Catalogue, Centre
from ..catalogue.vocab import TIER_ZH
from .extras import Extras
from .html import SPEAK_BUTTONS, Offers, block, centre_url, esc, front_matter, h1, item_url, json_ld, link, tel, ul

LISTED_AT_MOST = 250  # more items than this: per category a count and a link to the tier's list (page ≤ 50 KB)
ADVICE_LISTED_AT_MOST = 60  # more consult-only items than this: per group a count, the names on the tier's list


def centre_page(catalogue: Catalogue, centre: Centre, extras: Extras, shared: dict | None = None,
                offered: Offers | None = None) -> str:
    """shared: sections already rendered for another centre of the same tier with the same exceptions;
    offered: the offer lists worked out for other centres (both kept by the caller across centres)."""
    url = extras.page_url(addresses.centre_page(centre.id))
    parts = [front_matter(centre.name, extras.updated.get(centre.source_file, catalogue.county.updated),
                          centre.address, "centre"),
             h1(centre.name), head_facts(catalogue, centre), tools(centre, extras)]
    if centre.exceptions:
        parts += ["## 暂不办理的事项\n\n", exceptions(catalogue, centre)]
    shared = {} if shared is None else shared
    offered = offered or Offers(catalogue)
    key = (centre.tier, centre.exceptions)
    if key not in shared:
        shared[key] = offers(catalogue, centre, offered)
    parts += shared[key]
    parts += consult_only(catalogue, centre, offered)
    parts += windows(centre)
    parts += relatives(catalogue, centre)
    if extras.centre_jsonld:
        parts.append(json_ld(extras.centre_jsonld(catalogue, centre, url)))
    return "".join(parts)


def head_facts(catalogue: Catalogue, centre: Centre) -> str:
    rows = [f"<dt>层级</dt><dd>{esc(TIER_ZH[centre.tier])}</dd>",
            f"<dt>地址</dt><dd>{esc(centre.address)}</dd>",
            f"<dt>电话</dt><dd>{tel(centre.phone)}</dd>",
            "<dt>办公时间</dt><dd>" + "<br>".join(esc(h) for h in centre.hours) + "</dd>"]
    parent = catalogue.parent(centre)
    if parent:
        rows.append(f"<dt>上级中心</dt><dd>{link(centre_url(parent, 2), parent.name)}</dd>")
    rows.append(f"<dt>监督电话</dt><dd>{tel(catalogue.county.supervision_phone)}</dd>")
    return block(f'<dl class="bm-facts">{"".join(rows)}</dl>', "bm-centre-head")


def tools(centre: Centre, extras: Extras) -> str:
    out = SPEAK_BUTTONS + '<button type="button" class="bm-button" data-bm-print>打印本页</button>'
    if extras.pdf_links:
        out += link(addresses.relative(addresses.wall_chart_pdf(centre.id), 2), "上墙公布表（PDF）", "bm-button")
        out += link(addresses.relative(addresses.booklet_cover_pdf(centre.id), 2), "汇编封面（PDF）", "bm-button")
        out += link(addresses.relative(addresses.volume_pdf(centre.tier), 2), "办事指南汇编（PDF，各站共用）", "bm-button")
    return block(out, "bm-tools", " data-pagefind-ignore")


def windows(centre: Centre) -> list[str]:
    """The windows; who works there only where the catalogue says (no table of dashes)."""
    if not centre.windows:
        return []
    if not any(w.posts for w in centre.windows):
        names = "、".join(esc(w.name) for w in centre.windows)
        return ["## 办事窗口\n\n", block(f"<p>{names}</p>", "bm-windows")]
    rows = [f"<strong>{esc(w.name)}</strong>：" + "；".join(post_text(p) for p in w.posts) if w.posts
            else f"<strong>{esc(w.name)}</strong>" for w in centre.windows]
    note = ("<p>A岗是主办这件事的工作人员，B岗是 A岗不在时替他办的人。首问负责：您问到的第一位工作人员"
            "要负责解答，或者带您找到经办人。</p>")
    return ["## 窗口和工作人员\n\n", block(ul(rows, "bm-windows") + note, "bm-windows-wrap")]


def post_text(post) -> str:
    label = {"A岗": "A岗（主办）", "B岗": "B岗（替岗）"}.get(post.label, post.label)
    phone = f" {tel(post.phone)}" if post.phone else ""
    return f"{esc(label)} {esc(post.role)}{phone}"


def offers(catalogue: Catalogue, centre: Centre, offered: Offers) -> list[str]:
    """What the centre finishes, takes in and checks (facts.SECTIONS), by category, folded."""
    does = facts.centre_does(catalogue, centre)
    listed = offered.count(centre, "finish", "start")
    parts = [f"## 这里能办什么（{listed} 项）\n\n"]
    for anchor, title in facts.SECTIONS[:3]:
        chosen = does[anchor]
        if chosen:
            parts += [f"### {title}（{len(chosen)} 项）\n\n",
                      by_category(catalogue, centre, chosen, anchor, listed <= LISTED_AT_MOST)]
    if not listed:
        parts.append(block("<p>这里不受理事项，只提供咨询。</p>"))
    return parts


def by_category(catalogue: Catalogue, centre: Centre, chosen, anchor: str, listed: bool) -> str:
    groups: dict[str, list[str]] = {}
    for item, role in chosen:
        what = f"（{esc(role.role)}）" if anchor != "finish" else ""
        groups.setdefault(item.category.id, []).append(f"{link(item_url(item, 2), item.name)}{what}")
    out = ""
    for category in catalogue.categories:
        entries = groups.get(category.id)
        if not entries:
            continue
        head = f"{esc(category.name)}（{len(entries)} 项）"
        if listed:
            out += f"<details><summary>{head}</summary>{ul(entries)}</details>"
        else:
            out += f"<p>{link(addresses.relative(addresses.tier_page(centre.tier, f'{anchor}-{category.id}'), 2), head)}</p>"
    return block(out, "bm-offers", " data-pagefind-ignore")


def consult_only(catalogue: Catalogue, centre: Centre, offered: Offers) -> list[str]:
    """Items the centre only answers questions about, grouped by where they are done (facts.advice),
    nearest first; each group folded with its items."""
    asked = offered.count(centre, "consult")
    if not asked:
        return []
    if asked > ADVICE_LISTED_AT_MOST:  # a count and where per group; the names are on the tier's page
        groups = "".join(f"<p>{len(a.items)} 项：{esc(a.text(catalogue))}。</p>" for a in facts.advice(catalogue, centre))
        groups += f"<p>{link(addresses.relative(addresses.tier_page(centre.tier, 'consult'), 2), '看这些事项的名单')}</p>"
    else:
        groups = "".join(f"<details><summary>{len(a.items)} 项：{esc(a.text(catalogue))}</summary>"
                         f"{ul([link(item_url(i, 2), i.name) for i in a.items], 'bm-columns')}</details>"
                         for a in facts.advice(catalogue, centre))
    text = f"<p>{esc(facts.advice_intro(asked))}</p>{groups}"
    return [f"### {dict(facts.SECTIONS)['consult']}（{asked} 项）\n\n", block(text, "bm-consult", " data-pagefind-ignore")]


def exceptions(catalogue: Catalogue, centre: Centre) -> str:
    rows = [f"{link(item_url(p.item, 2), p.item.name)}：{esc(facts.at_centre(catalogue, p.item, centre).text)}"
            for p in facts.paused(catalogue, centre)]
    return block(ul(rows, "bm-exceptions"), "bm-exceptions-wrap", " data-pagefind-ignore")


def relatives(catalogue: Catalogue, centre: Centre) -> list[str]:
    children = catalogue.children(centre)
    if not children:
        return []
    title = "下属镇（街道）便民服务中心" if centre.tier == "county" else "下属村（社区）便民服务站"
    entries = [link(centre_url(c, 2), c.name) for c in children]
    return [f"## {title}（{len(children)} 个）\n\n", block(ul(entries, "bm-columns"), "bm-children", " data-pagefind-ignore")]
