"""A saved government web page: the article's text, and what the page says about the document.

Parsed with lxml (libxml2's forgiving HTML parser). Main-content libraries were tried on the table
layouts these sites use and lost paragraph breaks or whole tables, so the choice of the article is
made here, by a rule about where a page keeps its text: starting at <body>, step into the child that
holds most (≥ 60 %) of the page's words that are not link text, as long as that child is itself a
container of blocks; stop where the words spread over several blocks (the paragraphs of the
article). Navigation, sidebars, breadcrumbs and footers are mostly links or little text, so the
walk leaves them behind without knowing any site's class names.

The chrome above an article (`发布时间：… 来源：… 浏览次数：`, an 信息公开 table 索引号 | … |
发布机构 | …) is read with the text header's own rules and returned as page metadata, together
with <meta> ArticleTitle/PubDate/ContentSource/ColumnName/SiteName and the canonical URL.
"""
from __future__ import annotations

import codecs
import re

import lxml.html
from lxml import etree

from ..decode import shadow
from ..header import HEADER_KEYS, parse_header
from ..header import _looks_like_title as looks_like_title
from ..types import ExtractionError

# Elements whose content is never the document's text.
_DROP = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas", "select",
         "option", "button", "input", "textarea", "map", "audio", "video", "head", "nav", "footer", "aside",
         # Ruby annotations: the pinyin over 統 in <ruby>統<rt>tǒng</rt></ruby> is a gloss, not text.
         "rt", "rp")
_BLOCKS = frozenset((
    "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "tr", "table", "tbody", "thead", "tfoot", "h1", "h2", "h3",
    "h4", "h5", "h6", "section", "article", "main", "header", "blockquote", "pre", "center", "form", "figure",
    "figcaption", "address", "hr", "body", "caption", "fieldset",
))
_CELLS = frozenset(("td", "th"))
# Class or id words of page furniture that sits *inside* an article container on many CMSs.
_FURNITURE = re.compile(
    r"(?:^|[\s_-])(share|bdshare|fenxiang|print|dayin|crumbs?|bread\w*|position|location|weizhi|toolbar|"
    r"qrcode|ewm|related|xgxx|xglj|pager|prevnext|sxp|fontsize|zihao)(?:$|[\s_-])",
    re.IGNORECASE,
)
# Lines of chrome at the edges of an article: share and print links, font size, page turns.
_EDGE_CHROME = re.compile(
    r"^\s*(?:【?\s*(?:打印本页|打印|关闭窗口|关闭|收藏|返回顶部|纠错)\s*】?\s*)+$|^\s*(?:分享到|扫一扫|上一篇|下一篇|"
    r"字号[:：]|【字体|责任编辑[:：]|相关链接|相关文章)"
)
# A chrome line `发布时间：… 来源：…`: a header key right at its start.
_KEY_VALUE = re.compile(r"^\s*(?:" + "|".join(HEADER_KEYS) + r")\s*[:：]")
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_CJK = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]")
_SPACE_RUN = re.compile(r"[ \t\r\n\f\v]+")
_META_CHARSET = re.compile(
    rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_:.-]+)", re.IGNORECASE)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_TITLE_SPLIT = re.compile(r"\s*(?:[_|｜]|\s[-—–]\s|--)\s*")
# The <meta> names CMSs (TRS, 政府网站集约化平台, Hanweb …) give the document; first found wins.
_META_KEYS = (
    ("标题", ("articletitle", "og:title", "dc.title")),
    ("发布时间", ("pubdate", "publishdate", "firstpublishedtime", "article:published_time", "dc.date")),
    ("来源", ("contentsource", "source")),
    ("栏目", ("columnname",)),
    ("站点", ("sitename", "og:site_name")),
    ("网址", ("og:url", "url")),
)
# Header keys that chrome shows but that say nothing about the document.
_NOT_METADATA = frozenset(("标题", "副标题", "时间", "浏览次数", "点击数", "访问量", "字号"))
DESCEND_SHARE = 0.6  # a child holding this share of the words is where the article is
# huge_tree: libxml2 otherwise stops at 256 levels and drops the rest of a page of unclosed <font> tags.
_PARSER = lxml.html.HTMLParser(huge_tree=True, remove_comments=True, remove_pis=True)


def read(data: bytes, name: str) -> tuple[str, dict[str, str]]:
    markup = _XML_DECL.sub("", decode_html(data, name), count=1)
    try:
        root = lxml.html.document_fromstring(markup, parser=_PARSER)
    except (etree.ParserError, ValueError) as exc:
        raise ExtractionError(f"{name}：网页无法解析（{exc}）") from exc
    page = _meta_fields(root)
    title_el = root.find(".//title")
    page_title = _TITLE_SPLIT.split(_collapse(title_el.text_content()).strip())[0] if title_el is not None else ""
    for el in list(root.iter(etree.Comment, etree.ProcessingInstruction, *_DROP)):
        _remove(el)
    for el in list(root.iter()):
        # Hidden blocks (a second copy for another screen size, templates) are not what a reader sees.
        if isinstance(el.tag, str) and _HIDDEN.search(el.get("style") or "") and el.getparent() is not None:
            _remove(el)
    body = root.find("body")
    if body is None:
        body = root
    container = _article(body)
    parts = _with_neighbours(container)
    text = _edges_trimmed([line for part in parts for line in _lines(part)])
    chrome = _chrome_fields(body, parts)
    for key, value in chrome.items():
        page.setdefault(key, value)
    headline = _headline(body, parts[0], container)
    if headline:
        page["标题"] = page.get("标题") or headline
        if headline not in "".join(text[:3]):
            # The page shows its headline above the article: a reader reads it as the title line.
            text.insert(0, headline)
    if page_title:
        page["网页标题"] = page_title
        if not page.get("标题") and looks_like_title(page_title):
            page["标题"] = page_title
    return "\n".join(text), page


def decode_html(data: bytes, name: str) -> str:
    """The page's characters: BOM first, then the charset the page declares, then detection."""
    for bom, codec in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(codec, errors="replace").lstrip("\ufeff")
    declared = _META_CHARSET.search(data[:4096])
    if declared:
        label = declared.group(1).decode("ascii", "ignore").lower()
        # Pages that say gb2312 use GBK characters freely; GB18030 is the superset of both.
        codec = "gb18030" if label in ("gb2312", "gbk", "gb18030", "x-gbk", "cp936") else label
        try:
            return data.decode(codec)
        except (LookupError, UnicodeDecodeError):
            pass  # a declaration that lies: detect
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # Every Big5 byte pair is also a GBK pair, so GB18030 "decodes" a Big5 mirror into nonsense without
    # an error: charset-normalizer tells the two apart by what the characters make.
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["gb18030", "big5"]).best()
    if best is not None:
        return str(best)
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise ExtractionError(f"{name}：网页的字符编码无法识别（既不是 UTF-8，也不是 GBK/GB18030 或 Big5）") from None


def _remove(el) -> None:
    parent = el.getparent()
    if parent is None:
        return
    # Keep the text that follows the removed element (lxml stores it on the element as its tail).
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _is_furniture(el) -> bool:
    words = f"{el.get('class', '')} {el.get('id', '')}"
    return bool(words.strip()) and bool(_FURNITURE.search(words))


def _weights(root) -> dict:
    """Words (CJK characters and alphanumerics) outside links, per element. Iterative: a page of
    unclosed <font> tags nests deeper than Python's recursion allows."""
    weights: dict = {}
    # Document order lists a parent before its children: reversed, every child is counted first.
    for el in reversed(list(root.iter())):
        if not isinstance(el.tag, str):
            continue
        own = 0 if el.tag == "a" else _count(el.text)
        for child in el:
            own += weights.get(child, 0) + _count(child.tail)
        weights[el] = own
    return weights


def _count(text) -> int:
    return sum(1 for ch in text if ch.isalnum()) if text else 0


def _has_blocks(el) -> bool:
    return any(isinstance(c.tag, str) and (c.tag in _BLOCKS or c.tag in _CELLS) for c in el.iter() if c is not el)


def _article(body):
    weights = _weights(body)
    node = body
    while True:
        children = [c for c in node if isinstance(c.tag, str) and not _is_furniture(c)]
        if not children or weights[node] == 0:
            return node
        best = max(children, key=lambda c: weights[c])
        share = weights[best] / weights[node]
        if share >= 0.98 or (share >= DESCEND_SHARE and _has_blocks(best)):
            node = best
        else:
            return node


def _lines(container) -> list[str]:
    """The container's text, one line per block; cells of a table row joined by ` | `."""
    lines: list[str] = []
    buf: list[str] = []

    def flush():
        line = _collapse("".join(buf)).strip(" \u3000\xa0")
        buf.clear()
        if line:
            lines.append(line)

    # Depth-first with an explicit stack (see _weights): ("open", el) then its children then ("close", el).
    stack = [("open", container)]
    while stack:
        event, el = stack.pop()
        tag = el.tag if isinstance(el.tag, str) else ""
        if event == "close":
            if tag in _BLOCKS:
                flush()
            if el.tail and el is not container:
                buf.append(el.tail)
            continue
        if tag and el is not container and _is_furniture(el):
            if el.tail:
                buf.append(el.tail)
            continue
        if tag == "br" or tag in _BLOCKS:
            flush()
        elif tag in _CELLS and buf and "".join(buf).strip():
            buf.append(" | ")
        if el.text and tag:
            buf.append(el.text)
        stack.append(("close", el))
        stack.extend(("open", child) for child in reversed(el))
    flush()
    return lines


def _with_neighbours(container) -> list:
    """The article and the blocks beside it that continue it: a lead paragraph a CMS keeps apart, the
    signature and date under the text. Up to two levels up, siblings are taken while they read like
    report text (a sentence, a date line, a short line before one) and stop at furniture or links."""
    parts = [container]
    node = container
    for _ in range(2):
        parent = node.getparent()
        if parent is None or parent.tag == "body":
            break
        before = _continuing(node.itersiblings(preceding=True))
        after = _continuing(node.itersiblings())
        parts = list(reversed(before)) + parts + after
        if not before and not after:
            node = parent
            continue
        break
    return parts


_SENTENCE = re.compile(r"[\u3400-\u9fff][^。！？；]{8,}[。！？；]")
_DATE_LINE = re.compile(r"^\s*(?:\d{4}|[〇零一二三四五六七八九]{4})\s*年\s*\S{1,3}\s*月\s*\S{1,3}\s*日\s*$")


def _continuing(siblings) -> list:
    taken, pending = [], []
    for sib in siblings:
        if not isinstance(sib.tag, str):
            continue
        if _is_furniture(sib) or sib.tag in ("h1", "h2", "h3", "ul", "ol", "form", "iframe"):
            break
        text = _collapse(sib.text_content()).strip(" \u3000")
        if not text:
            continue
        links = sum(len(a.text_content()) for a in sib.iter("a"))
        if links > 0.3 * len(text) or _EDGE_CHROME.search(text) or _KEY_VALUE.match(text):
            break
        if any(_SENTENCE.search(line) or _DATE_LINE.match(line) for line in _lines(sib)):
            taken += pending + [sib]
            pending = []
        elif len(text) <= 30:
            pending.append(sib)  # a signature line, kept if a sentence or a date follows
        else:
            break
    return taken


def _collapse(text: str) -> str:
    """HTML white space: runs become one space, and a run holding a line break between two Chinese
    characters disappears (CSS Text 3's segment-break rule; the source wrapped a sentence)."""
    def one(match):
        start, end = match.start(), match.end()
        run = match.group(0)
        if "\n" in run or "\r" in run:
            before = text[start - 1] if start else ""
            after = text[end] if end < len(text) else ""
            if before and after and _CJK.match(before) and _CJK.match(after):
                return ""
        return " "
    return _SPACE_RUN.sub(one, text.replace("\xa0", " "))


def _edges_trimmed(lines: list[str]) -> list[str]:
    while lines and _EDGE_CHROME.search(lines[-1]):
        lines.pop()
    while lines and _EDGE_CHROME.search(lines[0]):
        lines.pop(0)
    return lines


def _meta_fields(root) -> dict[str, str]:
    metas = {}
    for meta in root.iter("meta"):
        key = (meta.get("name") or meta.get("property") or "").strip().lower()
        if key and (content := _collapse(meta.get("content") or "").strip()):
            metas.setdefault(key, content)
    fields = {}
    for field, names in _META_KEYS:
        for meta_name in names:
            if metas.get(meta_name):
                fields[field] = metas[meta_name]
                break
    for link in root.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and (href := (link.get("href") or "").strip()):
            fields["网址"] = href
            break
    if not fields.get("网址", "").startswith(("http://", "https://")):
        fields.pop("网址", None)
    return fields


def _chrome_fields(body, parts) -> dict[str, str]:
    """Header keys the page shows outside the article (`发布时间：… 来源：…`, an 信息公开 table)."""
    fields: dict[str, str] = {}
    # Render the page without the article, so its chrome reads as lines of `key: value`.
    placed = [(part, part.getparent()) for part in parts if part.getparent() is not None]
    spots = [(part, parent, parent.index(part)) for part, parent in placed]
    for part, parent, _ in spots:
        parent.remove(part)
    try:
        chrome = _lines(body) if spots else []
    finally:
        for part, parent, index in reversed(spots):
            parent.insert(index, part)
    for line in chrome:
        if len(line) > 300:
            continue
        found = parse_header(line, shadow(line)).fields
        for key, value in found.items():
            value = _VALUE_TAIL.sub("", value).strip()
            if key not in _NOT_METADATA and value:
                fields.setdefault(key, value)
    return fields


def _headline(body, first, container) -> str:
    """The document's headline shown above the article: the last <h1>/<h2> or *title* block before it
    (the last, because sidebars put their own headings earlier on the page)."""
    found = ""
    for el in body.iter():
        if el is first or el is container:
            break
        if not isinstance(el.tag, str) or el.tag == "a" or _is_container_ancestor(el, container):
            continue
        classes = f"{el.get('class', '')} {el.get('id', '')}".lower()
        if el.tag in ("h1", "h2") or _TITLE_CLASS.search(classes):
            text = _collapse(el.text_content()).strip(" \u3000")
            if 6 <= len(text) <= 120 and not text.endswith(("：", ":")):
                found = text
    return found


_TITLE_CLASS = re.compile(r"(?:^|[\s_-])(?:tit\w*|biaoti\w*|bt|headline\w*|art_?tit\w*)(?:$|[\s_-])")
# What trails a value in a chrome line: font-size switches, print links (`来源：市司法局 【字体：大 中 小】`).
_VALUE_TAIL = re.compile(r"\s*[【\[].*$")


def _is_container_ancestor(el, container) -> bool:
    node = container.getparent()
    while node is not None:
        if node is el:
            return True
        node = node.getparent()
    return False
