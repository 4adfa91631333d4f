"""One file format, the one the web form writes: yamlstyle.dump against Decap CMS's own serialiser, and
`bianmin format` that puts files into it."""
from __future__ import annotations

import json
import random
import shutil
import subprocess
from pathlib import Path

import pytest
from support import CATALOGUE, FIXTURES, IN_CI, ROOT

from generator.catalogue.load import load_file
from generator.catalogue.restyle import catalogue_files
from generator.catalogue.validate import inlined
from generator.catalogue.yamlstyle import dump, order
from generator.commands import main

MINI = FIXTURES / "mini"
DECAP_YAML = Path(__file__).with_name("decap_yaml.js")


def data_of(file: Path):
    doc, problems = load_file(file, file.name)
    assert not problems, problems
    return doc.data


# --- what the form writes, written down by hand ----------------------------------------------

def test_phones_and_codes_are_quoted_only_where_yaml_would_read_a_number():
    text = dump({"id": "x", "area_code": "0917", "postal_code": "722200", "supervision_phone": "0917-5212345",
                 "hotline": "12345", "updated": "2026-11-20", "sample_data": True}, "county")
    assert text == ('id: x\narea_code: "0917"\npostal_code: "722200"\nupdated: 2026-11-20\nsample_data: true\n'
                    'supervision_phone: 0917-5212345\nhotline: "12345"\n')


def test_keys_follow_the_schema_at_every_level_and_everything_is_block_style():
    item = {"time_limit": {"promised": {"unit": "工作日", "value": 28}, "legal": {"value": 30, "unit": "工作日"}},
            "name": "最低生活保障", "id": "dibao", "aliases": [], "fee": "不收费", "visits": {"reason": "签字", "count": 1}}
    assert dump(item, "item") == (
        "id: dibao\nname: 最低生活保障\naliases: []\ntime_limit:\n  legal:\n    value: 30\n    unit: 工作日\n"
        "  promised:\n    value: 28\n    unit: 工作日\nvisits:\n  count: 1\n  reason: 签字\nfee: 不收费\n")


def test_lists_of_mappings_multi_line_text_and_blanks():
    item = {"id": "x", "materials": [{"note": "a: b", "name": "申请书"}], "summary": "第一行\n第二行",
            "faq": [{"q": "- 问", "a": None}], "basis": ['"低保办法"第九条']}
    assert dump(item, "item") == (
        'id: x\nsummary: |-\n  第一行\n  第二行\nbasis:\n  - \'"低保办法"第九条\'\nmaterials:\n  - name: 申请书\n'
        '    note: "a: b"\nfaq:\n  - q: "- 问"\n    a: null\n')


def test_long_text_is_folded_at_spaces_past_80_characters_like_the_form():
    words = " ".join(["申请人到村便民服务站提出申请"] * 8)
    text = dump({"id": "x", "summary": words}, "item")
    lines = text.splitlines()
    assert lines[1].startswith("summary: 申请人") and lines[2].startswith("  申请人")
    assert all(len(line) <= 80 for line in lines)
    assert data_of_text(text)["summary"] == words


def data_of_text(text: str):
    from generator.catalogue.load import Document, load_bytes
    doc, problems = load_bytes(text.encode("utf-8"), Document("x.yml"))
    assert not problems
    return doc.data


def test_what_dump_writes_reads_back_as_the_same_data_for_every_catalogue_file():
    for file, kind in catalogue_files(CATALOGUE) + catalogue_files(MINI):
        data = data_of(file)
        assert data_of_text(dump(data, kind)) == data, file


@pytest.mark.parametrize("folder", [CATALOGUE, MINI], ids=["demo", "mini"])
def test_every_catalogue_and_fixture_file_is_in_the_forms_style(folder, capsys):
    """What CI's `bianmin format --check` asks: then a form's first save changes only the edited lines."""
    assert main(["format", str(folder), "--check"]) == 0, capsys.readouterr().out


# --- the real thing: Decap CMS's serialiser ----------------------------------------------------

def decap(documents: list[dict]) -> list[str]:
    """Each document as the web form would save it (tests/decap_yaml.js runs Decap's yaml package)."""
    node = shutil.which("node")
    if not node or not (ROOT / "node_modules" / "decap-yaml").is_dir():
        message = "needs node and decap-yaml, the yaml package Decap CMS writes with (`make test` runs npm ci)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    result = subprocess.run([node, str(DECAP_YAML), str(ROOT)], input=json.dumps(documents), capture_output=True,
                            text=True, encoding="utf-8", check=True, timeout=120)
    assert result.stderr.startswith("yaml 1.10."), result.stderr  # the release Decap CMS 3 writes files with
    return [text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace") for text in json.loads(result.stdout)]


def form_fields(kind: str) -> list[str]:
    """The top-level field order of the form's collection for this kind of file (its config from cms.py)."""
    from generator.site.cms import cms_config
    collections = cms_config(CATALOGUE)["collections"]
    collection = next(c for c in collections if c["name"] == {"county": "county"}.get(kind, kind + "s"))
    fields = collection["files"][0]["fields"] if "files" in collection else collection["fields"]
    return [field["name"] for field in fields]


@pytest.mark.slow
def test_every_catalogue_file_is_byte_for_byte_what_the_form_saves():
    """Open each file in the form and save it unchanged: Decap sorts the top-level keys by the collection's
    fields and keeps the order below, so a file in schema order comes back as the same bytes."""
    files = catalogue_files(CATALOGUE) + catalogue_files(MINI)
    documents = [{"data": order(data_of(file), inlined(kind)), "fields": form_fields(kind)} for file, kind in files]
    saved = decap(documents)
    differ = [str(file.relative_to(ROOT)) for (file, kind), document, text in zip(files, documents, saved)
              if dump(document["data"], kind) != text]
    assert differ == []


@pytest.mark.slow
def test_awkward_text_is_written_exactly_as_the_form_writes_it():
    """Quotes, colons, leading dashes, blank lines, long lines with and without spaces, YAML 1.1 words,
    astral characters, control characters: 1,500 random documents, byte for byte."""
    rng = random.Random(20261207)
    pieces = list("ab 中，：:#-?'\"\n\t\\{}[],&*!|>%@`") + ["  ", "\n\n", " \n", "\n ", "𠀀", "😀", "0917", "yes", "1.5",
                                                           "null", "---", "...", "\x07", "\u2028", "\xa0", "\u3000", "~"]

    def text() -> str:
        size = rng.choice([0, 1, 2, 5, 20, 60, 90, 200])
        return "".join(rng.choice(pieces) if rng.random() < 0.5 else rng.choice(["词", "字字字字", " ", "x" * rng.randint(1, 30)])
                       for _ in range(size))

    def value(depth: int = 0):
        roll = rng.random()
        if depth < 3 and roll < 0.15:
            return {f"k{i}{'x' * rng.randint(0, 20)}": value(depth + 1) for i in range(rng.randint(0, 4))}
        if depth < 3 and roll < 0.3:
            return [value(depth + 1) for _ in range(rng.randint(0, 4))]
        if roll < 0.35:
            return rng.choice([None, True, False, 0, 7, -3, 1.5, 0.25, 123456789012, 2.0])
        return text()

    documents = [{"id": text(), **{f"f{i}": value() for i in range(6)}} for _ in range(1500)]
    saved = decap([{"data": d, "fields": []} for d in documents])
    assert [i for i, (d, t) in enumerate(zip(documents, saved)) if dump(d, "item") != t] == []


# --- bianmin format ---------------------------------------------------------------------------

@pytest.fixture
def mini(tmp_path):
    root = tmp_path / "catalogue"
    shutil.copytree(MINI, root)
    return root


def test_format_check_names_each_file_not_in_the_forms_style_in_chinese(mini, capsys):
    assert main(["format", str(mini)]) == 0
    assert main(["format", str(mini), "--check"]) == 0
    assert "的写法都与网页编辑器保存的一致" in capsys.readouterr().out
    dibao = mini / "items" / "dibao.yml"
    data = data_of(dibao)
    dibao.write_text("# 备注：低保\n" + json.dumps(data, ensure_ascii=False) + "\n", encoding="utf-8")  # JSON is YAML too
    assert main(["format", str(mini), "--check"]) == 1
    out = capsys.readouterr().out
    assert "items/dibao.yml: 写法与网页编辑器保存的不同（有 1 行注释，网页编辑器保存时会去掉）" in out
    assert "1 个文件的写法要改。运行 .venv/bin/bianmin format" in out
    assert "linshi-shenfenzheng" not in out
    assert dibao.read_text("utf-8").startswith("# 备注")  # --check writes nothing

    assert main(["format", str(mini)]) == 0
    assert "items/dibao.yml（去掉了 1 行注释" in capsys.readouterr().out
    assert data_of(dibao) == data and dibao.read_text("utf-8") == dump(data, "item")
    assert main(["format", str(mini), "--check"]) == 0


def test_format_leaves_a_file_it_cannot_read_alone_and_says_so(mini, capsys):
    broken = mini / "items" / "dibao.yml"
    broken.write_text("id: dibao\nname: [unclosed\n", encoding="utf-8")
    assert main(["format", str(mini)]) == 1
    assert "items/dibao.yml: 读不出来，没有改写：请先运行 bianmin check 修好它" in capsys.readouterr().out
    assert broken.read_text("utf-8") == "id: dibao\nname: [unclosed\n"


def test_format_of_a_missing_folder_is_a_usage_error(tmp_path, capsys):
    assert main(["format", str(tmp_path / "nowhere")]) == 2
    assert "找不到文件夹" in capsys.readouterr().err
