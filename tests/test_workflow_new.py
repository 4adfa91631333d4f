"""`bianmin new`: skeletons in the form's style that pass the checker once their blanks are filled, and never overwrite."""
from __future__ import annotations

import re
import shutil

import pytest
import yaml
from support import FIXTURES

from generator.catalogue.check import check_catalogue
from generator.commands import main

MINI = FIXTURES / "mini"
BLANK = re.compile(r"^(?P<indent>\s*)(?:(?P<dash>-) null|(?:- )?(?P<key>[a-z_]+): null)$")
KEY = re.compile(r"^(\s*)(?:- )?([a-z_]+):")

# (parent key, key) -> what an editor would write into that blank
ITEM_FILL = {
    (None, "name"): "高龄津贴", (None, "category"): "social-assistance", (None, "department"): "county-civil-affairs",
    (None, "type"): "行政给付", (None, "summary"): "80 周岁以上老人按月领取高龄津贴。",
    ("basis", "-"): "《陕西省高龄老人生活保健补贴办法》第五条", ("conditions", "-"): "本县户籍、年满 80 周岁的老年人",
    ("materials", "name"): "高龄津贴申请表",
    ("village", "window"): "civil-affairs", ("town", "window"): "civil-affairs", ("county", "window"): "civil-affairs",
    ("county", "days"): "5", ("steps", "description"): "到户籍所在村便民服务站申请", ("steps", "days"): "5",
    ("legal", "value"): "20", ("promised", "value"): "15", ("visits", "reason"): "需本人到场核验身份",
    ("result", "name"): "高龄津贴（按月发放）", ("phones", "consult"): "0917-5211203",
}
CENTRE_FILL = {(None, "name"): "天度镇西村便民服务站", (None, "address"): "天度镇西村村委会（示例地址）",
               (None, "phone"): "0917-5310199"}


@pytest.fixture
def catalogue(tmp_path):
    root = tmp_path / "catalogue"
    shutil.copytree(MINI, root)
    return root


def blanks(text: str) -> list[tuple[int, tuple]]:
    """(line number, (parent key, key)) of every blank (null); '-' stands for a blank list entry."""
    lines = text.splitlines()
    found = []
    for number, line in enumerate(lines):
        match = BLANK.match(line)
        if match:
            column = len(match["indent"]) + (2 if line.lstrip().startswith("- ") else 0)
            found.append((number + 1, (_parent(lines, number, column), match["key"] or "-")))
    return found


def _parent(lines: list[str], number: int, column: int) -> str | None:
    for line in reversed(lines[:number]):
        match = KEY.match(line)
        if match and len(match[1]) + (2 if line.lstrip().startswith("- ") else 0) < column:
            return match[2]
    return None


def fill(text: str, answers: dict) -> str:
    lines = text.splitlines()
    for number, where in blanks(text):
        if where not in answers:
            pytest.fail(f"the skeleton has a blank the test does not know how to fill: line {number} {where}")
        lines[number - 1] = lines[number - 1].removesuffix("null") + answers[where]  # as a clerk types over it
    return "\n".join(lines) + "\n"


def test_item_skeleton_fails_on_every_blank_and_passes_once_filled(catalogue, capsys):
    assert main(["new", "item", "gaoling-jintie", "--path", str(catalogue)]) == 0
    file = catalogue / "items" / "gaoling-jintie.yml"
    out = capsys.readouterr().out
    assert "已创建" in out
    text = file.read_text("utf-8")
    assert main(["format", str(catalogue), "--check"]) == 0  # the form's style: its first save changes nothing else

    problems = [p for p in check_catalogue(catalogue).problems if p.file.endswith("gaoling-jintie.yml")]
    assert {line for line, _ in blanks(text)} == {p.line for p in problems}
    assert len(blanks(text)) >= 15

    file.write_text(fill(text, ITEM_FILL), "utf-8")
    result = check_catalogue(catalogue)
    assert result.ok, [p.text() for p in result.problems]
    assert main(["format", str(catalogue), "--check"]) == 0  # filled in plainly, still in the form's style
    assert "social-assistance（民政救助）" in out and "tiers.town.window 窗口：" in out  # choices from this county.yml


def test_centre_skeleton_passes_once_filled(catalogue):
    assert main(["new", "centre", "tiandu-xicun", "--town", "tiandu", "--path", str(catalogue)]) == 0
    file = catalogue / "centres" / "tiandu-xicun.yml"
    text = file.read_text("utf-8")
    assert yaml.safe_load(text)["parent"] == "tiandu"
    assert not check_catalogue(catalogue).ok
    file.write_text(fill(text, CENTRE_FILL), "utf-8")
    result = check_catalogue(catalogue)
    assert result.ok, [p.text() for p in result.problems]
    assert main(["format", str(catalogue), "--check"]) == 0


def test_existing_file_is_never_overwritten(catalogue, capsys):
    dibao = catalogue / "items" / "dibao.yml"
    before = dibao.read_bytes()
    assert main(["new", "item", "dibao", "--path", str(catalogue)]) == 2
    assert "不会覆盖" in capsys.readouterr().err
    assert dibao.read_bytes() == before
    assert main(["new", "centre", "dibao", "--town", "tiandu", "--path", str(catalogue)]) == 2  # ids are shared
    assert not (catalogue / "centres" / "dibao.yml").exists()


@pytest.mark.parametrize("ident", ["高龄津贴", "Gaoling", "gaoling jintie", "gaoling_jintie", "gaoling-", "gaoling--jintie"])
def test_bad_id_is_a_usage_error_in_chinese(catalogue, capsys, ident):
    files = sorted(catalogue.rglob("*"))
    assert main(["new", "item", ident, "--path", str(catalogue)]) == 2
    assert "标识" in capsys.readouterr().err
    assert sorted(catalogue.rglob("*")) == files


@pytest.mark.parametrize("town, message", [(None, "--town"), ("fufeng", "不是镇"), ("nowhere", "不是镇")])
def test_centre_needs_an_existing_town(catalogue, capsys, town, message):
    args = ["new", "centre", "tiandu-xicun", "--path", str(catalogue)] + (["--town", town] if town else [])
    assert main(args) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not (catalogue / "centres" / "tiandu-xicun.yml").exists()


def test_missing_catalogue_is_a_usage_error(tmp_path, capsys):
    assert main(["new", "item", "gaoling-jintie", "--path", str(tmp_path)]) == 2
    assert "county.yml" in capsys.readouterr().err
