"""catalogue.json: the whole catalogue in Bianmin's own shape, with its JSON Schema beside it."""
from __future__ import annotations

from ..catalogue.model import Catalogue
from ..paths import SCHEMA_DIR
from .encoding import Pieces, document_bytes
from .tables import catalogue_document

LABEL = "JSON"
FILES = {
    "catalogue.json": "整个目录：事项（含各层级职责）、服务中心（含暂停办理的事项）、部门、分类，编号已解析成名称，默认值已补齐",
    "catalogue.schema.json": "catalogue.json 的 JSON Schema（draft 2020-12）",
}
EXPORT_SCHEMA = SCHEMA_DIR / "catalogue-export.schema.json"


def files(catalogue: Catalogue, site_url: str, pieces: Pieces | None = None) -> dict[str, bytes]:
    """pieces: each item's record kept between builds (encoding.item_records)."""
    return {"catalogue.json": document_bytes(catalogue_document(catalogue, site_url, pieces)),
            "catalogue.schema.json": EXPORT_SCHEMA.read_bytes()}
