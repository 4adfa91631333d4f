"""EU CPSV-AP 3.2.0: the JSON-LD passes the official SHACL shapes, read offline with the local context."""
from __future__ import annotations

import functools
import json
import socket

import pyshacl
import pytest
import rdflib
import rdflib.parser
from export_support import BOTH, SITE, catalogue, standard
from rdflib.namespace import RDF

from generator.export import cpsv, render_exports

CPSV = rdflib.Namespace("http://purl.org/vocab/cpsv#")
CV = rdflib.Namespace("http://data.europa.eu/m8g/")
DCT = rdflib.Namespace("http://purl.org/dc/terms/")


@functools.cache
def shapes() -> rdflib.Graph:
    return rdflib.Graph().parse(standard("cpsv-ap-3.2.0/shacl/cpsv-ap-SHACL.ttl"))


def graph(document: dict) -> rdflib.Graph:
    local = cpsv.with_local_context(document, standard("cpsv-ap-3.2.0/context/cpsv-ap.jsonld"))
    return rdflib.Graph().parse(data=json.dumps(local), format="json-ld")


def conforms(document: dict) -> tuple[bool, str]:
    ok, _, report = pyshacl.validate(graph(document), shacl_graph=shapes())
    return ok, report


@pytest.fixture
def offline(monkeypatch):
    """Any attempt to fetch a context over the network fails the test."""
    def refuse(*args, **kwargs):
        raise AssertionError(f"network access while reading JSON-LD: {args[1:2]}")
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(rdflib.parser, "_urlopen", refuse)


def published(name: str) -> dict:
    return json.loads(render_exports(catalogue(name), SITE, ["cpsv"])["cpsv-ap.jsonld"])


@pytest.mark.parametrize("name", BOTH)
def test_passes_the_shacl_shapes(name, offline):
    ok, report = conforms(published(name))
    assert ok, report


def test_names_the_official_context_and_reads_it_only_from_the_local_copy(offline):
    document = published("mini")
    assert document["@context"][0] == cpsv.CONTEXT_URL
    with pytest.raises(AssertionError, match="network access"):  # the official URL, unresolved, would be fetched
        rdflib.Graph().parse(data=json.dumps(document), format="json-ld")


def test_shapes_catch_untyped_code_list_values_and_missing_fields(offline):
    document = published("mini")
    document["@graph"] = [n for n in document["@graph"] if n["@id"] != cpsv.CURRENCY]  # currency no longer a skos:Concept
    service = next(n for n in document["@graph"] if n.get("@type") == "PublicService")
    del service["cv:hasCompetentAuthority"]
    service["cv:processingTime"] = {"@value": "20 工作日", "@type": "xsd:string"}
    ok, report = conforms(document)
    assert not ok
    assert "hasCompetentAuthority" in report and "currency" in report and "processingTime" in report


@pytest.mark.parametrize("name", BOTH)
def test_every_item_and_centre_once(name, offline):
    cat = catalogue(name)
    g = graph(published(name))
    services = sorted(str(g.value(s, DCT.identifier)) for s in g.subjects(RDF.type, CPSV.PublicService))
    assert services == sorted(i.id for i in cat.items)
    tiers = {rdflib.URIRef(f"{SITE}data/cpsv-ap.jsonld#channel-{tier}") for tier in ("village", "town", "county")}
    centres = sorted(str(g.value(c, DCT.identifier)) for c in g.subjects(DCT.isPartOf) if g.value(c, DCT.isPartOf) in tiers)
    assert centres == sorted(c.id for c in cat.centres)


def offering_centres(g: rdflib.Graph, service) -> set[str]:
    """The centres a reader finds for a service: every centre of each tier channel it links,
    minus those with a suspended-channel for it."""
    channels = set(g.objects(service, CV.hasChannel))
    parts = {c: g.value(c, DCT.isPartOf) for c in g.subjects(DCT.isPartOf)}
    suspended = {parts[c] for c in channels if g.value(c, CV.specialOpeningHoursSpecification) is not None}
    return {str(g.value(c, DCT.identifier)) for c, tier in parts.items() if tier in channels and c not in suspended}


@pytest.mark.parametrize("name", ["mini", "demo"])
def test_services_link_their_tiers_and_suspensions_and_carry_tier_roles(name, offline):
    cat = catalogue(name)
    g = graph(published(name))
    for item in cat.items:
        service = rdflib.URIRef(f"{SITE}items/{item.id}/#service")
        assert offering_centres(g, service) == {c.id for c in cat.centres if item in [i for i, _ in cat.offers(c)]}, item.id
        suspended = [c for c in cat.centres if item.id in {ident for ident, _ in c.exceptions}]
        tiers = sum(1 for t in item.tiers if t.level > 0)
        assert len(list(g.objects(service, CV.hasChannel))) == tiers + len(suspended) + bool(item.online_url)
        assert len(list(g.objects(service, CV.hasParticipation))) == tiers
        assert len(list(g.objects(service, CV.processingTime))) == 1


def test_a_suspension_carries_its_reason(offline):
    cat = catalogue("mini")
    g = graph(published("mini"))
    village = cat.centre("tiandu-donghe")
    channel = rdflib.URIRef(f"{SITE}centres/{village.id}/#channel-suspended-dibao")
    restriction = g.value(channel, CV.specialOpeningHoursSpecification)
    assert str(g.value(restriction, DCT.description)) == f"暂停办理：{village.exceptions[0][1]}"
    assert g.value(channel, DCT.isPartOf) == rdflib.URIRef(f"{SITE}centres/{village.id}/#channel")


def test_tier_days_are_in_the_items_own_unit(offline):
    document = published("mini")
    participation = next(n for s in document["@graph"] if s.get("dct:identifier") == "linshi-shenfenzheng"
                         for n in s["cv:hasParticipation"] if n["dct:identifier"] == "linshi-shenfenzheng-county")
    assert "本级 2 个自然日" in participation["dct:description"]


def test_texts_are_chinese_identifiers_plain_and_iris_absolute(offline):
    cat = catalogue("mini")
    g = graph(published("mini"))
    service = rdflib.URIRef(f"{SITE}items/dibao/#service")
    title = g.value(service, DCT.title)
    assert (str(title), title.language) == (cat.item("dibao").name, "zh")
    identifier = g.value(service, DCT.identifier)
    assert (str(identifier), identifier.language) == ("dibao", None)
    vocabularies = ("http://publications.europa.eu/", "http://purl.org/", "http://data.europa.eu/", "http://www.w3.org/", "http://xmlns.com/")
    outside = {i.online_url for i in cat.items} | {cat.county.feedback.web_form}  # the county's own web form for feedback
    ours = [str(n) for n in g.all_nodes() if isinstance(n, rdflib.URIRef) and not str(n).startswith(vocabularies) and str(n) not in outside]
    assert ours and all(iri.startswith(SITE) for iri in ours)
