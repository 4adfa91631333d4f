"""/feedback/ (这页不对？提意见): the ways a resident reaches a person about a wrong page — phones
first, then the county's SMS number, web form and email where county.yml sets them (`feedback`).

Every page links here as feedback/?page=<its address> (addresses.feedback_page). Without JavaScript
the page lists every channel and the prefilled texts ask the resident to say which page; with it,
bianmin.js (feedbackPage) puts the page's address, and its name when the site's own data knows it,
into the texts and links. The site sends and keeps nothing: the texts go only where the resident
sends them."""
from __future__ import annotations

from urllib.parse import quote

from ..catalogue import addresses
from ..catalogue.model import Catalogue
from .html import esc, front_matter, h1, tel

TITLE = "这页不对？提意见"
UNSAID = "（请写明是哪一页）"


def report_text(catalogue: Catalogue, page: str = UNSAID) -> str:
    """What a prefilled SMS or email says: the page and the data date, nothing about the resident."""
    return f"关于{catalogue.county.name}便民服务网站的这一页：{page}，数据更新于 {catalogue.county.updated}。我要反映："


def sms_link(number: str, text: str) -> str:
    return f"sms:{number}?body={quote(text)}"


def mail_link(address: str, text: str) -> str:
    return f"mailto:{address}?subject={quote('便民服务网站意见')}&body={quote(text)}"


def feedback_page(catalogue: Catalogue) -> str:
    county, channels = catalogue.county, catalogue.county.feedback
    text = report_text(catalogue)
    parts = [front_matter(TITLE, updated=county.updated), h1(TITLE),
             f'<div class="bm-feedback-page" data-bm-feedback data-bm-text="{esc(report_text(catalogue, "{page}"))}">',
             "<p>电话打不通、地址不对、窗口说的和网页上不一样……请告诉我们，工作人员核实后会改正。</p>",
             f'<p data-bm-from hidden>您要反映的页面：<a data-bm-from-link href="{esc(addresses.relative("", 1))}"></a></p>',
             "<h2>打电话</h2>", "<ul>",
             '<li data-bm-centre hidden>这个网点：<span data-bm-centre-name></span> <a data-bm-centre-tel href="tel:"></a></li>',
             f"<li>监督投诉电话：{tel(county.supervision_phone)}</li>"]
    if county.hotline:
        parts.append(f"<li>政务服务便民热线：{tel(county.hotline)}</li>")
    parts.append(f'<li>各便民服务站的电话在<a href="{esc(addresses.relative(addresses.centres_index(), 1))}">服务网点</a>页上。</li>')
    parts.append("</ul>")
    parts.append(department_phones(catalogue))
    parts.extend(written_channels(channels, text))
    parts.append(f'<p class="bm-feedback-say">打电话或留言时，可以这样说：<br><span data-bm-say>{esc(text)}</span></p>')
    parts.append(privacy_note(catalogue))
    parts.append("</div>")
    return "\n".join(parts) + "\n"


def department_phones(catalogue: Catalogue) -> str:
    rows = [f"<li>{esc(d.name)}：{tel(d.phone)}</li>" for d in catalogue.departments if d.phone]
    if not rows:
        return ""
    return "<details><summary>各部门的咨询电话</summary><ul>" + "".join(rows) + "</ul></details>"


def written_channels(channels, text: str) -> list[str]:
    """SMS, web form and email, each only where county.yml sets it."""
    rows = []
    if channels.sms:
        rows.append(f'<li>发短信到 {esc(channels.sms)}：<a class="bm-button" data-bm-sms="{esc(channels.sms)}"'
                    f' href="{esc(sms_link(channels.sms, text))}">写短信</a></li>')
    if channels.web_form:
        rows.append(f'<li>在网上留言：<a href="{esc(channels.web_form)}">{esc(channels.web_form)}</a>（请把下面这句话写进留言）</li>')
    if channels.email:
        rows.append(f'<li>发邮件到 {esc(channels.email)}：<a class="bm-button" data-bm-mail="{esc(channels.email)}"'
                    f' href="{esc(mail_link(channels.email, text))}">写邮件</a></li>')
    return ["<h2>写下来</h2>", "<ul>", *rows, "</ul>"] if rows else []


def privacy_note(catalogue: Catalogue) -> str:
    return ("<h2>您的信息</h2><p>本网站不收集、不保存任何信息，没有统计，也不用别的网站的脚本。"
            "预先写好的只有页面地址和数据日期；留不留姓名和电话由您决定。"
            f"电话、短信、留言和邮件都直接到{esc(catalogue.county.name)}的工作人员那里，只用来核实和改正。</p>")
