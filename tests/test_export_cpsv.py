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
    in_person = rdflib.URIRef(f"{SITE}data/cpsv-ap.jsonld#channel-in-person")
    centres = sorted(str(g.value(c, DCT.identifier)) for c in g.subjects(DCT.type, in_person))
    assert centres == sorted(c.id for c in cat.centres)


def test_services_link_the_centres_that_offer_them_and_carry_tier_roles(offline):
    cat = catalogue("mini")
    g = graph(published("mini"))
    in_person = rdflib.URIRef(f"{SITE}data/cpsv-ap.jsonld#channel-in-person")
    for item in cat.items:
        service = rdflib.URIRef(f"{SITE}items/{item.id}/#service")
        channels = list(g.objects(service, CV.hasChannel))
        centres = {str(g.value(c, DCT.identifier)) for c in channels if g.value(c, DCT.type) == in_person}
        assert centres == {c.id for c in cat.centres if item in [i for i, _ in cat.offers(c)]}
        assert len(channels) == len(centres) + bool(item.online_url)
        assert len(list(g.objects(service, CV.hasParticipation))) == sum(1 for t in item.tiers if t.level > 0)
        assert len(list(g.objects(service, CV.processingTime))) == 1
