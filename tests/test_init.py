"""bianmin init: a new county's project passes the check. The wheel installed into a fresh environment outside the
repository, init, a build with no items, then an import and a build: tests/test_county_from_sheet.py."""
from __future__ import annotations

import yaml

from generator.catalogue.check import check_catalogue
from generator.catalogue.newcounty import county_slug
from generator.commands import main


def test_init_writes_a_project_that_passes_the_check(tmp_path):
    assert main(["init", str(tmp_path / "xian"), "--name", "扶风县", "--area-code", "0917", "--division-code", "610324"]) == 0
    project = tmp_path / "xian"
    county = yaml.safe_load((project / "catalogue" / "county.yml").read_text("utf-8"))
    assert (county["id"], county["name"], county["area_code"], county["division_code"]) == ("fufeng", "扶风县", "0917", "610324")
    assert (county["departments"], county["categories"]) == ([], [])
    sources = {m["name"]: m["source"] for m in county["materials"]}  # the import reads a material's source from here
    assert sources["居民身份证"] == "政府部门核发" and sources["申请表"] == "申请人自备"
    assert sorted(p.name for p in (project / "catalogue" / "items").iterdir()) == [".gitkeep"]
    assert check_catalogue(project / "catalogue").problems == []
    workflow = (project / ".github" / "workflows" / "publish.yml").read_text("utf-8")
    assert 'BIANMIN: "bianmin @ git+https://git.example.invalid/bianmin.git@v' in workflow and "@@" not in workflow
    assert "${{ github.sha }}" in workflow  # GitHub's own expressions are left alone
    assert "BIANMIN_SITE_SRC" in (project / "mkdocs.yml").read_text("utf-8")
    assert "扶风县便民服务目录" in (project / "README.md").read_text("utf-8")


def test_init_never_overwrites_and_says_what_is_wrong(tmp_path, capsys):
    assert main(["init", str(tmp_path), "--name", "扶风县", "--area-code", "917"]) == 2
    assert "电话区号“917”不对" in capsys.readouterr().err
    assert not (tmp_path / "catalogue").exists()
    assert main(["init", str(tmp_path), "--name", "扶风县", "--area-code", "0917"]) == 0
    assert main(["init", str(tmp_path), "--name", "岐山县", "--area-code", "0917"]) == 2
    assert "不会覆盖" in capsys.readouterr().err
    assert "扶风县" in (tmp_path / "catalogue" / "county.yml").read_text("utf-8")


def test_county_ids_are_pinyin():
    assert county_slug("扶风县") == "fufeng"
    assert county_slug("旌阳区") == "jingyang"
