"""A resident's own checklist (情形引导) and one list for a life event (一件事), worked out once here.

`answer_paths(item)` lists every complete answer path; `checklist(catalogue, item, path)` is what that
resident brings, where they go, how long it takes and what it costs (through facts.py, which takes the
path); `page_data` ships every path of an item as JSON the page's script only looks up; `bundle_data`
does the same for a life situation done as one event: its steps in order and one merged list, a
material several steps need listed once with the copies added up, and a material an earlier step
produces not asked of the resident."""
from __future__ import annotations

from dataclasses import dataclass

from . import facts
from .cases import Path, Steps, answered, asked, event_paths, event_questions, path_key
from .cases import answer_paths as _paths
from .model import Bundle, BundleStep, Catalogue, Item, Material, Named, Question


def answer_paths(item: Item) -> list[Path]:
    """Every complete path: (question key, option key) in the order asked; [()] for an item without questions."""
    return _paths(item.questions)


@dataclass(frozen=True)
class Checklist:
    item: Item
    path: Path
    materials: tuple[Material, ...]
    left_out: tuple[Material, ...]
    go: facts.Go
    time: str | None
    fee: str | None
    notes: tuple[str, ...]


def checklist(catalogue: Catalogue, item: Item, path: Path = ()) -> Checklist:
    case = answered(item, path)
    return Checklist(item, path, case.item.materials or (), case.left_out, facts.where_to_go(catalogue, item, path),
                     facts.time_limit_text(item, path), facts.fee_text(item, path), case.notes)


def material_data(material: Material) -> dict:
    return {"name": material.name, "form": material.form, "copies": material.copies, "note": material.note,
            "required": material.required != "非必要", "key": material.key or None}


def path_data(found: Checklist) -> dict:
    return {"materials": [material_data(m) for m in found.materials], "tier": found.go.tier,
            "own_station": found.go.own_station, "go": found.go.text, "time": found.time, "fee": found.fee,
            "notes": list(found.notes)}


def question_data(question: Question) -> dict:
    return {"key": question.key, "ask": question.ask, "help": question.help or None,
            "when": {"q": question.when[0], "a": question.when[1]} if question.when else None,
            "options": [{"key": o.key, "label": o.label} for o in question.options]}


def page_data(catalogue: Catalogue, item: Item) -> dict | None:
    """Every path's checklist, JSON-ready; None when the item has no questions."""
    if not item.questions:
        return None
    return {"questions": [question_data(q) for q in item.questions], "conditions": conditions(item),
            "paths": {path_key(p): path_data(checklist(catalogue, item, p)) for p in answer_paths(item)}}


def conditions(item: Item) -> dict[str, list[str]]:
    """For each material an answer adds, drops or changes (by key), the case in plain words, for the full
    list (no script, the printed guide): 选“家属代办”时要带; 选“补领”时不用带; 选“住院”时：出院记录….
    A material no answer touches is not in it."""
    found: dict[str, list[str]] = {}
    for question in item.questions:
        for option in question.options:
            for key in option.add:
                found.setdefault(key, []).append(f"选“{option.label}”时要带")
            for key in option.drop:
                found.setdefault(key, []).append(f"选“{option.label}”时不用带")
            for change in option.change:
                what = "；".join(filter(None, [change.form, _copies(change.copies), change.note]))
                found.setdefault(change.material, []).append(f"选“{option.label}”时：{what}" if what else f"选“{option.label}”时不同")
    return found


def _copies(copies: int | None) -> str:
    return "" if copies is None else "只需出示，不用交" if copies == 0 else f"{copies} 份"


# --- 一件事: a life situation done as one event ---------------------------------------------------

def _steps(catalogue: Catalogue, bundle: Bundle) -> Steps:
    return [(dict(step.answers), catalogue.item(step.item).questions) for step in bundle.steps]


def bundle_questions(catalogue: Catalogue, bundle: Bundle) -> tuple[Question, ...]:
    """The steps' questions the event does not settle, each asked once."""
    return event_questions(_steps(catalogue, bundle))


def bundle_paths(catalogue: Catalogue, bundle: Bundle) -> list[Path]:
    return event_paths(_steps(catalogue, bundle))


def step_path(item: Item, step: BundleStep, path: Path) -> Path:
    """The item's own answer path within the event's: the step's settled answers, else the resident's."""
    given = {**dict(path), **dict(step.answers)}
    own: dict[str, str] = {}
    for question in item.questions:
        if asked(question, own) and question.key in given:
            own[question.key] = given[question.key]
    return tuple(own.items())


def _identity(material: Material) -> str:
    return material.ref or material.name


def merged(catalogue: Catalogue, bundle: Bundle, path: Path) -> dict:
    """One path of the event: each step's checklist, and the materials merged."""
    brought = {(item, key): step.item for step in bundle.steps for item, key in step.brings}
    entries: dict[str, dict] = {}
    steps = []
    for step in bundle.steps:
        item = catalogue.item(step.item)
        found = checklist(catalogue, item, step_path(item, step, path))
        steps.append({"item": item.id, "tier": found.go.tier, "go": found.go.text, "time": found.time,
                      "fee": found.fee, "notes": list(found.notes),
                      "from_steps": [{"material": m.name, "item": brought[(item.id, m.key)]}
                                     for m in found.materials if (item.id, m.key) in brought]})
        for material in found.materials:
            if (item.id, material.key) not in brought:
                _merge(entries, material, item.id)
    return {"materials": list(entries.values()), "steps": steps}


def _merge(entries: dict, material: Material, item: str) -> None:
    entry = entries.get(_identity(material))
    if entry is None:
        entries[_identity(material)] = {"name": material.name, "form": material.form, "copies": material.copies,
                                        "required": material.required != "非必要", "steps": [item],
                                        "notes": [material.note] if material.note else []}
        return
    entry["copies"] += material.copies
    entry["required"] = entry["required"] or material.required != "非必要"
    if entry["form"] != material.form:
        entry["form"] = "原件和复印件"
    if item not in entry["steps"]:
        entry["steps"].append(item)
    if material.note and material.note not in entry["notes"]:
        entry["notes"].append(material.note)


def bundle_data(catalogue: Catalogue, situation: Named | str) -> dict | None:
    """The event's steps, its questions and every path's merged list; None when the situation is no bundle."""
    bundle = catalogue.bundle(situation if isinstance(situation, str) else situation.id)
    if bundle is None:
        return None
    steps = []
    for step in bundle.steps:
        item = catalogue.item(step.item)
        brings = [{"item": later, "material": _material_name(catalogue.item(later), key)} for later, key in step.brings]
        steps.append({"item": item.id, "name": item.name, "tier": facts.start_tier(item),
                      "result": item.result_name, "brings": brings, "note": step.note or None})
    return {"steps": steps, "questions": [question_data(q) for q in bundle_questions(catalogue, bundle)],
            "paths": {path_key(p): merged(catalogue, bundle, p) for p in bundle_paths(catalogue, bundle)}}


def _material_name(item: Item, key: str) -> str:
    return next((m.name for m in item.materials or () if m.key == key), key)
