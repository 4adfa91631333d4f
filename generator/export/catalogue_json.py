"""catalogue.json: the whole catalogue in Bianmin's own shape, with its JSON Schema beside it."""
from __future__ import annotations

from ..catalogue.model import Catalogue
from ..paths import SCHEMA_DIR
from .encoding import json_bytes
from .tables import catalogue_document

LABEL = "JSON"
FILES = {
    "catalogue.json": "整个目录：事项、服务中心、部门、分类，编号已解析成名称，默认值已补齐，每个中心带上它实际可办的事项",
    "catalogue.schema.json": "catalogue.json 的 JSON Schema（draft 2020-12）",
}
EXPORT_SCHEMA = SCHEMA_DIR / "catalogue-export.schema.json"


def files(catalogue: Catalogue, site_url: str) -> dict[str, bytes]:
    return {"catalogue.json": json_bytes(catalogue_document(catalogue, site_url)),
            "catalogue.schema.json": EXPORT_SCHEMA.read_bytes()}
