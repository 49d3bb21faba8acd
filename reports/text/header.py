"""The metadata a scraped web page puts above a report, and where the report begins.

Three shapes occur in the wild:
- a table flattened with `|`: `索引号: | 1133…/2025-01248 | 文件编号: | |` / `发布机构: | 区司法局 | 成文日期: | 2025-02-21 |`
- `key: value` lines: `标题: …`, `发布时间: 2023-03-31 10:09`, `来源：青海日报`
- a key on one line and its value on the next: `发表时间：` then `2026-02-09 09:45:30`
plus bare timestamps and lines of table debris. Everything up to the last such
line is header; the body starts after it. A title line may stand before,
between or after these lines; it is returned as `标题` when no key names it.

Site chrome copied with the page (`无障碍 简体 繁体`, `今天是：2019年12月3日 星期二`,
`当前位置：首页 > …`, `【字体：大 中 小】 打印 关闭`) is skipped and never read as
the document's metadata: its dates are the day somebody looked at the page.
A page flattened onto one line keeps its `发布时间：… 来源：…` inside that line;
they are read from the stretch before the body's first sentence.

What a reader took from the page itself (HTML `<meta>`, the article's info
bar) arrives as fields of the same names; `with_page_fields` merges them:
the text's own header wins, the page fills the gaps.
"""
from __future__ import annotations

import re

from .types import Header

# Keys that only a page header uses (a report body never starts a line with them).
HEADER_KEYS = (
    "索引号", "文件编号", "文号", "发文字号", "发布机构", "发文机关", "成文日期", "发布日期", "发布时间", "发表时间",
    "公开方式", "公开范围", "公开时限", "主题分类", "体裁分类", "主题词", "标题", "名称", "来源", "信息来源",
    "生效日期", "有效性", "废止日期", "作者", "责任编辑", "浏览次数", "点击数", "访问量", "字号", "分类",
    "组配分类", "公文种类", "所属机构", "信息分类", "更新时间",
)
_KEY = "|".join(sorted(HEADER_KEYS, key=len, reverse=True))
# `key:` with its value up to the next `|`, the next key, or the end of the line.
_PAIR = re.compile(rf"({_KEY})\s*[:：]\s*((?:(?!(?:{_KEY})\s*[:：])[^|\n])*)")
_KEY_ONLY_LINE = re.compile(rf"^\s*({_KEY})\s*[:：]\s*$")
_TIMESTAMP_LINE = re.compile(r"^\s*\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*$")
_DEBRIS_LINE = re.compile(r"^[\s|]*$")
# The document's own date in brackets under its title: `（2024年3月1日）`.
_DATED_LINE = re.compile(r"^\s*[(（]\s*((?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*[)）]\s*$")
# How far down a header may reach: web headers are short; past this the body has begun.
MAX_HEADER_LINES = 30
# A line of site chrome: accessibility and script switches, the date widget, breadcrumbs,
# font/print/share buttons. Only short lines: a flattened report is one long line.
CHROME = re.compile(
    r"无障碍|[简繁][体體]版?(?:\s|\||$)|今天是|星期[一二三四五六日天]|北京时间|当前位置|您的位置|您现在的位置|"
    r"首页\s*[>＞»›]|[>＞»›]\s*正文|字体\s*[:：]?\s*[【\[]?\s*[大中小]|打印(?:本页|此页)?\s*(?:[|】\]]|关闭|$)|"
    r"(?:^|[\s【\[|])关闭(?:本页|窗口)?[】\]]?\s*$|分享到|扫一扫|返回顶部|版权所有|©|Copyright|ICP备|网站标识码|技术支持|"
    r"浏览次数|点击数|阅读量|访问量|更新时间"
)
MAX_CHROME_LINE = 100


def _lines(text: str, limit: int):
    pos = 0
    for _ in range(limit):
        if pos >= len(text):
            return
        end = text.find("\n", pos)
        if end == -1:
            end = len(text)
        yield pos, end
        pos = end + 1


_SUBTITLE_LINE = re.compile(r"^\s*[-—―─]{1,3}\s*\S")  # ——2026年1月27日在…人民代表大会…上
# The delivery line of a speech, with or without its leading dash:
# `2026年1月14日在某市第十七届人民代表大会第五次会议上`.
DELIVERY_LINE = re.compile(
    r"^\s*[-—―─]{0,3}\s*[(（]?\s*(?:(?:19|20)\d{2}|[二〇○零一三四五六七八九]{4})\s*年[^。\n]{1,8}?日\s*在[^。\n]{2,60}?"
    r"(?:代表大会|人大|会议|大会)[^。\n]{0,12}?上\s*[)）]?\s*$"
)
_SPEAKER_LINE = re.compile(r"^\s*\S{0,16}(省长|市长|县长|区长|州长|主席|盟长|旗长|局长|主任|书记)\s*[\u4e00-\u9fff·]{2,5}\s*$")
_CAPTION_LINE = re.compile(r"(摄|供图|图片来源\S*)\s*$")


def parse_header(text: str, norm: str) -> Header:
    """Read the leading page metadata; the body starts at the first line that is none of it."""
    fields: dict[str, str] = {}
    body_start = 0
    pending_key = None
    for start, end in _lines(norm, MAX_HEADER_LINES):
        line = norm[start:end]
        original = text[start:end]
        body_start = start
        if pending_key:
            if line.strip():
                fields.setdefault(pending_key, original.strip().strip("|").strip())
                pending_key = None
            continue
        if key_only := _KEY_ONLY_LINE.match(line):
            pending_key = key_only.group(1)
            continue
        pairs = list(_PAIR.finditer(line))
        if pairs and pairs[0].start() <= 2:
            for pair in pairs:
                value = text[start + pair.start(2):start + pair.end(2)].strip().strip("|").strip()
                fields.setdefault(pair.group(1), value)
            continue
        if _DEBRIS_LINE.match(line) or is_chrome(line):
            continue
        if _TIMESTAMP_LINE.match(line):
            fields.setdefault("时间", line.strip())
            continue
        if dated := _DATED_LINE.match(line):
            fields.setdefault("文档日期", dated.group(1))
            continue
        cleaned = re.sub(r"\s*\|[\s|]*", " ", original).strip()
        # Judged on the shadow (a Traditional 報告 is a 报告), kept as the page writes it.
        if _looks_like_title(re.sub(r"\s*\|[\s|]*", " ", line).strip()):
            # A page often repeats the title (site headline, then the document's own line).
            fields.setdefault("标题", cleaned)
            continue
        if (_SUBTITLE_LINE.match(line) or DELIVERY_LINE.match(line)) and len(line) < 120:
            fields.setdefault("副标题", cleaned)
            continue
        if _SPEAKER_LINE.match(line) or (_CAPTION_LINE.search(line) and len(line) < 160 and start > 0):
            continue
        if len(line) > MAX_CHROME_LINE:
            _inline_pairs(text, norm, start, end, fields)
        break
    else:
        body_start = len(text) if pending_key else body_start
    return Header(fields=fields, body_start=min(body_start, len(text)))


def is_chrome(line: str) -> bool:
    """A short line of the site around the document (see CHROME), not the document."""
    return len(line.strip()) <= MAX_CHROME_LINE and bool(CHROME.search(line))


# On a flattened page the info bar's values end at white space (`发布时间：2024-03-28 10:00 来源：司法部 浏览次数：…`).
_INLINE_PAIR = re.compile(
    rf"({_KEY})\s*[:：]\s*(\d{{4}}[-/.年]\d{{1,2}}[-/.月]\d{{1,2}}日?(?:\s+\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?|[^\s:：|。，,]{{1,40}})"
)


def _inline_pairs(text: str, norm: str, start: int, end: int, fields: dict[str, str]) -> None:
    """`key：value` pairs in the stretch of a long line before its first sentence ends."""
    stop = norm.find("。", start, end)
    stop = min(end, start + 400) if stop == -1 else min(stop, start + 400)
    for pair in _INLINE_PAIR.finditer(norm, start, stop):
        fields.setdefault(pair.group(1), text[pair.start(2):pair.end(2)].strip())


def with_page_fields(head: Header, page: dict[str, str] | None) -> Header:
    """The text's header completed by what the page said about the document (its `<meta>`, info bar).

    The text's own header wins: it is what the document shows its readers; a
    page field only fills a key the text leaves empty.
    """
    if not page:
        return head
    fields = dict(head.fields)
    for key, value in page.items():
        if value and str(value).strip() and not fields.get(key):
            fields[key] = str(value).strip()
    return Header(fields=fields, body_start=head.body_start)


_REPORT_WORDS = re.compile(r"(报告|总结|情况|要点|计划|规划|通报|公报|白皮书|工作|汇报)\s*$")


def _looks_like_title(line: str) -> bool:
    line = line.strip()
    if not (4 <= len(line) <= 80) or "。" in line or "，" in line or line.endswith((":", "：")):
        return False
    return bool(_REPORT_WORDS.search(line))
