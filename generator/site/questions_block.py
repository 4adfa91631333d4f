"""情形引导 on an item page and 一件事 on a life situation's page: a few questions, then this resident's own
checklist.

Every checklist is worked out once, in Python (catalogue/checklists.py: page_data, bundle_data), and
ships with the page as JSON that assets/bianmin-questions.js only looks up by the answers (a path key,
`who=agent;idcard=none`, kept in the address's fragment). The questions are HTML here (radio buttons,
shown only with JavaScript); without JavaScript the full list stays, each material with the answers
that make it needed written beside it (catalogue/when_needed.py, read back from the same paths). Read-aloud
leaves the form out and reads the resident's list (bianmin.js drops forms and hidden parts)."""
from __future__ import annotations

import json

from ..catalogue import addresses, checklists, facts, when_needed
from ..catalogue.model import Catalogue, Item, Named
from .html import block, esc, item_url, json_script, link, tel


def page_data(catalogue: Catalogue, item: Item) -> dict | None:
    return checklists.page_data(catalogue, item)


parse = when_needed.parse


# --- the questions and the resident's list (with JavaScript) ----------------------------------------

def questions(data: dict, ident: str, phone: str = "", depth: int = 2) -> str:
    """The form (hidden until the script runs), the box the script fills, the print-only phone line and
    the data; `ident` is the item's (or the situation's) id."""
    sets = "".join(fieldset(q) for q in data["questions"])
    form = (f'<form class="bm-q__form" hidden aria-label="回答几个问题"><p class="bm-q__lead">回答下面几个问题，'
            f'只列出您要带的材料和去哪里办。</p>{sets}'
            '<button type="button" class="bm-button" data-bm-q-reset>重新回答</button></form>')
    mine = '<div class="bm-q__mine" data-bm-q-mine data-bm-say hidden></div>'  # read aloud once filled, the form never
    phone = f'<p class="bm-q__print">咨询电话：{tel(phone)}</p>' if phone else ""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    attrs = (f' data-bm-q data-item="{esc(ident)}" data-home="{esc(addresses.relative("", depth))}"'
             ' data-pagefind-ignore')
    return block(form + mine + phone + json_script(text, attrs=" data-bm-q-data"), "bm-q", attrs)


def fieldset(question: dict) -> str:
    hidden = " hidden" if question["when"] else ""  # asked only after an earlier answer: the script shows it
    name = f"bm-q-{question['key']}"
    options = "".join(f'<label class="bm-q__option"><input type="radio" name="{esc(name)}" value="{esc(o["key"])}">'
                      f' {esc(o["label"])}</label>' for o in question["options"])
    help_text = f'<p class="bm-q__help">{esc(question["help"])}</p>' if question.get("help") else ""
    return (f'<fieldset data-q="{esc(question["key"])}"{hidden}><legend>{esc(question["ask"])}</legend>'
            f"{help_text}{options}</fieldset>")


# --- without JavaScript: each material with the answers that need it (catalogue/when_needed.py) ---

material_condition = when_needed.material_condition


# --- 一件事: a life situation done as one event ------------------------------------------------------

def bundle_section(catalogue: Catalogue, situation: Named) -> str:
    """The event's steps in order, the questions and one merged list; "" when the situation is no bundle."""
    data = checklists.bundle_data(catalogue, situation)
    if data is None:
        return ""
    steps = bundle_steps(catalogue, data)
    merged = bundle_materials(data)
    return ("## 按顺序办\n\n" + steps + "## 一次备齐的材料\n\n"
            + (questions(data, situation.id) if data["questions"] else "") + merged)


def bundle_steps(catalogue: Catalogue, data: dict) -> str:
    number = {s["item"]: n for n, s in enumerate(data["steps"], 1)}
    rows = []
    for step in data["steps"]:
        item = catalogue.item(step["item"])
        parts = [f"<strong>{link(item_url(item, 2), step['name'])}</strong>",
                 f"<p>{esc(facts.start_finish_text(catalogue, item))}</p>"]
        if step.get("note"):
            parts.append(f"<p>{esc(step['note'])}</p>")
        used: dict[str, list[int]] = {}  # material name → the later steps it serves
        for brought in step["brings"]:
            used.setdefault(brought["material"], []).append(number[brought["item"]])
        for name, later in used.items():
            parts.append(f"<p>办好后拿到的{esc(step.get('result') or name)}，第 {'、'.join(map(str, sorted(later)))} 步"
                         f"当作“{esc(name)}”用，不用另外准备。</p>")
        rows.append("".join(parts))
    return block("".join(f"<li>{r}</li>" for r in rows).join(('<ol class="bm-q-steps">', "</ol>")), "bm-q-steps-wrap")


def bundle_materials(data: dict) -> str:
    """Every material of every path, once, with the steps that use it and when it is needed."""
    number = {s["item"]: n for n, s in enumerate(data["steps"], 1)}
    found: dict[str, dict] = {}
    listed: dict[str, set[str]] = {}
    for key, rec in data["paths"].items():
        for material in rec["materials"]:
            entry = found.setdefault(material["name"], {**material, "steps": list(material["steps"]), "copies": set()})
            entry["copies"].add(material["copies"])
            entry["steps"] += [s for s in material["steps"] if s not in entry["steps"]]
            listed.setdefault(material["name"], set()).add(key)
    rows = []
    for name, m in found.items():
        copies = " 或 ".join(str(c) for c in sorted(m["copies"]))
        amount = f"{copies} 份" if m["copies"] != {0} else "只需出示"
        steps = "、".join(str(number[s]) for s in sorted(m["steps"], key=number.__getitem__))
        said = [f"第 {steps} 步要用", *m.get("notes", ())]
        when = when_needed.needed_when(data, listed[name])
        if when:
            said.insert(0, f"<strong>{esc(when)}</strong>")
        rows.append(f"<li><strong>{esc(name)}</strong>：{esc(m['form'])} {esc(amount)}"
                    f"{'' if m['required'] else '（非必要）'}。{'；'.join(x if x.startswith('<') else esc(x) for x in said)}</li>")
    return block(f'<ol class="bm-q-all-list">{"".join(rows)}</ol>', "bm-q-all", " data-bm-q-all")
