"""bianmin init: a new county's project passes the check and builds with no items; and the wheel, installed
into a fresh environment outside the repository, does the same (schemas, templates and site sources travel)."""
from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import time
from pathlib import Path

import pytest
import yaml
from support import ROOT

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


def run(command: list, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=600, env=env)
    assert done.returncode == 0, (command, done.stdout[-2000:], done.stderr[-2000:])
    return done


@pytest.mark.slow
def test_the_wheel_installed_outside_the_repository_inits_and_builds_a_county(tmp_path):
    """pip wheel → a fresh venv (its dependencies taken from this one's site-packages through a .pth file, so
    nothing is downloaded) → bianmin init → bianmin build, from a folder outside the repository."""
    started = time.monotonic()
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path / "wheel"), str(ROOT)], tmp_path)
    wheel = next((tmp_path / "wheel").glob("bianmin-*.whl"))
    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", str(venv)], tmp_path)
    site_packages = next(venv.glob("lib/python3*/site-packages"))
    (site_packages / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", "utf-8")
    run([sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install", "--no-deps", "--no-index", "-q", str(wheel)], tmp_path)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")} | {"BIANMIN_PROGRESS": "off"}
    where = run([str(venv / "bin" / "python"), "-c", "import generator; print(generator.__file__)"], tmp_path, env).stdout
    assert where.startswith(str(site_packages)), where  # the installed copy, not the checkout
    bianmin = str(venv / "bin" / "bianmin")
    run([bianmin, "init", "county", "--name", "测试县", "--area-code", "0917"], tmp_path, env)
    run([bianmin, "check"], tmp_path / "county", env)
    built = run([bianmin, "build"], tmp_path / "county", env)
    assert "0 个事项" in built.stdout
    site = tmp_path / "county" / "site"
    assert (site / "index.html").is_file() and (site / "about" / "index.html").is_file()
    assert (site / "data" / "catalogue.schema.json").is_file()
    assert (site / "quality" / "index.html").is_file() and (site / "quality" / "stations.csv").is_file()
    assert (tmp_path / "county" / ".github" / "ISSUE_TEMPLATE" / "群众反映.yml").is_file()
    print(f"\nwheel {wheel.stat().st_size / 1024:.0f} KB; wheel, install, init, check and build {time.monotonic() - started:.0f} s")
