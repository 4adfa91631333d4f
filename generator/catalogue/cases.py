"""An item's questions (情形), answered: which questions a resident is asked, every answer path, and the
item as it stands for one path (its materials, time limit, fee, where to go, notes).

A path is the (question key, option key) pairs of the questions asked, in question order. A question is
asked when its `when` answer was given (or it has none). A material some answer adds (`add`) is listed
only on paths that give that answer; a material an answer drops is left out; `change` rewrites its form,
copies or note (a later answer's change wins). Pure functions of the model: the facts (facts.py), the
checklists (checklists.py) and the checker (rules_questions.py) all read the answers here."""
from __future__ import annotations

from dataclasses import dataclass, replace

from .model import Duration, Fee, FeeItem, Item, Material, MaterialChange, Option, Question

Path = tuple[tuple[str, str], ...]
MAX_PATHS = 64


def asked(question: Question, answers: dict[str, str]) -> bool:
    return question.when is None or answers.get(question.when[0]) == question.when[1]


def answer_paths(questions: tuple[Question, ...], limit: int | None = None) -> list[Path]:
    """Every complete answer path, in question and option order; [()] when there are no questions.
    With a limit, stops once there are more than `limit` paths (the checker's guard). Question keys
    are unique in an item (the checker says so first)."""
    return event_paths([({}, questions)], limit)


# A life event's steps, for its questions: (the answers the event settles, the step item's questions).
Steps = list[tuple[dict[str, str], tuple[Question, ...]]]


def event_questions(steps: Steps) -> tuple[Question, ...]:
    """The steps' questions the event does not settle, each once (the first step's wording), in step order."""
    found: dict[str, Question] = {}
    for settled, questions in steps:
        for question in questions:
            if question.key not in settled:
                found.setdefault(question.key, question)
    return tuple(found.values())


def event_paths(steps: Steps, limit: int | None = None) -> list[Path]:
    """Every answer path of the event: a question is asked when some step that has it asks it."""
    paths: list[Path] = [()]
    for question in event_questions(steps):
        askers = [(settled, q) for settled, questions in steps for q in questions
                  if q.key == question.key and q.key not in settled]
        grown: list[Path] = []
        for path in paths:
            if any(asked(q, {**dict(path), **settled}) for settled, q in askers):
                grown.extend(path + ((question.key, option.key),) for option in question.options)
            else:
                grown.append(path)
            if limit is not None and len(grown) > limit:
                return grown
        paths = grown
    return paths


def path_key(path: Path) -> str:
    """who=self;kind=new: the page's fragment and the open data's key."""
    return ";".join(f"{question}={option}" for question, option in path)


def chosen(questions: tuple[Question, ...], path: Path) -> list[Option]:
    by_key = {q.key: q for q in questions}
    return [by_key[q].option(o) for q, o in path]


def conditional_keys(questions: tuple[Question, ...]) -> frozenset[str]:
    """Keys of the materials some answer adds: listed only after that answer."""
    return frozenset(key for q in questions for o in q.options for key in o.add)


@dataclass(frozen=True)
class Case:
    """An item on one answer path."""
    item: Item  # materials, promised and fee as they stand on this path
    path: Path
    left_out: tuple[Material, ...]  # the item's materials this path does not need
    go: str  # "" (as the tiers say), village, town, county, or station (the resident's own)
    notes: tuple[str, ...]


def answered(item: Item, path: Path = ()) -> Case:
    if not item.questions or not path:
        return Case(item, path, (), "", ())  # no answers yet: every material, as the full list shows it
    options = chosen(item.questions, path)
    added = {key for o in options for key in o.add}
    dropped = {key for o in options for key in o.drop}
    needs_answer = conditional_keys(item.questions)
    kept: list[Material] = []
    left_out: list[Material] = []
    for material in item.materials or ():
        unneeded = material.key and (material.key in dropped or (material.key in needs_answer and material.key not in added))
        (left_out if unneeded else kept).append(_changed(material, [c for o in options for c in o.change]))
    promised = next((o.promised for o in reversed(options) if o.promised), item.promised)
    fee = next((o.fee for o in reversed(options) if o.fee), item.fee)
    go = next((o.go for o in reversed(options) if o.go), "")
    case_item = replace(item, materials=tuple(kept) if item.materials is not None else None, promised=promised, fee=fee)
    return Case(case_item, path, tuple(left_out), go, tuple(o.note for o in options if o.note))


def _changed(material: Material, changes: list[MaterialChange]) -> Material:
    for change in changes:
        if change.material == material.key:
            material = replace(material, form=change.form or material.form,
                               copies=material.copies if change.copies is None else change.copies,
                               note=material.note if change.note is None else change.note)
    return material


# --- from the YAML (build.py and the checker share these) -----------------------------------------

def question_of(q: dict) -> Question:
    when = q.get("when")
    return Question(q["key"], q["ask"], tuple(option_of(o) for o in q["options"]),
                    (when["question"], when["answer"]) if when else None, q.get("help", ""))


def option_of(o: dict) -> Option:
    return Option(o["key"], o["label"], tuple(o.get("add", ())), tuple(o.get("drop", ())),
                  tuple(MaterialChange(c["material"], c.get("form", ""), c.get("copies"), c.get("note"))
                        for c in o.get("change", ())),
                  o.get("go", ""), Duration(**o["promised"]) if "promised" in o else None,
                  fee_of(o["fee"]) if "fee" in o else None, o.get("note", ""))


def fee_of(d) -> Fee:
    if d == "不收费":
        return Fee()
    items = tuple(FeeItem(f["name"], f["amount"], f.get("basis", ""), f.get("unit", ""), f.get("reduction", "")) for f in d["items"])
    return Fee(items, d.get("note", ""))
