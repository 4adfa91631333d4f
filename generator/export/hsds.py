"""Open Referral HSDS 3.0: organizations, services (with their service_at_locations), locations and taxonomy terms as JSON.

Every id is a UUID derived with uuid5 from the catalogue's own ids, so it stays the same from one
export to the next. Records nested in a service or location (phones, documents, schedules,
attributes…) do not repeat their parent's id, as in the HSDS examples. What HSDS has no field for (time limits, windows, per-tier roles, legal basis,
case type, visits) is carried as `attributes`, each pointing (taxonomy_term_id, and link_type =
the term's code) to a term of the `bianmin` taxonomy: TERMS, published as taxonomy_terms.json and
described in docs/data.md.

Each thing is said once: an item's role and window per tier are attributes of its service; a
location says its tier and the items it has suspended; a service's service_at_locations (nested in
services.json, as in HSDS's compiled service schema) list each place where it is delivered (papers handed in or the case decided: consult-only, internal review and suspended
pairs are left out), with no attributes unless the place names the window differently.
"""
from __future__ import annotations

import functools
import hashlib
import uuid
from collections.abc import Iterable
from typing import Any

from ..catalogue.model import Catalogue, Centre, Hours, Item, TierRole
from ..catalogue.vocab import ROLE_PLAIN, TIER_ZH, TIERS
from .encoding import Pieces, item_sources, lines_bytes, record_line, records_bytes
from .linked import full_name, item_url, season_dates, weekdays
from .tables import feedback_record, offered_window, starts_or_finishes

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://bianmin.example/hsds")
_NAMESPACE_BYTES = NAMESPACE.bytes
TAXONOMY = "bianmin"
BYDAY = {"Monday": "MO", "Tuesday": "TU", "Wednesday": "WE", "Thursday": "TH", "Friday": "FR", "Saturday": "SA", "Sunday": "SU"}

# code -> (name, description): the attributes HSDS has no field for.
TERMS = {
    "legal_time_limit": ("法定办结时限", "法律法规规定的办结时限，如“30 工作日”；0 为即办。"),
    "promised_time_limit": ("承诺办结时限", "本县承诺的办结时限，如“28 工作日”；0 为即办。"),
    "case_type": ("办件类型", "即办件、承诺件或上报件。"),
    "visits": ("到办事现场次数", "申请人最多要到现场几次，及需要到场的原因。"),
    "legal_basis": ("设定依据", "设定本事项的法律、法规或文件及条款，每条一个属性。"),
    "special_procedure": ("特别程序", "不计入办结时限的环节（如公示、评定）及其时长。"),
    "tier_role": ("层级办理角色", "在 service 上按层级写，层级名后接该层级的角色。一个服务点的角色就是它所在层级（location 的 tier 属性）的角色。"
                  "各角色的意思：" + "；".join(f"{word}：{plain}" for word, plain in ROLE_PLAIN.items() if word != "不办理") + "。"),
    "window": ("办理窗口", "办理本事项的窗口。在 service 上按层级写标准窗口名称；某个服务点的窗口名称与标准名称不同时，写在该服务点的 service_at_location 上。"),
    "forward_within_days": ("报送时限", "受理或代办后，在几个工作日内把材料报送上级，按层级写。"),
    "tier_days": ("本级办理时限", "本级办理环节的天数，按层级写；单位与事项的办结时限相同（工作日或自然日）。"),
    "tier": ("服务点层级", "服务点所在的层级：县、镇（街道）或村（社区）。服务点对一个事项的办理角色就是 service 上这一层级的 tier_role。"),
    "feedback": ("群众意见渠道", "居民反映网页、指南或服务点信息不对的地方：网站的“这页不对？提意见”页面地址，县里设了网上留言的，还有留言地址。电话、短信和邮箱在 organization 的 phones 和 email 里。"),
    "suspended_service": ("暂停办理", "本层级通常可办、但这个服务点暂停办理的事项（事项名称和编号）及原因。这样的事项不列在该服务的 service_at_locations 里。"),
}


def uid(kind: str, ident: str) -> str:
    """str(uuid.uuid5(NAMESPACE, f"{kind}:{ident}")), several times faster (exports make millions)."""
    digest = bytearray(hashlib.sha1(_NAMESPACE_BYTES + f"{kind}:{ident}".encode()).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # RFC 4122 variant
    h = digest.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


@functools.lru_cache(maxsize=8192)  # service and location ids come back for every centre × item
def county_uid(catalogue: Catalogue, kind: str, ident: str) -> str:
    """The id of a record named by a catalogue id, unique across counties (the same item id in
    two counties' catalogues gives two ids). Records inside it derive theirs from its UUID."""
    return uid(kind, f"{catalogue.county.id}/{ident}")


def service_lines(catalogue: Catalogue, site_url: str, pieces: Pieces | None = None) -> list[str]:
    """services.json's lines (each service with its service_at_locations). With pieces (kept.py), a
    service's line is taken from there when what it is made from is unchanged: its item, the county,
    the site's address and the centres; after a fee edit only that service is made again, not the
    113,000 service_at_locations of the others."""
    if pieces is None:
        links = services_at_locations(catalogue)
        return [record_line(service(catalogue, item, site_url, links.get(item.id, []))) for item in catalogue.items]
    sources = item_sources(catalogue, site_url)
    found = {item.id: pieces.get(sources[item.id]) for item in catalogue.items}
    lines = {ident: line for ident, line in found.items() if line is not None}
    missing = [item for item in catalogue.items if item.id not in lines]
    links = services_at_locations(catalogue, missing)
    for item in missing:
        lines[item.id] = pieces.put(sources[item.id], record_line(service(catalogue, item, site_url, links.get(item.id, []))))
    return [lines[item.id] for item in catalogue.items]


# --- organizations ----------------------------------------------------------------------------

def centres_organization_id(catalogue: Catalogue) -> str:
    return county_uid(catalogue, "organization", ":centres")


def organizations(catalogue: Catalogue, site_url: str) -> list[dict]:
    county = catalogue.county
    system = {"id": centres_organization_id(catalogue), "name": f"{county.name}政务服务中心及便民服务中心（站）",
              "description": f"{county.name}县、镇（街道）、村（社区）三级便民服务体系，负责各服务点信息的维护。",
              **feedback_channels(catalogue, site_url)}
    return [system] + [_department(catalogue, d) for d in catalogue.departments]


def feedback_channels(catalogue: Catalogue, site_url: str) -> dict:
    """The ways residents report a wrong page (catalogue.json's county.feedback): phones (an SMS number
    as type text, as HSDS says), email, and the feedback page and web form as `feedback` attributes."""
    ident, county = centres_organization_id(catalogue), catalogue.county
    channels = feedback_record(catalogue, site_url)
    phones = [_phone(ident, county.supervision_phone, "监督投诉电话")]
    if channels["hotline"]:
        phones.append(_phone(ident, channels["hotline"], "政务服务便民热线"))
    if channels["sms"]:
        phones.append({**_phone(ident, channels["sms"], "意见短信"), "type": "text"})
    pages = [f"提意见页面：{channels['page']}"] + ([f"网上留言：{channels['web_form']}"] if channels["web_form"] else [])
    found: dict[str, Any] = {"phones": phones}
    if channels["email"]:
        found["email"] = channels["email"]
    found["attributes"] = [attribute("organization", ident, "feedback", page, n) for n, page in enumerate(pages, 1)]
    return found


def _department(catalogue: Catalogue, d) -> dict:
    count = sum(1 for i in catalogue.items if i.department.id == d.id)
    ident = county_uid(catalogue, "organization", d.id)
    org: dict[str, Any] = {"id": ident, "name": full_name(catalogue, d.name),
           "description": f"{catalogue.county.name}{d.name}，本目录中负责的事项 {count} 项。"}
    if d.phone:
        org["phones"] = [_phone(ident, d.phone, "办公电话")]
    return org


def _phone(owner: str, number: str, description: str) -> dict:
    """0917-5212345转8001 is the number 0917-5212345 with extension 8001."""
    main, _, extension = number.partition("转")
    record: dict = {"id": uid("phone", f"{owner}:{number}:{description}"), "number": main, "type": "voice",
              "description": description}
    if extension:
        record["extension"] = int(extension)
    return record


# --- services ---------------------------------------------------------------------------------

def service(catalogue: Catalogue, item: Item, site_url: str, links: list[dict] | None = None) -> dict:
    """links: the service_at_locations of this service (see services_at_locations)."""
    ident = county_uid(catalogue, "service", item.id)
    record = {
        "id": ident,
        "organization_id": county_uid(catalogue, "organization", item.department.id),
        "name": item.name,
        "alternate_name": "、".join(item.aliases),
        "description": item.summary or item.name,
        "url": item_url(site_url, item),
        "status": "active",
        "application_process": None if item.steps is None else
        "；".join(f"{TIER_ZH.get(s.tier, '申请人')}{s.action}：{s.description}".rstrip("：") for s in item.steps),
        "fees_description": None if item.fee is None else str(item.fee) + (f"（{item.fee.note}）" if item.fee.note else ""),
        "eligibility_description": None if item.conditions is None else "；".join(item.conditions),
        "assured_date": catalogue.county.updated,
        "phones": [_phone(ident, item.consult_phone, "咨询电话")]
        + ([_phone(ident, item.complaint_phone, "监督投诉电话")] if item.complaint_phone else []),
        "service_areas": [{"id": uid("service_area", ident),
                           "name": f"{catalogue.county.province}{catalogue.county.city}{catalogue.county.name}",
                           "description": "本县户籍或常住居民"}],
        "languages": [{"id": uid("language", ident), "name": "Chinese", "code": "zh"}],
        "required_documents": None if item.materials is None else
        [{"id": uid("required_document", f"{ident}:{n}"), "document": f"{m.name}（{m.form}，{m.copies} 份，{m.required}）"}
         for n, m in enumerate(item.materials, 1)],
        "cost_options": _costs(item, ident),
        "attributes": service_attributes(item, ident),
        "service_at_locations": links or [],
    }
    if item.online_url:
        record["alert"] = f"可网上办理：{item.online_url}"
    return {key: value for key, value in record.items() if value is not None}  # not known yet (基本信息): left out


def _costs(item: Item, service_id: str) -> list[dict]:
    costs = []
    for n, f in enumerate(item.fee.items if item.fee else (), 1):
        cost: dict[str, Any] = {"id": uid("cost_option", f"{service_id}:{n}"), "option": f.name, "currency": "CNY",
                "amount_description": "；".join(x for x in (str(f.amount), f.unit, f"依据：{f.basis}" if f.basis else "", f.reduction) if x)}
        if isinstance(f.amount, (int, float)):
            cost["amount"] = f.amount
        costs.append(cost)
    return costs


def service_attributes(item: Item, service_id: str) -> list[dict]:
    values = []
    if item.legal and item.promised:
        values += [("legal_time_limit", f"{item.legal.value} {item.legal.unit}"),
                   ("promised_time_limit", f"{item.promised.value} {item.promised.unit}")]
    if item.case_type:
        values.append(("case_type", item.case_type))
    if item.visits is not None:
        values.append(("visits", f"{item.visits} 次" + (f"：{item.visits_reason}" if item.visits_reason else "")))
    values += [("legal_basis", b) for b in item.basis or ()]
    values += [("special_procedure", f"{p.name} {p.days} {p.unit}" + (f"：{p.note}" if p.note else "")) for p in item.special_procedures]
    values += [("tier_role", f"{TIER_ZH[t.tier]}：{t.role}" + (f"（{t.note}）" if t.note else "")) for t in item.tiers]
    values += [("window", f"{TIER_ZH[t.tier]}：{t.window.name}") for t in item.tiers if t.window]
    values += [("tier_days", f"{TIER_ZH[t.tier]}：{t.days} {item.promised.unit}") for t in item.tiers
               if t.days is not None and item.promised]
    values += [("forward_within_days", f"{TIER_ZH[t.tier]}：{t.forward_within_days} 工作日")
               for t in item.tiers if t.forward_within_days is not None]
    return [attribute("service", service_id, code, value, n) for n, (code, value) in enumerate(values, 1)]


def attribute(entity: str, link_id: str, code: str, value: str, n: int) -> dict:
    """An attribute nested in its record (so, as in the HSDS examples, without link_id)."""
    return {"id": uid("attribute", f"{link_id}:{n}"), "link_type": code, "link_entity": entity,
            "value": value, "taxonomy_term_id": uid("taxonomy_term", code)}


def taxonomy_terms() -> list[dict]:
    """The terms every attribute points to (taxonomy_term_id), published as hsds/taxonomy_terms.json."""
    return [{"id": uid("taxonomy_term", code), "code": code, "name": name, "description": description, "taxonomy": TAXONOMY}
            for code, (name, description) in TERMS.items()]


# --- locations --------------------------------------------------------------------------------

TIER_LEVEL = {"village": "村（社区）级", "town": "镇（街道）级", "county": "县级"}


def location(catalogue: Catalogue, centre: Centre) -> dict:
    county = catalogue.county
    ident = county_uid(catalogue, "location", centre.id)
    values = [("tier", TIER_ZH[centre.tier])]
    values += [("suspended_service", f"{item.name}（{item.id}）：{reason}") for item, reason in catalogue.excepted(centre)]
    record: dict[str, Any] = {
        "id": ident,
        "location_type": "physical",
        "organization_id": centres_organization_id(catalogue),
        "name": centre.name,
        "description": f"{TIER_LEVEL[centre.tier]}便民服务点。",
        "external_identifier": centre.id,
        "external_identifier_type": "bianmin centre id",
        "addresses": [{"id": uid("address", ident), "address_1": centre.address,
                       "city": county.name, "region": county.city, "state_province": county.province,
                       "postal_code": county.postal_code, "country": "CN", "address_type": "physical"}],
        "phones": [_phone(ident, centre.phone, "服务点电话")],
        "schedules": [s for n, h in enumerate(centre.hours, 1) for s in schedules(ident, h, n, county.updated)],
        "attributes": [attribute("location", ident, code, value, n) for n, (code, value) in enumerate(values, 1)],
    }
    if centre.coordinates:
        record["latitude"], record["longitude"] = centre.coordinates
    return record


def schedules(location_id: str, h: Hours, n: int, updated: str = "") -> list[dict]:
    """One weekly rule per opening span; a season with dates (5月1日—9月30日) is valid only then."""
    days = ",".join(BYDAY[d] for d in weekdays(h.days))
    valid = season_dates(h.period, updated)
    rules = []
    for m, span in enumerate(h.times, 1):
        opens, closes = span.split("-")
        rule = {"id": uid("schedule", f"{location_id}:{n}:{m}"),
                "description": str(h), "opens_at": f"{opens}:00", "closes_at": f"{closes}:00", "timezone": 8}
        if days:
            rule.update(freq="WEEKLY", byday=days)
        if valid:
            rule.update(valid_from=valid["validFrom"], valid_to=valid["validThrough"])
        rules.append(rule)
    return rules


# --- service at location ----------------------------------------------------------------------

def delivered_at(items: Iterable[Item]) -> dict[str, tuple[tuple[Item, TierRole], ...]]:
    """tier -> the (item, role) pairs a centre of that tier delivers: a resident hands in the papers
    there or the case is decided there. Consult-only pairs and review steps inside the offices
    are not a service delivered at that place."""
    return {tier: tuple((item, item.role_at(tier)) for item in items if starts_or_finishes(item, tier)) for tier in TIERS}


def services_at_locations(catalogue: Catalogue, items: Iterable[Item] | None = None) -> dict[str, list[dict]]:
    """item id -> one service_at_location per centre that delivers it (minus the centres that
    have suspended it), in centre order, for these items (all when None). Nested in the service,
    so without service_id."""
    delivered = delivered_at(catalogue.items if items is None else items)
    links: dict[str, list[dict]] = {}
    for centre in catalogue.centres:
        excepted = {ident for ident, _ in centre.exceptions}
        for item, role in delivered[centre.tier]:
            if item.id not in excepted:
                links.setdefault(item.id, []).append(_link(catalogue, centre, item, role))
    return links


def _link(catalogue: Catalogue, centre: Centre, item: Item, role: TierRole) -> dict:
    """The role is on the service (tier_role of the location's tier); only a window that this
    centre names differently is said here."""
    ident = county_uid(catalogue, "service_at_location", f"{centre.id}:{item.id}")
    record: dict[str, Any] = {"id": ident, "location_id": county_uid(catalogue, "location", centre.id)}
    window = offered_window(centre, role)
    if window and role.window and window.name != role.window.name:
        record["attributes"] = [attribute("service_at_location", ident, "window", window.name, 1)]
    return record


LABEL = "Open Referral HSDS 3.0"
FILES = {
    "hsds/organizations.json": "Open Referral HSDS 3.0 organizations：主管部门和便民服务体系",
    "hsds/services.json": "HSDS 3.0 services：每个事项一个；时限、办件类型、设定依据、各层级角色和窗口等放在 attributes；"
                          "service_at_locations 列出能起办（递交材料）或办结它的每个服务点（只能咨询的、机关内部审核环节和暂停办理的不列）",
    "hsds/locations.json": "HSDS 3.0 locations：每个服务中心一个，含地址、电话、分季节的办公时间、层级和暂停办理的事项",
    "hsds/taxonomy_terms.json": "HSDS 3.0 taxonomy_terms：attributes 所用的 bianmin 分类词（时限、办件类型、设定依据等）的含义",
}


def files(catalogue: Catalogue, site_url: str, pieces: Pieces | None = None) -> dict[str, bytes]:
    """organizations, services (each with its service_at_locations), locations and taxonomy_terms;
    pieces: see service_lines."""
    return {"hsds/organizations.json": records_bytes(organizations(catalogue, site_url)),
            "hsds/services.json": lines_bytes(service_lines(catalogue, site_url, pieces)),
            "hsds/locations.json": records_bytes([location(catalogue, centre) for centre in catalogue.centres]),
            "hsds/taxonomy_terms.json": records_bytes(taxonomy_terms())}
