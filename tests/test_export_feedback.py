"""The county's feedback channels (/feedback/: 这页不对？提意见) in the open data, and the role words
in plain language where CPSV-AP's fields are read by people."""
from __future__ import annotations

import dataclasses
import json

from export_support import SITE, catalogue

from generator.catalogue.model import Feedback
from generator.catalogue.vocab import ROLE_PLAIN
from generator.export import render_exports

PAGE = SITE + "feedback/"


def without_channels():
    """The mini catalogue with no SMS, web form or email in county.yml (the phones stay)."""
    cat = catalogue("mini")
    return dataclasses.replace(cat, county=dataclasses.replace(cat.county, feedback=Feedback()))


def files(cat) -> dict:
    return {name: data.decode("utf-8") for name, data in render_exports(cat, SITE, ["json", "hsds", "cpsv"]).items()
            if name.endswith((".json", ".jsonld"))}


def system_organization(cat) -> dict:
    return json.loads(files(cat)["hsds/organizations.json"])[0]


def contact_point(cat) -> dict:
    graph = json.loads(files(cat)["cpsv-ap.jsonld"])["@graph"]
    return next(node for node in graph if node["@id"].endswith("#county"))["cv:contactPoint"]


def test_catalogue_json_lists_every_channel_of_the_feedback_page():
    cat = catalogue("mini")
    county = json.loads(files(cat)["catalogue.json"])["county"]
    assert county["feedback"] == {"page": PAGE, "supervision_phone": "0917-5212345", "hotline": "12345",
                                  "sms": "10690000123", "web_form": "https://www.example.gov.cn/liuyan/",
                                  "email": "bmfw@example.gov.cn"}
    assert json.loads(files(without_channels())["catalogue.json"])["county"]["feedback"] == {
        "page": PAGE, "supervision_phone": "0917-5212345", "hotline": "12345", "sms": "", "web_form": "", "email": ""}


def test_hsds_puts_phones_sms_and_email_where_hsds_has_them_and_the_pages_in_attributes():
    org = system_organization(catalogue("mini"))
    assert [(p["number"], p["type"], p["description"]) for p in org["phones"]] == [
        ("0917-5212345", "voice", "监督投诉电话"), ("12345", "voice", "政务服务便民热线"), ("10690000123", "text", "意见短信")]
    assert org["email"] == "bmfw@example.gov.cn"
    assert [(a["link_type"], a["value"]) for a in org["attributes"]] == [
        ("feedback", f"提意见页面：{PAGE}"), ("feedback", "网上留言：https://www.example.gov.cn/liuyan/")]
    terms = {t["code"]: t["id"] for t in json.loads(files(catalogue("mini"))["hsds/taxonomy_terms.json"])}
    assert all(a["taxonomy_term_id"] == terms["feedback"] for a in org["attributes"])
    bare = system_organization(without_channels())
    assert "email" not in bare and [p["type"] for p in bare["phones"]] == ["voice", "voice"]
    assert [a["value"] for a in bare["attributes"]] == [f"提意见页面：{PAGE}"]


def test_cpsv_has_a_feedback_contact_point_on_the_county():
    point = contact_point(catalogue("mini"))
    assert point["@type"] == "ContactPoint"
    assert point["cv:telephone"] == ["0917-5212345", "12345"] and point["cv:email"] == "bmfw@example.gov.cn"
    assert [page["@id"] for page in point["cv:contactPage"]] == [PAGE, "https://www.example.gov.cn/liuyan/"]
    assert point["dct:description"] == "群众意见渠道：网页、办事指南或服务点的信息不对，可以打电话、发短信到 10690000123、网上留言、发邮件反映"
    bare = contact_point(without_channels())
    assert "cv:email" not in bare and [page["@id"] for page in bare["cv:contactPage"]] == [PAGE]
    assert bare["dct:description"] == "群众意见渠道：网页、办事指南或服务点的信息不对，可以打电话反映"


def test_cpsv_roles_read_in_plain_words():
    graph = json.loads(files(catalogue("mini"))["cpsv-ap.jsonld"])["@graph"]
    roles = {node["skos:prefLabel"]: node["skos:definition"] for node in graph if "#role-" in node["@id"]}
    assert roles and all(definition == ROLE_PLAIN[word] for word, definition in roles.items())
    participations = [node for service in graph if service.get("@type") == "PublicService"
                      for node in service.get("cv:hasParticipation", [])]
    assert participations and all(any(f"（{plain}）" in p["dct:description"] for plain in ROLE_PLAIN.values())
                                  for p in participations)


def test_hsds_says_what_each_role_word_means():
    terms = {t["code"]: t["description"] for t in json.loads(files(catalogue("mini"))["hsds/taxonomy_terms.json"])}
    assert all(f"{word}：{plain}" in terms["tier_role"] for word, plain in ROLE_PLAIN.items() if word != "不办理")
