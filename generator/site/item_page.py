"""The page of one item: the full 办事指南, /items/<id>/."""
from __future__ import annotations

from ..catalogue import addresses, facts, longtext
from ..catalogue.model import Catalogue, Centre, Item
from ..catalogue.vocab import STEP_WHO, TIERS
from . import questions_block
from .extras import Extras
from .html import badge, block, centre_url, esc, front_matter, h1, json_ld, link, long_text, tel, ul
from .station import here_json


def item_page(catalogue: Catalogue, item: Item, extras: Extras, excepted: tuple[tuple[Centre, str], ...]) -> str:
    url = extras.page_url(addresses.item_page(item.id))
    heres = tuple(facts.here(catalogue, item, tier) for tier in TIERS)  # what each tier does, worked out once
    asked = questions_block.page_data(catalogue, item)  # 情形引导: None when the item asks nothing
    parts = [
        front_matter(item.name, extras.updated.get(item.source_file, catalogue.county.updated), item.summary, "item"),
        h1(item.name), mine(item, heres), head(catalogue, item), notice(item), tools(item, extras),
        "## 到哪里办\n\n", where(catalogue, item, heres, excepted),
    ]
    for title, known, section in SECTIONS:  # a section whose facts are not known yet is left out
        if known(item):
            ask = questions_block.questions(asked, item.id, item.consult_phone) if asked and section is materials else ""
            parts += [f"## {title}\n\n", ask, materials(item, asked) if section is materials else section(item)]
    parts += ["## 设定依据和负责部门\n\n", basis(item), "## 咨询和投诉电话\n\n", phones(catalogue, item)]
    if item.faq:
        parts += ["## 常见问题\n\n", faq(item)]
    parts += ["## 打印和数据\n\n", downloads(item, extras)]
    if extras.item_jsonld:
        parts.append(json_ld(extras.item_jsonld(catalogue, item, url)))
    return "".join(parts)


def head(catalogue: Catalogue, item: Item) -> str:
    badges = [badge(item.type) if item.type else "",
              badge(f"{item.case_type}（{CASE_SHORT.get(item.case_type, '')}）", "case") if item.case_type else "",
              badge(f"承诺{item.promised}", "time") if item.promised else "",
              badge(str(item.fee) if item.fee.free else "收费", "fee") if item.fee else "",
              badge(facts.trips(item).text, "visits") if item.visits is not None else ""]
    out = f'<p class="bm-badges">{"".join(badges)}</p>' if any(badges) else ""
    if item.summary:
        summary = longtext.blocks(item.summary)
        out += f'<p class="bm-summary">{esc(item.summary)}</p>' if longtext.is_plain(summary) else \
            f'<div class="bm-summary">{long_text(summary)}</div>'
    out += f'<p class="bm-lead" data-bm-say="where"><strong>{esc(facts.start_finish_text(catalogue, item))}</strong></p>'
    if item.aliases:
        out += f'<p class="bm-aliases">也叫：{esc("、".join(item.aliases))}</p>'
    return block(out, "bm-item-head")


def notice(item: Item) -> str:
    """Below 办事指南: say plainly that the guide is not complete and to call before going."""
    if item.complete:
        return ""
    return block(f"<p><strong>本事项的办事指南正在完善中。</strong>这里只列出已经核实的信息；没有列出的（比如要带的材料、"
                 f"办理时限）还没有核实。去办理前请先打电话问清楚：{tel(item.consult_phone)}</p>", "bm-notice bm-incomplete", " data-bm-say")


def mine(item: Item, heres) -> str:
    """Filled by bianmin.js with what the resident's own station does with this item (hidden without
    JS): data-here holds, per tier, the sentence and where to go (station.here_json). Until a station
    is chosen it invites to choose one, shown from the first paint (nothing below it moves)."""
    trips = facts.trips(item)
    said = trips.text + (f"：{trips.reason}" if trips.reason and trips.count else "") + "。"
    invite = f'<p data-bm-unsaid>想知道在自己村能不能办？{link(addresses.relative("#my-station", 2), "选择我的便民服务站")}</p>'
    return block(invite, "bm-mine", f' data-bm-mine="{esc(item.id)}" data-here="{esc(here_json(item, heres))}"'
                                f' data-trips="{esc(said)}" hidden')


def tools(item: Item, extras: Extras) -> str:
    buttons = ('<button type="button" class="bm-button" data-bm-speak>朗读本页</button>'
               '<button type="button" class="bm-button" data-bm-speak-stop hidden>停止朗读</button>'
               '<button type="button" class="bm-button" data-bm-print>打印本页</button>')
    if extras.pdf_links and item.complete:
        buttons += link(addresses.relative(addresses.item_guide_pdf(item.id), 2), "下载打印版（PDF）", "bm-button")
    return block(buttons, "bm-tools", " data-pagefind-ignore")


def where(catalogue: Catalogue, item: Item, heres, excepted) -> str:
    cards = [tier_card(catalogue, item, here) for here in heres]
    out = f'<ol class="bm-tiers">{"".join(cards)}</ol>'
    if excepted:
        rows = [f"{link(centre_url(c, 2), c.name)}：{esc(facts.at_centre(catalogue, item, c).text)}" for c, _ in excepted]
        out += (f'<p class="bm-note" data-bm-say="where"><strong>{esc(facts.PAUSED_HEAD)}</strong></p>'
                + ul(rows, "bm-exceptions").replace("<ul", '<ul data-bm-say="where"', 1))
    out += f'<p>找离你最近的服务站点：{link(addresses.relative(addresses.centres_index(), 2), "全县服务网点")}</p>'
    return block(out, "bm-where")


def tier_card(catalogue: Catalogue, item: Item, here: facts.Here) -> str:
    role = here.role
    lines = [f'<span class="bm-tier__name">{esc(catalogue.county.tier_name(role.tier))}</span>',
             f'<span class="bm-role bm-role--{role.level}">{esc(facts.role_label(item, role.tier))}</span>',
             esc(here.text)]
    if role.level and role.window:
        lines.append(f"窗口：{esc(role.window.name)}")
    if role.note:
        lines.append(esc(role.note))
    if role.days is not None:
        lines.append(f"本级办理：{role.days} 个工作日" if role.days else "本级办理：即办")
    if role.forward_within_days is not None:
        lines.append(f"{role.forward_within_days} 个工作日内报送上级")
    start = " bm-tier--start" if role.tier == here.start else ""
    lead = '<span class="bm-tier__start">从这里开始办</span>' if start else ""
    body = "".join(f"<p>{line}</p>" for line in lines)
    said = f"{catalogue.county.tier_name(role.tier)}：{here.text}" + (f"窗口：{role.window.name}。" if role.level and role.window else "")
    return f'<li class="bm-tier bm-tier--level{role.level}{start}" data-bm-say="where" data-bm-say-as="{esc(said)}">{lead}{body}</li>'


def conditions(item: Item) -> str:
    out = ""
    if item.audience is not None:
        out += f"<p>面向：{esc('、'.join(AUDIENCE_PLAIN.get(a, a) for a in item.audience))}</p>"
    if item.conditions is not None:
        out += "<ol>" + "".join(f"<li>{esc(c)}</li>" for c in item.conditions) + "</ol>"
    return block(out, "bm-conditions")


def materials(item: Item, asked: dict | None = None) -> str:
    assert item.materials is not None  # SECTIONS shows this only when known
    head = "<tr><th scope=\"col\">备齐</th><th scope=\"col\">材料</th><th scope=\"col\">形式和份数</th><th scope=\"col\">是否必要</th><th scope=\"col\">哪里来</th><th scope=\"col\">说明</th></tr>"
    rows = "".join(material_row(n, m, questions_block.material_condition(asked, m)) for n, m in enumerate(item.materials, 1))
    table = f'<table><caption data-bm-say-as="共 {len(item.materials)} 项材料。">共 {len(item.materials)} 项材料，备齐一项勾一项</caption><thead>{head}</thead><tbody>{rows}</tbody></table>'
    forms = ""
    if item.forms:
        forms = "<p>表格下载：" + "、".join(link(url, name) for name, url in item.forms) + "</p>"
    return block(table + forms, "bm-table-wrap bm-materials-wrap", " data-bm-q-all" if asked else "")


def material_row(number: int, m, when: str = "") -> str:
    box = f'<input type="checkbox" id="m{number}" aria-label="已备齐：{esc(m.name)}">'
    copies = (f"{m.form} {m.copies} 份" if m.copies else f"{m.form}，只需出示") + ("" if m.medium == "纸质" else f"（{m.medium}）")
    extra = ([f"<strong>{esc(when)}</strong>"] if when else []) + ([esc(m.note)] if m.note else [])
    for label, url in (("空白表", m.blank_form), ("样表", m.sample_form)):
        if url:
            extra.append(link(url, label))
    note = f'<td data-label="说明">{"；".join(extra)}</td>' if extra else '<td class="bm-empty"></td>'
    said = "；".join(filter(None, (f"第 {number} 项，{m.name}：{copies}，{m.required}", m.source if m.source not in (None, "其他") else "", when, m.note)))
    return (f'<tr data-bm-say-as="{esc(said)}。"><td>{box}</td><td><label for="m{number}">{number}. {esc(m.name)}</label></td>'
            f'<td data-label="形式和份数">{esc(copies)}</td><td data-label="是否必要">{esc(m.required)}</td>'
            f'<td data-label="哪里来">{esc(m.source or "未写明")}</td>{note}</tr>')


def flow(item: Item) -> str:
    """The steps drawn as boxes and arrows (HTML and CSS, no script, no external library)."""
    assert item.steps is not None
    boxes = "".join(f'<li><span class="bm-flow__tier">{esc(STEP_WHO.get(s.tier, s.tier))}</span>'
                    f'<span class="bm-flow__action">{esc(s.action)}</span>'
                    f'<span class="bm-flow__days">{esc(days_text(s.days))}</span></li>' for s in item.steps)
    return block(f'<ol class="bm-flow" aria-hidden="true">{boxes}</ol>', "bm-flow-wrap", ' data-pagefind-ignore')


def days_text(days: int) -> str:
    return f"{days} 个工作日" if days else "当场"


def steps(item: Item) -> str:
    assert item.steps is not None
    lines = [f"<strong>{esc(STEP_WHO.get(s.tier, s.tier))} · {esc(s.action)}</strong>（{esc(days_text(s.days))}）"
             + (f"：{esc(s.description)}" if s.description else "") for s in item.steps]
    out = '<p class="bm-sr-note">流程文字说明：</p><ol class="bm-steps">' + "".join(f"<li>{x}</li>" for x in lines) + "</ol>"
    if item.special_procedures:
        special = [f"{esc(p.name)}：{p.days} 个{esc(p.unit)}" + (f"，{esc(p.note)}" if p.note else "")
                   for p in item.special_procedures]
        out += "<p><strong>特别程序（不计入办结时限）：</strong></p>" + ul(special)
    return block(out, "bm-steps-wrap")


def limits(item: Item) -> str:
    out = (f'<p>{badge("法定时限 " + str(item.legal), "time")} {badge("承诺时限 " + str(item.promised), "time")} '
           f'{badge(item.case_type, "case") if item.case_type else ""}</p>')
    if item.case_type:
        out += f"<p>{esc(CASE_TEXT.get(item.case_type, ''))}</p>"
    if item.time_note:
        out += f"<p>{esc(item.time_note)}</p>"
    said = f"承诺时限 {item.promised}，法定时限 {item.legal}。{CASE_TEXT.get(item.case_type or '', '')}{item.time_note or ''}"
    return block(out, "bm-limits", f' data-bm-say-as="{esc(said)}"')


CASE_SHORT = {"即办件": "材料齐全当场办好", "承诺件": "在承诺的日子内办好", "上报件": "要报上级审批"}
AUDIENCE_PLAIN = {"自然人": "个人", "法人": "企业和单位", "其他组织": "社会组织等"}
CASE_TEXT = {"即办件": "即办件：材料齐全的，当场办好。", "承诺件": "承诺件：受理后在承诺时限内办好。",
             "上报件": "上报件：本级受理后报上级审批，时限从受理算起。"}


def visits(item: Item) -> str:
    trips = facts.trips(item)
    out = f"<p><strong>{esc(trips.text)}。</strong></p>"
    if trips.reason:
        out += f"<p>原因：{esc(trips.reason)}</p>"
    if item.postal:
        out += "<p>可以邮寄申请。</p>"
    if item.online_url:
        depth = f"（{esc(item.online_depth)}）" if item.online_depth else ""
        out += f"<p>网上办理{depth}：{link(item.online_url, item.online_url)}</p>"
    said = (f"{trips.text}。" + (f"原因：{trips.reason}。" if trips.reason else "") + ("可以邮寄申请。" if item.postal else "")
            + ("可以网上办理" + (f"（{item.online_depth}）" if item.online_depth else "") + "。" if item.online_url else ""))
    return block(out, "bm-visits", f' data-bm-say="where" data-bm-say-as="{esc(said)}"')


def fees(item: Item) -> str:
    assert item.fee is not None
    if item.fee.free:
        return block("<p><strong>不收费。</strong></p>", "bm-fees", " data-bm-say")
    rows = [f"{esc(f.name)}：{esc(f.amount)}{' ' + esc(f.unit) if f.unit else ''}（依据：{esc(f.basis)}）"
            + (f"；减免：{esc(f.reduction)}" if f.reduction else "") for f in item.fee.items]
    note = f"<p>{esc(item.fee.note)}</p>" if item.fee.note else ""
    return block(ul(rows) + note, "bm-fees", " data-bm-say")


def result(item: Item) -> str:
    delivery = f"送达方式：{esc('、'.join(item.delivery))}。" if item.delivery else ""
    return block(f"<p>{esc(item.result_name)}。{delivery}</p>", "bm-result")


def basis(item: Item) -> str:
    out = ul([esc(b) for b in item.basis]) if item.basis is not None else ""
    out += f"<p>负责部门：{esc(item.department.name)}</p>"
    if item.code:
        out += f"<p>事项编码：{esc(item.code)}</p>"
    return block(out, "bm-basis")


def phones(catalogue: Catalogue, item: Item) -> str:
    rows = [f"咨询电话：{tel(item.consult_phone)}"]
    if item.complaint_phone:
        rows.append(f"投诉监督电话：{tel(item.complaint_phone)}")
    if catalogue.county.hotline:
        rows.append(f"政务服务便民热线：{tel(catalogue.county.hotline)}")
    return block(ul(rows, "bm-phones"), "bm-phones-wrap", " data-bm-say")


def answer(text: str) -> str:
    """答：and the answer: plain text as written, or its paragraphs, lists and links."""
    found = longtext.blocks(text)
    return f"答：{esc(text)}" if longtext.is_plain(found) else long_text(longtext.with_lead("答：", found))


def faq(item: Item) -> str:
    entries = "".join(f"<dt>问：{esc(q)}</dt><dd>{answer(a)}</dd>" for q, a in item.faq)
    return block(f"<dl>{entries}</dl>", "bm-faq")


def downloads(item: Item, extras: Extras) -> str:
    entries = ['<button type="button" class="bm-button" data-bm-print>打印本页</button>']
    if extras.pdf_links and item.complete:
        entries.append(link(addresses.relative(addresses.item_guide_pdf(item.id), 2), "打印版办事指南和一次性告知单（PDF）"))
    entries.append(link("../../data/", "本目录的开放数据（JSON、CSV、Excel）"))
    return block(ul(entries), "bm-downloads", " data-pagefind-ignore")


def flow_and_steps(item: Item) -> str:
    return flow(item) + steps(item)


# (heading, whether the item knows it, the section): what only a complete guide may lack nothing of
SECTIONS = (
    ("谁可以申请", lambda i: i.audience is not None or i.conditions is not None, conditions),
    ("要带什么材料", lambda i: i.materials is not None, materials),
    ("办理流程", lambda i: i.steps is not None, flow_and_steps),
    ("多长时间办好", lambda i: i.promised is not None, limits),
    ("要跑几次", lambda i: i.visits is not None, visits),
    ("收费", lambda i: i.fee is not None, fees),
    ("办好后得到什么", lambda i: i.result_name is not None, result),
)
