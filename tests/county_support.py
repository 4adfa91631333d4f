"""A county office's path from nothing, as the office runs it: Bianmin's wheel installed into a fresh venv outside
the repository, `bianmin init`, `bianmin import` of a national-layout 实施清单 (tests/fixtures/import/national.py),
`bianmin build`. Shared by tests/test_init.py, tests/test_county_from_sheet.py and benchmarks/county_from_sheet.py.

What the import did is judged from what the office sees: its report (which row became which item, which cells
it named) and the files it wrote, against the expected reading of every cell."""
from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
import sysconfig
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from import_support import Imported, row_problems, silent

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "fixtures" / "import"))
import national as layout  # noqa: E402

__all__ = ["Installed", "install_wheel", "layout", "new_county", "read_import", "judge"]
SUPERVISION_PHONE = "0826-2345600"


@dataclass
class Installed:
    bianmin: str             # the venv's console script
    env: dict                # the environment to run it in (no PYTHONPATH: the installed copy, not the checkout)
    wheel: Path
    site_packages: Path

    def run(self, *argv, cwd: Path, ok: tuple[int, ...] = (0,)) -> Timed:
        """`bianmin ARGV` in cwd; its exit code must be one of `ok`."""
        return timed([self.bianmin, *map(str, argv)], cwd, self.env, ok)


@dataclass
class Timed:
    done: subprocess.CompletedProcess
    wall: float      # seconds
    cpu: float       # user + system seconds of the child


def timed(command: list, cwd: Path, env: dict | None = None, ok: tuple[int, ...] = (0,)) -> Timed:
    before, start = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=3600, env=env)
    wall, after = time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN)
    assert done.returncode in ok, (command, done.returncode, done.stdout[-3000:], done.stderr[-3000:])
    return Timed(done, wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)


def install_wheel(folder: Path) -> Installed:
    """pip wheel → a fresh venv in folder (its dependencies taken from this one's site-packages through a .pth
    file, so nothing is downloaded) → the wheel installed there."""
    run = lambda command: timed(command, folder)  # noqa: E731
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(folder / "wheel"), str(ROOT)])
    wheel = next((folder / "wheel").glob("bianmin-*.whl"))
    venv = folder / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", str(venv)])
    site_packages = next(venv.glob("lib/python3*/site-packages"))
    (site_packages / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", "utf-8")
    run([sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install", "--no-deps", "--no-index", "-q", str(wheel)])
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")} | {"BIANMIN_PROGRESS": "off"}
    where = timed([str(venv / "bin" / "python"), "-c", "import generator; print(generator.__file__)"], folder, env).done.stdout
    assert where.startswith(str(site_packages)), where  # the installed copy, not the checkout
    return Installed(str(venv / "bin" / "bianmin"), env, wheel, site_packages)


def new_county(bianmin: Installed, folder: Path, name: str) -> Path:
    """`bianmin init` 广安区, then the first thing its README asks: the county's own supervision phone in county.yml
    (init writes the national hotline 12345, which an item cannot give as its complaint number)."""
    bianmin.run("init", name, "--name", "广安区", "--area-code", "0826", "--division-code", "511602", cwd=folder)
    county = folder / name / "catalogue" / "county.yml"
    text = county.read_text("utf-8")
    assert 'supervision_phone: "12345"' in text
    county.write_text(text.replace('supervision_phone: "12345"', f'supervision_phone: "{SUPERVISION_PHONE}"'), "utf-8")
    return folder / name


# ---- what the import did, read from its report and the files it wrote ----------------------------------------

CREATED = re.compile(r"^- .*（`([a-z0-9-]+)`）：(\S+) 第 (\d+) 行")
NAMED = re.compile(r"^- (\S+?)!(\S+?)(?: 列第 (\S+) 行（\d+ 处）)?: ")


def read_import(report: str, catalogue: Path, sheet: str = "实施清单") -> Imported:
    """The items the report says each row became (with the level written in the file), county.yml, and the cells
    its notes name."""
    items: dict[int, dict] = {}
    for line in report.splitlines():
        if (found := CREATED.match(line)) and found[2] == sheet:
            items[int(found[3])] = yaml.safe_load((catalogue / "items" / f"{found[1]}.yml").read_text("utf-8"))
    noted: dict[str, list] = {}
    rows: set[int] = set()
    for line in report.splitlines():
        found = NAMED.match(line)
        if not found or found[1] != sheet:
            continue
        cells = [found[2] + row for row in found[3].split("、")] if found[3] else re.findall(r"[A-Z]*\d+", found[2])
        for cell in cells:
            noted.setdefault(cell, []).append(line)
            rows.add(int(re.sub(r"^[A-Z]*", "", cell)))
    county = yaml.safe_load((catalogue / "county.yml").read_text("utf-8"))
    return Imported(items, county, noted, rows, None)


@dataclass
class Judged:
    rows: int                                              # data rows of the sheet
    items: int                                             # of them imported as items
    levels: Counter                                        # level -> items
    silent: Counter = field(default_factory=Counter)       # variant -> silent misreads
    misreads: list = field(default_factory=list)           # the silent misreads, in words
    complete_not_guide: list = field(default_factory=list)  # rows whose cells are complete but did not reach 办事指南
    wrong_level: list = field(default_factory=list)        # rows at another level than their cells allow
    not_items: int = 0                                     # footer, subtotal and blank rows
    not_items_imported: list = field(default_factory=list)
    not_items_unnamed: list = field(default_factory=list)  # skipped without a word (blank rows need none)


def judge(expected: dict, imported: Imported) -> Judged:
    """Every data row against the expected reading of its cells (tests/fixtures/import/national.py)."""
    rows = expected["rows"]
    judged = Judged(len(rows), sum(1 for r in rows if int(r) in imported.items),
                    Counter(imported.items[int(r)].get("level", "办事指南") for r in rows if int(r) in imported.items))
    for variant in {v for r in rows.values() for v in r["variant"].split("+")}:
        judged.silent[variant] += 0
    for row, row_expected in rows.items():
        for problem in silent(row_problems(imported, int(row), row_expected)):
            judged.misreads.append(problem)
            for variant in row_expected["variant"].split("+"):
                judged.silent[variant] += 1
        level = imported.items.get(int(row), {}).get("level", "办事指南")
        if row_expected["level"] == "办事指南" and level != "办事指南":
            judged.complete_not_guide.append(int(row))
        if level != row_expected["level"]:
            judged.wrong_level.append(int(row))
    judged.not_items = len(expected["not_items"])
    judged.not_items_imported = [int(r) for r in expected["not_items"] if int(r) in imported.items]
    judged.not_items_unnamed = [int(r) for r, kind in expected["not_items"].items() if kind != "blank" and int(r) not in imported.rows_noted]
    return judged
