"""The search index kept between builds (site/engine/search.py KeptIndex): a site whose pages are
all as before takes the index from the cache (the same bytes Pagefind wrote) without running it;
one changed page runs Pagefind again, and its index holds the new words."""
from __future__ import annotations

from pathlib import Path

import pytest

from generator.site.engine import search

pytestmark = pytest.mark.slow

PAGE = ('<!doctype html><html lang="zh-cn"><head><meta charset="utf-8"><title>{title}</title></head>'
        '<body><nav>导航</nav><main data-pagefind-body><h1>{title}</h1><p>{text}</p></main></body></html>')


def site(folder: Path, texts: dict[str, str]) -> Path:
    for name, text in texts.items():
        path = folder / "items" / name / "index.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(PAGE.format(title=name, text=text), "utf-8")
    (folder / "index.html").write_text(PAGE.format(title="首页", text="便民服务"), "utf-8")
    return folder


def index(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted((folder / "pagefind").rglob("*")) if p.is_file()}


@pytest.fixture
def runs(monkeypatch, tmp_path) -> list[list[str]]:
    monkeypatch.setenv("BIANMIN_CACHE_DIR", str(tmp_path / "cache"))
    found: list[list[str]] = []
    real = search._pagefind
    monkeypatch.setattr(search, "_pagefind", lambda command, *more: found.append(command) or real(command, *more))
    return found


def test_the_index_of_unchanged_pages_comes_from_the_cache_and_a_changed_page_is_indexed_again(tmp_path, runs):
    texts = {"dibao": "最低生活保障申请", "canji": "残疾人两项补贴"}
    first = site(tmp_path / "one", texts)
    search.index_site(first, {"items", ""}, kept=True)
    assert len(runs) == 1 and index(first)

    again = site(tmp_path / "two", texts)  # the next build: a new folder, the same pages
    search.index_site(again, {"items", ""}, kept=True)
    assert len(runs) == 1
    assert index(again) == index(first)

    changed = site(tmp_path / "three", {**texts, "canji": "残疾人两项补贴，新增护理补贴"})
    search.index_site(changed, {"items", ""}, kept=True)
    assert len(runs) == 2 and index(changed) != index(first)
    plain = site(tmp_path / "four", {**texts, "canji": "残疾人两项补贴，新增护理补贴"})
    search.index_site(plain, {"items", ""})  # not kept: Pagefind itself, the same bytes
    assert len(runs) == 3 and index(plain) == index(changed)
