"""The web form at /admin/ (Decap CMS): its config.yml, generated from schema/*.json and county.yml.

Labels and hints come from the schemas' titles and descriptions (hints reworded for a form: fields, not
files and syntax); required fields, patterns, lengths, enums (as selects with Chinese labels), number
ranges and list sizes come from the schemas too, so the form refuses what the checker's schema check would.
References (category, department, situations, common materials, windows, parent centre, excepted items)
are selects of the ids that exist, labelled with their names. A new item or centre starts from what
`bianmin new` writes. `fee` (不收费, or fee items) is the either widget and an amount (a number or words)
the number-or-text widget of bianmin-form.js, which also shows each entry in the preview pane by names
and, under `bianmin serve --cms`, the check problems of the file being edited. A schema change changes
the form with no second edit.

The form is published only where it can work: under `bianmin serve --cms` (the local backend edits the
working copy), or when mkdocs.yml configures a backend that can log in (GitLab: app_id, browser login
with PKCE; GitHub: base_url of the county's OAuth proxy). Decap CMS itself is one file, BUNDLE:
dist/decap-cms.js of the pinned release, checked against its sha512 and put there by
scripts/fetch_decap.py (`make site`); write_admin copies it into site/admin/. Nothing is loaded from
another host.
"""
from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from pathlib import Path
from urllib.parse import urlparse

import yaml

from ..catalogue.scaffold import centre_skeleton, item_skeleton
from ..catalogue.vocab import GO_ZH, STEP_WHO
from ..paths import SCHEMA_DIR

BUNDLE = Path(".cache") / "decap-cms" / "decap-cms.js"  # scripts/fetch_decap.py puts it here
LOCAL_PORT = 8081
LOCAL_PORT_ENV = "BIANMIN_CMS_LOCAL_PORT"  # set by `bianmin serve --cms`: /admin/ then edits the working copy
BUNDLE_NAME = "decap-cms.js"
FORM_SCRIPT = Path(__file__).with_name("cms_form.js")  # published as admin/bianmin-form.js
FORM_SCRIPT_NAME = "bianmin-form.js"
PROBLEMS_PAGE = "/problems/"  # `bianmin serve` lists the check problems there; the preview pane reads it
EITHER, NUMBER_OR_TEXT = "either", "number-or-text"  # the two widgets bianmin-form.js adds
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: the same data, 5× faster at 1,000 items
LONG_TEXT = {"summary", "note", "reason", "a", "description", "sample_note"}
NO_BUNDLE = ("网页编辑器（/admin/）没有生成：找不到 {path}。它是 Decap CMS 的一个文件：装好 npm 后在项目文件夹运行 "
             "`make site`（会取来锁定的版本并核对），再重新生成网站。")
PICK_HINT = "从列表里选。列表里没有的，先在“全县设置”里加上。"
# Schema descriptions speak of YAML (quotes, true, [], county.yml); the form's hints speak of fields.
HINT_WORDS = (
    (r"一定要加引号写成文字，不要写成数字。|都要加引号。|，?必须加引号。?|时间要加引号，|写成带引号的(?:文字|日期)，", ""),
    (r"，?须在 county\.yml 的[^，。]*中定义", ""),
    (r"与 county\.yml 中本层级的窗口标识一致", "选本层级的标准窗口"),
    (r"可以写 ref 引用 county\.yml 中的通用材料，也可以写 name", "可以选一项通用材料，也可以写材料名称"),
    (r"引用 county\.yml 中 materials 的标识，如 id-card", "全县通用的材料，如 身份证"),
    (r"事项里用 ref 引用", "事项里可以直接选"),
    (r"（county\.yml 的 departments 里的 phone）", "（全县设置里各部门的电话）"),
    (r"（\[\]）：bianmin import 会把", "：导入实施清单时会把"),
    (r"（\[\]）", ""),
    (r"没有材料时写 \[\]", "不需要材料时一项也不加"),
    (r"时写 true", "时打开"),
    (r"^true 时", "打开时"),
    (r"不收费时写 不收费；收费时写 items 列表，每项写金额和依据", "不收费就选“不收费”；收费时逐项写收费项目、金额和依据"),
    (r"village（村/社区）、town（镇/街道）、county（县）或 applicant（申请人自己）", "村（社区）、镇（街道）、县，或申请人自己"),
    (r"county（县）、town（镇/街道）或 village（村/社区）", "县、镇（街道）或 村（社区）"),
    (r"一个(事项|中心)一个文件，文件名与 id 相同。", ""),
    (r'"', ""),
)

ADMIN_PAGE = """<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
{problems}<title>编辑服务目录</title>
<style>
/* The login page: no Decap logo; a readable button and link (Decap's pale grey is 3.4:1). */
[class*="AuthenticationPage"] svg, [class*="AuthenticationPage"] img {{ display: none; }}
[class*="LoginButton"], [class*="AuthenticationPage"] button {{ background: #1a3d8f !important; color: #fff !important; }}
[class*="AuthenticationPage"] p, [class*="AuthenticationPage"] a {{ color: #3a3f4a !important; }}
/* The editor: Decap's grey words (3.4 to 3.9:1), the unsaved-changes badge and the publish button readable. */
[class*="AppHeaderButton"]:not(.active), [class*="SidebarNavLink"]:not(.active), [class*="TopDescription"],
[class*="grayText"] {{ color: #4d5564 !important; }}
[class*="textBadgeDanger"] {{ color: #b00020 !important; }}
[class*="PublishButton"] {{ background-color: #0d6170 !important; color: #fff !important; }}
</style>
</head>
<body>
<script src="{bundle}"></script>
<script src="{form}"></script>
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
        hint = plain_hint(node.get("description", ""))
        out: dict = {"name": key, "label": node.get("title") or key, "required": required, **({"hint": hint} if hint else {})}
        options = self.refs.get(_pattern(path))
        kind = node.get("type")
        if "anyOf" in node or "oneOf" in node:
            union = self.either(node, path) or self.texts(node, hint, key)
            return {**out, **union} if union else None  # no form for it: test_cms_config names the field
        if options is not None:
            out.update(widget="select", options=options, hint=PICK_HINT)
        elif "enum" in node:
            out.update(widget="select", options=[_option(v) for v in node["enum"]])
        elif isinstance(kind, list) and set(kind) == {"number", "string"}:
            out.update(widget=NUMBER_OR_TEXT, **_string_rules(node, hint))
        elif kind == "array":
            out.update(self.array(node, path))
        elif kind == "object":
            fields = self.fields(node, path)
            if not required:  # Decap checks the fields of an absent optional object too; the check covers them
                fields = _optional(fields)
            out.update(widget="object", fields=fields, collapsed=False)
        elif kind == "integer" or kind == "number":
            out.update(widget="number", value_type="int" if kind == "integer" else "float")
            out.update({k: node[v] for k, v in (("min", "minimum"), ("max", "maximum")) if v in node})
        elif kind == "boolean":
            out.update(widget="boolean", required=False)
        elif kind == "string":
            out.update(widget="text" if key in LONG_TEXT else "string", **_string_rules(node, hint))
        else:
            return None
        return out

    def either(self, node: dict, path: tuple) -> dict | None:
        """A word or a list of details (fee: 不收费, or items with amount, unit and basis): the form's
        either widget (bianmin-form.js) shows the word as one choice and the details' fields as the other,
        and saves exactly one of the two shapes."""
        branches = [self.resolve(b) for b in node.get("anyOf") or node.get("oneOf") or []]
        words = [b["const"] for b in branches if "const" in b]
        details = [b for b in branches if b.get("type") == "object"]
        if len(words) != 1 or len(details) != 1 or len(branches) != 2:
            return None
        title = node.get("title") or path[-1]
        return {"widget": EITHER, "word": words[0], "details_label": details[0].get("title") or f"{title}（写明下面各项）",
                "fields": self.fields(details[0], path), "collapsed": False}

    def texts(self, node: dict, hint: str, key: str) -> dict | None:
        """One of several kinds of text (supervision_phone: a phone number, or 12345): one text field whose
        pattern accepts what any of them accepts."""
        branches = [self.resolve(b) for b in node.get("anyOf") or node.get("oneOf") or []]
        if not branches or not all(b.get("type") == "string" or isinstance(b.get("const"), str) for b in branches):
            return None
        rules = [f"^{re.escape(b['const'])}$" if "const" in b else _string_rules(b, "").get("pattern", [""])[0] for b in branches]
        widget = "text" if key in LONG_TEXT else "string"
        if "" in rules:  # one kind takes any text
            return {"widget": widget}
        return {"widget": widget, "pattern": ["|".join(f"(?:{rule})" for rule in rules), "格式不对。" + hint]}

    def array(self, node: dict, path: tuple) -> dict:
        items = self.resolve(node.get("items", {}))
        out: dict = {k: node[v] for k, v in (("min", "minItems"), ("max", "maxItems")) if node.get(v)}
        options = self.refs.get(_pattern(path + ("*",)))
        if options is not None or "enum" in items:
            return {**out, "widget": "select", "multiple": True,
                    "options": options if options is not None else [_option(v) for v in items["enum"]]}
        if items.get("type") == "object":
            fields = self.fields(items, path + ("*",))
            return {**out, "widget": "list", "fields": fields, "summary": _summary(fields), "collapsed": False}
        inner = self.field("value", items, True, path + ("*",)) or {"name": "value", "widget": "string"}
        inner["label"] = node.get("title") or "内容"
        inner.pop("hint", None)
        return {**out, "widget": "list", "field": inner, "collapsed": False}


def plain_hint(text: str) -> str:
    """A schema description (written for editing YAML) in the words of a form: fields, not files and syntax."""
    for pattern, words in HINT_WORDS:
        text = re.sub(pattern, words, text)
    return text.strip()


def _option(value) -> dict:
    """A select option: the Chinese word shown, the value saved (tiers are saved as village/town/county)."""
    return {"label": STEP_WHO.get(value) or GO_ZH.get(value, str(value)), "value": value}


def _optional(fields: list[dict]) -> list[dict]:
    """Fields inside an optional object, down through nested objects, as not required."""
    return [dict(f, required=False, **({"fields": _optional(f["fields"])} if f.get("widget") == "object" else {}))
            for f in fields]


def _pattern(path: tuple) -> tuple:
    """('materials', 3, 'ref') and ('materials', '*', 'ref') both → ('materials', '*', 'ref')."""
    return tuple("*" if isinstance(p, int) else p for p in path)


def _string_rules(node: dict, hint: str) -> dict:
    """The schema's pattern and lengths as one Decap pattern: [regex, the Chinese message when it fails]."""
    low, high = node.get("minLength"), node.get("maxLength")
    length = "" if low is None and high is None else f"[\\s\\S]{{{low or 0},{'' if high is None else high}}}"
    if "pattern" not in node and not length:
        return {}
    regex = node.get("pattern", "")
    if length:  # the length as a lookahead before the pattern (which, like the schema's, may match anywhere)
        regex = f"^(?={length}$)" + (f"[\\s\\S]*?(?:{regex})" if regex else "")
    if "pattern" in node:
        words = "格式不对。" + hint
    else:
        words = f"要写 {low} 到 {high} 个字。" if low and high else f"至少要写 {low} 个字。" if low else f"最多写 {high} 个字。"
    return {"pattern": [regex, words]}


def _summary(fields: list[dict]) -> str:
    names = [f["name"] for f in fields if f.get("widget") in ("string", "select", "number", "text")][:3]
    return " · ".join("{{fields." + n + "}}" for n in names)


def _choices(entries, label: str = "name") -> list[dict]:
    """Select options for the ids that exist, labelled with their names (the id added only where two share a name)."""
    listed = [e for e in _listed(entries) if "id" in e]
    names = Counter(e.get(label) for e in listed)
    return [{"label": e["id"] if not e.get(label) else e[label] if names[e[label]] == 1 else f"{e[label]}（{e['id']}）",
             "value": e["id"]} for e in listed]


def _listed(entries) -> list[dict]:
    """The entries of a list in a catalogue file that are mappings (a file with problems may hold anything)."""
    return [e for e in entries if isinstance(e, dict)] if isinstance(entries, list) else []


def defaults(fields: list[dict], skeleton: dict) -> list[dict]:
    """The fields with the values a new file starts from (`bianmin new`'s skeleton) as their defaults."""
    out = []
    for f in fields:
        value = skeleton.get(f["name"]) if isinstance(skeleton, dict) else None
        if f.get("widget") == "object" and isinstance(value, dict):
            f = dict(f, fields=defaults(f["fields"], value))
        elif _filled(value) is not None and f["name"] != "id":
            f = dict(f, default=_filled(value))
        out.append(f)
    return out


def _filled(value):
    """The skeleton's value without its blanks (a blank is for the clerk to fill)."""
    if isinstance(value, dict):
        return {k: _filled(v) for k, v in value.items() if _filled(v) is not None} or None
    if isinstance(value, list):
        return [v for v in (_filled(v) for v in value) if v is not None] or None
    return value


def skeletons(root: Path) -> dict[str, dict]:
    """What `bianmin new item` and `bianmin new centre` write, read back: the form's new files start the same."""
    try:
        county = _load(root / "county.yml")
        return {"item": yaml.safe_load(item_skeleton("new", county)) or {},
                "centre": yaml.safe_load(centre_skeleton("new", {"id": ""})) or {}, "county": {}}
    except (AttributeError, KeyError, TypeError, yaml.YAMLError):  # a county.yml `bianmin check` reports: no defaults
        return {"item": {}, "centre": {}, "county": {}}


def references(root: Path) -> dict[str, dict[tuple, list]]:
    """Per kind of file: field path → the ids that exist (from county.yml and the catalogue's files)."""
    county = _load(root / "county.yml")
    tiers = {k: t for k, t in county["tiers"].items() if isinstance(t, dict)} if isinstance(county.get("tiers"), dict) else {}
    centres = [_load(f) for f in sorted((root / "centres").glob("*.yml"))]
    items = [_load(f) for f in sorted((root / "items").glob("*.yml"))]
    every_window = {w["id"]: w for t in tiers.values() for w in _listed(t.get("windows")) if "id" in w}
    item_refs = {("category",): _choices(county.get("categories")), ("department",): _choices(county.get("departments")),
                 ("situations", "*"): _choices(county.get("situations")), ("materials", "*", "ref"): _choices(county.get("materials"))}
    for tier in ("village", "town", "county"):
        item_refs[("tiers", tier, "window")] = _choices(tiers.get(tier, {}).get("windows"))
    centre_refs = {("parent",): _choices([c for c in centres if c.get("tier") in ("county", "town")]),
                   ("exceptions", "*", "item"): _choices(items), ("windows", "*", "id"): _choices(list(every_window.values()))}
    return {"item": item_refs, "centre": centre_refs, "county": {}}


def _load(path: Path) -> dict:
    """The file's mapping; {} for one the check refuses (serve still writes the form, /problems/ says why)."""
    try:
        data = yaml.load(path.read_text("utf-8"), Loader=_LOADER)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    return data if isinstance(data, dict) else {}


def backend(repo_url: str | None, extra: dict | None = None) -> dict | None:
    """The Decap backend mkdocs.yml configures (plugin option cms_backend), or None when the form could not
    log in: GitLab needs an app_id (browser login with PKCE, no server); GitHub needs base_url, the OAuth
    proxy the county runs. The repository comes from repo_url. Saving opens a pull/merge request."""
    extra = extra or {}
    url = urlparse(repo_url or "")
    repo = url.path.strip("/").removesuffix(".git")
    if not repo or not extra:
        return None
    if "gitlab" in url.netloc or extra.get("name") == "gitlab":
        found = {"name": "gitlab", "repo": repo, "branch": "main", "auth_type": "pkce"}
        if url.netloc != "gitlab.com":  # a self-hosted GitLab
            found.update(api_root=f"{url.scheme}://{url.netloc}/api/v4", base_url=f"{url.scheme}://{url.netloc}")
        needed = "app_id"
    else:
        found, needed = {"name": "github", "repo": repo, "branch": "main"}, "base_url"
    return {**found, **extra} if extra.get(needed) else None


def cms_config(root: Path, schema_dir: Path = SCHEMA_DIR, repo_url: str | None = None, extra_backend: dict | None = None,
               local_port: int | None = None) -> dict:
    """The Decap config. With local_port: the local backend (decap-server on that port) edits the working copy
    directly (no pull request); without: GitHub/GitLab, where saving opens a pull/merge request."""
    refs, starts = references(root), skeletons(root)

    def fields(kind: str) -> list[dict]:
        schema = load_schema(kind, schema_dir)
        return defaults(_Converter(schema, schema_dir, refs[kind]).fields(schema, ()), starts[kind])

    item_schema, centre_schema = load_schema("item", schema_dir), load_schema("centre", schema_dir)
    folder = root.name if root.name == "catalogue" else str(root)
    if local_port:
        mode: dict = {"backend": {"name": "git-gateway"}, "local_backend": {"url": f"http://localhost:{local_port}/api/v1"}}
    else:
        mode = {"backend": backend(repo_url, extra_backend) or {"name": "github", "repo": ""}, "publish_mode": "editorial_workflow"}
    return {
        **mode,
        "locale": "zh_Hans",
        "media_folder": "site_src/assets/uploads",
        "site_url": "/",
        "collections": [
            {"name": "items", "label": "服务事项", "label_singular": "事项", "description": plain_hint(item_schema.get("description", "")),
             "folder": f"{folder}/items", "extension": "yml", "format": "yml", "create": True, "delete": False,
             "slug": "{{fields.id}}", "identifier_field": "name", "summary": "{{name}}", "fields": fields("item")},
            {"name": "centres", "label": "服务中心（站）", "label_singular": "中心", "description": plain_hint(centre_schema.get("description", "")),
             "folder": f"{folder}/centres", "extension": "yml", "format": "yml", "create": True, "delete": False,
             "slug": "{{fields.id}}", "identifier_field": "name", "summary": "{{name}}", "fields": fields("centre")},
            {"name": "county", "label": "全县设置", "files": [
                {"name": "county", "label": load_schema("county", schema_dir).get("title", "全县设置"),
                 "file": f"{folder}/county.yml", "format": "yml", "fields": fields("county")}]},
        ],
    }


def config_text(config: dict) -> str:
    head = "# 由 bianmin 根据 schema/*.json 和 county.yml 生成，不要手改：改 schema，表单跟着变。\n"
    return head + yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=1000)


def wanted(repo_url: str | None, extra_backend: dict | None, local_port: int | None) -> bool:
    """Whether /admin/ is published: under `bianmin serve --cms`, or with a backend that can log in."""
    return bool(local_port) or backend(repo_url, extra_backend) is not None


def write_admin(site_dir: Path, root: Path, repo_url: str | None = None, extra_backend: dict | None = None,
                bundle: Path | None = None, local_port: int | None = None, text: str | None = None) -> str | None:
    """Write site/admin/ (page, config, bundled Decap CMS, bianmin-form.js) where the form can work (wanted),
    else make sure there is none. Returns a message when the bundle is missing.
    text: config.yml as made before from the same inputs (the site stage keeps it in its cache)."""
    bundle = bundle or BUNDLE
    admin = Path(site_dir) / "admin"
    if not wanted(repo_url, extra_backend, local_port):
        shutil.rmtree(admin, ignore_errors=True)
        return None
    admin.mkdir(parents=True, exist_ok=True)
    if text is None:
        text = config_text(cms_config(root, repo_url=repo_url, extra_backend=extra_backend, local_port=local_port))
    (admin / "config.yml").write_text(text, "utf-8")
    if not bundle.is_file():
        (admin / "index.html").write_text("<!doctype html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>编辑服务目录</title>"
                                          "<p>网页编辑器还没有装好：请装好 npm 后在项目文件夹运行 make site。</p></html>\n", "utf-8")
        return NO_BUNDLE.format(path=bundle)
    problems = f'<meta name="bianmin-problems" content="{PROBLEMS_PAGE}">\n' if local_port else ""
    (admin / "index.html").write_text(ADMIN_PAGE.format(problems=problems, bundle=BUNDLE_NAME, form=FORM_SCRIPT_NAME), "utf-8")
    (admin / BUNDLE_NAME).write_bytes(bundle.read_bytes())
    (admin / FORM_SCRIPT_NAME).write_bytes(FORM_SCRIPT.read_bytes())
    return None


__all__ = ["cms_config", "config_text", "write_admin", "references", "backend"]
