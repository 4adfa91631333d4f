"""The web form at /admin/ (Decap CMS): its config.yml, generated from schema/*.json and county.yml.

Labels and hints come from the schemas' titles and descriptions; required fields, patterns, enums (as
selects), number ranges and lengths come from the schemas too, so the form refuses what the checker would
reject where a schema can say so. References (category, department, situations, common materials, windows,
parent centre, excepted items) are selects of the ids that exist. A schema change changes the form with no
second edit. What only cross-field rules catch is left to `bianmin check` in the pull-request check.

Decap CMS itself is bundled from npm (node_modules/decap-cms/dist/decap-cms.js, pinned in package-lock.json);
nothing is loaded from another host.
"""
from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlparse

import yaml

from ..paths import SCHEMA_DIR

BUNDLE = Path("node_modules") / "decap-cms" / "dist" / "decap-cms.js"
LOCAL_SERVER = Path("node_modules") / "decap-server" / "dist" / "index.js"
LOCAL_PORT = 8081
LOCAL_PORT_ENV = "BIANMIN_CMS_LOCAL_PORT"  # set by `bianmin serve --cms`: /admin/ then edits the working copy
BUNDLE_NAME = "decap-cms.js"
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: the same data, 5× faster at 1,000 items
LONG_TEXT = {"summary", "note", "reason", "a", "description", "sample_note"}
NO_BUNDLE = ("网页编辑器（/admin/）没有生成：找不到 {path}。它来自 npm 包 decap-cms：在项目文件夹运行 "
             "`npm ci`（make site 会在有 npm 时自动运行），再重新生成网站。")

ADMIN_PAGE = """<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>编辑服务目录</title>
</head>
<body>
<script src="decap-cms.js"></script>
</body>
</html>
"""


def load_schema(name: str, schema_dir: Path = SCHEMA_DIR) -> dict:
    return json.loads((schema_dir / f"{name}.schema.json").read_text("utf-8"))


class _Converter:
    """JSON Schema → Decap CMS fields, for one schema file."""

    def __init__(self, schema: dict, schema_dir: Path, refs: dict[tuple, list]):
        self.root, self.schema_dir, self.refs = schema, schema_dir, refs

    def resolve(self, node: dict) -> dict:
        """Follow $ref (inside this file or to a sibling file); the referring node's title/description win."""
        while "$ref" in node:
            ref = node["$ref"]
            if ref.startswith("#/"):
                target = self.root
                for part in ref[2:].split("/"):
                    target = target[part]
            else:
                target = json.loads((self.schema_dir / ref).read_text("utf-8"))
            node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
        return node

    def fields(self, node: dict, path: tuple) -> list[dict]:
        node = self.resolve(node)
        # the form writes complete guides: what an item needs at 办事指南 (the schema's if/then) is required there too
        required = set(node.get("required", [])) | set(node.get("then", {}).get("required", []))
        made = (self.field(key, sub, key in required, path + (key,)) for key, sub in node.get("properties", {}).items())
        return [field for field in made if field]

    def field(self, key: str, node: dict, required: bool, path: tuple) -> dict | None:
        node = self.resolve(node)
        out = {"name": key, "label": node.get("title") or key, "required": required}
        if node.get("description"):
            out["hint"] = node["description"]
        options = self.refs.get(_pattern(path))
        kind = node.get("type")
        if "anyOf" in node or "oneOf" in node:
            return None  # a union (fee: 不收费 or a list of items) has no form widget: edited in YAML, kept as is
        if options is not None:
            out.update(widget="select", options=options)
        elif "enum" in node:
            out.update(widget="select", options=list(node["enum"]))
        elif kind == "array":
            out.update(self.array(node, path))
        elif kind == "object":
            fields = self.fields(node, path)
            if not required:  # Decap checks the fields of an absent optional object too; the PR check covers them
                fields = _optional(fields)
            out.update(widget="object", fields=fields, collapsed=False)
        elif kind == "integer" or kind == "number":
            out.update(widget="number", value_type="int" if kind == "integer" else "float")
            out.update({k: node[v] for k, v in (("min", "minimum"), ("max", "maximum")) if v in node})
        elif kind == "boolean":
            out.update(widget="boolean", required=False)
        else:
            out.update(widget="text" if key in LONG_TEXT else "string")
            pattern = _string_pattern(node)
            if pattern:
                out["pattern"] = pattern
        return out

    def array(self, node: dict, path: tuple) -> dict:
        items = self.resolve(node.get("items", {}))
        out: dict = {}
        if node.get("minItems"):
            out["min"] = node["minItems"]
        options = self.refs.get(_pattern(path + ("*",)))
        if options is not None or "enum" in items:
            return {**{k: v for k, v in out.items()}, "widget": "select", "multiple": True,
                    "options": options if options is not None else list(items["enum"])}
        if items.get("type") == "object":
            fields = self.fields(items, path + ("*",))
            return {**out, "widget": "list", "fields": fields, "summary": _summary(fields), "collapsed": False}
        inner = self.field("value", items, True, path + ("*",)) or {"name": "value", "widget": "string"}
        inner["label"] = node.get("title") or "内容"
        inner.pop("hint", None)
        return {**out, "widget": "list", "field": inner, "collapsed": False}


def _optional(fields: list[dict]) -> list[dict]:
    """Fields inside an optional object, down through nested objects, as not required."""
    return [dict(f, required=False, **({"fields": _optional(f["fields"])} if f.get("widget") == "object" else {}))
            for f in fields]


def _pattern(path: tuple) -> tuple:
    """('materials', 3, 'ref') and ('materials', '*', 'ref') both → ('materials', '*', 'ref')."""
    return tuple("*" if isinstance(p, int) else p for p in path)


def _string_pattern(node: dict) -> list | None:
    hint = node.get("description", "")
    if "pattern" in node:
        return [node["pattern"], f"格式不对。{hint}".strip()]
    if node.get("minLength"):
        return [f"^[\\s\\S]{{{node['minLength']},}}$", f"至少要写 {node['minLength']} 个字"]
    return None


def _summary(fields: list[dict]) -> str:
    names = [f["name"] for f in fields if f.get("widget") in ("string", "select", "number", "text")][:3]
    return " · ".join("{{fields." + n + "}}" for n in names)


def _choices(entries, label: str = "name") -> list[dict]:
    return [{"label": f"{e.get(label) or e['id']}（{e['id']}）", "value": e["id"]}
            for e in entries or [] if isinstance(e, dict) and "id" in e]


def references(root: Path) -> dict[str, dict[tuple, list]]:
    """Per kind of file: field path → the ids that exist (from county.yml and the catalogue's files)."""
    county = _load(root / "county.yml")
    tiers = county.get("tiers") or {}
    centres = [_load(f) for f in sorted((root / "centres").glob("*.yml"))]
    items = [_load(f) for f in sorted((root / "items").glob("*.yml"))]
    every_window = {w["id"]: w for t in tiers.values() for w in (t or {}).get("windows", []) if isinstance(w, dict)}
    item_refs = {("category",): _choices(county.get("categories")), ("department",): _choices(county.get("departments")),
                 ("situations", "*"): _choices(county.get("situations")), ("materials", "*", "ref"): _choices(county.get("materials"))}
    for tier in ("village", "town", "county"):
        item_refs[("tiers", tier, "window")] = _choices((tiers.get(tier) or {}).get("windows"))
    centre_refs = {("parent",): _choices([c for c in centres if c.get("tier") in ("county", "town")]),
                   ("exceptions", "*", "item"): _choices(items), ("windows", "*", "id"): _choices(every_window.values())}
    return {"item": item_refs, "centre": centre_refs, "county": {}}


def _load(path: Path):
    return yaml.load(path.read_text("utf-8"), Loader=_LOADER) or {}


def backend(repo_url: str | None, extra: dict | None = None) -> dict:
    """GitHub or GitLab from mkdocs.yml's repo_url; saving opens a pull/merge request (editorial workflow)."""
    url = urlparse(repo_url or "")
    repo = url.path.strip("/").removesuffix(".git")
    if "gitlab" in url.netloc or (extra or {}).get("name") == "gitlab":
        found = {"name": "gitlab", "repo": repo, "branch": "main"}
        if url.netloc != "gitlab.com":  # a self-hosted GitLab
            found.update(api_root=f"{url.scheme}://{url.netloc}/api/v4", base_url=f"{url.scheme}://{url.netloc}")
    else:
        found = {"name": "github", "repo": repo or "OWNER/REPO", "branch": "main"}
    return {**found, **(extra or {})}


def cms_config(root: Path, schema_dir: Path = SCHEMA_DIR, repo_url: str | None = None, extra_backend: dict | None = None,
               local_port: int | None = None) -> dict:
    """The Decap config. With local_port: the local backend (decap-server on that port) edits the working copy
    directly (no pull request); without: GitHub/GitLab, where saving opens a pull/merge request."""
    refs = references(root)

    def fields(kind: str) -> list[dict]:
        return _Converter(load_schema(kind, schema_dir), schema_dir, refs[kind]).fields(load_schema(kind, schema_dir), ())

    item_schema, centre_schema = load_schema("item", schema_dir), load_schema("centre", schema_dir)
    folder = root.name if root.name == "catalogue" else str(root)
    mode = {"local_backend": {"url": f"http://localhost:{local_port}/api/v1"}} if local_port else {"publish_mode": "editorial_workflow"}
    return {
        "backend": backend(repo_url, extra_backend),
        **mode,
        "locale": "zh_Hans",
        "media_folder": "site_src/assets/uploads",
        "site_url": "/",
        "collections": [
            {"name": "items", "label": "服务事项", "label_singular": "事项", "description": item_schema.get("description", ""),
             "folder": f"{folder}/items", "extension": "yml", "format": "yml", "create": True, "delete": False,
             "slug": "{{fields.id}}", "identifier_field": "name", "summary": "{{name}}（{{id}}）", "fields": fields("item")},
            {"name": "centres", "label": "服务中心（站）", "label_singular": "中心", "description": centre_schema.get("description", ""),
             "folder": f"{folder}/centres", "extension": "yml", "format": "yml", "create": True, "delete": False,
             "slug": "{{fields.id}}", "identifier_field": "name", "summary": "{{name}}（{{id}}）", "fields": fields("centre")},
            {"name": "county", "label": "全县设置", "files": [
                {"name": "county", "label": load_schema("county", schema_dir).get("title", "county.yml"),
                 "file": f"{folder}/county.yml", "format": "yml", "fields": fields("county")}]},
        ],
    }


def config_text(config: dict) -> str:
    head = "# 由 bianmin 根据 schema/*.json 和 county.yml 生成，不要手改：改 schema，表单跟着变。\n"
    return head + yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=1000)


def write_admin(site_dir: Path, root: Path, repo_url: str | None = None, extra_backend: dict | None = None,
                bundle: Path | None = None, local_port: int | None = None, text: str | None = None) -> str | None:
    """Write site/admin/ (page, config, bundled Decap CMS). Returns a message when the bundle is missing.
    text: config.yml as made before from the same inputs (the site stage keeps it in its cache)."""
    bundle = bundle or BUNDLE
    admin = Path(site_dir) / "admin"
    admin.mkdir(parents=True, exist_ok=True)
    if text is None:
        text = config_text(cms_config(root, repo_url=repo_url, extra_backend=extra_backend, local_port=local_port))
    (admin / "config.yml").write_text(text, "utf-8")
    if not bundle.is_file():
        (admin / "index.html").write_text(ADMIN_PAGE.replace('<script src="decap-cms.js"></script>',
                                                             "<p>网页编辑器还没有装好：请在项目文件夹运行 npm ci，再生成网站。</p>"), "utf-8")
        return NO_BUNDLE.format(path=bundle)
    (admin / "index.html").write_text(ADMIN_PAGE, "utf-8")
    (admin / BUNDLE_NAME).write_bytes(bundle.read_bytes())
    return None


__all__ = ["cms_config", "config_text", "write_admin", "references", "backend"]


def start_local_backend(project: Path, port: int = LOCAL_PORT):
    """decap-server on the working copy (the form's local backend); (process, None) or (None, why not)."""
    import os
    import shutil
    import subprocess

    server = project / LOCAL_SERVER
    if not shutil.which("node") or not server.is_file():
        return None, f"找不到 {LOCAL_SERVER} 或 node：请先在项目文件夹运行 npm ci（make cms 会自动运行）"
    env = dict(os.environ, PORT=str(port), GIT_REPO_DIRECTORY=str(project.resolve()))
    return subprocess.Popen(["node", str(server)], cwd=project, env=env), None
