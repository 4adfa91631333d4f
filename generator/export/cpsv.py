"""EU CPSV-AP 3.2.0 as JSON-LD: each item a cpsv:PublicService, each tier and each centre an in-person cv:Channel.

Each thing is said once: a service's in-person channels are the tiers that handle it (one Channel per
tier, which every centre's Channel is part of, dct:isPartOf); a centre that has suspended a service
gets one more Channel for that pair, carrying the reason as its availability restriction
(cv:specialOpeningHoursSpecification).

Per-tier roles become cv:Participation (role + the tier's service points as participant), materials
cv:Evidence, conditions cv:Requirement, legal basis eli:LegalResource, fees cv:Cost in CNY.
Every value of a code list (country, currency, frequency, channel type, role, theme) is a node
typed in the document, as the SHACL shapes require. The context is the official one, named by URL;
`with_local_context()` swaps in a local copy so a reader (and the tests) never fetch it.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..catalogue import addresses
from ..catalogue.model import Catalogue, Centre, Hours, Item
from ..catalogue.vocab import ROLE_PLAIN, TIER_ZH, TIERS
from .encoding import Pieces, graph_bytes, item_records
from .linked import full_name, iso_duration
from .tables import feedback_record

CONTEXT_URL = "https://semiceu.github.io/CPSV-AP/releases/3.2.0/context/cpsv-ap.jsonld"
PREFIXES = {
    "cpsv": "http://purl.org/vocab/cpsv#", "cv": "http://data.europa.eu/m8g/", "dct": "http://purl.org/dc/terms/",
    "dcat": "http://www.w3.org/ns/dcat#", "eli": "http://data.europa.eu/eli/ontology#", "foaf": "http://xmlns.com/foaf/0.1/",
    "locn": "http://www.w3.org/ns/locn#", "org": "http://www.w3.org/ns/org#", "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#", "time": "http://www.w3.org/2006/time#", "xsd": "http://www.w3.org/2001/XMLSchema#",
}
AUTHORITY = "http://publications.europa.eu/resource/authority/"
COUNTRY = AUTHORITY + "country/CHN"
CURRENCY = AUTHORITY + "currency/CNY"
WEEKLY = AUTHORITY + "frequency/WEEKLY"
LANG = "zh"
FILE = "cpsv-ap.jsonld"


def with_local_context(document: dict, context_file: Path) -> dict:
    """The document with the official context URL replaced by a local copy of that file, so a
    JSON-LD reader never fetches it."""
    local = json.loads(context_file.read_text("utf-8"))["@context"]
    return {**document, "@context": [local if c == CONTEXT_URL else c for c in document["@context"]]}


def text(value: str) -> str:
    """A Chinese text: a plain string, tagged zh by the document's default language (see context())."""
    return value


UNTAGGED = ("dct:identifier", "locn:postCode", "cv:telephone", "cv:email")  # plain strings that are not Chinese text


def context(ids: Ids) -> list:
    """The official context, then ours: the prefixes, zh as the default language of plain strings,
    and the site as the base of relative IRIs (so each IRI is written without the site's address)."""
    own = {**PREFIXES, "@language": LANG, **{key: {"@id": expand(key), "@language": None} for key in UNTAGGED}}
    if ids.base:
        own["@base"] = ids.base
    return [CONTEXT_URL, own]


def expand(key: str) -> str:
    prefix, local = key.split(":")
    return PREFIXES[prefix] + local


def cpsv_document(catalogue: Catalogue, site_url: str, pieces: Pieces | None = None) -> dict:
    """pieces: each item's PublicService kept between builds (encoding.item_records)."""
    ids = Ids(site_url)
    graph = [_dataset(catalogue, ids), *_code_lists(catalogue, ids), *_agents(catalogue, ids)]
    graph += [_tier_channel(catalogue, tier, ids) for tier in TIERS]
    suspended = _suspended_channels(catalogue, ids)
    graph += item_records(catalogue, site_url, lambda item: _service(catalogue, item, ids, suspended.get(item.id, [])), pieces)
    graph += [_centre(catalogue, centre, ids) for centre in catalogue.centres]
    graph += [channel for channels in suspended.values() for channel in channels]
    return {"@context": context(ids), "@graph": graph}


class Ids:
    """IRIs: services and centres are their pages; everything else a fragment of this file. With an
    absolute site address they are written relative to it (the context's @base)."""

    def __init__(self, site_url: str):
        site = site_url if site_url.endswith("/") else site_url + "/"
        self.base = site if site.startswith(("http://", "https://")) else ""
        self.site = "" if self.base else site
        self.landing = f"{self.site}data/"
        self.file = f"{self.site}data/{FILE}"

    def local(self, *parts: str) -> str:
        return f"{self.file}#{'-'.join(parts)}"

    def page(self, centre: Centre) -> str:
        return self.site + addresses.centre_page(centre.id)

    def service(self, item: Item) -> str:
        return self.site + addresses.item_page(item.id) + "#service"

    def centre(self, centre: Centre) -> str:
        return self.page(centre) + "#channel"

    def tier_channel(self, tier: str) -> str:
        return self.local("channel", tier)


# --- the dataset and the code lists -----------------------------------------------------------

def _dataset(catalogue: Catalogue, ids: Ids) -> dict:
    county = catalogue.county
    return {"@id": ids.local("catalogue"), "@type": "Dataset",
            "dct:title": text(f"{county.name}便民服务事项目录"),
            "dct:description": text(f"{county.province}{county.city}{county.name}县、镇（街道）、村（社区）三级便民服务事项和服务点，"
                                    f"更新于 {county.updated}。" + (county.sample_note if county.sample_data else "")),
            "dct:publisher": {"@id": ids.local("county")},
            "dcat:landingPage": {"@id": ids.landing},
            "dct:hasPart": [{"@id": ids.service(i)} for i in catalogue.items]}


def _concept(iri: str, label: str, scheme: str | None = None) -> dict:
    node: dict[str, Any] = {"@id": iri, "@type": "Concept", "skos:prefLabel": text(label)}
    if scheme:
        node["skos:inScheme"] = {"@id": scheme}
    return node


def _code_lists(catalogue: Catalogue, ids: Ids) -> list[dict]:
    county = catalogue.county
    roles = sorted({t.role for i in catalogue.items for t in i.tiers if t.level > 0})
    audiences = sorted({a for i in catalogue.items for a in i.audience or ()})
    return [
        {**_concept(COUNTRY, "中国"), "@type": ["Concept", "Location"]},
        _concept(CURRENCY, "人民币"),
        _concept(WEEKLY, "每周"),
        {"@id": ids.local("area", county.id), "@type": "Location", "rdfs:label": text(f"{county.province}{county.city}{county.name}"),
         "dct:isPartOf": {"@id": COUNTRY}},
        {"@id": ids.landing, "@type": "Document", "dct:title": text("开放数据")},
        _concept(ids.local("channel", "in-person"), "窗口办理（到服务点）", ids.local("channel-types")),
        _concept(ids.local("channel", "online"), "网上办理", ids.local("channel-types")),
        *[{**_concept(ids.local("role", r), r, ids.local("roles")), "skos:definition": text(ROLE_PLAIN[r])} for r in roles],
        *[_concept(ids.local("audience", a), a, ids.local("audiences")) for a in audiences],
        *[_concept(ids.local("theme", c.id), c.name, ids.local("themes")) for c in catalogue.categories],
        *[{"@id": ids.local("life-event", s.id), "@type": ["Event", "LifeEvent"], "dct:identifier": s.id,
           "dct:title": text(s.name), **({"dct:description": text(s.description)} if s.description else {})}
          for s in catalogue.situations],
    ]


def _agents(catalogue: Catalogue, ids: Ids) -> list[dict]:
    county = catalogue.county
    area = {"@id": ids.local("area", county.id)}
    agents = [{"@id": ids.local("county"), "@type": ["PublicOrganization", "Organization", "Agent"],
               "dct:identifier": county.id, "dct:title": text(f"{county.name}人民政府"),
               "skos:prefLabel": text(f"{county.name}人民政府"), "dct:spatial": area,
               "cv:contactPoint": _feedback_contact(catalogue, ids)}]
    agents += [{"@id": ids.local("department", d.id), "@type": ["PublicOrganization", "Organization", "Agent"],
                "dct:identifier": d.id, "dct:title": text(full_name(catalogue, d.name)),
                "skos:prefLabel": text(full_name(catalogue, d.name)), "dct:spatial": area}
               for d in catalogue.departments]
    agents += [{"@id": ids.local("tier", tier), "@type": ["Organization", "Agent"], "dct:identifier": tier,
                "dct:title": text(full_name(catalogue, name))} for tier, name in county.tier_names]
    return agents


def _feedback_contact(catalogue: Catalogue, ids: Ids) -> dict:
    """Where residents report a wrong page (catalogue.json's county.feedback) as a cv:ContactPoint:
    the phones, the email, the feedback page and web form as contact pages; an SMS number, which
    CPSV-AP has no property for, is said in its description."""
    channels = feedback_record(catalogue, ids.base or ids.site)
    pages = [{"@id": channels["page"], "@type": "Document", "dct:title": text("这页不对？提意见")}]
    if channels["web_form"]:
        pages.append({"@id": channels["web_form"], "@type": "Document", "dct:title": text("网上留言")})
    ways = ["打电话"] + [way for way, given in ((f"发短信到 {channels['sms']}", channels["sms"]), ("网上留言", channels["web_form"]),
                                              ("发邮件", channels["email"])) if given]
    node: dict[str, Any] = {
        "@id": ids.local("feedback"), "@type": "ContactPoint",
        "dct:description": text(f"群众意见渠道：网页、办事指南或服务点的信息不对，可以{'、'.join(ways)}反映"),
        "cv:telephone": [phone for phone in (channels["supervision_phone"], channels["hotline"]) if phone],
        "cv:contactPage": pages}
    if channels["email"]:
        node["cv:email"] = channels["email"]
    return node


# --- services ---------------------------------------------------------------------------------

def _service(catalogue: Catalogue, item: Item, ids: Ids, suspended: list[dict]) -> dict:
    own = ids.service(item)
    node = {
        "@id": own, "@type": "PublicService",
        "dct:identifier": item.id,
        "dct:title": text(item.name),
        "dct:description": text(item.summary or item.name),
        "cv:hasCompetentAuthority": {"@id": ids.local("department", item.department.id)},
        "dct:spatial": {"@id": ids.local("area", catalogue.county.id)},
        "cv:thematicArea": {"@id": ids.local("theme", item.category.id)},
        "dct:audience": None if item.audience is None else [{"@id": ids.local("audience", a)} for a in item.audience],
        "cv:processingTime": None if item.promised is None else {"@value": iso_duration(item.promised), "@type": "xsd:duration"},
        "cv:hasParticipation": [_participation(item, t, own, ids) for t in item.tiers if t.level > 0],
        "cv:hasChannel": [{"@id": ids.tier_channel(t.tier)} for t in item.tiers if t.level > 0]
        + [{"@id": channel["@id"]} for channel in suspended]
        + ([_online_channel(item, own, ids)] if item.online_url else []),
        "cpsv:hasInput": None if item.materials is None else [_evidence(item, n, m, own) for n, m in enumerate(item.materials, 1)],
        "cv:holdsRequirement": None if item.conditions is None else
        [{"@id": f"{own}-requirement-{n}", "@type": "Requirement", "dct:identifier": f"{item.id}-requirement-{n}",
          "dct:title": text(c)} for n, c in enumerate(item.conditions, 1)],
        "cv:hasLegalResource": None if item.basis is None else
        [{"@id": f"{own}-basis-{n}", "@type": "LegalResource", "dct:title": text(b)} for n, b in enumerate(item.basis, 1)],
        "cv:hasCost": _costs(item, own),
        "cpsv:produces": None if item.result_name is None else
        {"@id": f"{own}-output", "@type": "Output", "dct:identifier": f"{item.id}-output",
         "dct:title": text(item.result_name), "dct:description": text("、".join(item.delivery or ()))},
        "cv:contactPoint": {"@id": f"{own}-contact", "@type": "ContactPoint", "cv:telephone": item.consult_phone},
        "cv:isGroupedBy": [{"@id": ids.local("life-event", s.id)} for s in item.situations],
    }
    if item.aliases:
        node["dcat:keyword"] = [text(a) for a in item.aliases]
    return {key: value for key, value in node.items() if value is not None}  # not known yet (基本信息): left out


def _participation(item: Item, t, own: str, ids: Ids) -> dict:
    details = [f"{TIER_ZH[t.tier]}：{t.role}（{ROLE_PLAIN[t.role]}）"]
    if t.window:
        details.append(t.window.name)
    if t.forward_within_days is not None:
        details.append(f"{t.forward_within_days} 个工作日内报送上级")
    if t.days is not None and item.promised:
        details.append(f"本级 {t.days} 个{item.promised.unit}")
    if t.note:
        details.append(t.note)
    return {"@id": f"{own}-{t.tier}", "@type": "Participation", "dct:identifier": f"{item.id}-{t.tier}",
            "dct:description": text("，".join(details)), "cv:role": {"@id": ids.local("role", t.role)},
            "cv:hasParticipant": {"@id": ids.local("tier", t.tier)}}


def _online_channel(item: Item, own: str, ids: Ids) -> dict:
    return {"@id": f"{own}-online", "@type": "Channel", "dct:identifier": f"{item.id}-online",
            "dct:type": {"@id": ids.local("channel", "online")},
            "dct:description": text(f"网上办理（{item.online_depth}）：{item.online_url}" if item.online_depth else f"网上办理：{item.online_url}"),
            "foaf:page": {"@id": item.online_url}}


def _evidence(item: Item, n: int, m, own: str) -> dict:
    return {"@id": f"{own}-evidence-{n}", "@type": "Evidence", "dct:identifier": f"{item.id}-evidence-{n}",
            "dct:title": text(m.name),
            "dct:description": text(f"{m.form}，{m.copies} 份，{m.medium}，{m.required}" + (f"，来源：{m.source}" if m.source else "") + (f"。{m.note}" if m.note else ""))}


def _costs(item: Item, own: str) -> list[dict] | None:
    if item.fee is None:
        return None
    if item.fee.free:
        return [{"@id": f"{own}-cost", "@type": "Cost", "dct:identifier": f"{item.id}-cost", "dct:description": text("不收费"),
                 "cv:hasValue": {"@value": "0.0", "@type": "xsd:double"}, "cv:currency": {"@id": CURRENCY}}]
    return [_cost(item, n, f, own) for n, f in enumerate(item.fee.items, 1)]


def _cost(item: Item, n: int, f, own: str) -> dict:
    numeric = isinstance(f.amount, (int, float))
    described = "；".join(x for x in (f.name, "" if numeric else str(f.amount), f.unit, f"收费依据：{f.basis}" if f.basis else "", f.reduction) if x)
    cost = {"@id": f"{own}-cost-{n}", "@type": "Cost", "dct:identifier": f"{item.id}-cost-{n}",
            "dct:description": text(described), "cv:currency": {"@id": CURRENCY}}
    if numeric:
        cost["cv:hasValue"] = {"@value": repr(float(f.amount)), "@type": "xsd:double"}
    return cost


# --- centres ----------------------------------------------------------------------------------

def _centre(catalogue: Catalogue, centre: Centre, ids: Ids) -> dict:
    own = ids.centre(centre)
    county = catalogue.county
    return {
        "@id": own, "@type": "Channel",
        "dct:identifier": centre.id,
        "dct:type": {"@id": ids.local("channel", "in-person")},
        "dct:description": text(f"{centre.name}（{TIER_ZH[centre.tier]}），电话 {centre.phone}"),
        "cv:openingHours": [_hours(h, f"{own}-hours-{n}") for n, h in enumerate(centre.hours, 1)],
        "locn:address": {"@id": f"{own}-address", "@type": "Address", "locn:fullAddress": text(centre.address),
                         "locn:adminUnitL1": text(county.province), "locn:adminUnitL2": text(f"{county.city}{county.name}"),
                         **({"locn:postCode": county.postal_code} if county.postal_code else {})},
        "foaf:page": {"@id": ids.page(centre)},
        "dct:isPartOf": {"@id": ids.tier_channel(centre.tier)},
    }


def _tier_channel(catalogue: Catalogue, tier: str, ids: Ids) -> dict:
    name = catalogue.county.tier_name(tier)
    count = len(catalogue.centres_at(tier))
    return {"@id": ids.tier_channel(tier), "@type": "Channel", "dct:identifier": f"{tier}-in-person",
            "dct:type": {"@id": ids.local("channel", "in-person")},
            "dct:description": text(f"到本县任一{name}办理（共 {count} 个，各自的地址和办公时间见其 Channel）；"
                                    "个别服务点暂停办理的，见该服务的暂停办理 Channel"),
            "cv:ownedBy": {"@id": ids.local("tier", tier)}}


def _suspended_channels(catalogue: Catalogue, ids: Ids) -> dict[str, list[dict]]:
    """item id -> a Channel per centre that has suspended it, with the reason as its availability restriction."""
    found: dict[str, list[dict]] = {}
    for centre in catalogue.centres:
        for item, reason in catalogue.excepted(centre):
            own = f"{ids.centre(centre)}-suspended-{item.id}"
            found.setdefault(item.id, []).append({
                "@id": own, "@type": "Channel", "dct:identifier": f"{centre.id}-{item.id}-suspended",
                "dct:type": {"@id": ids.local("channel", "in-person")},
                "dct:description": text(f"{centre.name}暂停办理{item.name}：{reason}"),
                "cv:specialOpeningHoursSpecification": {"@id": f"{own}-restriction", "@type": "TemporalEntity",
                                                         "dct:description": text(f"暂停办理：{reason}")},
                "dct:isPartOf": {"@id": ids.centre(centre)}})
    return found


def _hours(h: Hours, iri: str) -> dict:
    return {"@id": iri, "@type": "TemporalEntity", "dct:description": text(str(h)), "cv:frequency": {"@id": WEEKLY}}


LABEL = "CPSV-AP 3.2.0 JSON-LD"
FILES = {FILE: "欧盟 CPSV-AP 3.2.0 JSON-LD：每个事项一个 PublicService，每个层级一个到场办理 Channel，每个中心一个 Channel"
              "（属于所在层级的 Channel；暂停办理用 availability restriction 写明原因）"}


def files(catalogue: Catalogue, site_url: str, pieces: Pieces | None = None) -> dict[str, bytes]:
    return {FILE: graph_bytes(cpsv_document(catalogue, site_url, pieces))}
