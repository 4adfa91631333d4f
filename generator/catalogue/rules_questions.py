"""Rules on an item's questions (情形) and on the life events done as one (一件事, county.yml
situations[].steps): keys unique, every answer reachable, every effect on something that exists, no
path both adding and dropping a material, at most 64 answer paths, every path's time limit and fee
still within the cross-field rules, and a material whose note states a case covered by a question
(else a warning)."""
from __future__ import annotations

import re
from collections.abc import Iterator

from . import codes
from .cases import MAX_PATHS, answer_paths, event_paths, path_key, question_of
from .facts import entry_tiers_of_roles
from .load import Document
from .problems import Problem
from .rules import fee_amounts, fee_bases, instant_case, step_days, time_limits
from .vocab import GO_ZH, OWN_STATION, TIER_LEVEL_ZH, TIERS

# A note that says when the material is needed, or when not: 时提供, 的提供, 的不用, 网上办理时不需要 …
CASE_NOTE = re.compile(r"(时提供|的提供|[的时]出示|的交回|的[，,]?(?:还要|同时)带|代办的|的不用|的不需要|的可不提供|的，?可以不交"
                       r"|时不需要|按(?:迁移原因|申领理由|实际情况)提供|的.{0,6}用户口簿|都要提供|残疾人提供|遗属提供|的请带上|的需要)")


def question_rules(sources) -> Iterator[Problem]:
    """Every item's questions, and every bundle of county.yml."""
    items = {doc.data["id"]: doc.data for doc in sources.items}
    common = {m["id"]: m["name"] for m in sources.county.data.get("materials", ())} if sources.county else {}
    for doc in sources.items:
        yield from item_questions(doc, common)
    if sources.county is not None:
        yield from bundles(sources.county, items)


# ---- one item ---------------------------------------------------------------------------------

def item_questions(doc: Document, common: dict[str, str]) -> Iterator[Problem]:
    """common: the county's common materials' names by id (a material written as a ref is named by it)."""
    data = doc.data
    yield from material_keys(doc)
    yield from uncovered(doc, common)
    questions = data.get("questions", [])
    if not questions:
        return
    keyed = yield from question_keys(doc)
    if not keyed:
        return
    yield from whens(doc)
    yield from effects(doc)
    built = tuple(question_of(q) for q in questions)
    paths = answer_paths(built, MAX_PATHS)
    if len(paths) > MAX_PATHS:
        yield doc.problem(("questions",), codes.QUESTION_PATHS.code,
                          f"这些问题的回答组合超过 {MAX_PATHS} 种：群众要回答太多问题。请合并问题，或用“什么时候问”（when）只在需要时才问")
        return
    yield from reachable(doc, paths)
    yield from contradictions(doc, built, paths)
    yield from path_rules(doc)


def material_keys(doc: Document) -> Iterator[Problem]:
    seen: set[str] = set()
    for index, material in enumerate(doc.data.get("materials") or ()):
        key = material.get("key")
        if key is None:
            continue
        if key in seen:
            yield doc.problem(("materials", index, "key"), codes.QUESTION_KEY.code, f"材料代号“{key}”在这个事项里用了两次：每项材料的代号不能重复")
        seen.add(key)


def question_keys(doc: Document):
    """Question keys unique in the item, option keys unique in their question; True when they are."""
    clean, seen = True, set()
    for qi, question in enumerate(doc.data["questions"]):
        if question["key"] in seen:
            clean = False
            yield doc.problem(("questions", qi, "key"), codes.QUESTION_KEY.code, f"问题代号“{question['key']}”在这个事项里用了两次：每个问题的代号不能重复")
        seen.add(question["key"])
        options = [o["key"] for o in question["options"]]
        for oi, key in enumerate(options):
            if key in options[:oi]:
                clean = False
                yield doc.problem(("questions", qi, "options", oi, "key"), codes.QUESTION_KEY.code,
                                  f"回答代号“{key}”在问题“{question['ask']}”里用了两次：同一个问题的回答代号不能重复")
    return clean


def whens(doc: Document) -> Iterator[Problem]:
    """`when` names an earlier question and one of its answers."""
    earlier: dict[str, list[str]] = {}
    for qi, question in enumerate(doc.data["questions"]):
        when = question.get("when")
        if when:
            answers = earlier.get(when["question"])
            if answers is None:
                later = any(q["key"] == when["question"] for q in doc.data["questions"])
                why = "在这个问题后面：只能跟在前面的问题后面问，请调整问题的顺序" if later else "不存在"
                yield doc.problem(("questions", qi, "when", "question"), codes.QUESTION_WHEN.code, f"“什么时候问”写的问题“{when['question']}”{why}")
            elif when["answer"] not in answers:
                yield doc.problem(("questions", qi, "when", "answer"), codes.QUESTION_WHEN.code,
                                  f"问题“{when['question']}”没有“{when['answer']}”这个回答，只有：{'、'.join(answers)}")
        earlier[question["key"]] = [o["key"] for o in question["options"]]


def _options(doc: Document):
    for qi, question in enumerate(doc.data["questions"]):
        for oi, option in enumerate(question["options"]):
            yield ("questions", qi, "options", oi), question, option


def effects(doc: Document) -> Iterator[Problem]:
    """add, drop and change name a material key of this item; go names a tier that takes the item in."""
    keys = {m["key"] for m in doc.data.get("materials") or () if "key" in m}
    entry = entry_tiers_of_roles(tuple(doc.data["tiers"].get(t, {}).get("role", "不办理") for t in TIERS))
    for at, _, option in _options(doc):
        named: list[tuple[tuple, str]] = [((field, i), key) for field in ("add", "drop") for i, key in enumerate(option.get(field, ()))]
        named += [(("change", i, "material"), c["material"]) for i, c in enumerate(option.get("change", ()))]
        for where, key in named:
            if key not in keys:
                known = f"这个事项的材料代号有：{'、'.join(sorted(keys))}" if keys else "这个事项的材料还没有代号"
                yield doc.problem(at + where, codes.QUESTION_EFFECT.code,
                                  f"回答“{option['label']}”要改的材料“{key}”不存在（{known}）：请给那项材料写上 key: {key}，或改正代号")
        go = option.get("go")
        tier = "village" if go == OWN_STATION else go
        if tier and tier not in entry:
            yield doc.problem(at + ("go",), codes.QUESTION_EFFECT.code,
                              f"回答“{option['label']}”让群众到{GO_ZH[go]}办，但 tiers 里{TIER_LEVEL_ZH[tier]}不收这个事项的材料："
                              "请改 go，或改这一级的职责")


def reachable(doc: Document, paths: list) -> Iterator[Problem]:
    given = {pair for path in paths for pair in path}
    for at, question, option in _options(doc):
        if (question["key"], option["key"]) not in given:
            yield doc.problem(at, codes.QUESTION_UNREACHABLE.code,
                              f"回答“{option['label']}”永远选不到：问题“{question['ask']}”的“什么时候问”（when）在任何回答下都不成立。请改正 when，或删掉这个问题")


def contradictions(doc: Document, questions, paths: list) -> Iterator[Problem]:
    """No path both adds and drops the same material (reported once per material, at the drop)."""
    where = {(q, o.key): ("questions", qi, "options", oi) for qi, q in enumerate(questions) for oi, o in enumerate(q.options)}
    by_key = {q.key: q for q in questions}
    reported: set[str] = set()
    for path in paths:
        options = [(by_key[q].option(o), where[(by_key[q], o)]) for q, o in path]
        added = {key: option for option, _ in options for key in option.add}
        for option, at in options:
            for index, key in enumerate(option.drop):
                if key in added and key not in reported:
                    reported.add(key)
                    yield doc.problem(at + ("drop", index), codes.QUESTION_CONFLICT.code,
                                      f"回答“{added[key].label}”要添加材料“{key}”，回答“{option.label}”又把它去掉，两个回答可以同时选到"
                                      f"（{path_key(path)}）：请只保留一个")


def path_rules(doc: Document) -> Iterator[Problem]:
    """An answer's time limit and fee obey the rules the item's own do (promised ≤ legal, the steps
    within the promise, 即办件 ⇔ 0, a charged fee has its amount and basis)."""
    data = doc.data
    for at, _, option in _options(doc):
        if "promised" in option and "time_limit" in data:
            case = {**data, "time_limit": {**data["time_limit"], "promised": option["promised"]}}
            for check in (time_limits, instant_case, step_days):
                yield from _moved(doc, check(_Case(doc, case)), at + ("promised",), option)
        if "fee" in option:
            for check in (fee_amounts, fee_bases):
                yield from _moved(doc, check(_Case(doc, {**data, "fee": option["fee"]})), at + ("fee",), option)


class _Case(Document):
    """The item's document with one answer's time limit or fee in place of its own, for the item rules."""

    def __init__(self, doc: Document, data: dict):
        super().__init__(doc.file, data, doc.positions, doc.key_positions, doc.plain_scalars)


def _moved(doc: Document, found, at: tuple, option: dict) -> Iterator[Problem]:
    for problem in found:
        yield doc.problem(at, problem.code, f"选“{option['label']}”时：{problem.message}")


def uncovered(doc: Document, common: dict[str, str]) -> Iterator[Problem]:
    """A material whose note states a case is added, dropped or changed by some answer; else a warning."""
    covered = {key for q in doc.data.get("questions", ()) for o in q["options"]
               for key in [*o.get("add", ()), *o.get("drop", ()), *(c["material"] for c in o.get("change", ()))]}
    for index, material in enumerate(doc.data.get("materials") or ()):
        note = material.get("note", "")
        if CASE_NOTE.search(note) and material.get("key") not in covered:
            name = material.get("name") or common.get(material.get("ref", ""), material.get("ref"))
            yield doc.problem(("materials", index, "note"), codes.QUESTION_COVER.code,
                              f"材料“{name}”的备注说的是一种情形（“{note}”）：群众要自己判断带不带。请给它写 key，"
                              "再写一个情形问题（questions），让回答添加、去掉或修改它", severity="warning")


# ---- 一件事 -------------------------------------------------------------------------------------

def bundles(county: Document, items: dict) -> Iterator[Problem]:
    for si, situation in enumerate(county.data.get("situations", ())):
        if situation.get("steps"):
            yield from bundle(county, ("situations", si, "steps"), situation["steps"], items)


def bundle(county: Document, at: tuple, steps: list, items: dict) -> Iterator[Problem]:
    order = [step["item"] for step in steps]
    for index, step in enumerate(steps):
        item = items.get(step["item"])
        if item is None:
            yield county.problem(at + (index, "item"), codes.BUNDLE_STEP.code, f"第 {index + 1} 步的事项“{step['item']}”不存在（catalogue/items/ 里没有 {step['item']}.yml）")
            continue
        if step["item"] in order[:index]:
            yield county.problem(at + (index, "item"), codes.BUNDLE_STEP.code, f"事项“{step['item']}”在这件事里出现了两次")
        yield from settled(county, at + (index, "answers"), step, item)
        for bi, brought in enumerate(step.get("brings", ())):
            yield from brings(county, at + (index, "brings", bi), brought, order[index + 1:], items)
    if all(step["item"] in items for step in steps):
        yield from bundle_questions(county, at, steps, items)


def settled(county: Document, at: tuple, step: dict, item: dict) -> Iterator[Problem]:
    questions = {q["key"]: [o["key"] for o in q["options"]] for q in item.get("questions", ())}
    for index, (key, answer) in enumerate(settled_answers(step).items()):
        if key not in questions:
            yield county.problem(at + (index, "question"), codes.BUNDLE_STEP.code, f"事项“{item['name']}”没有代号为“{key}”的情形问题")
        elif answer not in questions[key]:
            yield county.problem(at + (index, "answer"), codes.BUNDLE_STEP.code, f"事项“{item['name']}”的问题“{key}”没有“{answer}”这个回答，只有：{'、'.join(questions[key])}")


def settled_answers(step: dict) -> dict[str, str]:
    """The answers a life event settles for one of its steps, {question key: answer key}."""
    return {a["question"]: a["answer"] for a in step.get("answers", ())}


def brings(county: Document, at: tuple, brought: dict, later: list, items: dict) -> Iterator[Problem]:
    if brought["item"] not in later:
        yield county.problem(at + ("item",), codes.BUNDLE_STEP.code, f"“{brought['item']}”不是这件事里后面的一步：办出来的东西只能用在后面的步骤")
        return
    keys = {m.get("key") for m in items[brought["item"]].get("materials") or ()}
    if brought["material"] not in keys:
        yield county.problem(at + ("material",), codes.BUNDLE_STEP.code,
                             f"事项“{items[brought['item']]['name']}”没有代号为“{brought['material']}”的材料：请在那个事项里给材料写上 key")


def bundle_questions(county: Document, at: tuple, steps: list, items: dict) -> Iterator[Problem]:
    """A question two steps share has the same answers in both; at most 64 paths for the event."""
    seen: dict[str, tuple[str, list[str]]] = {}
    for index, step in enumerate(steps):
        for question in items[step["item"]].get("questions", ()):
            options = [o["key"] for o in question["options"]]
            if question["key"] in settled_answers(step):
                continue
            first = seen.setdefault(question["key"], (step["item"], options))
            if first[1] != options:
                yield county.problem(at + (index, "item"), codes.BUNDLE_STEP.code,
                                     f"事项“{step['item']}”和“{first[0]}”都有问题“{question['key']}”，但回答不一样（{'、'.join(options)} 和 {'、'.join(first[1])}）："
                                     "这件事里只问一次，请让两个问题的回答代号一致，或在 answers 里写定")
    event = [(settled_answers(step), tuple(question_of(q) for q in items[step["item"]].get("questions", ()))) for step in steps]
    if len(event_paths(event, MAX_PATHS)) > MAX_PATHS:
        yield county.problem(at, codes.QUESTION_PATHS.code, f"这件事的回答组合超过 {MAX_PATHS} 种：请在各步的 answers 里把这件事里已经确定的回答写定")
