"""The writers that run while the pages are built (open data, PDFs): their files land in the site,
their errors stop the build, and an error in the pages stops them; the old site stays as it was."""
from __future__ import annotations

import threading

import pytest
from site_support import load, small_catalogue
from support import ROOT

from generator.site import build as site_build
from generator.site import engine


def site_with_old_page(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("old", "utf-8")
    return site


def untouched(site) -> bool:
    return [p.name for p in site.iterdir()] == ["index.html"] and not list(site.parent.glob(".site-*"))


def test_their_files_are_merged_into_the_built_site(tmp_path, monkeypatch):
    root = small_catalogue(tmp_path)
    seen = []

    def writes_data_and_print(catalogue, out_dir, site_url, stop):
        seen.append(threading.current_thread() is not threading.main_thread())
        (out_dir / "data").mkdir()
        (out_dir / "data" / "extra.csv").write_text("a,b\n", "utf-8")
        (out_dir / "print" / "items").mkdir(parents=True)
        (out_dir / "print" / "items" / "x.pdf").write_bytes(b"%PDF")

    monkeypatch.setattr(site_build, "background_writers", lambda: [writes_data_and_print])
    site = tmp_path / "site"
    site_build.build_site(load(root), root, ROOT / "mkdocs.yml", site)
    assert seen == [True]
    assert (site / "data" / "extra.csv").read_text("utf-8") == "a,b\n"
    assert (site / "data" / "index.html").is_file()  # the page about the open data, from the pages stage
    assert (site / "print" / "items" / "x.pdf").read_bytes() == b"%PDF"


def test_a_failing_one_stops_the_build_and_keeps_the_old_site(tmp_path, monkeypatch):
    root = small_catalogue(tmp_path)

    def breaks(catalogue, out_dir, site_url, stop):
        raise RuntimeError("写不下去了")

    monkeypatch.setattr(site_build, "background_writers", lambda: [breaks])
    site = site_with_old_page(tmp_path)
    with pytest.raises(RuntimeError, match="写不下去了"):
        site_build.build_site(load(root), root, ROOT / "mkdocs.yml", site)
    assert untouched(site)


def test_an_error_in_the_pages_stops_them_before_the_temporary_folder_goes(tmp_path, monkeypatch):
    root = small_catalogue(tmp_path)
    stopped = threading.Event()

    def runs_until_stopped(catalogue, out_dir, site_url, stop):
        while not stop.wait(0.05):
            (out_dir / "still-writing").write_text("x", "utf-8")
        stopped.set()
        raise KeyboardInterrupt("stopped")

    def pages_fail(*args):
        raise RuntimeError("网页生成失败")

    monkeypatch.setattr(site_build, "background_writers", lambda: [runs_until_stopped])
    monkeypatch.setattr(engine, "build", pages_fail)
    site = site_with_old_page(tmp_path)
    with pytest.raises(RuntimeError, match="网页生成失败"):
        site_build.build_site(load(root), root, ROOT / "mkdocs.yml", site)
    assert stopped.is_set()
    assert untouched(site)


def test_the_pages_stage_counts_its_pages(tmp_path, monkeypatch, capsys):
    import re

    from generator import commands
    root = small_catalogue(tmp_path)
    catalogue = load(root)
    monkeypatch.setenv("BIANMIN_PROGRESS", "plain")
    monkeypatch.setattr(site_build, "background_writers", lambda: [])
    site = tmp_path / "site"
    assert commands.main(["build", str(root), "--site-dir", str(site), "--config", str(ROOT / "mkdocs.yml")]) == 0
    err = capsys.readouterr().err
    done = re.findall(r"生成网页 (\d+)/(\d+)", err)
    total = int(done[-1][1])
    assert done[0] == ("0", str(total)) and done[-1][0] == str(total)
    pages = [p for p in site.rglob("index.html") if p.parent.name != "admin"]  # /admin/ is the web form
    assert total == len(pages) > len(catalogue.items) + len(catalogue.centres)
    assert "搜索索引 1/1" in err
