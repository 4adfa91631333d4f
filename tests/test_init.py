"""bianmin init: a new county's project passes the check and builds with no items; and the wheel, installed
into a fresh environment outside the repository, does the same (schemas, templates and site sources travel)."""
from __future__ import annotations

import time

import pytest
import yaml
from county_support import install_wheel

from generator.catalogue.check import check_catalogue
from generator.catalogue.newcounty import county_slug
from generator.commands import main


def test_init_writes_a_project_that_passes_the_check(tmp_path):
    assert main(["init", str(tmp_path / "xian"), "--name", "扶风县", "--area-code", "0917", "--division-code", "610324"]) == 0
    project = tmp_path / "xian"
    county = yaml.safe_load((project / "catalogue" / "county.yml").read_text("utf-8"))
    assert (county["id"], county["name"], county["area_code"], county["division_code"]) == ("fufeng", "扶风县", "0917", "610324")
    assert (county["departments"], county["categories"]) == ([], [])
    assert sorted(p.name for p in (project / "catalogue" / "items").iterdir()) == [".gitkeep"]
    assert check_catalogue(project / "catalogue").problems == []
    workflow = (project / ".github" / "workflows" / "publish.yml").read_text("utf-8")
    assert 'BIANMIN: "bianmin @ git+https://git.example.invalid/bianmin.git@v' in workflow and "@@" not in workflow
    assert "${{ github.sha }}" in workflow  # GitHub's own expressions are left alone
    assert "BIANMIN_SITE_SRC" in (project / "mkdocs.yml").read_text("utf-8")
    assert "扶风县便民服务目录" in (project / "README.md").read_text("utf-8")
    for template in (".github/ISSUE_TEMPLATE/群众反映.yml", ".gitlab/issue_templates/群众反映.md"):
        assert (project / template).read_bytes() == (ROOT / template).read_bytes(), template  # this repository's own


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


@pytest.mark.slow
def test_the_wheel_installed_outside_the_repository_inits_and_builds_a_county(tmp_path):
    """The installed wheel (county_support.install_wheel) → bianmin init → bianmin build, from a folder outside
    the repository; tests/test_county_from_sheet.py goes on to import a sheet."""
    started = time.monotonic()
    bianmin = install_wheel(tmp_path)
    bianmin.run("init", "county", "--name", "测试县", "--area-code", "0917", cwd=tmp_path)
    bianmin.run("check", cwd=tmp_path / "county")
    built = bianmin.run("build", cwd=tmp_path / "county").done
    assert "0 个事项" in built.stdout
    site = tmp_path / "county" / "site"
    assert (site / "index.html").is_file() and (site / "about" / "index.html").is_file()
    assert (site / "data" / "catalogue.schema.json").is_file()
    assert (site / "quality" / "index.html").is_file() and (site / "quality" / "stations.csv").is_file()
    assert (tmp_path / "county" / ".github" / "ISSUE_TEMPLATE" / "群众反映.yml").is_file()
    print(f"\nwheel {bianmin.wheel.stat().st_size / 1024:.0f} KB; wheel, install, init, check and build {time.monotonic() - started:.0f} s")
