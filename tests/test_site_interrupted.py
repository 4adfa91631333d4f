"""A build that is stopped (SIGTERM, Ctrl-C), killed, or runs out of disk leaves the old site as it was."""
from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from site_support import small_catalogue
from support import ROOT

from generator import commands
from generator.site import build as site_build

OLD_PAGE = "<html>the site as it was</html>"


def old_site(folder: Path) -> Path:
    site = folder / "site"
    site.mkdir()
    (site / "index.html").write_text(OLD_PAGE, "utf-8")
    return site


def assert_untouched(site: Path) -> None:
    assert sorted(p.name for p in site.iterdir()) == ["index.html"]
    assert (site / "index.html").read_text("utf-8") == OLD_PAGE
    assert not list(site.parent.glob(".site-*")), list(site.parent.glob(".site-*"))


def test_disk_full_during_a_build_keeps_the_old_site_and_says_so(tmp_path, monkeypatch, capsys):
    root = small_catalogue(tmp_path)
    site = old_site(tmp_path)
    (tmp_path / ".site-new-999999999-stale").mkdir()  # left by a killed build: its process is gone
    (tmp_path / ".site-old-.site-new-999999999-stale").mkdir()
    alive = tmp_path / f".site-new-{os.getppid()}-running"  # another build still running: left alone
    alive.mkdir()

    def fills_the_disk(catalogue, out_dir, site_url, stop):
        (out_dir / "data").mkdir(exist_ok=True)
        (out_dir / "data" / "catalogue.json").write_text("{" * 1000, "utf-8")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(out_dir / "data" / "items.csv"))

    monkeypatch.setattr(site_build, "background_writers", lambda: [fills_the_disk])
    code = commands.main(["build", str(root), "--site-dir", str(site), "--config", str(ROOT / "mkdocs.yml")])
    err = capsys.readouterr().err
    assert code == 4
    assert "磁盘已满" in err and "items.csv" in err and "还是原来的样子" in err
    alive.rmdir()
    assert_untouched(site)


@pytest.mark.slow
@pytest.mark.parametrize("signum, code", [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_stopped_build_removes_its_temporary_folder(tmp_path, signum, code):
    root = small_catalogue(tmp_path)
    site = old_site(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen([sys.executable, "-m", "generator", "build", str(root), "--site-dir", str(site),
                                "--config", str(ROOT / "mkdocs.yml")], cwd=ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               # a runner may start the tests with SIGINT ignored (a background job does), and an
                               # ignored signal stays ignored in the child: give the build the terminal's default
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        deadline = time.monotonic() + 60
        while not list(tmp_path.glob(".site-new-*")) and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert process.poll() is None, "the build ended before it could be stopped"
        time.sleep(0.5)  # inside MkDocs by now
        stopped = time.monotonic()
        process.send_signal(signum)
        out, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == code, err
    assert time.monotonic() - stopped < 5
    assert "已停止生成" in err and "Traceback" not in err
    assert_untouched(site)
