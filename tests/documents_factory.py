"""The sample reports as people receive them: saved web pages, Word files and PDFs, made here.

Nothing is committed as a binary: every fixture is generated from a text so
that a test can say "the same data comes out as from the .txt".
"""
from __future__ import annotations

import html
import io

# What a county government's CMS puts around an article (table layout, chrome above and below).
_PAGE = """<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
{charset_meta}
<title>{title_text}_{site}</title>
<meta name="SiteName" content="{site}">
<meta name="ColumnName" content="法治政府建设年度报告">
<meta name="ArticleTitle" content="{meta_title}">
<meta name="PubDate" content="{pubdate}">
<meta name="ContentSource" content="{source}">
<meta name="keywords" content="法治政府,年度报告">
<link rel="canonical" href="{url}">
<link rel="stylesheet" href="/css/style.css">
<style type="text/css">.zoom {{ font-size: 16px; }} body {{ margin: 0 }}</style>
<script type="text/javascript">var pageTitle = "{site}"; document.write("今天是：" + new Date());</script>
</head>
<body>
<div class="top-bar"><span>无障碍</span> <a href="#">简体</a> <a href="#">繁体</a> <span id="today">今天是：2019年12月3日 星期二</span>
<a href="/login">登录</a> <a href="/reg">注册</a></div>
<div class="header"><img src="/images/logo.png" alt="{site}"></div>
<ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/hdjl/">互动交流</a></li>
<li><a href="/bsfw/">办事服务</a></li><li><a href="/zjxx/">走进本市</a></li></ul>
<table width="1000" border="0" cellspacing="0" cellpadding="0" align="center"><tr>
<td class="left" width="220" valign="top">
  <div class="sidebar"><h3>信息公开</h3><ul><li><a href="/a">机构职能</a></li><li><a href="/b">政策文件</a></li>
  <li><a href="/c">法定主动公开内容</a></li><li><a href="/d">法治政府建设年度报告</a></li></ul></div>
</td>
<td valign="top">
  <div class="crumbs">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/fz/">法治政府建设</a></div>
  <div class="article">
    {title_block}
    <div class="info">发布时间：{pubdate}&nbsp;&nbsp;来源：{source}&nbsp;&nbsp;浏览次数：<span id="hits">1024</span>
      &nbsp;&nbsp;字号：[<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>]</div>
    <div class="zoom" id="zoom"><div class="TRS_Editor">
{paragraphs}
    </div></div>
    <div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a> <a href="#">QQ空间</a></div>
    <div class="print"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>
  </div>
</td></tr></table>
<div class="related"><h4>相关链接</h4><ul><li><a href="/x1">2023年法治政府建设年度报告</a></li>
<li><a href="/x2">2022年法治政府建设年度报告</a></li></ul></div>
<div class="footer"><p>主办：{site} 承办：{site}办公室</p><p>网站标识码：4502000001 桂ICP备05000001号 桂公网安备 45020002000001号</p>
<p>版权所有 &copy; 2024 联系电话：0772-2801234</p></div>
<script type="text/javascript" src="/js/common.js"></script>
</body></html>
"""


def page_html(text: str, *, encoding: str = "utf-8", title: str | None = None, pubdate: str = "2025-03-20 10:30",
              source: str = "市司法局", url: str = "https://www.example.gov.cn/zwgk/fz/t20250320_123.html",
              site: str = "某市人民政府门户网站", charset_meta: str = "meta", indent: bool = True) -> bytes:
    """A saved government page whose article holds `text`, one `<p>` per line.

    `title`: shown as the page's headline above the article (and in the
    ArticleTitle meta); None leaves headline and meta title out.
    `charset_meta`: "meta" (`<meta charset>`), "http-equiv", or "" (none: the reader must detect it).
    """
    pad = "\u3000\u3000" if indent else ""
    paragraphs = "\n".join(f"<p style=\"text-indent:2em\">{pad}{html.escape(line)}</p>"
                           for line in text.split("\n") if line.strip())
    declared = {"utf-8": "UTF-8", "gbk": "GBK", "gb2312": "gb2312", "gb18030": "GB18030"}[encoding]
    meta = {
        "meta": f'<meta charset="{declared}">',
        "http-equiv": f'<meta http-equiv="Content-Type" content="text/html; charset={declared}">',
        "": "",
    }[charset_meta]
    page = _PAGE.format(
        charset_meta=meta, title_text=html.escape(title or "信息公开"), site=site, meta_title=html.escape(title or ""),
        pubdate=pubdate, source=source, url=url, paragraphs=paragraphs,
        title_block=f'<h1 class="title">{html.escape(title)}</h1>' if title else "",
    )
    if not title:
        page = page.replace('<meta name="ArticleTitle" content="">\n', "")
    return page.encode(encoding)


def flat_page_html(title: str, body: str, *, encoding: str = "gb18030") -> bytes:
    """An older CMS page: links in a bar, an 信息公开 table of `key：` | value cells, the headline in a
    `div.tit`, and the article as `<br>`-separated lines inside a `<font>` in a layout cell."""
    lines = "<br>\n".join("&nbsp;&nbsp;&nbsp;&nbsp;" + html.escape(line) for line in body.split("\n") if line.strip())
    page = f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>{html.escape(title)}--某市人民政府</title></head>
<body><table width=100%><tr><td><a href=/>首页</a> | <a href=/a>政务公开</a> | <a href=/b>政务服务</a></td></tr></table>
<table class="xxgk"><tr><td>索引号：</td><td>11411500MB1234567X/2024-00012</td><td>发布机构：</td><td>市司法局</td></tr>
<tr><td>成文日期：</td><td>2024-02-29</td><td>发布日期：</td><td>2024-03-05</td></tr></table>
<table width=980><tr><td valign=top>
<div class="tit">{html.escape(title)}</div>
<p>发布日期：2024-03-05 来源：市司法局 【字体：大 中 小】</p>
<font style="font-size:16px">{lines}</font>
<p>【打印本页】【关闭窗口】</p>
</td></tr></table>
<div>版权所有：某市人民政府办公室 地址：某市新七大道 电话：0376-6226000 豫ICP备05007000号</div></body></html>"""
    return page.encode(encoding)


def docx_bytes(text: str, *, title: str | None = None, heading_style: bool = True) -> bytes:
    """A Word file with one paragraph per line; numbered headings get Word's heading styles."""
    import re

    from docx import Document

    doc = Document()
    if title:
        doc.core_properties.title = title
    for line in text.split("\n"):
        if not line.strip():
            continue
        if heading_style and re.match(r"^[一二三四五六七八九十]+、", line) and len(line) < 60:
            doc.add_heading(line, level=1)
        else:
            doc.add_paragraph(line)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def pdf_bytes(text: str, *, title: str | None = None, running_header: str | None = "某市司法局文件",
              page_numbers: bool = True, encrypt: str | None = None, image_only: bool = False) -> bytes:
    """An A4 PDF typeset like a government document: lines wrapped at the measure, paragraphs indented,
    a running header and `- n -` page numbers. Uses reportlab's built-in CID font STSong-Light, so the
    text layer is real Unicode text (what an exported Word file gives).

    `image_only`: the pages carry only drawn shapes, no text (what a scan gives).
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4, encrypt=encrypt)
    if title:
        c.setTitle(title)
    width, height = A4
    left, right, top, bottom, size, leading = 72, width - 72, height - 80, 80, 12, 20
    page = 1

    def start_page():
        if running_header and not image_only:
            c.setFont("STSong-Light", 9)
            c.drawCentredString(width / 2, height - 50, running_header)
        c.setFont("STSong-Light", size)

    def end_page():
        nonlocal page
        if page_numbers and not image_only:
            c.setFont("STSong-Light", 9)
            c.drawCentredString(width / 2, 45, f"- {page} -")
        c.showPage()
        page += 1

    start_page()
    y = top
    for line in text.split("\n"):
        if not line.strip():
            continue
        if image_only:
            c.rect(left, y - 4, (right - left) * 0.8, 10, fill=1)
            y -= leading
            if y < bottom:
                end_page()
                start_page()
                y = top
            continue
        rows = _wrap(line, right - left, size, indent=2 * size)
        for i, row in enumerate(rows):
            x = left + (2 * size if i == 0 else 0)
            # STSong-Light has no glyph for U+00B7 under its Unicode encoding; U+30FB is the same middle
            # dot in the Adobe-GB1 collection and reads back as U+00B7.
            c.drawString(x, y, row.replace("\u00b7", "\u30fb"))
            y -= leading
            if y < bottom:
                end_page()
                start_page()
                y = top
    end_page()
    c.save()
    return out.getvalue()


def _wrap(line: str, measure: float, size: float, indent: float) -> list[str]:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    rows, current, room = [], "", measure - indent
    for ch in line:
        if stringWidth(current + ch, "STSong-Light", size) > room:
            rows.append(current)
            current, room = "", measure
        current += ch
    if current:
        rows.append(current)
    return rows
