"""The parts of printing that need no PDF tools: layout search, site_url, the missing-font warning."""
from __future__ import annotations

import pytest

from generator import paths, printing
from generator.commands import make_parser
from generator.commands import print as print_command
from generator.printing import fonts as print_fonts
from generator.printing.pdf import first_fit


@pytest.mark.parametrize("count", range(1, 7))
def test_first_fit_finds_the_largest_layout_that_fits_from_any_guess(count):
    for answer in range(count + 1):  # answer == count: nothing fits, the last layout is taken
        for guess in range(-1, count + 1):
            tried = []
            found = first_fit(lambda i: tried.append(i) or i >= answer, count, guess)
            assert found == min(answer, count - 1)
            assert len(tried) <= count


def test_site_url_comes_from_mkdocs_yml_even_with_python_tags(tmp_path):
    assert paths.read_site_url(tmp_path) == paths.DEFAULT_SITE_URL
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: 扶风县便民服务\nsite_url: 'https://fufeng.example.org/bm/'\n"
        "markdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n",
        encoding="utf-8")
    assert paths.read_site_url(tmp_path) == "https://fufeng.example.org/bm/"


def test_missing_font_gives_one_chinese_warning_naming_the_debian_package(monkeypatch):
    monkeypatch.setattr(print_fonts, "find_faces", lambda: {})
    printing.pdf_support.cache_clear()
    try:
        warning = printing.pdf_support()
    finally:
        printing.pdf_support.cache_clear()
    assert warning and "Noto Sans CJK SC" in warning and "fonts-noto-cjk" in warning and "apt-get install" in warning


def test_without_the_font_write_pdfs_writes_nothing_and_the_command_says_what_to_install(monkeypatch, tmp_path, capsys):
    from support import CATALOGUE
    monkeypatch.setattr(print_fonts, "find_faces", lambda: {})
    printing.pdf_support.cache_clear()
    try:
        assert printing.write_pdfs(None, tmp_path, "https://x/") == []
        args = make_parser("print").parse_args(["print", str(CATALOGUE), "--out", str(tmp_path)])
        assert print_command.run(args) == 2
    finally:
        printing.pdf_support.cache_clear()
    assert "apt-get install fonts-noto-cjk" in capsys.readouterr().err
    assert not (tmp_path / "print").exists()


def test_first_fit_keeps_a_fitting_guess_when_not_climbing():
    tried = []
    assert first_fit(lambda i: tried.append(i) or i >= 2, 8, 5, climb=False) == 5
    assert tried == [5]
    assert first_fit(lambda i: i >= 6, 8, 5, climb=False) == 6


def test_the_face_is_found_with_or_without_fc_list(monkeypatch):
    from support import require
    require("cjk-font")
    with_fc_list = print_fonts.find_faces()
    monkeypatch.setattr(print_fonts.shutil, "which", lambda name: None)
    assert print_fonts.find_faces() == with_fc_list
    assert set(with_fc_list) == {400, 700}
