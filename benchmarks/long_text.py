"""`bianmin check` and `bianmin build` on catalogues whose every free-text field is long.

    .venv/bin/python benchmarks/long_text.py [--source tests/fixtures/mini] [--kb 10] [--no-build]

Two copies of the source catalogue are made:
  - "10 KB": every free-text field (every string the schema limits by maxLength and no pattern)
    holds a --kb KB string (Chinese text, 3 bytes a character in UTF-8). The length limits refuse it: the figures show how fast and
    how clearly (problems reported, output size).
  - "at the limit": every such field is exactly as long as its schema allows; this passes the
    check, so it is the largest site a clerk can build: time, peak memory, page and PDF sizes.
Each command runs in its own process (`python -m generator …`); peak memory is its max RSS.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.catalogue.validate import inlined  # noqa: E402

FILLER = "群众办事一次告知，材料齐全当场受理。"


def free_text_limit(kind: str, path: tuple) -> int | None:
    """maxLength of the free-text field at path, or None for ids, codes, phones, links, enums."""
    node = inlined(kind)
    for part in path:
        branches = [node] + node.get("anyOf", [])
        found = None
        for branch in branches:
            if isinstance(part, int) and isinstance(branch.get("items"), dict):
                found = branch["items"]
            elif isinstance(part, str) and part in branch.get("properties", {}):
                found = branch["properties"][part]
            if found is not None:
                break
        if found is None:
            return None
        node = found
    if "pattern" in node or "enum" in node:
        return None
    return node.get("maxLength")


def text_of_length(length: int) -> str:
    return (FILLER * (length // len(FILLER) + 1))[:length]


def fill(data, kind: str, size: int | None, path: tuple = ()):
    """Every free-text string set to `size` characters (None: to its own schema limit)."""
    if isinstance(data, dict):
        return {k: fill(v, kind, size, path + (k,)) for k, v in data.items()}
    if isinstance(data, list):
        filled = [fill(v, kind, size, path + (i,)) for i, v in enumerate(data)]
        if filled and all(isinstance(v, str) for v in filled):  # keep list items unique (uniqueItems)
            filled = [v if v == data[i] else f"{i}{v}"[: len(v)] for i, v in enumerate(filled)]
        return filled
    if isinstance(data, str):
        limit = free_text_limit(kind, path)
        if limit:
            return text_of_length(size or limit)
    return data


def make_copy(source: Path, out: Path, size: int | None) -> Path:
    shutil.copytree(source, out)
    for path in out.rglob("*.yml"):
        kind = "county" if path.name == "county.yml" else "centre" if path.parent.name == "centres" else "item"
        data = yaml.safe_load(path.read_text("utf-8"))
        path.write_text(yaml.safe_dump(fill(data, kind, size), allow_unicode=True, sort_keys=False, width=10**9), "utf-8")
    return out


def run(args: list[str], cwd: Path) -> tuple[int, float, float, int]:
    """(exit code, seconds, peak MB, bytes of output) of one `python -m generator` process."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-m", "generator", *args], cwd=cwd, env=env, stdout=out, stderr=out)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        return os.waitstatus_to_exitcode(status), seconds, usage.ru_maxrss / 1024, out.tell()


def sizes(site: Path) -> str:
    pages = sorted(site.glob("items/*/index.html"), key=lambda p: p.stat().st_size)
    pdfs = sorted(site.glob("print/**/*.pdf"), key=lambda p: p.stat().st_size)
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    largest = f"largest item page {pages[-1].stat().st_size / 1024:.0f} KB ({pages[-1].parent.name})" if pages else "no item pages"
    pdf = f", largest PDF {pdfs[-1].stat().st_size / 1024:.0f} KB ({pdfs[-1].name}), {len(pdfs)} PDFs" if pdfs else ", no PDFs"
    return f"{largest}{pdf}, site {total / 1024 / 1024:.1f} MB"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--source", default=str(ROOT / "tests" / "fixtures" / "mini"))
    parser.add_argument("--kb", type=int, default=10, help="KB (UTF-8) per field in the first copy")
    parser.add_argument("--no-build", action="store_true", help="only `bianmin check`")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        characters = args.kb * 1024 // 3
        for label, size in ((f"{args.kb} KB ({characters:,} characters) in every field", characters),
                            ("every field at its limit", None)):
            catalogue = make_copy(Path(args.source), work / f"catalogue-{size}", size)
            source_mb = sum(p.stat().st_size for p in catalogue.rglob("*.yml")) / 1024 / 1024
            code, seconds, peak, output = run(["check", str(catalogue)], ROOT)
            print(f"{label} ({source_mb:.1f} MB of YAML): check exit {code}, {seconds:.2f} s, peak {peak:.0f} MB, "
                  f"report {output / 1024:.0f} KB")
            if args.no_build:
                continue
            site = work / f"site-{size}"
            code, seconds, peak, output = run(["build", str(catalogue), "--site-dir", str(site),
                                               "--config", str(ROOT / "mkdocs.yml")], ROOT)
            built = sizes(site) if site.is_dir() else "no site written"
            print(f"{label}: build exit {code}, {seconds:.1f} s, peak {peak:.0f} MB; {built}")


if __name__ == "__main__":
    main()
