"""The 目录问题 page at /problems/, only under `bianmin serve` (never in `bianmin build`): the checker's
problems in Chinese, one row each (file and line, the field, the message that says how to fix it), rewritten
on every save, so the clerk editing in the web form (/admin/ links here) or a text editor sees what the
check refuses. Before the first good build, PLACEHOLDER stands in for the home page."""
from __future__ import annotations

import re
from pathlib import PurePosixPath

from ..catalogue.problems import Problem, visible
from ..catalogue.validate import label
from .html import esc, front_matter

PAGE = "problems/index.md"
ADDRESS = "problems/"
TITLE = "目录检查发现的问题"
_PARTS = re.compile(r"\.([^.\[\]]+)|\[(\d+)\]")
_KINDS = {"items": "item", "centres": "centre"}


def markdown(problems: list[Problem]) -> str:
    errors = [p for p in problems if p.severity == "error"]
    if not problems:
        state = "<p>目录检查通过，没有发现问题。预览显示的是最新保存的内容。</p>"
    elif errors:
        state = (f"<p>目录数据有 {len(errors)} 个问题，涉及 {len({p.file for p in errors})} 个文件，所以预览显示的是"
                 "上次检查通过时的内容。按下表逐个改好并保存，预览和这一页都会自动更新。</p>")
    else:
        state = "<p>目录检查通过，只有下面几条提醒：不影响生成网站，但最好改掉。</p>"
    rows = "".join(_row(p) for p in problems)
    table = ("<table><thead><tr><th>文件和行</th><th>字段</th><th>问题和改法</th></tr></thead>"
             f"<tbody>{rows}</tbody></table>") if problems else ""
    return (front_matter(TITLE) + f'<h1 id="top">{TITLE}</h1>\n\n' + state + "\n\n" + table + "\n\n"
            "<p>这一页只在本机预览（bianmin serve）里有，公开的网站上没有。每个问题的代码在 docs/rules.md 里有详细说明。</p>\n")


def placeholder() -> str:
    """The home page while no build has passed the check yet."""
    return (front_matter("还没有可以预览的网页") + '<h1 id="top">还没有可以预览的网页</h1>\n\n'
            "<p>目录数据有问题，检查一次也没有通过，所以还没有生成网页。</p>\n\n"
            f'<p><a href="{ADDRESS}">查看问题和改法</a>。改好并保存后，这里会自动换成网站的首页。</p>\n')


def _row(problem: Problem) -> str:
    where = f"{problem.file}:{problem.line}"
    kind = "提醒：" if problem.severity != "error" else ""
    return (f"<tr><td><code>{esc(visible(where))}</code></td><td>{esc(_field(problem))}<br><code>{esc(visible(problem.path))}</code></td>"
            f"<td>{kind}{esc(visible(problem.message))} <small>（{esc(problem.code)}）</small></td></tr>")


def _field(problem: Problem) -> str:
    parts = tuple(int(index) if index else key for key, index in _PARTS.findall(problem.path))
    kind = _KINDS.get(PurePosixPath(problem.file).parent.name, "county")
    return label(kind, parts)
