"""When a material of an item with questions (情形) is needed, in words, read back from its answer paths
(checklists.page_data / bundle_data): what the page writes beside a material without JavaScript, what
the printed guide marks, what the open data carries. A material every path lists needs no words."""
from __future__ import annotations

from .cases import Path
from .model import Material

SHOWN_PATHS = 3  # a material needed on more answer combinations than this is said more briefly
SOME_CASES = "只有部分情况要带，回答几个问题就知道您要不要带"


def parse(key: str) -> Path:
    """who=agent;idcard=none → (("who", "agent"), ("idcard", "none"))."""
    return tuple(tuple(pair.split("=", 1)) for pair in key.split(";") if pair)  # type: ignore[misc]


def answer_words(data: dict) -> dict[tuple[str, str], str]:
    """(question, option) → 谁来办？监护人或家属代办"""
    return {(q["key"], o["key"]): f'{q["ask"]}{o["label"]}' for q in data["questions"] for o in q["options"]}


def needed_when(data: dict, listed: set[str]) -> str:
    """When a material is needed, from the path keys that list it: "" when every path does; else the
    broadest answers each of which needs it, or the combinations of answers that do."""
    paths = {key: set(parse(key)) for key in data["paths"]}
    if listed >= set(paths) or not listed:
        return ""
    words = answer_words(data)
    having = {a: {k for k, p in paths.items() if a in p} for a in words}
    enough = [a for a in words if having[a] and having[a] <= listed]
    enough = [a for a in enough if not any(having[a] < having[b] for b in enough)]
    if set().union(*(having[a] for a in enough)) == listed:
        said = [words[a] for a in enough]
    elif len(listed) <= SHOWN_PATHS:
        said = ["，并且".join(words[a] for a in parse(key)) for key in sorted(listed)]
    else:
        return SOME_CASES
    return "这种情况要带：" + "；或者".join(said)


def identity(material: dict) -> str:
    return material.get("key") or material["name"]


def paths_listing(data: dict, material: Material) -> set[str]:
    own = material.key or material.name
    return {k for k, rec in data["paths"].items() if any(identity(m) == own for m in rec["materials"])}


def material_condition(data: dict | None, material: Material) -> str:
    """What is said beside a material of an item with questions ("" without questions, or when every case needs it)."""
    return "" if data is None else needed_when(data, paths_listing(data, material))
