"""From checked documents to the typed Catalogue: ids resolved, defaults applied."""
from __future__ import annotations

from pathlib import Path

from .cases import fee_of, question_of
from .check import CheckResult, check_catalogue
from .kept_checks import check_kept
from .model import (
    TIERS,
    Bundle,
    BundleStep,
    Catalogue,
    Centre,
    County,
    Department,
    Duration,
    Feedback,
    Hours,
    Item,
    Material,
    Named,
    Pause,
    Post,
    SpecialProcedure,
    Step,
    TierRole,
    Window,
)
from .rules import Sources
from .vocab import level_of


def load_catalogue(path: Path, kept: dict | None = None, remembered: bool = False) -> tuple[Catalogue | None, CheckResult]:
    """Check the catalogue at path; build the model only when it is clean. kept: see check_catalogue;
    remembered: reuse the last run's checks of unchanged files (kept_checks.py, for the commands)."""
    result = check_kept(path) if remembered else check_catalogue(path, kept)
    if not result.ok:
        return None, result
    return build(result.sources), result


def build(sources: Sources) -> Catalogue:
    assert sources.county is not None  # a clean check always has county.yml
    data = sources.county.data
    departments = {d["id"]: Department(d["id"], d["name"], d.get("phone", ""), d.get("address", "")) for d in data["departments"]}
    categories = {c["id"]: _named(c) for c in data["categories"]}
    situations = {s["id"]: _named(s) for s in data.get("situations", [])}
    common = {m["id"]: m for m in data.get("materials", [])}
    tier_windows = {t: {w["id"]: Window(w["id"], w["name"]) for w in data["tiers"][t]["windows"]} for t in TIERS}
    tier_hours = {t: _hours(data["tiers"][t]["hours"]) for t in TIERS}
    order = {ident: index for index, ident in enumerate(categories)}
    items = sorted((_item(d.data, d.file, departments, categories, situations, common, tier_windows) for d in sources.items),
                   key=lambda i: (order[i.category.id], i.id))
    centres = sorted((_centre(d.data, d.file, tier_windows, tier_hours) for d in sources.centres),
                     key=lambda c: (TIERS[::-1].index(c.tier), c.parent_id, c.id))
    bundles = tuple(_bundle(s, situations[s["id"]]) for s in data.get("situations", []) if s.get("steps"))
    return Catalogue(_county(data), tuple(departments.values()), tuple(categories.values()),
                     tuple(situations.values()), tuple(centres), tuple(items), bundles)


def _bundle(entry: dict, situation: Named) -> Bundle:
    return Bundle(situation, tuple(BundleStep(s["item"], tuple((a["question"], a["answer"]) for a in s.get("answers", ())),
                                              tuple((b["item"], b["material"]) for b in s.get("brings", ())),
                                              s.get("note", "")) for s in entry["steps"]))


def _named(entry: dict) -> Named:
    return Named(entry["id"], entry["name"], entry.get("description", ""))


def _hours(entries: list) -> tuple[Hours, ...]:
    return tuple(Hours(h.get("season", "全年"), h["days"], tuple(h["times"]), h.get("period", "")) for h in entries)


def _county(data: dict) -> County:
    return County(
        id=data["id"], name=data["name"], province=data["province"], city=data["city"],
        area_code=data["area_code"], updated=data["updated"], supervision_phone=data["supervision_phone"],
        tier_names=tuple((t, data["tiers"][t]["name"]) for t in TIERS),
        postal_code=data.get("postal_code", ""), division_code=data.get("division_code", ""),
        sample_data=data.get("sample_data", False), sample_note=data.get("sample_note", ""),
        licence=data.get("licence", ""), hotline=data.get("hotline", ""), feedback=Feedback(**data.get("feedback", {})),
        quality_public=data.get("quality_public", True),
        synonyms=tuple((tuple(s["words"]), tuple(s["means"])) for s in data.get("synonyms", ())))


def _item(d: dict, file: str, departments, categories, situations, common, tier_windows) -> Item:
    """Fields the item leaves out (基本信息 only) stay None: not known."""
    limit, visits, result, phones = d.get("time_limit", {}), d.get("visits", {}), d.get("result", {}), d.get("phones", {})
    department = departments[d["department"]]
    return Item(
        id=d["id"], name=d["name"], category=categories[d["category"]], department=department,
        tiers=tuple(_tier_role(t, d["tiers"].get(t), tier_windows[t]) for t in TIERS),
        consult_phone=phones.get("consult") or department.phone, level=level_of(d),
        type=d.get("type"), audience=_known(d, "audience"), basis=_known(d, "basis"), conditions=_known(d, "conditions"),
        materials=_known(d, "materials", lambda m: _material(m, common)),
        steps=_known(d, "steps", lambda s: Step(s["tier"], s["action"], s["days"], s.get("description", ""))),
        legal=Duration(**limit["legal"]) if limit else None, promised=Duration(**limit["promised"]) if limit else None,
        case_type=d.get("case_type"), visits=visits.get("count"), fee=fee_of(d["fee"]) if "fee" in d else None,
        result_name=result.get("name"), delivery=tuple(result["delivery"]) if result else None,
        complaint_phone=phones.get("complaint"),
        aliases=tuple(d.get("aliases", ())), search_words=tuple(d.get("search_words", ())), code=d.get("code", ""),
        situations=tuple(situations[s] for s in d.get("situations", ())), summary=d.get("summary", ""),
        special_procedures=tuple(SpecialProcedure(p["name"], p["days"], p.get("unit", "自然日"), p.get("note", ""))
                                 for p in d.get("special_procedures", ())),
        time_note=limit.get("note", ""), visits_reason=visits.get("reason", ""),
        postal=visits.get("postal", False), online_url=d.get("online", {}).get("url", ""),
        online_depth=d.get("online", {}).get("depth", ""),
        faq=tuple((f["q"], f["a"]) for f in d.get("faq", ())),
        forms=tuple((f["name"], f["url"]) for f in d.get("forms", ())), reviewed=d.get("reviewed", ""),
        questions=tuple(question_of(q) for q in d.get("questions", ())), source_file=file)


def _known(d: dict, key: str, make=lambda value: value) -> tuple | None:
    """The field as a tuple, or None when the item leaves it out (not known yet)."""
    return tuple(make(value) for value in d[key]) if key in d else None


def _material(m: dict, common: dict) -> Material:
    base = common.get(m.get("ref"), {})
    return Material(
        name=m.get("name") or base["name"], form=m["form"], copies=m["copies"],
        source=m.get("source") or base.get("source", ""), medium=m.get("medium", "纸质"),  # "": not known (基本信息)
        required=m.get("required", "必要"), note=m.get("note") or base.get("note", ""), ref=m.get("ref", ""),
        blank_form=m.get("blank_form", ""), sample_form=m.get("sample_form", ""), key=m.get("key", ""))


def _tier_role(tier: str, d: dict | None, windows: dict) -> TierRole:
    if not d:
        return TierRole(tier)
    return TierRole(tier, d["role"], windows.get(d.get("window")), d.get("days"),
                    d.get("forward_within_days"), d.get("note", ""))


def _centre(d: dict, file: str, tier_windows: dict, tier_hours: dict) -> Centre:
    standard = tier_windows[d["tier"]]
    own = d.get("windows")
    windows = tuple(_window(w, standard) for w in own) if own else tuple(standard.values())
    coords = d.get("coordinates")
    return Centre(
        id=d["id"], name=d["name"], tier=d["tier"], kind=d["kind"], address=d["address"], phone=d["phone"],
        hours=_hours(d["hours"]) if "hours" in d else tier_hours[d["tier"]], windows=windows,
        parent_id=d.get("parent", ""), coordinates=(coords["lat"], coords["lon"]) if coords else None,
        services=tuple(d.get("services", ())),
        pauses=tuple(Pause(e["item"], e["reason"], e.get("since", ""), e.get("until", "")) for e in d.get("exceptions", ())),
        source_file=file)


def _window(w: dict, standard: dict) -> Window:
    posts = w.get("posts", {})
    return Window(w["id"], w.get("name") or standard[w["id"]].name,
                  tuple(Post(label, p["role"], p.get("phone", "")) for label, p in (("A岗", posts.get("a")), ("B岗", posts.get("b"))) if p))
